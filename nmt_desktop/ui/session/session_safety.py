"""What the intake means on the session page: precautions, no-go hatching, charting warnings.

- Precautions (and clearances or referrals on record) show in a banner above the map.
- Local contraindications hatch their regions red on the map, with the legend entry.
- Endangerment sites are an optional amber layer, switched from the chart toolbar (E).
- When a mark is charted or edited, it is checked: a trigger point or a deep technique inside a
  no-go zone, deep pressure on an endangerment site, or a discouraged technique shows a warning
  at once. Each warning shows once; it comes back only if the mark leaves the area and is
  charted there again.

The check runs in memory on the chart the map shows, against the session's screening read once
(`SessionScreening`); it is read again only when the intake, the session's notes or the clinic
settings change. Re-reading it at every click cost more than charting the mark itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from nmt_desktop.domain.screening import (
    CONTRAINDICATIONS_BY_ID,
    ENDANGERMENT_SITES,
    RED_FLAGS_BY_ID,
)
from nmt_desktop.domain.screening_rules import (
    EMPTY_OUTCOME,
    ScreeningOutcome,
    WarningKind,
    WarningLevel,
)
from nmt_desktop.domain.screening_rules import (
    BannerLevel as OutcomeLevel,
)
from nmt_desktop.domain.screening_today import today_check_lines
from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.services import screening as screening_service
from nmt_desktop.services.records import ChangeSet, SessionRecord, TriggerPointRecord
from nmt_desktop.services.screening import MarkWarning, SessionScreening
from nmt_desktop.ui.bodymap import geometry
from nmt_desktop.ui.common.banner import Banner, BannerLevel
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor

WarningKey = tuple[uuid.UUID | None, str, str | None, str | None, str | None]


def item_label(item_id: str) -> str:
    if item_id in CONTRAINDICATIONS_BY_ID:
        return CONTRAINDICATIONS_BY_ID[item_id].label
    flag = RED_FLAGS_BY_ID.get(item_id)
    return flag.finding if flag is not None else item_id


def endangerment_map() -> dict[str, list[str]]:
    """Region id -> the names of the endangerment sites it holds."""
    regions: dict[str, list[str]] = {}
    for site in ENDANGERMENT_SITES:
        for region_id in site.region_ids:
            regions.setdefault(region_id, []).append(site.label)
    return regions


def precaution_lines(outcome: ScreeningOutcome) -> list[str]:
    lines = [banner.text for banner in outcome.banners]
    if outcome.light_pressure and not any("pressure" in line.lower() for line in lines):
        lines.append("Lighter pressure throughout.")
    if outcome.discouraged_techniques:
        names = [TECHNIQUES_BY_ID[t].label if t in TECHNIQUES_BY_ID else t
                 for t in outcome.discouraged_techniques]
        lines.append("Avoid: " + ", ".join(sorted(names)) + ".")
    regions_by_item: dict[str, list[str]] = {}
    for region_id, item_ids in outcome.no_go_regions.items():
        for item_id in item_ids:
            regions_by_item.setdefault(item_id, []).append(geometry.region_name(region_id))
    for item_id, names in regions_by_item.items():
        lines.append(f"No-go, hatched red: {', '.join(names)} ({item_label(item_id)}).")
    return lines


class SessionSafety(QWidget):
    """The two banners of the session page, and the safety layers of its chart."""

    def __init__(self, context: AppContext, chart: ChartEditor,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._chart = chart
        self.session: SessionRecord | None = None
        self.outcome: ScreeningOutcome = EMPTY_OUTCOME
        self._screening: SessionScreening | None = None
        self._point_warnings: dict[uuid.UUID, tuple[TriggerPointRecord, tuple[MarkWarning, ...]]]
        self._point_warnings = {}
        self._seen: set[WarningKey] = set()
        self._shown: set[WarningKey] = set()
        self.precautions = Banner(BannerLevel.CAUTION, compact=True)
        self.warnings = Banner(BannerLevel.DANGER, closable=True)
        self.precautions.setAccessibleName("Precautions for this session")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.precautions)
        layout.addWidget(self.warnings)

        self.endangerment_toggle = QCheckBox("Endangerment sites (E)")
        self.endangerment_toggle.setToolTip(
            "Hatch the areas where nerves and vessels lie shallow (work broad and light)")
        chart.toolbar.addWidget(self.endangerment_toggle)
        key = QAction(chart)
        key.setShortcut(QKeySequence("E"))
        key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        key.triggered.connect(self.endangerment_toggle.toggle)
        chart.addAction(key)
        chart.scene.show_endangerment_sites(endangerment_map())
        self.endangerment_toggle.toggled.connect(self._show_endangerment)
        self.warnings.closed.connect(self._dismissed)
        context.events.changed.connect(self._on_changed)
        chart.marks_changed.connect(self._on_marks_changed)

    # ---------------------------------------------------------------- showing

    def show_session(self, session: SessionRecord) -> None:
        self.session = session
        self.warnings.clear()
        self._shown = set()
        self._load_outcome()
        self._seen = self._current_keys()

    def _load_outcome(self) -> None:
        if self.session is None:
            return
        self._screening = self._context.read(screening_service.session_screening,
                                             self.session.uid)
        self._point_warnings = {}
        self.outcome = outcome = self._screening.outcome
        levels = {banner.level for banner in outcome.banners}
        level = (BannerLevel.DANGER if OutcomeLevel.URGENT in levels else
                 BannerLevel.CAUTION if OutcomeLevel.CAUTION in levels
                 or outcome.light_pressure or outcome.no_go_regions else BannerLevel.INFO)
        # Today's check in one line, so the banner does not grow into the map (1366 × 768)
        lines = [*precaution_lines(outcome),
                 " ".join(today_check_lines(self._screening.today_check))]
        title = ("Precautions for this patient" if level is not BannerLevel.INFO
                 else "Screening on record")
        self.precautions.show_message(title if lines else "", lines, level)
        self._chart.scene.show_no_go_regions(
            {region: [item_label(i) for i in items]
             for region, items in outcome.no_go_regions.items()})
        self._update_legend()

    def _show_endangerment(self, visible: bool) -> None:
        self._chart.scene.set_endangerment_visible(visible)
        self._update_legend()
        # Switching the layer on is not charting: cautions already there are not news.
        self._seen = self._current_keys()

    def _update_legend(self) -> None:
        self._chart.legend.show_cautions(
            no_go=bool(self._chart.scene.no_go_regions()),
            endangerment=self.endangerment_toggle.isChecked())

    # ---------------------------------------------------------------- warnings

    def _relevant(self, level: WarningLevel, kind: WarningKind) -> bool:
        # "Work light near an endangerment site" only matters while that layer is shown.
        return level is WarningLevel.WARNING or (
            kind is not WarningKind.ENDANGERMENT or self.endangerment_toggle.isChecked())

    def _current(self) -> list[tuple[WarningKey, str, WarningLevel]]:
        if self.session is None:
            return []
        found = []
        for mark in self._mark_warnings():
            warning = mark.warning
            if not self._relevant(warning.level, warning.kind):
                continue
            key = (mark.mark_uid, str(warning.kind), warning.item_id, warning.site_id,
                   warning.technique_id)
            where = geometry.region_name(warning.region_id) if warning.region_id else ""
            found.append((key, f"{where}: {warning.message}" if where else warning.message,
                          warning.level))
        return found

    def _mark_warnings(self) -> tuple[MarkWarning, ...]:
        assert self.session is not None
        chart = self._chart.chart
        screening = self._screening
        if screening is None or chart is None or chart.session.uid != self.session.uid:
            return self._context.read(screening_service.chart_warnings, self.session.uid)
        # Records are immutable: a point's warnings change only with a new record for it.
        found: list[MarkWarning] = []
        known = self._point_warnings
        self._point_warnings = {}
        for point in chart.trigger_points:
            cached = known.get(point.uid)
            if cached is None or cached[0] is not point:
                cached = (point, screening_service.point_warnings(screening, point))
            self._point_warnings[point.uid] = cached
            found.extend(cached[1])
        return (*found, *screening_service.session_technique_warnings(screening))

    def _current_keys(self) -> set[WarningKey]:
        return {key for key, _message, _level in self._current()}

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.session is None:
            return
        if (changes.intake and changes.patient_uid in (None, self.session.patient_uid)) \
                or changes.settings:
            self._load_outcome()
        # Notes carry the session's own technique list (a discouraged one warns too).
        if changes.notes and changes.session_uid == self.session.uid:
            self._load_outcome()
            self.check_marks()

    def _on_marks_changed(self) -> None:
        # The map has redrawn its chart after a change of this session's marks.
        chart = self._chart.chart
        if self.session is not None and chart is not None and \
                chart.session.uid == self.session.uid:
            self.check_marks()

    def check_marks(self) -> None:
        """Show the warnings that charting just produced; drop those no longer true."""
        current = self._current()
        keys = {key for key, _m, _l in current}
        fresh = [(key, message, level) for key, message, level in current
                 if key not in self._seen]
        self._seen = keys
        still_shown = self._shown & keys
        if fresh:
            self._shown = still_shown | {key for key, _m, _l in fresh}
            self._show_warnings(current)
        elif still_shown != self._shown:
            self._shown = still_shown
            self._show_warnings(current)

    def _show_warnings(self, current: Iterable[tuple[WarningKey, str, WarningLevel]]) -> None:
        shown = [(message, level) for key, message, level in current if key in self._shown]
        if not shown:
            self.warnings.clear()
            return
        serious = any(level is WarningLevel.WARNING for _m, level in shown)
        self.warnings.show_message(
            "Check before treating" if serious else "Caution",
            list(dict.fromkeys(message for message, _level in shown)),
            BannerLevel.DANGER if serious else BannerLevel.CAUTION)

    def _dismissed(self) -> None:
        self._shown = set()

    def warning_messages(self) -> tuple[str, ...]:
        return self.warnings.items()


__all__ = ["SessionSafety", "endangerment_map", "precaution_lines"]
