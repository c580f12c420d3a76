"""The body map as a Flowable: SVG artwork as vectors, marks above it, legend below.

One flowable draws one or more maps ("groups", e.g. first and latest session) side by side,
each with the chosen views (front, back or both). The artwork comes from bodymap.svg through
svglib and is placed once per document as a PDF form XObject, so four figures in a report
cost one copy of the artwork.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable

from nmt_desktop.domain.vocab import Side, View
from nmt_desktop.reports.bodymap_art import (
    CLOSE,
    CURVE,
    LINE,
    MOVE,
    Affine,
    BodyMapArt,
    Box,
    PathOp,
    draw_artwork,
    packaged_bodymap,
)
from nmt_desktop.reports.canvas_text import draw_text
from nmt_desktop.reports.data import MapMarks
from nmt_desktop.reports.map_legend import draw_legend, legend_entries, legend_height
from nmt_desktop.reports.symbols import draw_trigger_point, intensity_grey, tile_glyphs

_log = logging.getLogger(__name__)

_SIDE_PAD = 10.0  # room for the R / L letters beside each figure
_VIEW_GAP = 8.0
_GROUP_GAP = 16.0
_CAPTION_H = 13.0
_VIEW_LABEL_H = 12.0
_LEGEND_GAP = 4.0


@dataclass(frozen=True, slots=True)
class MapGroup:
    """One map of the flowable: a caption ("Latest session, 3 Mar 2025") and its marks."""

    caption: str
    marks: MapMarks


def side_letters(view: View) -> tuple[Side, Side]:
    """The patient's sides at the viewer's left and right of a figure.

    On the front view the patient faces us, so their right is on our left; on the back view
    we see them from behind and their right is on our right.
    """
    return (Side.RIGHT, Side.LEFT) if view is View.ANTERIOR else (Side.LEFT, Side.RIGHT)


def _replay(canvas: Canvas, ops: Sequence[PathOp]) -> PDFPathObject:
    # Rebuild an outline as a canvas path, for clipping or stroking.
    path = canvas.beginPath()
    for op, args in ops:
        if op == MOVE:
            path.moveTo(*args)
        elif op == LINE:
            path.lineTo(*args)
        elif op == CURVE:
            path.curveTo(*args)
        elif op == CLOSE:
            path.close()
    return path


class BodyMapFlowable(Flowable):  # type: ignore[misc, unused-ignore]  # untyped without stubs
    """Draw maps side by side with R/L letters, view labels, captions and a legend."""

    def __init__(
        self,
        groups: Sequence[MapGroup],
        views: Sequence[View] = (View.ANTERIOR, View.POSTERIOR),
        *,
        max_figure_height: float = 95 * mm,
        plain_language: bool = False,
        glyph_cell: float = 6.0,
        point_radius: float = 3.0,
        art: BodyMapArt | None = None,
    ) -> None:
        """Create the flowable.

        Args:
            groups: The maps to draw, left to right.
            views: Which figures each map shows.
            max_figure_height: Upper limit for the figures' height in points.
            plain_language: Word the legend for patients instead of clinicians.
            glyph_cell: Spacing of the pain-quality glyphs in points.
            point_radius: Radius of a trigger-point symbol in points.
            art: The parsed body map; the packaged bodymap.svg by default.
        """
        super().__init__()
        self.groups = tuple(groups)
        self.views = tuple(views)
        self.max_figure_height = max_figure_height
        self.glyph_cell = glyph_cell
        self.point_radius = point_radius
        self.art = art or packaged_bodymap()
        self.entries = legend_entries((g.marks for g in self.groups), plain_language=plain_language)
        # Crop boxes in drawing points (y up), one per view, with a little air around.
        self._crops = {
            v: self.art.to_drawing.map_box(self.art.view_box(v)).expanded(4.0) for v in self.views
        }
        self._scale = 1.0
        self._figure_h = 0.0
        region_ids = {z.region_id for g in self.groups for z in g.marks.pain_zones}
        region_ids |= {t.region_id for g in self.groups for t in g.marks.tension}
        unknown = sorted(region_ids - set(self.art.outlines))
        if unknown:
            # A chart made with another atlas version; the rest of the map still prints.
            _log.warning("Regions not in bodymap.svg, not drawn: %s", ", ".join(unknown))

    # -- layout -----------------------------------------------------------------------------

    @property
    def _has_captions(self) -> bool:
        return any(g.caption for g in self.groups)

    def _fixed_width(self) -> float:
        # Everything across the page that does not scale with the figures.
        per_group = len(self.views) * 2 * _SIDE_PAD + (len(self.views) - 1) * _VIEW_GAP
        return len(self.groups) * per_group + (len(self.groups) - 1) * _GROUP_GAP

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fit the figures to the width, capped by `max_figure_height`."""
        natural_w = sum(self._crops[v].width for v in self.views) * len(self.groups)
        natural_h = max(self._crops[v].height for v in self.views)
        self._scale = min(
            (avail_width - self._fixed_width()) / natural_w, self.max_figure_height / natural_h
        )
        self._figure_h = natural_h * self._scale
        self.width = avail_width
        self.height = (
            (_CAPTION_H if self._has_captions else 0.0)
            + self._figure_h
            + _VIEW_LABEL_H
            + _LEGEND_GAP
            + legend_height(self.entries, avail_width)
        )
        return self.width, self.height

    def _panels(self) -> list[tuple[int, View, Box]]:
        # Panel boxes (figure area without the R/L margins) in local coordinates, the whole
        # row centred in the available width.
        s = self._scale
        figures = sum(self._crops[v].width * s for v in self.views) * len(self.groups)
        x = (self.width - figures - self._fixed_width()) / 2
        bottom = self.height - (_CAPTION_H if self._has_captions else 0.0) - self._figure_h
        panels = []
        for g in range(len(self.groups)):
            for n, view in enumerate(self.views):
                x += (_VIEW_GAP if n else 0.0) + _SIDE_PAD
                w = self._crops[view].width * s
                panels.append((g, view, Box(x, bottom, x + w, bottom + self._figure_h)))
                x += w + _SIDE_PAD
            x += _GROUP_GAP
        return panels

    # -- drawing ----------------------------------------------------------------------------

    def draw(self) -> None:
        """Draw captions, figures, marks, R/L letters, view labels and the legend."""
        canvas: Canvas = self.canv
        panels = self._panels()
        for g, view, box in panels:
            crop = self._crops[view]
            drawing_to_local = Affine(
                self._scale,
                0,
                0,
                self._scale,
                box.x0 - crop.x0 * self._scale,
                box.y0 - crop.y0 * self._scale,
            )
            self._draw_art(canvas, box, drawing_to_local)
            user_to_local = self.art.to_drawing.then(drawing_to_local)
            self._draw_marks(canvas, self.groups[g].marks, view, user_to_local)
            self._draw_labels(canvas, view, box)
        self._draw_captions(canvas, panels)
        draw_legend(
            canvas,
            self.entries,
            0,
            self.height
            - (_CAPTION_H if self._has_captions else 0.0)
            - self._figure_h
            - _VIEW_LABEL_H
            - _LEGEND_GAP,
            self.width,
        )

    def _draw_art(self, canvas: Canvas, box: Box, drawing_to_local: Affine) -> None:
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(box.x0 - _SIDE_PAD, box.y0, box.width + 2 * _SIDE_PAD, box.height)
        canvas.clipPath(clip, stroke=0, fill=0)
        t = drawing_to_local
        canvas.transform(t.a, t.b, t.c, t.d, t.e, t.f)
        draw_artwork(canvas, self.art)
        canvas.restoreState()

    def _in_view(self, region_id: str, view: View) -> bool:
        outline = self.art.outlines.get(region_id)
        if outline is None:
            return False
        b, v = outline.bounds, self.art.view_box(view)
        cx, cy = (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2
        return v.x0 <= cx <= v.x1 and v.y0 <= cy <= v.y1

    def _draw_marks(
        self, canvas: Canvas, marks: MapMarks, view: View, user_to_local: Affine
    ) -> None:
        for zone in marks.pain_zones:
            if not self._in_view(zone.region_id, view):
                continue
            outline = self.art.outlines[zone.region_id]
            ops = outline.mapped(user_to_local)
            bounds = user_to_local.map_box(outline.bounds)
            canvas.saveState()
            canvas.clipPath(_replay(canvas, ops), stroke=0, fill=0)
            canvas.setFillGray(intensity_grey(zone.nrs))
            canvas.rect(bounds.x0, bounds.y0, bounds.width, bounds.height, stroke=0, fill=1)
            tile_glyphs(
                canvas,
                zone.qualities,
                (bounds.x0, bounds.y0, bounds.x1, bounds.y1),
                self.glyph_cell,
            )
            canvas.restoreState()
            canvas.saveState()
            canvas.setStrokeGray(0.25)
            canvas.setLineWidth(0.5)
            canvas.drawPath(_replay(canvas, ops), stroke=1, fill=0)
            canvas.restoreState()
        for rating in marks.tension:
            if rating.grade <= 0 or not self._in_view(rating.region_id, view):
                continue
            ops = self.art.outlines[rating.region_id].mapped(user_to_local)
            canvas.saveState()
            # Clipped to the region, a doubled stroke width leaves an inner border only.
            canvas.clipPath(_replay(canvas, ops), stroke=0, fill=0)
            canvas.setLineWidth(2 * (0.5 + 0.55 * int(rating.grade)))
            canvas.setDash(2.5, 1.5)
            canvas.drawPath(_replay(canvas, ops), stroke=1, fill=0)
            canvas.restoreState()
        for point in marks.trigger_points:
            if point.view is view:
                x, y = user_to_local.apply(point.x, point.y)
                draw_trigger_point(canvas, point.status, x, y, self.point_radius)

    def _draw_labels(self, canvas: Canvas, view: View, box: Box) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.black)
        left, right = side_letters(view)
        # At shoulder height, where a reader looks first to orient the figure.
        y = box.y1 - box.height * 0.22
        draw_text(
            canvas, box.x0 - _SIDE_PAD / 2, y, left.value[0].upper(), 9, bold=True, anchor="centre"
        )
        draw_text(
            canvas, box.x1 + _SIDE_PAD / 2, y, right.value[0].upper(), 9, bold=True, anchor="centre"
        )
        draw_text(canvas, (box.x0 + box.x1) / 2, box.y0 - 9, view.label, 8, anchor="centre")
        canvas.restoreState()

    def _draw_captions(self, canvas: Canvas, panels: list[tuple[int, View, Box]]) -> None:
        if not self._has_captions:
            return
        canvas.saveState()
        canvas.setFillColor(colors.black)
        for g, group in enumerate(self.groups):
            boxes = [box for gg, _, box in panels if gg == g]
            x0 = min(b.x0 for b in boxes) - _SIDE_PAD
            x1 = max(b.x1 for b in boxes) + _SIDE_PAD
            y = self.height - _CAPTION_H + 3
            caption = group.caption
            if group.marks.is_empty and len(self.groups) > 1:
                caption += " – nothing marked"
            draw_text(canvas, (x0 + x1) / 2, y, caption, 8.5, bold=True, anchor="centre")
            canvas.setLineWidth(0.5)
            canvas.line(x0 + 4, y - 3, x1 - 4, y - 3)
        canvas.restoreState()
