"""Ten charting clients on one clinic server for a bounded run: is every acknowledged mark kept?

    .venv/bin/python -m bench.concurrent_clients                  # private server, 10 x 20 s
    .venv/bin/python -m bench.concurrent_clients --clients 10 --seconds 20 --db URL

Each client is a process with its own connection, like a laptop. Until the deadline it charts
as fast as it can, in turn: a trigger point in its own session, a trigger point in the one
session every client shares, a pain-zone stroke and a tension stroke on the shared session's
same region (the upserts two laptops race on), and its own field of the shared session's notes.
A call that returned is "acknowledged". Afterwards the server is asked for every acknowledged
trigger point, and for one pain zone and one rating on the raced region. Prints one line of
figures (and JSON with --json); exits non-zero if anything acknowledged is missing or any call
failed. Without --db it starts a throwaway PostgreSQL server (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
import uuid
from contextlib import ExitStack
from typing import Any

SHARED_REGION = "temple_left"
MARK_REGIONS = ("shoulder_top_left", "shoulder_top_right", "calf_left", "temple_right")
NOTE_FIELDS = ("chief_complaint", "plan", "sleep", "assessment", "observations", "frequency",
               "aggravating_factors", "easing_factors", "psfs_activities", "recommendation")


def _client(url: str, index: int, own_session: str, shared_session: str, ready: Any, go: Any,
            stop_at: Any, results: Any) -> None:
    from nmt_desktop.db.database import Database
    from nmt_desktop.domain.atlas import load_atlas
    from nmt_desktop.services import charting, session_notes
    from nmt_desktop.services.program_person import program_person

    db = Database.open(url).signed_in_as(program_person(f"client {index}"))
    atlas = load_atlas()
    points = [atlas.label_point(region) for region in MARK_REGIONS]
    acknowledged: list[str] = []
    failures: list[str] = []
    latencies: list[float] = []
    calls = 0
    own, shared = uuid.UUID(own_session), uuid.UUID(shared_session)
    db.connect()
    ready.put(index)  # imported and connected: the bounded run starts when all are
    go.wait()
    try:
        while time.time() < stop_at.value:
            step = calls % 5
            x, y = points[calls % len(points)]
            started = time.perf_counter()
            try:
                if step in (0, 1):
                    record, _ = charting.place_trigger_point(
                        db, own if step == 0 else shared, x, y)
                    acknowledged.append(str(record.uid))
                elif step == 2:
                    charting.paint_pain_zones(db, shared, [SHARED_REGION], calls % 11, [])
                elif step == 3:
                    charting.rate_tension(db, shared, SHARED_REGION, calls % 4, [])
                else:
                    session_notes.update_session_notes(
                        db, shared, {NOTE_FIELDS[index % len(NOTE_FIELDS)]: f"c{index} {calls}"})
            except Exception as error:  # noqa: BLE001 - every failure is counted and shown
                failures.append(f"{type(error).__name__}: {str(error).splitlines()[0][:160]}")
            latencies.append((time.perf_counter() - started) * 1000)
            calls += 1
    finally:
        db.close()
        results.put({"index": index, "acknowledged": acknowledged, "failures": failures,
                     "latencies": latencies, "calls": calls})


def run(url: str, clients: int, seconds: float) -> dict[str, Any]:
    from sqlalchemy import func, select, text

    from nmt_desktop.db.database import Database
    from nmt_desktop.db.models import PainZone, TensionRating, TriggerPoint
    from nmt_desktop.domain.patients import PatientInput
    from nmt_desktop.services import patients, sessions, therapists
    from nmt_desktop.services.program_person import program_person

    opened = Database.open(url)
    db = opened.signed_in_as(program_person("bench"))
    try:
        therapist, _ = therapists.create_therapist(db, "Bench Therapist", "LMT", "B-1")
        patient, _ = patients.create_patient(db, PatientInput("Bench", "Clinic", "1980-01-01"))
        charting_as = opened.signed_in_as(program_person("Bench Therapist", therapist.uid))
        session_uids = [str(sessions.start_session(charting_as, patient.uid)[0].uid)
                        for _ in range(clients + 1)]
        shared = session_uids[-1]
        spawn = multiprocessing.get_context("spawn")
        results, ready, go = spawn.Queue(), spawn.Queue(), spawn.Event()
        stop_at = spawn.Value("d", 0.0)
        processes = [spawn.Process(target=_client, args=(
            url, i, session_uids[i], shared, ready, go, stop_at, results))
            for i in range(clients)]
        for process in processes:
            process.start()
        for _ in processes:
            ready.get(timeout=600)
        stop_at.value = time.time() + seconds
        go.set()
        reports = [results.get(timeout=seconds + 300) for _ in processes]
        for process in processes:
            process.join(timeout=60)
        acknowledged = {uid for r in reports for uid in r["acknowledged"]}
        with db.reading() as orm:
            stored = {str(uid) for uid in orm.scalars(select(TriggerPoint.uid))}
            zones = orm.scalar(select(func.count()).select_from(PainZone)
                               .where(PainZone.region_id == SHARED_REGION))
            ratings = orm.scalar(select(func.count()).select_from(TensionRating)
                                 .where(TensionRating.region_id == SHARED_REGION))
            # Every mark moved its session's count (database triggers, revision 0008), also
            # when ten clients wrote into one session at once.
            wrong_counts = orm.scalar(text(
                "SELECT count(*) FROM treatment_session s WHERE s.mark_count <> "
                "(SELECT count(*) FROM trigger_point m WHERE m.session_id = s.id) + "
                "(SELECT count(*) FROM pain_zone m WHERE m.session_id = s.id) + "
                "(SELECT count(*) FROM tension_rating m WHERE m.session_id = s.id)"))
    finally:
        db.close()
    latencies = sorted(ms for r in reports for ms in r["latencies"])
    failures = [f for r in reports for f in r["failures"]]
    calls = sum(r["calls"] for r in reports)
    return {
        "clients": clients, "seconds": seconds, "calls": calls,
        "calls_per_s": round(calls / seconds, 1),
        "acknowledged_marks": len(acknowledged),
        "missing_marks": len(acknowledged - stored),
        "failed_calls": len(failures),
        "raced_region_zones": zones, "raced_region_ratings": ratings,
        "sessions_with_wrong_mark_count": wrong_counts,
        "call_ms_p50": round(statistics.median(latencies), 1) if latencies else 0.0,
        "call_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies
        else 0.0,
        "first_failures": failures[:3],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a PostgreSQL (or SQLite) URL; default: a private server")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        url = args.db
        if url is None:
            from tests.pg_server import running_server

            url = stack.enter_context(running_server())
        figures = run(url, args.clients, args.seconds)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['clients']} clients x {figures['seconds']:g} s: {figures['calls']} calls "
              f"({figures['calls_per_s']}/s), {figures['acknowledged_marks']} acknowledged marks, "
              f"{figures['missing_marks']} missing, {figures['failed_calls']} failed calls; "
              f"raced region: {figures['raced_region_zones']} zone, "
              f"{figures['raced_region_ratings']} rating, "
              f"{figures['sessions_with_wrong_mark_count']} wrong mark counts; "
              f"call p50 {figures['call_ms_p50']} ms, "
              f"p95 {figures['call_ms_p95']} ms")
        for failure in figures["first_failures"]:
            print(f"  failure: {failure}")
    ok = figures["missing_marks"] == 0 and figures["failed_calls"] == 0 and \
        figures["raced_region_zones"] == 1 and figures["raced_region_ratings"] == 1 and \
        figures["sessions_with_wrong_mark_count"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
