"""When text is too faint, too small or too far away to read: one set of numbers for every reader.

The DOCX reader (run properties) and the EPUB and Markdown readers (CSS) hide the same text for
the same reasons, so that a book gets the same verdict however it was exported:

- **Colour**: text whose contrast ratio with what is behind it (WCAG 2.x, "contrast ratio",
  from 1:1 to 21:1) is under `MIN_CONTRAST` is coloured like its background. 1.25:1 is white
  text on a white page up to about #E6E6E6, yellow (#FFFF00) on white, black on #1A1A1A; WCAG
  asks 4.5:1 of body text, and grey #AAAAAA on white (2.3:1) is faint but read, so only text that
  all but vanishes counts as unseen.
- **Size**: text under `MIN_LEGIBLE_PT` (4 pt, 5.3 CSS px, a third of a reading system's default
  16 px) is too small to read: 4 pt is half the smallest size print guidelines allow for fine
  print, and on a screen its letters are two or three pixels high. 4 pt itself is read.
- **Place**: text moved `OFF_PAGE_PX` (999 CSS px) or further off the page's top or left edge
  (``text-indent: -9999px``, ``left: -999em``) is where no page shows it: the usual values are
  -999px, -9999px and -999em, and no layout moves text that far on purpose.
"""

from __future__ import annotations

#: WCAG 2 contrast ratio under which text is taken as coloured like its background.
MIN_CONTRAST = 1.25
#: Legibility floor in points; text strictly under it is too small to read (4 pt is read).
MIN_LEGIBLE_PT = 4.0
#: The same floor in CSS px (1 pt = 4/3 px).
MIN_LEGIBLE_PX = MIN_LEGIBLE_PT * (4 / 3)
#: How far (CSS px) beyond the page's top or left edge text must be moved to be off the page.
OFF_PAGE_PX = 999.0

#: An sRGB colour, each channel 0-255.
RGB = tuple[float, float, float]

WHITE: RGB = (255.0, 255.0, 255.0)
BLACK: RGB = (0.0, 0.0, 0.0)


def luminance(colour: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    out = 0.0
    for channel, weight in zip(colour, (0.2126, 0.7152, 0.0722), strict=True):
        c = channel / 255
        out += weight * (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (the same) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def too_close(text: RGB, background: RGB) -> bool:
    """Is text of this colour unseen on this background?"""
    return contrast(text, background) < MIN_CONTRAST


def blend(top: RGB, alpha: float, under: RGB) -> RGB:
    """A colour painted with this opacity (0-1) over another, as it shows."""
    if alpha >= 1:
        return top
    if alpha <= 0:
        return under
    return (top[0] * alpha + under[0] * (1 - alpha), top[1] * alpha + under[1] * (1 - alpha),
            top[2] * alpha + under[2] * (1 - alpha))


def hex_rgb(value: str) -> RGB:
    """"RRGGBB" (Word's colours) as an sRGB colour."""
    return (float(int(value[0:2], 16)), float(int(value[2:4], 16)), float(int(value[4:6], 16)))
