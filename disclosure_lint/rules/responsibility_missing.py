"""No statement that a human (or the publishing company) takes responsibility for the content.

What it checks: the book carries, in its front or back matter or beside the disclosure, a
sentence in which the author or publisher takes responsibility: "takes ultimate responsibility
for the content", "I take full responsibility", "Bluefin Press is responsible for ...",
"the judgment is mine", "any errors are my own", "I answer for every word". Only a person or a
company can take it: "ChatGPT is responsible for the content" or "Nobody is responsible" takes
none (an AI named as responsible gets its own message). Denials ("not responsible", "no
liability") do not count, nor do characters' words inside the story.

Why: the policy says "it is a human who must take ultimate responsibility for the content being
published".

Failing example:

    This story was assisted by an AI engine and reviewed and edited by our editorial staff.

Passing example:

    ... The author reviewed, edited, and revised the language and takes ultimate responsibility
    for the content of this publication.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import finding, quote

SLUG = "responsibility-missing"
CODE = "DL005"
SEVERITY = Severity.ERROR
POLICY = "It is a human who must take ultimate responsibility for the content being published."


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if not statements.disclosures or statements.responsibility:
        return
    if statements.ai_responsibility:
        said = statements.ai_responsibility[0]
        yield finding(
            SLUG, CODE, SEVERITY,
            f"{quote(said.text)} gives responsibility to an AI system, which cannot take it: a person or "
            "a company must; write e.g. \"The author takes ultimate responsibility for the content of this "
            "publication.\"",
            said.location,
        )
        return
    first = statements.primary[0]
    yield finding(
        SLUG, CODE, SEVERITY,
        "no statement that a human takes responsibility for the content; add e.g. \"The author takes "
        "ultimate responsibility for the content of this publication.\"",
        first.location,
    )
