"""A chart as tidy tables for a clinic's spreadsheets: one row per session, one per mark.

Every mark row repeats the chart number, the session uid and the session's start so that a
table can be filtered or pivoted on its own. Lists are joined with "; ". Text that a
spreadsheet would run as a formula (starting with = + - @) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.services.exchange.chart_document import ChartDocument
from nmt_desktop.services.exchange.layout import SESSIONS, Table

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STAMPS = {"created_at", "updated_at"}


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
    names = {t["uid"]: t["full_name"] for t in document.get("therapists", [])}
    chart_number = document["patient"]["chart_number"]
    fields = [f for f in SESSIONS.fields if f not in _STAMPS]
    header = ("chart_number", "patient_uid", "session_uid", *fields, "therapist",
              "therapist_uid", *(f"{child.key}_count" for child in SESSIONS.children))
    rows = tuple(
        (chart_number, document["patient"]["uid"], s["uid"], *(s[f] for f in fields),
         names.get(s["therapist_uid"], ""), s["therapist_uid"],
         *(len(s.get(child.key, [])) for child in SESSIONS.children))
        for s in document.get(SESSIONS.key, [])
    )
    return CsvTable("sessions.csv", header, rows)


#: Readable columns added after the stored ones: name → how to compute it from the record.
_EXTRA_COLUMNS: dict[str, dict[str, Callable[[dict[str, Any]], Any]]] = {
    "trigger_points": {"region_name": lambda r: _region_name(r["region_id"]),
                       "muscle_name": lambda r: _muscle_name(r["muscle_id"])},
    "pain_zones": {"region_name": lambda r: _region_name(r["region_id"]),
                   "side": lambda r: _side_of(r["region_id"])},
    "tension_ratings": {"region_name": lambda r: _region_name(r["region_id"]),
                        "muscle_name": lambda r: _muscle_name(r["muscle_id"])},
}


def _side_of(region_id: str) -> str:
    region = load_atlas().regions.get(region_id)
    return region.side.value if region else ""


def _mark_table(document: ChartDocument, table: Table) -> CsvTable:
    chart_number = document["patient"]["chart_number"]
    fields = [f for f in table.fields if f not in _STAMPS]
    extras = _EXTRA_COLUMNS.get(table.key, {})
    header = ("chart_number", "session_uid", "session_started_at", "mark_uid", *fields,
              *extras)
    rows = tuple(
        (chart_number, s["uid"], s["started_at"], r["uid"], *(r[f] for f in fields),
         *(compute(r) for compute in extras.values()))
        for s in document.get(SESSIONS.key, [])
        for r in s.get(table.key, [])
    )
    return CsvTable(f"{table.key}.csv", header, rows)


def chart_tables(document: ChartDocument) -> Sequence[CsvTable]:
    """The CSV tables of one chart: sessions first, then one table per kind of mark."""
    return (_session_table(document),
            *(_mark_table(document, child) for child in SESSIONS.children))
