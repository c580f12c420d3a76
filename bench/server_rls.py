"""Row-level security's cost on a clinic server: open the biggest chart and search patients.

    .venv/bin/python -m bench.server_rls [--scale 1.0] [--runs 15] [--db URL]

The large clinic of bench/large_db.py (built or reused from .bench/) is copied into a
PostgreSQL database set up by `server init` (without --db: a throwaway server on 127.0.0.1,
tests/pg_server.py). Then the app's own reads, the ones bench/large_queries.py times on
SQLite, run three ways through the same services:

- **floor**: the superuser (the IT person's login), which row-level security does not touch;
- **therapist, "all"**: a therapist's own login with RLS on, clinic setting "every therapist
  sees every chart" (the usual small clinic);
- **therapist, "own"**: the same login with the setting "own charts only, plus shared".

Each figure is the median of interleaved warm runs; the ratio is to the floor (target 1.3).

Search compares like with like. In "own" mode the therapist sees fewer names (only their
charts), so for some prefixes the first page is not full and the app also runs its second,
"names containing" query (a scan of the patient table); the superuser, who sees every name,
never needs it. So the floor of each mode runs the statements the therapist's search runs in
that mode: the app's search, plus the same "names containing" statement (the app's own SQL,
`patient_search.search_sql`) for the prefixes whose first page the therapist found short.
What remains in the ratio is row-level security's cost on the same statements; the plain
floor (`server_search_floor_ms`, the superuser's own search) is printed beside them. At full
scale no page is short in "all" mode, so its floor is the plain one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import median, note, ratio, timed_ms
from bench.large_db import Size, biggest_chart, ensure

if TYPE_CHECKING:
    from nmt_desktop.db.database import Database

SEARCH_PREFIXES = ("mar", "gar", "and", "ngu", "wil", "kow", "luk", "zoe", "sch", "pat")
SEARCH_PAGE = 50
PASSWORD = "bench-therapist-password"
KEYS = ("server_open_chart_floor_ms", "server_open_chart_all_ms", "server_open_chart_own_ms",
        "server_open_chart_all_ratio", "server_open_chart_own_ratio",
        "server_search_floor_ms", "server_search_all_ms", "server_search_own_ms",
        "server_search_all_floor_ms", "server_search_own_floor_ms",
        "server_search_all_ratio", "server_search_own_ratio", "server_load_s")


@contextlib.contextmanager
def _server(url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
        return
    from tests.pg_server import running_server

    with running_server() as started:
        yield started


def _new_database(server_url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(server_url)
    name = f"nmt_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(host=parsed.host, port=parsed.port, dbname=parsed.database,
                         user=parsed.username, password=parsed.password,
                         autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def load_clinic(sqlite_file: Path, url: str) -> None:
    """Copy every row of the SQLite clinic into the set-up server database (COPY).

    As the superuser with triggers off for the load (session_replication_role): the rows are
    the bench's, not anyone's edits, so the database's own audit must not record 3 million.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    from nmt_desktop.db import models  # noqa: F401 - registers every table
    from nmt_desktop.db.base import Base

    parsed = make_url(url)
    source = sqlite3.connect(f"{sqlite_file.resolve().as_uri()}?mode=ro", uri=True)
    with psycopg.connect(host=parsed.host, port=parsed.port, dbname=parsed.database,
                         user=parsed.username, password=parsed.password) as target:
        target.execute("SET session_replication_role = replica")
        for table in Base.metadata.sorted_tables:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table.name})")]
            kinds = {column.name: str(column.type) for column in table.columns}
            listed = ", ".join(f'"{column}"' for column in columns)
            target.execute(f"DELETE FROM {table.name}")
            with target.cursor().copy(f"COPY {table.name} ({listed}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {listed} FROM {table.name}"):
                    copy.write_row([_for_postgres(value, kinds[column])
                                    for column, value in zip(columns, row, strict=True)])
            if "id" in columns:
                target.execute(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                               f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)")
        target.commit()
        target.autocommit = True
        target.execute("VACUUM ANALYZE")
    source.close()


def _for_postgres(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "BOOLEAN":
        return bool(value)
    if kind.startswith("CHAR(32)") and isinstance(value, str):
        return str(uuid.UUID(value))
    return value


def _therapist_of(sqlite_file: Path, chart_number: str) -> int:
    """The therapist with the most sessions in the biggest chart: the one who opens it."""
    connection = sqlite3.connect(f"{sqlite_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(connection.execute(
            "SELECT s.therapist_id FROM treatment_session s JOIN patient p ON p.id = "
            "s.patient_id WHERE p.chart_number = ? GROUP BY s.therapist_id "
            "ORDER BY count(*) DESC LIMIT 1", (chart_number,)).fetchone()[0])
    finally:
        connection.close()


def _set_up_therapist(url: str, therapist_id: int) -> str:
    """A login for the therapist (server add-user), its account tied to their profile."""
    from sqlalchemy import create_engine

    from nmt_desktop.domain.access import Role
    from nmt_desktop.services.clinic_server import add_server_user

    login = f"bench_{uuid.uuid4().hex[:6]}"
    add_server_user(url, None, login, Role.THERAPIST, PASSWORD, "Bench Therapist")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE account SET therapist_id = %(t)s WHERE server_login = %(l)s",
            {"t": therapist_id, "l": login})
        connection.exec_driver_sql(
            "DELETE FROM therapist WHERE full_name = 'Bench Therapist' AND NOT EXISTS "
            "(SELECT 1 FROM account WHERE account.therapist_id = therapist.id)")
    engine.dispose()
    return login


class _Visibility:
    """Switches the clinic setting over one superuser connection kept open for the run.

    Not a new connection per switch: its backend starting and exiting would overlap the
    therapist's timed step right after it (on a 2-core machine, several milliseconds that
    are the bench's, not row-level security's).
    """

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        self._connection = psycopg.connect(
            host=parsed.host, port=parsed.port, dbname=parsed.database, user=parsed.username,
            password=parsed.password, autocommit=True)

    def set(self, visibility: str) -> None:
        updated = self._connection.execute(
            "UPDATE clinic_settings SET chart_visibility = %(v)s", {"v": visibility}).rowcount
        if not updated:
            self._connection.execute(
                "INSERT INTO clinic_settings (id, name, address, phone, email, "
                "disabled_techniques, chart_visibility, created_at, updated_at) VALUES "
                "(1, '', '', '', '', '[]', %(v)s, now(), now())", {"v": visibility})

    def close(self) -> None:
        self._connection.close()


def measure(url: str, chart_number: str, login: str, runs: int) -> dict[str, float]:
    from nmt_desktop.db.database import Database
    from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
    from nmt_desktop.services import charting, patient_search
    from nmt_desktop.services import patients as patient_service
    from nmt_desktop.services import sessions as session_service
    from nmt_desktop.services.clinic_server import sign_in_to_server

    it_person = SignedInPerson(uuid.uuid4(), "it", "IT person", Role.OWNER, None,
                               AuthMethod.SYSTEM, dt.datetime.now(dt.UTC))
    floor_db = Database.open(url).signed_in_as(it_person)
    therapist_db = sign_in_to_server(url, login, PASSWORD)
    patient_uid = patient_service.get_patient(floor_db, chart_number).uid

    def open_chart(db: Database) -> Callable[[], int]:
        def run() -> int:
            sessions = session_service.list_sessions(db, patient_uid)
            chart = charting.load_chart(db, sessions[0].uid)
            return len(sessions) + len(chart.trigger_points) + len(chart.pain_zones) + len(
                chart.tension_ratings)
        return run

    def search(db: Database) -> Callable[[], int]:
        def run() -> int:
            return sum(len(patient_search.search_patients(db, prefix, limit=SEARCH_PAGE))
                       for prefix in SEARCH_PREFIXES)
        return run

    def floor_search_like(short: frozenset[str]) -> Callable[[], int]:
        """The floor running what the therapist's search runs: the "names containing"
        statement too, for the prefixes whose first page the therapist found short."""
        def run() -> int:
            found = 0
            for prefix in SEARCH_PREFIXES:
                found += len(patient_search.search_patients(floor_db, prefix, limit=SEARCH_PAGE))
                if prefix in short:
                    found += _statement_rows(floor_db, prefix, anywhere=True)
            return found
        return run

    results: dict[str, float] = {}
    times: dict[str, list[float]] = {}

    def timed(key: str, action: Callable[[], int], per: int = 1) -> None:
        times.setdefault(key, []).append(timed_ms(action) / per)

    switch = _Visibility(url)
    try:
        def short_pages(db: Database) -> frozenset[str]:
            return frozenset(prefix for prefix in SEARCH_PREFIXES
                             if _statement_rows(db, prefix, anywhere=False) < SEARCH_PAGE)

        floor_short = short_pages(floor_db)  # a small clinic: the floor's pages too
        extra: dict[str, frozenset[str]] = {}
        for visibility in ("all", "own"):
            switch.set(visibility)
            assert open_chart(therapist_db)() == open_chart(floor_db)(), "chart differs"
            extra[visibility] = short_pages(therapist_db) - floor_short
            note(f"server bench: {visibility!r} mode, prefixes whose first page only the "
                 f"therapist finds short: {len(extra[visibility])} of {len(SEARCH_PREFIXES)}")
        switch.set("all")
        assert search(therapist_db)() == search(floor_db)(), "search differs"
        floor_search = {visibility: floor_search_like(extra[visibility])
                        for visibility in ("all", "own")}
        # Interleaved: each run times the floor and the therapist in each mode, the floor
        # first in one run and last in the next (whoever runs second finds warmer caches).
        for run_number in range(runs):
            steps: list[tuple[str, str | None, Database, Callable[[], int]]] = [
                ("floor", None, floor_db, search(floor_db)),
                *((f"{visibility}_floor", None, floor_db, floor_search[visibility])
                  for visibility in ("all", "own")),
                *((visibility, visibility, therapist_db, search(therapist_db))
                  for visibility in ("all", "own"))]
            for key, visibility, db, searching in steps if run_number % 2 else reversed(steps):
                if visibility is not None:
                    switch.set(visibility)
                if not key.endswith("_floor"):  # the floor's chart is the same in both modes
                    timed(f"open_chart_{key}", open_chart(db))
                timed(f"search_{key}", searching, len(SEARCH_PREFIXES))
        for key, values in times.items():
            results[f"server_{key}_ms"] = round(median(values), 2)
        for what in ("open_chart", "search"):
            for visibility in ("all", "own"):
                floor_key = f"search_{visibility}_floor" if what == "search" else \
                    "open_chart_floor"
                results[f"server_{what}_{visibility}_ratio"] = ratio(
                    median(times[f"{what}_{visibility}"]), median(times[floor_key]))
    finally:
        switch.close()
        therapist_db.close()
        floor_db.close()
    return results


def _statement_rows(db: Database, prefix: str, *, anywhere: bool) -> int:
    """Rows of one of the search's two statements (the app's own SQL) for `prefix`."""
    from nmt_desktop.services import patient_search

    sql, params = patient_search.search_sql(prefix, include_archived=False, limit=SEARCH_PAGE,
                                            dates_as_text=False, anywhere=anywhere)
    with db.driver_cursor() as cursor:
        db.execute_planned_for(cursor, db.driver_sql(sql), params)  # as the app's search
        return len(cursor.fetchall())


def run(scale: float, runs: int, server_url: str | None = None) -> dict[str, float]:
    from nmt_desktop.services.clinic_server import init_server

    large = ensure(Size.scaled(scale))
    chart_number, visits = biggest_chart(large.path)
    note(f"server bench: {large.size.describe()}, biggest chart {chart_number} "
         f"({visits} sessions)")
    with _server(server_url) as server:
        url = _new_database(server)
        init_server(url)
        started = time.perf_counter()
        load_clinic(large.path, url)
        loaded = time.perf_counter() - started
        note(f"server bench: loaded into PostgreSQL in {loaded:.1f} s")
        login = _set_up_therapist(url, _therapist_of(large.path, chart_number))
        results = measure(url, chart_number, login, runs)
    results["server_load_s"] = round(loaded, 1)
    return {key: results[key] for key in KEYS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 20,000 patients")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL server's superuser URL "
                        "(default: a throwaway server on 127.0.0.1)")
    args = parser.parse_args()
    print(json.dumps(run(args.scale, args.runs, args.db), indent=1))


if __name__ == "__main__":
    main()
