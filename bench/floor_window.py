"""The start-up floor: a bare PySide6 window showing the body-map SVG, nothing else.

    NMT_EXIT_AFTER_FIRST_PAINT=1 python -m bench.floor_window

It reads the same packaged SVG, sets the same offscreen/Fusion basics, and reports its first
paint through the same watcher as the app (nmt_desktop/ui/first_paint.py), so the difference
to `python -m nmt_desktop` is what the app itself adds: database, services, widgets.
"""

from __future__ import annotations

import os
import sys
from importlib import resources

from PySide6.QtCore import QByteArray
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QApplication

from nmt_desktop.ui.first_paint import EXIT_AFTER_FIRST_PAINT_ENV, quit_after_first_paint


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    svg = resources.files("nmt_desktop.assets").joinpath("bodymap.svg").read_bytes()
    window = QSvgWidget()
    window.load(QByteArray(svg))
    window.setWindowTitle("floor")
    window.resize(1280, 820)
    window.show()
    if os.environ.get(EXIT_AFTER_FIRST_PAINT_ENV):
        quit_after_first_paint(window)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
