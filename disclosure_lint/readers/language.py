"""The language of a book and of its sections: what the file declares, else what its words say.

Each reader hands over what its format declares: the metadata (EPUB ``dc:language``, DOCX core
properties, Markdown front matter, ``book.toml``, ``_quarto.yml``, the config's ``[book]``) in
`Metadata.language`, and what the markup says of each section (EPUB ``xml:lang``/``lang`` on
``<html>``, ``<body>`` and sectioning elements; DOCX ``w:lang`` of the runs, through the styles and
the document defaults) in `Section.language`. `settle` then decides, once for every format:

1. ``--lang`` or config ``lang`` force the book's language, for every section.
2. Else the metadata, as written ("fr-FR"); else the language most of the text's markup declares.
   A declaration may be a template's: a DOCX that says its language only in its styles' default
   (Google Docs and pandoc write "en" whatever the text; LibreOffice copies its default into the
   core properties), or a book whose metadata says one language and whose markup another for most
   of the text (every XHTML document of a French EPUB saying lang="en"), is settled by its words:
   a confident detection wins, else the declaration stands.
3. Else the language is detected from the text (`detect`), or left undecided (None: the analysis
   reads the book as English, as it always did).

A section keeps a language of its own only where it differs from the book's. A section of front or
back matter (a foreword, a note, an afterword: where a disclosure stands) that declares no other
language is also detected on its own, strictly, so that an English "Note on AI" in a French book
is read as English.

Detection counts the commonest short words of each language (``[detect] words`` in
``languages/<code>.toml``: articles, pronouns, prepositions) in a bounded sample of the visible
text, at most `SAMPLE_WORDS` words, so that it costs the same on a novel of 570,000 words as on
one of 50,000. A word several languages share counts for each of them in part. The best language
must cover enough of the sample and lead the next one by a margin; too little text or too close a
call leaves the language undecided.

The data files also give each language's section headings (`vocabulary` reads them); they are
parsed once, and kept beside the bytecode (`cache`) for the next run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .. import cache
from ..langtags import base
from ..model import Kind, Manuscript, Role, Section

#: The language files: `<code>.toml` (ISO 639-1 code) each.
DATA = Path(__file__).parent / "languages"

#: `Metadata.language_source` values: where the book's language came from.
FORCED = "forced"  # --lang or config `lang`
METADATA = "metadata"  # dc:language, core properties, front matter, book.toml, [book] language
MARKUP = "markup"  # xml:lang / lang, w:lang in the text (or the styles, when detection agrees)
#: A reader's word for a DOCX whose only declaration is its styles' default (the template's):
#: heard, but a confident detection overrides it; `settle` never leaves it in the metadata.
STYLES = "styles"
DETECTED = "detected"  # from the words

#: At most this many words of a book are read to tell its language.
SAMPLE_WORDS = 2_000
#: A book with fewer words than this is too short to tell.
MIN_WORDS = 40
#: A section of front or back matter is told apart from its book only from this many words.
SECTION_MIN_WORDS = 25
#: The best language's words must make up this share of the sample (weighted: a word that n
#: languages share counts 1/n for each) ...
MIN_SHARE = 0.15
#: ... and outweigh the next language's by this factor.
MIN_LEAD = 1.6
#: A section of front or back matter, shorter and where a wrong call costs a disclosure, needs more.
SECTION_MIN_SHARE = 0.2
SECTION_MIN_LEAD = 2.5

#: Sections whose words say nothing of the book's language (a title, a list of titles, a quotation).
_NOT_SAMPLED = frozenset({Kind.TITLE_PAGE, Kind.CONTENTS, Kind.EPIGRAPH})
#: Words: letters only (an elision is its own word: "l'homme" is "l", "homme").
_WORD = re.compile(r"[^\W\d_]+")
#: Punctuation dropped from the ends of a heading's words when it is looked up.
HEADING_PUNCTUATION = ".,:;!?()[]\u00ab\u00bb\"\u201c\u201d"
#: Phrase syntax (see fr.toml): a group of alternatives, optional when "?" follows.
_GROUP = re.compile(r"\(([^()]*)\)(\?)?")
_KINDS = frozenset(kind.name.lower() for kind in Kind)


# --- the data --------------------------------------------------------------------------------------


class Tables:
    """What the language files say, compiled for the readers (see `tables`)."""

    __slots__ = ("aliases", "chapter_words", "detect", "english_numbers", "exact", "folded_exact",
                 "folded_prefix", "languages", "names", "numbers", "other_chapter_words", "patterns",
                 "prefix", "prefix_words")

    def __init__(self, data: dict[str, Any]) -> None:
        #: The language codes, English first, then by code.
        self.languages: tuple[str, ...] = tuple(data["languages"])
        self.names: dict[str, str] = data["names"]
        #: Every name and code of a language, lower case ("fra", "français") → its code.
        self.aliases: dict[str, str] = data["aliases"]
        #: [kind, regular expression] in the order tried: English first.
        self.patterns: list[tuple[str, str]] = [(k, p) for k, p in data["patterns"]]
        #: The chapter words of every language, in file order ("chapter" first).
        self.chapter_words: tuple[str, ...] = tuple(data["chapter_words"])
        #: Those of the languages other than English.
        self.other_chapter_words: frozenset[str] = frozenset(data["other_chapter_words"])
        #: The number words of every language (for `#` in a phrase, and a bare number heading).
        self.numbers: frozenset[str] = frozenset(data["numbers"])
        #: English's, in order (for the English bare-number pattern).
        self.english_numbers: tuple[str, ...] = tuple(data["english_numbers"])
        #: Heading phrases → kind name: whole headings, and those that open a heading (" *").
        self.exact: dict[str, str] = data["exact"]
        self.prefix: dict[str, str] = data["prefix"]
        #: The same without accents, for a heading that drops them.
        self.folded_exact: dict[str, str] = data["folded_exact"]
        self.folded_prefix: dict[str, str] = data["folded_prefix"]
        #: The most words of a phrase that opens a heading.
        self.prefix_words: int = data["prefix_words"]
        #: Word → ((language index, weight), ...) for detection.
        self.detect: dict[str, tuple[tuple[int, float], ...]] = {
            word: tuple((i, w) for i, w in pairs) for word, pairs in data["detect"].items()}

    def code_of(self, tag: str | None) -> str | None:
        """The code of a known language for a tag ("fr-FR", "FR", "fra", "Deutsch"), else None."""
        if not tag:
            return None
        return self.aliases.get(base(tag))


_TABLES: list[Tables] = []


def tables() -> Tables:
    """The language files, compiled once per process (and kept in the cache between runs)."""
    if not _TABLES:
        files = sorted(DATA.glob("*.toml"), key=lambda p: (p.stem != "en", p.stem))
        if not files or files[0].stem != "en":
            # Without it no heading is named: a broken install, not a book to read badly.
            raise RuntimeError(f"{DATA / 'en.toml'} is missing: the installation is incomplete; reinstall "
                               "disclosure-lint")
        texts = tuple((p.stem, p.read_text("utf-8")) for p in files)
        header = ("disclosure-lint languages 1", texts)
        data = cache.load("languages", header)
        try:
            compiled = Tables(data) if isinstance(data, dict) else None
        except (KeyError, TypeError, ValueError):
            compiled = None  # a cached value of the right format but not this shape: compile again
        if compiled is None:
            data = compile_languages(texts)
            cache.store("languages", header, data)
            compiled = Tables(data)
        _TABLES.append(compiled)
    return _TABLES[0]


def expand(phrase: str) -> list[str]:
    """The headings a phrase stands for: "note de l'(auteur|autrice)" → two headings. Groups of
    alternatives, optional with "?", do not nest."""
    out = [""]
    at = 0
    for group in _GROUP.finditer(phrase):
        choices = group.group(1).split("|")
        if group.group(2):
            choices.append("")
        literal = phrase[at:group.start()]
        out = [done + literal + choice for done in out for choice in choices]
        at = group.end()
    if "(" in phrase[at:] or ")" in phrase[at:]:
        raise ValueError(f"heading phrase {phrase!r}: a group that does not close, or nests")
    return [heading_key(done + phrase[at:]) for done in out]


def heading_key(text: str) -> str:
    """A heading (already normalised: lower case, quotes straight) as the phrases are looked up:
    its words without the punctuation at their ends."""
    return " ".join(word for word in (w.strip(HEADING_PUNCTUATION) for w in text.split()) if word)


def fold(text: str) -> str:
    """Text without its accents ("Dédicace" → "Dedicace")."""
    if text.isascii():
        return text
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def compile_languages(texts: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Parse and compile the language files ((code, text), English first) into `Tables`' data;
    a file that says something this cannot read raises ValueError naming it."""
    from ..config import parse_toml

    languages: list[str] = []
    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    patterns: list[list[str]] = []
    chapter_words: list[str] = []
    other_chapter_words: set[str] = set()
    numbers: set[str] = set()
    english_numbers: list[str] = []
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    folded_exact: dict[str, str] = {}
    folded_prefix: dict[str, str] = {}
    prefix_words = 0
    detect_lists: list[set[str]] = []
    for code, text in texts:
        where = f"readers/languages/{code}.toml"
        try:
            data = parse_toml(text)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        unknown = set(data) - {"name", "aliases", "patterns", "headings", "chapters", "detect"}
        if unknown or not isinstance(data.get("name"), str):
            raise ValueError(f"{where}: unknown keys {sorted(unknown)} or no name")
        languages.append(code)
        names[code] = data["name"]
        for alias in [code, *str(data.get("aliases", "")).split()]:
            aliases.setdefault(alias.lower(), code)
        for kind, pattern in data.get("patterns", []):
            if kind not in _KINDS:
                raise ValueError(f"{where}: unknown kind {kind!r}")
            patterns.append([kind, pattern])
        chapters = data.get("chapters", {})
        chapter_words += [w for w in str(chapters.get("words", "")).split() if w not in chapter_words]
        if code != "en":
            other_chapter_words.update(str(chapters.get("words", "")).split())
        numbers.update(str(chapters.get("numbers", "")).split())
        if code == "en":
            english_numbers = str(chapters.get("numbers", "")).split()
        for kind, phrases in data.get("headings", {}).items():
            if kind not in _KINDS:
                raise ValueError(f"{where}: unknown kind {kind!r}")
            for phrase in phrases:
                opens = phrase.endswith(" *")
                for heading in expand(phrase.removesuffix(" *") if opens else phrase):
                    table, folded = (prefix, folded_prefix) if opens else (exact, folded_exact)
                    table.setdefault(heading, kind)
                    folded.setdefault(fold(heading), kind)
                    if opens:
                        prefix_words = max(prefix_words, heading.count(" ") + 1)
        detect_lists.append(set(str(data.get("detect", {}).get("words", "")).lower().split()))
    shared = Counter(word for words in detect_lists for word in words)
    detect: dict[str, list[list[float]]] = {}
    for index, words in enumerate(detect_lists):
        for word in sorted(words):
            detect.setdefault(word, []).append([index, 1 / shared[word]])
    return {"languages": languages, "names": names, "aliases": aliases, "patterns": patterns,
            "chapter_words": chapter_words,
            "other_chapter_words": sorted(other_chapter_words), "numbers": sorted(numbers),
            "english_numbers": english_numbers, "exact": exact, "prefix": prefix,
            "folded_exact": folded_exact, "folded_prefix": folded_prefix, "prefix_words": prefix_words,
            "detect": detect}


# --- what the markup declares -------------------------------------------------------------------------

#: XML's language attribute (``xml:lang``); HTML's is ``lang``.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def declared_language(get: Callable[[str], str | None]) -> str | None:
    """The language an element declares, from its attribute getter (``el.get``): ``xml:lang``,
    else ``lang``; None for none or an empty one (which says "unknown")."""
    value = get(XML_LANG) or get("lang")
    return value.strip() or None if value else None


def tally(counts: dict[str | None, int], language: str | None, size: int) -> None:
    """Count `size` characters of text in `language` (None: declared in no language)."""
    counts[language] = counts.get(language, 0) + size


def majority(counts: dict[str | None, int]) -> str | None:
    """The tag with the most text in a tally; None when undeclared text is the most, or for none."""
    if not counts:
        return None
    return max(counts.items(), key=lambda item: item[1])[0]


def docx_language(core: str | None, sections: Iterable[dict[str | None, int]],
                  styles: str | None) -> tuple[str | None, str | None]:
    """A Word document's language and where it comes from (`Metadata.language_source`): the core
    properties' ``dc:language``; else the ``w:lang`` most of the text is in (`tally` of each
    section). Either is only the template's when it is the styles' own (`styles`: the Normal
    style's, else the document defaults'), and then a detection may override it."""
    if core:
        # LibreOffice writes the document's default language there: as weak as the styles'.
        return core, STYLES if styles and base(core) == base(styles) else METADATA
    book: dict[str | None, int] = {}
    for counts in sections:
        for language, size in counts.items():
            tally(book, language, size)
    found = majority(book) or styles
    if not found:
        return None, None
    return found, STYLES if found == styles else MARKUP


# --- detection -------------------------------------------------------------------------------------


def words_of(texts: Iterable[str], limit: int = SAMPLE_WORDS) -> list[str]:
    """The first `limit` words (lower case) of some texts, reading no more text than needed."""
    out: list[str] = []
    for text in texts:
        out += _WORD.findall(text.lower())
        if len(out) >= limit:
            return out[:limit]
    return out


def scores(words: Sequence[str]) -> dict[str, float]:
    """Each language's weighted share of the words (a word n languages share counts 1/n)."""
    t = tables()
    totals = [0.0] * len(t.languages)
    detect = t.detect
    for word, count in Counter(words).items():
        pairs = detect.get(word)
        if pairs is not None:
            for index, weight in pairs:
                totals[index] += count * weight
    n = len(words) or 1
    return {code: total / n for code, total in zip(t.languages, totals, strict=True)}


def detect(words: Sequence[str], *, min_words: int = MIN_WORDS, min_share: float = MIN_SHARE,
           min_lead: float = MIN_LEAD) -> str | None:
    """The language of some words (see `words_of`), or None when there are too few of them or the
    call is too close."""
    if len(words) < min_words or len(tables().languages) < 2:
        return None
    ranked = sorted(scores(words).items(), key=lambda item: item[1], reverse=True)
    (best, share), (_, second) = ranked[0], ranked[1]
    if share < min_share or share < second * min_lead:
        return None
    return best


# --- the book's language ----------------------------------------------------------------------------


def same_language(a: str | None, b: str | None) -> bool:
    """Do two tags name one language ("fr-FR" and "fra" do; None is no language)?"""
    if not a or not b:
        return False
    t = tables()
    return (t.code_of(a) or base(a)) == (t.code_of(b) or base(b))


def settle(manuscript: Manuscript, forced: str | None = None) -> Manuscript:
    """The manuscript with its language decided (see the module docstring): `Metadata.language`
    and `language_source`, and `Section.language` only where a section's differs."""
    meta = manuscript.metadata
    sections = manuscript.sections
    if forced:
        sections = tuple(s._replace(language=None) if s.language else s for s in sections)
        return manuscript._replace(metadata=meta._replace(language=forced, language_source=FORCED),
                                   sections=sections)
    language, source = meta.language, meta.language_source
    if language and source is None:
        source = METADATA
    markup = _most_text(sections)
    if not language and markup:
        language, source = markup, MARKUP
    weak = source == STYLES
    # The markup says one language for most of the text, the metadata another: one of them is a
    # template's (a French book whose XHTML all says lang="en"); the words decide, if they can.
    conflict = bool(markup and language and not same_language(markup, language))
    noise: str | None = language if weak else None
    if not language or weak or conflict:
        found = detect(_sample(sections))
        if conflict and found is not None:
            if same_language(found, markup):
                language, source = markup, MARKUP
            elif same_language(found, language):
                noise = markup
        elif not conflict and found is not None and not same_language(found, language):
            language, source = found, DETECTED
        elif weak:
            source = MARKUP
    if noise:
        # The template's language: the sections that only inherit it declare nothing.
        sections = tuple(s._replace(language=None) if s.language == noise else s for s in sections)
    book = tables().code_of(language) or (base(language) if language else "en")
    out: list[Section] = []
    changed = False
    for section in sections:
        own = section.language
        if own and same_language(own, language):
            own = None
        if own is None and section.role is not Role.BODY and section.kind not in _NOT_SAMPLED:
            found = detect(words_of(b.text for b in section.blocks), min_words=SECTION_MIN_WORDS,
                           min_share=SECTION_MIN_SHARE, min_lead=SECTION_MIN_LEAD)
            if found is not None and found != book:
                own = found
        if own != section.language:
            section = section._replace(language=own)
            changed = True
        out.append(section)
    if changed:
        sections = tuple(out)
    if language != meta.language or source != meta.language_source:
        meta = meta._replace(language=language, language_source=source)
    return manuscript._replace(metadata=meta, sections=sections)


def _most_text(sections: Sequence[Section]) -> str | None:
    """The language the markup declares for most of the text (by characters), if it declares one
    for at least half of it."""
    declared: dict[str, int] = {}
    total = 0
    for section in sections:
        size = sum(len(b.text) for b in section.blocks)
        total += size
        if section.language:
            declared[section.language] = declared.get(section.language, 0) + size
    if not declared:
        return None
    tag, size = max(declared.items(), key=lambda item: item[1])
    return tag if size * 2 >= total else None


def _sample(sections: Sequence[Section]) -> list[str]:
    """The words a book's language is told from: the story's (its sections in the body), or where
    the story has too few, all the book's but a title page, a list of titles or a quotation."""
    story = words_of(b.text for s in sections if s.role is Role.BODY and s.kind not in _NOT_SAMPLED
                     for b in s.blocks)
    if len(story) >= MIN_WORDS:
        return story
    return words_of(b.text for s in sections if s.kind not in _NOT_SAMPLED for b in s.blocks)
