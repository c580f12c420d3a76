"""The scene turns clicks, strokes, drags and keys into intents, and draws charts by uid."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.vocab import PainQuality, TriggerPointStatus
from nmt_desktop.ui.bodymap.items import PainZoneOverlay, TensionOverlay, TriggerPointMarker
from nmt_desktop.ui.bodymap.tools import Tool
from nmt_desktop.ui.bodymap.view import BodyMapView
from tests.ui.bodymap.charts import chart, label_point, pain_zone, tension, trigger_point
from tests.ui.bodymap.conftest import at

# Regions on both figures, small and large, left and right.
CLICK_REGIONS = ["temple_left", "chest_right", "hand_palmar_ulnar_left", "scapula_right",
                 "calf_left", "low_back_right"]


def drag(view: BodyMapView, start: QPoint, end: QPoint, steps: int = 8,
         button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """Press, move in steps with the button held, release."""
    viewport = view.viewport()
    QTest.mousePress(viewport, button, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, steps + 1):
        point = start + (end - start) * (i / steps)
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, button, Qt.KeyboardModifier.NoModifier, end)


def test_artwork_uses_svg_user_coordinates(view: BodyMapView) -> None:
    width, height = load_atlas().document_size()
    assert view.body_scene().artwork.sceneBoundingRect() == QRectF(0, 0, width, height)


@pytest.mark.parametrize("region_id", CLICK_REGIONS)
def test_trigger_point_click_emits_the_svg_point(view: BodyMapView, qtbot: QtBot,
                                                 region_id: str) -> None:
    scene = view.body_scene()
    scene.set_tool(Tool.TRIGGER_POINT)
    x, y = label_point(region_id)
    with qtbot.waitSignal(scene.point_clicked, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, x, y))
    got_x, got_y = blocker.args
    # One viewport pixel is a little over one SVG unit at the fitted zoom.
    assert abs(got_x - x) <= 1.2 and abs(got_y - y) <= 1.2
    assert load_atlas().region_at(got_x, got_y).id == region_id


def test_no_point_outside_the_body(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_tool(Tool.TRIGGER_POINT)
    clicked: list[tuple[float, float]] = []
    scene.point_clicked.connect(lambda x, y: clicked.append((x, y)))
    # Beside the front figure's head, between its feet, and in the gap between the figures.
    for x, y in [(60, 200), (200, 860), (400, 450)]:
        assert load_atlas().region_at(x, y) is None
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, x, y))
    assert clicked == []


def test_set_chart_adds_updates_and_removes_items_by_uid(view: BodyMapView) -> None:
    scene = view.body_scene()
    a = trigger_point("scapula_left")
    b = trigger_point("calf_right", TriggerPointStatus.LATENT)
    zone = pain_zone("low_back_left", 6, (PainQuality.BURNING,))
    rating = tension("neck_posterior_left", 2)
    first = chart((a,), (zone,), (rating,))
    scene.set_chart(first)
    marker_a = scene.marker(a.uid)
    zone_item = scene.pain_zone_items()[zone.uid]
    rating_item = scene.tension_items()[rating.uid]
    assert isinstance(marker_a, TriggerPointMarker)
    assert isinstance(zone_item, PainZoneOverlay)
    assert isinstance(rating_item, TensionOverlay)
    assert (marker_a.pos().x(), marker_a.pos().y()) == (a.x, a.y)

    # One more mark: one new item, every other item object kept.
    scene.set_chart(chart((a, b), (zone,), (rating,), base=first.session))
    assert set(scene.markers()) == {a.uid, b.uid}
    assert scene.marker(a.uid) is marker_a
    assert scene.pain_zone_items()[zone.uid] is zone_item
    assert scene.tension_items()[rating.uid] is rating_item

    # A changed record updates its item in place.
    moved = dataclasses.replace(a, x=a.x + 5, status=TriggerPointStatus.LATENT)
    zone2 = dataclasses.replace(zone, nrs=2)
    scene.set_chart(chart((moved, b), (zone2,), (rating,), base=first.session))
    assert scene.marker(a.uid) is marker_a
    assert marker_a.record.status is TriggerPointStatus.LATENT
    assert marker_a.pos().x() == pytest.approx(a.x + 5)
    assert scene.pain_zone_items()[zone.uid] is zone_item and zone_item.record.nrs == 2

    # Gone from the chart, gone from the scene.
    scene.set_chart(chart((b,), (), (), base=first.session))
    assert set(scene.markers()) == {b.uid}
    assert marker_a.scene() is None
    assert scene.pain_zone_items() == {} and scene.tension_items() == {}
    scene.set_chart(None)
    assert scene.markers() == {}


def test_clicking_a_marker_in_trigger_point_tool_selects_it(view: BodyMapView,
                                                           qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("scapula_left")
    scene.set_chart(chart((point,)))
    scene.set_tool(Tool.TRIGGER_POINT)
    clicked: list[object] = []
    scene.point_clicked.connect(lambda *args: clicked.append(args))
    with qtbot.waitSignal(scene.selection_changed, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=at(view, point.x, point.y))
    assert blocker.args == [point.uid]
    assert clicked == []
    assert scene.selected_uid() == point.uid


def test_select_tool_click_selects_and_empty_click_clears(view: BodyMapView,
                                                         qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("buttock_right")
    scene.set_chart(chart((point,)))
    selections: list[object] = []
    scene.selection_changed.connect(selections.append)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, point.x, point.y))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, 60, 200))
    assert selections == [point.uid, None]
    scene.select_mark(point.uid)
    assert scene.marker(point.uid).isSelected()


def test_dragging_a_marker_emits_mark_moved_once(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("scapula_left")
    scene.set_chart(chart((point,)))
    target = label_point("interscapular_left")
    moves: list[tuple[object, float, float]] = []
    scene.mark_moved.connect(lambda uid, x, y: moves.append((uid, x, y)))
    drag(view, at(view, point.x, point.y), at(view, *target))
    assert len(moves) == 1
    uid, x, y = moves[0]
    assert uid == point.uid
    assert abs(x - target[0]) <= 1.5 and abs(y - target[1]) <= 1.5
    assert load_atlas().region_at(x, y).id == "interscapular_left"


def test_a_drag_outside_the_body_snaps_back(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("arm_posterior_right")
    scene.set_chart(chart((point,)))
    moves: list[object] = []
    scene.mark_moved.connect(lambda *args: moves.append(args))
    drag(view, at(view, point.x, point.y), at(view, 780, 450))
    marker = scene.marker(point.uid)
    assert moves == []
    assert (marker.pos().x(), marker.pos().y()) == (point.x, point.y)


def test_a_click_on_a_marker_is_not_a_move(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("thigh_anterior_left")
    scene.set_chart(chart((point,)))
    moves: list[object] = []
    scene.mark_moved.connect(lambda *args: moves.append(args))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, point.x, point.y))
    assert moves == []


def test_pain_stroke_across_two_regions_is_one_signal(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_tool(Tool.PAIN_ZONE)
    strokes: list[list[str]] = []
    scene.regions_stroked.connect(strokes.append)
    start, end = label_point("low_back_left"), label_point("low_back_right")
    drag(view, at(view, *start), at(view, *end))
    assert strokes == [["low_back_left", "low_back_right"]]


def test_a_stroke_back_and_forth_lists_each_region_once(view: BodyMapView,
                                                       qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_tool(Tool.TENSION)
    strokes: list[list[str]] = []
    scene.regions_stroked.connect(strokes.append)
    a, b = at(view, *label_point("calf_left")), at(view, *label_point("calf_right"))
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, a)
    for point in (b, a, b):
        QTest.mouseMove(viewport, point)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, b)
    assert len(strokes) == 1
    assert strokes[0][0] == "calf_left"
    assert sorted(strokes[0]) == sorted(set(strokes[0]))
    assert "calf_right" in strokes[0]


def test_a_pain_click_paints_one_region(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_tool(Tool.PAIN_ZONE)
    with qtbot.waitSignal(scene.regions_stroked, timeout=1000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=at(view, *label_point("forearm_anterior_right")))
    assert blocker.args == [["forearm_anterior_right"]]


def test_right_click_or_alt_click_erases_a_painted_region(view: BodyMapView,
                                                         qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_chart(chart(zones=(pain_zone("chest_left"),), ratings=(tension("calf_left"),)))
    scene.set_tool(Tool.PAIN_ZONE)
    erased: list[str] = []
    strokes: list[object] = []
    scene.region_erase_requested.connect(erased.append)
    scene.regions_stroked.connect(strokes.append)
    viewport = view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=at(view, *label_point("chest_left")))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier,
                     pos=at(view, *label_point("chest_left")))
    # Not painted: nothing to erase. Rated for tension, but this is the pain tool.
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton,
                     pos=at(view, *label_point("chest_right")))
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=at(view, *label_point("calf_left")))
    assert erased == ["chest_left", "chest_left"]
    assert strokes == []

    scene.set_tool(Tool.TENSION)
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=at(view, *label_point("calf_left")))
    assert erased[-1] == "calf_left"


def test_read_only_ignores_clicks_strokes_drags_and_delete(view: BodyMapView,
                                                          qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("scapula_right")
    scene.set_chart(chart((point,), (pain_zone("chest_left"),)))
    scene.set_editable(False)
    emitted: list[object] = []
    for signal in (scene.point_clicked, scene.regions_stroked, scene.region_erase_requested,
                   scene.mark_moved, scene.mark_delete_requested):
        signal.connect(lambda *args: emitted.append(args))
    viewport = view.viewport()
    for tool in Tool:
        scene.set_tool(tool)
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                         pos=at(view, *label_point("chest_right")))
        qtbot.mouseClick(viewport, Qt.MouseButton.RightButton,
                         pos=at(view, *label_point("chest_left")))
        drag(view, at(view, point.x, point.y), at(view, *label_point("mid_back_right")))
    marker = scene.marker(point.uid)
    assert (marker.pos().x(), marker.pos().y()) == (point.x, point.y)
    scene.select_mark(point.uid)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert emitted == []


def test_a_signed_chart_is_read_only_whatever_the_caller_said(view: BodyMapView,
                                                             qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_chart(chart(signed=True))
    scene.set_tool(Tool.TRIGGER_POINT)
    assert not scene.is_editable()
    clicked: list[object] = []
    scene.point_clicked.connect(lambda *args: clicked.append(args))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=at(view, *label_point("chest_right")))
    assert clicked == []


def test_keys_on_a_selected_marker(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("buttock_left")
    scene.set_chart(chart((point,)))
    deleted: list[object] = []
    activated: list[object] = []
    scene.mark_delete_requested.connect(deleted.append)
    scene.mark_activated.connect(activated.append)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert deleted == []  # nothing selected
    scene.select_mark(point.uid)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert deleted == [point.uid, point.uid]
    assert activated == [point.uid]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert scene.selected_uid() is None


def test_double_click_on_a_marker_activates_it(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    point = trigger_point("thigh_posterior_left")
    scene.set_chart(chart((point,)))
    with qtbot.waitSignal(scene.mark_activated, timeout=1000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          pos=at(view, point.x, point.y))
    assert blocker.args == [point.uid]


def test_removing_the_selected_mark_clears_the_selection(view: BodyMapView) -> None:
    scene = view.body_scene()
    point = trigger_point("calf_left")
    first = chart((point,))
    scene.set_chart(first)
    scene.select_mark(point.uid)
    selections: list[object] = []
    scene.selection_changed.connect(selections.append)
    scene.set_chart(chart((), base=first.session))
    assert selections == [None]
    assert scene.selected_uid() is None


def test_hover_names_the_region(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    scene.set_chart(chart(zones=(pain_zone("temple_left", 6, (PainQuality.BURNING,)),)))
    hovered: list[object] = []
    scene.hovered_region_changed.connect(hovered.append)
    QTest.mouseMove(view.viewport(), at(view, *label_point("temple_left")))
    QTest.mouseMove(view.viewport(), at(view, 60, 200))
    assert hovered == ["temple_left", None]
    QTest.mouseMove(view.viewport(), at(view, *label_point("temple_left")))
    assert view.accessibleDescription() == "Left temple: pain 6/10, burning"


def test_ghost_is_faded_and_not_interactive(view: BodyMapView, qtbot: QtBot) -> None:
    scene = view.body_scene()
    old = trigger_point("scapula_left")
    scene.set_ghost(chart((old,), (pain_zone("scapula_left"),)))
    assert scene.markers() == {}
    ghosts = [item for item in scene.items() if isinstance(item, TriggerPointMarker)]
    assert len(ghosts) == 1 and ghosts[0].ghost
    assert ghosts[0].effectiveOpacity() == pytest.approx(0.35)
    scene.set_tool(Tool.TRIGGER_POINT)
    with qtbot.waitSignal(scene.point_clicked, timeout=1000):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=at(view, old.x, old.y))
    assert scene.selected_uid() is None
    scene.set_ghost(None)
    assert not [item for item in scene.items() if isinstance(item, TriggerPointMarker)]


def test_no_go_regions_are_shown_and_cleared(view: BodyMapView) -> None:
    scene = view.body_scene()
    scene.show_no_go_regions(["abdomen_upper_left", "neck_anterior_right"])
    assert scene.no_go_regions() == ["abdomen_upper_left", "neck_anterior_right"]
    scene.show_no_go_regions([])
    assert scene.no_go_regions() == []
