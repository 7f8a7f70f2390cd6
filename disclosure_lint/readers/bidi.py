"""Bidirectional reordering as a way to hide (issue 24, item 3): text a reader sees in another order.

A run wrapped in U+202E (RIGHT-TO-LEFT OVERRIDE) ... U+202C is stored in reading order and shown
reversed: "ChatGPT" in the file, "TPGtahC" on the page; nested isolates can swap the words of a
sentence in the same way. The logical text would pass for a disclosure while the page shows
nonsense, so such a run is not visible text: it is moved out of its block into the manuscript's
hidden text (`HiddenReason.BIDI_REORDERED`), and the rest of the block stays as it is.

Precision matters, as right-to-left scripts use the same characters honestly: an RLM or LRM mark,
or an isolate around an Arabic or Hebrew name, changes the order of no letters a reader reads in
sequence. The test is the display itself. `display_positions` lays a paragraph out with the
Unicode Bidirectional Algorithm (UAX #9: explicit levels and isolating run sequences, weak and
neutral types, implicit levels, reordering; bracket pairs (N0) and mirroring are left out, as they
move no letters), and a run counts as reordered when, inside an explicit embedding, override or
isolate:

- two left-to-right letters with no right-to-left character between them (in the file) are shown
  right to left ("ChatGPT" reversed, or "written with" shown as "with written"); or
- two adjacent right-to-left letters of one word are shown left to right (Hebrew under an LRO).

Latin words inside an Arabic sentence are shown in the sentence's order, which is not hiding: the
Arabic between them is what tells them apart.

This runs once for every manuscript (`readers.read_manuscript`), whatever its format, and costs a
search of the book's text for a control character (and of each block's, when the book has one);
the layout runs only for the rare block that has one.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from .. import patterns as rx
from ..chars import characters
from ..model import Block, HiddenReason, HiddenText, Manuscript, Section

#: The explicit formatting characters: embeddings and overrides (U+202A-U+202E) and isolates
#: (U+2066-U+2069). Marks (LRM, RLM, ALM) are implicit: they move no letters of the text.
EXPLICIT = rx.LazyPattern("[\u202a-\u202e\u2066-\u2069]")
#: The same characters, each searched for as a literal (`has_explicit`).
_EXPLICIT_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: How the hidden run's place is named in findings.
WHERE = "a run of text"

_OPENERS = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_ISOLATES = frozenset(("LRI", "RLI", "FSI"))
_EMBEDDINGS = frozenset(("LRE", "RLE", "LRO", "RLO"))
_STRONG_R = frozenset(("R", "AL"))
_NEUTRAL = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
_MAX_DEPTH = 125


def hide_reordered(manuscript: Manuscript) -> Manuscript:
    """`manuscript` with every run that bidi controls show in another order moved to its hidden
    text; the same manuscript when there is none (almost always).

    The whole book is looked at first, all its blocks joined: its characters other than printable
    ASCII, found from its UTF-8 (`chars.characters`: nine literal searches of a text two bytes a
    character test most of its characters), which the analysis uses again (`Manuscript.chars`),
    unless the reader found them (a Markdown file without markup: its own bytes')."""
    chars = manuscript.chars  # what the reader found (the Markdown reader: the file's), or more
    if chars is None:
        joined = "".join([block.text for section in manuscript.sections for block in section.blocks])
        if joined.isascii():
            return manuscript
        chars = characters(joined)
    if chars.isdisjoint(_EXPLICIT_CHARS):
        return manuscript._replace(chars=chars)
    sections: list[Section] | None = None
    hidden: list[HiddenText] = []
    for s, section in enumerate(manuscript.sections):
        blocks: list[Block] | None = None
        for b, block in enumerate(section.blocks):
            text = block.text
            if not has_explicit(text):
                continue
            spans = reordered_spans(text)
            if not spans:
                continue
            if blocks is None:
                blocks = list(section.blocks)
            kept, at = [], 0
            for start, end in spans:
                kept.append(text[at:start])
                hidden.append(HiddenText(EXPLICIT.sub("", text[start:end]).strip(), block.location,
                                         HiddenReason.BIDI_REORDERED, WHERE))
                at = end
            kept.append(text[at:])
            blocks[b] = block._replace(text=" ".join(" ".join(kept).split()))
        if blocks is not None:
            if sections is None:
                sections = list(manuscript.sections)
            sections[s] = section._replace(blocks=tuple(b for b in blocks if b.text or b.is_heading))
    if sections is None:
        return manuscript._replace(chars=chars)
    return manuscript._replace(sections=tuple(sections), hidden=(*manuscript.hidden, *hidden), chars=chars)


def has_explicit(text: str) -> bool:
    """Does `text` hold an explicit formatting character?

    Nine literal searches rather than one search of `EXPLICIT`: `re` tests a character class at
    every character (a French novel, never ASCII, took some 10 ms), where a literal search of a
    string whose characters all lie below U+0100 (most paragraphs of a French or German book) is
    answered without looking at it, and of any other string is one fast scan.
    """
    return not text.isascii() and any(char in text for char in _EXPLICIT_CHARS)


def reordered_spans(text: str) -> list[tuple[int, int]]:
    """The outermost explicitly formatted runs of `text` (opener to its closer, or to the end)
    whose letters a reader sees in another order, as (start, end) offsets, in order."""
    spans = _outer_spans(text)
    if not spans:
        return []
    classes = [unicodedata.bidirectional(c) or "L" for c in text]
    position = display_positions(text, classes)
    bad: set[int] = set()

    def flag(i: int) -> None:
        for n, (start, end) in enumerate(spans):
            if start <= i < end:
                bad.add(n)

    previous_l: int | None = None
    previous_r: int | None = None
    for i, (char, cls) in enumerate(zip(text, classes, strict=True)):
        if cls in _STRONG_R:
            previous_l = None  # right-to-left text between two Latin letters: their order is honest
            if char.isalpha() and previous_r == i - 1 and position[previous_r] < position[i]:
                flag(i)
            previous_r = i if char.isalpha() else None
            continue
        if cls == "L" and char.isalpha():
            if previous_l is not None and position[previous_l] > position[i]:
                flag(previous_l)
                flag(i)
            previous_l = i
        previous_r = None
    return [spans[n] for n in sorted(bad)]


def _outer_spans(text: str) -> list[tuple[int, int]]:
    """The runs from an opener at the paragraph's own level to its closer (PDF, or PDI for an
    isolate and everything opened in it), or to the end of the text."""
    spans: list[tuple[int, int]] = []
    stack: list[str] = []
    start = 0
    for m in EXPLICIT.finditer(text):
        char = m.group(0)
        if char in _OPENERS:
            if not stack:
                start = m.start()
            stack.append(char)
        elif char == "\u202c":  # PDF closes the innermost embedding or override, not an isolate
            if stack and stack[-1] not in "\u2066\u2067\u2068":
                stack.pop()
        else:  # PDI closes its isolate and what is open in it
            while stack and stack[-1] not in "\u2066\u2067\u2068":
                stack.pop()
            if stack:
                stack.pop()
        if not stack and char not in _OPENERS:
            spans.append((start, m.end()))
    if stack:
        spans.append((start, len(text)))
    return spans


def _first_strong(classes: Sequence[str], start: int, end: int) -> int | None:
    """P2: 0 or 1 for the first strong character in [start, end), skipping isolates; None."""
    depth = 0
    for i in range(start, end):
        cls = classes[i]
        if cls in _ISOLATES:
            depth += 1
        elif cls == "PDI":
            if depth == 0:
                return None
            depth -= 1
        elif depth == 0 and cls == "L":
            return 0
        elif depth == 0 and cls in _STRONG_R:
            return 1
    return None


def _matching_pdi(classes: Sequence[str], start: int) -> int:
    depth = 0
    for i in range(start + 1, len(classes)):
        if classes[i] in _ISOLATES:
            depth += 1
        elif classes[i] == "PDI":
            if depth == 0:
                return i
            depth -= 1
    return len(classes)


def display_positions(text: str, classes: Sequence[str] | None = None) -> list[int]:
    """Where each character of a one-line paragraph is shown, counted from the left (UAX #9)."""
    n = len(text)
    original = list(classes) if classes is not None else [unicodedata.bidirectional(c) or "L" for c in text]
    types = list(original)
    para = _first_strong(types, 0, n) or 0
    levels = [para] * n
    removed = [False] * n
    # X1-X8: explicit levels, with the directional status stack.
    stack: list[tuple[int, str | None, bool]] = [(para, None, False)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    initiators: list[int] = []
    pdi_of: dict[int, int] = {}
    for i, cls in enumerate(original):
        level, override, _ = stack[-1]
        if cls in _EMBEDDINGS:
            new = (level + 1) | 1 if cls[0] == "R" else (level + 2) & ~1
            if new <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, {"RLO": "R", "LRO": "L"}.get(cls), False))
            elif not overflow_isolates:
                overflow_embeddings += 1
            levels[i], removed[i] = level, True
        elif cls in _ISOLATES:
            levels[i] = level
            if override:
                types[i] = override
            rtl = cls == "RLI" or (cls == "FSI" and _first_strong(original, i + 1, _matching_pdi(original, i)) == 1)
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
                initiators.append(i)
            else:
                overflow_isolates += 1
        elif cls == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
                pdi_of[initiators.pop()] = i
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                types[i] = override
        elif cls == "PDF":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) > 1:
                stack.pop()
            levels[i], removed[i] = level, True
        elif cls == "BN":
            levels[i], removed[i] = level, True
        else:
            levels[i] = level
            if override:
                types[i] = override
    kept = [i for i in range(n) if not removed[i]]
    # X10: level runs, joined across isolates into isolating run sequences.
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_at = {run[0]: r for r, run in enumerate(runs)}
    continued: set[int] = set()
    sequences: list[list[int]] = []
    for r, run in enumerate(runs):
        if r in continued:
            continue
        sequence = list(run)
        while original[sequence[-1]] in _ISOLATES and sequence[-1] in pdi_of:
            nxt = run_at.get(pdi_of[sequence[-1]])
            if nxt is None:
                break
            continued.add(nxt)
            sequence.extend(runs[nxt])
        sequences.append(sequence)
    order = {i: k for k, i in enumerate(kept)}
    for sequence in sequences:
        _resolve(sequence, types, original, levels, kept, order, para, pdi_of)
    # I1-I2: implicit levels.
    for i in kept:
        cls, level = types[i], levels[i]
        if level % 2 == 0:
            levels[i] += 1 if cls == "R" else 2 if cls in ("AN", "EN") else 0
        elif cls in ("L", "EN", "AN"):
            levels[i] += 1
    # L1: trailing whitespace and isolate controls go back to the paragraph level.
    for i in reversed(range(n)):
        if original[i] in ("WS", "BN", "S") or original[i] in _ISOLATES or original[i] == "PDI" or removed[i]:
            levels[i] = para
        else:
            break
    for i in range(n):
        if removed[i]:
            levels[i] = levels[i - 1] if i else para
    # L2: reverse every run at each level from the highest down to the lowest odd one.
    visual = list(range(n))
    if n:
        highest = max(levels)
        lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
        for level in range(highest, lowest_odd - 1, -1):
            k = 0
            while k < n:
                if levels[visual[k]] >= level:
                    j = k
                    while j < n and levels[visual[j]] >= level:
                        j += 1
                    visual[k:j] = visual[k:j][::-1]
                    k = j
                else:
                    k += 1
    position = [0] * n
    for shown, i in enumerate(visual):
        position[i] = shown
    return position


def _resolve(sequence: list[int], types: list[str], original: Sequence[str], levels: list[int],
             kept: list[int], order: dict[int, int], para: int, pdi_of: dict[int, int]) -> None:
    """W1-W7 and N1-N2 on one isolating run sequence."""
    level = levels[sequence[0]]
    first, last = order[sequence[0]], order[sequence[-1]]
    before = levels[kept[first - 1]] if first > 0 else para
    after = para
    if not (original[sequence[-1]] in _ISOLATES and sequence[-1] not in pdi_of) and last + 1 < len(kept):
        after = levels[kept[last + 1]]
    sos = "R" if max(level, before) % 2 else "L"
    eos = "R" if max(level, after) % 2 else "L"
    t = [types[i] for i in sequence]
    # W1: a combining mark takes the type of what it marks.
    for k, cls in enumerate(t):
        if cls == "NSM":
            t[k] = sos if k == 0 else ("ON" if t[k - 1] in _ISOLATES or t[k - 1] == "PDI" else t[k - 1])
    # W2, W3: numbers after Arabic letters are Arabic numbers; AL is R.
    strong = sos
    for k, cls in enumerate(t):
        if cls in ("L", "R", "AL"):
            strong = cls
        elif cls == "EN" and strong == "AL":
            t[k] = "AN"
    t = ["R" if cls == "AL" else cls for cls in t]
    # W4-W6: separators and terminators of numbers.
    for k in range(1, len(t) - 1):
        if t[k] == "ES" and t[k - 1] == t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    for k, cls in enumerate(t):
        if cls == "ET":
            j = k
            while j < len(t) and t[j] == "ET":
                j += 1
            if (k > 0 and t[k - 1] == "EN") or (j < len(t) and t[j] == "EN"):
                for m in range(k, j):
                    t[m] = "EN"
    t = ["ON" if cls in ("ES", "ET", "CS") else cls for cls in t]
    # W7: European numbers after left-to-right text are left-to-right.
    strong = sos
    for k, cls in enumerate(t):
        if cls in ("L", "R"):
            strong = cls
        elif cls == "EN" and strong == "L":
            t[k] = "L"
    # N1-N2: neutrals take the direction of the text around them, else the embedding's.
    embedding = "R" if level % 2 else "L"
    k = 0
    while k < len(t):
        if t[k] not in _NEUTRAL:
            k += 1
            continue
        j = k
        while j < len(t) and t[j] in _NEUTRAL:
            j += 1
        left = sos if k == 0 else ("R" if t[k - 1] in ("R", "EN", "AN") else "L")
        right = eos if j == len(t) else ("R" if t[j] in ("R", "EN", "AN") else "L")
        for m in range(k, j):
            t[m] = left if left == right else embedding
        k = j
    for i, cls in zip(sequence, t, strict=True):
        types[i] = cls
