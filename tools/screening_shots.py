"""Screenshots of the intake and the safety screening (registered in tools/screenshots.py).

The demo clinic's intakes are extended the way a therapist would do it in the intake form:
María, on an anticoagulant, had a corticosteroid injection in the right shoulder ten days
ago; Zoë reports a calf that is swollen and warm on one side (a red flag).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput
from nmt_desktop.domain.screening_rules import ScreeningAnswer
from nmt_desktop.services import charting
from nmt_desktop.services import intake as intake_service
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import screening as screening_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.intake_form import save_intake_form
from nmt_desktop.services.results import PatientRecord
from nmt_desktop.ui.dialogs.intake_dialog import IntakeDialog
from nmt_desktop.ui.dialogs.screening_start import ScreeningStartDialog
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
        ACTOR, intake_uid=current.uid)


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
    window.start_session_action.trigger()
    page = window.session_page
    session = page.session
    assert session is not None
    for region_id, dx in (("shoulder_top_left", 0.0), ("shoulder_top_right", 6.0)):
        x, y = load_atlas().label_point(region_id)
        point = window.context.apply(charting.place_trigger_point, session.uid, x + dx, y,
                                     ACTOR)
        window.context.apply(charting.update_trigger_point, point.uid,
                             {"muscle_id": "upper_trapezius"}, ACTOR)
    # Zoom onto the shoulders, as a therapist would, so the hatching reads at a glance.
    QApplication.processEvents()
    view = page.chart.view
    view.fit()
    view.zoom_by(2.4)
    view.centerOn(x - 20, y + 80)


def screening_gate(window: MainWindow, db: Database) -> QWidget:
    """Zoë reports a swollen, warm calf: the session waits for a referral record."""
    patient = patient_service.get_patient(db, demo_uid("zoe"))
    _add_to_intake(db, patient, ScreeningAnswer("calf_dvt_signs", True,
                                                note="Left calf swollen and warm since Sunday"))
    window.open_patient(patient)
    outcome = screening_service.screening_for_patient(db, patient.uid)
    dialog = ScreeningStartDialog(window.context, patient, outcome, parent=window)
    dialog.resize(720, 440)
    dialog.show()
    return dialog


SCREENING_SHOTS: dict[str, Shot] = {
    "intake-form.png": intake_form,
    "session-screening.png": session_screening,
    "screening-gate.png": screening_gate,
}
