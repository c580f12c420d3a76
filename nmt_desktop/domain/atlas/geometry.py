"""Small pure-Python polygon helpers: area, bounding box, hit test, inner label point."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

XY = tuple[float, float]
Polygon = tuple[XY, ...]
BBox = tuple[float, float, float, float]


def shoelace_area(poly: Sequence[XY]) -> float:
    """Area of a simple polygon (vertices in either orientation, not repeated at the end)."""
    total = 0.0
    n = len(poly)
    for i in range(n):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % n]
        total += x0 * y1 - x1 * y0
    return abs(total) / 2.0


def centroid(poly: Sequence[XY]) -> XY:
    """Area centroid of a simple polygon."""
    a = cx = cy = 0.0
    n = len(poly)
    for i in range(n):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % n]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        xs = [p[0] for p in poly]
        ys = [p[1] for p in poly]
        return (sum(xs) / n, sum(ys) / n)
    return (cx / (3.0 * a), cy / (3.0 * a))


def bbox(poly: Sequence[XY]) -> BBox:
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    return (min(xs), min(ys), max(xs), max(ys))


def contains(poly: Sequence[XY], x: float, y: float) -> bool:
    """Even-odd ray-casting point-in-polygon test."""
    inside = False
    n = len(poly)
    xj, yj = poly[n - 1]
    for i in range(n):
        xi, yi = poly[i]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        xj, yj = xi, yi
    return inside


def _segment_distance_sq(px: float, py: float, a: XY, b: XY) -> float:
    x, y = a
    dx, dy = b[0] - x, b[1] - y
    if dx != 0 or dy != 0:
        t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy)
        if t > 1:
            x, y = b
        elif t > 0:
            x += dx * t
            y += dy * t
    dx, dy = px - x, py - y
    return dx * dx + dy * dy


def signed_distance(poly: Sequence[XY], x: float, y: float) -> float:
    """Distance from (x, y) to the polygon outline; negative outside the polygon."""
    n = len(poly)
    best = min(_segment_distance_sq(x, y, poly[i], poly[(i + 1) % n]) for i in range(n))
    d = math.sqrt(best)
    return d if contains(poly, x, y) else -d


def pole_of_inaccessibility(poly: Sequence[XY], precision: float = 0.5) -> XY:
    """The interior point farthest from the outline (Mapbox "polylabel" cell search).

    Args:
        poly: A simple polygon.
        precision: Stop when no cell can improve the best distance by more than this.

    Returns:
        A point well inside the polygon, good for a label or a test click.
    """
    x0, y0, x1, y1 = bbox(poly)
    width, height = x1 - x0, y1 - y0
    size = min(width, height)
    if size == 0:
        return (x0, y0)
    h = size / 2
    heap: list[tuple[float, float, float, float, float]] = []  # (-max, x, y, h, d)

    def push(cx: float, cy: float, ch: float) -> None:
        d = signed_distance(poly, cx, cy)
        heapq.heappush(heap, (-(d + ch * math.sqrt(2)), cx, cy, ch, d))

    cx = x0
    while cx < x1:
        cy = y0
        while cy < y1:
            push(cx + h, cy + h, h)
            cy += size
        cx += size
    gx, gy = centroid(poly)
    best = (gx, gy, signed_distance(poly, gx, gy))
    bx, by = x0 + width / 2, y0 + height / 2
    box_d = signed_distance(poly, bx, by)
    if box_d > best[2]:
        best = (bx, by, box_d)
    while heap:
        neg_max, cx, cy, ch, d = heapq.heappop(heap)
        if d > best[2]:
            best = (cx, cy, d)
        if -neg_max - best[2] <= precision:
            continue
        ch /= 2
        for sx in (-1, 1):
            for sy in (-1, 1):
                push(cx + sx * ch, cy + sy * ch, ch)
    return (best[0], best[1])
