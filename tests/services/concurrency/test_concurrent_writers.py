"""Several processes write the same things at the same moment: nothing lost, nothing failed.

Each round every writer process (tests/services/concurrency/writers.py) adds a patient, writes
its own field of one new session's first notes, paints and rates the same region of it, all
released together by a barrier. Afterwards every acknowledged write is there and no call
failed: chart numbers unique, one notes row holding every writer's field, one pain zone and
one tension rating per region. On a real PostgreSQL server and on one SQLite file.
Rounds: NMT_RACE_ROUNDS (default 6) with NMT_RACE_WRITERS processes (default 3).
"""

from __future__ import annotations

import multiprocessing
import os
import uuid

import pytest
from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import PainZone, Patient, TensionRating
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients, session_notes, sessions, therapists
from tests.people import as_therapist
from tests.services.concurrency.writers import NOTE_FIELDS, REGION, run_writer

ROUNDS = int(os.environ.get("NMT_RACE_ROUNDS", "6"))
WRITERS = min(int(os.environ.get("NMT_RACE_WRITERS", "3")), len(NOTE_FIELDS))


def _race(url: str, session_uids: list[str]) -> list[tuple[int, list[str], list[str]]]:
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(WRITERS)
    results = spawn.Queue()
    writers = [spawn.Process(target=run_writer, args=(url, i, session_uids, barrier, results))
               for i in range(WRITERS)]
    for writer in writers:
        writer.start()
    reports = [results.get(timeout=600) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    return sorted(reports)


@pytest.mark.timeout(900)
def test_concurrent_writers_lose_nothing_and_fail_nothing(any_db: Database) -> None:
    therapist, _ = therapists.create_therapist(any_db, "Alex Morgan", "LMT", "MA-1")
    patient, _ = patients.create_patient(any_db, PatientInput("Zoë", "Ode", "1980-01-01"))
    charting_as = as_therapist(any_db, therapist.uid)
    session_uids = [str(sessions.start_session(charting_as, patient.uid)[0].uid)
                    for _ in range(ROUNDS)]

    reports = _race(any_db.url, session_uids)

    failures = [f for _index, _charts, found in reports for f in found]
    acknowledged = [c for _index, charts, _failures in reports for c in charts]
    print(f"{any_db.dialect}: {WRITERS} writers x {ROUNDS} rounds x 4 races: "
          f"{len(failures)} failed, {len(acknowledged)} patients acknowledged")
    assert failures == []
    assert len(acknowledged) == len(set(acknowledged)) == WRITERS * ROUNDS
    with any_db.reading() as orm:
        stored = set(orm.scalars(select(Patient.chart_number)))
        assert set(acknowledged) <= stored
        assert len(stored) == 1 + WRITERS * ROUNDS
    for round_number, text_uid in enumerate(session_uids):
        notes = session_notes.get_session_notes(any_db, uuid.UUID(text_uid))
        for index in range(WRITERS):
            assert getattr(notes, NOTE_FIELDS[index]) == f"w{index} r{round_number}", \
                (round_number, index)
    with any_db.reading() as orm:
        zones = orm.scalar(select(func.count()).select_from(PainZone)
                           .where(PainZone.region_id == REGION))
        ratings = orm.scalar(select(func.count()).select_from(TensionRating)
                             .where(TensionRating.region_id == REGION))
    assert (zones, ratings) == (ROUNDS, ROUNDS), "one zone and one rating per region and session"
