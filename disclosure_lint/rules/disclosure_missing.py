"""No reader-visible statement discloses that AI generated part of the text.

What it checks: that somewhere a reader can see, the book says an AI system took part in
writing it ("The author generated this text in part with GPT-3 ...").

Why: the policy requires that "the role of AI in formulating the content is clearly disclosed in
a way that no reader could possibly miss". A book co-written with AI that says nothing fails
the first requirement; the other rules cannot even be judged.

Not disclosures: fiction about AI in the chapters ("The ship's AI drafted the treaty"), a
rights reservation ("may not be used to train artificial intelligence"), a denial ("No AI was
used in writing this book"), a submission policy or a publisher's policy quoted, a hypothesis
("this could have been written by a machine"), a book merely *about* AI, or AI that made only
what is not the text (the cover, illustrations, an audiobook voice, marketing copy): the message
then says so. Nor is chatbot residue (a reply left in the text, "Certainly! Here's a revised
version of your chapter"): it shows AI use without disclosing it, and the message then says the
book shows signs of AI use.

Failing example (a book with a foreword that never mentions AI):

    # Foreword
    This story came to me on a ferry.

Passing example:

    # Foreword
    The author generated this text in part with GPT-3, OpenAI's large-scale language-generation
    model. Upon generating draft language, the author reviewed, edited, and revised the language
    to their own liking and takes ultimate responsibility for the content of this publication.

Fix: `disclosure-lint insert --model NAME BOOK` adds the policy's stock text before the story.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import book_location, finding, quote

SLUG = "disclosure-missing"
CODE = "DL001"
SEVERITY = Severity.ERROR
POLICY = ("The role of AI in formulating the content is clearly disclosed in a way that no reader "
          "could possibly miss, and that a typical reader would find sufficiently easy to understand.")


#: The characters `shlex.quote` leaves a word unquoted for, those of ASCII (it also leaves letters
#: and digits beyond ASCII: such a path goes to it).
_SHELL_SAFE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_@%+=:,./-"


def shell_word(path: str) -> str:
    """The book's path as one word of a command line (quoted when it needs to be)."""
    if path and not path.strip(_SHELL_SAFE):
        return path  # what shlex.quote gives (nothing to quote), without importing shlex and its pattern
    import shlex  # only a path with a character to quote pays for the module (a plain check does not)

    return shlex.quote(path)


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    if statements.disclosures or statements.hidden:
        return
    why = ""
    if statements.denials or statements.wholly_human:
        why = " (it says no AI was used, which is not a disclosure)"
    elif statements.non_text:
        why = (f" ({quote(statements.non_text[0].text)} names AI only for work that is not the text, which "
               "needs no text disclosure)")
    signs = ""
    if statements.residue:
        first = statements.residue[0]
        signs = (f", though the book shows signs of AI use ({first.described}: {quote(first.text, 50)}, "
                 "see chatbot-residue)")
    # Standard input with no --stdin-filename has no file that insert could edit.
    target = f"{shell_word(manuscript.path)}`" if manuscript.path != "-" else "FILE` on the text saved as a file"
    yield finding(
        SLUG, CODE, SEVERITY,
        f"no reader-visible statement discloses that AI generated part of the text{why}{signs}; add one "
        f"before the story, e.g. with `disclosure-lint insert --model NAME {target}",
        book_location(manuscript),
    )
