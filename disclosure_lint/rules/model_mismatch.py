"""The disclosure does not name the AI systems that were actually used.

What it checks: when the model is known (`--model NAME` or `model = "..."` in config), the
disclosure names that system. Names match by family and version: "Claude" matches "Claude 3
Opus", but "GPT-3" does not match "GPT-4" or "GPT-3.5", and "GPT-4" does not match "GPT-4o".
Without a known model the rule stays silent. A system the tool does not know by name (`--model
"FooLM 2"`) passes when the disclosure names it as given.

With an `[ai-use]` declaration the rule checks every tool declared for the text and the
translation (`[[ai-use.tools]]`, or the kind's own `tools`), with `--model` too if given: the
disclosure names each of them, and names no other AI system the declaration leaves out (the
declaration and the disclosure must tell the same story). Tools declared only for images or
narration are not asked of a note about the text.

Why: the policy's stock language may be used "provided it is accurate": stock text about GPT-3
is only accurate for a book written with GPT-3. COPE asks that a disclosure say "which tool was
used".

Failing example (checked with `--model GPT-4`):

    The author generated this text in part with GPT-3, OpenAI's large-scale language-generation
    model. ...

Passing example (`--model GPT-4`):

    The author generated this text in part with GPT-4, OpenAI's large-scale language-generation
    model. ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import patterns as rx
from ..analysis.disclosure import Statements
from ..analysis.lexicon import lexicon_for
from ..analysis.normalize import fold_lookalikes
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import finding, quote

SLUG = "model-mismatch"
CODE = "DL009"
SEVERITY = Severity.ERROR
POLICY = "Here is some stock language you may use to describe your creative process, provided it is accurate."


def _key(name: str) -> list[str]:
    """Name → comparable tokens: "GPT 4" / "gpt-4" → ["gpt", "4"]; "Claude 3 Opus" → ["claude", "3", "opus"]."""
    # Look-alike letters fold as in the text ("GРT-4" with a Cyrillic Р is GPT-4).
    name = fold_lookalikes(name).lower().replace("chat gpt", "chatgpt")
    return [t for t in rx.split(r"[\s\-_/]+|(?<=[a-z])(?=\d)", name) if t]


def same_system(a: str, b: str) -> bool:
    """Does a name in the text fit the model used? One must be a token prefix of the other."""
    ka, kb = _key(a), _key(b)
    n = min(len(ka), len(kb))
    return n > 0 and ka[:n] == kb[:n]


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if config.declaration is not None and config.declaration.tools_for("text", "translation"):
        yield from _declared(statements, config, manuscript.metadata.language)
        return
    if not config.model or not statements.disclosures:
        return
    lex = lexicon_for(manuscript.metadata.language, config.phrases)
    used = lex.canonical(config.model) or config.model
    named = statements.systems()
    first = statements.primary[0]
    if lex.canonical(config.model) is None and _names_literally(statements, config.model):
        return  # a system the lexicon does not know, named as the user gave it
    if not named:
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the disclosure {quote(first.text)} does not name the AI system used ({used}); name it",
            first.location,
        )
        return
    if any(same_system(n, used) or same_system(n, config.model) for n in named):
        return
    where = next((s for s in statements.sentences_of(statements.primary) if s.reading.systems), first)
    yield finding(
        SLUG, CODE, SEVERITY,
        f"the disclosure names {', '.join(named)} but the model used is {used}; the text must be accurate",
        where.location,
    )


def _names_literally(statements: Statements, model: str) -> bool:
    """Does the disclosure's section name a model the lexicon does not know ("FooLM 2")?"""
    tokens = _key(model)
    if not tokens:
        return False
    pattern = rx.compile(r"(?<![\w-])" + r"[\s-]*".join(re.escape(t) for t in tokens) + r"(?![\w])",
                         re.IGNORECASE)
    return any(pattern.search(s.text) for s in statements.sentences_of(statements.primary))


def _declared(statements: Statements, config: Config, language: str | None) -> Iterator[Finding]:
    """The disclosure against the declaration's text and translation tools (and `--model`)."""
    if not statements.disclosures:
        return
    assert config.declaration is not None
    lex = lexicon_for(language, config.phrases)
    expected: list[str] = []
    for name in [*([config.model] if config.model else []),
                 *(t.name for t in config.declaration.tools_for("text", "translation"))]:
        used = lex.canonical(name) or name
        if not any(same_system(used, e) for e in expected):
            expected.append(used)
    named = statements.systems()
    first = statements.primary[0]
    missing = [e for e in expected if not any(same_system(n, e) for n in named)
               and not (lex.canonical(e) is None and _names_literally(statements, e))]
    if len(missing) == len(expected) and not named:
        listing = ", ".join(expected)
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the disclosure {quote(first.text)} does not name the AI system{'s' * (len(expected) > 1)} used "
            f"({listing}); name {'them' if len(expected) > 1 else 'it'}",
            first.location,
        )
        return
    where = next((s for s in statements.sentences_of(statements.primary) if s.reading.systems), first)
    extra = [n for n in named if not any(same_system(n, e) for e in expected)]
    if missing and extra:
        message = (f"the disclosure names {', '.join(extra)} where the [ai-use] declaration lists "
                   f"{', '.join(missing)}; the text must be accurate")
    elif missing:
        message = (f"the disclosure names {', '.join(named)} but not {', '.join(missing)}, which the [ai-use] "
                   "declaration lists; the text must be accurate")
    elif extra:
        message = (f"the disclosure names {', '.join(extra)}, which the [ai-use] declaration does not list "
                   f"(it lists {', '.join(expected)}); correct the disclosure or the declaration")
    else:
        return
    yield finding(SLUG, CODE, SEVERITY, message, where.location)
