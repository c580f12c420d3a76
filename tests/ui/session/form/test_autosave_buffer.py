"""The autosave buffer: one write per record after a pause, refusals reported, nothing retried."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer


def test_changes_to_one_record_are_written_together_after_the_pause(qtbot: QtBot) -> None:
    # GIVEN a buffer and two records being edited
    buffer = AutosaveBuffer(delay_ms=20)
    writes: list[tuple[str, dict[str, Any]]] = []
    saved: list[object] = []
    buffer.saved.connect(saved.append)
    # WHEN fields change several times, then nothing happens for a moment
    buffer.stage("notes", lambda c: writes.append(("notes", c)), "plan", "W")
    buffer.stage("notes", lambda c: writes.append(("notes", c)), "plan", "Weekly")
    buffer.stage("notes", lambda c: writes.append(("notes", c)), "sleep", "Poor")
    buffer.stage("goal", lambda c: writes.append(("goal", c)), "note", "40 min")
    assert writes == []
    qtbot.waitUntil(lambda: not buffer.has_pending())
    # THEN each record got one write with its latest values
    assert writes == [("notes", {"plan": "Weekly", "sleep": "Poor"}),
                      ("goal", {"note": "40 min"})]
    assert len(saved) == 1


def test_flush_writes_at_once_and_a_refusal_is_reported_not_retried(qtbot: QtBot) -> None:
    buffer = AutosaveBuffer(delay_ms=60_000)
    failures: list[str] = []
    buffer.failed.connect(failures.append)

    def refuse(_changes: dict[str, Any]) -> None:
        raise ValidationError({"nrs_now": "NRS must be 0–10."})

    buffer.stage("notes", refuse, "nrs_now", 11)
    assert buffer.pending_value("notes", "nrs_now") == 11
    assert buffer.flush() is False
    assert failures == ["NRS must be 0–10."]
    assert not buffer.has_pending()
    assert buffer.flush() is True
