"""Start today's session through the screening: blocks, clearance, referral, reschedule, and the
no-go zones and warnings on the session's map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.intake_form import IntakeFormInput
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.services import charting
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.intake_form import save_intake_form
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.common.banner import BannerLevel
from nmt_desktop.ui.intake.record_dialogs import ClearanceDialog, ReferralDialog
from nmt_desktop.ui.intake.screening_start import ScreeningStartDialog
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor


@pytest.fixture
def patient(add_patient: Callable[..., object]) -> PatientRecord:
    return add_patient("Zoë", "O'Brien-山田")  # type: ignore[return-value]


def intake_with(db: Database, patient: PatientRecord, *answers: ScreeningAnswer) -> None:
    save_intake_form(db, patient.uid, IntakeFormInput(dt.date.today(), answers=answers))


def open_patient(make_main_window: Callable[[], MainWindow],
                 patient: PatientRecord) -> MainWindow:
    window = make_main_window()
    window.open_patient(patient)
    return window


def script_gate(monkeypatch: pytest.MonkeyPatch,
                steps: Callable[[ScreeningStartDialog], None]) -> list[ScreeningStartDialog]:
    """Run the gate dialog without a modal loop: `steps` clicks what a therapist would."""
    shown: list[ScreeningStartDialog] = []

    def exec_(self: ScreeningStartDialog) -> int:
        shown.append(self)
        self.show()
        steps(self)
        self.hide()
        return int(self.result())

    monkeypatch.setattr(ScreeningStartDialog, "exec", exec_)
    return shown


def test_systemic_item_blocks_until_a_clearance_is_recorded(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN an intake with unstable cardiac disease, not cleared
    intake_with(db, patient, ScreeningAnswer("unstable_cardiac", True))
    window = open_patient(make_main_window, patient)
    assert "needs a medical clearance" in window.patient_page.intake.text.text()

    def fill_clearance(self: ClearanceDialog) -> int:
        self.fields["cleared_by"].edit.setText("Dr Okafor <GP> & partners")
        self.save()
        return int(self.result())

    monkeypatch.setattr(ClearanceDialog, "exec", fill_clearance)

    def steps(gate: ScreeningStartDialog) -> None:
        # The gate names the item, and Start stays off until the clearance is on record.
        assert not gate.start_button.isEnabled()
        assert list(gate.clearance_buttons) == ["unstable_cardiac"]
        assert gate.banner.title() == "Today's session cannot start yet"
        qtbot.mouseClick(gate.clearance_buttons["unstable_cardiac"], Qt.MouseButton.LeftButton)
        assert gate.start_button.isEnabled()
        qtbot.mouseClick(gate.start_button, Qt.MouseButton.LeftButton)

    shown = script_gate(monkeypatch, steps)
    # WHEN the therapist presses Ctrl+T
    window.start_session_action.trigger()
    # THEN the clearance is stored, the session starts and its page says who cleared it
    assert len(shown) == 1
    intake = intake_service.current_intake(db, patient.uid)
    assert intake is not None
    assert [(c.item_id, c.cleared_by, c.cleared_on) for c in intake.clearances] == [
        ("unstable_cardiac", "Dr Okafor <GP> & partners", dt.date.today())]
    assert len(session_service.list_sessions(db, patient.uid)) == 1
    assert window.pages.currentWidget() is window.session_page
    banner = window.session_page.safety.precautions
    assert banner.isVisible() and banner.level() is BannerLevel.INFO
    assert any("cleared by Dr Okafor <GP> & partners" in line for line in banner.items())


def test_reschedule_creates_no_session(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    intake_with(db, patient, ScreeningAnswer("fever_acute_infection", True))
    window = open_patient(make_main_window, patient)
    script_gate(monkeypatch, lambda gate: qtbot.mouseClick(gate.reschedule_button,
                                                           Qt.MouseButton.LeftButton))
    qtbot.mouseClick(window.patient_page.start_button, Qt.MouseButton.LeftButton)
    assert session_service.list_sessions(db, patient.uid) == []
    assert window.pages.currentWidget() is window.patient_page


def test_urgent_red_flags_stay_blocked_after_a_referral(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN two red flags, one an emergency
    intake_with(db, patient, ScreeningAnswer("calf_dvt_signs", True),
                ScreeningAnswer("stroke_signs", True))
    window = open_patient(make_main_window, patient)

    def fill_referral(self: ReferralDialog) -> int:
        assert set(self.chosen_flags()) == {"calf_dvt_signs", "stroke_signs"}
        self.save()  # empty: refused with messages, nothing written
        assert "Say who was contacted." in self.fields["contacted"].error.text()
        assert self.said_error.isVisibleTo(self)
        self.fields["contacted"].edit.setText("Emergency services (112)")
        self.said.setPlainText("Facial droop since 10:00; ambulance sent. Zoë's GP informed.")
        self.save()
        return int(self.result())

    monkeypatch.setattr(ReferralDialog, "exec", fill_referral)

    def steps(gate: ScreeningStartDialog) -> None:
        assert gate.emergency.isVisible()
        assert gate.emergency.title().startswith("Emergency red flag")
        assert gate.referral_button is not None and not gate.start_button.isEnabled()
        qtbot.mouseClick(gate.referral_button, Qt.MouseButton.LeftButton)
        # Spec §4.2 (revised): the referral is documented, the E and U flags still block
        assert not gate.outcome.can_start and not gate.start_button.isEnabled()
        assert set(gate.clearance_buttons) == {"calf_dvt_signs", "stroke_signs"}
        assert "does not lift" in " ".join(gate.banner.items())
        qtbot.mouseClick(gate.reschedule_button, Qt.MouseButton.LeftButton)

    script_gate(monkeypatch, steps)
    window.start_session_action.trigger()
    intake = intake_service.current_intake(db, patient.uid)
    assert intake is not None and len(intake.referrals) == 1
    referral = intake.referrals[0]
    assert set(referral.red_flag_ids) == {"calf_dvt_signs", "stroke_signs"}
    assert referral.contacted == "Emergency services (112)"
    assert referral.said.startswith("Facial droop")
    assert abs(referral.contacted_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
    assert session_service.list_sessions(db, patient.uid) == []


def place(qtbot: QtBot, chart: ChartEditor, region_id: str) -> None:
    x, y = load_atlas().label_point(region_id)
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.view.mapFromScene(x, y))
    chart.editor.hide()


def test_no_go_zones_precautions_and_warnings_on_the_map(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord,
) -> None:
    # GIVEN a local contraindication on the left calf and an anticoagulant
    intake_with(db, patient,
                ScreeningAnswer("acute_injury_inflammation", True, ("calf_left",), "sprain"),
                ScreeningAnswer("anticoagulant_antiplatelet", True))
    window = open_patient(make_main_window, patient)
    # WHEN today's session starts (nothing blocks it)
    window.start_session_action.trigger()
    page = window.session_page
    chart = page.chart
    qtbot.waitExposed(chart.view)
    chart.view.fit()
    # THEN the calf is hatched, the legend explains it, and the banner names the precaution
    assert chart.scene.no_go_regions() == ["calf_left"]
    no_go = chart.scene.no_go_items()["calf_left"]
    assert no_go.isVisible() and "Acute sprain" in no_go.reasons[0]
    assert chart.legend.no_go_entry.isVisible()
    assert not chart.legend.endangerment_entry.isVisible()
    banner = page.safety.precautions
    assert banner.isVisible() and banner.level() is BannerLevel.CAUTION
    assert any(line.startswith("Anticoagulant") for line in banner.items())
    assert any(line.startswith("No-go, hatched red: Left calf (Acute sprain")
               for line in banner.items())
    assert not page.safety.warnings.isVisible()
    # WHEN a trigger point is placed on the right shoulder blade: no warning
    place(qtbot, chart, "scapula_right")
    assert not page.safety.warnings.isVisible()
    # WHEN one is placed inside the no-go zone: a warning at once
    place(qtbot, chart, "calf_left")
    session = page.session
    assert session is not None
    points = charting.load_chart(db, session.uid).trigger_points
    assert [p.region_id for p in points] == ["scapula_right", "calf_left"]
    warnings = page.safety.warnings
    assert warnings.isVisible() and warnings.level() is BannerLevel.DANGER
    assert any(m.startswith("Left calf: A trigger point") and "excluded at intake" in m
               for m in page.safety.warning_messages())
    # Undo takes the point away, and the warning with it.
    chart.undo_stack.undo()
    assert not warnings.isVisible()


def test_endangerment_overlay_and_deep_pressure_warning(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord,
) -> None:
    intake_with(db, patient, ScreeningAnswer("anticoagulant_antiplatelet", True))
    window = open_patient(make_main_window, patient)
    window.start_session_action.trigger()
    chart = window.session_page.chart
    safety = window.session_page.safety
    qtbot.waitExposed(chart.view)
    chart.view.fit()
    # The layer is off until switched on with E; then the legend explains the amber hatch.
    assert not chart.scene.endangerment_visible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    chart.view.setFocus()
    qtbot.keyClick(chart.view, Qt.Key.Key_E)
    assert safety.endangerment_toggle.isChecked() and chart.scene.endangerment_visible()
    assert "knee_posterior_left" in chart.scene.endangerment_regions()
    assert chart.legend.endangerment_entry.isVisible()
    # A trigger point in the popliteal fossa: "work broad and light".
    place(qtbot, chart, "knee_posterior_left")
    assert safety.warnings.level() is BannerLevel.CAUTION
    assert any("Popliteal fossa" in m for m in safety.warning_messages())
    # Stripping charted there: deep pressure on an endangerment site, and discouraged
    # for a patient on anticoagulants.
    session = window.session_page.session
    assert session is not None
    point = charting.load_chart(db, session.uid).trigger_points[0]
    chart.scene.select_mark(point.uid)
    chart.edit_mark(point.uid)
    chart.editor.changed.emit({"techniques": ("stripping_massage",)})
    chart.editor.hide()
    messages = safety.warning_messages()
    assert safety.warnings.level() is BannerLevel.DANGER
    assert any("no deep, sustained or pointed pressure" in m for m in messages)
    assert any("discouraged for this patient" in m for m in messages)
    qtbot.mouseClick(safety.warnings.close_button, Qt.MouseButton.LeftButton)
    assert not safety.warnings.isVisible()


def test_today_check_answers_block_and_are_kept_with_the_session(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nmt_desktop.services import screening as screening_service
    from nmt_desktop.ui.intake.today_check import TodayCheckDialog
    from tests.ui.conftest import script_today_check

    intake_with(db, patient, ScreeningAnswer("anticoagulant_antiplatelet", True))
    window = open_patient(make_main_window, patient)

    def fever_today(dialog: TodayCheckDialog) -> None:
        # keyboard: "1" ticks the first question (fever), Enter continues
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_1)
        assert dialog.questions["fever_acute_infection"].isChecked()
        dialog.new_health.setText("Temperature 38.4 this morning")
        qtbot.keyClick(dialog.new_health, Qt.Key.Key_Return)

    checks = script_today_check(monkeypatch, fever_today)
    gates = script_gate(monkeypatch, lambda gate: qtbot.mouseClick(
        gate.reschedule_button, Qt.MouseButton.LeftButton))
    window.start_session_action.trigger()
    assert len(checks) == 1 and len(gates) == 1
    assert [b.item_id for b in gates[0].outcome.blockers] == ["fever_acute_infection"]
    assert session_service.list_sessions(db, patient.uid) == []
    # Another visit: nothing new today, so the session starts and keeps the answers
    script_today_check(monkeypatch, lambda dialog: qtbot.keyClick(dialog.continue_button,
                                                                  Qt.Key.Key_Return))
    window.start_session_action.trigger()
    started = session_service.list_sessions(db, patient.uid)
    assert len(started) == 1
    kept = screening_service.session_today_check(db, started[0].uid)
    assert kept is not None and kept.present_item_ids == () and kept.red_flags_asked == 22
    # ...and the session page shows what was asked today
    banner = window.session_page.safety.precautions
    assert any("Red flags: none reported (22 of 22 asked)." in line for line in banner.items())


def test_no_intake_needs_a_reason_before_the_session_starts(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], db: Database,
    patient: PatientRecord, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nmt_desktop.services import screening as screening_service
    from nmt_desktop.ui.intake.today_check import TodayCheckDialog
    from tests.ui.conftest import script_today_check

    window = open_patient(make_main_window, patient)

    def steps(dialog: TodayCheckDialog) -> None:
        assert dialog.no_intake.isVisible()
        dialog.continue_button.click()  # no reason: refused, stays open
        assert dialog.reason_error.isVisible() and not dialog.result()
        dialog.reason.setText("First visit; intake form after the session")
        dialog.continue_button.click()

    script_today_check(monkeypatch, steps)
    window.start_session_action.trigger()
    started = session_service.list_sessions(db, patient.uid)
    assert len(started) == 1
    kept = screening_service.session_today_check(db, started[0].uid)
    assert kept is not None and kept.not_done_reason.startswith("First visit")
