"""A calm, light look that stays readable on a bright clinic laptop screen."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from nmt_desktop.ui.common.style import ACCENT, APP_STYLE_SHEET


def apply_theme() -> None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f4f5f2"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f8f6"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyleSheet(APP_STYLE_SHEET)
