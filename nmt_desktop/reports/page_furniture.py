"""What every page carries: letterhead, running header, footer and "Page x of y".

The total page count is only known once the story is laid out, so `NumberedCanvas` keeps each
page's state and draws the footers when the document is saved (the pattern pretix uses for its
invoices).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from nmt_desktop.reports.canvas_text import draw_text, text_width
from nmt_desktop.reports.data import Letterhead, PatientInfo
from nmt_desktop.reports.styles import INK, MUTED

CONFIDENTIAL = (
    "Confidential health information. If you received this in error, please tell the sender "
    "and destroy it."
)


@dataclass(frozen=True, slots=True)
class PageGeometry:
    """Page size and margins in points, handed from the renderer to the furniture."""

    width: float
    height: float
    left: float
    right: float
    bottom: float

    @property
    def content_width(self) -> float:
        """Width between the side margins."""
        return self.width - self.left - self.right


def logo_reader(png: bytes | None) -> ImageReader | None:
    """An image reader for the clinic logo, or None if there is none or it is unreadable.

    A broken logo file must not stop a report from printing, so decoding errors are swallowed.
    """
    if not png:
        return None
    try:
        reader = ImageReader(io.BytesIO(png))
        reader.getSize()
    except (OSError, ValueError, SyntaxError):
        return None
    return reader


def draw_letterhead(
    canvas: Canvas, geometry: PageGeometry, letterhead: Letterhead, top: float, height: float
) -> None:
    """Draw the clinic letterhead in the band from `top` down `height` points."""
    x = geometry.left
    logo = logo_reader(letterhead.logo_png)
    if logo is not None:
        width_px, height_px = logo.getSize()
        logo_h = min(height - 4 * mm, 20 * mm)
        logo_w = min(logo_h * width_px / height_px, 45 * mm)
        logo_h = logo_w * height_px / width_px
        canvas.drawImage(logo, x, top - logo_h, logo_w, logo_h, mask="auto")
        x += logo_w + 5 * mm
    y = top - 13
    canvas.setFillColor(INK)
    draw_text(canvas, x, y, letterhead.name, 14, bold=True)
    canvas.setFillColor(MUTED)
    contact = [*letterhead.address_lines]
    phone_mail = "   ".join(
        part
        for part in (
            f"Tel. {letterhead.phone}" if letterhead.phone else "",
            letterhead.email,
        )
        if part
    )
    if phone_mail:
        contact.append(phone_mail)
    for line in contact:
        y -= 10.5
        draw_text(canvas, x, y, line, 8.5)
    rule_y = top - height + 2 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(1.2)
    canvas.line(geometry.left, rule_y, geometry.width - geometry.right, rule_y)


def draw_running_header(
    canvas: Canvas, geometry: PageGeometry, top: float, clinic: str, report: str, patient: str
) -> None:
    """Draw the slim header of later pages: clinic on the left, report and patient right."""
    canvas.setFillColor(MUTED)
    right = f"{report} · "
    room = geometry.content_width * 0.6 - text_width(right, 8)
    right += fit(patient, 8, room)
    draw_text(canvas, geometry.width - geometry.right, top - 9, right, 8, anchor="right")
    room = geometry.content_width - text_width(right, 8) - 6 * mm
    draw_text(canvas, geometry.left, top - 9, fit(clinic, 8, room), 8)
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.5)
    y = top - 13
    canvas.line(geometry.left, y, geometry.width - geometry.right, y)


def draw_footer(
    canvas: Canvas, geometry: PageGeometry, patient: PatientInfo, page: int, pages: int
) -> None:
    """Draw the footer: patient and chart number, confidentiality line, "Page x of y".

    A long name is shortened, never the chart number: it is what identifies a loose page.
    """
    y = geometry.bottom - 8 * mm
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.5)
    canvas.line(geometry.left, y + 10, geometry.width - geometry.right, y + 10)
    canvas.setFillColor(INK)
    chart = f"  ·  Chart {patient.chart_number}"
    page_text = f"Page {page} of {pages}"
    room = geometry.content_width - text_width(page_text, 8) - 6 * mm
    room -= text_width(chart, 8, bold=True)
    who = fit(patient.display_name, 8, room, bold=True) + chart
    draw_text(canvas, geometry.left, y, who, 8, bold=True)
    draw_text(canvas, geometry.width - geometry.right, y, page_text, 8, anchor="right")
    canvas.setFillColor(MUTED)
    draw_text(canvas, geometry.left, y - 10, CONFIDENTIAL, 6.5)


def fit(text: str, size: float, room: float, *, bold: bool = False) -> str:
    """Shorten `text` with an ellipsis until it is at most `room` points wide."""
    if text_width(text, size, bold=bold) <= room:
        return text
    while text and text_width(text + "…", size, bold=bold) > room:
        text = text[:-1]
    return text + "…"


FooterPainter = Callable[[Canvas, int, int], None]


class NumberedCanvas(Canvas):  # type: ignore[misc, unused-ignore]  # untyped without stubs
    """A canvas that draws each page's footer once the page count is known."""

    def __init__(self, *args: Any, footer: FooterPainter, **kwargs: Any) -> None:
        """Create the canvas; `footer(canvas, page, pages)` is called for every page on save."""
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's API name
        """Hold the finished page back until the page count is known."""
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined, unused-ignore]  # ReportLab internal

    def save(self) -> None:
        """Draw all footers, then write the document."""
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()
