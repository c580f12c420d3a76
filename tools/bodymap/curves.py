"""Smooth curves through control points, densified to polylines.

The figure is described by control points in head-height units (H). Each *stroke* is a smooth
centripetal Catmull-Rom spline through its points; consecutive strokes meet at corners (armpit,
crotch, thumb web, ...) where the outline may change direction abruptly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Point = tuple[float, float]

# Sampling step along a curve, in H units (H = 100 SVG units, so 0.0025 H is a quarter unit).
STEP = 0.0025


def _knot(ti: float, p: Point, q: Point, alpha: float) -> float:
    d = math.hypot(q[0] - p[0], q[1] - p[1])
    return ti + max(d, 1e-9) ** alpha


def _lerp(a: Point, b: Point, ta: float, tb: float, t: float) -> Point:
    wa = (tb - t) / (tb - ta)
    wb = (t - ta) / (tb - ta)
    return (wa * a[0] + wb * b[0], wa * a[1] + wb * b[1])


def _segment(p0: Point, p1: Point, p2: Point, p3: Point, n: int, alpha: float = 0.5) -> list[Point]:
    """Points of the centripetal Catmull-Rom segment p1 -> p2 (p1 included, p2 excluded)."""
    t0 = 0.0
    t1 = _knot(t0, p0, p1, alpha)
    t2 = _knot(t1, p1, p2, alpha)
    t3 = _knot(t2, p2, p3, alpha)
    out: list[Point] = []
    for i in range(n):
        t = t1 + (t2 - t1) * i / n
        a1 = _lerp(p0, p1, t0, t1, t)
        a2 = _lerp(p1, p2, t1, t2, t)
        a3 = _lerp(p2, p3, t2, t3, t)
        b1 = _lerp(a1, a2, t0, t2, t)
        b2 = _lerp(a2, a3, t1, t3, t)
        out.append(_lerp(b1, b2, t1, t2, t))
    return out


def _natural_cubic(ts: Sequence[float], ys: Sequence[float]) -> list[float]:
    """Second derivatives of the natural cubic spline through (ts, ys) (tridiagonal solve)."""
    n = len(ts)
    m = [0.0] * n
    if n < 3:
        return m
    h = [ts[i + 1] - ts[i] for i in range(n - 1)]
    # rows 1..n-2: h[i-1] m[i-1] + 2 (h[i-1] + h[i]) m[i] + h[i] m[i+1] = rhs
    a = [0.0] * n
    b = [1.0] * n
    c = [0.0] * n
    d = [0.0] * n
    for i in range(1, n - 1):
        a[i] = h[i - 1]
        b[i] = 2 * (h[i - 1] + h[i])
        c[i] = h[i]
        d[i] = 6 * ((ys[i + 1] - ys[i]) / h[i] - (ys[i] - ys[i - 1]) / h[i - 1])
    for i in range(1, n):
        w = a[i] / b[i - 1]
        b[i] -= w * c[i - 1]
        d[i] -= w * d[i - 1]
    m[n - 1] = d[n - 1] / b[n - 1]
    for i in range(n - 2, -1, -1):
        m[i] = (d[i] - c[i] * m[i + 1]) / b[i]
    return m


def _eval(
    vals: Sequence[float], ms: Sequence[float], i: int, u: float, v: float, h: float
) -> float:
    """Value of the cubic piece i at the barycentric position (u, v), interval length h."""
    return u * vals[i] + v * vals[i + 1] + ((u**3 - u) * ms[i] + (v**3 - v) * ms[i + 1]) * h * h / 6


def spline(
    points: Sequence[Point],
    step: float = STEP,
    before: Point | None = None,
    after: Point | None = None,
) -> list[Point]:
    """Densify an open stroke through ``points``; its first and last points are kept exactly.

    A natural cubic spline (C2: no visible kinks when zoomed in) with chord-length
    parameters. ``before`` / ``after`` are optional extra points beyond the ends that shape the
    end tangents (for example the mirror image of the second point, so that two mirrored
    halves join smoothly on the midline); the curve is cut at the real end points.
    """
    pts = [(float(x), float(y)) for x, y in points]
    if len(pts) < 2:
        return pts
    ext = ([before] if before is not None else []) + pts + ([after] if after is not None else [])
    first = 1 if before is not None else 0
    last = len(ext) - (2 if after is not None else 1)
    ts = [0.0]
    for p, q in zip(ext, ext[1:], strict=False):
        ts.append(ts[-1] + max(math.hypot(q[0] - p[0], q[1] - p[1]), 1e-9))
    xs = [p[0] for p in ext]
    ys = [p[1] for p in ext]
    mx = _natural_cubic(ts, xs)
    my = _natural_cubic(ts, ys)
    out: list[Point] = []
    for i in range(first, last):
        h = ts[i + 1] - ts[i]
        n = max(2, math.ceil(h / step))
        for k in range(n):
            t = h * k / n
            u = 1 - t / h
            v = t / h
            out.append((_eval(xs, mx, i, u, v, h), _eval(ys, my, i, u, v, h)))
    out.append(ext[last])
    return out


class Stroke:
    """Control points of one smooth piece of a curve, with optional end-tangent phantoms."""

    def __init__(
        self, points: Sequence[Point], before: Point | None = None, after: Point | None = None
    ) -> None:
        self.points = list(points)
        self.before = before
        self.after = after

    def dense(self, step: float = STEP) -> list[Point]:
        return spline(self.points, step, self.before, self.after)


def join(parts: Sequence[Stroke | Sequence[Point]], step: float = STEP) -> list[Point]:
    """Densify consecutive strokes that share their end points into one polyline."""
    out: list[Point] = []
    for k, part in enumerate(parts):
        stroke = part if isinstance(part, Stroke) else Stroke(part)
        dense = stroke.dense(step)
        if k:
            gap = math.hypot(out[-1][0] - dense[0][0], out[-1][1] - dense[0][1])
            if gap > 1e-9:
                raise ValueError(
                    f"stroke {k} starts {gap:.4f} H away from where stroke {k - 1} ends"
                )
            dense = dense[1:]
        out.extend(dense)
    return out


def mirror(points: Sequence[Point]) -> list[Point]:
    """Reflect points across the midline (x -> -x)."""
    return [(-x, y) for x, y in points]


class Frame:
    """A local frame along a limb: ``u`` runs along the axis, ``v`` points outward (lateral).

    The axis direction is an angle from straight down, positive when the limb points outward
    (towards +x, away from the midline of the half-figure).
    """

    def __init__(self, origin: Point, angle_deg: float) -> None:
        a = math.radians(angle_deg)
        self.origin = origin
        self.d = (math.sin(a), math.cos(a))
        self.n = (math.cos(a), -math.sin(a))

    def __call__(self, u: float, v: float) -> Point:
        ox, oy = self.origin
        return (ox + u * self.d[0] + v * self.n[0], oy + u * self.d[1] + v * self.n[1])

    def many(self, uv: Sequence[Point]) -> list[Point]:
        return [self(u, v) for u, v in uv]
