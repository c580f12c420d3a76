"""The benchmarks run in their smallest mode so they cannot rot (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import KEYS

REPO = Path(__file__).resolve().parent.parent


def test_smoke_run_prints_every_figure_as_a_number(tmp_path: Path) -> None:
    env = dict(os.environ, NMT_BENCH_CACHE=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    completed = subprocess.run([sys.executable, "-m", "bench", "--smoke", "--json"], cwd=REPO,
                               env=env, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    results = json.loads(completed.stdout)
    assert list(results) == list(KEYS)
    # Issue 18: the Progress view's first frame, period switch and memory are printed too.
    assert {"progress_open_ms", "progress_open_cold_ms", "progress_switch_ms",
            "progress_peak_rss_mb"} <= set(results)
    for key, value in results.items():
        assert isinstance(value, int | float) and not isinstance(value, bool), key
        assert value > 0, key
    # Issue #16: the charting effort, beside the count before, the figure height and the
    # click's floor are reported.
    for key in ("click_to_mark_floor_ms", "click_to_mark_ratio", "charting_effort_events",
                "charting_effort_before_events", "figure_height_1366_px"):
        assert key in results, key
    assert results["charting_effort_events"] < results["charting_effort_before_events"]
    # Issue #14: each figure again on a SQLCipher-encrypted database, with its ratio.
    assert {"encrypted_startup_ratio", "encrypted_click_to_mark_ratio",
            "encrypted_open_chart_ratio", "encrypted_search_ratio", "key_unwrap_ms"} <= set(results)
    assert "built now" in completed.stderr  # a fresh cache folder: the tiny clinic was built


def test_a_built_large_database_is_reused(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import large_db
    from bench.large_db import Size, ensure

    monkeypatch.setattr(large_db, "CACHE_DIR", tmp_path)
    first = ensure(Size(patients=30, sessions=200))
    assert first.built_now and first.marks > 0
    again = ensure(Size(patients=30, sessions=200))
    assert not again.built_now and again.path == first.path


def test_server_rls_bench_prints_both_figures_and_their_ratio(tmp_path: Path) -> None:
    from tests.pg_server import find_pg_bin

    if find_pg_bin() is None:
        pytest.skip("PostgreSQL is not installed (no initdb found)")
    from bench.server_rls import KEYS as SERVER_KEYS

    env = dict(os.environ, NMT_BENCH_CACHE=str(tmp_path / "cache"))
    completed = subprocess.run([sys.executable, "-m", "bench.server_rls", "--scale", "0.01",
                                "--runs", "1"], cwd=REPO, env=env, capture_output=True,
                               text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    results = json.loads(completed.stdout)
    assert list(results) == list(SERVER_KEYS)
    for key, value in results.items():
        assert isinstance(value, int | float) and value > 0, key
