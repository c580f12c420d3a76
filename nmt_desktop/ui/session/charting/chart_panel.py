"""The side panel that follows the chart: marks, pain extent, WPI, referral suggestions."""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import TendernessGrade, ToneGrade
from nmt_desktop.services.chart_metrics import ChartMetrics
from nmt_desktop.services.records import ChartRecord, TriggerPointRecord
from nmt_desktop.ui.common.style import MUTED

MarkRole = Qt.ItemDataRole.UserRole + 1


def trigger_point_title(record: TriggerPointRecord) -> str:
    atlas = load_atlas()
    muscle = atlas.muscles[record.muscle_id].name if record.muscle_id else "Muscle not chosen"
    return f"{muscle} ({record.side.label[0]})"


def trigger_point_detail(record: TriggerPointRecord) -> str:
    parts = [record.status.label]
    if record.tenderness_grade is not None:
        parts.append(f"tenderness {TendernessGrade(record.tenderness_grade).roman}")
    if record.ppt_value is not None and record.ppt_unit is not None:
        parts.append(f"PPT {record.ppt_value:g} {record.ppt_unit.value}")
    return ", ".join(parts)


class ChartSidePanel(QWidget):
    mark_selected = Signal(object)  # uid or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks = QTreeWidget()
        self.marks.setHeaderLabels(["Mark", "Details"])
        self.marks.setAccessibleName("Marks on this chart")
        self.marks.setColumnWidth(0, 190)
        self.marks.setRootIsDecorated(True)
        self.metrics = QLabel()
        self.metrics.setWordWrap(True)
        self.metrics.setTextFormat(Qt.TextFormat.RichText)
        self.metrics.setAccessibleName("Pain extent and widespread pain index")
        self.metrics.setToolTip(
            "Widespread pain: the Widespread Pain Index (WPI, 0–19 body areas).\n"
            "Overlap with last visit: Jaccard index of the painted regions "
            "(shared ÷ painted in either visit).")
        self.suggestions = QLabel()
        self.suggestions.setWordWrap(True)
        self.suggestions.setTextFormat(Qt.TextFormat.RichText)
        self.suggestions.setAccessibleName("Muscles that could refer pain to the painted zones")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.marks, 3)
        layout.addWidget(self.metrics)
        layout.addWidget(self.suggestions, 2)
        self._items: dict[uuid.UUID, QTreeWidgetItem] = {}
        self._syncing = False
        self.marks.currentItemChanged.connect(self._on_current)

    def show_chart(self, chart: ChartRecord, metrics: ChartMetrics) -> None:
        atlas = load_atlas()
        selected = self.selected_uid()
        self._syncing = True
        self.marks.clear()
        self._items.clear()
        groups = (
            ("Trigger points", [(tp.uid, trigger_point_title(tp), trigger_point_detail(tp))
                                for tp in chart.trigger_points]),
            ("Pain zones", [(z.uid, atlas.regions[z.region_id].display_name,
                             f"NRS {z.nrs}; " + ", ".join(q.label.lower() for q in z.qualities))
                            for z in chart.pain_zones]),
            ("Tension", [(t.uid, atlas.regions[t.region_id].display_name
                          + (f" – {atlas.muscles[t.muscle_id].name}" if t.muscle_id else ""),
                          f"{t.grade} {ToneGrade(t.grade).label.lower()}"
                          + "".join(f", {tag.label.lower()}" for tag in t.texture_tags))
                         for t in chart.tension_ratings]),
        )
        for title, rows in groups:
            group = QTreeWidgetItem([f"{title} ({len(rows)})", ""])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.marks.addTopLevelItem(group)
            for uid, name, detail in rows:
                self._add_row(group, uid, name, detail)
            group.setExpanded(True)
        self._syncing = False
        self.select(selected)
        self._show_metrics(metrics)

    def add_trigger_points(self, chart: ChartRecord, points: tuple[TriggerPointRecord, ...],
                           metrics: ChartMetrics) -> None:
        """`chart` is the chart shown so far plus the new `points`: add their rows only."""
        group = self.marks.topLevelItem(0)
        assert group is not None, "show_chart made the trigger-point group first"
        self._syncing = True
        for tp in points:
            self._add_row(group, tp.uid, trigger_point_title(tp), trigger_point_detail(tp))
        group.setText(0, f"Trigger points ({len(chart.trigger_points)})")
        self._syncing = False
        self._show_metrics(metrics)

    def _add_row(self, group: QTreeWidgetItem, uid: uuid.UUID, name: str, detail: str) -> None:
        item = QTreeWidgetItem([name, detail])
        item.setData(0, MarkRole, uid)
        item.setToolTip(0, name)
        item.setToolTip(1, detail)
        group.addChild(item)
        self._items[uid] = item

    def _show_metrics(self, metrics: ChartMetrics) -> None:
        extent = metrics.extent
        wpi = metrics.wpi
        overlap = ("" if metrics.overlap_with_previous is None else
                   f"<br>Overlap with last visit: "
                   f"<b>{metrics.overlap_with_previous:.0%}</b>")
        palpated = metrics.palpation_extent
        palpation = ("" if palpated is None else
                     f"<br><b>Tender on palpation only</b>: {len(metrics.palpation_regions)} "
                     f"zone{'s' if len(metrics.palpation_regions) != 1 else ''} "
                     f"({palpated.total_pct:.1f} %, counted apart)")
        self.metrics.setText(
            f"<b>Pain extent</b> (patient-reported): {extent.total_pct:.1f} % of the body chart "
            f"(front {extent.anterior_pct:.1f} %, back {extent.posterior_pct:.1f} %)"
            + palpation +
            f"<br><b>Trigger points</b>: {metrics.active_trigger_points} active, "
            f"{metrics.latent_trigger_points} latent"
            f"<br><b>Widespread pain</b> (patient-reported areas, information only): "
            f"{wpi.score} of 19"
            + (f" — {html.escape(', '.join(a.replace('_', ' ') for a in wpi.areas))}"
               if wpi.areas else "")
            + overlap
        )
        if not metrics.suggestions:
            self.suggestions.setText("<b>Could refer pain here</b><br>"
                                     f"<span style='color:{MUTED}'>Paint pain zones to see "
                                     "muscles worth palpating.</span>")
            return
        atlas = load_atlas()
        rows = []
        for suggestion in metrics.suggestions:
            zones = [atlas.regions[r].name.lower() for r in suggestion.primary_regions]
            spill = [atlas.regions[r].name.lower() for r in suggestion.spill_regions]
            where = ", ".join(zones) + (" (spillover: " + ", ".join(spill) + ")" if spill else "")
            rows.append(f"• <b>{html.escape(suggestion.name)}</b> "
                        f"({html.escape(suggestion.side_label)}) — {html.escape(where)}")
            for note in metrics.mimic_notes.get(suggestion.muscle_id, ()):
                rows.append(f"&nbsp;&nbsp;<span style='color:#8a3b12'>⚠ "
                            f"{html.escape(note)}</span>")
        self.suggestions.setText(
            f"<b>Could refer pain here</b> <span style='color:{MUTED}'>(from the patient's own "
            "pain drawing; hypotheses to palpate, not findings)</span><br>" + "<br>".join(rows))

    def selected_uid(self) -> uuid.UUID | None:
        item = self.marks.currentItem()
        return item.data(0, MarkRole) if item is not None else None

    def select(self, uid: uuid.UUID | None) -> None:
        self._syncing = True
        item = self._items.get(uid) if uid is not None else None
        if item is not None:
            self.marks.setCurrentItem(item)
        else:
            self.marks.clearSelection()
            self.marks.setCurrentIndex(self.marks.rootIndex())
        self._syncing = False

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if not self._syncing:
            self.mark_selected.emit(current.data(0, MarkRole) if current else None)
