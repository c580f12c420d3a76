"""Base class of the PDF renderers, in the shape of pretix's BaseReportlabInvoiceRenderer.

Subclasses set the class attributes they want to change, build their story in `_get_story`
and may override the page hooks; `render()` returns the finished PDF as bytes.
"""

from __future__ import annotations

import io
from abc import ABC, abstractmethod
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from nmt_desktop.reports.data import Letterhead, PatientInfo
from nmt_desktop.reports.fonts import REGULAR, register_fonts
from nmt_desktop.reports.page_furniture import (
    NumberedCanvas,
    PageGeometry,
    draw_footer,
    draw_letterhead,
    draw_running_header,
)
from nmt_desktop.reports.styles import Styles, build_stylesheet


class BaseReportRenderer(ABC):
    """Lays out a story on A4 pages with letterhead, running header and numbered footer.

    Geometry is in points (class attributes written in mm). The first page starts below the
    letterhead band; later pages below a slim running header.
    """

    pagesize: tuple[float, float] = A4
    left_margin: float = 18 * mm
    right_margin: float = 18 * mm
    top_margin: float = 12 * mm
    bottom_margin: float = 20 * mm
    letterhead_height: float = 26 * mm
    running_header_height: float = 8 * mm
    base_font_size: float = 9.0
    #: Document title, also in the PDF metadata and the running header.
    title: str = "Report"

    def __init__(self, letterhead: Letterhead, patient: PatientInfo) -> None:
        """Keep the parts of the data that the page furniture needs."""
        self.letterhead = letterhead
        self.patient = patient
        self.geometry = PageGeometry(
            width=self.pagesize[0],
            height=self.pagesize[1],
            left=self.left_margin,
            right=self.right_margin,
            bottom=self.bottom_margin,
        )
        self._register_fonts()
        self.styles = self._get_stylesheet()

    # -- hooks ------------------------------------------------------------------------------

    def _register_fonts(self) -> None:
        """Register the embedded TrueType fonts (idempotent)."""
        register_fonts()

    def _get_stylesheet(self) -> Styles:
        """The named paragraph styles of this report."""
        return build_stylesheet(self.base_font_size)

    def _on_first_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Draw the letterhead on the first page."""
        canvas.saveState()
        draw_letterhead(
            canvas,
            self.geometry,
            self.letterhead,
            top=self.geometry.height - self.top_margin,
            height=self.letterhead_height,
        )
        canvas.restoreState()

    def _on_later_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Draw the running header on every page after the first."""
        canvas.saveState()
        draw_running_header(
            canvas,
            self.geometry,
            top=self.geometry.height - self.top_margin,
            clinic=self.letterhead.name,
            report=self.title,
            patient=self.patient.display_name,
        )
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas, page: int, pages: int) -> None:
        """Draw the footer once the page count is known."""
        canvas.saveState()
        draw_footer(canvas, self.geometry, self.patient, page, pages)
        canvas.restoreState()

    @abstractmethod
    def _get_story(self) -> list[Flowable]:
        """The flowables of the report body."""

    # -- building ---------------------------------------------------------------------------

    def _frame(self, frame_id: str, header: float) -> Frame:
        top = self.geometry.height - self.top_margin - header
        return Frame(
            self.left_margin,
            self.bottom_margin,
            self.geometry.content_width,
            top - self.bottom_margin,
            id=frame_id,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def _build_doc(self, buffer: io.BytesIO) -> BaseDocTemplate:
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            title=f"{self.title} – {self.patient.display_name}",
            author=self.letterhead.name,
            subject=self.title,
            creator="NMT Desktop",
            initialFontName=REGULAR,
        )
        doc.addPageTemplates(
            [
                PageTemplate(
                    id="first",
                    frames=[self._frame("first", self.letterhead_height)],
                    onPage=self._on_first_page,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    id="later",
                    frames=[self._frame("later", self.running_header_height)],
                    onPage=self._on_later_page,
                ),
            ]
        )
        return doc

    def render(self) -> bytes:
        """Lay out the story and return the PDF bytes."""
        buffer = io.BytesIO()
        doc = self._build_doc(buffer)
        doc.build(self._get_story(), canvasmaker=partial(NumberedCanvas, footer=self._draw_footer))
        return buffer.getvalue()
