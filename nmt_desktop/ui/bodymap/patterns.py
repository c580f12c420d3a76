"""Brushes of the body map: pain-quality textures, intensity shades, tension tints.

Pain qualities are small dark glyphs tiled over a region (the pain-drawing legend of
clinical-spec §3.6: ^ = o x / plus app glyphs), the same glyphs the printed reports use, so a
therapist reads the screen and the paper alike and a greyscale print keeps every quality apart.
Intensity is the shade behind the glyphs, light to mid red-brown, kept light enough at NRS 10
for the dark glyphs to stay readable on it.

Brushes are texture brushes in scene units: each texture is drawn `SUPERSAMPLE` pixels per
SVG unit and the brush transform scales it back, so glyphs stay crisp when the map is zoomed
in. Every brush is built once and cached.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QTransform

from nmt_desktop.domain.glyphs import GLYPHS, Arc, Point, Primitive, Ring, Solid, Stroke
from nmt_desktop.domain.vocab import PainQuality

#: Side of one glyph cell, in SVG units.
CELL = 13.0
#: Texture pixels per SVG unit.
SUPERSAMPLE = 4
#: Glyph ink: a warm near-black that prints as black.
INK = QColor("#2b211d")

# NRS 0 → 10: lightness falls, saturation rises a little; hue stays a warm red-brown.
_SHADE_LIGHTNESS = (0.955, 0.50)
_SHADE_SATURATION = (0.42, 0.52)
_SHADE_HUE = 12


def _points(shape: Sequence[Point], x: float, y: float, u: float) -> list[QPointF]:
    # Glyph units have y up; scene y grows downwards.
    return [QPointF(x + px * u, y - py * u) for px, py in shape]


def _draw(p: QPainter, primitive: Primitive, x: float, y: float, u: float) -> None:
    if isinstance(primitive, Stroke):
        p.drawPolyline(_points(primitive.points, x, y, u))
    elif isinstance(primitive, Solid):
        p.save()
        p.setBrush(p.pen().color())
        p.drawPolygon(_points(primitive.points, x, y, u))
        p.restore()
    elif isinstance(primitive, Ring):
        p.drawEllipse(QPointF(x, y), primitive.radius * u, primitive.radius * u)
    elif isinstance(primitive, Arc):
        cx, r = x + primitive.cx * u, primitive.radius * u
        p.drawArc(QRectF(cx - r, y - r, 2 * r, 2 * r), int(primitive.start * 16),
                  int(primitive.extent * 16))
    else:
        # Screen: a faint patch of ink, so deep pressure stays a texture over the shade.
        p.save()
        colour = QColor(p.pen().color())
        colour.setAlphaF(colour.alphaF() * 0.38)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        side = primitive.half * 2 * u * 1.3
        p.drawRoundedRect(QRectF(x - side / 2, y - side / 2, side, side), u * 0.2, u * 0.2)
        p.restore()


def _draw_glyph(p: QPainter, quality: PainQuality, x: float, y: float, u: float) -> None:
    for primitive in GLYPHS[quality]:
        _draw(p, primitive, x, y, u)


def glyph_pen(intensity: int, scale: float = 1.0) -> QPen:
    """The ink pen of the glyphs: a touch heavier and more opaque as intensity rises."""
    nrs = _clamp_nrs(intensity)
    colour = QColor(INK)
    colour.setAlphaF(0.80 + 0.02 * nrs)
    pen = QPen(colour, (0.95 + 0.025 * nrs) * scale)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def draw_glyph(
    painter: QPainter, quality: PainQuality, centre: QPointF, size: float, intensity: int = 5
) -> None:
    """Draw one glyph `size` units across, centred on `centre`, in the current transform."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(glyph_pen(intensity, size / (CELL * 0.62)))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _draw_glyph(painter, quality, centre.x(), centre.y(), size / 2)
    painter.restore()


_QUALITY_CACHE: dict[tuple[PainQuality, int, int, int], QBrush] = {}
_SHADE_CACHE: dict[int, QBrush] = {}


def _clamp_nrs(nrs: int) -> int:
    return max(0, min(10, int(nrs)))


def quality_brush(
    quality: PainQuality, intensity: int, *, layer: int = 0, layers: int = 1
) -> QBrush:
    """Texture brush of one pain quality, in scene units, drawn in dark ink.

    Args:
        quality: The pain quality.
        intensity: NRS 0-10 of the zone: the ink gets slightly heavier with it.
        layer: Which of `layers` qualities of the same region this brush draws.
        layers: How many qualities the region has. The glyph cells are shared out in diagonal
            bands (cell i, j draws layer (i + j) mod layers), so the qualities of one region
            interleave without covering each other; with one quality every cell has a glyph.
    """
    layers = max(1, min(len(GLYPHS), layers))
    layer %= layers
    key = (quality, _clamp_nrs(intensity), layer, layers)
    brush = _QUALITY_CACHE.get(key)
    if brush is None:
        brush = _make_quality_brush(*key)
        _QUALITY_CACHE[key] = brush
    return brush


def _make_quality_brush(quality: PainQuality, nrs: int, layer: int, layers: int) -> QBrush:
    columns = layers
    rows = layers if layers % 2 == 0 else layers * 2  # brick rows need an even period
    px = CELL * SUPERSAMPLE
    image = QImage(int(columns * px), int(rows * px), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(glyph_pen(nrs, SUPERSAMPLE))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    width = image.width()
    half = px * 0.62 / 2
    for j in range(rows):
        shift = px / 2 if j % 2 else 0.0
        for i in range(columns):
            if (i + j) % layers != layer:
                continue
            x = (i + 0.5) * px + shift
            y = (j + 0.5) * px
            for wrap in (-width, 0, width):  # a glyph crossing the tile edge continues
                _draw_glyph(painter, quality, x + wrap, y, half)
    painter.end()
    brush = QBrush(image)
    brush.setTransform(QTransform.fromScale(1 / SUPERSAMPLE, 1 / SUPERSAMPLE))
    return brush


def intensity_colour(nrs: int) -> QColor:
    """Shade of a pain zone: luminance strictly decreases from NRS 0 to NRS 10."""
    t = _clamp_nrs(nrs) / 10
    lightness = _SHADE_LIGHTNESS[0] + (_SHADE_LIGHTNESS[1] - _SHADE_LIGHTNESS[0]) * t
    saturation = _SHADE_SATURATION[0] + (_SHADE_SATURATION[1] - _SHADE_SATURATION[0]) * t
    return QColor.fromHslF(_SHADE_HUE / 360, saturation, lightness)


def intensity_brush(nrs: int) -> QBrush:
    """Solid brush of the intensity shade of a pain zone."""
    nrs = _clamp_nrs(nrs)
    brush = _SHADE_CACHE.get(nrs)
    if brush is None:
        brush = QBrush(intensity_colour(nrs))
        _SHADE_CACHE[nrs] = brush
    return brush


def intensity_outline(nrs: int) -> QColor:
    """A darker line of the same hue, to outline a painted region."""
    return intensity_colour(nrs).darker(135)


def relative_luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour (0 black, 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else math.pow((value + 0.055) / 1.055, 2.4)

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


# Tension: a cool teal, clearly another family than the warm pain shades.
TENSION_INK = QColor("#145e66")
_TENSION_TINT_ALPHA = (0.04, 0.09, 0.14, 0.20)
_TENSION_BORDER = (0.9, 1.6, 2.3, 3.1)


def tension_tint(grade: int) -> QColor:
    colour = QColor("#2b8f99")
    colour.setAlphaF(_TENSION_TINT_ALPHA[max(0, min(3, grade))])
    return colour


def tension_border_width(grade: int) -> float:
    """Width of the inner border of a rated region, in SVG units; grows with the grade."""
    return _TENSION_BORDER[max(0, min(3, grade))]


_HATCHES: dict[tuple[object, ...], QBrush] = {}


def hatch_brush(spacing: int, tint: tuple[int, int, int, int], ink: tuple[int, int, int, int],
                width: float, *, rising: bool) -> QBrush:
    """Diagonal lines `spacing` units apart over a faint tint, rising or falling to the right.

    Drawn once per look, supersampled, then scaled back so the lines stay crisp.
    """
    key = (spacing, tint, ink, width, rising)
    if key not in _HATCHES:
        px = spacing * SUPERSAMPLE
        image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(*tint))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(*ink), width * SUPERSAMPLE))
        start, end = (px, 0) if rising else (0, px)
        for offset in (-px, 0, px):
            painter.drawLine(QPointF(offset, start), QPointF(offset + px, end))
        painter.end()
        brush = QBrush(image)
        brush.setTransform(QTransform.fromScale(1 / SUPERSAMPLE, 1 / SUPERSAMPLE))
        _HATCHES[key] = brush
    return _HATCHES[key]


def no_go_brush() -> QBrush:
    """Red diagonal hatch of a region where deep pressure must not go."""
    return hatch_brush(6, (200, 40, 30, 28), (190, 30, 25, 210), 0.9, rising=True)
