"""`check` holds the book, the `[ai-use]` declaration and the file's metadata together (issue 16,
item 2): model-mismatch over the declared tools, use-mismatch, human-authored-conflict,
metadata-mismatch and public-interest-unlabelled, failing and passing, as data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from books import STOCK, markdown_book, write_book
from test_rules_markdown import CASES as PLAIN_CASES

from disclosure_lint.api import check_manuscript, read
from disclosure_lint.config import load_config
from disclosure_lint.model import AiUseMetadata, Location
from disclosure_lint.rules import RULES

Run = Callable[..., Any]

NEW = {"use-mismatch", "human-authored-conflict", "metadata-mismatch", "public-interest-unlabelled"}
DECLARATION_RULES = NEW | {"model-mismatch"}

GPT4_SOME = '''\
[ai-use]
responsibility = "Jordan Vale"
tools = [{ name = "GPT-4", vendor = "OpenAI" }]
[ai-use.text]
use = "generated"
scope = "some"
sections = ["Chapter 3", "Chapter 7"]
editing = "extensive"
'''
ASSISTED = '''\
[ai-use]
tools = ["ChatGPT"]
[ai-use.text]
use = "assisted"
scope = "entire"
'''
ENTIRE = GPT4_SOME.replace('scope = "some"\nsections = ["Chapter 3", "Chapter 7"]', 'scope = "entire"')
CERTIFIED = GPT4_SOME.replace('responsibility = "Jordan Vale"', 'responsibility = "Jordan Vale"\nhuman-authored = "HA-0042"')
PUBLIC = GPT4_SOME.replace('responsibility = "Jordan Vale"', 'public-interest = true')
PUBLIC_REVIEWED = GPT4_SOME.replace('responsibility = "Jordan Vale"',
                                    'responsibility = "Harbor Press"\npublic-interest = true\nhuman-review = true')
TRANSLATED = '''\
[ai-use]
tools = ["DeepL"]
[ai-use.translation]
use = "generated"
scope = "entire"
editing = "extensive"
'''

DRAFTED = ("GPT-4 drafted parts of chapters 3 and 7; I rewrote every line of them and take full responsibility "
           "for the book.")
GRAMMAR = "I used ChatGPT to fix my grammar and check my punctuation. I take full responsibility for the book."


@dataclass
class Case:
    id: str
    config: str
    text: str
    #: Rules that must be reported (as errors).
    expect: set[str] = field(default_factory=set)
    #: Rules that must not be reported (default: every declaration rule not expected).
    forbid: set[str] | None = None
    args: tuple[str, ...] = ()
    #: A piece every message of the expected rules holds.
    says: str = ""


CASES = [
    # --- model-mismatch, generalised to the declared tools -------------------------------------
    Case("tools-named", GPT4_SOME, markdown_book(DRAFTED)),
    Case("stock-names-another-model", GPT4_SOME, markdown_book(STOCK), {"model-mismatch"},
         says="names GPT-3 where the [ai-use] declaration lists GPT-4"),
    Case("tool-not-named", GPT4_SOME, markdown_book(
        "An AI language model drafted parts of chapters 3 and 7; I rewrote every line of them and take full "
        "responsibility for the book."), {"model-mismatch"}, says="does not name the AI system used (GPT-4)"),
    Case("one-of-two-tools-named", GPT4_SOME.replace('tools = [{ name = "GPT-4", vendor = "OpenAI" }]',
                                                     'tools = ["GPT-4", "Claude"]'),
         markdown_book(DRAFTED), {"model-mismatch"}, says="names GPT-4 but not Claude"),
    Case("an-undeclared-tool-named", GPT4_SOME, markdown_book(
        "GPT-4 and Claude drafted parts of chapters 3 and 7; I rewrote every line of them and take full "
        "responsibility for the book."), {"model-mismatch"}, says="names Claude, which the [ai-use] declaration"),
    Case("image-tools-are-not-asked-of-the-text", GPT4_SOME.replace(
        'tools = [{ name = "GPT-4", vendor = "OpenAI" }]', 'tools = ["GPT-4", "Midjourney"]') + (
        '[ai-use.images]\nuse = "generated"\nscope = "few"\nediting = "minimal"\ntools = ["Midjourney"]\n'
    ).replace('[ai-use.text]\n', '[ai-use.text]\ntools = ["GPT-4"]\n'), markdown_book(DRAFTED)),
    Case("model-and-declaration", GPT4_SOME, markdown_book(DRAFTED), {"model-mismatch"},
         args=("--model", "Claude"), says="not Claude"),
    # --- use-mismatch ----------------------------------------------------------------------------
    Case("generated-declared-only-editing-disclosed", GPT4_SOME, markdown_book(GRAMMAR.replace("ChatGPT", "GPT-4")),
         {"use-mismatch"}, says="says only that it did this: edit"),
    Case("assisted-declared-drafting-disclosed", ASSISTED, markdown_book(DRAFTED.replace("GPT-4", "ChatGPT")),
         {"use-mismatch"}, says="says AI made text, but the [ai-use] declaration says AI assisted with the text only"),
    Case("assisted-declared-grammar-disclosed", ASSISTED, markdown_book(GRAMMAR)),
    Case("entire-declared-in-part-disclosed", ENTIRE, markdown_book(STOCK.replace("GPT-3", "GPT-4")),
         {"use-mismatch"}, says="generated the entire work"),
    Case("entire-declared-stock-with-share", ENTIRE, markdown_book(
        "GPT-4 generated about 90% of the text; I edited all of it and take full responsibility for the book.")),
    Case("translation-declared-not-disclosed", TRANSLATED, markdown_book(
        "I used DeepL to check my spelling and grammar. I take full responsibility for the book."),
         {"use-mismatch"}, forbid={"human-authored-conflict", "metadata-mismatch", "public-interest-unlabelled"},
         says="AI generated the translation"),
    Case("translation-declared-and-disclosed", TRANSLATED, markdown_book(
        "This novel was translated from French by DeepL; I revised every page and take full responsibility "
        "for the translation.")),
    Case("translation-disclosed-not-declared", GPT4_SOME, markdown_book(
        "GPT-4 translated this novel from French, and drafted parts of chapters 3 and 7; I revised every page and "
        "take full responsibility for it."), {"use-mismatch"}, says="declares no AI translation"),
    # --- human-authored-conflict -------------------------------------------------------------------
    Case("human-authored-line-with-generated-text", GPT4_SOME, markdown_book(
        DRAFTED, extra_front="Human Authored. Every word of this novel was written by the author."),
         {"human-authored-conflict"}, forbid={"use-mismatch", "model-mismatch", "metadata-mismatch"},
         says="presents the book as wholly human-written, but the [ai-use] declaration says AI generated some"),
    Case("wholly-human-claim-without-disclosure", GPT4_SOME, markdown_book(
        "Every word of this book is my own.", foreword_heading="Copyright"), {"human-authored-conflict"},
         says="remove the claim"),
    Case("registration-with-generated-text", CERTIFIED, markdown_book(DRAFTED), {"human-authored-conflict"},
         says="holds a Human Authored registration (HA-0042)"),
    Case("registration-with-assisted-text", ASSISTED.replace('tools = ["ChatGPT"]',
                                                             'tools = ["ChatGPT"]\nhuman-authored = "HA-0042"'),
         markdown_book(GRAMMAR, extra_front="Human Authored. Every word of this novel was written by the author.")),
    # --- public-interest-unlabelled (only under eu-ai-act) ---------------------------------------
    Case("public-interest-no-disclosure", PUBLIC, markdown_book(None), {"public-interest-unlabelled"},
         args=("--profile", "eu-ai-act"), says="EU AI Act art. 50(4)"),
    Case("public-interest-hidden-disclosure", PUBLIC, markdown_book(f"<!-- {DRAFTED} -->\n\nA report."),
         {"public-interest-unlabelled"}, args=("--profile", "eu-ai-act"), says="where no reader sees it"),
    Case("public-interest-disclosed", PUBLIC, markdown_book(DRAFTED), args=("--profile", "eu-ai-act")),
    Case("public-interest-reviewed-and-responsible", PUBLIC_REVIEWED, markdown_book(None),
         args=("--profile", "eu-ai-act")),
    Case("public-interest-not-under-the-default-profile", PUBLIC, markdown_book(None), {"disclosure-missing"},
         forbid={"public-interest-unlabelled"}),
    Case("fiction-is-outside", GPT4_SOME, markdown_book(None), set(), args=("--profile", "eu-ai-act")),
]


def _check(tmp_path: Path, run: Run, config: str, text: str, *args: str) -> tuple[int, list[dict[str, Any]]]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / ".disclosure-lint.toml").write_text(config, encoding="utf-8")
    book = write_book(tmp_path, text)
    result = run("check", "--format", "json", *args, book)
    assert result.code in (0, 1), result.err
    return result.code, result.json()["files"][0]["findings"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_declaration_case(case: Case, tmp_path: Path, run: Run) -> None:
    code, findings = _check(tmp_path, run, case.config, case.text, *case.args)
    errors = {f["rule"] for f in findings if f["severity"] == "error"}
    assert case.expect <= errors, f"missing {case.expect - errors}; got {findings}"
    forbid = case.forbid if case.forbid is not None else DECLARATION_RULES - case.expect
    assert not forbid & {f["rule"] for f in findings}, findings
    for f in findings:
        if f["rule"] in case.expect & DECLARATION_RULES:
            assert case.says in f["message"], f["message"]
    assert code == (1 if errors else 0)


def test_every_rule_has_a_failing_case() -> None:
    covered = set().union(*(c.expect | c.warn for c in PLAIN_CASES), *(c.expect for c in CASES))
    covered.add("metadata-mismatch")  # on manuscripts built in code: test_metadata_against_the_declaration
    covered.add("text-in-image")  # EPUB pages that are only pictures: tests/test_fixed_layout.py
    assert covered == {rule.slug for rule in RULES}


def test_the_declaration_rules_are_silent_without_a_declaration(tmp_path: Path) -> None:
    """Every plain case of test_rules_markdown, checked without a config: the new rules never speak."""
    from disclosure_lint import lint
    from disclosure_lint.config import Config

    for case in PLAIN_CASES:
        if case.args:
            continue
        path = write_book(tmp_path, case.text)
        report = lint(path, config=Config())
        assert not NEW & {f.rule for f in report.files[0].findings}, case.id


def test_the_docstring_examples(tmp_path: Path, run: Run) -> None:
    """Each new rule's failing example fails and its passing example passes, as its docstring says."""
    examples = {
        "use-mismatch": ("I used ChatGPT to fix my grammar and check my punctuation. I take full responsibility "
                         "for the book.",
                         "ChatGPT drafted parts of chapters 3 and 7; I rewrote every line of them and take full "
                         "responsibility for the book."),
        "human-authored-conflict": ("Human Authored. Every word of this novel was written by the author.",
                                    "The author generated parts of this text with GPT-4 and revised every line."),
    }
    config = GPT4_SOME.replace('tools = [{ name = "GPT-4", vendor = "OpenAI" }]\n', "")
    for slug, (failing, passing) in examples.items():
        doc = next(r.doc for r in RULES if r.slug == slug)
        assert failing.split(".")[0] in " ".join(doc.split()) and passing.split(";")[0].split(".")[0] in " ".join(
            doc.split())
        _, fired = _check(tmp_path, run, config, markdown_book(failing))
        assert slug in {f["rule"] for f in fired}
        _, clean = _check(tmp_path, run, config, markdown_book(passing))
        assert slug not in {f["rule"] for f in clean}, clean
    # public-interest-unlabelled: a story with no note fails, a note passes.
    _, fired = _check(tmp_path, run, PUBLIC, markdown_book(None, chapters=[
        "The council voted on Tuesday to close the harbour to cargo ships."]), "--profile", "eu-ai-act")
    assert "public-interest-unlabelled" in {f["rule"] for f in fired}
    _, clean = _check(tmp_path, run, PUBLIC, markdown_book(
        "Parts of this report were generated with GPT-4 and checked by the author.",
        foreword_heading="A Note on the Use of AI"), "--profile", "eu-ai-act")
    assert not clean


# --- metadata: what the readers would fill (Metadata.ai_use), on manuscripts built in code ---------


def _with_metadata(tmp_path: Path, config_text: str, text: str, meta: AiUseMetadata) -> list[tuple[str, str]]:
    (tmp_path / ".disclosure-lint.toml").write_text(config_text, encoding="utf-8")
    config = load_config(tmp_path / ".disclosure-lint.toml")
    book = write_book(tmp_path, text)
    manuscript = read(book, config)
    manuscript = manuscript._replace(metadata=manuscript.metadata._replace(ai_use=meta))
    return [(f.rule, f.message) for f in check_manuscript(manuscript, config).findings]


OPF = Location("book.epub!/OEBPS/content.opf", 12, 5)


@pytest.mark.parametrize(("config", "meta", "expected"), [
    (GPT4_SOME, AiUseMetadata("compositeWithTrainedAlgorithmicMedia", ("GPT-4",), None, OPF), []),
    (GPT4_SOME, AiUseMetadata("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
                              (), None, OPF), []),
    (ENTIRE, AiUseMetadata("TrainedAlgorithmicMediaDigitalSource", ("gpt-4",)), []),
    (GPT4_SOME, AiUseMetadata("trainedAlgorithmicMedia", ("GPT-4",)),
     ["says trainedAlgorithmicMedia; it should say compositeWithTrainedAlgorithmicMedia (the declaration says AI "
      "generated some of the text)"]),
    (GPT4_SOME, AiUseMetadata(None, ("GPT-4",)),
     ["gives no digital source type; it should say compositeWithTrainedAlgorithmicMedia"]),
    (ASSISTED, AiUseMetadata("trainedAlgorithmicMedia", ("ChatGPT",)),
     ["says trainedAlgorithmicMedia; it should say no AI-generated media type"]),
    (ASSISTED, AiUseMetadata("humanEdits", ("ChatGPT",)), []),
    (GPT4_SOME, AiUseMetadata("compositeWithTrainedAlgorithmicMedia", ("Claude",)),
     ["names Claude, which the declaration does not list and does not name GPT-4"]),
    (GPT4_SOME, AiUseMetadata("compositeWithTrainedAlgorithmicMedia", ("GPT-4",), "HA-0042"),
     ["carries a Human Authored registration (HA-0042), but the [ai-use] declaration says AI generated text"]),
    (ASSISTED.replace('tools = ["ChatGPT"]', 'tools = ["ChatGPT"]\nhuman-authored = "HA-0042"'),
     AiUseMetadata(None, (), "HA-9999"), ["gives Human Authored registration HA-9999; the [ai-use] declaration "
                                           "gives HA-0042"]),
    (ASSISTED.replace('tools = ["ChatGPT"]', 'tools = ["ChatGPT"]\nhuman-authored = "HA-0042"'),
     AiUseMetadata(None, (), "HA-0042"), []),
])
def test_metadata_against_the_declaration(config: str, meta: AiUseMetadata, expected: list[str],
                                          tmp_path: Path) -> None:
    disclosure = DRAFTED if "generated" in config else GRAMMAR
    found = [m for rule, m in _with_metadata(tmp_path, config, markdown_book(disclosure), meta)
             if rule == "metadata-mismatch"]
    assert len(found) == len(expected), found
    for message, piece in zip(found, expected, strict=True):
        assert piece in message, message


def test_no_metadata_or_no_declaration_is_silent(tmp_path: Path) -> None:
    assert not [r for r, _ in _with_metadata(tmp_path, 'model = "GPT-4"\n', markdown_book(DRAFTED),
                                             AiUseMetadata("trainedAlgorithmicMedia", ("Claude",), "HA-1"))
                if r == "metadata-mismatch"]
    (tmp_path / ".disclosure-lint.toml").write_text(GPT4_SOME, encoding="utf-8")
    config = load_config(tmp_path / ".disclosure-lint.toml")
    report = check_manuscript(read(write_book(tmp_path, markdown_book(DRAFTED)), config), config)
    assert not [f for f in report.findings if f.rule == "metadata-mismatch"]


def test_a_book_whose_declaration_disclosure_and_metadata_disagree(tmp_path: Path) -> None:
    """The declaration says GPT-4 generated some chapters; the book says Claude only edited it and
    carries a Human Authored line; its metadata says the whole text is AI-generated, by Claude, with a
    Human Authored number. Each disagreement is one finding, where it is."""
    text = markdown_book("I used Claude to edit my prose and check my punctuation; I revised its suggestions. I "
                         "take full responsibility for this book.", extra_front="Human Authored. Every word of this novel was written by "
                         "the author.")
    meta = AiUseMetadata("trainedAlgorithmicMedia", ("Claude",), "HA-0042", OPF)
    findings = _with_metadata(tmp_path, GPT4_SOME, text, meta)
    by_rule: dict[str, list[str]] = {}
    for rule, message in findings:
        by_rule.setdefault(rule, []).append(message)
    assert by_rule.keys() == {"model-mismatch", "use-mismatch", "human-authored-conflict", "metadata-mismatch"}
    assert by_rule["model-mismatch"] == ["the disclosure names Claude where the [ai-use] declaration lists GPT-4; "
                                         "the text must be accurate"]
    assert "says only that it did this: edit" in by_rule["use-mismatch"][0]
    assert "“Human Authored.”" in by_rule["human-authored-conflict"][0]
    assert len(by_rule["metadata-mismatch"]) == 3  # the source type, the tools, the registration
    # Locations: the metadata findings point at the OPF, the others at the book's lines.
    (tmp_path / ".disclosure-lint.toml").write_text(GPT4_SOME, encoding="utf-8")
    config = load_config(tmp_path / ".disclosure-lint.toml")
    manuscript = read(tmp_path / "book.md", config)
    manuscript = manuscript._replace(metadata=manuscript.metadata._replace(ai_use=meta))
    report = check_manuscript(manuscript, config)
    lines = {f.rule: f.location.line for f in report.findings}
    assert lines["metadata-mismatch"] == 12
    assert lines["human-authored-conflict"] == 6 and lines["use-mismatch"] == 10 == lines["model-mismatch"]


def test_a_registration_in_the_declaration_points_at_the_config(tmp_path: Path, run: Run) -> None:
    _, findings = _check(tmp_path, run, CERTIFIED, markdown_book(DRAFTED))
    found = next(f for f in findings if f["rule"] == "human-authored-conflict")
    assert found["location"]["path"].endswith(".disclosure-lint.toml")
    assert found["location"]["line"] == 1 and found["location"]["section"] == "[ai-use]"
