"""Two sessions of one patient side by side, with how their pain maps differ."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.services import charting
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.chart_metrics import chart_metrics
from nmt_desktop.ui import window_geometry
from nmt_desktop.ui.bodymap.legend import MapLegend
from nmt_desktop.ui.bodymap.legend_overlay import LegendOverlay
from nmt_desktop.ui.bodymap.scene import BodyMapScene
from nmt_desktop.ui.bodymap.view import BodyMapView
from nmt_desktop.ui.common.formatting import local_datetime_text
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext


class CompareDialog(QDialog):
    def __init__(self, context: AppContext, patient_uid: uuid.UUID,
                 left: uuid.UUID | None = None, right: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("Compare sessions")
        window_geometry.restore(self, "compare_dialog", 1300, 800)
        sessions = context.read(session_service.list_sessions, patient_uid)
        self.pickers = (QComboBox(), QComboBox())
        self.scenes = (BodyMapScene(self), BodyMapScene(self))
        self.views = (BodyMapView(self.scenes[0]), BodyMapView(self.scenes[1]))
        self.summaries = (QLabel(), QLabel())
        grid = QGridLayout()
        for column, (picker, scene, view, summary) in enumerate(
                zip(self.pickers, self.scenes, self.views, self.summaries, strict=True)):
            for record in sessions:
                picker.addItem(local_datetime_text(record.started_at), str(record.uid))
            picker.setAccessibleName("Earlier session" if column == 0 else "Later session")
            scene.set_editable(False)
            grid.addWidget(picker, 0, column)
            grid.addWidget(view, 1, column)
            grid.addWidget(summary, 2, column)
            picker.currentIndexChanged.connect(lambda _i: self._refresh())
        grid.setRowStretch(1, 1)
        self.overlap = QLabel()
        self.overlap.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.overlap, "strong")
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.overlap)
        # A collapsible legend over the earlier map: a strip under the maps was cut off.
        self.legend_overlay = LegendOverlay(MapLegend(Qt.Orientation.Vertical), self.views[0])
        default_right = right or (sessions[0].uid if sessions else None)
        default_left = left or (sessions[1].uid if len(sessions) > 1 else default_right)
        for picker, uid in zip(self.pickers, (default_left, default_right), strict=True):
            index = picker.findData(str(uid))
            if index >= 0:
                picker.setCurrentIndex(index)
        self._refresh()

    def done(self, result: int) -> None:
        window_geometry.save(self, "compare_dialog")
        super().done(result)

    def _refresh(self) -> None:
        charts = []
        for picker, scene, view, summary in zip(self.pickers, self.scenes, self.views,
                                                self.summaries, strict=True):
            uid = picker.currentData()
            chart = self._context.read(charting.load_chart, uuid.UUID(uid)) if uid else None
            charts.append(chart)
            scene.set_chart(chart)
            view.fit()
            if chart is None:
                summary.setText("")
                continue
            metrics = chart_metrics(chart)
            worst = max((z.nrs for z in chart.pain_zones), default=0)
            summary.setText(
                f"Pain extent {metrics.extent.total_pct:.1f} % · highest zone NRS {worst} · "
                f"trigger points {metrics.active_trigger_points} active, "
                f"{metrics.latent_trigger_points} latent")
        if all(charts):
            left, right = charts
            assert left is not None and right is not None
            overlap = chart_metrics(right, previous=left).overlap_with_previous or 0.0
            self.overlap.setText(f"Overlap of the painted zones: {overlap:.0%}")
            self.overlap.setToolTip(f"Jaccard index of the painted regions: {overlap:.2f} "
                                    "(shared regions ÷ regions painted in either visit)")
