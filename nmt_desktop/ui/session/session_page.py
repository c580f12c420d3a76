"""The session view: who, when and how long, above the chart of that session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.common.formatting import local_datetime_text
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext

if TYPE_CHECKING:
    from nmt_desktop.ui.session.charting.chart_editor import ChartEditor
    from nmt_desktop.ui.session.form.form import SessionForm
    from nmt_desktop.ui.session.session_safety import SessionSafety


class SessionPage(QWidget):
    back_requested = Signal()
    summary_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.session: SessionRecord | None = None
        self.patient: PatientRecord | None = None
        self.back_button = QPushButton("← Patient")
        self.back_button.setToolTip("Back to the patient (Esc)")
        self.title = QLabel()
        set_role(self.title, "heading")
        self.subtitle = QLabel()
        set_role(self.subtitle, "muted")
        # One row for who and when: every pixel of height left goes to the body map.
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.back_button)
        header.addWidget(self.title)
        header.addWidget(self.subtitle, 1)
        self.summary_button = QPushButton("Patient summary…")
        self.summary_button.setToolTip("Preview and print this session's take-home sheet "
                                       "(Ctrl+P)")
        header.addWidget(self.summary_button)
        self._chart: ChartEditor | None = None
        self._form: SessionForm | None = None
        self._chart_slot = QVBoxLayout()
        self._chart_slot.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 2)
        layout.setSpacing(2)
        layout.addLayout(header)
        layout.addLayout(self._chart_slot, 1)
        self.back_button.clicked.connect(self.back_requested)
        self.summary_button.clicked.connect(self.summary_requested)
        self._safety: SessionSafety | None = None

    @property
    def chart(self) -> ChartEditor:
        """The body-map editor, built when first needed.

        It is the costliest part of the main window (the map scene, the artwork, the editor
        popover) and nothing shows it before a session is opened, so building it later keeps
        about a fifth of a second off every start of the app.
        """
        if self._chart is None:
            from nmt_desktop.ui.session.charting.chart_editor import ChartEditor

            self._chart = ChartEditor(self._context)
            self._chart.compare_requested.connect(self.compare)
            self._chart_slot.addWidget(self._beside_form(self._chart))
        return self._chart

    @property
    def form(self) -> SessionForm:
        """The SOAP form beside the map (built together with the map)."""
        if self._form is None:
            self.chart  # noqa: B018 - builds the map and the form
        assert self._form is not None
        return self._form

    def _beside_form(self, chart: ChartEditor) -> ChartEditor:
        """The SOAP form takes the map's side column; the map's panel becomes its first tab.

        One column of tabs beside the map leaves the map room to work on a 1366-pixel
        laptop; picking a map tool brings the map's panel (the tool options) to the front.
        """
        from nmt_desktop.ui.session.form.form import SessionForm

        self._form = form = SessionForm(self._context)
        form.setMinimumWidth(360)
        form.signed.connect(self._signed)
        index = chart.splitter.indexOf(chart.side_column)
        chart.splitter.replaceWidget(index, form)
        form.add_map_tab(chart.side_column)
        chart.side_column.show()
        chart.splitter.setSizes([620, 460])
        for action in chart.tool_actions.values():
            action.triggered.connect(lambda _checked=False: form.show_page("Map"))
        chart.panel_wanted.connect(lambda: form.show_page("Map"))
        from nmt_desktop.ui.session.form.fields import ChoicesField
        from nmt_desktop.ui.session.form.techniques_offer import TechniquesOffer

        techniques = form.fields["techniques"]
        assert isinstance(techniques, ChoicesField)
        self.techniques_offer = TechniquesOffer(techniques)
        chart.marks_changed.connect(self._offer_techniques)
        techniques.edited.connect(lambda _name, _value: self._offer_techniques())
        return chart

    def _offer_techniques(self) -> None:
        chart = self.chart.chart
        if chart is None:
            return
        used = [t for point in chart.trigger_points for t in point.techniques]
        self.techniques_offer.offer(used, chart.read_only)

    def _signed(self, session: SessionRecord) -> None:
        """Signing locks everything on the page: reload it as the signed, read-only record."""
        if self.patient is not None:
            self.show_session(self.patient, session)

    @property
    def safety(self) -> SessionSafety:
        """Precautions and charting warnings above the map (built with the map)."""
        if self._safety is None:
            from nmt_desktop.ui.session.session_safety import SessionSafety

            self._safety = SessionSafety(self._context, self.chart)
            page = self.layout()
            assert isinstance(page, QVBoxLayout)
            page.insertWidget(1, self._safety)  # between the header and the chart
        return self._safety

    def show_session(self, patient: PatientRecord, session: SessionRecord) -> None:
        self.patient = patient
        self.session = session
        self.title.setText(f"{patient.display_name} — {local_datetime_text(session.started_at)}")
        status = "Signed (read-only)" if session.is_signed else "Draft"
        self.subtitle.setText(f"Chart {patient.chart_number} · {session.therapist_name} · "
                              f"{session.duration_minutes} min · {status}")
        self.chart.show_session(session.uid)
        self.safety.show_session(session)
        self.form.show_session(session)
        self._offer_techniques()

    def compare(self) -> None:
        if self.patient is None or self.session is None:
            return
        from nmt_desktop.ui.session.compare_dialog import CompareDialog

        dialog = CompareDialog(self._context, self.patient.uid, right=self.session.uid,
                               parent=self)
        dialog.exec()
