"""WordprocessingML as the DOCX reader and the DOCX writer both see it.

One concern a file, each importing only those above it in this list:

- `names`: namespaces and element names, with ISO/IEC 29500 Strict mapped to the transitional
  ones (`to_transitional`); finding an element's first children without lxml's path machinery.
- `formatting`: run and paragraph properties resolved through direct formatting, the
  character and paragraph style chains (``basedOn``), the table style and ``w:docDefaults``
  (`Styles`), and what makes text unseen (hidden marks, a colour too close to its
  background, type too small to read).
- `paragraphs`: the paragraph walk (`ParagraphReader`): the paragraphs of a part in reading
  order, as `readers.docx.body` numbers them (`Location.block`), with their visible text.

The writer (`writers.docx`) uses `StyleSheet`, `paragraph_elements` and `strict_namespaces`, so
that a paragraph it adds is numbered, styled and placed as the reader will read it back;
`readers.docx` reads a whole manuscript with the rest. See `readers.docx` and its files for the
design. This package is a sibling of `readers.docx`, not part of it, so that the writer never
imports the reader.
"""

from __future__ import annotations

from .formatting import THEME_COLOURS, Styles, StyleSheet, hex_colour, is_on
from .names import SECTPR, TYPE, VAL, W, strict_namespaces, to_transitional
from .paragraphs import Ctx, Para, ParagraphReader, paragraph_elements

__all__ = [
    "SECTPR",
    "THEME_COLOURS",
    "TYPE",
    "VAL",
    "Ctx",
    "Para",
    "ParagraphReader",
    "StyleSheet",
    "Styles",
    "W",
    "hex_colour",
    "is_on",
    "paragraph_elements",
    "strict_namespaces",
    "to_transitional",
]
