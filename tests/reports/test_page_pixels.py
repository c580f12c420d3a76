"""Render report pages to pixels (pypdfium2) and check they show something."""

from __future__ import annotations

import pytest

from tests.reports.pdf_tools import grey_pixels, page_count


@pytest.mark.parametrize("fixture", ["summary_pdf", "physician_pdf"])
def test_every_page_is_not_blank(fixture: str, request: pytest.FixtureRequest) -> None:
    pdf: bytes = request.getfixturevalue(fixture)
    for page in range(page_count(pdf)):
        width, height, pixels = grey_pixels(pdf, page)
        inked = sum(p < 160 for p in pixels) / (width * height)
        # Text, tables and the footer ink a few percent of a page; a blank page inks none.
        assert inked > 0.01, f"page {page + 1} looks blank"
        assert pixels[0] > 250, "pages are painted on white"


def test_first_page_of_the_summary_shows_the_body_map(summary_pdf: bytes) -> None:
    # The figures' light fill (#f4f1ec) covers a sizeable area of page 1.
    width, height, pixels = grey_pixels(summary_pdf, 0)
    figure_fill = sum(235 <= p <= 245 for p in pixels) / (width * height)
    assert figure_fill > 0.03
