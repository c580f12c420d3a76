"""Turn user strings into safe ReportLab paragraph markup.

Paragraph text is a small XML dialect: an unescaped "<" raises, "<x>" vanishes and "<b>" turns
bold. Every string typed by a user goes through `user_text` before it meets markup, which also
sets characters DejaVu lacks in the fallback font (ReportLab has no fallback of its own).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from nmt_desktop.reports.fonts import BOLD, REGULAR, font_runs

# Control characters other than tab and newline are invalid in XML and print as nothing.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


#: One field never prints more than this: runaway text shows its start, then a pointer to the
#: chart, so no field can turn a report into hundreds of pages.
MAX_PRINTED_CHARACTERS = 2500
MAX_PRINTED_LINES = 40
CONTINUED = " … continued in the chart"


def capped(text: str) -> str:
    """`text`, or its start followed by "… continued in the chart" when it is too long."""
    lines = text.split("\n")
    if len(text) <= MAX_PRINTED_CHARACTERS and len(lines) <= MAX_PRINTED_LINES:
        return text
    start = "\n".join(lines[:MAX_PRINTED_LINES])[:MAX_PRINTED_CHARACTERS]
    cut = start.rfind(" ", MAX_PRINTED_CHARACTERS // 2)  # end on a word where there is one
    if cut > 0 and len(start) == MAX_PRINTED_CHARACTERS:
        start = start[:cut]
    return start.rstrip() + CONTINUED


def user_text(text: str, *, bold: bool = False) -> str:
    """Escape a user string for paragraph markup and mark its fallback-font runs.

    Args:
        text: Text as the user typed it; newlines become line breaks. Runaway text is
            capped (see `capped`).
        bold: Whether the text will be set inside bold markup (picks the primary font whose
            glyph coverage decides which characters need the fallback).

    Returns:
        Markup that prints exactly the characters of `text`.
    """
    clean = capped(_CONTROL.sub("", text).replace("\t", " "))
    primary = BOLD if bold else REGULAR
    parts: list[str] = []
    for font, run in font_runs(clean, primary):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if font == primary else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


def para(text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """A paragraph holding one user string, escaped."""
    markup = user_text(text, bold=bold)
    return Paragraph(f"<b>{markup}</b>" if bold else markup, style)


def labelled(label: str, value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph "Label: value" with a bold label of ours and an escaped user value."""
    return Paragraph(f"<b>{escape(label)}</b> {user_text(value)}", style)
