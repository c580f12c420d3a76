"""What the three build scripts share: run PyInstaller on the spec, self-test the result, sizes."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from installer.project import INSTALLER, ROOT

SPEC = INSTALLER / "nmt_desktop.spec"
WORK_DIR = ROOT / "build" / "pyinstaller"
#: Where the spec draws the icons (PyInstaller gives each spec its own work folder).
ICONS_DIR = WORK_DIR / SPEC.stem / "icons"


class BuildError(Exception):
    """A build step failed; the message says which and why."""


def build_arguments(description: str, built: str = "bundle") -> argparse.ArgumentParser:
    """The options every build script takes; a script adds its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--skip-self-test", action="store_true",
                        help=f"do not run the built {built}'s --self-test")
    return parser


def run_build(script: str, system: str, on_system: bool, build: Callable[[], object]) -> int:
    """A build script's exit status: 2 on another system, 1 if a step failed, else 0."""
    if not on_system:
        print(f"{script} builds on {system} only; see installer/README.md", file=sys.stderr)
        return 2
    try:
        build()
    except BuildError as error:
        print(f"{script}: error: {error}", file=sys.stderr)
        return 1
    return 0


def run_pyinstaller(dist_dir: Path, work_dir: Path = WORK_DIR) -> float:
    """Build the one-folder bundle into `dist_dir`; return the seconds it took."""
    if sys.platform.startswith("linux"):
        require_linux_build_tools()
    started = time.perf_counter()
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist_dir), "--workpath", str(work_dir), str(SPEC),
    ]
    env = dict(os.environ, LANG=os.environ.get("LANG", "C.UTF-8"), QT_QPA_PLATFORM="offscreen")
    if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")
    return time.perf_counter() - started


#: What PyInstaller runs on Linux: objdump and objcopy to write the bundle, strip to shrink it.
LINUX_BUILD_TOOLS = ("objdump", "objcopy", "strip")


def missing_linux_build_tools() -> list[str]:
    """The binutils commands a Linux build needs that are not on PATH (empty when all are)."""
    return [tool for tool in LINUX_BUILD_TOOLS if shutil.which(tool) is None]


def require_linux_build_tools() -> None:
    """Refuse to start a Linux build without binutils, naming the package to install."""
    missing = missing_linux_build_tools()
    if missing:
        raise BuildError(f"{', '.join(missing)} not found: install binutils "
                         "(Debian/Ubuntu: apt-get install binutils; Fedora: dnf install binutils)")


def self_test(executable: Path) -> None:
    """Run the bundle's --self-test headless, with a throwaway data folder."""
    with tempfile.TemporaryDirectory(prefix="nmt-bundle-test-") as data_dir:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMT_DATA_DIR=data_dir)
        env.pop("NMT_DATABASE_URL", None)
        result = subprocess.run([str(executable), "--self-test"], env=env, check=False)
    if result.returncode != 0:
        raise BuildError(f"the bundle's self-test failed (exit {result.returncode})")


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()
               and not path.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
