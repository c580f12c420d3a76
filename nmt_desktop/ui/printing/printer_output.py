"""Send PDF pages to a QPrinter: each page rasterised at the printer's resolution.

Resolution is capped at 300 dpi: a 1200 dpi printer would otherwise mean 400 MB per A4 page,
while 300 dpi (26 MB) prints text as crisply as an office laser printer's text mode.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from nmt_desktop.ui.printing.pdf_pages import PdfPages

HIGHEST_PRINT_DPI = 300


class PrintError(Exception):
    """The printer could not be started; nothing was printed."""


def print_pages(pages: PdfPages, printer: QPrinter) -> int:
    """Print every page (or the range chosen in the print dialog); returns pages printed."""
    indexes = _chosen_pages(pages, printer)
    if not indexes:
        return 0
    # Our reports lay out their own margins; the printer adds only what its hardware needs.
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError("The printer could not be started. Check that it is connected and "
                          "switched on, then try again.")
    try:
        dpi = min(printer.resolution(), HIGHEST_PRINT_DPI)
        for position, index in enumerate(indexes):
            if position and not printer.newPage():
                raise PrintError("The printer stopped after page "
                                  f"{position} of {len(indexes)}.")
            target = _fit(painter.viewport().size().toSizeF(), pages, index)
            painter.drawImage(target, pages.render(index, dpi))
    finally:
        painter.end()
    return len(indexes)


def _chosen_pages(pages: PdfPages, printer: QPrinter) -> list[int]:
    first, last = printer.fromPage(), printer.toPage()
    ranged = printer.printRange() is QPrinter.PrintRange.PageRange
    if not ranged or first <= 0 or last <= 0:
        return list(range(pages.count))
    return list(range(first - 1, min(last, pages.count)))


def _fit(paper: QSizeF, pages: PdfPages, index: int) -> QRectF:
    """The page scaled to fit the paper the user chose, centred, keeping its proportions."""
    size = pages.size_in_points(index)
    scale = min(paper.width() / size.width(), paper.height() / size.height())
    width, height = size.width() * scale, size.height() * scale
    return QRectF((paper.width() - width) / 2, (paper.height() - height) / 2, width, height)
