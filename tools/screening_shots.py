"""Screenshots of the intake and the safety screening (registered in tools/screenshots.py).

The demo clinic's intakes are extended the way a therapist would do it in the intake form:
María, on an anticoagulant, had a corticosteroid injection in the right shoulder ten days
ago. The demo itself holds the gate's two cases (clinical-spec §4.2): Dimitris reported a
swollen, warm calf (an urgent red flag) and the GP was phoned, but no clearance is on record,
so he cannot start; Taro's urgent red flag was referred and cleared, so he can.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.domain.screening_today import full_today_check
from nmt_desktop.services import charting
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import screening as screening_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.intake_form import save_intake_form
from nmt_desktop.services.records import PatientRecord
from nmt_desktop.ui.intake.intake_dialog import IntakeDialog
from nmt_desktop.ui.intake.screening_start import ScreeningStartDialog
from nmt_desktop.ui.intake.today_check import TodayCheckDialog
from nmt_desktop.ui.main_window import MainWindow

Shot = Callable[[MainWindow, Database], QWidget | None]
ACTOR = "screenshots"


def _add_to_intake(db: Database, patient: PatientRecord, *extra: ScreeningAnswer) -> None:
    """Save the current intake again with more checklist answers (as the form would)."""
    current = intake_service.current_intake(db, patient.uid)
    assert current is not None
    answers = {a.item_id: ScreeningAnswer(a.item_id, a.present, a.region_ids, a.note)
               for a in current.answers}
    answers.update({a.item_id: a for a in extra})
    save_intake_form(db, patient.uid, IntakeFormInput(
        recorded_on=current.recorded_on,
        presenting_complaint=current.presenting_complaint, history=current.history,
        medications=current.medications, consent_date=current.consent_date,
        consent_scope=current.consent_scope, answers=list(answers.values()),
        goals=[GoalInput(g.text, g.target_date, g.uid) for g in current.goals]),
        intake_uid=current.uid)


def _maria_with_injection(db: Database) -> PatientRecord:
    patient = patient_service.get_patient(db, demo_uid("maria"))
    _add_to_intake(db, patient, ScreeningAnswer(
        "recent_injection", True, ("shoulder_top_right",),
        "Corticosteroid injection, right shoulder, 10 days ago"))
    return patient


def intake_form(window: MainWindow, db: Database) -> QWidget:
    """The checklist of María's intake: the local item with its region, the precaution."""
    patient = _maria_with_injection(db)
    window.open_patient(patient)
    dialog = IntakeDialog(window.context, patient, parent=window)
    dialog.resize(1120, 760)
    dialog.tabs.setCurrentIndex(2)
    dialog.show()
    row = dialog.contraindications.rows["recent_injection"]
    dialog.contraindications.scroll_area.ensureWidgetVisible(row, 0, 260)
    return dialog


def session_screening(window: MainWindow, db: Database) -> None:
    """Today's session for María: no-go hatching, precaution banner, a warning just shown."""
    patient = _maria_with_injection(db)
    window.open_patient(patient)
    # The same call Ctrl+T makes once the today check is answered (she took ibuprofen today)
    assert window.context.therapist is not None
    record = window.context.apply(
        session_service.start_session, patient.uid,
        today_check=full_today_check(["medications_masking"]))
    window.open_session(record)
    page = window.session_page
    session = page.session
    assert session is not None
    for region_id, dx in (("shoulder_top_left", 0.0), ("shoulder_top_right", 6.0)):
        x, y = load_atlas().label_point(region_id)
        point = window.context.apply(charting.place_trigger_point, session.uid, x + dx, y)
        window.context.apply(charting.update_trigger_point, point.uid,
                             {"muscle_id": "upper_trapezius"})
    # Zoom onto the shoulders, as a therapist would, so the hatching reads at a glance.
    QApplication.processEvents()
    view = page.chart.view
    view.fit()
    view.zoom_by(2.4)
    view.centerOn(x - 20, y + 80)


def today_check(window: MainWindow, db: Database) -> QWidget:
    """The "today" check at session start: María took ibuprofen this morning (key 3)."""
    patient = patient_service.get_patient(db, demo_uid("maria"))
    window.open_patient(patient)
    dialog = TodayCheckDialog(patient, has_intake=True, parent=window)
    dialog.questions["medications_masking"].setChecked(True)
    dialog.new_health.setText("Started a statin last week")
    dialog.resize(760, 600)
    dialog.show()
    return dialog


def screening_gate(window: MainWindow, db: Database) -> QWidget:
    """Dimitris: calf DVT signs, the GP phoned (a referral), no clearance: he cannot start."""
    patient = patient_service.get_patient(db, demo_uid("dimitris"))
    window.open_patient(patient)
    check = full_today_check()
    outcome = screening_service.screening_for_patient(db, patient.uid, check)
    dialog = ScreeningStartDialog(window.context, patient, outcome, parent=window,
                                  today_check=check)
    dialog.resize(720, 460)
    dialog.show()
    return dialog


def screening_gate_cleared(window: MainWindow, db: Database) -> QWidget:
    """Taro: an urgent red flag referred and cleared by his physician: he can start."""
    patient = patient_service.get_patient(db, demo_uid("taro"))
    window.open_patient(patient)
    check = full_today_check()
    outcome = screening_service.screening_for_patient(db, patient.uid, check)
    dialog = ScreeningStartDialog(window.context, patient, outcome, parent=window,
                                  today_check=check)
    dialog.resize(720, 360)
    dialog.show()
    return dialog


SCREENING_SHOTS: dict[str, Shot] = {
    "intake-form.png": intake_form,
    "session-screening.png": session_screening,
    "today-check.png": today_check,
    "screening-gate.png": screening_gate,
    "screening-gate-cleared.png": screening_gate_cleared,
}
