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


def user_text(text: str, *, bold: bool = False) -> str:
    """Escape a user string for paragraph markup and mark its fallback-font runs.

    Args:
        text: Text as the user typed it; newlines become line breaks.
        bold: Whether the text will be set inside bold markup (picks the primary font whose
            glyph coverage decides which characters need the fallback).

    Returns:
        Markup that prints exactly the characters of `text`.
    """
    clean = _CONTROL.sub("", text).replace("\t", " ")
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
