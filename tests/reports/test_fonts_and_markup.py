"""Fonts: every character of a name goes to a font that has it; markup escapes user text."""

from __future__ import annotations

from importlib import resources

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from nmt_desktop.reports.fonts import (
    BOLD,
    FALLBACK,
    REGULAR,
    font_covers,
    font_runs,
)
from nmt_desktop.reports.markup import para, user_text

NAMES = ["Zoë Łukasiewicz-Ñúñez", "Δημήτρης Παπαδόπουλος", "Юлия Иванова", "山田 太郎"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("primary", [REGULAR, BOLD])
def test_every_character_is_covered_by_the_font_of_its_run(name: str, primary: str) -> None:
    # WHEN the name is cut into font runs
    runs = font_runs(name, primary)
    # THEN the runs give back the name, and each character's font has a glyph for it (cmap)
    assert "".join(run for _, run in runs) == name
    for font, run in runs:
        for char in run:
            assert char.isspace() or font_covers(font, char), (font, char)


def test_cjk_goes_to_the_fallback_and_latin_stays_in_dejavu() -> None:
    # The check above is not vacuous: DejaVu really lacks the CJK characters.
    assert not font_covers(REGULAR, "山")
    assert font_runs("Dr 山田", REGULAR) == [(REGULAR, "Dr "), (FALLBACK, "山田")]
    assert font_runs("Łukasiewicz", REGULAR) == [(REGULAR, "Łukasiewicz")]


def test_fonts_and_licences_ship_inside_the_package() -> None:
    fonts = resources.files("nmt_desktop") / "assets" / "fonts"
    for name in (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DroidSansFallbackFull.ttf",
        "LICENSE-DejaVu.txt",
        "LICENSE-DroidSansFallback.txt",
    ):
        assert (fonts / name).is_file(), name


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Pain < 3 & stiff", "Pain < 3 & stiff"),
        ("<b>not bold</b>", "<b>not bold</b>"),
        ("a<b", "a<b"),
        ('<font name="x">', '<font name="x">'),
        ("tab\there", "tab here"),
        ("bell\x07gone", "bellgone"),
    ],
)
def test_user_text_prints_as_typed(typed: str, printed: str) -> None:
    # WHEN a user string goes into a paragraph
    paragraph = Paragraph(user_text(typed), ParagraphStyle("t", fontName=REGULAR))
    # THEN ReportLab parses it and its words are exactly the typed characters
    words = [frag.text for frag in paragraph.frags]
    assert "".join(words) == printed
    assert all(not getattr(frag, "bold", 0) for frag in paragraph.frags)


def test_newlines_become_line_breaks_and_cjk_gets_its_font() -> None:
    markup = user_text("山田\nline two")
    assert markup == f'<font name="{FALLBACK}">山田</font><br/>line two'


def test_para_bold_marks_the_whole_string_bold() -> None:
    paragraph = para("A & B", ParagraphStyle("t", fontName=REGULAR), bold=True)
    assert "".join(f.text for f in paragraph.frags) == "A & B"
    assert all(f.fontName == BOLD for f in paragraph.frags)
