"""Embedded TrueType fonts and per-character font fallback.

ReportLab has no font fallback: a character missing from the current font prints as an empty
box. DejaVu Sans covers Latin, Greek and Cyrillic; Droid Sans Fallback covers CJK. Every user
string is therefore cut into runs, each run set in the first font whose cmap has all of its
characters (`font_runs`), for paragraphs (`markup.py`) and canvas text (`canvas_text.py`) alike.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from importlib import resources
from itertools import groupby

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FALLBACK = "DroidSansFallback"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallbackFull.ttf",
}


def _load(name: str) -> TTFont:
    # Read through importlib.resources so fonts are found inside a wheel or a frozen app,
    # never relative to the current directory.
    data = (resources.files("nmt_desktop") / "assets" / "fonts" / _FILES[name]).read_bytes()
    return TTFont(name, io.BytesIO(data))


def _map_family(family: str, regular: str, bold: str) -> None:
    # Tells paragraphs which face <b> and <i> select inside `family`.
    addMapping(family, 0, 0, regular)
    addMapping(family, 1, 0, bold)
    addMapping(family, 0, 1, regular)
    addMapping(family, 1, 1, bold)


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) as a family; safe to call repeatedly.

    Italic maps to the upright faces: the reports use weight, not slant, for emphasis.
    """
    for name in (REGULAR, BOLD):
        pdfmetrics.registerFont(_load(name))
    _map_family(REGULAR, REGULAR, BOLD)


@cache
def register_fallback() -> str:
    """Register the CJK fallback font on first need and return its name.

    Loaded lazily because it is 4 MB and most charts never need it.
    """
    pdfmetrics.registerFont(_load(FALLBACK))
    # Droid has one weight; bold requests inside a fallback run use it too.
    _map_family(FALLBACK, FALLBACK, FALLBACK)
    return FALLBACK


@cache
def _cmap(name: str) -> frozenset[int]:
    # The font's own cmap (code point -> glyph), read once; lookups happen per character.
    register_fonts()
    if name == FALLBACK:
        register_fallback()
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont)
    return frozenset(font.face.charToGlyph)


def font_covers(name: str, char: str) -> bool:
    """Tell whether a registered TrueType font has a glyph for `char`."""
    return ord(char) in _cmap(name)


def _font_for(char: str, primary: str) -> str:
    # Whitespace and controls stay in the primary font so runs do not break at every space.
    if char.isspace() or font_covers(primary, char):
        return primary
    fallback = register_fallback()
    return fallback if font_covers(fallback, char) else primary


def _stand_in(char: str, primary: str) -> str:
    """What to print for a character: itself, or words when no bundled font can draw it.

    An emoji such as U+1F642 would otherwise print as an empty box that nobody can read back;
    "[slightly smiling face]" keeps what the therapist typed legible on paper. Invisible joiners
    and variation selectors of emoji sequences are dropped for the same reason. Symbols beyond
    U+FFFF are spelled out even where DejaVu draws them: ReportLab writes their text mapping
    wrongly, so the PDF could not be searched or copied from at that point.
    """
    category = unicodedata.category(char)
    astral_symbol = ord(char) > 0xFFFF and category.startswith("S")
    if not astral_symbol and (
        char.isspace() or font_covers(primary, char) or font_covers(register_fallback(), char)
    ):
        return char
    if category in ("Cf", "Mn", "Sk") or 0xFE00 <= ord(char) <= 0xFE0F:
        return ""
    return f"[{unicodedata.name(char, f'U+{ord(char):04X}').lower()}]"


def printable(text: str, primary: str = REGULAR) -> str:
    """`text` with every character no bundled font has replaced by its name in brackets."""
    register_fonts()
    return "".join(_stand_in(char, primary) for char in text)


def font_runs(text: str, primary: str = REGULAR) -> list[tuple[str, str]]:
    """Cut text into runs of characters that one font can print.

    Args:
        text: Any user string.
        primary: The font the surrounding text is set in (regular or bold DejaVu).

    Returns:
        (font name, run text) pairs in order. A character no font covers is spelled out by
        name (`printable`), so nothing prints as an empty box.
    """
    shown = printable(text, primary)
    runs = groupby(shown, key=lambda c: _font_for(c, primary))
    return [(font, "".join(chars)) for font, chars in runs]
