"""The disclosure tells another story of the AI's part than the `[ai-use]` declaration.

What it checks, when the config has an `[ai-use]` declaration and the book a disclosure:

- the declaration says AI generated text (`[ai-use.text] use = "generated"`), but the disclosure
  gives the AI only a lesser part (it "edited", "suggested", "checked" the writer's text) and
  never says it generated, drafted, wrote or co-wrote any, nor how much of it;
- the declaration says AI did not generate text (only assisted, or no text use at all), but the
  disclosure says the AI generated, drafted or wrote text (or the translation, which the
  declaration does not give it);
- the declaration says AI generated the entire text, but the disclosure says "in part";
- the declaration says AI generated the translation, and the disclosure never says the AI
  translated.

A disclosure that gives the AI no role at all is `roles-undescribed`'s; a book without a
disclosure is `disclosure-missing`'s. Without a declaration the rule is silent.

Why: the stock language may be used "provided it is accurate", and "the relative roles of
drafting, editing, etc." must be described. What the book says and what the author tells stores
(KDP asks "AI-generated" or "AI-assisted", "some sections" or "entire work") must agree.

Failing example (with `[ai-use.text] use = "generated"`, `scope = "some"`):

    I used ChatGPT to fix my grammar and check my punctuation. I take full responsibility for
    the book.

Passing example (same declaration):

    ChatGPT drafted parts of chapters 3 and 7; I rewrote every line of them and take full
    responsibility for the book.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import finding, quote

SLUG = "use-mismatch"
CODE = "DL011"
SEVERITY = Severity.ERROR
POLICY = ("Here is some stock language you may use to describe your creative process, provided it is "
          "accurate. [...] one must detail in a Foreword or Introduction (or some place similar) the "
          "relative roles of drafting, editing, etc.")

#: Roles in which the AI made text (as `authorship-misrepresented` counts them).
_MAKING = frozenset({"generate", "draft", "write"})


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    declaration = config.declaration
    if declaration is None or not statements.disclosures:
        return
    group = statements.sentences_of(statements.primary)
    first = statements.primary[0]
    roles = statements.ai_roles()
    made = bool(roles & _MAKING) or any(s.reading.co_written for s in statements.primary)
    share = any(s.reading.proportion for s in group)
    text = declaration.used("text")
    translation = declaration.used("translation")
    if text is not None and text.generated:
        if roles and not made and not share and "translate" not in roles:
            did = ", ".join(sorted(roles))
            yield finding(
                SLUG, CODE, SEVERITY,
                f"the [ai-use] declaration says AI generated text ({_scope(text.scope, text.sections)}), but the "
                f"disclosure {quote(first.text)} says only that it did this: {did}; say what it generated or drafted",
                first.location,
            )
        elif text.whole and any(s.reading.partial for s in group) and not share:
            partial = next(s for s in group if s.reading.partial)
            yield finding(
                SLUG, CODE, SEVERITY,
                f"{quote(partial.text)} says AI made part of the text, but the [ai-use] declaration says it "
                "generated the entire work; correct one of them",
                partial.location,
            )
    elif made:
        where = next((s for s in group if s.reading.ai_roles & _MAKING or s.reading.co_written), first)
        declared = "assisted with the text only" if text is not None else "took no part in the text"
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the disclosure {quote(where.text)} says AI made text, but the [ai-use] declaration says AI "
            f"{declared}; correct one of them (stores ask whether text was AI-generated)",
            where.location,
        )
    if translation is not None and translation.generated and "translate" not in roles:
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the [ai-use] declaration says AI generated the translation ({_scope(translation.scope, ())}), "
            f"but the disclosure {quote(first.text)} does not say so; say that AI translated it",
            first.location,
        )
    elif translation is None and "translate" in roles:
        where = next((s for s in group if "translate" in s.reading.ai_roles), first)
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the disclosure {quote(where.text)} says AI translated the text, but the [ai-use] declaration "
            "declares no AI translation; add [ai-use.translation] or correct the disclosure",
            where.location,
        )


def _scope(scope: str, sections: tuple[str, ...]) -> str:
    if scope == "entire":
        return "the entire work"
    return f"some sections: {', '.join(sections)}" if sections else "some sections"
