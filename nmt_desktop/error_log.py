"""The app's log file and the hooks that make sure no exception disappears.

An exception raised in a Qt slot or a worker thread would otherwise be printed to a console
nobody sees, and the action would silently not have happened. The hooks write every such
exception, with its traceback, to a rotating log file in the data folder, then tell the person
at the screen (through `notify`) that something failed and which file has the details.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from nmt_desktop import APP_NAME

LOG_FILE_NAME = "nmt-desktop.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
LOGGER_NAME = "nmt_desktop"

log = logging.getLogger(LOGGER_NAME)

Notify = Callable[[str], None]


def log_file(data_dir: Path) -> Path:
    return data_dir / "logs" / LOG_FILE_NAME


def start_log_file(data_dir: Path) -> Path:
    """Send the app's log records to a rotating file in the data folder; returns its path."""
    path = log_file(data_dir)
    _log_to(path)
    return path


def _log_to(path: Path) -> None:
    """Add the rotating file handler for `path`, once (OSError if the file cannot be written).

    logging.handlers is imported here, not at the top: it costs about 10 ms (sockets, pickle,
    queues), and the window starts its log file after its first paint.
    """
    import logging.handlers

    path.parent.mkdir(parents=True, exist_ok=True)
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler) and \
                Path(handler.baseFilename) == path:
            return
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def unexpected_error_message(error: BaseException, path: Path) -> str:
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    what = f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
    return (f"An unexpected error stopped the last action ({what}). It was not completed. "
            f"The details are in {path}; please send that file to whoever supports "
            f"{APP_NAME}.")


def install_exception_hooks(path: Path, notify: Notify) -> None:
    """Every uncaught exception (Qt slots, threads) is logged to `path` and told via `notify`.

    The log file is started here at the latest, if the app had not started it yet.
    """
    previous = sys.excepthook

    def report(kind: type[BaseException], error: BaseException,
               trace: TracebackType | None, where: str) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        try:
            _log_to(path)
        except OSError as problem:  # the details still reach stderr, through logging's own
            sys.stderr.write(f"{APP_NAME}: cannot write the log file {path}: {problem}\n")
        log.error("Unhandled exception in %s", where, exc_info=(kind, error, trace))
        try:
            notify(unexpected_error_message(error, path))
        except Exception:  # noqa: BLE001 - telling must never hide the original error
            log.exception("Could not show the unexpected-error message")
        sys.stderr.write(f"{APP_NAME}: unexpected error ({kind.__name__}); details in {path}\n")

    def main_hook(kind: type[BaseException], error: BaseException,
                  trace: TracebackType | None) -> None:
        report(kind, error, trace, "the window")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a worker"
        report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")

    sys.excepthook = main_hook
    threading.excepthook = thread_hook
