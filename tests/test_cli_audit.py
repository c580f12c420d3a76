"""`nmt-desktop audit`: a patient's trail as a table or JSON; unknown patients fail cleanly."""

from __future__ import annotations

import json

import pytest

from nmt_desktop.__main__ import main
from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients, session_notes, sessions, signing, therapists
from tests.cli_accounts import cli_sign_in_env, prepare_sign_in, shared_login_warning
from tests.people import TEST_OWNER, as_therapist

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)

ACTOR = "Alex Morgan"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def charted(any_db_url: str) -> tuple[str, str, str]:
    """A patient with a signed session; returns (url, chart number, uid)."""
    db = Database.open(any_db_url).signed_in_as(TEST_OWNER)
    try:
        therapist, _ = therapists.create_therapist(db, "Alex Morgan", "LMT", "1")
        patient, _ = patients.create_patient(db, PatientInput("Zoë", "山田", "1980-01-01",
                                                              "C-7"))
        session, _ = sessions.start_session(as_therapist(db, therapist.uid), patient.uid)
        session_notes.update_session_notes(db, session.uid, {"chief_complaint": "Neck"})
        signing.sign_session(as_therapist(db, therapist.uid), session.uid)
    finally:
        db.close()
    return any_db_url, patient.chart_number, str(patient.uid)


def test_audit_table_by_chart_number(capsys: pytest.CaptureFixture[str],
                                     charted: tuple[str, str, str]) -> None:
    url, chart_number, _ = charted
    code, out, err = run(capsys, "--db", url, "audit", "--patient", chart_number)
    assert code == 0 and err == shared_login_warning(url)
    lines = out.splitlines()
    assert lines[0] == "Audit trail of Zoë 山田 (chart C-7)"
    assert lines[1].split() == ["time", "actor", "action", "entity", "detail"]
    body = lines[2:-1]
    assert [line.split("  ")[0][:2] for line in body] == ["20"] * 4  # local YYYY-MM-DD times
    actions = [[cell for cell in line.split("  ") if cell][2:4] for line in body]
    assert [[a.strip() for a in row] for row in actions] == [
        ["create", "patient"], ["create", "session"], ["change", "session_notes"],
        ["sign", "session"]]
    assert "fields=chief_complaint" in body[2]
    assert lines[-1] == "4 event(s)"


def test_audit_json_by_uid(capsys: pytest.CaptureFixture[str],
                           charted: tuple[str, str, str]) -> None:
    url, _, uid = charted
    code, out, _ = run(capsys, "--db", url, "audit", "--patient", uid, "--json")
    events = json.loads(out)
    assert code == 0
    assert [(e["action"], e["entity_type"]) for e in events] == [
        ("create", "patient"), ("create", "session"), ("change", "session_notes"),
        ("sign", "session")]
    assert set(events[0]) == {"occurred_at", "actor", "action", "entity_type", "entity_uid",
                              "patient_uid", "detail"}
    assert all(e["patient_uid"] == uid for e in events)
    assert events[0]["occurred_at"].endswith("+00:00")
    assert events[3]["detail"]["therapist"] == "Alex Morgan"


def test_unknown_patient_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str],
                                                charted: tuple[str, str, str]) -> None:
    url, _, _ = charted
    code, out, err = run(capsys, "--db", url, "audit", "--patient", "NOPE-1")
    assert code == 1 and out == ""
    assert err == (shared_login_warning(url)
                   + "nmt-desktop: error: No patient with chart number or uid NOPE-1.\n")
