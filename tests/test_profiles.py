"""Policy profiles (issue 16, item 3): data files naming rules, severities and clauses with their
sources; `check --profile`, config `profile`, `rules --profile`; the default is exactly openai-2021."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from books import CHAPTER, STOCK, markdown_book, write_book
from test_declaration_rules import ASSISTED, CERTIFIED, DRAFTED, GPT4_SOME, GRAMMAR, PUBLIC, PUBLIC_REVIEWED

from disclosure_lint.names import DEFAULT_PROFILE, DEFAULT_RULES, PROFILES
from disclosure_lint.profiles import load_profile
from disclosure_lint.rules import RULES, RULES_BY_SLUG

Run = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", PROFILES)
def test_every_profile_file_names_registered_rules_with_clauses_and_sources(name: str) -> None:
    profile = load_profile(name)
    assert profile.name == name and profile.title and profile.verified
    assert profile.source.startswith("https://")
    assert profile.rules, name
    slugs = [r.slug for r in profile.rules]
    assert len(slugs) == len(set(slugs))
    for rule in profile.rules:
        assert rule.slug in RULES_BY_SLUG
        assert len(rule.clause) > 20 and rule.source.startswith("https://")


def test_the_default_profile_is_exactly_the_rules_of_before() -> None:
    """`names.DEFAULT_RULES` (what a check without a profile runs, without reading a file) is
    openai-2021.toml, each rule at its own default severity."""
    profile = load_profile(DEFAULT_PROFILE)
    assert {r.slug for r in profile.rules} == DEFAULT_RULES
    assert all(r.severity is RULES_BY_SLUG[r.slug].severity for r in profile.rules)
    assert {r.slug for r in RULES} - {"public-interest-unlabelled"} == DEFAULT_RULES


@pytest.mark.parametrize("sample", sorted(p.name for p in (ROOT / "samples").iterdir() if p.is_file()))
def test_no_profile_and_openai_2021_judge_alike(sample: str, run: Run) -> None:
    path = ROOT / "samples" / sample
    plain = run("check", "--format", "json", path)
    named = run("check", "--format", "json", "--profile", "openai-2021", path)
    assert plain.code == named.code
    assert plain.json()["files"] == named.json()["files"]


@dataclass
class Case:
    id: str
    profile: str
    text: str
    config: str = ""
    #: Rules that must be reported as errors (empty: the book passes, exit 0).
    errors: set[str] = field(default_factory=set)
    warnings: set[str] = field(default_factory=set)


AI_AUTHOR = markdown_book(STOCK, author="ChatGPT")
IN_CHAPTER = markdown_book(None, chapters=[
    CHAPTER + "\n\nPortions of this chapter were drafted with GPT-4; the author reviewed and revised them and takes "
    "full responsibility for the content.", CHAPTER])
HUMAN_AUTHORED = "Human Authored. Every word of this novel was written by the author."

CASES = [
    Case("openai-2021-fails", "openai-2021", markdown_book(None), errors={"disclosure-missing"}),
    Case("openai-2021-passes", "openai-2021", markdown_book(STOCK)),
    Case("kdp-fails", "kdp", markdown_book(DRAFTED, extra_front=HUMAN_AUTHORED), GPT4_SOME,
         errors={"human-authored-conflict"}),
    Case("kdp-warns", "kdp", markdown_book(GRAMMAR.replace("ChatGPT", "GPT-4")), GPT4_SOME,
         warnings={"use-mismatch"}),
    Case("kdp-passes-without-a-note-in-the-book", "kdp", markdown_book(None), GPT4_SOME),
    Case("authors-guild-fails", "authors-guild", markdown_book(DRAFTED), CERTIFIED,
         errors={"human-authored-conflict"}),
    Case("authors-guild-fails-on-the-book-alone", "authors-guild", markdown_book(STOCK, extra_front=HUMAN_AUTHORED),
         errors={"authorship-misrepresented"}),
    Case("authors-guild-passes", "authors-guild", markdown_book(GRAMMAR, extra_front=HUMAN_AUTHORED),
         ASSISTED.replace('tools = ["ChatGPT"]', 'tools = ["ChatGPT"]\nhuman-authored = "HA-0042"')),
    Case("ingram-fails", "ingram", AI_AUTHOR, errors={"attribution-missing"}),
    Case("ingram-passes", "ingram", markdown_book(DRAFTED), GPT4_SOME),
    Case("eu-ai-act-fails", "eu-ai-act", markdown_book(None), PUBLIC, errors={"public-interest-unlabelled"}),
    Case("eu-ai-act-passes-reviewed", "eu-ai-act", markdown_book(None), PUBLIC_REVIEWED),
    Case("eu-ai-act-passes-fiction", "eu-ai-act", markdown_book(None), GPT4_SOME),
    Case("cope-fails", "cope", markdown_book("This paper was created with AI."),
         errors={"roles-undescribed", "responsibility-missing"}),
    Case("cope-fails-ai-author", "cope", AI_AUTHOR, errors={"attribution-missing"}),
    Case("cope-passes-in-a-chapter", "cope", IN_CHAPTER),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_profile_passes_and_fails_books(case: Case, tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    if case.config:
        (tmp_path / ".disclosure-lint.toml").write_text(case.config, encoding="utf-8")
    book = write_book(tmp_path, case.text)
    result = run("check", "--format", "json", "--profile", case.profile, book)
    findings = result.json()["files"][0]["findings"]
    errors = {f["rule"] for f in findings if f["severity"] == "error"}
    warnings = {f["rule"] for f in findings if f["severity"] == "warning"}
    assert errors == case.errors, findings
    assert warnings == case.warnings, findings
    assert result.code == (1 if case.errors else 0)
    # Only the profile's rules speak.
    named = {r.slug for r in load_profile(case.profile).rules}
    assert errors | warnings <= named


def test_every_profile_has_a_passing_and_a_failing_book() -> None:
    for name in PROFILES:
        assert any(c.profile == name and (c.errors or c.warnings) for c in CASES), name
        assert any(c.profile == name and not c.errors for c in CASES), name


def test_the_chapter_note_fails_the_default_and_passes_cope(tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, IN_CHAPTER)
    assert run("check", "--format", "json", book).errors() == {"disclosure-placement"}
    assert run("check", "--format", "json", "--profile", "cope", book).errors() == set()
    # Several profiles: every rule any names.
    assert run("check", "--format", "json", "--profile", "cope", "--profile", "openai-2021", book).errors() == {
        "disclosure-placement"}


def test_several_profiles_take_the_highest_severity(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text(GPT4_SOME, encoding="utf-8")
    book = write_book(tmp_path, markdown_book(GRAMMAR.replace("ChatGPT", "GPT-4")))
    kdp = run("check", "--format", "json", "--profile", "kdp", book)
    assert kdp.code == 0 and {f["severity"] for f in kdp.json()["files"][0]["findings"]} == {"warning"}
    both = run("check", "--format", "json", "--profile", "kdp,cope", book)
    assert both.code == 1 and "use-mismatch" in both.errors()
    # A severity the profile asks for that is the rule's own keeps the rule's grading: under cope,
    # disclosure-unclear is a warning; together with openai-2021 (error: its default) the rule's
    # own severities come back.
    plain = tmp_path / "plain"
    (plain / ".git").mkdir(parents=True)
    jargon = write_book(plain, markdown_book(
        "Portions of this text were produced with automation technology; the author revised them and takes full "
        "responsibility for the content."))
    assert run("check", "--format", "json", "--profile", "cope", jargon).errors() == set()
    assert "disclosure-unclear" in run("check", "--format", "json", "--profile", "cope,openai-2021",
                                       jargon).errors()


def test_the_config_profile_and_the_command_line(tmp_path: Path, run: Run) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".disclosure-lint.toml"
    config.write_text('profile = "kdp"\n' + GPT4_SOME, encoding="utf-8")
    book = write_book(tmp_path, markdown_book(None))
    assert run("check", book).code == 0  # kdp asks for no note in the book
    assert run("check", "--profile", "openai-2021", book).code == 1  # the command line wins
    config.write_text('profile = ["kdp", "openai-2021"]\n' + GPT4_SOME, encoding="utf-8")
    assert run("check", "--format", "json", book).errors() == {"disclosure-missing"}
    # --select runs a rule no profile names; --ignore and [severity] still apply.
    config.write_text('profile = "kdp"\n' + GPT4_SOME, encoding="utf-8")
    assert run("check", "--format", "json", "--select", "DL001", book).errors() == {"disclosure-missing"}
    config.write_text('profile = "openai-2021"\n[severity]\ndisclosure-missing = "off"\n' + GPT4_SOME,
                      encoding="utf-8")
    assert run("check", book).code == 0


@pytest.mark.parametrize("args", [("check", "{book}", "--profile", "kpd"), ("rules", "--profile", "kpd"),
                                  ("check", "{book}", "--profile", ",")])
def test_an_unknown_profile_is_one_line_listing_them(args: tuple[str, ...], tmp_path: Path, run: Run) -> None:
    book = write_book(tmp_path, markdown_book(STOCK))
    result = run(*(a.format(book=book) for a in args))
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("disclosure-lint: --profile: ")
    assert "available: openai-2021, kdp, authors-guild, ingram, eu-ai-act, cope)" in result.err
    if "kpd" in args:
        assert "unknown profile 'kpd' (did you mean 'kdp'?" in result.err


@pytest.mark.parametrize("name", PROFILES)
def test_rules_profile_lists_the_rules_with_their_clauses(name: str, run: Run) -> None:
    result = run("rules", "--profile", name)
    assert result.code == 0
    profile = load_profile(name)
    assert result.out.startswith(f"{name}: {profile.title}\nsource: {profile.source}\n")
    listed = [line.split()[0] for line in result.out.splitlines() if re.match(r"[a-z][a-z0-9-]+ +DL\d{3} ", line)]
    assert listed == [r.slug for r in profile.rules]
    for rule in profile.rules:
        assert f"{rule.slug}" in result.out and f"{rule.severity.value}" in result.out
        assert " ".join(rule.clause.split()[:6]) in " ".join(result.out.split())


def test_explain_cites_each_profile_clause_and_source(run: Run) -> None:
    for rule in RULES:
        out = run("explain", rule.code).out
        assert f"  — {rule.source}" in out
        for name in PROFILES:
            entry = load_profile(name).rule(rule.slug)
            if entry is not None:
                assert f"  {name} ({entry.severity.value}): “{entry.clause}”" in out
                assert entry.source in out


def test_the_readme_table_shows_the_profiles_side_by_side() -> None:
    """README's profiles table is the data: a row a rule, a column a profile, the severity in each cell."""
    readme = (ROOT / "README.md").read_text("utf-8")
    header = "| rule | code | " + " | ".join(f"`{name}`" for name in PROFILES) + " |"
    assert header in readme
    rows = readme[readme.index(header):].splitlines()[2:2 + len(RULES)]
    for rule, row in zip(RULES, rows, strict=True):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == f"`{rule.slug}`" and cells[1] == rule.code
        for name, cell in zip(PROFILES, cells[2:], strict=True):
            entry = load_profile(name).rule(rule.slug)
            assert cell == (entry.severity.value if entry else "—"), (rule.slug, name)


def test_insert_places_the_note_as_openai_2021_asks_whatever_the_profile(tmp_path: Path, run: Run) -> None:
    """Under kdp no note is asked of the book; `insert` still adds one when asked (it does not take
    the config's profiles for "already adequate")."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".disclosure-lint.toml").write_text('profile = "kdp"\n', encoding="utf-8")
    book = write_book(tmp_path, markdown_book(None))
    result = run("insert", book, "--model", "GPT-4")
    assert result.code == 0, result.err
    assert "A Note on the Use of AI" in book.read_text("utf-8")
