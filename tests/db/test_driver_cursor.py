"""Reads on the driver cursor: what they leave behind on each backend.

On PostgreSQL a block of reads ends with COMMIT, not the pool's ROLLBACK: psycopg forgets its
prepared statements at every ROLLBACK, and without them each read on a clinic server planned its
row-level policies again (bench/server_rls.py). A failed block is still rolled back.
"""

from __future__ import annotations

import pytest

from nmt_desktop.db.database import Database

_READ = "SELECT count(*) FROM patient WHERE id > %(lowest)s"


def _prepared(db: Database) -> int:
    with db.driver_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement = %(sql)s",
                       {"sql": _READ.replace("%(lowest)s", "$1")})
        return int(cursor.fetchone()[0])


def test_repeated_reads_stay_prepared_on_a_server(any_db: Database) -> None:
    if any_db.dialect != "postgresql":
        pytest.skip("psycopg's prepared statements: PostgreSQL only")
    for _ in range(8):  # psycopg prepares a statement on its fifth run
        with any_db.driver_cursor() as cursor:
            cursor.execute(_READ, {"lowest": 0})
            assert cursor.fetchone() == (0,)
    assert _prepared(any_db) == 1


def test_a_failed_block_of_reads_is_rolled_back(any_db: Database) -> None:
    with pytest.raises(RuntimeError), any_db.driver_cursor() as cursor:
        cursor.execute(any_db.driver_sql("SELECT count(*) FROM patient"))
        raise RuntimeError("the caller failed halfway")
    with any_db.driver_cursor() as cursor:  # the pooled connection is usable again
        cursor.execute(any_db.driver_sql("SELECT count(*) FROM patient"))
        assert cursor.fetchone() == (0,)
