"""The literal words each phrasing of a language's lexicon needs, read once and kept with the data.

A run that cannot keep its compiled patterns (the cache off, a first run) compiles only the
phrasings of a list whose literal words a sentence holds (`lexicon.Alternatives`); what each
phrasing needs is read from its pattern (`literals.required`), some 1.5 microseconds for each of
its pieces: 9 ms for what a French foreword searches, 5 ms for an English one, more than the
compiling it spares. The answers depend on the lexicon's data alone, so they are written beside it
(`lexicon/<language>.literals`) and read in a fraction of that.

With them go the other sets of strings each phrasing's matches hold, read at every depth of the
pattern (`required.required_sets`, folded): "(?:entirely|wholly ...) (?:human-written|written by
me ...)" needs one of its adverbs *and* one of its makings, so a sentence with "entirely" and no
making compiles nothing for it (`lexicon.Alternatives`). One phrasing a line: its words joined by
"|" (nothing: none certain), each further set the same way, then its pattern, separated by tabs.

A phrasing that is not in the file (one a user adds in config, or a tab or a line break in its
pattern or words) is read as before. `python -m disclosure_lint.analysis.literal_index` writes the
files again; a test checks that they are what `literals.required` says of the lexicons as they are.

The chatbot-residue patterns have theirs too (`residue/<language>.literals`): for each of the
quick test's parts (`residue.Quick`), every set of strings one of which each of its matches holds
(`required.required_sets`, read as `re` parses the pattern, at every depth: slower still than
`literals.required`), so that a paragraph that holds an anchor word ("here is", "i have") but not
the rest of a part's words is not tried with it, and the part is not compiled for it; and the
pieces every match starts with, as a pattern a quarter of the part's length or less
(`required.leading`), compiled and tried before the part. One part a line: its lead (or
nothing), its sets, each one's strings separated by "|", then its pattern, separated by tabs. A
part not in the file is read from its pattern as before (`required.required_words`).

Reading a file line by line in Python cost a cold check 6 M instructions for English's lexicon
(some 600 phrasings) and more for its residue parts; beside each file, `<language>-literals.packed`
holds what reading it gives, in `marshal`'s format (`packed.load_value`), used only for the very
text it was made from (a file written since is read as above). `main` writes them with the files.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import literals, packed

DATA = Path(__file__).parent / "lexicon"
#: The first line of a file: what wrote it (a file of another layout is not read).
HEADER = "# disclosure-lint literal index 2: written by `python -m disclosure_lint.analysis.literal_index`"
#: Where the residue patterns' files are (beside their data), and their first line.
RESIDUE = Path(__file__).parent / "residue"
RESIDUE_HEADER = ("# disclosure-lint residue literal index 1: written by "
                  "`python -m disclosure_lint.analysis.literal_index`")

#: A phrasing's words (None: nothing certain), as `literals.required` gives them.
Needed = frozenset[str] | None


def path(language: str) -> Path:
    return DATA / f"{language}.literals"


def packed_path(file: Path) -> Path:
    """Where what reading a literal index `file` gives is shipped (see the module's docstring)."""
    return file.with_name(f"{file.stem}-literals.packed")


def _packed_header(text: str) -> tuple[str, str]:
    return ("disclosure-lint literal index read 1", text)


def _shipped(file: Path, text: str) -> Any | None:
    """What reading `file`, whose text is `text`, gives, from its packed copy (None: none for it)."""
    return packed.load_value(packed_path(file), _packed_header(text))


@lru_cache(maxsize=8)
def load(language: str) -> dict[str, tuple[Needed, Sets]]:
    """A language's phrasings, the words each needs and its further sets of strings; empty where
    there is no file (or not one this version wrote)."""
    try:
        text = path(language).read_text("utf-8")
    except OSError:
        return {}
    shipped = _shipped(path(language), text)
    return shipped if isinstance(shipped, dict) else read(text)


def read(text: str) -> dict[str, tuple[Needed, Sets]]:
    """What a lexicon's literal index file whose text is `text` says (see `load`)."""
    lines = text.split("\n")
    if lines[0] != HEADER:
        return {}
    out: dict[str, tuple[Needed, Sets]] = {}
    for line in lines[1:]:
        if line:
            fields = line.split("\t")
            words = fields[0] if len(fields) > 1 else ""
            out[fields[-1]] = (frozenset(words.split("|")) if words else None,
                               tuple(tuple(strings.split("|")) for strings in fields[1:-1]))
    return out


def further_sets(pattern: str, needed: Needed) -> Sets:
    """The sets of strings every match of a phrasing holds (`required.required_sets`, folded, as
    `re.IGNORECASE` matches it), but a set that says no more than its words (`needed`) do: one
    a string of which each of the words holds, so that a text holding a word holds one of it."""
    from .required import required_sets

    out: list[tuple[str, ...]] = []
    for strings in required_sets(pattern):
        folded = tuple(sorted({literals.fold(s) for s in strings}))
        if needed is not None and all(any(s in word for s in folded) for word in needed):
            continue
        if folded not in out:
            out.append(folded)
    return tuple(out)


def _phrasings(language: str) -> Iterator[str]:
    """Every phrasing of every list of a language's lexicon (without config's phrases), and its
    `zero_share` pattern."""
    from .lexicon import Alternatives, load_lexicon

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, Alternatives):
            yield from value.alternatives
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)

    lexicon = load_lexicon(language=language)
    yield from walk(list(vars(lexicon).values()))
    # read alone, for the strings one of which a claim of a share of nothing holds
    # (`statements._claim_words`): reading them from the pattern compiles `literals`' reader
    yield lexicon.zero_share.pattern


def render(language: str) -> str:
    """A language's file, as it should be."""
    lines = [HEADER]
    for pattern in sorted(set(_phrasings(language))):
        needed = literals.required(pattern)
        sets = further_sets(pattern, needed)
        strings = [*(needed or ()), *(s for strings in sets for s in strings)]
        if any(c in f for f in [*strings, pattern] for c in "\t\n\r") or any("|" in s for s in strings):
            continue  # not written: read when needed (its words from its pattern, no further sets)
        lines.append("\t".join(["|".join(sorted(needed or ())), *("|".join(strings) for strings in sets), pattern]))
    return "\n".join(lines) + "\n"


#: Sets of strings one of each of which every match holds (`required.required_sets`): a residue
#: part's, and a phrasing's further sets (folded).
Sets = tuple[tuple[str, ...], ...]
#: A residue part's lead (`required.leading`; None: none) and sets.
Part = tuple[str | None, Sets]


def residue_path(language: str) -> Path:
    return RESIDUE / f"{language}.literals"


@lru_cache(maxsize=8)
def load_residue(language: str) -> dict[str, Part]:
    """A language's residue parts, each one's lead and the sets of strings it needs; empty where
    there is no file (or not one this version wrote)."""
    try:
        text = residue_path(language).read_text("utf-8")
    except OSError:
        return {}
    shipped = _shipped(residue_path(language), text)
    return shipped if isinstance(shipped, dict) else read_residue(text)


def read_residue(text: str) -> dict[str, Part]:
    """What a residue literal index file whose text is `text` says (see `load_residue`)."""
    lines = text.split("\n")
    if lines[0] != RESIDUE_HEADER:
        return {}
    out: dict[str, Part] = {}
    for line in lines[1:]:
        if line:
            lead, *sets, pattern = line.split("\t")
            out[pattern] = (lead or None, tuple(tuple(strings.split("|")) for strings in sets))
    return out


def render_residue(language: str) -> str:
    """A language's residue file, as it should be."""
    from .required import leading, required_sets
    from .residue import load_residue as residue_data

    lines = [RESIDUE_HEADER]
    parts = {part.pattern for quick in residue_data(language).quick.values() for part in quick.parts}
    for pattern in sorted(parts):
        sets = required_sets(pattern)
        lead = leading(pattern) or ""
        strings = [s for strings in sets for s in strings]
        if any(c in s for s in [*strings, pattern, lead] for c in "\t\n\r") or any("|" in s for s in strings):
            continue  # not written: read when needed
        lines.append("\t".join([lead, *("|".join(strings) for strings in sets), pattern]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write every supported language's file again, and every residue language's (and what the
    residue files compile to, `residue.write_packed`, which depends on them)."""
    from .lexicon import load_lexicon
    from .residue import languages

    for language in sorted(load_lexicon().supported):
        path(language).write_text(render(language), "utf-8")
        print(path(language), file=sys.stderr)
    for language in languages():
        residue_path(language).write_text(render_residue(language), "utf-8")
        print(residue_path(language), file=sys.stderr)
    for written in write_packed():
        print(written, file=sys.stderr)
    load_residue.cache_clear()  # the residue files as written now: what they compile to is shipped too
    from .residue_packed import write_packed as write_residue

    for written in write_residue():
        print(written, file=sys.stderr)
    from .prefilter import GATES_HEADER, GATES_SHIPPED, shipped_gate_words

    for written in packed.write_values({GATES_SHIPPED: (GATES_HEADER, shipped_gate_words())}):
        print(written, file=sys.stderr)
    return 0


def shipped_values() -> dict[Path, tuple[tuple[str, str], Any]]:
    """Each packed copy `load` and `load_residue` read, (header, value), as reading the files
    as they are gives it."""
    from .lexicon import load_lexicon
    from .residue import languages

    out: dict[Path, tuple[tuple[str, str], Any]] = {}
    files: list[tuple[Path, Any]] = [*((path(language), read) for language in sorted(load_lexicon().supported)),
                                     *((residue_path(language), read_residue) for language in languages())]
    for file, reader in files:
        if file.is_file():
            text = file.read_text("utf-8")
            out[packed_path(file)] = (_packed_header(text), reader(text))
    return out


def write_packed() -> list[Path]:
    """Write each packed copy that is not what reading its file gives (their bytes vary from run
    to run, the order of a set's strings, while the value does not); the copies written."""
    return packed.write_values(shipped_values())


if __name__ == "__main__":
    raise SystemExit(main())
