"""The disclosure does not say what the AI did and what the human did.

What it checks: the disclosure (with the sentences around it in the same section) names a
writing role for the AI — generated, drafted, wrote, suggested, edited, assisted — and a role
for the human — reviewed, edited, revised, rewrote, outlined, directed, selected — or states the
share each had ("about 5% of the text is AI-generated"). Vague words ("AI helped", "a tool",
"a collaborative effort", "created with AI", "for various stages") describe no role. A share
("ChatGPT did about 40% of the work", "95% written by AI") describes the relative roles.

Why: the policy asks that one "detail ... the relative roles of drafting, editing, etc.".

Failing example:

    This book was created with AI.

Passing example:

    I used ChatGPT to draft the early chapters; I rewrote every line of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..analysis.lexicon import lexicon_for
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import finding, quote

SLUG = "roles-undescribed"
CODE = "DL004"
SEVERITY = Severity.ERROR
POLICY = "One must detail in a Foreword or Introduction (or some place similar) the relative roles of drafting, editing, etc."


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if not statements.disclosures or statements.wholly_ai():
        return
    lex = lexicon_for(manuscript.metadata.language, config.phrases)
    ai_roles = statements.ai_roles() & lex.ai_writing_roles
    human_roles = statements.human_roles() & lex.human_writing_roles
    proportion = any(s.reading.proportion for s in statements.sentences_of(statements.primary))
    first = statements.primary[0]
    if not ai_roles and not proportion:
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the disclosure {quote(first.text)} does not say what the AI did: say whether it generated, "
            "drafted, suggested or edited text, and what you did (reviewed, edited, revised ...)",
            first.location,
        )
    elif not human_roles and not proportion:
        did = ", ".join(sorted(ai_roles))
        yield finding(
            SLUG, CODE, SEVERITY,
            f"the disclosure says what the AI did ({did}) but not what the human did: add e.g. "
            "\"the author reviewed, edited, and revised the language\"",
            first.location,
        )
