"""No exception in a Qt slot or a worker thread is swallowed: logged to a rotating file, shown."""

from __future__ import annotations

import contextlib
import logging.handlers
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from nmt_desktop.error_log import LOGGER_NAME, install_exception_hooks, log_file, start_log_file
from nmt_desktop.ui.error_notice import ErrorNotice


@pytest.fixture
def hooked(tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[Path, ErrorNotice]]:
    """The hooks, with the log file started as the window starts it (after its first paint)."""
    with hooks_on(log_file(tmp_path / "data")) as (path, notice):
        start_log_file(tmp_path / "data")
        yield path, notice


@contextlib.contextmanager
def hooks_on(path: Path) -> Iterator[tuple[Path, ErrorNotice]]:
    saved = sys.excepthook, threading.excepthook
    logger = logging.getLogger(LOGGER_NAME)
    handlers = list(logger.handlers)
    notice = ErrorNotice()
    install_exception_hooks(path, notice.notify)
    try:
        yield path, notice
    finally:
        sys.excepthook, threading.excepthook = saved
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
                logger.removeHandler(handler)
        if notice.box is not None:
            notice.box.close()


def explode() -> None:
    raise RuntimeError("forced failure in a slot")


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_qt_slot_is_logged_and_shown(
        qtbot: QtBot, hooked: tuple[Path, ErrorNotice]) -> None:
    path, notice = hooked
    assert path.parent.name == "logs" and path.parent.parent.name == "data"
    assert any(isinstance(h, logging.handlers.RotatingFileHandler)
               for h in logging.getLogger(LOGGER_NAME).handlers)
    QTimer.singleShot(0, explode)
    qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    logged = path.read_text(encoding="utf-8")
    assert "Unhandled exception in the window" in logged
    assert "Traceback" in logged and "forced failure in a slot" in logged
    assert notice.box is not None
    text = notice.box.text()
    assert str(path) in text and "RuntimeError: forced failure in a slot" in text


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_worker_thread_is_logged_and_shown(
        qtbot: QtBot, hooked: tuple[Path, ErrorNotice]) -> None:
    path, notice = hooked

    def worker() -> None:
        raise OSError("forced failure in a worker")

    thread = threading.Thread(target=worker, name="export-worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    logged = path.read_text(encoding="utf-8")
    assert "Unhandled exception in thread export-worker" in logged
    assert "forced failure in a worker" in logged
    assert notice.box is not None and str(path) in notice.box.text()


def test_the_log_file_rotates(tmp_path: Path) -> None:
    logger = logging.getLogger(LOGGER_NAME)
    handlers = list(logger.handlers)
    path = start_log_file(tmp_path)
    try:
        for _ in range(3000):
            logger.warning("x" * 1000)
        assert path.exists() and path.with_name(path.name + ".1").exists()
        assert path.stat().st_size <= 1_100_000
    finally:
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
                logger.removeHandler(handler)


def test_the_app_logs_to_its_data_folder(tmp_path: Path) -> None:
    """The composition root's wiring, in a process of its own: a failing slot ends up in
    <data folder>/logs/nmt-desktop.log and on stderr naming that file."""
    import os
    import subprocess

    script = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from nmt_desktop.app import report_unexpected_errors\n"
        "from nmt_desktop.config import user_paths\n"
        "app = QApplication([])\n"
        "notice = report_unexpected_errors(app, user_paths().data_dir)\n"
        "def fail():\n"
        "    raise ValueError('forced failure at start')\n"
        "QTimer.singleShot(0, fail)\n"
        "QTimer.singleShot(300, lambda: print('box:', notice.box.text()) or app.quit())\n"
        "app.exec()\n"
    )
    environment = {**os.environ, "NMT_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=environment, timeout=120, check=False)
    log_path = tmp_path / "logs" / "nmt-desktop.log"
    assert "forced failure at start" in log_path.read_text(encoding="utf-8")
    assert f"details in {log_path}" in result.stderr
    assert "box: An unexpected error" in result.stdout and str(log_path) in result.stdout


def test_a_data_folder_that_cannot_hold_the_log_is_said_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nmt_desktop.app import start_log_file_or_say

    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")
    start_log_file_or_say(blocked)
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"nmt-desktop: cannot write the log file in {blocked / 'logs'}:")


@pytest.mark.qt_no_exception_capture
def test_an_exception_before_the_log_file_was_started_starts_it(
        qtbot: QtBot, tmp_path: Path) -> None:
    # GIVEN the hooks as the window installs them before its first paint, no log file yet
    with hooks_on(log_file(tmp_path / "data")) as (path, notice):
        assert not path.exists()
        QTimer.singleShot(0, explode)
        qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
        assert "forced failure in a slot" in path.read_text(encoding="utf-8")
