"""Find patients as the therapist types: plain SQL on the driver, no SQLAlchemy import.

The search runs at every keystroke, on clinics of tens of thousands of patients, and fills the
patient list of the window's first paint, before SQLAlchemy is loaded (db/database.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.patients import search_key
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services.records import PatientRecord

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database

SEARCH_PAGE = 50


def _after_prefix(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _date_range(token: str) -> tuple[dt.date, dt.date] | None:
    """'1985', '1985-03' or '1985-03-12' match dates of birth in that year, month or day."""
    parts = token.split("-")
    if not all(part.isdigit() for part in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return None
    try:
        year = int(parts[0])
        if len(parts) == 1:
            start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
        elif len(parts) == 2:
            month = int(parts[1])
            start = dt.date(year, month, 1)
            end = dt.date(year + month // 12, month % 12 + 1, 1)
        else:
            start = dt.date(year, int(parts[1]), int(parts[2]))
            end = start + dt.timedelta(days=1)
    except ValueError:
        return None
    return start, end


# Plain SQL on the driver (db.driver_cursor) rather than an ORM query: same rows, a fraction
# of the cost. Ranges on the keys use their indexes on SQLite and PostgreSQL alike (LIKE may not);
# the keys compare in code-point order on both (SQLite BINARY, PostgreSQL COLLATE "C").
# The record's `version` is the row's version counter (revision 0007).
_RECORD_COLUMNS = tuple("row_version" if f.name == "version" else f.name
                        for f in fields(PatientRecord))


#: Left out when names are compared anywhere inside: "obrien" finds O'Brien, "fernandezlopez"
#: and "lopez" find Fernández-López. (search_key has already folded case, accents and ’ to '.)
_JOINERS = ("'", "-", " ")


def compact_key(text: str) -> str:
    """A search key without apostrophes, hyphens and spaces."""
    key = search_key(text)
    for joiner in _JOINERS:
        key = key.replace(joiner, "")
    return key


def _compact_sql(column: str) -> str:
    expression = column
    for joiner in _JOINERS:
        expression = f"replace({expression}, '{joiner.replace(chr(39), chr(39) * 2)}', '')"
    return expression


def _like_pattern(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_sql(text: str, include_archived: bool, limit: int,
               dates_as_text: bool, anywhere: bool = False) -> tuple[str, dict[str, Any]]:
    """Every word must match the start of a name, the chart number or the date of birth.

    anywhere: match names anywhere inside instead, ignoring apostrophes, hyphens and spaces
    (a scan of the patient table; `search_patients` runs it only when the prefix page is short).
    """
    where: list[str] = []
    params: dict[str, Any] = {"page": limit}
    if not include_archived:
        where.append("archived = :archived")
        params["archived"] = False
    for index, raw_token in enumerate(text.split()):
        token = search_key(raw_token)
        if not token:
            continue
        name, number, born = f"name{index}", f"number{index}", f"born{index}"
        if anywhere:
            compact = compact_key(raw_token)
            if not compact:
                continue
            alternatives = [f"{_compact_sql(column)} LIKE :{name} ESCAPE '\\'"
                            for column in ("family_key", "given_key")]
            params[name] = _like_pattern(compact)
        else:
            alternatives = [f"(family_key >= :{name} AND family_key < :{name}_end)",
                            f"(given_key >= :{name} AND given_key < :{name}_end)"]
            params.update({name: token, f"{name}_end": _after_prefix(token)})
        alternatives.append(f"(chart_number >= :{number} AND chart_number < :{number}_end)")
        params.update({number: raw_token, f"{number}_end": _after_prefix(raw_token)})
        dates = _date_range(raw_token)
        if dates is not None:
            alternatives.append(f"(date_of_birth >= :{born} AND date_of_birth < :{born}_end)")
            start, end = (d.isoformat() for d in dates) if dates_as_text else dates
            params.update({born: start, f"{born}_end": end})
        where.append("(" + " OR ".join(alternatives) + ")")
    sql = (f"SELECT {', '.join(_RECORD_COLUMNS)} FROM patient"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY family_key, given_key, id LIMIT :page")
    return sql, params


_UID, _BORN, _ARCHIVED = (_RECORD_COLUMNS.index(name)
                          for name in ("uid", "date_of_birth", "archived"))


def _record_from_row(row: Sequence[Any]) -> PatientRecord:
    values = list(row)
    uid, born = values[_UID], values[_BORN]
    # SQLite hands back the stored text; PostgreSQL's driver has typed the values already.
    values[_UID] = uid if isinstance(uid, uuid.UUID) else uuid.UUID(uid)
    values[_BORN] = born if isinstance(born, dt.date) else dt.date.fromisoformat(born)
    values[_ARCHIVED] = bool(values[_ARCHIVED])
    return PatientRecord(*values)


def search_patients(
    db: Database, text: str = "", include_archived: bool = False, limit: int = SEARCH_PAGE
) -> list[PatientRecord]:
    """Names starting with each typed word first (indexed), then names containing them.

    Case, accents, apostrophes, hyphens and spaces are ignored: "obrien" finds O'Brien,
    "lopez" and "fernandez lopez" find Fernández-López. The scan for names containing a word
    runs only when the names starting with it do not fill the page.
    """
    authorize(db, Permission.SEE_PATIENTS)
    dates_as_text = db.dialect == "sqlite"
    sql, params = search_sql(text, include_archived, limit, dates_as_text)
    with db.driver_cursor() as cursor:
        db.execute_planned_for(cursor, db.driver_sql(sql), params)
        found = [_record_from_row(row) for row in cursor.fetchall()]
        if len(found) >= limit or not any(compact_key(word) for word in text.split()):
            return found
        sql, params = search_sql(text, include_archived, limit, dates_as_text, anywhere=True)
        db.execute_planned_for(cursor, db.driver_sql(sql), params)
        seen = {record.uid for record in found}
        for row in cursor.fetchall():
            record = _record_from_row(row)
            if record.uid not in seen and len(found) < limit:
                found.append(record)
                seen.add(record.uid)
        return found
