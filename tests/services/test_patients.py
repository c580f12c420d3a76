"""Patient use cases on SQLite and PostgreSQL: create, validate, edit, archive, search."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent, Patient
from nmt_desktop.domain.errors import ConflictError, ValidationError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patient_search, patients

UNUSUAL_NAMES = [("Zoë", "Łukasiewicz"), ("太郎", "山田"), ("Seán", "O'Brien"),
                 ("Юлия", "Иванова"), ("Δημήτρης", "Παπαδόπουλος"), ("Anne-Marie", "St. John")]


def add(db: Database, given: str, family: str, dob: str = "1980-05-17", chart: str = "") -> None:
    patients.create_patient(db, PatientInput(given, family, dob, chart))


def count_patients(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Patient)) or 0


@pytest.mark.parametrize(("given", "family"), UNUSUAL_NAMES)
def test_unusual_names_are_stored_exactly_as_typed(any_db: Database, given: str,
                                                   family: str) -> None:
    record, changes = patients.create_patient(any_db, PatientInput(given, family, "1980-05-17"))
    stored = patients.get_patient(any_db, record.uid)
    assert (stored.given_name, stored.family_name) == (given, family)
    assert changes.patients and changes.patient_uid == record.uid


@pytest.mark.parametrize(
    ("given", "family", "dob", "field", "message"),
    [
        ("", "Smith", "1980-01-01", "given_name", "required"),
        ("Ann", "   ", "1980-01-01", "family_name", "required"),
        ("A" * 500, "Smith", "1980-01-01", "given_name", "too long"),
        ("<b>&amp;", "Smith", "1980-01-01", "given_name", "letters"),
        ("Ann", "Smith 🙂", "1980-01-01", "family_name", "letters"),
        ("Ann", "Smith", "2999-01-01", "date_of_birth", "future"),
        ("Ann", "Smith", "1980-02-30", "date_of_birth", "not a real date"),
        ("Ann", "Smith", "12/03/1980", "date_of_birth", "YYYY-MM-DD"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    db: Database, given: str, family: str, dob: str, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        patients.create_patient(db, PatientInput(given, family, dob))
    assert message in caught.value.field_errors[field]
    assert count_patients(db) == 0


def test_chart_numbers_are_assigned_and_unique(any_db: Database) -> None:
    add(any_db, "Ann", "Smith")
    add(any_db, "Bob", "Jones")
    numbers = [p.chart_number for p in patient_search.search_patients(any_db)]
    assert len(set(numbers)) == 2
    with pytest.raises(ConflictError, match="already in use"):
        add(any_db, "Cy", "Young", chart=numbers[0])
    assert count_patients(any_db) == 2


def test_edit_archive_and_unarchive_are_audited(any_db: Database) -> None:
    record, _ = patients.create_patient(any_db, PatientInput("Ann", "Smith", "1980-05-17"))
    patients.update_patient(any_db, record.uid,
                            PatientInput("Ann", "Smyth", "1980-05-17", phone="555-1234"))
    patients.set_archived(any_db, record.uid, True)
    assert patient_search.search_patients(any_db, "smy") == []
    assert [p.family_name for p in patient_search.search_patients(any_db, "smy", True)] == ["Smyth"]
    patients.set_archived(any_db, record.uid, False)
    assert [p.phone for p in patient_search.search_patients(any_db, "smy")] == ["555-1234"]
    with any_db.reading() as session:
        events = session.execute(
            select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "change", "archive", "unarchive"]
    assert events[1].detail["fields"] == ["family_name", "phone"]


def test_search_by_name_prefix_accents_chart_number_and_birth_date(any_db: Database) -> None:
    add(any_db, "Zoë", "Łukasiewicz", "1990-01-22", "C-77")
    add(any_db, "Ann", "Smith", "1985-03-12", "1002")
    add(any_db, "Annabel", "Lukas", "1985-07-01", "1003")
    add(any_db, "太郎", "山田", "1975-06-05", "1004")

    def names(text: str) -> list[str]:
        return [p.family_name for p in patient_search.search_patients(any_db, text)]

    assert names("luk") == ["Lukas", "Łukasiewicz"]
    assert names("zoe") == ["Łukasiewicz"]
    assert names("ann") == ["Lukas", "Smith"]
    assert names("ann smi") == ["Smith"]
    assert names("1985") == ["Lukas", "Smith"]
    assert names("1985-03") == ["Smith"]
    assert names("1985-07-01") == ["Lukas"]
    assert names("C-7") == ["Łukasiewicz"]
    assert names("山") == ["山田"]
    assert names("nobody") == []
    assert len(names("")) == 4


def test_today_is_a_valid_birth_date_but_tomorrow_is_not(db: Database) -> None:
    add(db, "New", "Born", dt.date.today().isoformat())
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    with pytest.raises(ValidationError, match="future"):
        add(db, "Not", "Yet", tomorrow)


def test_search_ignores_apostrophes_hyphens_spaces_and_matches_inside_names(
        any_db: Database) -> None:
    add(any_db, "James", "O'Brien", "1967-09-30")
    add(any_db, "María", "Fernández-López", "1981-04-12")
    add(any_db, "Anne", "Van der Berg", "1970-01-01")
    add(any_db, "Zoë", "Łukasiewicz", "1990-01-22")

    def names(text: str) -> list[str]:
        return [p.family_name for p in patient_search.search_patients(any_db, text)]

    for typed in ("ob", "obri", "obrien", "OBrien", "o'b", "O’Brien", "o brien", "brien"):
        assert names(typed) == ["O'Brien"], typed
    for typed in ("lopez", "López", "fernandez lopez", "fernandezlopez", "fernandez-lopez",
                  "ndez"):
        assert names(typed) == ["Fernández-López"], typed
    assert names("vanderberg") == names("der berg") == ["Van der Berg"]
    assert names("kasie") == ["Łukasiewicz"]
    # LIKE wildcards typed by the user are plain characters, not wildcards.
    assert names("%") == []
    assert names("a_n") == []  # would match "Anne" if _ were a wildcard
    assert names("o%b") == []
    # Names starting with the words come before names merely containing them.
    add(any_db, "Bri", "Brien", "1990-01-22")
    assert names("brien") == ["Brien", "O'Brien"]
