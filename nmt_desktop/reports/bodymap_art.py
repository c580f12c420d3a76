"""bodymap.svg as vector artwork for ReportLab, and its region geometry by id.

svglib turns the SVG into a ReportLab Drawing in points (1 px = 0.75 pt, y flipped) and keeps
each element's id as `svgid`. We rely only on the body map's conventions: every region is a
closed `<path id="<region_id>">`, the silhouettes are `silhouette_anterior` and
`silhouette_posterior`, and coordinates are absolute. Region outlines are read back from the
Drawing (already in SVG user units, arcs converted to curves), so one parse serves both the
artwork and the geometry.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Path, String
from reportlab.pdfgen.canvas import Canvas
from svglib.svglib import svg2rlg

from nmt_desktop.domain.vocab import View

#: ReportLab path operators: moveTo, lineTo, curveTo, closePath, with their argument counts.
MOVE, LINE, CURVE, CLOSE = 0, 1, 2, 3
_ARG_COUNT = (2, 2, 6, 0)


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """Horizontal extent."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Vertical extent."""
        return self.y1 - self.y0

    def expanded(self, margin: float) -> Box:
        """The box grown by `margin` on every side."""
        return Box(self.x0 - margin, self.y0 - margin, self.x1 + margin, self.y1 + margin)


@dataclass(frozen=True, slots=True)
class Affine:
    """A 2-D affine map in PDF order (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        """Map one point."""
        return self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f

    def then(self, outer: Affine) -> Affine:
        """This map followed by `outer`."""
        return Affine(
            outer.a * self.a + outer.c * self.b,
            outer.b * self.a + outer.d * self.b,
            outer.a * self.c + outer.c * self.d,
            outer.b * self.c + outer.d * self.d,
            outer.a * self.e + outer.c * self.f + outer.e,
            outer.b * self.e + outer.d * self.f + outer.f,
        )

    def map_box(self, box: Box) -> Box:
        """The bounding box of the mapped corners of `box`."""
        xs, ys = zip(
            *(self.apply(x, y) for x in (box.x0, box.x1) for y in (box.y0, box.y1)), strict=True
        )
        return Box(min(xs), min(ys), max(xs), max(ys))


PathOp = tuple[int, tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class Outline:
    """The outline of one SVG element, in SVG user units."""

    ops: tuple[PathOp, ...]
    bounds: Box

    def mapped(self, transform: Affine) -> tuple[PathOp, ...]:
        """The path operations with every point mapped through `transform`."""
        out: list[PathOp] = []
        for op, args in self.ops:
            pts: list[float] = []
            for i in range(0, len(args), 2):
                pts.extend(transform.apply(args[i], args[i + 1]))
            out.append((op, tuple(pts)))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class BodyMapArt:
    """The parsed body map: the drawing plus outlines of its id'd elements.

    Attributes:
        drawing: The artwork as svglib produced it, in points (treat as read-only: cached).
        to_drawing: SVG user units to drawing points (svglib's scale and y flip).
        outlines: Element id to outline, for every id'd element made of paths.
    """

    drawing: Drawing
    to_drawing: Affine
    outlines: dict[str, Outline]

    def view_box(self, view: View) -> Box:
        """The silhouette's bounding box of one view, in SVG user units."""
        return self.outlines[f"silhouette_{view.value}"].bounds


def _group_affine(node: Group) -> Affine:
    t = getattr(node, "transform", None)
    return Affine(*t) if t else Affine()


def _collect_ops(node: object, transform: Affine, ops: list[PathOp]) -> None:
    # An id'd element may come back as a Path or as a Group holding Paths (svglib wraps
    # elements that carry their own style); gather every path under it, mapped into the
    # coordinates of the element's parent (SVG user units: the body map has no transforms).
    if isinstance(node, Path):
        args = list(node.points)
        i = 0
        for raw_op in node.operators:
            op = int(raw_op)
            n = _ARG_COUNT[op]
            pts: list[float] = []
            for j in range(i, i + n, 2):
                pts.extend(transform.apply(args[j], args[j + 1]))
            ops.append((op, tuple(pts)))
            i += n
    elif isinstance(node, Group):
        inner = _group_affine(node).then(transform)
        for child in node.contents:
            _collect_ops(child, inner, ops)


def _bounds(ops: list[PathOp]) -> Box:
    xs = [a for _, args in ops for a in args[0::2]]
    ys = [a for _, args in ops for a in args[1::2]]
    return Box(min(xs), min(ys), max(xs), max(ys))


def _walk(
    node: Group, transform: Affine, found: dict[str, Outline], root_map: list[Affine]
) -> None:
    for child in node.contents:
        svgid = getattr(child, "svgid", None)
        if svgid:
            ops: list[PathOp] = []
            _collect_ops(child, Affine(), ops)
            if ops:
                found[svgid] = Outline(tuple(ops), _bounds(ops))
                # The body map has no transforms of its own, so the map to drawing points
                # above any id'd element is svglib's root transform.
                if not root_map:
                    root_map.append(transform)
        if isinstance(child, Group):
            _walk(child, _group_affine(child).then(transform), found, root_map)


def _drop_text(node: Group) -> None:
    # The reports print their own view names and R/L letters beside each cropped figure;
    # the SVG's labels would be cut by the crop and set in a font svglib guesses.
    node.contents = [child for child in node.contents if not isinstance(child, String)]
    for child in node.contents:
        if isinstance(child, Group):
            _drop_text(child)


def parse_bodymap(svg: bytes) -> BodyMapArt:
    """Parse body-map SVG bytes into artwork and outlines.

    Raises:
        ValueError: If svglib cannot read the SVG or a silhouette id is missing.
    """
    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise ValueError("bodymap.svg could not be read")
    _drop_text(drawing)
    found: dict[str, Outline] = {}
    root_map: list[Affine] = []
    _walk(drawing, _group_affine(drawing), found, root_map)
    for view in View:
        if f"silhouette_{view.value}" not in found:
            raise ValueError(f"bodymap.svg has no path with id silhouette_{view.value}")
    return BodyMapArt(drawing, root_map[0], found)


def bodymap_svg() -> bytes:
    """The bytes of the packaged nmt_desktop/assets/bodymap.svg."""
    return (resources.files("nmt_desktop") / "assets" / "bodymap.svg").read_bytes()


@cache
def packaged_bodymap() -> BodyMapArt:
    """The packaged body map, parsed once per process."""
    return parse_bodymap(bodymap_svg())


_FORM = "nmt_bodymap_artwork"


def draw_artwork(canvas: Canvas, art: BodyMapArt) -> None:
    """Draw the artwork in drawing points at the canvas origin.

    The first call in a document stores the artwork as a form XObject; later calls only
    reference it, so a report with four figures carries the vectors once.
    """
    if not canvas.hasForm(_FORM):
        canvas.beginForm(_FORM, 0, 0, art.drawing.width, art.drawing.height)
        renderPDF.draw(art.drawing, canvas, 0, 0)
        canvas.endForm()
    canvas.doForm(_FORM)
