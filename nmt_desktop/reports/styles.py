"""The one stylesheet of the reports, plus table styling and the grey palette.

Everything is black, white and grey: physician reports are faxed and photocopied, and patient
sheets are printed on whatever office printer the clinic has. Styles are attributes of a
frozen dataclass rather than string keys of a Styles, so a misspelt style fails the type
check instead of the print run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from nmt_desktop.reports.fonts import BOLD, REGULAR, register_fonts

INK = colors.black
MUTED = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.6, 0.6, 0.6)
SHADE = colors.Color(0.92, 0.92, 0.92)


@dataclass(frozen=True, slots=True)
class Styles:
    """Named paragraph styles of one report."""

    body: ParagraphStyle
    body_bold: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_centre: ParagraphStyle


def build_stylesheet(base_size: float = 9.0) -> Styles:
    """Paragraph styles scaled from one body size.

    Args:
        base_size: Body text size in points; the patient sheet uses a larger one than the
            physician report.
    """
    register_fonts()
    body = ParagraphStyle("Body", fontName=REGULAR, fontSize=base_size, leading=base_size * 1.3)
    small = ParagraphStyle("Small", parent=body, fontSize=base_size * 0.85, leading=base_size * 1.1)
    cell = ParagraphStyle("Cell", parent=small)
    return Styles(
        body=body,
        body_bold=ParagraphStyle("BodyBold", parent=body, fontName=BOLD),
        title=ParagraphStyle(
            "Title",
            parent=body,
            fontName=BOLD,
            fontSize=base_size * 1.7,
            leading=base_size * 2.1,
            spaceAfter=base_size * 0.3,
        ),
        subtitle=ParagraphStyle("Subtitle", parent=body, textColor=MUTED, spaceAfter=base_size),
        heading=ParagraphStyle(
            "Heading",
            parent=body,
            fontName=BOLD,
            fontSize=base_size * 1.25,
            leading=base_size * 1.6,
            spaceBefore=base_size * 1.1,
            spaceAfter=base_size * 0.35,
            keepWithNext=True,
        ),
        subheading=ParagraphStyle(
            "Subheading",
            parent=body,
            fontName=BOLD,
            spaceBefore=base_size * 0.6,
            spaceAfter=base_size * 0.2,
            keepWithNext=True,
        ),
        small=small,
        muted=ParagraphStyle("Muted", parent=small, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("CellBold", parent=cell, fontName=BOLD),
        cell_right=ParagraphStyle("CellRight", parent=cell, alignment=TA_RIGHT),
        cell_centre=ParagraphStyle("CellCentre", parent=cell, alignment=TA_CENTER),
    )


def grid_table_style(*, header_rows: int = 1, zebra: bool = True) -> TableStyle:
    """Table style for data tables: ruled header, light zebra stripes, no vertical lines.

    Zebra stripes stay light enough to survive a fax as white, and rows stay readable if not.
    """
    # Any: ReportLab's command tuples are heterogeneous by design.
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [None, SHADE]))
    return TableStyle(commands)
