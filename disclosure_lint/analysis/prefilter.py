"""A fast first pass for long books: which blocks could mention AI at all?

A novel has thousands of paragraphs and none, or a handful, that mention AI. Running the full
lexicon over each costs seconds; searching the whole text once for a few literal trigger words
(lower case, plus a case-sensitive "AI") costs milliseconds. Only the blocks it selects are read
closely, so verdicts are the same as reading everything: every lexicon pattern that can match
contains one of the triggers (a test checks this on the lexicon's own examples).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence

from .normalize import INVISIBLE, normalise

#: The token "AI" (or "A.I."), case-sensitive. Written to start with the literal "A" (the
#: lookbehind follows it) so that `re` scans for that letter instead of trying every position:
#: the same matches as ``(?<![\w'])(?:AI|A\.I\.)(?![\w'])``, 50x faster on a novel.
_AI = re.compile(r"A(?<![\w']A)(?:I|\.I\.)(?![\w'])")


def candidates(texts: Sequence[str], triggers: Sequence[str]) -> set[int]:
    """Indexes of the texts that contain a trigger word (lower case) or the token "AI"."""
    if not texts:
        return set()
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    joined = "\n".join(texts)
    if not joined.isascii() and (INVISIBLE.search(joined) or not unicodedata.is_normalized("NFKC", joined)):
        # Rare: zero-width characters or compatibility forms ("G\u200bPT", full-width "ＡＩ")
        # hide a trigger from a literal search; normalise each block first (offsets stay per block).
        return candidates([normalise(t) for t in texts], triggers)
    hits: set[int] = set()
    for m in _AI.finditer(joined):
        hits.add(bisect.bisect_right(starts, m.start()) - 1)
    low = joined.lower()
    for word in dict.fromkeys(triggers):  # each word once, though the table may repeat one
        at = low.find(word)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            hits.add(index)
            # Skip to the next block: one hit per block is enough.
            nxt = starts[index + 1] if index + 1 < len(starts) else len(low)
            at = low.find(word, nxt)
    return hits
