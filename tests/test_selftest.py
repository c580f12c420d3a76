"""`nmt-desktop --self-test` from source: all steps pass; a broken step is named and fails."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nmt_desktop import selftest
from nmt_desktop.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
STEP_NAMES = [name for name, _ in selftest.STEPS]

# Replaces the report step with one that fails, then runs the real command line.
BROKEN_REPORT_STEP = """
import sys
from nmt_desktop import selftest
from nmt_desktop.__main__ import main

def out_of_ink(run):
    raise RuntimeError("the printer is out of ink\\nand this second line is not shown")

selftest.STEPS = tuple((name, out_of_ink if name == "patient report" else step)
                       for name, step in selftest.STEPS)
sys.exit(main(["--self-test"]))
"""


def run_python(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NMT_DATA_DIR=str(data_dir))
    env.pop("NMT_DATABASE_URL", None)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def step_line(output: str, name: str) -> str:
    matches = [line for line in output.splitlines() if re.match(rf"{re.escape(name)} \.+ ", line)]
    assert len(matches) == 1, output
    return matches[0]


def test_self_test_passes_from_source_without_touching_the_data_folder(tmp_path: Path) -> None:
    # GIVEN a data folder that does not exist yet
    data_dir = tmp_path / "user data"
    # WHEN
    result = run_python(["-m", "nmt_desktop", "--self-test"], data_dir)
    # THEN every step says ok, the verdict is last, and the user's data folder was never made
    assert result.returncode == 0, result.stdout + result.stderr
    for name in STEP_NAMES:
        assert " ok (" in step_line(result.stdout, name)
    assert result.stdout.splitlines()[-1] == "self-test passed"
    assert "(source," in result.stdout.splitlines()[0]
    assert not data_dir.exists()


def test_a_failing_step_is_named_and_the_run_fails(tmp_path: Path) -> None:
    # WHEN the report step breaks
    result = run_python(["-c", BROKEN_REPORT_STEP], tmp_path / "data")
    # THEN it is named with its reason, the step that needs its PDF says why it did not run,
    # the others still pass, and the command exits non-zero with one line on stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert step_line(result.stdout, "patient report").endswith(
        "FAILED: RuntimeError: the printer is out of ink")
    for needs_the_pdf in ("report check", "report password"):
        assert step_line(result.stdout, needs_the_pdf).endswith(
            "FAILED: skipped, the patient report step failed")
    for name in ("database", "demo clinic", "body map", "Qt plugins"):
        assert " ok (" in step_line(result.stdout, name)
    assert "self-test FAILED: patient report, report check, report password" in result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("nmt-desktop: error: the self-test")


def test_every_step_runs_and_the_temporary_folder_is_removed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN three steps, the middle one failing
    folders: list[Path] = []

    def first(run: selftest.SelfTestRun) -> str:
        folders.append(run.folder)
        (run.folder / "scratch.txt").write_text("x")
        return "fine"

    def broken(run: selftest.SelfTestRun) -> str:
        raise selftest.SelfTestError("the font file is missing")

    monkeypatch.setattr(selftest, "STEPS", (("one", first), ("two", broken), ("three", first)))
    out = io.StringIO()
    # WHEN
    code = selftest.run_self_test(out)
    # THEN
    lines = out.getvalue().splitlines()
    assert code == selftest.EXIT_FAILED
    assert lines[1:] == [
        "one .... ok (fine)",
        "two .... FAILED: the font file is missing",
        "three .. ok (fine)",
        "self-test FAILED: two",
    ]
    assert len(folders) == 2 and not folders[0].exists()


def test_the_option_is_in_the_help() -> None:
    assert "--self-test" in build_parser().format_help()
