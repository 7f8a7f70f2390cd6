"""A chatbot's reply, prompt or interface text is left in the book.

What it checks: that no paragraph or line of the book is a chatbot's side of a conversation
rather than the book's: a reply that speaks to the writer about the writing ("Certainly! Here's a
revised version of your chapter", "I've rewritten the passage to align more with ...'s style",
"Let me know if you'd like me to adjust the tone"), a chatbot's words about itself or a refusal
("As an AI language model, I ...", "I can't help with that request"), the chat window's own words
("Regenerate response", "ChatGPT said:", "Copy code") and unfilled prompt slots ("[Insert
character name]", "[Your Name]", "{{protagonist}}"). Everywhere the text is: chapters, front and
back matter, headers and footnotes, DOCX tracked insertions, EPUB documents of the spine
(non-linear ones too); in a comment it is reported as `info` (comments are not published), in
other hidden text (hidden formatting, CSS, metadata) and in EPUB documents outside the reading
order (XHTML the manifest lists and the spine does not, or the zip holds and the manifest does not
list) as a warning: readers are not shown it, but the file carries it.

Why: published novels have shipped with such a reply still in a chapter, and readers found it
before the publisher did. It is the strongest evidence a book can carry that AI wrote part of it,
an embarrassment even in a book that discloses AI use, and it shows that nobody took
responsibility for the text as published. Residue never counts as a disclosure; in a book without
one, `disclosure-missing` says that the book shows signs of AI use. `insert` leaves residue alone
(a person must look) and prints the findings it leaves.

Not residue: dialogue and quotations ("Certainly!" said the butler. "Here's your tea."), a reply a
book introduces as a quotation ("ChatGPT replied:" before it), narration and letters that address
"you" about anything but a chatbot's writing, a polite closer alone ("I hope this helps."), and
brackets without an instruction word ("[sic]", "[Illegible]", stage directions).

Failing example (chapter 3 of a romance):

    # Chapter 3
    Ash's scales darken as his fire magic heats the air around us. I've rewritten the passage to
    align more with J. Bree's style, which features more tension and gritty undertones.

Passing example:

    # Chapter 3
    Ash's scales darken as his fire magic heats the air around us. "Certainly," Roman says.
    "Here's the map you asked for."

Fix: remove this chatbot reply from the text; if AI wrote part of the book, say so in a disclosure
(`disclosure-lint insert --model NAME BOOK`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.disclosure import Statements
from ..config import Config
from ..model import Finding, HiddenReason, Manuscript, Severity
from .base import finding, quote

SLUG = "chatbot-residue"
CODE = "DL010"
SEVERITY = Severity.ERROR
POLICY = "It is a human who must take ultimate responsibility for the content being published."

#: What to do, said in every finding.
ADVICE = "remove this chatbot reply from the text; if AI wrote part of the book, say so in a disclosure"
SLOT_ADVICE = "fill in or remove this prompt slot; if AI wrote part of the book, say so in a disclosure"


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    for residue in statements.residue:
        advice = SLOT_ADVICE if residue.kind == "slot" else ADVICE
        if residue.visible:
            severity = SEVERITY
            where = f" ({residue.where})" if residue.easy_to_miss and residue.where else ""
            said = f"{residue.described} left in the text{where}"
        elif residue.hidden_reason is HiddenReason.COMMENT:
            severity = Severity.INFO
            said = f"{residue.described} left in {residue.where or 'a comment'} (not published)"
        else:
            severity = Severity.WARNING
            said = (f"{residue.described} left in {residue.where or 'hidden text'} (readers do not see it, "
                    "but the file carries it)")
        yield finding(SLUG, CODE, severity, f"{said}: {quote(residue.text, 100)}; {advice}", residue.location)
