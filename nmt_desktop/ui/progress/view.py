"""The Progress view of the open patient: period, trends, frequency map, every visit.

The course is read once per patient (one service call, frozen records); a period switch only
re-figures it in memory (`course_figures`) and refills the charts and maps.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.progress import PeriodKind, period_bounds
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.services.report_data.course import (
    Course,
    CourseFigures,
    course_figures,
    load_course,
)
from nmt_desktop.ui.common.formatting import date_text
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.progress.frequency_map import FrequencyLegend, FrequencyMap, Layer, top_lines
from nmt_desktop.ui.progress.image_menu import ImageMenu
from nmt_desktop.ui.progress.trends import TrendChart, TrendCharts
from nmt_desktop.ui.progress.visit_strip import VisitStrip


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class ProgressView(QWidget):
    """Trends, the pain-frequency map and the strip of visits, for one period."""

    visit_open_requested = Signal(object)  # SessionRecord
    problem = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.course: Course | None = None
        self.figures: CourseFigures | None = None

        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for kind in PeriodKind:
            self.period.addItem(kind.label, kind.value)
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit, name in ((self.date_from, "From"), (self.date_to, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.setVisible(False)
            edit.dateChanged.connect(self._custom_changed)
        self.summary = QLabel()
        set_role(self.summary, "muted")
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Period"))
        bar.addWidget(self.period)
        bar.addWidget(self.date_from)
        bar.addWidget(self.date_to)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)

        self.trends = TrendCharts(self.problem.emit)
        charts = QWidget()
        self._charts_layout = QVBoxLayout(charts)
        self._charts_layout.setContentsMargins(0, 0, 6, 0)
        self._charts_layout.addStretch()
        for chart in self.trends.charts():
            self._add_chart(chart)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.chart_scroll = scroll
        scroll.setMinimumWidth(420)

        self.map = FrequencyMap()
        self.map_menu = ImageMenu(self.map, "pain-frequency-map", self.problem.emit)
        self.layer_buttons = QButtonGroup(self)
        layers = QHBoxLayout()
        for layer in Layer:
            button = QRadioButton(layer.label)
            button.setProperty("layer", layer.value)
            self.layer_buttons.addButton(button)
            layers.addWidget(button)
            if layer is Layer.PAIN:
                button.setChecked(True)
        layers.addStretch()
        self.legend = FrequencyLegend()
        self.top = QLabel()
        self.top.setWordWrap(True)
        set_role(self.top, "muted")
        map_panel = QWidget()
        map_layout = QVBoxLayout(map_panel)
        map_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("How often, in this period")
        set_role(title, "strong")
        map_layout.addWidget(title)
        map_layout.addLayout(layers)
        map_layout.addWidget(self.map, 1)
        map_layout.addWidget(self.legend)
        map_layout.addWidget(self.top)

        splitter = QSplitter()
        splitter.addWidget(map_panel)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([380, 620])
        self.strip = VisitStrip()
        self.empty = QLabel("No visits yet: the progress shows after the first session.")
        set_role(self.empty, "empty")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.strip)
        self._body = [splitter, self.strip]

        self.period.currentIndexChanged.connect(self._period_changed)
        self.layer_buttons.buttonClicked.connect(lambda _b: self._show_map())
        self.strip.visit_clicked.connect(self.visit_open_requested)

    def _add_chart(self, chart: TrendChart) -> None:
        # Before the stretch that closes the column.
        self._charts_layout.insertWidget(self._charts_layout.count() - 1, chart)
        chart.visit_clicked.connect(self.visit_open_requested)

    # -- data -------------------------------------------------------------------------------

    def show_patient(self, patient: PatientRecord) -> None:
        """Read the patient's course (one service call) and show the chosen period."""
        self.course = self._context.read(load_course, patient.uid)
        has_visits = bool(self.course.visits)
        self.empty.setVisible(not has_visits)
        for widget in self._body:
            widget.setVisible(has_visits)
        if not has_visits:
            self.figures = None
            return
        first, last = self.course.first_day, self.course.last_day
        assert first is not None and last is not None
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.setDateRange(_qdate(first), _qdate(last))
        self.date_from.setDate(_qdate(first))
        self.date_to.setDate(_qdate(last))
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(False)
        self.strip.set_visits(self.course.visits)
        self.refresh()

    def set_period(self, kind: PeriodKind, custom: tuple[dt.date, dt.date] | None = None) -> None:
        """Choose a period as the selector would (custom: the two days, both included)."""
        if custom is not None:
            for edit, day in ((self.date_from, custom[0]), (self.date_to, custom[1])):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self.period.setCurrentIndex(self.period.findData(kind.value))
        self.refresh()

    def period_kind(self) -> PeriodKind:
        # Qt hands the item data back as a plain str.
        return PeriodKind(self.period.currentData())

    def selected_layer(self) -> Layer:
        button = self.layer_buttons.checkedButton()
        return Layer(button.property("layer")) if button is not None else Layer.PAIN

    def refresh(self) -> None:
        """Figure the chosen period and redraw the charts and the map."""
        if self.course is None or not self.course.visits:
            return
        kind = self.period_kind()
        first, last = self.course.first_day, self.course.last_day
        assert first is not None and last is not None
        custom = (_date(self.date_from.date()), _date(self.date_to.date()))
        try:
            start, end = period_bounds(kind, first, last, custom)
        except ValidationError as error:
            self.problem.emit(str(error))
            return
        self.figures = course_figures(self.course, start, end)
        self.trends.fill(self.figures)
        for chart in self.trends.charts():
            if chart.parent() is None:
                self._add_chart(chart)
            chart.setVisible(any(series.points for series in chart.series.values()))
        visits = len(self.figures.visits)
        self.summary.setText(
            f"{date_text(start)} – {date_text(end)} · {visits} visit{'s' if visits != 1 else ''} "
            f"of {len(self.course.visits)}")
        self._show_map()

    def _show_map(self) -> None:
        if self.figures is None:
            return
        layer = self.selected_layer()
        self.map.show_figures(self.figures, layer)
        self.legend.show_layer(layer, len(self.figures.visits))
        lines = top_lines(self.figures, layer)
        self.top.setText("Most often: " + " · ".join(lines) if lines else "Nothing in this period.")

    def _period_changed(self) -> None:
        custom = self.period_kind() is PeriodKind.CUSTOM
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.refresh()

    def _custom_changed(self) -> None:
        if self.period_kind() is PeriodKind.CUSTOM:
            self.refresh()
