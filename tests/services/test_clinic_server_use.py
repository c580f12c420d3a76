"""The app's own use cases on a clinic server, signed in as a therapist in "own" mode.

What PostgreSQL enforces must not break the app's normal path: a therapist adds a patient
(the chart number comes from the whole clinic), starts a session, marks a point, reads the
chart back; another therapist does not find that patient at all.
"""

from __future__ import annotations

import pytest

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import NotFoundError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import charting, patients, sessions
from nmt_desktop.services.clinic_server import sign_in_to_server
from tests.db.server_clinic import PASSWORD, make_clinic

pytestmark = pytest.mark.postgres


def test_a_therapist_charts_a_new_patient_in_own_mode(postgres_server: str) -> None:
    clinic = make_clinic(postgres_server, visibility="own")
    tom = sign_in_to_server(clinic.url, clinic.tom, PASSWORD)
    try:
        assert tom.person.therapist_uid is not None
        patient, _ = patients.create_patient(tom, PatientInput("Nia", "Newman", "1985-05-05"))
        assert patient.chart_number not in ("C-1", "C-2", "C-3")
        session, _ = sessions.start_session(tom, patient.uid)
        x, y = load_atlas().label_point("shoulder_top_left")
        point, _ = charting.place_trigger_point(tom, session.uid, x, y)
        assert charting.load_chart(tom, session.uid).trigger_points == (point,)
        assert [s.uid for s in sessions.list_sessions(tom, patient.uid)] == [session.uid]
        # Undo of a delete still works beside the database's own audit events of the mark.
        deleted, _ = charting.delete_mark(tom, point.uid)
        restored, _ = charting.restore_mark(tom, session.uid, deleted)
        assert charting.load_chart(tom, session.uid).trigger_points == (restored,)
    finally:
        tom.close()
    tess = sign_in_to_server(clinic.url, clinic.tess, PASSWORD)
    try:
        with pytest.raises(NotFoundError):
            patients.get_patient(tess, patient.uid)
    finally:
        tess.close()
