"""The names a user types for parts of the tool: rules (slug or code), `[phrases]` lists and
policy profiles.

Data, below everything that reads a name: the config checks `[severity]` keys and `[phrases]`
lists against it, the CLI `--select`, `--ignore` and `explain`, the inline comments their rules,
and none of them imports the rules or the lexicon to do so (imports go one way: see
`tests/test_layers.py`). The rule registry (`rules/__init__.py`) stays the truth about a rule;
a test checks that this table names the same rules with the same codes, in the same order.

A rule is named by its slug (`responsibility-missing`) or its code (`DL005`), in any case;
inside, it is always the slug.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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
    "chatbot-residue": "DL010",
    "use-mismatch": "DL011",
    "human-authored-conflict": "DL012",
    "metadata-mismatch": "DL013",
    "public-interest-unlabelled": "DL014",
    # DL100 and DL101 are the notes of an unknown rule in a comment and an unsupported language.
    "text-in-image": "DL102",
}

#: Notes that are not rules (no rule module makes them) but are named like rules, so that
#: `--ignore`, `--select`, config `[severity]` and inline comments can turn them off.
NOTICE_CODES: dict[str, str] = {
    "language-unsupported": "DL101",
}

_SLUG_BY_CODE = {code.lower(): slug for slug, code in (*RULE_CODES.items(), *NOTICE_CODES.items())}

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
    if key in RULE_CODES or key in NOTICE_CODES:
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
    hint = did_you_mean(name, [*RULE_CODES, *RULE_CODES.values(), *NOTICE_CODES, *NOTICE_CODES.values()])
    return f"unknown rule {name!r}{where} ({hint + ' ' if hint else ''}see `disclosure-lint rules`)"


# --- policy profiles (issue 16): the names; their data is `profiles/<name>.toml` ---------------

#: The profiles, by name, in the order they are listed (an explicit table, not a folder scan).
PROFILES: tuple[str, ...] = ("openai-2021", "kdp", "authors-guild", "ingram", "eu-ai-act", "cope")
DEFAULT_PROFILE = "openai-2021"
#: The rules of `openai-2021.toml`, each at its rule's default severity.
DEFAULT_RULES: frozenset[str] = frozenset({
    "disclosure-missing", "disclosure-hidden", "disclosure-placement", "roles-undescribed",
    "responsibility-missing", "attribution-missing", "authorship-misrepresented", "disclosure-unclear",
    "model-mismatch", "chatbot-residue", "use-mismatch", "human-authored-conflict", "metadata-mismatch",
    "text-in-image",
})


def unknown_profile(name: str) -> str:
    """`unknown profile 'kpd' (did you mean 'kdp'? available: openai-2021, kdp, ...)`."""
    hint = did_you_mean(name, PROFILES)
    return f"unknown profile {name!r} ({hint + ' ' if hint else ''}available: {', '.join(PROFILES)})"


def parse_profiles(names: Iterable[str], fail: Callable[[str], Exception]) -> tuple[str, ...]:
    """Profile names as given (config `profile`, `--profile`, comma-separated or repeated),
    checked, in order, without repeats; an unknown one is `fail(message)`."""
    out: dict[str, None] = {}
    for given in names:
        for name in given.replace(" ", ",").split(","):
            key = name.strip().lower()
            if not key:
                continue
            if key not in PROFILES:
                raise fail(unknown_profile(name.strip()))
            out[key] = None
    if not out:
        raise fail(f"no profile named (available: {', '.join(PROFILES)})")
    return tuple(out)
