"""Composition root of the desktop app: configuration → database → services → main window."""

from __future__ import annotations

import argparse
import os
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from nmt_desktop import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from nmt_desktop.ui.error_notice import ErrorNotice

EXIT_NO_DISPLAY = 2
EXIT_ALREADY_RUNNING = 3
EXIT_DATABASE_REFUSED = 1


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str:
    """Explain, instead of letting Qt abort, when a Linux session has no display at all."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return (
        f"{APP_NAME} needs a display, and none is available (DISPLAY and WAYLAND_DISPLAY are "
        "not set).\n"
        "  - To run the window without a screen (scripts, screenshots): "
        "QT_QPA_PLATFORM=offscreen nmt-desktop\n"
        "  - Everything else works from the command line: nmt-desktop --help"
    )


def report_unexpected_errors(app: QObject, data_dir: Path) -> ErrorNotice:
    """Log every uncaught exception to the data folder's log file and say so on screen.

    The hooks are in place at once; the log file itself is started by `start_log_file_or_say`
    (after the first paint) or by the first exception, whichever comes first.
    """
    from nmt_desktop.error_log import install_exception_hooks, log_file
    from nmt_desktop.ui.error_notice import ErrorNotice

    notice = ErrorNotice(app)
    install_exception_hooks(log_file(data_dir), notice.notify)
    return notice


def start_log_file_or_say(data_dir: Path) -> None:
    from nmt_desktop.error_log import start_log_file

    try:
        start_log_file(data_dir)
    except OSError as error:
        # No log file (a read-only data folder): still never silent, the message says why.
        print(f"nmt-desktop: cannot write the log file in {data_dir / 'logs'}: {error}",
              file=sys.stderr)


def run_app(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY

    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from nmt_desktop.config import database_url, user_paths
    from nmt_desktop.ui.open_database import open_for_app

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setStyle("Fusion")
    # The taskbar shows this icon; Wayland pairs the window with its menu entry
    # (installer/linux/nmt-desktop.desktop) through the desktop file name.
    icon = resources.files("nmt_desktop.assets").joinpath("icons/nmt-desktop.svg")
    app.setWindowIcon(QIcon(str(icon)))
    app.setDesktopFileName("nmt-desktop")

    # Offscreen (scripts, tests) has nobody to click a message box away; stderr says it all.
    can_ask = QGuiApplication.platformName() != "offscreen"
    paths = user_paths()
    # The notice is a child of the application: it shows errors above whichever window is up.
    report_unexpected_errors(app, paths.data_dir)
    # Lock, check, back up and upgrade (db/opening.py); an up-to-date SQLite file is checked
    # now and connected after the first paint.
    opened = open_for_app(database_url(args.db, paths=paths), can_ask,
                          take_over_lock=getattr(args, "take_over_lock", False),
                          new_database_in_empty_file=getattr(args, "new_database", False))
    if opened.door is None:
        return EXIT_ALREADY_RUNNING if opened.already_open else EXIT_DATABASE_REFUSED
    door = opened.door

    from nmt_desktop.ui.first_paint import (
        EXIT_AFTER_FIRST_PAINT_ENV,
        after_first_paint,
        quit_after_first_paint,
    )
    from nmt_desktop.ui.startup import AppStart

    # The sign-in window is the first paint; a plain file's engine (or an encrypted file's
    # remembered key) is opened right after it, while the person types their password.
    start = AppStart(door, str(paths.data_dir))
    first = start.begin()
    after_first_paint(first, start.open_after_first_paint)
    after_first_paint(first, lambda: start_log_file_or_say(paths.data_dir))
    if os.environ.get(EXIT_AFTER_FIRST_PAINT_ENV):
        quit_after_first_paint(first)
    try:
        return app.exec()
    finally:
        opened.release()
