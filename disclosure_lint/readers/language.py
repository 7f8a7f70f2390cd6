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

The data files also give each language's section headings (`vocabulary` reads them). A file is
read once per process, and only the parts a book needs (see `Tables`), its simple forms line by
line; what is compiled from it is kept beside the bytecode (`cache`) for the next run, and ships
with the package for the files as they are (`_shipped`), so a run without the cache reads it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import cache, packed
from ..langtags import base
from ..model import Kind, Manuscript, Role, Section
from ..patterns import LazyPattern

if TYPE_CHECKING:
    from typing import TypeGuard

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
SAMPLE_WORDS = 1_000
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
#: Words (an elision is its own word: "l'homme" is "l", "homme"; a number is a word of no language).
_WORD = LazyPattern(r"\w+")
#: Punctuation dropped from the ends of a heading's words when it is looked up.
HEADING_PUNCTUATION = ".,:;!?()[]\u00ab\u00bb\"\u201c\u201d"
_KINDS = frozenset(kind.name.lower() for kind in Kind)


# --- the data --------------------------------------------------------------------------------------


#: Where the part of a language file that is read only when a heading needs it starts.
_HEADINGS = "\n[headings]\n"


class Tables:
    """What the language files say, compiled for the readers (see `tables`).

    What every book needs (the languages' names, chapter and number words, and the words that
    tell them apart) is read at once; the headings, last in each file, when a heading needs
    them: English's regular expressions on the first heading that is no chapter, the other
    languages' phrases on the first heading English does not name.
    """

    __slots__ = ("_buckets", "_headings", "_patterns", "_phrases", "_tails", "aliases", "chapter_words",
                 "detect", "english_numbers", "languages", "numbers", "other_chapter_words", "page_words")

    def __init__(self, data: dict[str, Any], tails: Sequence[tuple[str, str]]) -> None:
        #: The language codes, English first, then by code.
        self.languages: tuple[str, ...] = tuple(data["languages"])
        #: Every name and code of a language, lower case ("fra", "français") → its code.
        self.aliases: dict[str, str] = data["aliases"]
        #: The chapter words of every language, in file order ("chapter" first).
        self.chapter_words: tuple[str, ...] = tuple(data["chapter_words"])
        #: Those of the languages other than English.
        self.other_chapter_words: frozenset[str] = frozenset(data["other_chapter_words"])
        #: The number words of every language (for `#` in a phrase, and a bare number heading).
        self.numbers: frozenset[str] = frozenset(data["numbers"])
        #: English's, in order (for the English bare-number pattern).
        self.english_numbers: tuple[str, ...] = tuple(data["english_numbers"])
        #: Word → the languages (indices) whose commonest words it is, for detection.
        self.detect: dict[str, list[int]] = data["detect"]
        #: "copyright", "ai" → the phrases of every language that name such a page (`[pages]`).
        self.page_words: dict[str, list[str]] = data["page_words"]
        #: (code, the `[headings]` part of its file), read when first needed.
        self._tails = tuple(tails)
        self._patterns: list[tuple[str, str]] | None = None
        self._headings: tuple[tuple[str, str], ...] | None = None
        self._buckets: dict[str, list[int]] | None = None
        self._phrases: dict[tuple[int, ...], Phrases] = {}

    def code_of(self, tag: str | None) -> str | None:
        """The code of a known language for a tag ("fr-FR", "FR", "fra", "Deutsch"), else None."""
        if not tag:
            return None
        return self.aliases.get(base(tag))

    def patterns(self) -> list[tuple[str, str]]:
        """English's [kind, regular expression] pairs, in the order tried."""
        if self._patterns is None:
            english = [tail for code, tail in self._tails if code == "en"]
            header = ("disclosure-lint heading patterns 1", tuple(english))
            data = cache.load("language-patterns", header)
            if not _is_pairs(data):
                data = _shipped("language-patterns", header)
                if not _is_pairs(data):
                    data = compile_patterns(english[0]) if english else []
                cache.store("language-patterns", header, data)
            self._patterns = [(kind, pattern) for kind, pattern in data]
        return self._patterns

    def headings(self) -> tuple[tuple[str, str], ...]:
        """The other languages' heading phrases as written: ((kind, phrase), ...) in file order,
        read from their lines (`phrase_lines`)."""
        if self._headings is None:
            self._headings = tuple(pair for code, tail in self._tails if code != "en"
                                   for pair in phrase_lines(tail, code))
        return self._headings

    def buckets(self) -> dict[str, list[int]]:
        """First word of a heading phrase (as written, and without accents; "#" for a number) →
        the phrases that start with it (indices into `headings`), on the first heading English
        does not name. A heading is looked up only in the phrases that start with its first word,
        and they alone are expanded (`phrases_for`); kept in the cache between runs."""
        if self._buckets is None:
            header = ("disclosure-lint heading words 2", self._tails)
            data = cache.load("language-heading-words", header)
            if not _is_buckets(data):
                data = _shipped("language-heading-words", header)
                if not _is_buckets(data):
                    data = heading_words(self.headings())
                cache.store("language-heading-words", header, data)
            self._buckets = data
        return self._buckets

    def phrases_for(self, firsts: Iterable[str]) -> Phrases:
        """Lookup tables of the phrases that start with one of the words `firsts` (`buckets`),
        built once for each set of phrases."""
        buckets = self.buckets()
        indices = tuple(sorted({index for first in firsts for index in buckets.get(first, ())}))
        found = self._phrases.get(indices)
        if found is None:
            headings = self.headings()
            found = self._phrases[indices] = Phrases(*compile_headings(headings[i] for i in indices))
        return found


class Phrases:
    """Heading phrases of the languages other than English, as lookup tables (`compile_headings`)."""

    __slots__ = ("exact", "folded_exact", "folded_prefix", "prefix", "prefix_words")

    def __init__(self, exact: dict[str, str], prefix: dict[str, str], folded_exact: dict[str, str],
                 folded_prefix: dict[str, str], prefix_words: int) -> None:
        #: Heading → kind name: whole headings, and those that open a heading (" *").
        self.exact = exact
        self.prefix = prefix
        #: The same without accents, for a heading that drops them.
        self.folded_exact = folded_exact
        self.folded_prefix = folded_prefix
        #: The most words of a phrase that opens a heading.
        self.prefix_words = prefix_words


_TABLES: list[Tables] = []


def tables() -> Tables:
    """The language files, read once per process (and kept in the cache between runs)."""
    if not _TABLES:
        heads, tails = _read_files()
        header = ("disclosure-lint languages 8", tuple(heads))
        compiled = _tables(cache.load("languages", header), tails)
        if compiled is None:
            data = _shipped("languages", header)
            compiled = _tables(data, tails)
            if compiled is None:
                data = compile_languages(heads)
                compiled = Tables(data, tails)
            cache.store("languages", header, data)
        _TABLES.append(compiled)
    return _TABLES[0]


def _read_files() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The language files, English first: (code, what precedes `[headings]`) and (code, the rest)."""
    import os

    # os.listdir, not Path.glob: a tenth of the cost, at every start.
    codes = sorted((name[:-5] for name in os.listdir(DATA) if name.endswith(".toml")),
                   key=lambda code: (code != "en", code))
    if not codes or codes[0] != "en":
        # Without it no heading is named: a broken install, not a book to read badly.
        raise RuntimeError(f"{DATA / 'en.toml'} is missing: the installation is incomplete; reinstall "
                           "disclosure-lint")
    heads: list[tuple[str, str]] = []
    tails: list[tuple[str, str]] = []
    for code in codes:
        with open(os.path.join(DATA, f"{code}.toml"), encoding="utf-8") as file:
            head, found, tail = file.read().partition(_HEADINGS)
        heads.append((code, head))
        tails.append((code, found.lstrip("\n") + tail))
    return heads, tails


def _tables(data: Any, tails: Sequence[tuple[str, str]]) -> Tables | None:
    """`Tables` of a stored value; None where it is not of their shape (then compile again)."""
    try:
        return Tables(data, tails) if isinstance(data, dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def _is_pairs(data: Any) -> TypeGuard[list[list[str]]]:
    return isinstance(data, list) and all(isinstance(pair, list) and len(pair) == 2 for pair in data)


def _is_buckets(data: Any) -> TypeGuard[dict[str, list[int]]]:
    return isinstance(data, dict) and all(isinstance(v, list) for v in data.values())


def heading_words(headings: Sequence[tuple[str, str]]) -> dict[str, list[int]]:
    """`Tables.buckets` of these heading phrases."""
    data: dict[str, list[int]] = {}
    for index, (_, phrase) in enumerate(headings):
        word = phrase.split(" ", 1)[0]
        for first in (first_words(phrase) if "(" in word else (word,)):
            data.setdefault(first, []).append(index)
            if not first.isascii() and fold(first) != first:
                data.setdefault(fold(first), []).append(index)
    return data


def shipped(name: str, header: tuple[Any, ...]) -> Any | None:
    """A value shipped beside the language files under `name` (see `_shipped`), for `header`."""
    return _shipped(name, header)


def _shipped(name: str, header: tuple[Any, ...]) -> Any | None:
    """What the data files compile to under the cache's `name` (`languages`, `language-heading-words`,
    `language-patterns`), computed when they were written and shipped beside them
    (`languages/<name>.packed`, see `packed`): a run without the cache reads it instead of compiling
    the files (some 5 M instructions of a cold check that names a title heading). Used only for the
    files it was made from; `write_packed` writes it again."""
    return packed.load_value(DATA / f"{name}.packed", header)


def shipped_values() -> dict[str, tuple[tuple[Any, ...], Any]]:
    """Each value `_shipped` reads, (header, value), as compiled from the files as they are."""
    heads, tails = _read_files()
    data = compile_languages(heads)
    english = [tail for code, tail in tails if code == "en"]
    from .vocabulary import GATES, _gates_header, heading_gates  # (the heading patterns are vocabulary's)

    patterns, gates = heading_gates(Tables(data, tails))
    return {
        GATES: (_gates_header(patterns), gates),
        "languages": (("disclosure-lint languages 8", tuple(heads)), data),
        "language-heading-words": (("disclosure-lint heading words 2", tuple(tails)),
                                   heading_words(Tables(data, tails).headings())),
        "language-patterns": (("disclosure-lint heading patterns 1", tuple(english)),
                              compile_patterns(english[0]) if english else []),
    }


def write_packed() -> list[Path]:
    """Write the values `_shipped` reads again (`python -m disclosure_lint.readers.language`), each
    that is not already there: their bytes vary from run to run (the order of a set, what
    `marshal` marks as shared) while the value does not. The files written."""
    written = []
    for name, (header, value) in shipped_values().items():
        target = DATA / f"{name}.packed"
        if packed.load_value(target, header) == value:
            continue
        target.write_bytes(packed.pack_value(header, value))
        written.append(target)
    return written


def expand(phrase: str) -> list[str]:
    """The headings a phrase stands for: "note de l'(auteur|autrice)" → two headings. Groups of
    alternatives, optional with "?", do not nest. (Read with `str.find`, not a pattern: a run
    whose phrases come from the cache compiles nothing for them.)"""
    out = [""]
    at = 0
    while (start := phrase.find("(", at)) >= 0:
        end = phrase.find(")", start)
        if end < 0 or "(" in phrase[start + 1:end]:
            raise ValueError(f"heading phrase {phrase!r}: a group that does not close, or nests")
        choices = phrase[start + 1:end].split("|")
        end += 1
        if phrase[end:end + 1] == "?":
            choices.append("")
            end += 1
        literal = phrase[at:start]
        out = [done + literal + choice for done in out for choice in choices]
        at = end
    if ")" in phrase[at:]:
        raise ValueError(f"heading phrase {phrase!r}: a group that does not close, or nests")
    return [" ".join((done + phrase[at:]).split()) for done in out]


def heading_key(text: str) -> str:
    """A heading (already normalised: lower case, quotes straight) as the phrases are looked up:
    its words without the punctuation at their ends."""
    return " ".join(word for word in (w.strip(HEADING_PUNCTUATION) for w in text.split()) if word)


class _Bare(dict[int, str]):
    """Character → the character without its accents, found on first use (for `str.translate`)."""

    def __missing__(self, code: int) -> str:
        import unicodedata

        bare = self[code] = "".join(ch for ch in unicodedata.normalize("NFKD", chr(code))
                                    if not unicodedata.combining(ch))
        return bare


_FOLD = _Bare()


def fold(text: str) -> str:
    """Text without its accents ("Dédicace" → "Dedicace")."""
    return text if text.isascii() else text.translate(_FOLD)


def compile_languages(heads: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Parse what precedes `[headings]` in the language files ((code, text), English first) into
    `Tables`' data; a file that says something this cannot read raises ValueError naming it."""
    from ..config import parse_toml

    languages: list[str] = []
    aliases: dict[str, str] = {}
    chapter_words: list[str] = []
    other_chapter_words: set[str] = set()
    numbers: set[str] = set()
    english_numbers: list[str] = []
    detect_lists: list[set[str]] = []
    page_words: dict[str, list[str]] = {}
    for code, text in heads:
        where = f"readers/languages/{code}.toml"
        data = simple_toml(text)
        if data is None:
            try:
                data = parse_toml(text)
            except ValueError as exc:
                raise ValueError(f"{where}: {exc}") from exc
        unknown = set(data) - {"name", "aliases", "chapters", "detect", "pages"}
        if unknown or not isinstance(data.get("name"), str):
            raise ValueError(f"{where}: unknown keys {sorted(unknown)} before [headings] (the last table), "
                             "or no name")
        languages.append(code)
        for alias in [code, *str(data.get("aliases", "")).split()]:
            aliases.setdefault(alias.lower(), code)
        chapters = data.get("chapters", {})
        words = str(chapters.get("words", "")).split()
        chapter_words += [w for w in words if w not in chapter_words]
        if code != "en":
            other_chapter_words.update(words)
        numbers.update(str(chapters.get("numbers", "")).split())
        if code == "en":
            english_numbers = str(chapters.get("numbers", "")).split()
        detect_lists.append(set(str(data.get("detect", {}).get("words", "")).lower().split()))
        for key in ("copyright", "ai"):
            phrases = page_words.setdefault(key, [])
            phrases += [p for p in str(data.get("pages", {}).get(key, "")).split("|")
                        if p.strip() and p not in phrases]
    detect: dict[str, list[int]] = {}
    for index, listed in enumerate(detect_lists):
        for word in listed:
            detect.setdefault(word, []).append(index)
    return {"languages": languages, "aliases": aliases, "chapter_words": chapter_words,
            "other_chapter_words": sorted(other_chapter_words), "numbers": sorted(numbers),
            "english_numbers": english_numbers, "detect": detect, "page_words": page_words}


def simple_toml(text: str) -> dict[str, Any] | None:
    """TOML in the few forms the language files use before `[headings]` (`[table]` lines and
    `key = 'literal string'` lines, comments, blank lines), read line by line at a tenth of a
    parser's cost; None for anything else (the caller then parses it)."""
    data: dict[str, Any] = {}
    table = data
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] == "#":
            continue
        if line[0] == "[":
            name = line[1:-1]
            if line[-1] != "]" or not name.isidentifier() or name in data:
                return None
            table = data[name] = {}
            continue
        key, sep, value = line.partition(" = '")
        if not sep or not key.isidentifier() or key in table or value[-1:] != "'" or "'" in value[:-1]:
            return None
        table[key] = value[:-1]
    return data


def compile_patterns(tail: str) -> list[list[str]]:
    """English's `patterns` (the `[headings]` part of en.toml): [kind, regular expression] pairs,
    in order."""
    from ..config import parse_toml

    out: list[list[str]] = []
    if not tail:
        return out
    # The pairs are one a line, ['kind', '''regular expression'''], and read as such; any other
    # layout is parsed.
    lines = [line.strip() for line in tail.splitlines()]
    lines = [line for line in lines if line and line[0] != "#"]
    pairs: list[list[str]] = []
    if lines[:2] == ["[headings]", "patterns = ["] and lines[-1] == "]":
        for line in lines[2:-1]:
            body = line.removesuffix(",").removesuffix("''']").removeprefix("['")
            kind, sep, pattern = body.partition("', '''")
            if not (sep and line.startswith("['") and line.endswith(("'''],", "''']")) and kind.isidentifier()
                    and "'''" not in pattern):
                pairs = []
                break
            pairs.append([kind, pattern])
    if not pairs:
        try:
            pairs = parse_toml(tail).get("headings", {}).get("patterns", [])
        except ValueError as exc:
            raise ValueError(f"readers/languages/en.toml: {exc}") from exc
    for kind, pattern in pairs:
        if kind not in _KINDS:
            raise ValueError(f"readers/languages/en.toml: unknown kind {kind!r}")
        out.append([kind, pattern])
    return out


def phrase_lines(tail: str, code: str) -> list[tuple[str, str]]:
    """The heading phrases of a `[headings]` part, (kind, phrase) in order, read from its lines
    without parsing it: `kind = '''`, then a phrase a line, then `'''`, the layout of every file
    (a test holds each to what a TOML parser reads in it)."""
    out: list[tuple[str, str]] = []
    kind: str | None = None
    for line in tail.splitlines():
        text = line.strip()
        if kind is not None:
            if text == "'''":
                kind = None
            elif text:
                out.append((kind, text))
        elif text.endswith("= '''") and not text.startswith("#"):
            kind = text[:-5].strip()
            if kind not in _KINDS:
                raise ValueError(f"readers/languages/{code}.toml: unknown kind {kind!r}")
    return out


def first_words(phrase: str) -> set[str]:
    """The words the headings of a phrase start with, found without expanding the whole phrase
    (the group it starts with, if any, and what follows an optional one)."""
    phrase = phrase.removesuffix(" *")
    if phrase[:1] != "(":
        word = phrase.split(" ", 1)[0]
        if "(" not in word:
            return {word}
        return {heading.split(" ", 1)[0] for heading in expand(phrase)}  # a group inside the word
    close = phrase.find(")")
    if close < 0 or "(" in phrase[1:close]:
        return {heading.split(" ", 1)[0] for heading in expand(phrase)}  # (and `expand` says what is wrong)
    optional = phrase[close + 1:close + 2] == "?"
    rest = phrase[close + 1 + optional:]
    out: set[str] = set()
    for choice in phrase[1:close].split("|") + ([""] if optional else []):
        if not choice.strip():
            out |= first_words(rest.lstrip()) if rest.strip() else set()
        elif " " in choice.strip() or choice.endswith(" ") or not rest or rest.startswith(" "):
            out.add(choice.split()[0])
        else:
            out |= {heading.split(" ", 1)[0] for heading in expand(choice + rest)}  # glued to what follows
    return out


def compile_headings(headings: Iterable[tuple[str, str]]) -> list[Any]:
    """The heading phrases ((kind, phrase), in order) as `Phrases`' tables: the first phrase to
    give a heading names its kind."""
    exact: dict[str, str] = {}
    prefix: dict[str, str] = {}
    folded_exact: dict[str, str] = {}
    folded_prefix: dict[str, str] = {}
    longest = 0
    for kind, phrase in headings:
        opens = phrase.endswith(" *")
        table, folded = (prefix, folded_prefix) if opens else (exact, folded_exact)
        for heading in expand(phrase[:-2] if opens else phrase):
            table.setdefault(heading, kind)
            folded.setdefault(fold(heading), kind)
            if opens:
                longest = max(longest, heading.count(" ") + 1)
    return [exact, prefix, folded_exact, folded_prefix, longest]


# --- what the markup declares -------------------------------------------------------------------------

#: XML's language attribute (``xml:lang``); HTML's is ``lang``.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def declared_language(get: Callable[[str], str | None]) -> str | None:
    """The language an element declares, from its attribute getter (``el.get``): ``xml:lang``,
    else ``lang``; None for none or an empty one (which says "unknown")."""
    value = get(XML_LANG) or get("lang")
    return value.strip() or None if value else None


def majority(counts: dict[str | None, int]) -> str | None:
    """The tag with the most text in a tally; None when undeclared text is the most, or for none."""
    if not counts:
        return None
    return max(counts.items(), key=lambda item: item[1])[0]


def docx_language(core: str | None, sections: Iterable[dict[str | None, int]],
                  styles: str | None) -> tuple[str | None, str | None]:
    """A Word document's language and where it comes from (`Metadata.language_source`): the core
    properties' ``dc:language``; else the ``w:lang`` most of the text is in (a tally of each
    section). Either is only the template's when it is the styles' own (`styles`: the Normal
    style's, else the document defaults'), and then a detection may override it."""
    if core:
        # LibreOffice writes the document's default language there: as weak as the styles'.
        return core, STYLES if styles and base(core) == base(styles) else METADATA
    book: dict[str | None, int] = {}
    for counts in sections:
        for language, size in counts.items():
            book[language] = book.get(language, 0) + size
    found = majority(book) or styles
    if not found:
        return None, None
    return found, STYLES if found == styles else MARKUP


# --- detection -------------------------------------------------------------------------------------


def words_of(texts: Iterable[str], limit: int = SAMPLE_WORDS) -> list[str]:
    """The first `limit` words (lower case) of some texts, reading no more text than needed."""
    out: list[str] = []
    findall = _WORD.compiled.findall
    for text in texts:
        out += findall(text.lower())
        if len(out) >= limit:
            return out[:limit]
    return out


def scores(words: Sequence[str]) -> dict[str, float]:
    """Each language's weighted share of the words (a word n languages share counts 1/n)."""
    t = tables()
    totals = [0.0] * len(t.languages)
    detect = t.detect
    for word, count in Counter(words).items():
        indices = detect.get(word)
        if indices is not None:
            weight = count / len(indices)
            for index in indices:
                totals[index] += weight
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
    declared = {s.language for s in sections if s.language}
    agree = bool(language) and all(same_language(tag, language) for tag in declared)
    markup = _most_text(sections) if declared and not agree else None
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


if __name__ == "__main__":
    import sys

    for target in write_packed():
        sys.stdout.write(f"{target.relative_to(DATA.parent)}\n")
