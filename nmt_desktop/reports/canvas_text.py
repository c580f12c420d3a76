"""Draw user strings directly on a canvas, switching fonts per run of characters.

Page furniture and the body-map legend draw with `canvas.drawString`, which knows one font at
a time; these helpers apply the same fallback as paragraphs (see `fonts.font_runs`).
"""

from __future__ import annotations

from typing import Literal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from nmt_desktop.reports.fonts import BOLD, REGULAR, font_runs

Anchor = Literal["left", "centre", "right"]


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in points of `text` as `draw_text` would set it."""
    primary = BOLD if bold else REGULAR
    return float(sum(stringWidth(run, font, size) for font, run in font_runs(text, primary)))


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    anchor: Anchor = "left",
) -> float:
    """Draw one line of text at baseline `y`, anchored at `x`; return its width."""
    primary = BOLD if bold else REGULAR
    runs = font_runs(text, primary)
    width = float(sum(stringWidth(run, font, size) for font, run in runs))
    if anchor == "centre":
        x -= width / 2
    elif anchor == "right":
        x -= width
    for font, run in runs:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
    return width
