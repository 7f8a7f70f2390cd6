"""The disclosure is hard for a typical reader to understand.

What it checks: (a) the disclosure never plainly says AI — it speaks only in euphemisms such as
"automation technology", "advanced software", "algorithmic assistance" (severity error); (b) it
names AI but reads far above plain language: a Flesch-Kincaid grade above the limit, or several
words of legalese and jargon ("heretofore", "pursuant", "stochastic", "fine-tuned") (warning).

Why: the role of AI must be disclosed in a way "that a typical reader would find sufficiently
easy to understand".

Failing examples:

    Portions of this text were produced with the assistance of automation technology.

    Pursuant to the aforementioned policy, portions hereof were instantiated via autoregressive
    stochastic inference utilizing a transformer-based large language model.

Passing example:

    I used ChatGPT, an AI chatbot, to draft parts of this book, then rewrote them myself.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import patterns as rx
from ..analysis.disclosure import Statements
from ..analysis.lexicon import load_lexicon
from ..config import Config
from ..model import Finding, Manuscript, Severity
from .base import finding, quote

SLUG = "disclosure-unclear"
CODE = "DL008"
SEVERITY = Severity.ERROR
POLICY = ("The role of AI ... is clearly disclosed ... and [in a way] that a typical reader would find "
          "sufficiently easy to understand.")

_VOWELS = rx.compile(r"[aeiouy]+")
_WORD = rx.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")


def syllables(word: str) -> int:
    """A syllable estimate good enough for a readability grade."""
    w = word.lower().strip("'-")
    if len(w) <= 3:
        return 1
    w = rx.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = rx.sub(r"^y", "", w)
    return max(1, len(_VOWELS.findall(w)))


def grade(sentences: list[str]) -> float:
    """Flesch-Kincaid grade level of a passage."""
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words or not sentences:
        return 0.0
    syl = sum(syllables(w) for w in words)
    return 0.39 * (len(words) / len(sentences)) + 11.8 * (syl / len(words)) - 15.59


def check(manuscript: Manuscript, statements: Statements, config: Config) -> Iterator[Finding]:
    primary = statements.primary
    if not primary:
        return
    first = primary[0]
    if all(s.reading.euphemism_only for s in primary):
        term = first.reading.mentions[0].text
        yield finding(
            SLUG, CODE, Severity.ERROR,
            f"the disclosure speaks of {quote(term)} but never plainly says AI; name it (e.g. \"an AI system, "
            "ChatGPT\") so a typical reader understands",
            first.location,
        )
        return
    lex = load_lexicon(config.phrases)
    texts = [s.text for s in primary]
    level = grade(texts)
    jargon = sorted({m.group(0).lower() for t in texts for m in lex.jargon.finditer(t)})
    if level > lex.max_grade or len(jargon) >= lex.max_jargon:
        why = (f"reads at grade {level:.0f}" if level > lex.max_grade
               else f"uses jargon ({', '.join(jargon[:4])})")
        yield finding(
            SLUG, CODE, Severity.WARNING,
            f"the disclosure {quote(first.text)} {why}, far above plain language; write it so a typical "
            "reader understands (short sentences, everyday words)",
            first.location,
        )
