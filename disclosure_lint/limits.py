"""The bounds on what reading one manuscript may cost, and sizes as people write them.

Here, below the config and the readers, because both need them: the config reads `[limits]`
and `--limit`, the readers enforce them (`readers.safety`).

A size is bytes, or a number with a unit (case does not matter, a space before it is allowed):

    k, M, G, T, KiB, MiB, GiB, TiB      binary: 1024, 1024², 1024³, 1024⁴ bytes
    kB, MB, GB, TB                      decimal: 1000, 1000², 1000³, 1000⁴ bytes
    B, or no unit                       bytes

so `500k` is 512,000 bytes, `32MiB` 33,554,432, `2G` 2,147,483,648 and `1.5GB` 1,500,000,000.
The bare letters are binary because the limits are memory and the defaults are whole MiB; the
`B` of `kB` says "decimal", as drives and networks count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if not TYPE_CHECKING:
    from .records import NamedTuple  # typing.NamedTuple, cheaper to define (see records)

MiB = 1024 * 1024


class Limits(NamedTuple):
    """Bounds on what reading one package may cost. Every real novel passes with room."""

    #: Members in one zip (a 500,000-word EPUB split per chapter with images has a few thousand).
    max_members: int = 20_000
    #: Uncompressed bytes of one member that the analysis reads (an XML part, an XHTML file).
    max_member_bytes: int = 256 * MiB
    #: Uncompressed bytes of all members the analysis reads, together.
    max_total_bytes: int = 1024 * MiB
    #: Uncompressed/compressed ratio of a member larger than 1 MiB (XML rarely passes 30).
    max_ratio: int = 200
    #: Bytes of one Markdown file (a 500,000-word novel is about 3 MiB). Reading costs time per
    #: character of front and back matter (several µs), so this also bounds the time of a check.
    max_markdown_bytes: int = 16 * MiB
    #: Lines of one Markdown file: parsing costs time per line (a 500,000-word novel, hard-wrapped
    #: or one sentence per line, has under 100,000).
    max_markdown_lines: int = 500_000

    def describe(self, name: str) -> str:
        """How a user raises one limit (config key and flag share the name)."""
        return f"raise it with --limit {name}=N or [limits] {name} = N in config"


DEFAULT_LIMITS = Limits()

#: The limits that are sizes in bytes, and so take units (`32MiB`); the others are counts.
BYTE_LIMITS = frozenset(name for name in Limits._fields if name.endswith("_bytes"))

#: Unit (lower case) → bytes.
UNITS: dict[str, int] = {
    "": 1, "b": 1,
    "k": 1024, "kib": 1024, "kb": 1000,
    "m": 1024**2, "mib": 1024**2, "mb": 1000**2,
    "g": 1024**3, "gib": 1024**3, "gb": 1000**3,
    "t": 1024**4, "tib": 1024**4, "tb": 1000**4,
}

SIZE_HELP = "k, M, G, KiB, MiB, GiB are 1024-based, kB, MB, GB 1000-based"


def parse_size(text: str) -> int:
    """Bytes from `536870912`, `500k`, `32MiB`, `1.5GB` (see the module docstring); a
    `ValueError` whose message says what is wrong, for one line."""
    stripped = text.strip().replace("_", "")
    number = stripped.rstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    unit = stripped[len(number):]
    number = number.rstrip()
    if not number or not all(c.isdigit() or c == "." for c in number) or number.count(".") > 1 \
            or number == "." or not number.isascii():
        raise ValueError(f"{text.strip()!r} is not a size: give bytes, or a number and a unit "
                         f"(500k, 32MiB, 1.5GB; {SIZE_HELP})")
    factor = UNITS.get(unit.lower())
    if factor is None:
        raise ValueError(f"{text.strip()!r}: unknown unit {unit!r} ({SIZE_HELP})")
    if factor == 1 and "." in number:
        raise ValueError(f"{text.strip()!r}: a number of bytes is whole (or give a unit: 1.5MiB)")
    from fractions import Fraction  # exact: 1.5GB is 1,500,000,000 bytes, not a float's neighbour

    size = int(Fraction(number) * factor)
    if size < 1:
        raise ValueError(f"{text.strip()!r}: must be at least 1 byte")
    return size
