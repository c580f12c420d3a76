"""The concurrent-clients bench still runs, and keeps every acknowledged mark (a short run).

The full figures (10 clients x 20 s) come from `python -m bench.concurrent_clients`.
"""

from __future__ import annotations

import pytest

from bench.concurrent_clients import run
from tests.conftest import _fresh_postgres_database as fresh_postgres_database


@pytest.mark.postgres
@pytest.mark.timeout(600)
def test_three_clients_for_three_seconds_lose_and_fail_nothing(postgres_server: str) -> None:
    figures = run(fresh_postgres_database(postgres_server), clients=3, seconds=3)
    assert figures["acknowledged_marks"] > 0
    assert (figures["missing_marks"], figures["failed_calls"]) == (0, 0), figures
    assert (figures["raced_region_zones"], figures["raced_region_ratings"]) == (1, 1)
    assert figures["sessions_with_wrong_mark_count"] == 0
