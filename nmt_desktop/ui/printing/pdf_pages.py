"""PDF pages as QImages, rasterised by PDFium (pypdfium2).

Our PySide6-Essentials wheel has no QtPdf module; pypdfium2 wraps the same PDFium engine that
QtPdf wraps, so the preview and the printout show what any PDF viewer shows. This is the only
module that talks to PDFium: PDFium is not thread-safe, so every call stays on the GUI thread.
The document is opened for each call and closed again (a few milliseconds for a report), so no
PDFium handle outlives a closed window.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]  # no stubs
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72.0


class PdfPages:
    """One PDF document, asked for page sizes and page images."""

    def __init__(self, pdf: bytes, password: str | None = None) -> None:
        self._pdf = pdf
        self._password = password
        with self._opened() as document:
            self._sizes = [QSizeF(*document.get_page_size(index))
                           for index in range(len(document))]

    @contextmanager
    def _opened(self) -> Iterator[pdfium.PdfDocument]:
        document = pdfium.PdfDocument(self._pdf, password=self._password)
        try:
            yield document
        finally:
            document.close()

    @property
    def count(self) -> int:
        return len(self._sizes)

    def size_in_points(self, index: int) -> QSizeF:
        """The page's size in PDF points (1/72 inch), as laid out by the report."""
        return QSizeF(self._sizes[index])

    def render(self, index: int, dots_per_inch: float) -> QImage:
        """The page on white at `dots_per_inch`, as an image that owns its pixels."""
        with self._opened() as document:
            page = document[index]
            bitmap = page.render(scale=dots_per_inch / POINTS_PER_INCH, rev_byteorder=True,
                                 draw_annots=True, may_draw_forms=False)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           _image_format(bitmap.n_channels))
            # The QImage borrowed the bytes above; copy() gives it pixels of its own.
            owned = image.copy()
            bitmap.close()
            page.close()
            return owned


def _image_format(channels: int) -> QImage.Format:
    # With rev_byteorder, PDFium writes RGB(A) byte order, which these formats read as-is.
    return QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888
