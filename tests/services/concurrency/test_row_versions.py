"""No lost update: an edit made from an older version is refused and names who changed it.

On both engines. The other laptop is a second call under another name; the race between the
version check and the UPDATE is forced by a second connection writing at exactly that moment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.domain.errors import ConflictError, StaleEditError
from nmt_desktop.domain.exercises import EXERCISES
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import home_care, intake, patients, session_notes, sessions, therapists
from nmt_desktop.services._uow import row_versions
from tests.people import as_therapist, person

SAM = "Sam Lee"


def as_sam(db: Database) -> Database:
    """The other laptop: another person on the same database."""
    return db.signed_in_as(person(display_name=SAM))


CHANGED_BY_SAM = re.compile(r"Changed by Sam Lee at \d\d:\d\d after you opened ")


@pytest.fixture
def chart(any_db: Database) -> Iterator[tuple[Database, object, object]]:
    therapist, _ = therapists.create_therapist(any_db, "Alex Morgan", "LMT", "MA-1")
    patient, _ = patients.create_patient(any_db, PatientInput("Zoë", "Ode", "1980-01-01"))
    session, _ = sessions.start_session(as_therapist(any_db, therapist.uid), patient.uid)
    yield any_db, patient, session


def test_stale_session_notes_are_refused_naming_who_and_when(chart) -> None:  # type: ignore[no-untyped-def]
    db, _patient, session = chart
    mine = session_notes.get_session_notes(db, session.uid)
    assert mine.version == 0, "no notes row yet"
    theirs, _ = session_notes.update_session_notes(as_sam(db), session.uid, {"plan": "theirs"},
                                                   expected_version=0)
    assert theirs.version == 1
    with pytest.raises(StaleEditError, match=CHANGED_BY_SAM) as refused:
        session_notes.update_session_notes(db, session.uid, {"plan": "mine"},
                                           expected_version=mine.version)
    assert isinstance(refused.value, ConflictError)
    assert refused.value.current_version == 1 and refused.value.changed_by == SAM
    assert session_notes.get_session_notes(db, session.uid).plan == "theirs", "no overwrite"
    # Keep mine: saving again from the version the refusal named.
    kept, _ = session_notes.update_session_notes(db, session.uid, {"plan": "mine"},
                                                 expected_version=refused.value.current_version)
    assert (kept.plan, kept.version) == ("mine", 2)


def test_a_duration_change_counts_as_a_change_of_the_notes(chart) -> None:  # type: ignore[no-untyped-def]
    db, _patient, session = chart
    first, _ = session_notes.update_session_notes(db, session.uid, {"plan": "a"})
    after, _ = session_notes.update_session_notes(as_sam(db), session.uid,
                                                  {"duration_minutes": 45},
                                                  expected_version=first.version)
    assert after.version == first.version + 1
    with pytest.raises(StaleEditError):
        session_notes.update_session_notes(db, session.uid, {"plan": "b"},
                                           expected_version=first.version)


def test_stale_patient_intake_and_home_care_edits_are_refused(chart) -> None:  # type: ignore[no-untyped-def]
    db, patient, session = chart
    data = PatientInput("Zoë", "Ode", "1980-01-01", phone="555-0100")
    saved, _ = patients.update_patient(as_sam(db), patient.uid, data,
                                       expected_version=patient.version)
    assert saved.version == patient.version + 1 == patients.get_patient(db, patient.uid).version
    with pytest.raises(StaleEditError, match=CHANGED_BY_SAM.pattern + "the patient's details"):
        patients.update_patient(db, patient.uid, PatientInput("Zoe", "Ode", "1980-01-01"),
                                expected_version=patient.version)
    assert patients.get_patient(db, patient.uid).given_name == "Zoë"

    started, _ = intake.start_intake(db, patient.uid)
    intake.update_intake(as_sam(db), started.uid, {"history": "theirs"},
                         expected_version=started.row_version)
    with pytest.raises(StaleEditError, match=CHANGED_BY_SAM):
        intake.update_intake(db, started.uid, {"history": "mine"},
                             expected_version=started.row_version)

    prescription, _ = home_care.prescribe_exercise(db, session.uid, EXERCISES[0].id)
    home_care.update_prescription(as_sam(db), prescription.uid, {"dose": "2 x 10"},
                                  expected_version=prescription.version)
    with pytest.raises(StaleEditError, match=CHANGED_BY_SAM):
        home_care.update_prescription(db, prescription.uid, {"dose": "3 x 5"},
                                      expected_version=prescription.version)


def test_a_save_racing_another_between_check_and_write_is_refused(
        chart, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The other writer commits after this save checked the version and before it writes.

    The row lock taken before the check (`lock_for_edit`) normally makes that impossible;
    without it, the version counter's UPDATE (`WHERE row_version = <as checked>`) finds no
    row (StaleDataError): refused like a stale version, and the other save stays.
    """
    db, _patient, session = chart
    start, _ = session_notes.update_session_notes(db, session.uid, {"plan": "start"})
    other = as_sam(Database.open(db.url))
    real_check = row_versions.check_version
    raced = []

    def check_then_other_commits(*args: object, **kwargs: object) -> None:
        real_check(*args, **kwargs)  # type: ignore[arg-type]
        if not raced:
            raced.append(True)
            session_notes.update_session_notes(other, session.uid, {"plan": "theirs"})

    monkeypatch.setattr(session_notes, "check_version", check_then_other_commits)
    monkeypatch.setattr(session_notes, "lock_for_edit", lambda _orm, _row: None)
    try:
        with pytest.raises(StaleEditError, match=CHANGED_BY_SAM):
            session_notes.update_session_notes(db, session.uid, {"plan": "mine"},
                                               expected_version=start.version)
    finally:
        other.close()
    assert session_notes.get_session_notes(db, session.uid).plan == "theirs"


def test_a_blind_write_racing_another_is_written_after_it(
        chart, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Without a version (a command, a stroke), a race is not a conflict: it runs again.

    (The row lock is left out, as above, so that the race can happen at all.)
    """
    db, _patient, session = chart
    session_notes.update_session_notes(db, session.uid, {"plan": "start"})
    other = as_sam(Database.open(db.url))
    real_check = row_versions.check_version
    raced = []

    def check_then_other_commits(*args: object, **kwargs: object) -> None:
        real_check(*args, **kwargs)  # type: ignore[arg-type]
        if not raced:
            raced.append(True)
            session_notes.update_session_notes(other, session.uid, {"sleep": "theirs"})

    monkeypatch.setattr(session_notes, "check_version", check_then_other_commits)
    monkeypatch.setattr(session_notes, "lock_for_edit", lambda _orm, _row: None)
    try:
        notes, _ = session_notes.update_session_notes(db, session.uid, {"plan": "mine"})
    finally:
        other.close()
    assert (notes.plan, notes.sleep) == ("mine", "theirs"), "both writes kept"


def test_stale_clinic_settings_are_refused(any_db: Database) -> None:
    from nmt_desktop.services import clinic

    opened = clinic.get_clinic_settings(any_db)
    assert opened.version == 0, "nothing stored yet"
    clinic.update_clinic_settings(as_sam(any_db), {"name": "Theirs"}, expected_version=0)
    with pytest.raises(StaleEditError, match=CHANGED_BY_SAM.pattern + "the clinic settings"):
        clinic.update_clinic_settings(any_db, {"name": "Mine"}, expected_version=0)
    saved, _ = clinic.update_clinic_settings(any_db, {"phone": "555"}, expected_version=1)
    assert (saved.name, saved.phone, saved.version) == ("Theirs", "555", 2)
