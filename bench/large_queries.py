"""Open the biggest chart and search patients in the large clinic, against raw sqlite3.

    .venv/bin/python -m bench.large_queries [--scale 0.1] [--runs 25]

Open chart: what the app does when a therapist opens the patient with the most visits: the
session list with mark and amendment counts (`sessions.list_sessions`) and the latest
session's marks (`charting.load_chart`). Its floor fetches the same rows with raw sqlite3 on
an open connection: the patient by uid, the sessions with their therapists and copy origin,
the counts per session, the marks of the latest one.

Search: `patient_search.search_patients` for a 3-letter prefix (the first page of 50), against the
same queries written by hand for sqlite3 (names starting with it; when they do not fill the
page, names containing it). Both sides run warm and interleaved; medians.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import uuid
from functools import partial
from pathlib import Path

from bench.common import median, note, ratio, timed_ms
from bench.large_db import Size, biggest_chart, ensure

SEARCH_PREFIXES = ("mar", "gar", "and", "ngu", "wil", "kow", "luk", "zoe", "sch", "pat")
SEARCH_PAGE = 50

_SESSIONS_SQL = (
    "SELECT s.id, s.uid, t.uid, t.full_name, s.started_at, s.duration_minutes, s.status,"
    " s.atlas_version, s.signed_at, signer.full_name, origin.uid FROM treatment_session s"
    " JOIN therapist t ON t.id = s.therapist_id"
    " LEFT JOIN therapist signer ON signer.id = s.signed_by_id"
    " LEFT JOIN treatment_session origin ON origin.id = s.copied_from_id"
    " WHERE s.patient_id = ? ORDER BY s.started_at DESC, s.id DESC")
_COUNT_SQL = ("SELECT session_id, count(*) FROM {table} WHERE session_id IN"
              " (SELECT id FROM treatment_session WHERE patient_id = ?) GROUP BY session_id")
_MARKS_SQL = "SELECT * FROM {table} WHERE session_id = ? ORDER BY id"
_MARK_TABLES = ("trigger_point", "pain_zone", "tension_rating")
_COUNTED_TABLES = (*_MARK_TABLES, "amendment")  # what the session list shows per session
_SEARCH_SQL = (
    "SELECT * FROM patient WHERE archived = 0 AND ("
    " (family_key >= ? AND family_key < ?) OR (given_key >= ? AND given_key < ?)"
    " OR (chart_number >= ? AND chart_number < ?))"
    " ORDER BY family_key, given_key, id LIMIT ?")


# Issue #16: when the names starting with the word do not fill the page, the app also looks for
# names containing it (apostrophes, hyphens and spaces left out); so does the floor, by hand.
_COMPACT = "replace(replace(replace({column}, '''', ''), '-', ''), ' ', '')"
_CONTAINING_SQL = (
    "SELECT * FROM patient WHERE archived = 0 AND ("
    f" {_COMPACT.format(column='family_key')} LIKE ? ESCAPE '\\'"
    f" OR {_COMPACT.format(column='given_key')} LIKE ? ESCAPE '\\'"
    " OR (chart_number >= ? AND chart_number < ?))"
    " ORDER BY family_key, given_key, id LIMIT ?")


def _upper(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def raw_open_chart(connection: sqlite3.Connection, patient_uid: uuid.UUID) -> int:
    patient_id = connection.execute("SELECT id FROM patient WHERE uid = ?",
                                    (patient_uid.hex,)).fetchone()[0]
    sessions = connection.execute(_SESSIONS_SQL, (patient_id,)).fetchall()
    counts: dict[int, int] = {}
    for table in _COUNTED_TABLES:
        for session_id, count in connection.execute(_COUNT_SQL.format(table=table),
                                                    (patient_id,)):
            counts[session_id] = counts.get(session_id, 0) + count
    marks = [connection.execute(_MARKS_SQL.format(table=table), (sessions[0][0],)).fetchall()
             for table in _MARK_TABLES]
    return len(sessions) + sum(len(rows) for rows in marks)


def raw_search(connection: sqlite3.Connection, prefix: str) -> int:
    upper = _upper(prefix)
    rows = connection.execute(_SEARCH_SQL, (prefix, upper, prefix, upper, prefix, upper,
                                            SEARCH_PAGE)).fetchall()
    if len(rows) >= SEARCH_PAGE:
        return len(rows)
    pattern = f"%{prefix}%"  # the bench's prefixes are plain letters: nothing to escape
    found = {row[0] for row in rows}
    more = connection.execute(_CONTAINING_SQL, (pattern, pattern, prefix, upper,
                                                SEARCH_PAGE)).fetchall()
    return min(SEARCH_PAGE, len(found | {row[0] for row in more}))


def measure_file(path: Path, runs: int) -> dict[str, float]:
    from nmt_desktop.db.database import Database
    from nmt_desktop.services import charting, patient_search
    from nmt_desktop.services import patients as patient_service
    from nmt_desktop.services import sessions as session_service
    from nmt_desktop.services.program_person import program_person

    chart_number, visits = biggest_chart(path)
    db = Database.open(f"sqlite:///{path}").signed_in_as(program_person("bench"))
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        patient_uid = patient_service.get_patient(db, chart_number).uid

        def app_open_chart() -> int:
            sessions = session_service.list_sessions(db, patient_uid)
            chart = charting.load_chart(db, sessions[0].uid)
            return len(sessions) + len(chart.trigger_points) + len(chart.pain_zones) + len(
                chart.tension_ratings)

        def app_search(prefix: str) -> int:
            return len(patient_search.search_patients(db, prefix, limit=SEARCH_PAGE))

        assert app_open_chart() == raw_open_chart(connection, patient_uid), "open chart differs"
        for prefix in SEARCH_PREFIXES:
            assert app_search(prefix) == raw_search(connection, prefix), f"search {prefix} differs"
        chart_app, chart_floor, search_app, search_floor = [], [], [], []
        for _ in range(runs):
            chart_app.append(timed_ms(app_open_chart))
            chart_floor.append(timed_ms(lambda: raw_open_chart(connection, patient_uid)))
            for prefix in SEARCH_PREFIXES:
                search_app.append(timed_ms(partial(app_search, prefix)))
                search_floor.append(timed_ms(partial(raw_search, connection, prefix)))
    finally:
        connection.close()
        db.close()
    note(f"  biggest chart: {chart_number} with {visits} sessions")
    open_ms, open_floor = median(chart_app), median(chart_floor)
    search_ms, search_floor_ms = median(search_app), median(search_floor)
    return {
        "large_open_chart_ms": round(open_ms, 2),
        "large_open_chart_floor_ms": round(open_floor, 2),
        "large_open_chart_ratio": ratio(open_ms, open_floor),
        "large_search_ms": round(search_ms, 2),
        "large_search_floor_ms": round(search_floor_ms, 2),
        "large_search_ratio": ratio(search_ms, search_floor_ms),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    large = ensure(Size.scaled(args.scale))
    print(json.dumps(measure_file(large.path, args.runs)))


if __name__ == "__main__":
    main()
