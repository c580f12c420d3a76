"""The region picker: map clicks and list ticks are one selection, shown as no-go hatching."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.ui.bodymap.region_picker import RegionPicker, RegionRole


def make_picker(qtbot: QtBot) -> RegionPicker:
    picker = RegionPicker()
    qtbot.addWidget(picker)
    picker.resize(900, 600)
    picker.show()
    qtbot.waitExposed(picker.view)
    picker.view.fit()
    return picker


def click(qtbot: QtBot, picker: RegionPicker, region_id: str) -> None:
    x, y = load_atlas().label_point(region_id)
    qtbot.mouseClick(picker.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=picker.view.mapFromScene(x, y))


def item_for(picker: RegionPicker, region_id: str):  # type: ignore[no-untyped-def]
    return next(picker.list.item(row) for row in range(picker.list.count())
                if picker.list.item(row).data(RegionRole) == region_id)


def test_click_on_the_map_toggles_a_region(qtbot: QtBot) -> None:
    # GIVEN an empty picker
    picker = make_picker(qtbot)
    # WHEN the therapist clicks the left calf on the map
    with qtbot.waitSignal(picker.changed, timeout=1000):
        click(qtbot, picker, "calf_left")
    # THEN it is chosen, hatched on the map and ticked in the list
    assert picker.regions() == ["calf_left"]
    assert picker.scene.no_go_regions() == ["calf_left"]
    assert item_for(picker, "calf_left").checkState() == Qt.CheckState.Checked
    assert "Left calf" in picker.summary.text()
    # WHEN clicked again, it is removed
    click(qtbot, picker, "calf_left")
    assert picker.regions() == []
    assert item_for(picker, "calf_left").checkState() == Qt.CheckState.Unchecked


def test_list_search_and_tick(qtbot: QtBot) -> None:
    picker = make_picker(qtbot)
    qtbot.keyClicks(picker.search, "left knee")
    shown = [picker.list.item(r).data(RegionRole) for r in range(picker.list.count())
             if not picker.list.item(r).isHidden()]
    assert sorted(shown) == ["knee_anterior_left", "knee_posterior_left"]
    item_for(picker, "knee_posterior_left").setCheckState(Qt.CheckState.Checked)
    assert picker.regions() == ["knee_posterior_left"]
    assert picker.scene.no_go_regions() == ["knee_posterior_left"]
    picker.set_regions(["knee_posterior_left", "not_a_region", "calf_right"])
    assert picker.regions() == ["knee_posterior_left", "calf_right"]
    picker.clear_button.click()
    assert picker.regions() == [] and picker.scene.no_go_regions() == []
