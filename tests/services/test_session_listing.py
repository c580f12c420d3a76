"""The session list of a patient gives the same records as opening each session."""

from __future__ import annotations

import datetime as dt

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import charting, copy_forward, patients, sessions, signing, therapists
from tests.people import as_therapist


def test_listing_matches_each_session_opened_alone(any_db: Database) -> None:
    therapist, _ = therapists.create_therapist(any_db, "Zoë Ærøe-Nguyễn", "LMT", "MA-1")
    patient, _ = patients.create_patient(any_db, PatientInput("Zoë", "山田", "1980-01-01"))
    first = dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC)
    signed, _ = sessions.start_session(as_therapist(any_db, therapist.uid), patient.uid,
                                       started_at=first)
    x, y = load_atlas().label_point("shoulder_top_left")
    charting.place_trigger_point(any_db, signed.uid, x, y)
    charting.paint_pain_zones(any_db, signed.uid, ["temple_left", "occiput_left"], 6, [])
    signing.sign_session(as_therapist(any_db, therapist.uid), signed.uid)
    signing.add_amendment(as_therapist(any_db, therapist.uid), signed.uid, "Late entry",
                          "Forgot the PPT.")
    copied, _ = copy_forward.start_session_from_previous(
        as_therapist(any_db, therapist.uid), signed.uid, started_at=first + dt.timedelta(days=7))
    empty, _ = sessions.start_session(as_therapist(any_db, therapist.uid), patient.uid,
                                      started_at=first + dt.timedelta(days=7))

    listed = sessions.list_sessions(any_db, patient.uid)

    assert [r.uid for r in listed] == [empty.uid, copied.uid, signed.uid]  # newest first
    assert listed == [sessions.get_session(any_db, r.uid) for r in listed]
    # Both read the database's kept count (revision 0008): it equals the marks themselves.
    for record in listed:
        chart = charting.load_chart(any_db, record.uid)
        assert record.mark_count == len(chart.trigger_points) + len(chart.pain_zones) + len(
            chart.tension_ratings), record
    oldest = listed[-1]
    assert (oldest.mark_count, oldest.amendment_count, oldest.signed_by_name) == (
        3, 1, "Zoë Ærøe-Nguyễn")
    assert oldest.started_at == first and oldest.signed_at is not None
    assert listed[1].copied_from_uid == signed.uid
