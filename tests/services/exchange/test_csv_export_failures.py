"""A failed CSV export leaves nothing behind: no half-filled folder, no empty folder."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.services.exchange import export_chart_csv, exports
from tests.services.exchange.charts import Chart, audit_events, make_chart


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


def _disk_fills_at_the_third_file(monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = exports.write_whole_file
    written: list[Path] = []

    def write(path: Path, content: bytes) -> None:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, content)
        written.append(path)

    monkeypatch.setattr(exports, "write_whole_file", write)


def test_a_full_disk_leaves_no_new_folder(source: Database, chart: Chart, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _disk_fills_at_the_third_file(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        export_chart_csv(source, chart.chart_number, tmp_path / "out" / "tables")
    assert list((tmp_path / "out").iterdir()) == []
    assert audit_events(source, "export") == []


def test_a_full_disk_leaves_an_existing_folder_as_it_was(
        source: Database, chart: Chart, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    _disk_fills_at_the_third_file(monkeypatch)
    with pytest.raises(OSError, match="No space"):
        export_chart_csv(source, chart.chart_number, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_an_export_the_audit_trail_cannot_record_leaves_no_folder(
        source: Database, chart: Chart, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error", "chart.sqlite")

    monkeypatch.setattr(exports, "log_event", refuse)
    with pytest.raises(OSError, match="Input/output"):
        export_chart_csv(source, chart.chart_number, tmp_path / "tables")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("source.sqlite")] == []
