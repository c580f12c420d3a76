"""`nmt-desktop import json` with hostile files: one line, exit 1, no traceback, no change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nmt_desktop.__main__ import main
from nmt_desktop.db.database import Database
from nmt_desktop.services.exchange import chart_document
from nmt_desktop.services.exchange.chart_file import MAX_CHART_FILE_BYTES
from tests.people import TEST_OWNER
from tests.services.exchange.charts import make_chart, row_counts


def test_hostile_files_end_in_one_line_and_change_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'chart.sqlite'}"
    database = Database.open(url).signed_in_as(TEST_OWNER)
    chart = make_chart(database)
    document = chart_document(database, chart.chart_number)
    before = row_counts(database)
    database.close()
    deep = '{"format": "nmt-desktop-chart", "format_version": 1, "x": ' + "[" * 100_000
    overflow = json.loads(json.dumps(document))
    overflow["sessions"][0]["trigger_points"][0]["x"] = 10**400
    too_big = tmp_path / "huge.json"
    with too_big.open("wb") as handle:  # sparse: the size is checked before reading
        handle.truncate(MAX_CHART_FILE_BYTES + 1)
    cases = {
        "deep.json": (deep.encode(), "nest"),
        "overflow.json": (json.dumps(overflow).encode(), "trigger_points[0].x"),
        "digits.json": (b'{"format": "nmt-desktop-chart", "n": ' + b"7" * 10_000 + b"}",
                        "not valid JSON"),
    }
    for name, (content, _) in cases.items():
        (tmp_path / name).write_bytes(content)
    cases["huge.json"] = (b"", "at most 32 MB")
    for name, (_, message) in cases.items():
        code = main(["--db", url, "import", "json", str(tmp_path / name)])
        captured = capsys.readouterr()
        assert (code, captured.out) == (1, ""), name
        assert captured.err.count("\n") == 1 and "Traceback" not in captured.err, name
        assert "The chart file was not imported" in captured.err and message in captured.err
    database = Database.open(url).signed_in_as(TEST_OWNER)
    assert row_counts(database) == before
    database.close()
