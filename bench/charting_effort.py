"""Charting effort: input events a scripted therapist needs to chart a standard visit.

    .venv/bin/python -m bench.charting_effort

A standard visit: 4 trigger points with muscle and status, 2 pain zones with an intensity and
one quality, 2 tension ratings. The script drives the real main window (offscreen, 1366×768)
with mouse clicks and key presses on the widgets a therapist would use, counting each click
and each key pressed (a chord such as Alt+L counts as two keys), then reads the chart back from
the database and fails unless exactly that visit was recorded. It also reports the height of
the drawn figures in that window.

The count before issue #16 (about 70 events) is the walkthrough's hand count on the old
popover, which could not be scripted the same way; it is printed for comparison only.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from bench.common import quiet_offscreen_qt  # noqa: E402
from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.domain.atlas import load_atlas  # noqa: E402
from nmt_desktop.domain.vocab import PainQuality, TriggerPointStatus  # noqa: E402
from nmt_desktop.services import charting  # noqa: E402
from nmt_desktop.services import patients as patient_service  # noqa: E402
from nmt_desktop.services import sessions as session_service  # noqa: E402
from nmt_desktop.services.demo import demo_uid, load_demo_clinic  # noqa: E402
from nmt_desktop.services.program_person import program_person  # noqa: E402
from nmt_desktop.ui.session.charting.chart_editor import ChartEditor  # noqa: E402
from nmt_desktop.ui.startup import show_main_window  # noqa: E402

#: The walkthrough's count for the same visit before issue #16 (clicks + keys, by hand).
EVENTS_BEFORE = 70
SCREEN = (1366, 768)


class Therapist:
    """Clicks and types through real widgets, counting every input event."""

    def __init__(self, app: QApplication, editor: ChartEditor) -> None:
        self.app = app
        self.editor = editor
        self.events = 0

    def settle(self) -> None:
        # A person waits to see the result: posted layout and focus changes (the docked editor
        # showing the new point) are done before the next input, even on a loaded machine.
        for _ in range(2):
            self.app.processEvents()
        QTest.qWait(20)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        self.events += 1
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())
        self.settle()

    def click_region(self, region_id: str) -> None:
        x, y = load_atlas().label_point(region_id)
        self.click(self.editor.view.viewport(), self.editor.view.mapFromScene(x, y))

    def key(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
            ) -> None:
        self.events += 1 + bin(modifiers.value).count("1")
        target = self.app.focusWidget() or self.editor.view
        QTest.keyClick(target, key, modifiers)
        self.settle()


def chart_standard_visit(therapist: Therapist) -> None:
    editor = therapist.editor
    # Trigger points (the tool is already chosen when a draft opens).
    therapist.click_region("shoulder_top_right")  # upper trapezius, active: just accept
    therapist.key(Qt.Key.Key_Return)
    therapist.key(Qt.Key.Key_M)  # the same on the left
    therapist.click_region("scapula_right")  # infraspinatus
    therapist.key(Qt.Key.Key_Return)
    therapist.click_region("buttock_left")  # gluteus maximus, latent
    therapist.key(Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    therapist.key(Qt.Key.Key_Return)
    # Two pain zones, burning (not the default aching), NRS 6 and 4.
    therapist.key(Qt.Key.Key_P)
    therapist.key(Qt.Key.Key_6)
    for quality in (PainQuality.BURNING, PainQuality.ACHING):  # tick burning, untick aching
        box = editor.pain_options.quality_boxes[quality]
        therapist.click(box, QPoint(10, box.height() // 2))  # on the box itself
    therapist.click_region("low_back_right")
    therapist.key(Qt.Key.Key_4)
    therapist.click_region("low_back_left")
    # Two tension ratings, grade 2.
    therapist.key(Qt.Key.Key_N)
    therapist.key(Qt.Key.Key_2)
    therapist.click_region("neck_posterior_right")
    therapist.click_region("neck_posterior_left")


def check_visit(chart: charting.ChartRecord) -> None:
    """Fail unless the database holds exactly the standard visit."""
    points = {(tp.region_id, tp.muscle_id, tp.status) for tp in chart.trigger_points}
    active, latent = TriggerPointStatus.ACTIVE, TriggerPointStatus.LATENT
    expected = {("shoulder_top_right", "upper_trapezius", active),
                ("shoulder_top_left", "upper_trapezius", active),
                ("scapula_right", "infraspinatus", active),
                ("buttock_left", "gluteus_maximus", latent)}
    assert points == expected, f"trigger points charted: {sorted(map(str, points))}"
    zones = {(z.region_id, z.nrs, tuple(z.qualities)) for z in chart.pain_zones}
    burning = (PainQuality.BURNING,)
    assert zones == {("low_back_right", 6, burning), ("low_back_left", 4, burning)}, zones
    ratings = {(t.region_id, t.grade) for t in chart.tension_ratings}
    assert ratings == {("neck_posterior_right", 2), ("neck_posterior_left", 2)}, ratings


def measure() -> dict[str, float]:
    quiet_offscreen_qt()
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        db = db.signed_in_as(program_person("bench"))
        load_demo_clinic(db)
        window = show_main_window(db, folder)
        assert window is not None and window.context.therapist is not None
        window.resize(*SCREEN)
        # James has a precautions banner: the tallest header the session page has.
        patient = patient_service.get_patient(db, demo_uid("james"))
        record, _ = session_service.start_session(window.context.db, patient.uid)
        window.open_patient(patient)
        window.open_session(record)
        window.activateWindow()
        for _ in range(5):
            app.processEvents()
        editor = window.session_page.chart
        height = editor.view.figure_height()
        therapist = Therapist(app, editor)
        chart_standard_visit(therapist)
        check_visit(charting.load_chart(db, record.uid))
        window.close()
        db.close()
    return {"charting_effort_events": therapist.events,
            "charting_effort_before_events": EVENTS_BEFORE,
            "figure_height_1366_px": round(height)}


if __name__ == "__main__":
    print(json.dumps(measure()))
