"""What every measurement shares: the run modes, statistics and a quiet offscreen Qt."""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass

#: Full-size large database, as a fraction; --quick falls back to TENTH when the full one is
#: not cached yet (building it takes about a minute and --quick must stay under three).
FULL, TENTH, SMOKE_SCALE = 1.0, 0.1, 0.01


@dataclass(frozen=True)
class Mode:
    """How hard a run tries: repetitions per measurement and the large-database size."""

    name: str
    startup_runs: int
    clicks: int
    report_runs: int
    query_runs: int
    large_scale: float
    reuse_full_db: bool  # use the full-size database instead when it is already cached


SMOKE = Mode("smoke", startup_runs=1, clicks=3, report_runs=1, query_runs=2,
             large_scale=SMOKE_SCALE, reuse_full_db=False)
QUICK = Mode("quick", startup_runs=5, clicks=100, report_runs=5, query_runs=25,
             large_scale=TENTH, reuse_full_db=True)
FULL_RUN = Mode("full", startup_runs=9, clicks=200, report_runs=9, query_runs=60,
                large_scale=FULL, reuse_full_db=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0.95 → p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ratio(value: float, floor: float) -> float:
    return round(value / floor, 2) if floor > 0 else float("inf")


def note(message: str) -> None:
    """Progress and context go to stderr, so that --json keeps stdout to one object."""
    print(message, file=sys.stderr, flush=True)


def quiet_offscreen_qt() -> None:
    """Drop the offscreen plugin's "does not support raise()" chatter; keep real warnings."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if "This plugin does not support" in message:
            return
        if kind != QtMsgType.QtDebugMsg:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def timed_ms(action: Callable[[], object]) -> float:
    import time

    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def run_alone(description: str, measure: Callable[[int], dict[str, float]]) -> None:
    """A measurement run on its own (`python -m bench.X --runs N`): its figures as JSON."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    print(json.dumps(measure(parser.parse_args().runs)))
