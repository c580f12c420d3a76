"""Start today's session from the patient's last one, through the same screening gate."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from nmt_desktop.services import copy_forward
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.intake.screening_start import confirm_session_start
from nmt_desktop.ui.intake.today_check import ask_today_check


def start_from_previous(context: AppContext, patient: PatientRecord,
                        parent: QWidget | None = None) -> SessionRecord | None:
    """A new draft with the last session's notes, findings and home care marked as copied.

    None when there is nothing to copy, no therapist profile, or the screening keeps the
    session from starting (the therapist chose to reschedule).
    """
    therapist = context.therapist
    if therapist is None or patient.archived:
        return None
    latest = context.read(copy_forward.latest_session, patient.uid)
    if latest is None:
        return None
    check = ask_today_check(context, patient, parent)
    if check is None or not confirm_session_start(context, patient, parent, check):
        return None
    return context.attempt(lambda: context.apply(
        copy_forward.start_session_from_previous, latest.uid,
        today_check=check))
