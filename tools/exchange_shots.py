"""Screenshots of moving charts (registered in tools/screenshots.py).

export-dialog.png: File → Export chart… for María, a chart file to be encrypted for the
receiving clinic, whose exchange key is pasted. exchange-key.png: File → This clinic's
exchange key…, the key made by the owner, ready to copy.

import-summary.png: the file is María's chart as it comes back from a second laptop: a new
tension grade in her draft visit, and a note rewritten in her first visit, which is signed
here. The import takes the new grade, leaves the signed visit as it was and says so.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from nmt_desktop.db.database import Database
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services.demo import demo_uid
from nmt_desktop.services.exchange import chart_document
from nmt_desktop.ui.exchange.chart_exchange import ChartExchangeActions
from nmt_desktop.ui.exchange.exchange_key_dialog import ExchangeKeyDialog
from nmt_desktop.ui.exchange.export_format_dialog import ExportFormatDialog
from nmt_desktop.ui.main_window import MainWindow

Shot = Callable[[MainWindow, Database], QWidget | None]


def _later(stamp: str) -> str:
    """A change made after `stamp` on the other laptop, but never in the future (the import
    refuses that): the demo clinic is loaded moments before the shot."""
    later = dt.datetime.fromisoformat(stamp) + dt.timedelta(days=1)
    return min(later, dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)).isoformat()


def _from_the_other_laptop(db: Database) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(json.dumps(chart_document(db, demo_uid("maria"))))
    signed = document["sessions"][0]
    point = signed["trigger_points"][0]
    point["note"], point["updated_at"] = "Rewritten afterwards", _later(point["updated_at"])
    signed["updated_at"] = _later(signed["updated_at"])
    # Other shots may have started sessions of their own: take a draft that has a rating.
    rated_drafts = [s for s in document["sessions"]
                    if s["status"] == "draft" and s["tension_ratings"]]
    rating = rated_drafts[-1]["tension_ratings"][0]
    rating["grade"], rating["updated_at"] = 1, _later(rating["updated_at"])
    return document


def import_summary(window: MainWindow, db: Database) -> QWidget:
    path = Path(tempfile.mkdtemp()) / f"D1001-chart-{dt.date.today().isoformat()}.json"
    path.write_text(json.dumps(_from_the_other_laptop(window.context.db), ensure_ascii=False),
                    encoding="utf-8")
    window.exchange = ChartExchangeActions(window.context, window,
                                           choose_import_file=lambda _parent, _folder: str(path))
    opened: list[QWidget] = []
    window.exchange.dialog_opened.connect(opened.append)
    window.import_chart_action.trigger()
    while not opened:  # the import runs on a worker thread
        QApplication.processEvents()
    return opened[0]


# The receiving clinic's key as another laptop shows it (a fixed example, not a secret).
OTHER_CLINIC_KEY = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"


def export_dialog(window: MainWindow, _db: Database) -> QWidget:
    maria = patient_service.get_patient(window.context.db, demo_uid("maria"))
    window.open_patient(maria)
    dialog = ExportFormatDialog(maria, window)
    dialog.protection.clinic_key.edit.setText(OTHER_CLINIC_KEY)
    dialog.show()
    dialog.adjustSize()
    return dialog


def exchange_key(window: MainWindow, _db: Database) -> QWidget:
    dialog = ExchangeKeyDialog(window.context, window)  # the window's person: an owner
    if dialog.key.text() == "":
        dialog.create_button.click()
    dialog.show()
    dialog.adjustSize()
    return dialog


EXCHANGE_SHOTS: dict[str, Shot] = {"export-dialog.png": export_dialog,
                                   "exchange-key.png": exchange_key,
                                   "import-summary.png": import_summary}
