"""`disclosure-lint declare` (issue 16, item 5): KDP's questions answered, ONIX 3.0 <Contributor>
composites in the reference schema's element order, Ingram's contributor credits; text and JSON."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from test_declaration_rules import GPT4_SOME

from disclosure_lint.declare import KDP_QUESTION

Run = Callable[..., Any]

#: The content model of <Contributor> in the ONIX for Books 3.0 reference schema
#: (ONIX_BookProduct_3.0_reference.xsd, revision 3.0.8, element `Contributor`; the deprecated
#: alternatives left out), as a pattern over the children's tags in order. The schema itself is
#: EDItEUR's and is not copied here; set DISCLOSURE_LINT_ONIX_XSD to a copy of it to validate against
#: it too (test_the_onix_block_validates_against_the_reference_schema).
_STRUCTURED = ("(TitlesBeforeNames )?(NamesBeforeKey )?(PrefixToKey )?KeyNames (NamesAfterKey )?(SuffixToKey )?"
               "(LettersAfterNames )?(TitlesAfterNames )?")
_NAME = (f"(PersonName (PersonNameInverted )?({_STRUCTURED})?(Gender )?|PersonNameInverted ({_STRUCTURED})?(Gender )?"
         f"|{_STRUCTURED}(Gender )?|CorporateName (CorporateNameInverted )?|CorporateNameInverted |UnnamedPersons )")
CONTRIBUTOR = re.compile(
    "(SequenceNumber )?(ContributorRole )+(FromLanguage )*(ToLanguage )*(NameType )?"
    f"((NameIdentifier )+{_NAME}?|{_NAME})"
    "(AlternativeName )*(ContributorDate )*(ProfessionalAffiliation )*(Prize )*(BiographicalNote )*(Website )*"
    "(ContributorDescription )*(ContributorPlace )*")

FULL = GPT4_SOME.replace('tools = [{ name = "GPT-4", vendor = "OpenAI" }]',
                         'tools = [{ name = "GPT-4", vendor = "OpenAI" }, "Midjourney", "ElevenLabs"]').replace(
    '[ai-use.text]\n', '[ai-use.text]\ntools = ["GPT-4"]\n') + '''
[ai-use.images]
use = "generated"
scope = "few"
editing = "minimal"
tools = ["Midjourney"]

[ai-use.translation]
use = "assisted"
scope = "entire"
by = "Ana Ruiz & Co"
tools = ["GPT-4"]

[ai-use.narration]
use = "generated"
scope = "entire"
editing = "minimal"
tools = ["ElevenLabs"]

[book]
authors = ["Jordan Vale", "Sam Lee"]
'''


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    return tmp_path


def _declare(here: Path, run: Run, config: str, *args: str) -> Any:
    (here / ".disclosure-lint.toml").write_text(config, encoding="utf-8")
    return run("declare", *args)


def test_no_declaration_is_one_line_exit_2(here: Path, run: Run) -> None:
    result = _declare(here, run, 'model = "GPT-4"\n')
    assert result.code == 2 and result.out == ""
    assert result.err == ("disclosure-lint: no [ai-use] declaration in .disclosure-lint.toml; run disclosure-lint "
                          "init\n")
    (here / ".disclosure-lint.toml").unlink()
    assert run("declare").err == ("disclosure-lint: no [ai-use] declaration in .disclosure-lint.toml; run "
                                  "disclosure-lint init\n")


def test_a_bad_declaration_is_the_config_error(here: Path, run: Run) -> None:
    result = _declare(here, run, '[ai-use.text]\nuse = "generated"\nscope = "some"\n')
    assert result.code == 2 and result.err.startswith("disclosure-lint: .disclosure-lint.toml:1:1: ai-use.text: ")


def test_the_text_output(here: Path, run: Run) -> None:
    result = _declare(here, run, FULL)
    assert result.code == 0, result.err
    out = result.out
    assert f"  {KDP_QUESTION}: Yes\n" in out
    assert "  Text: Some sections, with extensive editing\n" in out
    assert "  Images: One or a few AI-generated images, with minimal or no editing\n" in out
    assert "  Translations: None\n" in out  # assisted: not declared to KDP
    assert "\n  1. A01 By (author): Jordan Vale\n  2. A01 By (author): Sam Lee\n  3. Z01 Assisted by: AI " in out
    block = out[out.index("\n<Contributor>"):out.rindex("</Contributor>") + len("</Contributor>")]
    root = ElementTree.fromstring(f"<DescriptiveDetail>{block}</DescriptiveDetail>")  # well-formed
    assert len(root) == 7
    assert "<PersonName>Ana Ruiz &amp; Co</PersonName>" in block
    ingram = out[out.index("IngramSpark"):]
    assert ("  1. Author - Jordan Vale\n  2. Author - Sam Lee\n  3. Assisted By - Generative AI\n"
            "  4. Translated by - Ana Ruiz & Co\n  5. Assisted By - Generative AI\n") in ingram
    assert "KDP: AI-assisted translation is not declared to KDP" in out
    assert "KDP's questions cover text, images and translations, not audio narration" in out


def test_the_json_output_and_the_onix_structure(here: Path, run: Run) -> None:
    result = _declare(here, run, FULL, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["version"] == 1
    assert data["kdp"]["questions"][0] == {"question": KDP_QUESTION, "answer": "Yes"}
    assert [q["question"] for q in data["kdp"]["questions"][1:]] == ["Text", "Images", "Translations"]
    rows = data["onix"]["contributors"]
    assert [(r["sequence"], r["role"], r["name"], r["unnamed"]) for r in rows] == [
        (1, "A01", "Jordan Vale", None), (2, "A01", "Sam Lee", None),
        (3, "Z01", None, "09"),  # the text's AI assisted the authors
        (4, "A12", None, "09"),  # the AI made the images, no illustrator credited
        (5, "B06", "Ana Ruiz & Co", None), (6, "Z01", None, "09"),  # it assisted the translator
        (7, "E07", None, "07"),  # a synthesised voice read it
    ]
    assert rows[2]["description"] == "GPT-4 (OpenAI)" and rows[3]["description"] == "Midjourney"
    assert rows[6]["unnamed_name"] == "Synthesised voice – unspecified"
    root = ElementTree.fromstring(f"<DescriptiveDetail>{data['onix']['xml']}</DescriptiveDetail>")
    contributors = list(root)
    assert [c.tag for c in contributors] == ["Contributor"] * len(rows)
    for element, row in zip(contributors, rows, strict=True):
        tags = "".join(f"{child.tag} " for child in element)
        assert CONTRIBUTOR.fullmatch(tags), tags
        assert element.findtext("SequenceNumber") == str(row["sequence"])
        assert element.findtext("ContributorRole") == row["role"]
    # Sequence numbers run 1..n; "Assisted by" follows another contributor (code list 17, Z01).
    assert [r["sequence"] for r in rows] == list(range(1, len(rows) + 1))
    for n, row in enumerate(rows):
        if row["role"] == "Z01":
            assert n > 0 and rows[n - 1]["role"] != "Z01"
    assert [(c["role"], c["name"]) for c in data["ingram"]["contributors"]] == [
        ("Author", "Jordan Vale"), ("Author", "Sam Lee"), ("Assisted By", "Generative AI"),
        ("Translated by", "Ana Ruiz & Co"), ("Assisted By", "Generative AI")]
    assert data["declaration"]["text"]["scope"] == "some" and "location" not in data["declaration"]


@pytest.mark.parametrize(("kind", "table", "question", "answer"), [
    ("text", 'use = "generated"\nscope = "some"\nediting = "minimal"', "Text", "Some sections, with minimal or no editing"),
    ("text", 'use = "generated"\nscope = "entire"\nediting = "extensive"', "Text", "Entire work, with extensive editing"),
    ("text", 'use = "assisted"\nscope = "entire"', "Text", "None"),
    ("text", 'scope = "none"', "Text", "None"),
    ("images", 'use = "generated"\nscope = "many"\nediting = "extensive"', "Images",
     "Many AI-generated images, with extensive editing"),
    ("translation", 'use = "generated"\nscope = "entire"\nediting = "minimal"', "Translations",
     "Entire work, with minimal or no editing"),
])
def test_kdp_answers(kind: str, table: str, question: str, answer: str, here: Path, run: Run) -> None:
    config = f'[book]\nauthors = ["Jordan Vale"]\n[ai-use]\n[ai-use.{kind}]\n{table}\n'
    data = json.loads(_declare(here, run, config, "--format", "json").out)
    answers = {q["question"]: q["answer"] for q in data["kdp"]["questions"]}
    assert answers[question] == answer
    assert answers[KDP_QUESTION] == ("No" if answer == "None" else "Yes")


def test_who_is_credited(here: Path, run: Run) -> None:
    config = '[ai-use]\nresponsibility = "Bluefin Press"\n[ai-use.text]\nuse = "assisted"\nscope = "some"\n'
    data = json.loads(_declare(here, run, config, "--format", "json").out)
    assert [(r["role"], r["name"]) for r in data["onix"]["contributors"]] == [("A01", "Bluefin Press"), ("Z01", None)]
    data = json.loads(run("declare", "--format", "json", "--author", "Jordan Vale", "--author", "Sam Lee").out)
    assert [r["name"] for r in data["onix"]["contributors"]] == ["Jordan Vale", "Sam Lee", None]
    result = _declare(here, run, '[ai-use]\n[ai-use.text]\nuse = "assisted"\nscope = "some"\n')
    assert result.code == 2
    assert result.err == ("disclosure-lint: declare: no author to credit: give --author NAME, or [book] authors in "
                          "the config\n")
    # No AI at all: the authors alone, and KDP's answer is No.
    data = json.loads(_declare(here, run, '[book]\nauthors = ["Jordan Vale"]\n[ai-use]\n', "--format", "json").out)
    assert [r["role"] for r in data["onix"]["contributors"]] == ["A01"]
    assert data["kdp"]["questions"][0]["answer"] == "No" and data["ingram"]["contributors"] == [
        {"sequence": 1, "role": "Author", "name": "Jordan Vale"}]


def test_the_config_option_and_pyproject(here: Path, run: Run) -> None:
    other = here / "elsewhere"
    other.mkdir()
    (other / "pyproject.toml").write_text('[tool.disclosure-lint]\n[tool.disclosure-lint.book]\nauthors = ["A B"]\n'
                                          '[tool.disclosure-lint.ai-use]\n', encoding="utf-8")
    result = run("declare", "--config", other / "pyproject.toml")
    assert result.code == 0 and "1. A01 By (author): A B" in result.out


@pytest.mark.skipif(not os.environ.get("DISCLOSURE_LINT_ONIX_XSD"),
                    reason="set DISCLOSURE_LINT_ONIX_XSD to EDItEUR's ONIX_BookProduct_3.0_reference.xsd")
def test_the_onix_block_validates_against_the_reference_schema(here: Path, run: Run) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(os.environ["DISCLOSURE_LINT_ONIX_XSD"]))
    data = json.loads(_declare(here, run, FULL, "--format", "json").out)
    root = etree.fromstring(f'<r xmlns="http://ns.editeur.org/onix/3.0/reference">{data["onix"]["xml"]}</r>')
    for contributor in root:
        # An older code-list module may not know list 19's code 09 (added in code list issue 62).
        errors = [] if schema.validate(etree.ElementTree(contributor)) else [
            e.message for e in schema.error_log if "'09'" not in e.message]
        assert not errors, errors
