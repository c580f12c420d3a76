"""Questions before what may not be meant: Ctrl+T on a day with a session, quitting with
unsigned drafts, Esc in New patient with typed data; and the techniques used on trigger points
offered in P."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import sessions as session_service
from nmt_desktop.ui.common import confirmations
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.patients.patient_dialog import PatientDialog
from tests.people import as_therapist


def test_ctrl_t_on_a_day_with_a_session_offers_to_open_it(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow],
        add_patient: Callable[..., object], db: Database, monkeypatch: pytest.MonkeyPatch,
        context: AppContext) -> None:
    patient = add_patient("Ann", "Smith")
    assert context.therapist is not None
    first, _ = session_service.start_session(as_therapist(db, context.therapist.uid), patient.uid)
    offered: list[object] = []
    monkeypatch.setattr(confirmations, "ask_about_today",
                        lambda _parent, existing: offered.append(existing) or confirmations.OPEN)
    window = make_main_window()
    window.open_patient(patient)  # type: ignore[arg-type]
    window.start_session_action.trigger()
    assert [s.uid for s in offered] == [first.uid]  # type: ignore[attr-defined]
    assert window.session_page.session is not None
    assert window.session_page.session.uid == first.uid
    assert len(session_service.list_sessions(db, patient.uid)) == 1  # type: ignore[attr-defined]
    monkeypatch.setattr(confirmations, "ask_about_today",
                        lambda _parent, _existing: confirmations.CANCEL)
    window.start_session_action.trigger()
    assert len(session_service.list_sessions(db, patient.uid)) == 1  # type: ignore[attr-defined]


def test_quitting_with_unsigned_drafts_lists_them(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow],
        add_patient: Callable[..., object], db: Database, monkeypatch: pytest.MonkeyPatch,
        context: AppContext) -> None:
    patient = add_patient("Ann", "O'Brien")
    assert context.therapist is not None
    session_service.start_session(as_therapist(db, context.therapist.uid), patient.uid)
    listed: list[list[str]] = []
    monkeypatch.setattr(confirmations, "confirm_quit_with_drafts",
                        lambda _parent, drafts: listed.append(list(drafts)) or False)
    window = make_main_window()
    window.request_quit()
    assert window.isVisible()  # "Stay and sign"
    assert len(listed) == 1 and "Ann O'Brien" in listed[0][0]
    monkeypatch.setattr(confirmations, "confirm_quit_with_drafts", lambda _p, _d: True)
    window.request_quit()
    assert not window.isVisible()


def test_esc_in_new_patient_with_typed_data_asks_first(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = [False, True]
    asked: list[str] = []
    monkeypatch.setattr(confirmations, "confirm_discard",
                        lambda _parent, what: asked.append(what) or answers.pop(0))
    dialog = PatientDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not dialog.isVisible() and asked == []
    dialog = PatientDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fields["family_name"].edit, "Nguyen")
    qtbot.keyClick(dialog.fields["family_name"].edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and len(asked) == 1  # kept
    qtbot.keyClick(dialog.fields["family_name"].edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_techniques_on_trigger_points_are_offered_in_plan(
        qtbot: QtBot, make_main_window: Callable[[], MainWindow],
        add_patient: Callable[..., object], db: Database, context: AppContext) -> None:
    from nmt_desktop.domain.atlas import load_atlas
    from nmt_desktop.services import session_notes

    patient = add_patient("Ann", "Smith")
    assert context.therapist is not None
    record, _ = session_service.start_session(as_therapist(db, context.therapist.uid), patient.uid)
    window = make_main_window()
    window.open_session(record)
    chart = window.session_page.chart
    x, y = load_atlas().label_point("shoulder_top_right")
    qtbot.mouseClick(chart.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=chart.view.mapFromScene(x, y))
    chart.editor.changed.emit({"techniques": ("ischemic_compression",)})
    offer = window.session_page.techniques_offer
    window.session_page.form.show_page("P")
    assert offer.isVisible() and "Ischemic compression" in offer.text()
    offer.click()
    window.session_page.form.flush()
    assert "ischemic_compression" in session_notes.get_session_notes(db, record.uid).techniques
    assert not offer.isVisible()
