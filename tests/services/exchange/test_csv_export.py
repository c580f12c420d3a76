"""CSV export: tidy tables a clinic's spreadsheet can read, one row per mark."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.services.exchange import export_chart_csv
from tests.services.exchange.charts import AWKWARD_NOTE, Chart, audit_events, make_chart


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_file_per_table_one_row_per_record(
    source: Database, chart: Chart, tmp_path: Path
) -> None:
    # WHEN the chart is exported as CSV into a new folder
    result = export_chart_csv(source, chart.chart_number, tmp_path / "csv")
    # THEN there is one table per kind of record, each row one session or one mark
    names = sorted(p.name for p in result.paths)
    assert names == ["amendments.csv", "goal_progress.csv", "home_care.csv",
                     "outcome_scores.csv", "pain_zones.csv", "posture_findings.csv",
                     "rom_measures.csv", "sessions.csv", "tension_ratings.csv",
                     "today_check.csv", "trigger_points.csv"]
    sessions = read(tmp_path / "csv" / "sessions.csv")
    points = read(tmp_path / "csv" / "trigger_points.csv")
    zones = read(tmp_path / "csv" / "pain_zones.csv")
    tension = read(tmp_path / "csv" / "tension_ratings.csv")
    assert (len(sessions), len(points), len(zones), len(tension)) == (2, 4, 6, 2)
    assert {s["status"] for s in sessions} == {"signed", "draft"}
    assert [s["trigger_points_count"] for s in sessions] == ["2", "2"]
    assert [(s["nrs_now"], s["nrs_after"]) for s in sessions] == [("7", "4"), ("5", "2")]
    assert sessions[0]["chief_complaint"] == "Stiff neck <&> 😖"
    # every mark row says which chart and session it belongs to
    session_uids = {s["session_uid"] for s in sessions}
    for row in (*points, *zones, *tension):
        assert row["chart_number"] == "A-100" and row["session_uid"] in session_uids
        assert row["session_started_at"].startswith("2024-05-")
    point = next(p for p in points if p["muscle_id"] == "upper_trapezius")
    assert point["region_name"] == "Left top of shoulder"
    assert point["muscle_name"] == "Upper trapezius"
    assert (point["side"], point["status"], point["tenderness_grade"]) == ("left", "active", "3")
    assert (point["ppt_value"], point["ppt_unit"], point["taut_band"]) == ("2.5", "kg/cm2", "yes")
    zone = next(z for z in zones if z["region_id"] == "temple_left")
    assert zone["qualities"] == "aching; throbbing" and zone["side"] == "left"
    (outcome, psfs) = read(tmp_path / "csv" / "outcome_scores.csv")
    assert (outcome["measure"], outcome["score"], outcome["valid"]) == ("ndi", "35.6", "yes")
    assert "Reversing the car" in psfs["items"]
    care = read(tmp_path / "csv" / "home_care.csv")
    assert {c["exercise_id"] for c in care} == {"chin_tuck"} and len(care) == 2


def test_text_is_kept_and_formulas_are_defused(
    source: Database, chart: Chart, tmp_path: Path
) -> None:
    export_chart_csv(source, chart.chart_number, tmp_path)
    raw = (tmp_path / "trigger_points.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets then read UTF-8 names right
    notes = {p["note"] for p in read(tmp_path / "trigger_points.csv")}
    assert AWKWARD_NOTE in notes


def test_formula_like_text_is_prefixed(source: Database, tmp_path: Path) -> None:
    chart = make_chart(source, chart_number="C-1")
    from nmt_desktop.services.charting import load_chart, update_trigger_point

    draft = load_chart(source, chart.draft_session_uid)
    update_trigger_point(source, draft.trigger_points[0].uid,
                         {"note": "=HYPERLINK(\"http://x\")"})
    export_chart_csv(source, chart.chart_number, tmp_path)
    notes = {p["note"] for p in read(tmp_path / "trigger_points.csv")}
    assert "'=HYPERLINK(\"http://x\")" in notes


def test_csv_export_is_audited_and_refuses_a_file_as_folder(
    source: Database, chart: Chart, tmp_path: Path
) -> None:
    export_chart_csv(source, chart.chart_number, tmp_path / "out")
    (event,) = audit_events(source, "export")
    assert event.detail["format"] == "csv" and "sessions.csv" in event.detail["files"]
    assert len(event.detail["files"]) == 11  # ten tables of marks and records, and the today check
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(NotADirectoryError):
        export_chart_csv(source, chart.chart_number, blocker)
    assert len(audit_events(source, "export")) == 1
