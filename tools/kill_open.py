"""Kill creating and upgrading a database at random moments, then check the file still opens.

    .venv/bin/python -m tools.kill_open --trials 50            # both kinds, 50 trials each
    .venv/bin/python -m tools.kill_open --kind upgrade --trials 5 --seed 7
    .venv/bin/python -m tools.kill_open --source /path/to/other/checkout   # e.g. before a fix

Each trial runs `Database.open` in a child process (a new file, or a copy of
tests/fixtures/db/0001.sqlite to upgrade) and sends it SIGKILL at a random moment of the open
itself: after the child's imports, uniformly within twice the time an uninterrupted open
takes (the median of three, measured first; a busy machine is slower, so some children finish
before the kill and are counted as such). Then the file is opened again in a fresh process.
A trial counts as "unopenable" if that second open fails, and as "data lost" if an upgraded
file lost patients.
Work files left by a kill are hidden beside the file; they are counted, not a failure (a later
open removes them once abandoned). Exit status 1 if any file was unopenable or lost data.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "db" / "0001.sqlite"
#: The checkout whose nmt_desktop the children run (--source); this one by default.
_source = ROOT
CALIBRATION_RUNS = 3

# The child reports "ready" once imported, then opens; the parent kills it during the open.
_CHILD = """
import sys, time
from nmt_desktop.db.database import Database
import nmt_desktop.db.migrate, sqlalchemy, alembic.command  # noqa: F401  (before the clock)
print("ready", flush=True)
started = time.perf_counter()
Database.open(sys.argv[1]).close()
print(f"done {time.perf_counter() - started:.4f}", flush=True)
"""

_REOPEN = """
import json, sys
from nmt_desktop.db.database import Database
from sqlalchemy import text
try:
    db = Database.open(sys.argv[1])
    with db.reading() as s:
        revision = s.scalar(text("SELECT version_num FROM alembic_version"))
        patients = s.scalar(text("SELECT count(*) FROM patient"))
    db.close()
    print(json.dumps({"ok": True, "revision": revision, "patients": patients}))
except Exception as error:  # the point of the script: any failure is counted
    print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}))
"""


def _env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(_source))


def _revision_on_disk(path: Path) -> str:
    """The schema the file holds right after the kill, before anything reopens it."""
    if not path.exists():
        return "no file"
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as error:
        return f"unreadable ({error})"
    return row[0] if row else "empty"


def _prepare(kind: str, folder: Path) -> Path:
    path = folder / "chart.sqlite"
    if kind == "upgrade":
        shutil.copy(FIXTURE, path)
    return path


def _run_child(url: str, kill_after: float | None) -> float | None:
    """Run one open; uninterrupted: its duration; else None if killed, 0.0 if it finished."""
    child = subprocess.Popen([sys.executable, "-c", _CHILD, url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=_env(), cwd=_source)
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "ready":
        child.kill()
        raise RuntimeError(f"child failed before opening: {line}{child.communicate()[1]}")
    if kill_after is None:
        out, err = child.communicate(timeout=600)
        if child.returncode != 0:
            raise RuntimeError(f"uninterrupted open failed: {err}")
        return float(out.split()[-1])
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    return 0.0 if child.returncode == 0 else None


def _reopen(url: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", _REOPEN, url], capture_output=True,
                            text=True, env=_env(), cwd=_source, timeout=600)
    lines = result.stdout.strip().splitlines()
    if not lines:
        return {"ok": False, "error": result.stderr.strip().splitlines()[-1:]}
    return dict(json.loads(lines[-1]))


def run_trials(kind: str, trials: int, rng: random.Random, workdir: Path) -> dict[str, object]:
    """Time uninterrupted opens, then kill `trials` opens; count what each left behind."""
    durations = []
    for run in range(CALIBRATION_RUNS):
        calibration = workdir / f"{kind}-calibration-{run}"
        calibration.mkdir()
        durations.append(_run_child(f"sqlite:///{_prepare(kind, calibration)}", None) or 0.0)
        shutil.rmtree(calibration)
    duration = sorted(durations)[len(durations) // 2]
    after_kill: Counter[str] = Counter()
    unopenable: list[str] = []
    lost: list[str] = []
    leftovers = finished = 0
    for trial in range(trials):
        folder = workdir / f"{kind}-{trial}"
        folder.mkdir()
        path = _prepare(kind, folder)
        url = f"sqlite:///{path}"
        if _run_child(url, rng.uniform(0.0, duration * 2.0)) is not None:
            finished += 1
        after_kill[_revision_on_disk(path)] += 1
        leftovers += sum(1 for name in os.listdir(folder) if name.endswith(".tmp"))
        seen = _reopen(url)
        if not seen["ok"]:
            unopenable.append(f"trial {trial}: {str(seen['error']).splitlines()[0]}")
        elif kind == "upgrade" and seen["patients"] != 5:
            lost.append(f"trial {trial}: {seen['patients']} patients")
        shutil.rmtree(folder)
    return {"kind": kind, "trials": trials, "open_seconds": round(duration, 3),
            "finished_before_kill": finished,
            "schema_right_after_kill": dict(after_kill), "unopenable": len(unopenable),
            "data_lost": len(lost), "work_files_left": leftovers,
            "problems": unopenable + lost}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("create", "upgrade", "both"), default="both")
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="checkout whose nmt_desktop is killed (default: this one)")
    args = parser.parse_args(argv)
    global _source
    _source = args.source.resolve()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    kinds = ("create", "upgrade") if args.kind == "both" else (args.kind,)
    failed = False
    with tempfile.TemporaryDirectory(prefix="nmt-kill-") as workdir:
        for kind in kinds:
            result = run_trials(kind, args.trials, rng, Path(workdir))
            result["seed"] = seed
            print(json.dumps(result), flush=True)
            failed = failed or bool(result["unopenable"] or result["data_lost"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
