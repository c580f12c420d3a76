"""A chart as tidy tables for a clinic's spreadsheets: one row per session, one per mark.

Every mark row repeats the chart number, the session uid and the session's start so that a
table can be filtered or pivoted on its own. Lists are joined with "; ". Text that a
spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.exercises import EXERCISES_BY_ID
from nmt_desktop.services.exchange.chart_document import ChartDocument
from nmt_desktop.services.exchange.layout import (
    OUTCOME_SCORES,
    SESSION_NOTES,
    SESSIONS,
    Table,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STAMPS = {"created_at", "updated_at"}
# Bookkeeping of "copy forward", not clinical content.
_NOT_TABULATED = _STAMPS | {"copied_fields", "copied_mark_uids"}


@dataclass(frozen=True)
class CsvTable:
    file_name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def text(self) -> str:
        """The table as CSV text (RFC 4180 quoting, CRLF line ends)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(self.header)
        writer.writerows([[_cell(v) for v in row] for row in self.rows])
        return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _region_name(region_id: str) -> str:
    region = load_atlas().regions.get(region_id)
    return region.display_name if region else region_id


def _muscle_name(muscle_id: str | None) -> str:
    if not muscle_id:
        return ""
    muscle = load_atlas().muscles.get(muscle_id)
    return muscle.name if muscle else muscle_id


def _session_table(document: ChartDocument) -> CsvTable:
    """One row per session: when, who, status, the SOAP note, and how much was charted."""
    names = {t["uid"]: t["full_name"] for t in document.get("therapists", [])}
    chart_number = document["patient"]["chart_number"]
    fields = [f for f in SESSIONS.fields if f not in _STAMPS]
    note_fields = [f for f in SESSION_NOTES.fields if f not in _NOT_TABULATED]
    counted = [c for c in SESSIONS.children if c is not SESSION_NOTES]
    header = ("chart_number", "patient_uid", "session_uid", *fields, "therapist",
              "therapist_uid", *(f"{child.key}_count" for child in counted), *note_fields)
    rows = []
    for s in document.get(SESSIONS.key, []):
        note = (s.get(SESSION_NOTES.key) or [{}])[0]
        rows.append((chart_number, document["patient"]["uid"], s["uid"],
                     *(s[f] for f in fields), names.get(s["therapist_uid"], ""),
                     s["therapist_uid"], *(len(s.get(child.key, [])) for child in counted),
                     *(note.get(f) for f in note_fields)))
    return CsvTable("sessions.csv", header, tuple(rows))


#: Readable columns added after the stored ones: name → how to compute it from the record.
_EXTRA_COLUMNS: dict[str, dict[str, Callable[[dict[str, Any]], Any]]] = {
    "trigger_points": {"region_name": lambda r: _region_name(r["region_id"]),
                       "muscle_name": lambda r: _muscle_name(r["muscle_id"])},
    "pain_zones": {"region_name": lambda r: _region_name(r["region_id"]),
                   "side": lambda r: _side_of(r["region_id"])},
    "tension_ratings": {"region_name": lambda r: _region_name(r["region_id"]),
                        "muscle_name": lambda r: _muscle_name(r["muscle_id"])},
    "home_care": {"exercise_name": lambda r: _exercise_name(r["exercise_id"])},
}


def _exercise_name(exercise_id: str) -> str:
    found = EXERCISES_BY_ID.get(exercise_id)
    return found.name if found else exercise_id


def _side_of(region_id: str) -> str:
    region = load_atlas().regions.get(region_id)
    return region.side.value if region else ""


def _session_part_table(document: ChartDocument, table: Table) -> CsvTable:
    """One row per mark (or other record) of a session, with the session it belongs to."""
    chart_number = document["patient"]["chart_number"]
    fields = [f for f in table.fields if f not in _NOT_TABULATED]
    links = [link.key for link in table.links]
    extras = _EXTRA_COLUMNS.get(table.key, {})
    header = ("chart_number", "session_uid", "session_started_at", "record_uid", *fields,
              *links, *extras)
    rows = tuple(
        (chart_number, s["uid"], s["started_at"], r["uid"], *(r[f] for f in fields),
         *(r[k] for k in links), *(compute(r) for compute in extras.values()))
        for s in document.get(SESSIONS.key, [])
        for r in s.get(table.key, [])
    )
    return CsvTable(f"{table.key}.csv", header, rows)


def _outcome_table(document: ChartDocument) -> CsvTable:
    chart_number = document["patient"]["chart_number"]
    fields = [f for f in OUTCOME_SCORES.fields if f not in _NOT_TABULATED and f != "items"]
    header = ("chart_number", "record_uid", "session_uid", *fields, "items")
    rows = tuple(
        (chart_number, r["uid"], r["session_uid"], *(r[f] for f in fields),
         json.dumps(r["items"], ensure_ascii=False))
        for r in document.get(OUTCOME_SCORES.key, [])
    )
    return CsvTable("outcome_scores.csv", header, rows)


def chart_tables(document: ChartDocument) -> Sequence[CsvTable]:
    """The CSV tables of one chart: sessions, then one per kind of mark or record."""
    parts = [c for c in SESSIONS.children if c is not SESSION_NOTES]
    return (_session_table(document),
            *(_session_part_table(document, child) for child in parts),
            _outcome_table(document))
