"""The characters an XML document's text can hold, read from its bytes (`readers.xml_chars`)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from disclosure_lint.chars import characters
from disclosure_lint.readers.epub.markup import entities_as_references
from disclosure_lint.readers.xml_chars import document_chars

PIECES = ["a", " ", "\n", "\t", "\r", "\r\n", "\u00a0", "\u2009", "\u2019", "\u202e", "é", "&amp;", "&lt;",
          "&nbsp;", "&#8203;", "&#x2028;", "<b>", "</b>", "<!-- \u3000 -->", "<![CDATA[\u2003]]>"]


def _text(data: bytes) -> str:
    root = etree.fromstring(entities_as_references(data), etree.XMLParser(resolve_entities=False))
    return "".join(root.itertext())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from(["", '<?xml version="1.0" encoding="utf-8"?>\n']))
def test_the_text_holds_no_character_its_bytes_do_not(pieces: list[str], declaration: str) -> None:
    body = "".join(pieces).replace("<b>", "<b/>").replace("</b>", "")  # elements, none left open
    data = f'{declaration}<p xmlns="http://www.w3.org/1999/xhtml">{body}</p>'.encode()
    found = document_chars(data)
    text = _text(data)
    if found is None:
        assert "&#" in body or "&nbsp;" in body
    else:
        assert characters(text) <= found


@pytest.mark.parametrize("data", [
    b"<p>a&#160;b</p>", b"<p>a&#xA0;b</p>", b"<p>a&nbsp;b</p>",
    '<?xml version="1.0" encoding="iso-8859-1"?><p>caf\u00e9</p>'.encode("latin-1"),
    "<p>caf\u00e9</p>".encode("utf-16"), "<p>caf\u00e9</p>".encode("utf-16-le"),
    b"<p>\xff\xfe</p>",
])
def test_unknown_where_the_bytes_do_not_say(data: bytes) -> None:
    assert document_chars(data) is None


@pytest.mark.parametrize("declaration", [
    b'<?xml version="1.0" encoding="windows-1252"?>', b"<?xml version='1.0' encoding = 'UTF-16' ?>",
    b'<?xml version="1.0" encoding=utf-8?>', b'<?xml version="1.0" encoding="utf-8',
])
def test_unknown_where_another_encoding_is_declared(declaration: bytes) -> None:
    assert document_chars(declaration + b"<p>x</p>") is None


@pytest.mark.parametrize("declaration", [
    b"", b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    b"\xef\xbb\xbf<?xml version='1.0' encoding = 'utf8' ?>",
])
def test_known_where_utf_8_is_declared_or_none(declaration: bytes) -> None:
    assert document_chars(declaration + "<p>caf\u00e9</p>".encode()) is not None


def test_known_where_they_do() -> None:
    assert document_chars(b"<p>a &amp; b &lt; c</p>") == frozenset()
    assert document_chars("\ufeff<?xml version='1.0' encoding='UTF-8'?>\n<p>\u2019\u00a0</p>".encode()) == \
        frozenset("\ufeff\n\u2019\u00a0")
