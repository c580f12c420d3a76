"""Pain qualities stay apart in greyscale; intensity shades darken strictly with NRS."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from nmt_desktop.domain.vocab import PainQuality
from nmt_desktop.ui.bodymap.patterns import (
    intensity_brush,
    intensity_colour,
    quality_brush,
    relative_luminance,
)

TILE = 96  # pixels; at 2 px per SVG unit this is several glyph cells


def grey_tile(quality: PainQuality) -> QImage:
    image = QImage(TILE, TILE, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.scale(2, 2)
    painter.fillRect(QRectF(0, 0, TILE / 2, TILE / 2), quality_brush(quality, 5))
    painter.end()
    return image.convertToFormat(QImage.Format.Format_Grayscale8)


def pixels(image: QImage) -> list[int]:
    return [image.pixelColor(x, y).value() for y in range(image.height())
            for x in range(image.width())]


def test_each_quality_draws_something() -> None:
    for quality in PainQuality:
        values = pixels(grey_tile(quality))
        inked = sum(1 for v in values if v < 200) / len(values)
        assert 0.02 < inked < 0.6, quality


def test_quality_patterns_are_pairwise_different_in_greyscale() -> None:
    tiles = {quality: pixels(grey_tile(quality)) for quality in PainQuality}
    for a, b in itertools.combinations(PainQuality, 2):
        differing = sum(1 for p, q in zip(tiles[a], tiles[b], strict=True) if abs(p - q) > 60)
        assert differing / (TILE * TILE) > 0.04, (a, b)


def test_brushes_are_cached() -> None:
    assert quality_brush(PainQuality.BURNING, 4) is quality_brush(PainQuality.BURNING, 4)
    assert intensity_brush(7) is intensity_brush(7)


def test_intensity_shades_darken_strictly_with_nrs() -> None:
    luminance = [relative_luminance(intensity_colour(nrs)) for nrs in range(11)]
    grey = [QColor(intensity_brush(nrs).color()).lightness() for nrs in range(11)]
    assert all(a > b for a, b in itertools.pairwise(luminance))
    assert all(a > b for a, b in itertools.pairwise(grey))
    # Light enough at 10 for black glyphs to stay readable on it.
    assert luminance[10] > 0.12


@pytest.mark.parametrize("layers", [2, 3, 9])
def test_layers_of_one_region_share_the_cells(layers: int) -> None:
    qualities = list(PainQuality)[:layers]
    image = QImage(TILE, TILE, QImage.Format.Format_ARGB32)
    counts = []
    for index, quality in enumerate(qualities):
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.fillRect(QRectF(0, 0, TILE, TILE),
                         quality_brush(quality, 5, layer=index, layers=layers))
        painter.end()
        counts.append(sum(1 for y in range(TILE) for x in range(TILE)
                          if image.pixelColor(x, y).alpha() > 0))
    assert all(count > 0 for count in counts)
