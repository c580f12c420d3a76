"""Black-and-white symbols of the body map: pain-quality glyphs, trigger points, intensity.

Pain qualities follow the pain-drawing legend of clinical-spec §3.6 (Ransford's ^ = o x /
plus app glyphs), drawn as small vector glyphs tiled over a region: a glyph survives a fax or a
photocopy where a colour or a fine hatch would not. Intensity is the grey behind the glyphs,
kept light enough (NRS 10 is 50 % grey) for black glyphs to stay readable on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from nmt_desktop.domain.vocab import PainQuality, TriggerPointStatus

GLYPH_LINE = 0.6
#: Grey for a painted region whose intensity was not recorded.
UNRATED_GREY = 0.9


def intensity_grey(nrs: int | None) -> float:
    """Fill grey level (1 = white) for a pain intensity 0-10."""
    if nrs is None:
        return UNRATED_GREY
    return 1.0 - 0.05 * max(0, min(10, nrs))


def _polyline(canvas: Canvas, points: Sequence[tuple[float, float]], *, fill: bool = False) -> None:
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    if fill:
        path.close()
    canvas.drawPath(path, stroke=0 if fill else 1, fill=1 if fill else 0)


def _aching(c: Canvas, x: float, y: float, u: float) -> None:
    # One tall chevron "^" (Ransford's ache mark); cramping is a flat, many-peaked zig-zag.
    _polyline(c, [(x - u * 0.7, y - u * 0.5), (x, y + u * 0.55), (x + u * 0.7, y - u * 0.5)])


def _numbness(c: Canvas, x: float, y: float, u: float) -> None:
    for dy in (-u * 0.35, u * 0.35):
        c.line(x - u, y + dy, x + u, y + dy)


def _pins_needles(c: Canvas, x: float, y: float, u: float) -> None:
    c.circle(x, y, u * 0.5, stroke=1, fill=0)


def _burning(c: Canvas, x: float, y: float, u: float) -> None:
    c.line(x - u * 0.7, y - u * 0.7, x + u * 0.7, y + u * 0.7)
    c.line(x - u * 0.7, y + u * 0.7, x + u * 0.7, y - u * 0.7)


def _stabbing(c: Canvas, x: float, y: float, u: float) -> None:
    c.line(x - u * 0.55, y - u, x + u * 0.55, y + u)


def _throbbing(c: Canvas, x: float, y: float, u: float) -> None:
    # Two arcs opening to the left, like a pulse radiating from a point.
    for radius in (u * 0.55, u * 1.05):
        c.arc(x - u * 0.6 - radius, y - radius, x - u * 0.6 + radius, y + radius, -50, 100)


def _cramping(c: Canvas, x: float, y: float, u: float) -> None:
    xs = [x - u * 1.1 + i * u * 2.2 / 6 for i in range(7)]
    _polyline(c, [(px, y + (u * 0.3 if i % 2 else -u * 0.3)) for i, px in enumerate(xs)])


def _shooting(c: Canvas, x: float, y: float, u: float) -> None:
    bolt = [
        (x + u * 0.35, y + u),
        (x - u * 0.45, y - u * 0.05),
        (x - u * 0.02, y - u * 0.05),
        (x - u * 0.35, y - u),
        (x + u * 0.45, y + u * 0.1),
        (x + u * 0.02, y + u * 0.1),
    ]
    _polyline(c, bolt, fill=True)


def _deep_pressure(c: Canvas, x: float, y: float, u: float) -> None:
    # A solid block: the "solid fill" of §3.6 at glyph scale, because the region's own fill
    # already encodes intensity.
    c.rect(x - u * 0.45, y - u * 0.45, u * 0.9, u * 0.9, stroke=0, fill=1)


GlyphPainter = Callable[[Canvas, float, float, float], None]

GLYPHS: dict[PainQuality, GlyphPainter] = {
    PainQuality.ACHING: _aching,
    PainQuality.NUMBNESS: _numbness,
    PainQuality.PINS_NEEDLES: _pins_needles,
    PainQuality.BURNING: _burning,
    PainQuality.STABBING: _stabbing,
    PainQuality.THROBBING: _throbbing,
    PainQuality.CRAMPING: _cramping,
    PainQuality.SHOOTING: _shooting,
    PainQuality.DEEP_PRESSURE: _deep_pressure,
}


def draw_glyph(canvas: Canvas, quality: PainQuality, x: float, y: float, size: float) -> None:
    """Draw one pain-quality glyph centred on (x, y), `size` points across."""
    canvas.saveState()
    canvas.setStrokeColor(colors.black)
    canvas.setFillColor(colors.black)
    canvas.setLineWidth(GLYPH_LINE)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    GLYPHS[quality](canvas, x, y, size / 2)
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
