"""install.sh and uninstall.sh of the Linux archive, run against a stand-in bundle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installer.build_linux import stage_extras
from installer.project import read_project

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("sh") is None,
    reason="the install scripts are for Linux desktops",
)


@pytest.fixture
def stage(tmp_path: Path) -> Path:
    """An unpacked archive whose program is a tiny script instead of the real bundle."""
    stage = tmp_path / "nmt-desktop-9.9-linux-x86_64"
    program = stage / "nmt-desktop" / "nmt-desktop"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\necho stand-in\n")
    program.chmod(0o755)
    icons = tmp_path / "icons" / "hicolor"
    for folder, name in (("48x48", "nmt-desktop.png"), ("scalable", "nmt-desktop.svg")):
        (icons / folder / "apps").mkdir(parents=True)
        (icons / folder / "apps" / name).write_bytes(b"icon")
    stage_extras(stage, tmp_path / "icons", read_project())
    return stage


def run_script(script: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    return subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_install_puts_everything_under_local_and_uninstall_keeps_the_charts(
    stage: Path, tmp_path: Path
) -> None:
    # GIVEN a home folder whose path has a space, and charts already in the data folder
    home = tmp_path / "home dir"
    charts = home / ".local" / "share" / "NMT Desktop" / "nmt-desktop.sqlite"
    charts.parent.mkdir(parents=True)
    charts.write_bytes(b"the charts")
    local = home / ".local"
    app_dir = local / "lib" / "nmt-desktop"
    # WHEN installing (twice: the second run is an update)
    for _ in range(2):
        result = run_script(stage / "install.sh", home)
        assert result.returncode == 0, result.stderr
    # THEN the program, the launcher, the menu entry and the icons are in place
    assert (app_dir / "nmt-desktop").exists()
    assert (local / "bin" / "nmt-desktop").resolve() == (app_dir / "nmt-desktop").resolve()
    entry = (local / "share" / "applications" / "nmt-desktop.desktop").read_text()
    assert f'Exec="{app_dir}/nmt-desktop"' in entry.splitlines()
    assert f"TryExec={app_dir}/nmt-desktop" in entry.splitlines()
    assert "Icon=nmt-desktop" in entry.splitlines()
    assert (local / "share" / "icons" / "hicolor" / "48x48" / "apps" / "nmt-desktop.png").exists()
    # WHEN uninstalling with the copy the installer left beside the program
    result = run_script(app_dir / "uninstall.sh", home)
    # THEN the program is gone and the charts are not
    assert result.returncode == 0, result.stderr
    assert not app_dir.exists() and not (local / "bin" / "nmt-desktop").exists()
    assert not (local / "share" / "applications" / "nmt-desktop.desktop").exists()
    assert charts.read_bytes() == b"the charts"


def test_install_refuses_to_run_outside_the_archive(tmp_path: Path) -> None:
    # GIVEN the script copied somewhere without the bundle beside it
    script = tmp_path / "install.sh"
    shutil.copyfile(Path(__file__).resolve().parents[2] / "installer/linux/install.sh", script)
    # WHEN / THEN
    result = run_script(script, tmp_path / "home")
    assert result.returncode == 1
    assert "run me from the unpacked nmt-desktop archive" in result.stderr
    assert not (tmp_path / "home" / ".local").exists()
