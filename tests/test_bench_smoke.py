"""The benchmarks run in their smallest mode so they cannot rot (no timing is asserted)."""

from __future__ import annotations

from bench.click_to_mark import measure


def test_click_to_mark_bench_places_every_marker() -> None:
    result = measure(clicks=3)
    assert result["clicks"] == 3
    assert result["click_to_mark_ms_p95"] >= result["click_to_mark_ms_p50"] > 0
