"""JSON chart files: export, import on another database, merge by uid, refuse bad files."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import Patient
from nmt_desktop.domain.errors import ConflictError
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients, sessions
from nmt_desktop.services.exchange import (
    FORMAT_VERSION,
    ChartFileRefusedError,
    chart_document,
    chart_json,
    export_chart_json,
    import_chart,
)
from nmt_desktop.services.records import ChangeSet
from tests.services.exchange.charts import (
    AWKWARD_NOTE,
    Chart,
    audit_events,
    make_chart,
    row_counts,
)


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


@pytest.fixture
def exported(source: Database, chart: Chart) -> dict[str, Any]:
    return chart_document(source, chart.chart_number)


def as_bytes(document: dict[str, Any]) -> bytes:
    return chart_json(document)


def without_stamp(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


def later(stamp: str) -> str:
    return (dt.datetime.fromisoformat(stamp) + dt.timedelta(minutes=5)).isoformat()


def test_round_trip_into_an_empty_database_is_identical(
    source: Database, chart: Chart, any_db: Database, tmp_path: Path
) -> None:
    # GIVEN a chart exported to a file
    path = tmp_path / "chart.json"
    export_chart_json(source, chart.chart_number, path)
    # WHEN it is imported into an empty database and exported from there
    report = import_chart(any_db, path.read_bytes())
    again = chart_document(any_db, str(chart.patient_uid))
    # THEN both exports are the same apart from the export time
    assert without_stamp(json.loads(path.read_text("utf-8"))) == without_stamp(again)
    assert report.created == {
        "therapists": 1, "patient": 1, "sessions": 2, "trigger_points": 4, "pain_zones": 6,
        "tension_ratings": 2, "intakes": 1, "screening_answers": 1, "clearances": 1,
        "referrals": 1, "goals": 1, "notes": 2, "posture_findings": 2, "rom_measures": 2,
        "goal_progress": 2, "home_care": 2, "amendments": 1, "outcome_scores": 2}
    assert not report.kept_signed and not report.updated
    # The session list's mark counts (the database's own, revision 0008) follow the imported
    # marks, in the signed session too, whose marks arrive after it.
    listed = {record.uid: record.mark_count for record in
              sessions.list_sessions(any_db, chart.patient_uid)}
    assert listed == {record.uid: record.mark_count for record in
                      sessions.list_sessions(source, chart.patient_uid)}
    assert sum(listed.values()) == 4 + 6 + 2


def test_names_and_free_text_survive_unescaped(
    source: Database, chart: Chart, any_db: Database
) -> None:
    content = as_bytes(chart_document(source, chart.chart_number))
    text = content.decode("utf-8")
    assert "Zoë" in text and "山田" in text and "😀" in text and "<&>" in text
    import_chart(any_db, content)
    document = chart_document(any_db, chart.chart_number)
    assert document["patient"]["family_name"] == "山田"
    assert document["patient"]["address"] == "Flat 3 <&> 🙂 Rue de l'Église"
    notes = {p["note"] for s in document["sessions"] for p in s["trigger_points"]}
    assert AWKWARD_NOTE in notes
    with any_db.reading() as orm:
        row = orm.scalar(select(Patient).where(Patient.uid == chart.patient_uid))
        assert row is not None and row.given_key == "zoe"


def test_reimport_adds_nothing(source: Database, chart: Chart, any_db: Database) -> None:
    content = as_bytes(chart_document(source, chart.chart_number))
    import_chart(any_db, content)
    before = row_counts(any_db)
    report = import_chart(any_db, content)
    after = row_counts(any_db)
    assert report.created == {} and report.updated == {}
    assert report.unchanged["sessions"] == 2 and report.unchanged["trigger_points"] == 4
    # Only the import's own summary event is new.
    assert after == {**before, "audit_event": before["audit_event"] + 1}


def test_import_into_the_source_database_changes_nothing(
    source: Database, chart: Chart, exported: dict[str, Any]
) -> None:
    before = row_counts(source)
    report = import_chart(source, as_bytes(exported))
    assert report.created == {} and report.updated == {} and not report.kept_signed
    assert row_counts(source)["trigger_point"] == before["trigger_point"]


def test_newer_copy_of_a_draft_mark_updates_it_and_older_one_does_not(
    source: Database, chart: Chart, exported: dict[str, Any]
) -> None:
    draft = next(s for s in exported["sessions"] if s["uid"] == str(chart.draft_session_uid))
    newer, older = copy.deepcopy(exported), copy.deepcopy(exported)
    for document, stamp, note in ((newer, later, "edited on the other laptop"),
                                  (older, lambda s: "2000-01-01T00:00:00+00:00", "stale")):
        point = next(s for s in document["sessions"] if s["uid"] == draft["uid"])[
            "trigger_points"][0]
        point["note"], point["updated_at"] = note, stamp(point["updated_at"])
    report = import_chart(source, as_bytes(older))
    assert report.updated == {}
    report = import_chart(source, as_bytes(newer))
    assert report.updated == {"trigger_points": 1}
    notes = [p["note"] for s in chart_document(source, chart.chart_number)["sessions"]
             for p in s["trigger_points"]]
    assert "edited on the other laptop" in notes and "stale" not in notes


def test_altered_signed_session_is_left_as_it_was_and_reported(
    source: Database, chart: Chart, exported: dict[str, Any], any_db: Database
) -> None:
    # GIVEN the chart on a second database, and a copy of the file whose SIGNED session was
    # altered (a note, an NRS and a new mark), each with a newer timestamp
    import_chart(any_db, as_bytes(exported))
    signed_before = _session(chart_document(any_db, chart.chart_number), chart)
    altered = copy.deepcopy(exported)
    signed = _session(altered, chart)
    signed["trigger_points"][0]["note"] = "rewritten afterwards"
    signed["trigger_points"][0]["updated_at"] = later(signed["trigger_points"][0]["updated_at"])
    signed["pain_zones"][0]["nrs"] = 0
    signed["duration_minutes"] = 90
    signed["updated_at"] = later(signed["updated_at"])
    # ... and whose draft session has a newer mark, which may be merged
    draft = next(s for s in altered["sessions"] if s is not signed)
    draft["tension_ratings"][0]["grade"] = 3
    draft["tension_ratings"][0]["updated_at"] = later(draft["tension_ratings"][0]["updated_at"])
    # WHEN it is imported
    report = import_chart(any_db, as_bytes(altered))
    # THEN the signed session is exactly as it was, the import says so, the draft is merged
    after = chart_document(any_db, chart.chart_number)
    assert _session(after, chart) == signed_before
    assert [k.uid for k in report.kept_signed] == [chart.signed_session_uid]
    assert "signed" in report.lines()[-1] and "left as it was" in report.lines()[-1]
    assert report.updated == {"tension_ratings": 1}
    summary = audit_events(any_db, "import")[-1]
    assert summary.entity_type == "chart"
    assert summary.detail["signed_sessions_kept"] == [str(chart.signed_session_uid)]


def test_new_amendment_reaches_a_signed_session(
    source: Database, chart: Chart, exported: dict[str, Any], any_db: Database
) -> None:
    # GIVEN the chart on a second database, then an amendment written on the first laptop
    import_chart(any_db, as_bytes(exported))
    document = copy.deepcopy(exported)
    signed = _session(document, chart)
    extra = {**signed["amendments"][0], "uid": "22222222-2222-4222-8222-222222222222",
             "reason": "Second look", "text": "Also the right side"}
    signed["amendments"].append(extra)
    # WHEN the newer file is imported
    report = import_chart(any_db, as_bytes(document))
    # THEN the amendment is added, and the signed session itself is not reported as altered
    assert report.created == {"amendments": 1} and not report.kept_signed
    amendments = _session(chart_document(any_db, chart.chart_number), chart)["amendments"]
    assert [a["reason"] for a in amendments] == ["Typo", "Second look"]


def test_outcome_of_a_signed_session_is_not_rewritten(
    chart: Chart, exported: dict[str, Any], any_db: Database
) -> None:
    import_chart(any_db, as_bytes(exported))
    document = copy.deepcopy(exported)
    ndi = next(o for o in document["outcome_scores"] if o["measure"] == "ndi")
    ndi["score"], ndi["updated_at"] = 10.0, later(ndi["updated_at"])
    report = import_chart(any_db, as_bytes(document))
    assert report.updated == {}
    assert any("outcome score belongs to a session signed here" in n for n in report.notes)
    scores = chart_document(any_db, chart.chart_number)["outcome_scores"]
    assert next(o for o in scores if o["measure"] == "ndi")["score"] == 35.6


def test_a_region_painted_here_under_another_uid_is_kept(
    chart: Chart, exported: dict[str, Any], any_db: Database
) -> None:
    import_chart(any_db, as_bytes(exported))
    document = copy.deepcopy(exported)
    draft = next(s for s in document["sessions"] if s["uid"] == str(chart.draft_session_uid))
    draft["pain_zones"][0].update(uid="33333333-3333-4333-8333-333333333333", nrs=9)
    before = row_counts(any_db)
    report = import_chart(any_db, as_bytes(document))
    assert report.created == {} and any("already recorded here" in n for n in report.notes)
    assert row_counts(any_db)["pain_zone"] == before["pain_zone"]


def _session(document: dict[str, Any], chart: Chart) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in document["sessions"]
                                 if s["uid"] == str(chart.signed_session_uid))
    return found


def test_newer_format_is_refused_and_nothing_is_written(
    exported: dict[str, Any], any_db: Database
) -> None:
    before = row_counts(any_db)
    newer = {**exported, "format_version": FORMAT_VERSION + 1}
    with pytest.raises(ChartFileRefusedError, match="newer version of NMT Desktop"):
        import_chart(any_db, as_bytes(newer))
    assert row_counts(any_db) == before


def _mutate(path: str, value: Any) -> Any:
    """A change to one place of the document, e.g. ("sessions.1.pain_zones.0.nrs", 11)."""

    def apply(document: dict[str, Any]) -> dict[str, Any]:
        changed = copy.deepcopy(document)
        *parents, last = path.split(".")
        target: Any = changed
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if value is _DELETE:
            del target[last]
        elif isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value
        return changed

    return apply


_DELETE = object()
BAD_FILES = {
    "not a chart file": (_mutate("format", "something-else"), "not an NMT Desktop chart file"),
    "missing field": (_mutate("sessions.1.trigger_points.0.status", _DELETE), "missing status"),
    "unknown field": (_mutate("sessions.1.colour", "red"), "unknown field(s) colour"),
    "text for a number": (_mutate("sessions.1.pain_zones.0.nrs", "seven"), "whole number"),
    "grade out of range": (_mutate("sessions.1.pain_zones.0.nrs", 11), "outside 0–10"),
    "unknown region": (_mutate("sessions.1.pain_zones.0.region_id", "tail_left"),
                       "unknown region"),
    "unknown vocabulary": (_mutate("sessions.1.pain_zones.0.qualities", ["itchy"]), "itchy"),
    "bad uid": (_mutate("sessions.1.uid", "not-a-uid"), "is not a uid"),
    "naive time": (_mutate("sessions.1.started_at", "2024-05-08T09:30:00"), "no time zone"),
    "dangling therapist": (_mutate("sessions.1.therapist_uid",
                                   "00000000-0000-0000-0000-000000000001"),
                           "does not hold"),
    "side against region": (_mutate("sessions.1.tension_ratings.0.side", "right"),
                            "does not match region"),
    "bad patient name": (_mutate("patient.given_name", "Zoë🙂"), "letters"),
    "wrong type for a list": (_mutate("sessions", {"a": 1}), "expected a list"),
    "unknown exercise": (_mutate("sessions.1.home_care.0.exercise_id", "juggling"),
                         "unknown exercise"),
    "ROM without its side": (_mutate("sessions.1.rom_measures.0.side", None), "side: required"),
    "unknown red flag": (_mutate("intakes.0.referrals.0.red_flag_ids", ["vertigo"]), "vertigo"),
    "questionnaire answers": (_mutate("outcome_scores.0.items", [9] * 10), "Item 1"),
    "NRS in the note": (_mutate("sessions.1.notes.0.nrs_after", 12), "outside 0–10"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_malformed_file_is_refused_and_nothing_is_written(
    case: str, exported: dict[str, Any], any_db: Database
) -> None:
    # GIVEN a database that already holds a patient
    patients.create_patient(any_db, PatientInput("Ann", "Smith", "1980-01-01"))
    before = row_counts(any_db)
    change, message = BAD_FILES[case]
    # WHEN a damaged file is imported THEN it is refused with a message naming the problem
    with pytest.raises(ChartFileRefusedError) as refused:
        import_chart(any_db, as_bytes(change(exported)))
    assert message in str(refused.value)
    assert row_counts(any_db) == before


@pytest.mark.parametrize(("content", "message"), [
    (b"", "not valid JSON"), (b"{\"format\": ", "not valid JSON"), (b"\xff\xfe\x00", "UTF-8"),
    (b"[1, 2]", "not an NMT Desktop chart file"),
])
def test_file_that_is_not_json_is_refused(content: bytes, message: str, source: Database) -> None:
    before = row_counts(source)
    with pytest.raises(ChartFileRefusedError, match=message):
        import_chart(source, content)
    assert row_counts(source) == before


def test_duplicate_uid_in_file_is_refused(exported: dict[str, Any], any_db: Database) -> None:
    document = copy.deepcopy(exported)
    document["sessions"][1]["trigger_points"].append(
        copy.deepcopy(document["sessions"][1]["trigger_points"][0]))
    with pytest.raises(ChartFileRefusedError, match="appears twice"):
        import_chart(any_db, as_bytes(document))
    assert row_counts(any_db)["patient"] == 0


def test_chart_number_taken_by_another_patient(
    exported: dict[str, Any], any_db: Database, chart: Chart
) -> None:
    patients.create_patient(any_db, PatientInput("Ann", "Smith", "1980-01-01",
                                                 chart_number=chart.chart_number))
    before = row_counts(any_db)
    with pytest.raises(ConflictError, match="already used here by Ann Smith"):
        import_chart(any_db, as_bytes(exported))
    assert row_counts(any_db) == before
    report = import_chart(any_db, as_bytes(exported), chart_number="B-7")
    assert report.chart_number == "B-7" and report.created["sessions"] == 2


def test_record_of_another_patient_is_a_conflict(
    exported: dict[str, Any], source: Database, chart: Chart
) -> None:
    # A file claiming this database's draft session for a different (new) patient.
    document = copy.deepcopy(exported)
    document["patient"].update(uid="11111111-1111-4111-8111-111111111111", chart_number="Z-9")
    before = row_counts(source)
    with pytest.raises(ConflictError, match="belongs to another patient"):
        import_chart(source, as_bytes(document))
    assert row_counts(source) == before


def test_export_and_import_are_in_the_audit_trail(
    source: Database, chart: Chart, any_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "out.json"
    export_chart_json(source, chart.chart_number, path)
    (event,) = audit_events(source, "export")
    assert (event.entity_type, event.entity_uid, event.patient_uid) == (
        "chart", chart.patient_uid, chart.patient_uid)
    assert event.detail["format"] == "json" and event.detail["files"] == ["out.json"]
    assert str(tmp_path) not in json.dumps(event.detail)
    import_chart(any_db, path.read_bytes())
    kinds = [(e.entity_type, e.detail.get("result")) for e in audit_events(any_db, "import")]
    assert kinds == [("therapist", "created"), ("patient", "created"),
                     ("session", "created"), ("session", "created"), ("chart", None)]


def test_unwritable_export_writes_nothing_and_records_nothing(
    source: Database, chart: Chart, tmp_path: Path
) -> None:
    with pytest.raises(OSError):
        export_chart_json(source, chart.chart_number, tmp_path / "missing" / "x.json")
    assert audit_events(source, "export") == []
    assert not (tmp_path / "missing").exists() and not list(tmp_path.glob("*.part"))


def test_the_import_says_what_it_changed(source: Database, chart: Chart, any_db: Database) -> None:
    content = as_bytes(chart_document(source, chart.chart_number))
    first = import_chart(any_db, content)
    assert first.changes == ChangeSet(patients=True, therapists=True, sessions=True, marks=True,
                                      notes=True, intake=True, outcomes=True,
                                      patient_uid=chart.patient_uid)
    again = import_chart(any_db, content)
    assert again.changes == ChangeSet(patient_uid=chart.patient_uid)
