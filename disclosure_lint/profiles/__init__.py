"""Policy profiles: which rules a regime asks for, at what severity, and the clause behind each.

A profile is a data file, `<name>.toml` beside this module: its title, its source (a URL), how
the source was verified, notes, and one `[[rules]]` table per rule that applies (`rule`, slug or
code; `severity`; the `clause` quoted from the source; optionally its own `source` and a `note`).
Rules stay pure functions that do not know which profile asked: a check under profiles runs the
rules any of them names, each at the highest severity any of them gives it (`plan`); config
`[severity]`, `--select` and `--ignore` still apply on top.

    disclosure-lint check book.md --profile kdp --profile authors-guild
    disclosure-lint rules --profile eu-ai-act

A check that names no profile runs `openai-2021`, the founding rule set, without reading its
file or importing this module: `names.DEFAULT_RULES` is its list of rules (`tests/test_profiles.py`
holds the two equal, and every severity there equal to the rule's own default), so that profile
files are read only when a profile is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ConfigError
from ..model import Severity
from ..names import DEFAULT_PROFILE, DEFAULT_RULES, PROFILES, parse_profiles, unknown_profile

__all__ = ["DEFAULT_PROFILE", "DEFAULT_RULES", "PROFILES", "Profile", "ProfileRule", "load_profile",
           "parse_profiles", "plan", "unknown_profile"]

DATA = Path(__file__).parent
_SEVERITIES = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}
_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class ProfileRule:
    """One rule a profile applies."""

    slug: str
    severity: Severity
    #: The clause of the source the rule enforces under this profile, quoted.
    clause: str
    #: Where the clause is (a URL).
    source: str
    #: What the rule does not cover, or how the source was read.
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """A regime a book may meet: its rules, their severities and clauses, and its source."""

    name: str
    title: str
    #: The regime's own text (a URL).
    source: str
    #: How the clauses were checked against the source, and what could not be.
    verified: str
    rules: tuple[ProfileRule, ...]
    notes: tuple[str, ...] = ()

    def rule(self, slug: str) -> ProfileRule | None:
        return next((r for r in self.rules if r.slug == slug), None)


@cache
def load_profile(name: str) -> Profile:
    """Read and check `<name>.toml` (a `ConfigError` naming the file if it is broken)."""
    import tomllib

    from ..names import rule_slug

    if name not in PROFILES:
        raise ConfigError(unknown_profile(name))
    path = DATA / f"{name}.toml"
    where = f"profile {name} ({path.name})"
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{where}: cannot read: {exc}") from exc
    try:
        source = str(data["source"])
        rules = []
        for table in data.get("rules", []):
            slug = rule_slug(str(table["rule"]))
            if slug is None:
                raise ConfigError(f"{where}: unknown rule {table['rule']!r}")
            severity = _SEVERITIES[str(table["severity"])]
            rules.append(ProfileRule(slug, severity, " ".join(str(table["clause"]).split()),
                                     str(table.get("source", source)), _note(table.get("note"))))
        return Profile(name, str(data["title"]), source, " ".join(str(data["verified"]).split()), tuple(rules),
                       tuple(" ".join(str(n).split()) for n in data.get("notes", [])))
    except KeyError as exc:
        raise ConfigError(f"{where}: missing or wrong key {exc}") from exc


def _note(value: object) -> str | None:
    return " ".join(str(value).split()) if value is not None else None


def plan(profiles: Sequence[str], order: Sequence[str], defaults: dict[str, Severity]
         ) -> dict[str, Severity | None]:
    """The rules profiles apply, in registry `order`: slug → the severity to give its findings,
    or None to keep the rule's own (when the profiles ask for its default severity: a rule that
    grades its findings, like disclosure-unclear's warnings, keeps doing so). Several profiles:
    every rule any of them names, at the highest severity any of them gives it."""
    wanted: dict[str, Severity] = {}
    for name in profiles:
        for rule in load_profile(name).rules:
            if rule.slug not in wanted or _RANK[rule.severity] > _RANK[wanted[rule.slug]]:
                wanted[rule.slug] = rule.severity
    return {slug: (None if wanted[slug] is defaults[slug] else wanted[slug]) for slug in order if slug in wanted}
