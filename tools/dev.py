#!/usr/bin/env python3
"""One entry point for a fresh clone: set up the environment, then start the app or run the checks.

    python3 tools/dev.py app     # demo clinic in a local database, then the main window
    python3 tools/dev.py test    # lint, types, layer contracts and the whole test suite
    python3 tools/dev.py bundle  # the installable app for this OS in dist/ (installer/README.md)

Needs only Python 3.11+ and git. Dependencies come from requirements/lock.txt (exact versions
with hashes), installed with pip into .venv; nothing is installed outside the clone.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "lock.txt"
STAMP = VENV / ".lock-sha256"
# The demo database lives inside the clone so that trying the app never touches a real chart.
DEMO_DB = ROOT / ".venv" / "demo" / "nmt-demo.sqlite"


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):  # noqa: UP036  (this script may be run by an old python3)
        sys.exit(f"NMT Desktop needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    python = venv_python()
    if not python.exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("Installing locked dependencies into .venv (the first run takes a minute)",
              flush=True)
        pip = [python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
        run(*pip, "--require-hashes", "--no-deps", "-r", LOCK)
        run(*pip, "--no-deps", "--no-build-isolation", "--editable", ROOT)
        STAMP.write_text(wanted)
    return python


def command_app(python: Path, extra: list[str]) -> None:
    DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
    db = ["--db", str(DEMO_DB)]
    run(python, "-m", "nmt_desktop", *db, "demo")
    run(python, "-m", "nmt_desktop", *db, *extra)


def command_test(python: Path, extra: list[str]) -> None:
    env = dict(os.environ, LANG=os.environ.get("LANG", "C.UTF-8"))
    print("== ruff", flush=True)
    run(python, "-m", "ruff", "check", ".", env=env)
    print("== mypy", flush=True)
    run(python, "-m", "mypy", env=env)
    print("== import-linter", flush=True)
    lint_imports = python.with_name("lint-imports.exe" if os.name == "nt" else "lint-imports")
    run(lint_imports, "--config", "pyproject.toml", env=env)
    print("== pytest", flush=True)
    # One worker per core (pytest-xdist): the suite spends most of its time in work that runs
    # side by side (subprocesses, PostgreSQL, PDF rendering, Qt). loadgroup keeps the tests
    # marked xdist_group on one worker. `tools/dev.py test -n 0` runs it serially.
    parallel = ["--numprocesses", "auto", "--dist", "loadgroup"]
    run(python, "-m", "pytest", *parallel, *extra, env=env)


def command_bundle(python: Path, extra: list[str]) -> None:
    scripts = {"linux": "build_linux.py", "win32": "build_windows.py", "darwin": "build_macos.py"}
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    if platform not in scripts:
        sys.exit(f"No installer build for {sys.platform}; see installer/README.md.")
    run(python, ROOT / "installer" / scripts[platform], *extra)


def main(argv: list[str]) -> None:
    if not argv or argv[0] not in {"app", "test", "setup", "bundle"}:
        sys.exit(__doc__)
    python = ensure_environment()
    if argv[0] == "app":
        command_app(python, argv[1:])
    elif argv[0] == "test":
        command_test(python, argv[1:])
    elif argv[0] == "bundle":
        command_bundle(python, argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])
