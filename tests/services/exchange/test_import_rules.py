"""The importer applies the rules the services apply to typed data, refuses malformed files
whole in one line naming the first problem and its place, and never signs or rewrites a
signed session."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from nmt_desktop.db.database import Database
from nmt_desktop.services import sessions
from nmt_desktop.services.exchange import ChartFileRefusedError, chart_document, import_chart
from nmt_desktop.services.exchange.chart_file import MAX_CHART_FILE_BYTES
from nmt_desktop.services.report_data.physician_report import build_physician_report
from tests.services.exchange.charts import Chart, make_chart, row_counts

Document = dict[str, Any]


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


@pytest.fixture
def exported(source: Database, chart: Chart) -> Document:
    return chart_document(source, chart.chart_number)


def _signed_index(document: Document) -> int:
    return next(i for i, s in enumerate(document["sessions"]) if s["status"] == "signed")


def _draft_index(document: Document) -> int:
    return next(i for i, s in enumerate(document["sessions"]) if s["status"] == "draft")


def _edit(change: Callable[[Document], None]) -> Callable[[Document], Document]:
    def apply(document: Document) -> Document:
        changed = copy.deepcopy(document)
        change(changed)
        return changed
    return apply


def _set_tp(field: str, value: Any) -> Callable[[Document], Document]:
    def change(d: Document) -> None:
        d["sessions"][_draft_index(d)]["trigger_points"][0][field] = value
    return _edit(change)


def _set_session(field: str, value: Any, signed: bool = False) -> Callable[[Document], Document]:
    def change(d: Document) -> None:
        d["sessions"][_signed_index(d) if signed else _draft_index(d)][field] = value
    return _edit(change)


def _amend(written_at: str, author: str | None = None) -> Callable[[Document], Document]:
    def change(d: Document) -> None:
        signed = d["sessions"][_signed_index(d)]
        signed["amendments"].append({
            "uid": "6f1c8a64-2f1e-4b8e-9a39-5b0c3f0e9a11", "reason": "Typo", "text": "Left.",
            "written_at": written_at, "created_at": written_at, "updated_at": written_at,
            "author_uid": author or d["therapists"][0]["uid"]})
    return _edit(change)


FUTURE = (dt.datetime.now(dt.UTC) + dt.timedelta(days=3)).isoformat()
RULES = {
    "note too long": (_set_tp("note", "x" * 30_000), "too long"),
    "control character": (_set_tp("note", "bell \x07"), "control characters"),
    "right-to-left override": (_set_tp("note", "abc\u202edef"), "control characters"),
    "point far off the figure": (_set_tp("x", -50000), "outside the body outline"),
    "point at 1e300": (_set_tp("y", 1e300), "outside the body outline"),
    "point in another region": (_set_tp("x", 1.0), "outside the body outline"),
    "huge integer": (_set_tp("tenderness_grade", 10**30), "far too large"),
    "updated in year 9999": (_set_tp("updated_at", "9999-01-01T00:00:00+00:00"), "future"),
    "session before birth": (_set_session("started_at", "1850-01-01T09:00:00+00:00"),
                             "before the patient's birth"),
    "session in the future": (_set_session("started_at", FUTURE), "in the future"),
    "signed without signer": (_set_session("signed_by_uid", None, signed=True),
                              "needs its signer"),
    "signed in the future": (_set_session("signed_at", FUTURE, signed=True), "future"),
    "signed before it started": (_set_session("signed_at", "2024-04-01T00:00:00+00:00",
                                              signed=True), "before the session started"),
    "draft signed without signer": (_set_session("status", "signed"), "signed session needs"),
    "amendment before the signing": (_amend("2000-01-01T00:00:00+00:00"),
                                     "before the session was signed"),
    "amendment in the future": (_amend(FUTURE), "future"),
    "amendment by a stranger": (_amend("2024-06-01T00:00:00+00:00",
                                       "00000000-0000-0000-0000-0000000000aa"),
                                "does not hold"),
}


@pytest.mark.parametrize("case", sorted(RULES))
def test_import_refuses_what_the_app_refuses(case: str, exported: Document,
                                             any_db: Database) -> None:
    before = row_counts(any_db)
    change, message = RULES[case]
    with pytest.raises(ChartFileRefusedError) as refused:
        import_chart(any_db, json.dumps(change(exported)).encode())
    line = str(refused.value)
    assert message in line and "\n" not in line
    assert "sessions[" in line or "therapists" in line  # the place in the file is named
    assert row_counts(any_db) == before


def _nested(depth: int) -> bytes:
    return b'{"format": "nmt-desktop-chart", "format_version": 1, "x": ' + \
        b"[" * depth + b"]" * depth + b"}"


@pytest.mark.parametrize(("content", "message"), [
    (_nested(5000), "nest"),
    (_nested(100), "nested more than"),
    (b'{"format": "nmt-desktop-chart", "n": ' + b"9" * 5000 + b"}", "not valid JSON"),
    (b" " * (MAX_CHART_FILE_BYTES + 1), "a chart file is at most"),
])
def test_hostile_files_are_refused_in_one_line(content: bytes, message: str,
                                               source: Database) -> None:
    before = row_counts(source)
    with pytest.raises(ChartFileRefusedError) as refused:
        import_chart(source, content)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert row_counts(source) == before


def test_huge_integers_deep_in_the_file_name_their_place(exported: Document,
                                                         source: Database) -> None:
    document = copy.deepcopy(exported)
    document["sessions"][_draft_index(document)]["duration_minutes"] = 10**400
    with pytest.raises(ChartFileRefusedError, match=r"sessions\[\d\]\.duration_minutes"):
        import_chart(source, json.dumps(document).encode())


def test_an_import_never_signs_a_draft_here(exported: Document, source: Database,
                                            chart: Chart, any_db: Database) -> None:
    import_chart(any_db, json.dumps(exported).encode())
    signed_copy = copy.deepcopy(exported)
    draft = signed_copy["sessions"][_draft_index(signed_copy)]
    draft["status"] = "signed"
    draft["signed_by_uid"] = draft["therapist_uid"]
    draft["signed_at"] = draft["updated_at"] = dt.datetime.now(dt.UTC).isoformat()
    report = import_chart(any_db, json.dumps(signed_copy).encode())
    assert not sessions.get_session(any_db, chart.draft_session_uid).is_signed
    assert any("never signs" in note for note in report.notes)


def test_a_newer_therapist_record_does_not_rename_the_signer(
        exported: Document, chart: Chart, any_db: Database) -> None:
    import_chart(any_db, json.dumps(exported).encode())
    renamed = copy.deepcopy(exported)
    renamed["therapists"][0].update(full_name="Someone Else", credentials="XX",
                                    licence_number="ZZ-9",
                                    updated_at=dt.datetime.now(dt.UTC).isoformat())
    import_chart(any_db, json.dumps(renamed).encode())
    with any_db.engine.connect() as connection:
        assert connection.scalar(text("SELECT full_name FROM therapist")) == "Someone Else"
    signed = sessions.get_session(any_db, chart.signed_session_uid)
    assert signed.signed_by_name == "Alex Morgan"
    report = build_physician_report(any_db, chart.patient_uid,
                                    date_to=dt.date(2024, 5, 1))
    assert (report.therapist.name, report.therapist.licence_number) == ("Alex Morgan", "MA-1")
