"""Databases written by earlier releases open with their data intact.

`tests/fixtures/db/<revision>.sqlite` is a demo clinic written by the release whose newest
schema was <revision>. Each later migration must upgrade every such file; the checks below
compare the clinical content, not just the schema version.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from nmt_desktop.db.database import Database
from nmt_desktop.db.schema import KNOWN_REVISIONS, SCHEMA_HEAD
from nmt_desktop.services import charting, patient_search, sessions
from tests.people import TEST_OWNER

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "db"
#: The newest schema of each release. One release may bring several revisions (this one:
#: 0006 onwards); its fixture is written once, from the final release, by tools/make_fixture_db.py.
RELEASED_REVISIONS = sorted(path.stem for path in FIXTURES.glob("*.sqlite"))
# What the demo clinic of the 0001 release holds; later migrations must keep all of it.
EXPECTED = {"patients": 5, "sessions": 22, "trigger_points": 53, "pain_zones": 56,
            "tension_ratings": 42}


@pytest.mark.parametrize("revision", RELEASED_REVISIONS)
def test_old_release_database_opens_with_data_intact(revision: str, tmp_path: Path) -> None:
    copy = tmp_path / f"{revision}.sqlite"
    shutil.copy(FIXTURES / f"{revision}.sqlite", copy)
    db = Database.open(f"sqlite:///{copy}").signed_in_as(TEST_OWNER)
    try:
        with db.reading() as session:
            assert session.scalar(text("SELECT version_num FROM alembic_version")) == SCHEMA_HEAD
            counts = {name: session.scalar(text(f"SELECT count(*) FROM {table}")) for name, table
                      in (("patients", "patient"), ("sessions", "treatment_session"),
                          ("trigger_points", "trigger_point"), ("pain_zones", "pain_zone"),
                          ("tension_ratings", "tension_rating"))}
        assert counts == EXPECTED
        maria = patient_search.search_patients(db, "fernandez")[0]
        assert (maria.given_name, maria.chart_number) == ("María", "D1001")
        latest = sessions.list_sessions(db, maria.uid)[0]
        chart = charting.load_chart(db, latest.uid)
        assert {tp.muscle_id for tp in chart.trigger_points} >= {"upper_trapezius"}
        assert all(z.region_id in {"temple_left", "occiput_left"} for z in chart.pain_zones)
    finally:
        db.close()
    if revision != SCHEMA_HEAD:
        assert list((tmp_path / "backups").iterdir()), "no backup was made before upgrading"


# What the demo clinic of the 0002 release holds beyond the marks (the clinical record).
CLINICAL_EXPECTED = {"intake": 5, "screening_answer": 33, "goal": 10, "session_note": 22,
                     "posture_observation": 33, "rom_measure": 44, "goal_progress": 44,
                     "home_care_prescription": 49, "outcome_score": 16, "amendment": 1,
                     "clinic_settings": 1}
CLINICAL_REVISIONS = [r for r in RELEASED_REVISIONS if r >= "0002"]
# From the 0004 release on, the demo asks every red flag (one more intake version, every item
# answered) and keeps a today check with each visit (clinical-spec §4.3).
CLINICAL_EXPECTED_FROM_0004 = {**CLINICAL_EXPECTED, "intake": 6, "screening_answer": 166,
                               "today_check": 22}


def clinical_expected(revision: str) -> dict[str, int]:
    return CLINICAL_EXPECTED_FROM_0004 if revision >= "0004" else CLINICAL_EXPECTED


@pytest.mark.parametrize("revision", CLINICAL_REVISIONS)
def test_clinical_record_survives_upgrades(revision: str, tmp_path: Path) -> None:
    from nmt_desktop.domain.outcomes import OutcomeMeasure
    from nmt_desktop.services import intake, outcomes, session_notes, signing
    from nmt_desktop.services.clinic import get_clinic_settings

    copy = tmp_path / f"{revision}.sqlite"
    shutil.copy(FIXTURES / f"{revision}.sqlite", copy)
    db = Database.open(f"sqlite:///{copy}").signed_in_as(TEST_OWNER)
    try:
        with db.reading() as session:
            expected = clinical_expected(revision)
            counts = {table: session.scalar(text(f"SELECT count(*) FROM {table}"))
                      for table in expected}
            signed = session.scalar(text(
                "SELECT count(*) FROM treatment_session WHERE status = 'signed'"))
        assert counts == expected
        assert signed == 17
        maria = patient_search.search_patients(db, "fernandez")[0]
        current = intake.current_intake(db, maria.uid)
        assert current is not None
        assert current.answer("anticoagulant_antiplatelet").present  # type: ignore[union-attr]
        history = sessions.list_sessions(db, maria.uid)
        assert [s.is_signed for s in history] == [False] + [True] * 5
        second = history[-2]
        assert [a.reason for a in signing.list_amendments(db, second.uid)] == [
            "Home programme dose recorded incorrectly"]
        notes = session_notes.get_session_notes(db, history[0].uid)
        assert notes.nrs_now == 2 and "left temple" in notes.chief_complaint
        ndi = outcomes.list_outcomes(db, maria.uid, OutcomeMeasure.NDI)
        assert [o.result.score for o in ndi] == [52.0, 24.4]
        assert get_clinic_settings(db).name == "Harbourside Neuromuscular Clinic"
    finally:
        db.close()


def test_released_fixtures_are_known_revisions() -> None:
    assert set(RELEASED_REVISIONS) <= set(KNOWN_REVISIONS)
    assert RELEASED_REVISIONS[0] == KNOWN_REVISIONS[0]
