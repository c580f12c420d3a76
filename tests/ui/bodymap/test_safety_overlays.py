"""No-go zones and endangerment sites: drawn over the right regions, told apart, in the legend."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from nmt_desktop.ui.bodymap.legend import MapLegend
from nmt_desktop.ui.bodymap.safety import Z_ENDANGERMENT, EndangermentOverlay, NoGoOverlay
from nmt_desktop.ui.bodymap.view import BodyMapView


def test_no_go_regions_carry_their_reasons_and_update(view: BodyMapView) -> None:
    # GIVEN a map
    scene = view.body_scene()
    # WHEN a local contraindication hatches the left calf
    scene.show_no_go_regions({"calf_left": ["Acute injury / inflammation"]})
    # THEN one red overlay sits over exactly that region and says why
    items = scene.no_go_items()
    assert list(items) == ["calf_left"]
    assert isinstance(items["calf_left"], NoGoOverlay)
    assert items["calf_left"].reasons == ("Acute injury / inflammation",)
    assert "Left calf" in items["calf_left"].toolTip()
    assert "NO-GO (Acute injury / inflammation)" in scene.describe_region("calf_left")
    # WHEN the reasons change, the overlay follows; an empty mapping clears all
    scene.show_no_go_regions({"calf_left": ["Recent surgery", "Open wound"]})
    assert scene.no_go_items()["calf_left"].reasons == ("Recent surgery", "Open wound")
    scene.show_no_go_regions({})
    assert scene.no_go_regions() == []
    assert not [i for i in scene.items() if isinstance(i, NoGoOverlay)]


def test_endangerment_layer_is_optional_and_below_no_go(view: BodyMapView) -> None:
    scene = view.body_scene()
    scene.show_endangerment_sites({"knee_posterior_left": ["Popliteal fossa"],
                                   "neck_anterior_right": ["Anterior triangle of the neck"]})
    scene.show_no_go_regions(["knee_posterior_left"])
    items = scene.endangerment_items()
    assert sorted(items) == ["knee_posterior_left", "neck_anterior_right"]
    assert all(isinstance(item, EndangermentOverlay) for item in items.values())
    # Off until the therapist switches it on; the no-go hatch stays on top when both apply.
    assert not scene.endangerment_visible()
    assert not items["knee_posterior_left"].isVisible()
    assert "endangerment" not in scene.describe_region("knee_posterior_left")
    scene.set_endangerment_visible(True)
    assert items["knee_posterior_left"].isVisible()
    assert "endangerment site (Popliteal fossa)" in scene.describe_region("knee_posterior_left")
    no_go = scene.no_go_items()["knee_posterior_left"]
    assert no_go.parentItem().zValue() > items["knee_posterior_left"].parentItem().zValue()
    assert items["knee_posterior_left"].parentItem().zValue() == Z_ENDANGERMENT


def _render(item: NoGoOverlay | EndangermentOverlay) -> QImage:
    rect = item.boundingRect()
    image = QImage(int(rect.width()) * 2, int(rect.height()) * 2, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.scale(2, 2)
    painter.translate(-rect.topLeft())
    item.paint(painter, None, None)  # type: ignore[arg-type]
    painter.end()
    return image


def _ink_share(image: QImage, predicate: object) -> float:
    hits = total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = QColor(image.pixel(x, y))
            total += 1
            hits += bool(predicate(colour))  # type: ignore[operator]
    return hits / total


def test_the_two_hatches_look_different(view: BodyMapView) -> None:
    # Red-dominant ink for no-go, amber (red and green high, blue low) for endangerment.
    no_go = _render(NoGoOverlay("thigh_anterior_left"))
    site = _render(EndangermentOverlay("thigh_anterior_left"))

    def reddish(c: QColor) -> bool:
        return c.red() > 150 and c.green() < 110 and c.blue() < 110

    def amber(c: QColor) -> bool:
        return c.red() > 120 and 70 < c.green() < 190 and c.blue() < 90 and c.red() > c.green()

    assert _ink_share(no_go, reddish) > 0.05
    assert _ink_share(no_go, amber) < _ink_share(no_go, reddish)
    assert _ink_share(site, amber) > 0.03
    assert _ink_share(site, reddish) < 0.01


def test_legend_shows_cautions_only_when_the_map_does(qtbot: QtBot) -> None:
    legend = MapLegend(Qt.Orientation.Horizontal)
    qtbot.addWidget(legend)
    legend.show()
    height_without = legend.sizeHint().height()
    assert not legend.cautions.isVisible()
    legend.show_cautions(no_go=True, endangerment=False)
    assert legend.no_go_entry.isVisible() and not legend.endangerment_entry.isVisible()
    legend.show_cautions(no_go=True, endangerment=True)
    assert legend.endangerment_entry.isVisible()
    labels = legend.labels()
    assert "No-go" in labels and "Endangerment" in labels
    # Short labels over the map's corner; the full meaning in the tooltip and accessible name.
    assert "no-go region (from the intake)" in legend.no_go_entry.toolTip()
    assert "work broad and light" in legend.endangerment_entry.accessibleName()
    # The legend grows a little, never wider.
    assert legend.sizeHint().height() <= height_without + 60


def test_swatch_paints_inside_its_rect(qtbot: QtBot) -> None:
    from nmt_desktop.ui.bodymap.safety import endangerment_swatch, no_go_swatch

    for paint in (no_go_swatch, endangerment_swatch):
        image = QImage(42, 22, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        paint(painter, QRectF(0, 0, 42, 22))
        painter.end()
        assert QColor(image.pixel(21, 11)) != QColor(Qt.GlobalColor.white)
