"""Fixtures of the body-map tests: a shown view over a fresh scene, and scene-point helpers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF
from pytestqt.qtbot import QtBot

from nmt_desktop.ui.bodymap.scene import BodyMapScene
from nmt_desktop.ui.bodymap.view import BodyMapView


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
