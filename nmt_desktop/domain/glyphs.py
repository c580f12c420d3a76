"""The pain-quality glyphs, described once for every renderer (screen and paper alike).

Clinical-spec §3.6: Ransford's pain-drawing marks (^ = o x /) plus app glyphs for throbbing,
cramping, shooting and deep pressure. Each glyph is a few primitives in unit coordinates:
centred on (0, 0), y pointing up, spanning about -1.1..1.1. A renderer scales by half the
glyph size and flips y if its own y axis points down.
"""

from __future__ import annotations

from dataclasses import dataclass

from nmt_desktop.domain.vocab import PainQuality

Point = tuple[float, float]


@dataclass(frozen=True)
class Stroke:
    """An open polyline drawn with the glyph pen."""

    points: tuple[Point, ...]


@dataclass(frozen=True)
class Solid:
    """A closed polygon filled with the ink colour."""

    points: tuple[Point, ...]


@dataclass(frozen=True)
class Ring:
    """A circle outline."""

    radius: float


@dataclass(frozen=True)
class Arc:
    """Part of a circle centred at (cx, 0); angles in degrees, counter-clockwise, 0 = +x."""

    cx: float
    radius: float
    start: float
    extent: float


@dataclass(frozen=True)
class Block:
    """A square patch of faint ink: "solid fill" at glyph scale.

    A uniform fill would read as higher intensity in greyscale; patches keep it a texture.
    """

    half: float


Primitive = Stroke | Solid | Ring | Arc | Block

_ZIGZAG = tuple((-1.1 + i * 2.2 / 6, 0.3 if i % 2 else -0.3) for i in range(7))

GLYPHS: dict[PainQuality, tuple[Primitive, ...]] = {
    PainQuality.ACHING: (Stroke(((-0.72, -0.48), (0.0, 0.55), (0.72, -0.48))),),
    PainQuality.NUMBNESS: (Stroke(((-1.0, 0.34), (1.0, 0.34))),
                           Stroke(((-1.0, -0.34), (1.0, -0.34)))),
    PainQuality.PINS_NEEDLES: (Ring(0.47),),
    PainQuality.BURNING: (Stroke(((-0.7, -0.7), (0.7, 0.7))), Stroke(((-0.7, 0.7), (0.7, -0.7)))),
    PainQuality.STABBING: (Stroke(((-0.52, -1.0), (0.52, 1.0))),),
    PainQuality.THROBBING: (Arc(-0.6, 0.52, -50, 100), Arc(-0.6, 1.02, -50, 100)),
    PainQuality.CRAMPING: (Stroke(_ZIGZAG),),
    PainQuality.SHOOTING: (Solid(((0.35, 1.0), (-0.45, -0.05), (-0.02, -0.05), (-0.35, -1.0),
                                  (0.45, 0.1), (0.02, 0.1))),),
    PainQuality.DEEP_PRESSURE: (Block(0.6),),
}
