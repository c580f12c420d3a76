"""One writer process of the concurrency tests: every race of two laptops, round by round.

Importable (not a test module) so that `multiprocessing`'s spawn start can run it. Each round
all writers pass a barrier and then, at the same moment: add a patient (next chart number), write
their own field of a new session's first notes, paint the same region, rate the same region.
A failure is counted, never raised: the test wants to see every one.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

#: Each writer owns one notes field, so that every write must survive (none replaces another).
NOTE_FIELDS = ("chief_complaint", "plan", "sleep", "assessment", "observations", "frequency")
REGION = "temple_left"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BARRIER_TIMEOUT_S = 120


def run_writer(url: str, index: int, session_uids: list[str], barrier: Any, results: Any) -> None:
    from nmt_desktop.db.database import Database
    from nmt_desktop.domain.patients import PatientInput
    from nmt_desktop.services import charting, patients, session_notes
    from tests.people import person

    db = Database.open(url).signed_in_as(person(display_name=f"writer {index}"))
    charts: list[str] = []
    failures: list[str] = []

    def attempt(what: str, call: Callable[[], object]) -> None:
        barrier.wait(BARRIER_TIMEOUT_S)
        try:
            call()
        except Exception as error:  # noqa: BLE001 - every failure is counted and reported
            failures.append(f"{what}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")

    try:
        for round_number, text_uid in enumerate(session_uids):
            session_uid = uuid.UUID(text_uid)
            data = PatientInput(f"Writer {LETTERS[index]}", f"Round {LETTERS[round_number % 26]}",
                                "1980-01-01")
            attempt("patients add", lambda d=data: charts.append(
                patients.create_patient(db, d)[0].chart_number))
            attempt("first notes", lambda s=session_uid, r=round_number:
                    session_notes.update_session_notes(
                        db, s, {NOTE_FIELDS[index]: f"w{index} r{r}"}))
            attempt("paint", lambda s=session_uid: charting.paint_pain_zones(
                db, s, [REGION], index + 1, []))
            attempt("tension", lambda s=session_uid: charting.rate_tension(
                db, s, REGION, index % 4, []))
    finally:
        db.close()
        results.put((index, charts, failures))
