"""Run every benchmark against its floor in the same run; print a table or one JSON object.

    .venv/bin/python -m bench            # full run (builds the full large database once)
    .venv/bin/python -m bench --quick    # under 3 minutes on 2 cores
    .venv/bin/python -m bench --json     # one JSON object on stdout, progress on stderr
    .venv/bin/python -m bench --smoke    # seconds; only checks that the benchmarks still run

--quick uses the full-size large database when it is already cached in .bench/, otherwise a
tenth of it (2,000 patients, 30,000 sessions); the run says which on stderr and in the table.
No targets are asserted: the table marks each figure against the target of issue #6.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import FULL, FULL_RUN, QUICK, SMOKE, Mode, note
from bench.large_db import LargeDatabase, Size, biggest_chart, cache_path, ensure

REPO = Path(__file__).resolve().parent.parent

#: The keys of --json, in order (issue #6); milliseconds unless named otherwise.
KEYS = (
    "startup_ms", "startup_floor_ms", "startup_ratio",
    # Processor time to the first paint, beside the wall clock (bench/startup.py says why).
    "startup_cpu_ms", "startup_floor_cpu_ms", "startup_cpu_ratio",
    "click_to_mark_ms_p50", "click_to_mark_ms_p95",
    "click_to_mark_floor_ms", "click_to_mark_ratio",
    "charting_effort_events", "charting_effort_before_events", "figure_height_1366_px",
    "patient_report_ms", "physician_report_ms", "physician_report_protected_ms",
    "large_open_chart_ms", "large_open_chart_floor_ms", "large_open_chart_ratio",
    "large_search_ms", "large_search_floor_ms", "large_search_ratio",
    "peak_rss_mb", "large_db_build_s", "large_db_mb",
    # Issue 18: the Progress view of the biggest chart (bench/progress_view.py).
    "progress_open_ms", "progress_open_cpu_ms", "progress_open_cold_ms", "progress_open_floor_ms",
    "progress_switch_ms", "progress_peak_rss_mb",
    # Issue 14: the same figures on a SQLCipher-encrypted database (bench/encrypted.py); each
    # ratio is encrypted ÷ plain, except start-up's, which is against the bare-window floor.
    "encrypted_startup_ms", "encrypted_startup_ratio",
    "encrypted_startup_cpu_ms", "encrypted_startup_cpu_ratio",
    "encrypted_click_to_mark_ms_p50", "encrypted_click_to_mark_ratio",
    "encrypted_open_chart_ms", "encrypted_open_chart_ratio",
    "encrypted_search_ms", "encrypted_search_ratio", "key_unwrap_ms",
)
#: Targets on a 2-core machine: key → (highest acceptable value, unit).
TARGETS: dict[str, tuple[float, str]] = {
    "startup_ms": (600, "ms"), "startup_ratio": (1.5, "×"), "startup_cpu_ratio": (1.5, "×"),
    "click_to_mark_ms_p95": (16, "ms"),
    "charting_effort_events": (24, "events"),
    "patient_report_ms": (300, "ms"), "physician_report_ms": (800, "ms"),
    "physician_report_protected_ms": (800, "ms"),
    "large_open_chart_ms": (30, "ms"), "large_open_chart_ratio": (2, "×"),
    "large_search_ms": (20, "ms"), "large_search_ratio": (2, "×"),
    "peak_rss_mb": (250, "MB"),
    "progress_open_ms": (300, "ms"), "progress_switch_ms": (100, "ms"),
    "progress_peak_rss_mb": (250, "MB"),
    "encrypted_startup_ratio": (1.5, "×"), "encrypted_startup_cpu_ratio": (1.5, "×"),
    "encrypted_click_to_mark_ratio": (1.15, "×"),
    "encrypted_open_chart_ratio": (1.15, "×"), "encrypted_search_ratio": (1.15, "×"),
}


def _large_database(mode: Mode) -> LargeDatabase:
    scale = mode.large_scale
    if mode.reuse_full_db and cache_path(Size.scaled(FULL)).exists() and cache_path(
            Size.scaled(FULL)).with_suffix(".json").exists():
        scale = FULL
    size = Size.scaled(scale)
    built_now = not (cache_path(size).exists() and cache_path(size).with_suffix(".json").exists())
    if built_now:
        _build_in_child_process(scale, size)
    large = ensure(size)
    state = "built now" if built_now else "reused from .bench/"
    note(f"large database: {size.describe()}, {large.marks:,} marks, {large.megabytes:.0f} MB, "
         f"{state} (built in {large.build_s:.1f} s)"
         + ("" if size.is_full else "  [smaller than the full 20,000-patient clinic]"))
    return large


def _build_in_child_process(scale: float, size: Size) -> None:
    """Build the large clinic in its own process, so that this one's peak memory stays small.

    Building holds a 200 MB SQLite page cache and the generated rows. On Linux a child's
    ru_maxrss starts at its parent's peak, so every memory probe started after an in-process
    build read the builder's peak instead of its own (issue #17, point 8; the probes now read
    their own VmHWM too, see bench/memory_probe.py).
    """
    completed = subprocess.run(
        [sys.executable, "-m", "bench.large_db", "--scale", repr(scale)],
        cwd=REPO, capture_output=True, text=True)
    if completed.returncode != 0 or not cache_path(size).with_suffix(".json").exists():
        raise RuntimeError(f"building the large clinic failed:\n{completed.stderr}")
    note(f"  {completed.stdout.strip()}")


def _peak_rss(large: LargeDatabase) -> dict[str, float]:
    chart_number, _ = biggest_chart(large.path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    output = subprocess.run(
        [sys.executable, "-m", "bench.memory_probe", str(large.path), chart_number],
        cwd=REPO, env=env, check=True, capture_output=True, text=True).stdout
    return {"peak_rss_mb": float(json.loads(output.strip().splitlines()[-1])["peak_rss_mb"])}


def _progress_probe(large: LargeDatabase, *flags: str) -> dict[str, float]:
    chart_number, _ = biggest_chart(large.path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    output = subprocess.run(
        [sys.executable, "-m", "bench.progress_view", str(large.path), chart_number, *flags],
        cwd=REPO, env=env, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def _progress_view(large: LargeDatabase, runs: int) -> dict[str, float]:
    """Medians over fresh processes: each first frame is a first, once per process."""
    from bench.common import median

    warm = [_progress_probe(large) for _ in range(runs)]
    cold = [_progress_probe(large, "--cold") for _ in range(runs)]
    note(f"  Progress view of a chart of {int(warm[0]['progress_visits'])} visits")
    return {
        "progress_open_ms": median([w["progress_open_ms"] for w in warm]),
        "progress_open_cpu_ms": median([w["progress_open_cpu_ms"] for w in warm]),
        "progress_open_cold_ms": median([c["progress_open_cold_ms"] for c in cold]),
        "progress_open_floor_ms": median([w["progress_open_floor_ms"] for w in warm]),
        "progress_switch_ms": median([w["progress_switch_ms"] for w in warm]),
        "progress_peak_rss_mb": max(w["progress_peak_rss_mb"] for w in warm),
    }


def run(mode: Mode) -> dict[str, float]:
    from bench import charting_effort, click_to_mark, encrypted, large_queries, reports, startup

    results: dict[str, float] = {}

    def step(label: str, measure: Callable[[], dict[str, float]]) -> None:
        note(f"{label}…")
        start = time.perf_counter()
        results.update(measure())
        note(f"  done in {time.perf_counter() - start:.1f} s")

    holder: list[LargeDatabase] = []
    step("large database", lambda: _record_large(holder, _large_database(mode)))
    large = holder[0]
    step(f"start-up ({mode.startup_runs} runs each, interleaved)",
         lambda: startup.measure(mode.startup_runs))
    step("peak memory with the biggest chart open", lambda: _peak_rss(large))
    step(f"Progress view of the biggest chart ({mode.startup_runs} runs each)",
         lambda: _progress_view(large, mode.startup_runs))
    step(f"large clinic queries ({mode.query_runs} rounds)",
         lambda: large_queries.measure_file(large.path, mode.query_runs))
    step(f"encrypted vs plain large clinic queries ({mode.query_runs} rounds)",
         lambda: encrypted.measure_queries(large.path, encrypted.encrypted_copy(large),
                                           mode.query_runs))
    step("key derivation at sign-in (argon2id)", encrypted.key_unwrap_ms)
    step(f"reports ({mode.report_runs} runs)", lambda: reports.measure(mode.report_runs))
    step(f"click to mark ({mode.clicks} clicks)",
         lambda: _without(click_to_mark.measure(mode.clicks), "clicks"))
    step(f"click to mark on an encrypted database ({mode.clicks} clicks)",
         lambda: _encrypted_clicks(click_to_mark.measure(mode.clicks, key=encrypted.BENCH_KEY),
                                   results["click_to_mark_ms_p50"]))
    step("charting effort (a standard visit, scripted) and figure height at 1366×768",
         charting_effort.measure)
    return {key: results[key] for key in KEYS}


def _record_large(holder: list[LargeDatabase], large: LargeDatabase) -> dict[str, float]:
    holder.append(large)
    return {"large_db_build_s": large.build_s, "large_db_mb": round(large.megabytes, 1)}


def _encrypted_clicks(values: dict[str, float], plain_p50: float) -> dict[str, float]:
    from bench.common import ratio

    p50 = values["click_to_mark_ms_p50"]
    return {"encrypted_click_to_mark_ms_p50": p50,
            "encrypted_click_to_mark_ratio": ratio(p50, plain_p50)}


def _without(values: dict[str, float], key: str) -> dict[str, float]:
    return {k: v for k, v in values.items() if k != key}


def table(results: dict[str, float], mode: Mode) -> str:
    lines = [f"NMT Desktop benchmarks ({mode.name} run)", "",
             f"{'measure':<28}{'value':>12}  {'target':>10}  verdict"]
    for key in KEYS:
        value = results[key]
        target = TARGETS.get(key)
        if target is None:
            lines.append(f"{key:<28}{value:>12,.2f}")
            continue
        limit, unit = target
        verdict = "ok" if value <= limit else "MISSED"
        lines.append(f"{key:<28}{value:>12,.2f}  {'≤ ' + format(limit, 'g') + ' ' + unit:>10}"
                     f"  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="fewer runs; at most 3 minutes")
    size.add_argument("--smoke", action="store_true", help="tiny; only checks it still runs")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    mode = SMOKE if args.smoke else QUICK if args.quick else FULL_RUN
    started = time.perf_counter()
    results = run(mode)
    note(f"{mode.name} run finished in {time.perf_counter() - started:.0f} s")
    print(json.dumps(results) if args.json else table(results, mode))
    return 0


if __name__ == "__main__":
    sys.exit(main())
