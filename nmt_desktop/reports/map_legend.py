"""The legend printed under every body map (clinical-spec §3.6: no map without its key).

It always explains the three trigger-point symbols and the R / L letters (the patient's sides,
the most common misreading of body maps), and adds the pain qualities, the intensity scale and
the tension outline only when the map shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from nmt_desktop.domain.vocab import PainQuality, TriggerPointStatus
from nmt_desktop.reports.canvas_text import draw_text, text_width
from nmt_desktop.reports.data import MapMarks
from nmt_desktop.reports.symbols import (
    draw_trigger_point,
    intensity_grey,
    tile_glyphs,
)

FONT_SIZE = 7.5
ROW_HEIGHT = 13.0
SWATCH_W = 15.0
SWATCH_H = 10.0
_GAP = 4.0
_SPACING = 11.0
_RAMP_CELL = 5.0


class EntryKind(Enum):
    """What a legend entry shows in front of its label."""

    TRIGGER_POINT = "trigger_point"
    QUALITY = "quality"
    INTENSITY = "intensity"
    TENSION = "tension"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Entry:
    """One symbol and its label."""

    kind: EntryKind
    label: str
    status: TriggerPointStatus | None = None
    quality: PainQuality | None = None

    @property
    def swatch_width(self) -> float:
        """Width of the symbol drawn before the label."""
        if self.kind is EntryKind.TRIGGER_POINT:
            return 8.0
        if self.kind is EntryKind.INTENSITY:
            return 11 * _RAMP_CELL
        if self.kind is EntryKind.NOTE:
            return 0.0
        return SWATCH_W

    @property
    def width(self) -> float:
        """Width of symbol, gap and label."""
        gap = _GAP if self.swatch_width else 0.0
        return self.swatch_width + gap + text_width(self.label, FONT_SIZE)


_TP_LABELS = {
    False: {
        TriggerPointStatus.ACTIVE: "Active trigger point",
        TriggerPointStatus.LATENT: "Latent trigger point",
        TriggerPointStatus.UNDETERMINED: "Trigger point, status open",
    },
    True: {
        TriggerPointStatus.ACTIVE: "Tender spot causing your usual pain",
        TriggerPointStatus.LATENT: "Tender spot, not your usual pain",
        TriggerPointStatus.UNDETERMINED: "Tender spot, not yet clear",
    },
}


def legend_entries(maps: Iterable[MapMarks], *, plain_language: bool = False) -> list[Entry]:
    """The legend entries for one or more maps shown together."""
    all_maps = list(maps)
    entries = [
        Entry(EntryKind.TRIGGER_POINT, _TP_LABELS[plain_language][status], status=status)
        for status in TriggerPointStatus
    ]
    zones = [zone for marks in all_maps for zone in marks.pain_zones]
    used = {quality for zone in zones for quality in zone.qualities}
    # Enum order, so the same qualities always appear in the same order.
    entries += [Entry(EntryKind.QUALITY, q.label, quality=q) for q in PainQuality if q in used]
    if any(zone.nrs is not None for zone in zones):
        label = "How strong the pain is, 0 to 10" if plain_language else "Pain intensity NRS 0–10"
        entries.append(Entry(EntryKind.INTENSITY, label))
    if any(marks.tension for marks in all_maps):
        label = "Tight muscles (thicker = tighter)" if plain_language else "Tension grade 1–3"
        entries.append(Entry(EntryKind.TENSION, label))
    sides = "R, L = your right, left" if plain_language else "R, L = patient's right, left"
    entries.append(Entry(EntryKind.NOTE, sides))
    if all(marks.is_empty for marks in all_maps):
        entries.append(Entry(EntryKind.NOTE, "Nothing was marked on this map."))
    return entries


def layout_rows(entries: Sequence[Entry], width: float) -> list[list[Entry]]:
    """Flow entries into rows no wider than `width`."""
    rows: list[list[Entry]] = [[]]
    used = 0.0
    for entry in entries:
        needed = entry.width + (_SPACING if rows[-1] else 0.0)
        if rows[-1] and used + needed > width:
            rows.append([])
            used = 0.0
            needed = entry.width
        rows[-1].append(entry)
        used += needed
    return rows


def legend_height(entries: Sequence[Entry], width: float) -> float:
    """Height the legend needs at `width`."""
    return len(layout_rows(entries, width)) * ROW_HEIGHT


def draw_legend(
    canvas: Canvas, entries: Sequence[Entry], x: float, top: float, width: float
) -> None:
    """Draw the legend rows, each centred, from `top` downwards."""
    for n, row in enumerate(layout_rows(entries, width)):
        row_width = sum(e.width for e in row) + _SPACING * (len(row) - 1)
        cx = x + (width - row_width) / 2
        mid = top - n * ROW_HEIGHT - ROW_HEIGHT / 2
        for entry in row:
            _draw_swatch(canvas, entry, cx, mid)
            gap = _GAP if entry.swatch_width else 0.0
            canvas.setFillColor(colors.black)
            draw_text(
                canvas,
                cx + entry.swatch_width + gap,
                mid - FONT_SIZE * 0.35,
                entry.label,
                FONT_SIZE,
            )
            cx += entry.width + _SPACING


def _draw_swatch(canvas: Canvas, entry: Entry, x: float, mid: float) -> None:
    canvas.saveState()
    if entry.kind is EntryKind.TRIGGER_POINT and entry.status is not None:
        draw_trigger_point(canvas, entry.status, x + 4, mid, 3.2)
    elif entry.kind is EntryKind.QUALITY and entry.quality is not None:
        box = (x, mid - SWATCH_H / 2, x + SWATCH_W, mid + SWATCH_H / 2)
        path = canvas.beginPath()
        path.rect(box[0], box[1], SWATCH_W, SWATCH_H)
        canvas.clipPath(path, stroke=0, fill=0)
        tile_glyphs(canvas, [entry.quality], box, 6.0)
        canvas.setLineWidth(0.5)
        canvas.rect(box[0], box[1], SWATCH_W, SWATCH_H, stroke=1, fill=0)
    elif entry.kind is EntryKind.INTENSITY:
        for nrs in range(11):
            canvas.setFillGray(intensity_grey(nrs))
            canvas.rect(
                x + nrs * _RAMP_CELL, mid - SWATCH_H / 2, _RAMP_CELL, SWATCH_H, stroke=0, fill=1
            )
        canvas.setLineWidth(0.5)
        canvas.rect(x, mid - SWATCH_H / 2, 11 * _RAMP_CELL, SWATCH_H, stroke=1, fill=0)
        canvas.setFillColor(colors.black)
        draw_text(canvas, x + 1, mid - 2.2, "0", 6)
        canvas.setFillColor(colors.white)
        draw_text(canvas, x + 11 * _RAMP_CELL - 1, mid - 2.2, "10", 6, anchor="right")
    elif entry.kind is EntryKind.TENSION:
        canvas.setLineWidth(1.6)
        canvas.setDash(2.5, 1.5)
        canvas.line(x, mid, x + SWATCH_W, mid)
    canvas.restoreState()
