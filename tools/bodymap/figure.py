"""The body-map figure as a readable geometry description.

Everything here is in head-height units (H) of a figure whose vertex is at (0, 0) and whose
midline is x = 0, with y growing downwards (SVG convention). Only the half at x >= 0 is described:
`build.py` mirrors it for the other half, so the figure is symmetric by construction.

Landmark levels follow shared/clinical/figure.md (chin 1.0 H, clavicles 1.35, axilla 2.0,
costal margin 2.6, umbilicus and elbows 3.0, inguinal fold 3.8, crotch and wrists 4.0,
fingertips 4.8, knees 5.7-6.2, ankles 7.4-7.6, soles 8.1).

* ``outline(view)`` is the silhouette of the half figure, from the vertex down the outside of
  the head, neck, shoulder and arm, round the hand, up the inside of the arm to the armpit,
  down the side of the trunk and the outside of the leg, round the foot and up the inside of
  the leg to the crotch on the midline.
* ``cuts(view)`` are the region boundaries of the half figure. A cut may overshoot the line it
  ends on; the overshoot is a dangling edge that polygonisation ignores.
* ``seeds(view)`` gives one point inside each region of the half figure, by region type.
"""

from __future__ import annotations

from tools.bodymap.curves import Frame, Point, Stroke

ANTERIOR = "anterior"
POSTERIOR = "posterior"

# ---------------------------------------------------------------------------------------------
# Limb frames. The upper arm hangs about 4 degrees outward, the forearm and hand about 12-13
# degrees (the carrying angle), so that the hands clear the thighs.
# ---------------------------------------------------------------------------------------------
WRIST = (1.135, 3.97)
HAND = Frame(WRIST, 13.0)
FOREARM = Frame((0.915, 2.95), 12.2)

# Hand outline in the hand frame (u along the hand from the wrist, v towards the thumb), palm
# forward, fingers together, thumb slightly abducted. Thumb web corner between the two strokes.


def _thumb_uv() -> list[Point]:
    """Thumb outline in the hand frame: thenar bulge, thumb along its own axis, rounded tip."""
    import math

    phi = math.radians(9.0)  # thumb axis, measured outward from the hand axis
    du, dv = math.cos(phi), math.sin(phi)
    nu, nv = -dv, du  # outward normal of the thumb axis
    base = (0.19, 0.224)

    def at(s: float, off: float) -> Point:
        return (base[0] + s * du + off * nu, base[1] + s * dv + off * nv)

    length, half_w = 0.29, 0.056
    outer = [at(s, half_w - 0.006 * s / length) for s in (0.1, 0.2, 0.28)]
    tip = [
        at(length + 0.9 * half_w * math.sin(a), half_w * math.cos(a))
        for a in (math.radians(d) for d in (35, 70, 105, 140))
    ]
    inner = [at(s, -half_w) for s in (0.27, 0.2, 0.155)]
    return [(0.0, 0.115), (0.09, 0.158), *outer, *tip, *inner, _WEB]


_WEB: Point = (0.345, 0.19)
_FINGERS_UV: list[Point] = [
    _WEB,
    (0.45, 0.19),
    (0.6, 0.19),
    (0.72, 0.184),
    (0.8, 0.166),
    (0.852, 0.128),
    (0.884, 0.072),
    (0.898, 0.01),
    (0.893, -0.05),
    (0.872, -0.105),
    (0.834, -0.152),
    (0.78, -0.188),
    (0.71, -0.207),
    (0.6, -0.217),
    (0.48, -0.221),
    (0.34, -0.217),
    (0.19, -0.19),
    (0.07, -0.138),
    (0.0, -0.115),
]

AXILLA = (0.672, 1.965)
CROTCH = (0.0, 4.065)


def _head_and_arm() -> list[Stroke]:
    """Vertex to the armpit: head, ear, jaw, neck, shoulder, arm and hand."""
    head = Stroke(
        [
            (0.0, 0.0),
            (0.13, 0.012),
            (0.236, 0.056),
            (0.315, 0.14),
            (0.352, 0.26),
            (0.363, 0.38),
            (0.357, 0.47),
        ],
        before=(-0.13, 0.012),
    )
    ear = Stroke(
        [(0.357, 0.47), (0.38, 0.49), (0.396, 0.55), (0.392, 0.63), (0.374, 0.69), (0.35, 0.725)]
    )
    jaw = Stroke([(0.35, 0.725), (0.335, 0.79), (0.305, 0.858), (0.266, 0.913), (0.242, 0.945)])
    wrist_lateral = HAND(0.0, 0.115)
    neck_shoulder_arm = Stroke(
        [
            (0.242, 0.945),
            (0.236, 1.03),
            (0.24, 1.11),
            (0.262, 1.19),
            (0.32, 1.26),
            (0.45, 1.325),
            (0.62, 1.38),
            (0.78, 1.428),
            (0.895, 1.48),
            (0.972, 1.56),
            (1.012, 1.67),
            (1.026, 1.8),
            (1.022, 1.97),
            (1.016, 2.2),
            (1.02, 2.5),
            (1.028, 2.75),
            (1.046, 2.97),
            (1.09, 3.2),
            (1.14, 3.45),
            (1.19, 3.71),
            wrist_lateral,
        ]
    )
    thumb = Stroke(HAND.many(_thumb_uv()))
    fingers = Stroke(HAND.many(_FINGERS_UV))
    arm_medial = Stroke(
        [
            HAND(0.0, -0.115),
            (0.975, 3.75),
            (0.912, 3.5),
            (0.852, 3.25),
            (0.806, 3.05),
            (0.786, 2.9),
            (0.764, 2.7),
            (0.73, 2.45),
            (0.701, 2.2),
            (0.684, 2.05),
            AXILLA,
        ]
    )
    return [head, ear, jaw, neck_shoulder_arm, thumb, fingers, arm_medial]


def _trunk_and_leg(view: str) -> Stroke:
    """Armpit down the side of the trunk, the outside of the leg, round the foot, up the inside
    of the leg to the crotch (one smooth stroke, with a smooth arch on the midline)."""
    trunk_and_thigh: list[Point] = [
        AXILLA,
        (0.668, 2.1),
        (0.655, 2.35),
        (0.626, 2.65),
        (0.59, 2.9),
        (0.583, 3.05),
        (0.6, 3.25),
        (0.65, 3.5),
        (0.71, 3.72),
        (0.752, 3.92),
        (0.758, 4.05),
        (0.748, 4.3),
        (0.716, 4.7),
        (0.665, 5.1),
        (0.592, 5.5),
        (0.532, 5.82),
        (0.513, 6.0),
        (0.518, 6.2),
        (0.527, 6.45),
        (0.505, 6.8),
    ]
    if view == ANTERIOR:
        # Seen from the front: both malleoli (the inner one higher), the top of the foot
        # foreshortened and turned slightly outward, the toes at the bottom.
        foot: list[Point] = [
            (0.455, 7.1),
            (0.405, 7.34),
            (0.393, 7.45),
            (0.396, 7.57),
            (0.425, 7.665),
            (0.465, 7.76),
            (0.498, 7.86),
            (0.513, 7.95),
            (0.51, 8.03),
            (0.49, 8.085),
            (0.44, 8.12),
            (0.37, 8.138),
            (0.3, 8.142),
            (0.235, 8.135),
            (0.19, 8.112),
            (0.166, 8.07),
            (0.158, 8.0),
            (0.16, 7.9),
            (0.165, 7.78),
            (0.168, 7.66),
            (0.172, 7.55),
            (0.176, 7.45),
            (0.186, 7.3),
        ]
    else:
        # Seen from behind and a little below (as on CHOIR's back figure): the Achilles tendon,
        # the heel, then the sole like a footprint (arch on the inner side), toes last.
        foot = [
            (0.45, 7.08),
            (0.402, 7.25),
            (0.386, 7.34),
            (0.398, 7.43),
            (0.41, 7.52),
            (0.418, 7.62),
            (0.432, 7.74),
            (0.452, 7.86),
            (0.468, 7.97),
            (0.472, 8.05),
            (0.452, 8.105),
            (0.4, 8.135),
            (0.32, 8.145),
            (0.245, 8.14),
            (0.185, 8.112),
            (0.155, 8.055),
            (0.145, 7.97),
            (0.152, 7.88),
            (0.178, 7.78),
            (0.19, 7.68),
            (0.184, 7.58),
            (0.176, 7.5),
            (0.19, 7.4),
            (0.208, 7.32),
            (0.198, 7.22),
        ]
    leg_medial: list[Point] = [
        (0.172, 7.1),
        (0.149, 6.8),
        (0.143, 6.5),
        (0.155, 6.2),
        (0.163, 6.0),
        (0.158, 5.85),
        (0.145, 5.6),
        (0.11, 5.1),
        (0.072, 4.6),
        (0.04, 4.25),
        (0.016, 4.1),
        CROTCH,
    ]
    return Stroke([*trunk_and_thigh, *foot, *leg_medial], after=(-0.016, 4.1))


def outline(view: str) -> list[Stroke]:
    """Strokes of the half silhouette, vertex to crotch."""
    return [*_head_and_arm(), _trunk_and_leg(view)]


# ---------------------------------------------------------------------------------------------
# Region boundaries
# ---------------------------------------------------------------------------------------------
def _arm_cuts(view: str) -> list[Stroke]:
    cuts = [
        # shoulder cap (deltoid) | upper arm, from the armpit to the deltoid insertion
        Stroke([AXILLA, (0.85, 2.05), (1.03, 2.12), (1.07, 2.13)]),
        # upper arm | elbow, across the arm about 0.15 H above the elbow crease
        Stroke([(0.74, 2.83), (1.07, 2.81)]),
        # elbow | forearm, square to the forearm
        Stroke([FOREARM(0.2, -0.2), FOREARM(0.2, 0.24)]),
        # forearm | hand, just above the wrist crease so that the hand regions hold the wrist
        Stroke([HAND(-0.035, -0.2), HAND(-0.035, 0.2)]),
    ]
    if view == ANTERIOR:
        # palm, thumb side | palm, little-finger side: wrist centre to between middle and ring
        cuts.append(
            Stroke(
                HAND.many(
                    [(-0.06, -0.01), (0.3, -0.016), (0.6, -0.022), (0.89, -0.028), (0.95, -0.03)]
                )
            )
        )
    return cuts


def _leg_cuts() -> list[Stroke]:
    return [
        # thigh | knee and knee | leg
        Stroke([(0.1, 5.74), (0.35, 5.72), (0.6, 5.7)]),
        Stroke([(0.1, 6.24), (0.35, 6.25), (0.6, 6.24)]),
    ]


def cuts(view: str) -> list[Stroke]:
    """Boundary strokes of the half figure (the midline is added by the builder)."""
    if view == ANTERIOR:
        face = [
            # forehead | temple, then temple | orbit and cheek | jaw (TMJ and ear strip)
            Stroke(
                [
                    (0.29, 0.06),
                    (0.24, 0.2),
                    (0.228, 0.34),
                    (0.23, 0.45),
                    (0.24, 0.56),
                    (0.262, 0.66),
                    (0.275, 0.79),
                ]
            ),
            # brow line: forehead | orbit
            Stroke([(0.0, 0.445), (0.13, 0.436), (0.245, 0.452)]),
            # temple | jaw (the ear belongs to the jaw / TMJ region)
            Stroke([(0.24, 0.565), (0.31, 0.548), (0.37, 0.525), (0.43, 0.5)]),
            # orbit | cheek
            Stroke([(0.0, 0.625), (0.14, 0.622), (0.262, 0.605)]),
            # cheek | jaw at the nose base
            Stroke([(0.0, 0.775), (0.15, 0.772), (0.285, 0.776)]),
            # jaw | neck along the mandible
            Stroke([(0.0, 1.0), (0.12, 0.986), (0.2, 0.962), (0.29, 0.92)]),
        ]
        trunk = [
            # clavicle: neck | chest
            Stroke([(0.0, 1.375), (0.2, 1.366), (0.42, 1.396), (0.6, 1.445)]),
            # neck | shoulder above the acromioclavicular area
            Stroke([(0.6, 1.445), (0.615, 1.40), (0.632, 1.34)]),
            # deltopectoral groove: chest | front of shoulder, down to the armpit
            Stroke([(0.6, 1.445), (0.635, 1.6), (0.66, 1.78), AXILLA]),
            # chest | side of chest (from the groove near the armpit to the costal margin)
            Stroke([(0.672, 1.78), (0.6, 2.05), (0.535, 2.4), (0.49, 2.75), (0.48, 2.82)]),
            # costal margin: chest | upper abdomen
            Stroke([(0.0, 2.52), (0.2, 2.57), (0.4, 2.68), (0.55, 2.8), (0.63, 2.86)]),
            # umbilicus level: upper | lower abdomen
            Stroke([(0.0, 3.02), (0.3, 3.026), (0.63, 3.02)]),
            # inguinal fold: lower abdomen | groin
            Stroke([(0.0, 3.82), (0.12, 3.79), (0.3, 3.69), (0.5, 3.56), (0.69, 3.43)]),
            # groin | thigh
            Stroke([(0.005, 4.2), (0.15, 4.11), (0.35, 4.03), (0.55, 3.97), (0.79, 3.92)]),
            # outer thigh strip (iliotibial band)
            Stroke(
                [(0.63, 3.92), (0.62, 4.3), (0.585, 4.8), (0.525, 5.3), (0.45, 5.7), (0.43, 5.77)]
            ),
            # inner thigh (adductors)
            Stroke([(0.362, 3.99), (0.322, 4.5), (0.272, 5.1), (0.236, 5.6), (0.226, 5.77)]),
            # outer lower leg strip (fibular compartment)
            Stroke([(0.41, 6.22), (0.405, 6.6), (0.372, 7.0), (0.335, 7.3), (0.33, 7.44)]),
            # leg | ankle and foot, above the malleoli
            Stroke([(0.1, 7.4), (0.3, 7.41), (0.5, 7.4)]),
        ]
        return [*face, *trunk, *_arm_cuts(view), *_leg_cuts()]
    back = [
        # crown | base of skull: occipital protuberance, rising to above the ear
        Stroke([(0.0, 0.6), (0.15, 0.585), (0.27, 0.55), (0.34, 0.47), (0.39, 0.41)]),
        # base of skull | back of neck
        Stroke([(0.0, 1.06), (0.12, 1.045), (0.2, 1.005), (0.28, 0.97)]),
        # back of neck | shoulder top and interscapular area (C7, neck-shoulder angle)
        Stroke([(0.0, 1.335), (0.1, 1.305), (0.19, 1.25), (0.245, 1.19), (0.29, 1.15)]),
        # lower edge of the upper-trapezius ridge, along the spine of the scapula to the acromion
        Stroke(
            [
                (0.075, 1.30),
                (0.18, 1.41),
                (0.35, 1.5),
                (0.55, 1.56),
                (0.72, 1.585),
                (0.86, 1.56),
                (0.95, 1.52),
                (1.0, 1.49),
            ]
        ),
        # shoulder blade | back of shoulder (posterior axillary fold)
        Stroke([(0.742, 1.56), (0.73, 1.75), (0.705, 1.9), AXILLA]),
        # medial (vertebral) border of the scapula
        Stroke([(0.238, 1.42), (0.245, 1.8), (0.26, 2.2), (0.28, 2.6), (0.29, 2.69)]),
        # inferior angle / T7: shoulder blade and interscapular strip | mid back
        Stroke(
            [
                (0.0, 2.6),
                (0.18, 2.61),
                (0.3, 2.66),
                (0.36, 2.68),
                (0.45, 2.62),
                (0.57, 2.5),
                (0.66, 2.4),
                (0.7, 2.36),
            ]
        ),
        # thoracolumbar junction: mid back | low back
        Stroke([(0.0, 2.98), (0.3, 2.985), (0.63, 2.97)]),
        # iliac crest and top of the sacrum: low back | buttock, sacrum, outer hip
        Stroke(
            [
                (0.0, 3.38),
                (0.1, 3.385),
                (0.19, 3.37),
                (0.3, 3.32),
                (0.45, 3.28),
                (0.6, 3.27),
                (0.66, 3.27),
            ]
        ),
        # edge of the sacrum down to the coccyx
        Stroke(
            [
                (0.19, 3.35),
                (0.185, 3.45),
                (0.17, 3.62),
                (0.12, 3.82),
                (0.05, 3.97),
                (0.0, 4.02),
                (-0.01, 4.03),
            ]
        ),
        # buttock | outer hip (greater trochanter strip)
        Stroke([(0.47, 3.25), (0.53, 3.5), (0.575, 3.8), (0.6, 4.05), (0.61, 4.22), (0.615, 4.27)]),
        # gluteal fold: buttock and outer hip | back of thigh
        Stroke([(0.005, 4.16), (0.12, 4.24), (0.3, 4.27), (0.5, 4.26), (0.63, 4.23), (0.77, 4.2)]),
        # calf | Achilles and heel
        Stroke([(0.1, 7.0), (0.3, 7.01), (0.55, 7.0)]),
        # heel | sole (the heel pad)
        Stroke([(0.1, 7.52), (0.18, 7.55), (0.29, 7.585), (0.40, 7.55), (0.48, 7.52)]),
    ]
    return [*back, *_arm_cuts(view), *_leg_cuts()]


def seeds(view: str) -> dict[str, Point]:
    """One point inside each region of the half figure, keyed by region type."""
    if view == ANTERIOR:
        return {
            "forehead": (0.12, 0.2),
            "temple": (0.3, 0.38),
            "orbit": (0.13, 0.53),
            "cheek": (0.13, 0.69),
            "jaw": (0.15, 0.88),
            "neck_anterior": (0.1, 1.2),
            "shoulder_anterior": (0.85, 1.7),
            "chest": (0.35, 1.8),
            "chest_lateral": (0.6, 2.35),
            "abdomen_upper": (0.3, 2.85),
            "abdomen_lower": (0.3, 3.3),
            "groin": (0.3, 3.85),
            "arm_anterior": (0.9, 2.4),
            "elbow_anterior": (0.92, 3.0),
            "forearm_anterior": (1.0, 3.5),
            "hand_palmar_radial": HAND(0.45, 0.08),
            "hand_palmar_ulnar": HAND(0.45, -0.12),
            "thigh_anterior": (0.45, 4.6),
            "thigh_medial": (0.15, 4.6),
            "thigh_lateral": (0.67, 4.6),
            "knee_anterior": (0.33, 6.0),
            "leg_anterior": (0.25, 6.8),
            "leg_lateral": (0.45, 6.6),
            "foot_dorsal": (0.3, 7.85),
        }
    return {
        "head_crown": (0.12, 0.3),
        "occiput": (0.15, 0.85),
        "neck_posterior": (0.1, 1.15),
        "shoulder_top": (0.5, 1.45),
        "shoulder_posterior": (0.88, 1.8),
        "scapula": (0.45, 2.0),
        "interscapular": (0.12, 2.0),
        "mid_back": (0.3, 2.85),
        "low_back": (0.3, 3.15),
        "sacroiliac": (0.08, 3.55),
        "buttock": (0.35, 3.8),
        "hip_lateral": (0.66, 3.8),
        "arm_posterior": (0.9, 2.4),
        "elbow_posterior": (0.92, 3.0),
        "forearm_posterior": (1.0, 3.5),
        "hand_dorsal": HAND(0.45, 0.0),
        "thigh_posterior": (0.4, 5.0),
        "knee_posterior": (0.33, 6.0),
        "calf": (0.33, 6.6),
        "heel_achilles": (0.29, 7.3),
        "foot_plantar": (0.3, 7.85),
    }


def details(view: str) -> list[tuple[list[Point], bool]]:
    """Thin decorative lines (not regions), each with whether to mirror it to the other half.

    Finger and toe separations and, on the front, a one-sided hint of the nose.
    """
    lines: list[tuple[list[Point], bool]] = []
    finger_gaps = [(0.09, 0.874), (-0.028, 0.894), (-0.128, 0.847)]  # (v, u) at the fingertips
    for v, tip in finger_gaps:
        if view == ANTERIOR and v == -0.028:
            continue  # the palm split already runs between the middle and ring fingers
        lines.append((HAND.many([(tip - 0.004, v), (0.64, v * 0.95)]), True))
    if view == ANTERIOR:
        toes = [(0.25, 8.135, 8.05), (0.325, 8.138, 8.06), (0.39, 8.13, 8.06), (0.45, 8.112, 8.05)]
    else:
        toes = [
            (0.235, 8.138, 8.07),
            (0.305, 8.143, 8.075),
            (0.37, 8.137, 8.075),
            (0.425, 8.12, 8.065),
        ]
    for x, y_tip, y_base in toes:
        lines.append(([(x, y_tip - 0.003), (x - 0.006, y_base)], True))
    if view == POSTERIOR:
        # crease at the base of the toes, so that the sole reads as a sole
        lines.append(
            ([(0.152, 8.035), (0.24, 8.062), (0.32, 8.072), (0.4, 8.062), (0.468, 8.04)], True)
        )
    if view == ANTERIOR:
        lines.append(([(-0.028, 0.52), (-0.042, 0.665), (-0.036, 0.71), (-0.005, 0.722)], False))
    return lines
