"""The strip that says, where the therapist is typing, that typed text is not in the database yet.

It appears only while the autosave buffer holds text the database did not take, offers to try
again at once or to keep the text in a file, and disappears with the commit of that text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from nmt_desktop.services.whole_files import write_whole_file
from nmt_desktop.ui.session.form.autosave import AutosaveBuffer

WAITING_COLOURS = ("#fff4d6", "#d9a520", "#6b4a00")  # background, border, text
NOT_SAVED_COLOURS = ("#fdecea", "#d98b8b", "#8a1212")
REFRESH_MS = 5000  # how often the "not saved since … (how long)" part is brought up to date


def problem_text(reason: str, transient: bool, since: dt.datetime | None = None,
                 now: dt.datetime | None = None) -> str:
    """The strip's sentence: "Not saved: … Your text is kept here." or "Waiting: …".

    `since`: when the database first failed to take the text; for a server out of reach, how
    long the clinic has been offline (the strip brings it up to date while it shows).
    """
    how_long = ""
    if since is not None:
        how_long = f" Not saved since {since:%H:%M} ({waited_text(since, now)})."
    if transient:
        return (f"Waiting: {reason}…{how_long} Your text is kept here and will be saved "
                "when it can.")
    return f"Not saved: {reason}.{how_long} Your text is kept here."


def waited_text(since: dt.datetime, now: dt.datetime | None = None) -> str:
    """"40 s", "3 min", "1 h 05 min": a duration the therapist reads at a glance."""
    seconds = max(0, int(((now or dt.datetime.now()) - since).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def unsaved_text_document(changes: list[dict[str, Any]], captions: Mapping[str, str],
                          heading: str) -> str:
    """Plain text of everything still unsaved, for a file the therapist can keep."""
    lines = [heading, f"Written {dt.datetime.now():%Y-%m-%d %H:%M}", ""]
    for record in changes:
        for name, value in record.items():
            if value is None or value == "":
                continue
            if isinstance(value, (list, tuple, set, frozenset)):
                value = ", ".join(str(v) for v in value)
            lines += [captions.get(name, name.replace("_", " ").capitalize()) + ":",
                      str(value), ""]
    return "\n".join(lines)


class SaveProblemBanner(QFrame):
    def __init__(self, autosave: AutosaveBuffer, keep_in_file: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveProblem")
        self._autosave = autosave
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Save problem")
        self.retry_button = QPushButton("Retry now")
        self.retry_button.setToolTip("Try to save the kept text again at once")
        self.retry_button.clicked.connect(self._retry)
        self.file_button = QPushButton("Save text to file…")
        self.file_button.setToolTip("Keep a copy of the unsaved text in a file of your choice")
        self.file_button.clicked.connect(lambda _checked=False: keep_in_file())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.file_button)
        self._shown: tuple[str, bool] = ("", True)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._show_text)
        self.hide()

    def show_problem(self, reason: str, transient: bool) -> None:
        background, border, text = WAITING_COLOURS if transient else NOT_SAVED_COLOURS
        self.setStyleSheet(f"QFrame#saveProblem {{ background: {background}; "
                           f"border: 1px solid {border}; border-radius: 4px; }}")
        self.message.setStyleSheet(f"color: {text}; font-weight: 600;")
        self._shown = (reason, transient)
        self._show_text()
        self.show()
        self._refresh.start()

    def _show_text(self) -> None:
        if not self._autosave.has_pending():
            self._refresh.stop()
            return
        reason, transient = self._shown
        self.message.setText(("" if transient else "⚠ ")
                             + problem_text(reason, transient, self._autosave.failing_since))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self._refresh.stop()
        super().hideEvent(event)

    def _retry(self) -> None:
        self._autosave.flush()


def write_text_file(path: Path, text: str) -> None:
    """Keep clinical text the database could not take: whole, and readable by the owner only."""
    write_whole_file(path, text.encode("utf-8"))
