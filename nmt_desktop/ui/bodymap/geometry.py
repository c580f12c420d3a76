"""The atlas as the body map needs it: Qt paths, hit tests and display names.

Every atlas call of the body-map widgets goes through here, so scene coordinates are SVG user
coordinates everywhere and region outlines are built once per run.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from nmt_desktop.domain.atlas import load_atlas


def atlas() -> Any:
    """The cached atlas (typed loosely: the UI only reads it)."""
    return load_atlas()


def document_rect() -> QRectF:
    """The whole SVG document in user units: the scene's drawing area."""
    width, height = atlas().document_size()
    return QRectF(0.0, 0.0, float(width), float(height))


#: Top of the "Front" / "Back" titles in the artwork (SVG user units).
_TITLES_TOP = 20.0


@cache
def figure_rect() -> QRectF:
    """The two figures' outline: the union of every region, in scene units."""
    rect = QRectF()
    for region_id in atlas().regions:
        rect = rect.united(region_path(region_id).boundingRect())
    return rect


def fit_rect() -> QRectF:
    """What "fit" shows: the figures and their titles, without the document's empty margins."""
    figures = figure_rect()
    return QRectF(figures.left(), _TITLES_TOP, figures.width(), figures.bottom() - _TITLES_TOP)


@cache
def region_path(region_id: str) -> QPainterPath:
    """Closed outline of a region, in scene (= SVG) coordinates."""
    points = atlas().polygon(region_id)
    path = QPainterPath()
    if not points:
        return path
    path.moveTo(*points[0])
    for x, y in points[1:]:
        path.lineTo(x, y)
    path.closeSubpath()
    return path


def region_at(x: float, y: float) -> str | None:
    """Id of the region under a scene point, or None outside the body."""
    region = atlas().region_at(x, y)
    return None if region is None else str(region.id)


def regions_along(start: QPointF, end: QPointF, step: float = 2.5) -> list[str]:
    """Regions crossed by a straight mouse movement, in order, sampled every `step` units.

    A fast drag delivers few move events; sampling the segment between them keeps a small
    region that the pointer swept over from being skipped.
    """
    length = math.hypot(end.x() - start.x(), end.y() - start.y())
    count = max(1, math.ceil(length / step))
    found: list[str] = []
    for i in range(1, count + 1):
        t = i / count
        region = region_at(start.x() + (end.x() - start.x()) * t,
                           start.y() + (end.y() - start.y()) * t)
        if region is not None and (not found or found[-1] != region):
            found.append(region)
    return found


def is_inside_body(x: float, y: float) -> bool:
    return region_at(x, y) is not None


def region_name(region_id: str) -> str:
    """Display name such as "Left temple"; the id itself for an unknown region."""
    region = atlas().regions.get(region_id)
    return region_id if region is None else str(region.display_name)


def label_point(region_id: str) -> QPointF:
    x, y = atlas().label_point(region_id)
    return QPointF(float(x), float(y))


def muscle_name(muscle_id: str | None) -> str:
    """Display name of a muscle; "" for None, the id itself for an unknown muscle."""
    if muscle_id is None:
        return ""
    muscle = atlas().muscles.get(muscle_id)
    return muscle_id if muscle is None else str(muscle.name)


def region_ids() -> list[str]:
    """All region ids, front view first, then by display name."""
    regions = atlas().regions
    return sorted(regions, key=lambda rid: (str(regions[rid].view), region_name(rid)))
