"""Cold start to the first painted main window, against a bare PySide6 window with the SVG.

    .venv/bin/python -m bench.startup [--runs 5]

Method: each run starts a fresh process (`python -m nmt_desktop --db DEMO` or
`python -m bench.floor_window`) with QT_QPA_PLATFORM=offscreen and NMT_EXIT_AFTER_FIRST_PAINT=1.
The clock runs in this parent process, from just before the process is spawned to the moment
its FIRST_PAINT_LINE arrives on stdout (printed by nmt_desktop/ui/first_paint.py right after
the window's first paint has been flushed). Interpreter start, imports, database open and the
first paint all count; shutting down does not. App and floor runs alternate, so a busy moment
on the machine hits both; medians are reported. The demo database is created once beforehand
(an up-to-date file, as on a therapist's laptop), and OS file caches are warm for both.

Two clocks: the wall clock (what a therapist waits) and the processor time the child used until
its first paint (`time.process_time()`, printed by the same watcher). On a quiet laptop the two
agree; on a shared, busy machine the wall clock also counts time other processes held the
processor, while the processor time stays the app's own work. Both ratios are printed.

Encrypted (issue #14): the same demo clinic in a SQLCipher-encrypted file, whose key this
"laptop" remembers (a file keychain of the benchmark's, bench/keyring_file.py), so the app opens
it straight to its window, as with "remember on this laptop"; its ratio is against the same
bare-window floor (target ≤ 1.5). A sign-in with a password adds the key derivation once
(`key_unwrap_ms`, bench/encrypted.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import median, ratio, run_alone
from nmt_desktop.ui.first_paint import (
    CPU_LINE_PREFIX,
    EXIT_AFTER_FIRST_PAINT_ENV,
    FIRST_PAINT_LINE,
)

REPO = Path(__file__).resolve().parent.parent


def _time_to_first_paint(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock ms, processor ms) from spawning `command` to its first paint."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    elapsed = processor = None
    for line in process.stdout:
        if line.startswith(CPU_LINE_PREFIX):
            processor = float(line[len(CPU_LINE_PREFIX):])
        if line.strip() == FIRST_PAINT_LINE:
            elapsed = (time.perf_counter() - start) * 1000
            break
    process.stdout.close()
    code = process.wait(timeout=60)
    if elapsed is None or processor is None:
        raise RuntimeError(f"{' '.join(command)} exited with {code} before its first paint")
    return elapsed, processor


def prepare_demo(folder: Path, env: dict[str, str]) -> Path:
    database = folder / "demo.sqlite"
    subprocess.run([sys.executable, "-m", "nmt_desktop", "--db", str(database), "demo"],
                   cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)
    return database


def prepare_encrypted_demo(folder: Path, env: dict[str, str]) -> Path:
    """The demo clinic, encrypted, its key remembered in the benchmark's file keychain."""
    script = (
        "import sys, keyring\n"
        "from bench.keyring_file import FileKeyring\n"
        "from nmt_desktop.services.demo import load_demo_clinic\n"
        "from nmt_desktop.services.encryption import create_encrypted_database, "
        "remember_on_this_laptop\n"
        "keyring.set_keyring(FileKeyring())\n"
        "db = create_encrypted_database(sys.argv[1], 'bench', 'bench pass phrase').db\n"
        "load_demo_clinic(db)\n"
        "from nmt_desktop.services.program_person import program_person\n"
        "remember_on_this_laptop(db.signed_in_as(program_person('bench')))\n"
        "db.close()\n")
    database = folder / "demo-encrypted.sqlite"
    subprocess.run([sys.executable, "-c", script, f"sqlite:///{database}"], cwd=REPO, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return database


def measure(runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="nmt-bench-start-") as folder:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMT_DATA_DIR=folder,
                   PYTHON_KEYRING_BACKEND="bench.keyring_file.FileKeyring",
                   NMT_BENCH_KEYRING=str(Path(folder) / "keychain.json"))
        env.pop("NMT_DATABASE_URL", None)
        # As installed (pip and the bundle compile the bytecode), not as in a shell that
        # forbids writing .pyc files (PYTHONDONTWRITEBYTECODE, set on some CI machines): there
        # every start would compile the app's modules again, which no therapist's start does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        database = prepare_demo(Path(folder), env)
        encrypted = prepare_encrypted_demo(Path(folder), env)
        env[EXIT_AFTER_FIRST_PAINT_ENV] = "1"
        app_command = [sys.executable, "-m", "nmt_desktop", "--db", str(database)]
        encrypted_command = [sys.executable, "-m", "nmt_desktop", "--db", str(encrypted)]
        floor_command = [sys.executable, "-m", "bench.floor_window"]
        # One unmeasured start of each warms the OS caches and the bytecode caches.
        for command in (app_command, encrypted_command, floor_command):
            _time_to_first_paint(command, env)
        timings: dict[str, list[tuple[float, float]]] = {"app": [], "encrypted": [], "floor": []}
        for _ in range(runs):
            timings["app"].append(_time_to_first_paint(app_command, env))
            timings["encrypted"].append(_time_to_first_paint(encrypted_command, env))
            timings["floor"].append(_time_to_first_paint(floor_command, env))
    wall = {name: median([w for w, _ in runs_]) for name, runs_ in timings.items()}
    cpu = {name: median([c for _, c in runs_]) for name, runs_ in timings.items()}
    return {"startup_ms": round(wall["app"], 1), "startup_floor_ms": round(wall["floor"], 1),
            "startup_ratio": ratio(wall["app"], wall["floor"]),
            "encrypted_startup_ms": round(wall["encrypted"], 1),
            "encrypted_startup_ratio": ratio(wall["encrypted"], wall["floor"]),
            "startup_cpu_ms": round(cpu["app"], 1), "startup_floor_cpu_ms": round(cpu["floor"], 1),
            "startup_cpu_ratio": ratio(cpu["app"], cpu["floor"]),
            "encrypted_startup_cpu_ms": round(cpu["encrypted"], 1),
            "encrypted_startup_cpu_ratio": ratio(cpu["encrypted"], cpu["floor"])}


def main() -> None:
    run_alone(__doc__ or "", measure)


if __name__ == "__main__":
    main()
