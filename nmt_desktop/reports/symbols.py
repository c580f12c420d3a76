"""Black-and-white symbols of the body map: pain-quality glyphs, trigger points, intensity.

Pain qualities follow the pain-drawing legend of clinical-spec §3.6 (Ransford's ^ = o x /
plus app glyphs), drawn as small vector glyphs tiled over a region: a glyph survives a fax or a
photocopy where a colour or a fine hatch would not. Intensity is the grey behind the glyphs,
kept light enough (NRS 10 is 50 % grey) for black glyphs to stay readable on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from nmt_desktop.domain.glyphs import GLYPHS, Arc, Point, Primitive, Ring, Solid, Stroke
from nmt_desktop.domain.vocab import PainQuality, TriggerPointStatus

GLYPH_LINE = 0.6
#: Grey for a painted region whose intensity was not recorded.
UNRATED_GREY = 0.9


def intensity_grey(nrs: int | None) -> float:
    """Fill grey level (1 = white) for a pain intensity 0-10."""
    if nrs is None:
        return UNRATED_GREY
    return 1.0 - 0.05 * max(0, min(10, nrs))


def _points(shape: Sequence[Point], x: float, y: float, u: float) -> list[Point]:
    # Glyph units have y up, like PDF space: no flip.
    return [(x + px * u, y + py * u) for px, py in shape]


def _polyline(canvas: Canvas, points: Sequence[Point], *, fill: bool = False) -> None:
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    if fill:
        path.close()
    canvas.drawPath(path, stroke=0 if fill else 1, fill=1 if fill else 0)


def _draw(canvas: Canvas, primitive: Primitive, x: float, y: float, u: float) -> None:
    if isinstance(primitive, Stroke):
        _polyline(canvas, _points(primitive.points, x, y, u))
    elif isinstance(primitive, Solid):
        _polyline(canvas, _points(primitive.points, x, y, u), fill=True)
    elif isinstance(primitive, Ring):
        canvas.circle(x, y, primitive.radius * u, stroke=1, fill=0)
    elif isinstance(primitive, Arc):
        cx, r = x + primitive.cx * u, primitive.radius * u
        canvas.arc(cx - r, y - r, cx + r, y + r, primitive.start, primitive.extent)
    else:
        # Paper: a solid block; the region's grey already carries the intensity.
        side = primitive.half * 2 * u * 0.75
        canvas.rect(x - side / 2, y - side / 2, side, side, stroke=0, fill=1)


def draw_glyph(canvas: Canvas, quality: PainQuality, x: float, y: float, size: float) -> None:
    """Draw one pain-quality glyph centred on (x, y), `size` points across."""
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setFillColor(colors.black)
    canvas.setLineWidth(GLYPH_LINE)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    for primitive in GLYPHS[quality]:
        _draw(canvas, primitive, x, y, size / 2)
    canvas.restoreState()


def tile_glyphs(
    canvas: Canvas,
    qualities: Sequence[PainQuality],
    bounds: tuple[float, float, float, float],
    cell: float,
) -> None:
    """Tile glyphs over a box; the caller clips to the region.

    Several qualities interleave cell by cell (diagonal bands), so every glyph stays whole and
    recognisable instead of being drawn over another one. The grid is centred on the box so
    that a small region still gets a glyph in its middle.
    """
    if not qualities:
        return
    x0, y0, x1, y1 = bounds
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    nx = math.ceil((x1 - x0) / cell / 2) + 1
    ny = math.ceil((y1 - y0) / cell / 2) + 1
    for j in range(-ny, ny + 1):
        # Every other row is shifted by half a cell: a brick layout reads as a texture.
        shift = cell / 2 if j % 2 else 0.0
        for i in range(-nx, nx + 1):
            quality = qualities[(i + j) % len(qualities)]
            draw_glyph(canvas, quality, cx + i * cell + shift, cy + j * cell, cell * 0.62)


def draw_trigger_point(
    canvas: Canvas, status: TriggerPointStatus, x: float, y: float, radius: float
) -> None:
    """Draw a trigger point: filled = active, hollow = latent, half-filled = undetermined.

    A white halo keeps the symbol readable over grey fills and glyphs.
    """
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.setStrokeColor(colors.white)
    canvas.circle(x, y, radius + 1.1, stroke=0, fill=1)
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.9)
    if status is TriggerPointStatus.ACTIVE:
        canvas.setFillColor(colors.black)
        canvas.circle(x, y, radius, stroke=1, fill=1)
    elif status is TriggerPointStatus.LATENT:
        canvas.circle(x, y, radius, stroke=1, fill=0)
    else:
        # Left half filled: the status is open, half-way between active and latent.
        canvas.setFillColor(colors.black)
        canvas.wedge(x - radius, y - radius, x + radius, y + radius, 90, 180, stroke=0, fill=1)
        canvas.circle(x, y, radius, stroke=1, fill=0)
    canvas.restoreState()
