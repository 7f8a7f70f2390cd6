"""The edition's ISBNs from the book's metadata (issue 18, item 1: the audit's `identifiers`):
EPUB `dc:identifier` (EPUB 3's `urn:isbn:` and ONIX-refined, EPUB 2's `opf:scheme`), DOCX core
and custom properties, Markdown front matter (`isbn`, pandoc's `identifier` entries); only
numbers whose check digit holds, and a bare number only when it can only be an ISBN."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from books import STOCK, markdown_book, write_book
from docx_builders import build_docx
from epub_builders import build_epub
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.audit.work import AuditOptions, audit_one
from disclosure_lint.config import Config
from disclosure_lint.readers import read_manuscript
from disclosure_lint.readers.identifiers import isbn

ISBN13 = "9780306406157"
ISBN10 = "0306406152"


@pytest.mark.parametrize(("value", "scheme", "expected"), [
    ("urn:isbn:978-0-306-40615-7", None, f"isbn:{ISBN13}"),
    ("ISBN 978 0 306 40615 7", None, f"isbn:{ISBN13}"),
    ("9780306406157", None, f"isbn:{ISBN13}"),  # Bookland: only an ISBN starts so
    ("978\u20110306406157".replace("\u2011", "-"), None, f"isbn:{ISBN13}"),
    ("0-306-40615-2", "ISBN", f"isbn:{ISBN10}"),
    ("urn:isbn:0306406152", None, f"isbn:{ISBN10}"),
    ("080442957X", "isbn-10", "isbn:080442957X"),
    ("0306406152", None, None),  # ten digits and no word that they are an ISBN
    ("9780306406158", None, None),  # check digit wrong
    ("urn:uuid:00000000-0000-4000-8000-000000000000", None, None),
    ("4006381333931", None, None),  # an EAN that is not a book's
])
def test_an_identifier_is_an_isbn_only_when_it_can_only_be_one(value: str, scheme: str | None,
                                                              expected: str | None) -> None:
    assert isbn(value, scheme) == expected


def test_epub_identifiers(tmp_path: Path) -> None:
    meta = (f'<dc:identifier id="isbn13">{ISBN13}</dc:identifier>'
            '<meta refines="#isbn13" property="identifier-type" scheme="onix:codelist5">15</meta>'
            f'<dc:identifier>urn:isbn:{ISBN10}</dc:identifier>'
            '<dc:identifier>urn:isbn:9780306406158</dc:identifier>')
    book = build_epub(tmp_path / "b.epub", [("ch1", "chapter", "<h1>Chapter 1</h1><p>Once.</p>")], metadata_xml=meta)
    assert read_manuscript(book).metadata.identifiers == (f"isbn:{ISBN13}", f"isbn:{ISBN10}")
    old = build_epub(tmp_path / "c.epub", [("ch1", "chapter", "<h1>Chapter 1</h1><p>Once.</p>")], version=2,
                     metadata_xml='<dc:identifier opf:scheme="ISBN">0-306-40615-2</dc:identifier>')
    assert read_manuscript(old).metadata.identifiers == (f"isbn:{ISBN10}",)


def _add_custom_xml(path: Path, properties: dict[str, str]) -> None:
    with zipfile.ZipFile(path) as zin:
        members = [(info.filename, zin.read(info)) for info in zin.infolist()]
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="{name}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property>" for i, (name, value) in enumerate(properties.items(), 2))
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
              f"{props}</Properties>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members:
            if name == "_rels/.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'))
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'))
            zout.writestr(name, data)
        zout.writestr("docProps/custom.xml", custom)


def test_docx_identifiers(tmp_path: Path) -> None:
    import docx

    path = build_docx(tmp_path / "b.docx", ["Chapter 1", "Once upon a time."], author="Jordan Vale")
    document = docx.Document(str(path))
    document.core_properties.identifier = f"ISBN {ISBN13}"
    document.save(str(path))
    _add_custom_xml(path, {"ISBN-10": ISBN10, "Print ISBN": "9780306406158", "Editor": "0306406152"})
    assert read_manuscript(path).metadata.identifiers == (f"isbn:{ISBN13}", f"isbn:{ISBN10}")


@pytest.mark.parametrize("front", [
    "isbn: 978-0-306-40615-7\n",
    f"isbn: {ISBN13}\n",  # YAML reads it as a number
    "identifier:\n  - scheme: ISBN-13\n    text: 978-0-306-40615-7\n  - scheme: DOI\n    text: 10.1000/182\n",
    f"identifier: urn:isbn:{ISBN13}\n",
])
def test_markdown_front_matter_identifiers(tmp_path: Path, front: str) -> None:
    text = markdown_book(STOCK).replace("---\n", "---\n" + front, 1)
    assert text.startswith("---\n"), "the test book has front matter"
    book = write_book(tmp_path, text)
    assert read_manuscript(book).metadata.identifiers == (f"isbn:{ISBN13}",)


def test_the_audit_row_has_the_metadatas_isbns_then_the_printed_ones(tmp_path: Path) -> None:
    copyright_page = "<h1>Copyright</h1><p>Copyright 2026 Ada Writer.</p><p>ISBN 978-0-306-40615-7 (paperback)</p>"
    meta = '<dc:identifier>urn:isbn:9781861972712</dc:identifier>'
    book = build_epub(tmp_path / "b.epub", [("copyright", "copyright-page", copyright_page), ("ch1", "chapter", "<h1>Chapter 1</h1><p>Once.</p>")], metadata_xml=meta)
    row = audit_one(str(book), AuditOptions(Config()))
    assert row.identifiers == ("isbn:9781861972712", f"isbn:{ISBN13}")


def _isbn_read_in_full(value: str, scheme: str | None) -> str | None:
    """`isbn` as it read every identifier before an identifier with too few digits was turned
    away unread (the patterns compiled for each)."""
    from disclosure_lint.readers import identifiers

    text = value.strip()
    said = bool(scheme and "isbn" in scheme.lower())
    prefixed = identifiers._PREFIX.match(text)
    if prefixed:
        text, said = text[prefixed.end():], True
    digits = identifiers._SEPARATORS.sub("", text).upper()
    if not identifiers.valid_isbn(digits):
        return None
    if len(digits) == 13 and not (said or digits.startswith(("978", "979"))):
        return None
    if len(digits) == 10 and not said:
        return None
    return f"isbn:{digits}"


_PIECES = st.sampled_from(["urn:", "isbn", "ISBN-13", "isbn-10:", ":", " ", "-", "\u2010", "\u00a0", "X", "x",
                           "978", "979", "0306406152", "030640615", "9780306406157", "1", "7", "٣", "²",
                           "url:https://standardebooks.org/ebooks/a-b", "uuid:", "c0ffee"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=8).map("".join), st.sampled_from([None, "ISBN", "URL", "isbn-13"]))
def test_an_identifier_with_few_digits_reads_as_when_read_in_full(value: str, scheme: str | None) -> None:
    assert isbn(value, scheme) == _isbn_read_in_full(value, scheme)


@pytest.mark.parametrize("value", ["030640615X", "urn:isbn:0-306-40615-2", "ISBN-13: 978-0-306-40615-7",
                                   "url:https://standardebooks.org/ebooks/robert-louis-stevenson/dr-jekyll"])
def test_identifiers_at_the_edge_of_the_digit_count(value: str) -> None:
    for scheme in (None, "ISBN"):
        assert isbn(value, scheme) == _isbn_read_in_full(value, scheme)
    assert isbn("0-306-40615-2", "ISBN") == f"isbn:{ISBN10}"


@pytest.mark.parametrize("value", ["030640615211²", "978030640615²", "03064061²X"])
def test_a_digit_int_does_not_read_is_no_isbn(value: str) -> None:
    """"²" is a digit (`str.isdigit`) but not a decimal one: no ISBN, and no traceback."""
    assert isbn(value, "ISBN") is None
