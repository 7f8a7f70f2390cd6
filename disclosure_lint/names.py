"""The names a user types for parts of the tool: rules (slug or code) and `[phrases]` lists.

Data, below everything that reads a name: the config checks `[severity]` keys and `[phrases]`
lists against it, the CLI `--select`, `--ignore` and `explain`, the inline comments their rules,
and none of them imports the rules or the lexicon to do so (imports go one way: see
`tests/test_layers.py`). The rule registry (`rules/__init__.py`) stays the truth about a rule;
a test checks that this table names the same rules with the same codes, in the same order.

A rule is named by its slug (`responsibility-missing`) or its code (`DL005`), in any case;
inside, it is always the slug.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Rule slug → code, in the registry's order.
RULE_CODES: dict[str, str] = {
    "disclosure-missing": "DL001",
    "disclosure-hidden": "DL002",
    "disclosure-placement": "DL003",
    "roles-undescribed": "DL004",
    "responsibility-missing": "DL005",
    "attribution-missing": "DL006",
    "authorship-misrepresented": "DL007",
    "disclosure-unclear": "DL008",
    "model-mismatch": "DL009",
}

_SLUG_BY_CODE = {code.lower(): slug for slug, code in RULE_CODES.items()}

#: Config `[phrases]` lists → the list of the lexicon (`analysis/lexicon/<language>.toml`: table, name)
#: that each one extends.
PHRASE_KEYS: dict[str, tuple[str, str]] = {
    "ai-terms": ("ai", "plain"),
    "euphemisms": ("ai", "euphemisms"),
    "responsibility": ("responsibility", "affirm"),
    "not-disclosure": ("claims", "not_disclosure"),
    "wholly-human": ("claims", "wholly_human"),
    "self-reference": ("work", "self_reference"),
}


def rule_slug(name: str) -> str | None:
    """The slug of the rule `name` names, by slug or code, in any case; None for no rule."""
    key = name.strip().lower()
    if key in RULE_CODES:
        return key
    return _SLUG_BY_CODE.get(key)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`did you mean 'x'?` for the closest of `known` to a misspelt `name` (case aside), else ""."""
    import difflib

    spelled = {k.lower(): k for k in known}
    close = difflib.get_close_matches(name.strip().lower(), list(spelled), n=1)
    return f"did you mean {spelled[close[0]]!r}?" if close else ""


def unknown_rule(name: str, where: str = "") -> str:
    """The message for a rule name that is neither a slug nor a code (`where`: " in a ...")."""
    hint = did_you_mean(name, [*RULE_CODES, *RULE_CODES.values()])
    return f"unknown rule {name!r}{where} ({hint + ' ' if hint else ''}see `disclosure-lint rules`)"
