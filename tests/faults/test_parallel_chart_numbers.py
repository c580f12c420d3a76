"""Parallel `patients add` commands all succeed, each with its own chart number.

Before the chart-number lock, 5 of 10 parallel adds failed on SQLite and 28 of 60 on
PostgreSQL (the same highest number read by two writers, or a lock upgrade refused).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.services.demo_accounts import DEMO_PASSWORD
from nmt_desktop.services.patient_search import search_patients
from tests.cli_accounts import DEMO_USER, give_demo_accounts
from tests.people import TEST_OWNER

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 10


def add_in_parallel(url: str, count: int) -> list[subprocess.CompletedProcess[str]]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NMT_USER": DEMO_USER,
                   "NMT_PASSWORD": DEMO_PASSWORD}
    processes = [
        subprocess.Popen([sys.executable, "-m", "nmt_desktop", "--db", url, "patients", "add",
                          "--given", "Parallel" + "abcdefghij"[index % 10], "--family", "Test",
                          "--dob", "1980-01-01"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=environment)
        for index in range(count)
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        results.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return results


# The commands run in processes of their own, with the production costs: the demo accounts'
# hashes are made with them too, or every command would replace its account's hash at sign-in
# (needs_rehash) and the ten would race on that one row instead of on the chart number.
@pytest.mark.production_argon2
def test_parallel_adds_get_distinct_chart_numbers(any_db_url: str) -> None:
    Database.open(any_db_url).close()  # created first: creating is the open path's own test
    give_demo_accounts(any_db_url)  # each command signs in as the demo owner
    results = add_in_parallel(any_db_url, PROCESSES)
    failures = [r.stderr for r in results if r.returncode != 0]
    assert failures == []
    printed = [r.stdout.split()[0] for r in results]
    assert len(set(printed)) == PROCESSES
    db = Database.open(any_db_url).signed_in_as(TEST_OWNER)
    try:
        stored = {p.chart_number for p in search_patients(db, "", True, limit=1000)}
    finally:
        db.close()
    assert stored == set(printed)


@pytest.mark.parametrize("dialect", ["sqlite"])
def test_the_chart_number_lock_serializes_two_transactions(dialect: str, sqlite_url: str) -> None:
    """A second writer waits at the lock, so it reads the first writer's number."""
    import threading
    import time

    from nmt_desktop.services.patients import lock_chart_numbers, next_chart_number

    db = Database.open(sqlite_url).signed_in_as(TEST_OWNER)
    order: list[str] = []
    try:
        first_locked = threading.Event()

        def first() -> None:
            with db.transaction() as session:
                lock_chart_numbers(session)
                first_locked.set()
                time.sleep(0.5)
                order.append("first commits")

        thread = threading.Thread(target=first)
        thread.start()
        first_locked.wait(5)
        with db.transaction() as session:
            lock_chart_numbers(session)
            order.append("second locked")
            next_chart_number(session)
        thread.join()
    finally:
        db.close()
    assert order == ["first commits", "second locked"]
