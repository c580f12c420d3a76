"""Fixtures of the body-map tests: a shown view over a fresh scene, and scene-point helpers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF
from pytestqt.qtbot import QtBot

from nmt_desktop.ui.bodymap.qt_workarounds import guard_singletons
from nmt_desktop.ui.bodymap.scene import BodyMapScene
from nmt_desktop.ui.bodymap.view import BodyMapView

# PySide6 6.12 on Python 3.11 drops a reference to None per void call and to True per signal
# emit; painting the map makes thousands of them (see qt_workarounds).
guard_singletons()


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[BodyMapView]:
    widget = BodyMapView(BodyMapScene())
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def at(view: BodyMapView, x: float, y: float) -> QPoint:
    """Viewport pixel of a scene (= SVG) point."""
    return view.mapFromScene(QPointF(x, y))
