"""AI-generated text published to inform the public, with no visible disclosure (EU AI Act).

What it checks, when the `[ai-use]` declaration says AI generated text (`[ai-use.text] use =
"generated"`) and that the book is published to inform the public on matters of public interest
(`public-interest = true`: reporting, essays, a report; not a novel): the book must say, where a
reader sees it, that the text was artificially generated, unless the declaration says the
AI-generated text underwent human review or editorial control (`human-review = true`) and names
the person or company that holds editorial responsibility (`responsibility = "..."`). A
disclosure anywhere a reader sees it counts (placement, roles and plain words are the other
rules'); one only in hidden text or metadata does not.

The rule runs only under the `eu-ai-act` profile (`--profile eu-ai-act`): it is not part of
OpenAI's 2021 policy, whose `disclosure-missing` asks a disclosure of every such book anyway. The
obligation applies from 2 August 2026 (article 113); the rule does not look at the date.
Fiction is outside article 50(4) unless it is published to inform the public on matters of
public interest: leave `public-interest` false and the rule is silent.

Why: Regulation (EU) 2024/1689, article 50(4): "Deployers of an AI system that generates or
manipulates text which is published with the purpose of informing the public on matters of
public interest shall disclose that the text has been artificially generated or manipulated.
This obligation shall not apply where [...] the AI-generated content has undergone a process of
human review or editorial control and where a natural or legal person holds editorial
responsibility for the publication of the content."

Failing example (with `public-interest = true` and AI-generated text, no `human-review`):

    # Chapter 1

    The council voted on Tuesday to close the harbour to cargo ships.

Passing example (same declaration):

    # A Note on the Use of AI

    Parts of this report were generated with GPT-4 and checked by the author.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import book_location, finding

SLUG = "public-interest-unlabelled"
CODE = "DL014"
SEVERITY = Severity.ERROR
POLICY = ("Deployers of an AI system that generates or manipulates text which is published with the purpose "
          "of informing the public on matters of public interest shall disclose that the text has been "
          "artificially generated or manipulated.")
SOURCE = ("EU AI Act, Regulation (EU) 2024/1689, article 50(4), applicable from 2 August 2026: "
          "https://eur-lex.europa.eu/eli/reg/2024/1689/oj")


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    declaration = config.declaration
    if declaration is None or declaration.generated_text is None or not declaration.public_interest:
        return
    if declaration.human_review and declaration.responsibility:
        return  # art. 50(4): reviewed, and a person holds editorial responsibility
    if statements.disclosures:
        return
    why = ("the [ai-use] declaration says AI generated text published to inform the public on matters of "
           "public interest")
    exempt = "or declare human-review = true and who holds editorial responsibility (responsibility = ...)"
    if statements.hidden:
        hidden = statements.hidden[0]
        yield finding(SLUG, CODE, SEVERITY,
                      f"{why}, and its only disclosure is in {hidden.where or 'hidden text'}, where no reader sees "
                      f"it; disclose it visibly {exempt}",
                      hidden.location)
        return
    yield finding(SLUG, CODE, SEVERITY,
                  f"{why}, but the book does not say so; disclose that the text was artificially generated "
                  f"{exempt} (EU AI Act art. 50(4))",
                  book_location(manuscript))
