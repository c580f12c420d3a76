"""The body-map flowable: artwork geometry, laterality, marks and legend."""

from __future__ import annotations

import io
import json
from importlib import resources

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from nmt_desktop.domain.vocab import PainQuality, Side, ToneGrade, TriggerPointStatus, View
from nmt_desktop.reports.bodymap_art import packaged_bodymap, parse_bodymap
from nmt_desktop.reports.bodymap_flowable import BodyMapFlowable, MapGroup, side_letters
from nmt_desktop.reports.data import MapMarks, PainZoneMark, TensionMark
from nmt_desktop.reports.map_legend import EntryKind, legend_entries
from nmt_desktop.reports.symbols import intensity_grey
from tests.reports import factories
from tests.reports.pdf_tools import grey_pixels


def _render(*maps: BodyMapFlowable) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(list(maps))
    return buffer.getvalue()


def test_packaged_svg_has_every_region_and_both_silhouettes() -> None:
    art = packaged_bodymap()
    path = resources.files("nmt_desktop") / "domain" / "atlas" / "data" / "regions.json"
    ids = {r["id"] for r in json.loads(path.read_text("utf-8"))["regions"]}
    assert len(ids) == 90
    assert ids <= set(art.outlines)
    front, back = art.view_box(View.ANTERIOR), art.view_box(View.POSTERIOR)
    assert front.x1 < back.x0  # front figure on the left, back figure on the right


def test_svg_without_silhouettes_is_refused() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><path id="temple_left" d="M0 0L1 1Z"/></svg>'
    with pytest.raises(ValueError, match="silhouette_anterior"):
        parse_bodymap(svg)


def test_side_letters_are_the_patients_sides() -> None:
    # Facing us, the patient's right is on our left; from behind, on our right.
    assert side_letters(View.ANTERIOR) == (Side.RIGHT, Side.LEFT)
    assert side_letters(View.POSTERIOR) == (Side.LEFT, Side.RIGHT)


def _letter_positions(pdf: bytes) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip() in ("R", "L"):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            found.setdefault(text.strip(), []).append(x)

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize(("view", "left_letter"), [(View.ANTERIOR, "R"), (View.POSTERIOR, "L")])
def test_r_and_l_are_printed_on_the_correct_side(view: View, left_letter: str) -> None:
    pdf = _render(BodyMapFlowable([MapGroup("", MapMarks())], views=(view,)))
    positions = _letter_positions(pdf)
    right_letter = "L" if left_letter == "R" else "R"
    assert positions[left_letter][0] < positions[right_letter][0]


def _painted_centroid_x(region_id: str, view: View) -> float:
    marks = MapMarks(pain_zones=(PainZoneMark(region_id, 10),))
    width, height, pixels = grey_pixels(
        _render(BodyMapFlowable([MapGroup("", marks)], views=(view,)))
    )
    level = round(intensity_grey(10) * 255)
    xs = [i % width for i, p in enumerate(pixels) if abs(p - level) <= 12]
    assert len(xs) > 20, f"{region_id} was not painted"
    return sum(xs) / len(xs)


def test_left_regions_are_painted_on_the_patients_left() -> None:
    # Front view: the patient's left chest is on the viewer's right.
    assert _painted_centroid_x("chest_left", View.ANTERIOR) > _painted_centroid_x(
        "chest_right", View.ANTERIOR
    )
    # Back view: the patient's left shoulder is on the viewer's left.
    assert _painted_centroid_x("shoulder_top_left", View.POSTERIOR) < _painted_centroid_x(
        "shoulder_top_right", View.POSTERIOR
    )


def test_map_fits_the_width_and_survives_unknown_regions(caplog: pytest.LogCaptureFixture) -> None:
    marks = MapMarks(
        pain_zones=(PainZoneMark("no_such_region", 5, (PainQuality.ACHING,)),),
        tension=(TensionMark("no_such_region", ToneGrade.MODERATE),),
    )
    flowable = BodyMapFlowable(
        [MapGroup("First", factories.neck_shoulder_marks()), MapGroup("Latest", marks)]
    )
    width, height = flowable.wrap(400, 800)
    assert width == 400
    assert 0 < height < 800
    assert _render(flowable).startswith(b"%PDF")
    assert "no_such_region" in caplog.text


def test_legend_lists_only_what_the_maps_show() -> None:
    marks = factories.neck_shoulder_marks()
    kinds = [e.kind for e in legend_entries([marks])]
    assert kinds.count(EntryKind.TRIGGER_POINT) == 3
    qualities = [e.quality for e in legend_entries([marks]) if e.kind is EntryKind.QUALITY]
    assert qualities == [
        PainQuality.ACHING,
        PainQuality.PINS_NEEDLES,
        PainQuality.BURNING,
        PainQuality.THROBBING,
        PainQuality.DEEP_PRESSURE,
    ]
    assert EntryKind.INTENSITY in kinds and EntryKind.TENSION in kinds
    assert "R, L = patient's right, left" in [e.label for e in legend_entries([marks])]
    empty = [e.label for e in legend_entries([MapMarks()])]
    assert "Nothing was marked on this map." in empty
    plain = [
        e.label
        for e in legend_entries([marks], plain_language=True)
        if e.status is TriggerPointStatus.ACTIVE
    ]
    assert plain == ["Tender spot causing your usual pain"]


def test_every_map_prints_its_legend() -> None:
    pdf = _render(BodyMapFlowable([MapGroup("", factories.neck_shoulder_marks())]))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for label in (
        "Active trigger point",
        "Latent trigger point",
        "Aching",
        "Burning",
        "Pain intensity NRS 0–10",
        "Front",
        "Back",
    ):
        assert label in text
