"""Patient and session screens driven through real widgets, checked against the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.services import patient_search
from nmt_desktop.services import patients as patient_service
from nmt_desktop.services import sessions as session_service
from nmt_desktop.services import therapists as therapist_service
from nmt_desktop.ui.clinic.therapist_dialog import TherapistDialog
from nmt_desktop.ui.common.theme import apply_theme
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.patients.patient_dialog import PatientDialog
from nmt_desktop.ui.startup import ensure_therapist


def fill(dialog: PatientDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.fields[name].edit.setText(value)


def click_save(qtbot: QtBot, dialog: PatientDialog | TherapistDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_first_start_asks_for_the_therapist_profile(qtbot: QtBot, db: Database) -> None:
    # GIVEN an empty database
    context = AppContext(db)
    dialog = TherapistDialog(context, first_start=True)
    qtbot.addWidget(dialog)
    # WHEN the therapist types a profile and saves
    qtbot.keyClicks(dialog.fields["full_name"].edit, "Jordan Lee")
    qtbot.keyClicks(dialog.fields["credentials"].edit, "RMT")
    qtbot.keyClicks(dialog.fields["licence_number"].edit, "ON-5521")
    click_save(qtbot, dialog)
    # THEN it is stored, and the next start picks it without asking
    assert [t.full_name for t in therapist_service.list_therapists(db)] == ["Jordan Lee"]
    assert ensure_therapist(context) and context.therapist is not None
    assert context.therapist.signature == "Jordan Lee, RMT"


def test_therapist_name_is_required(qtbot: QtBot, db: Database) -> None:
    dialog = TherapistDialog(AppContext(db), first_start=True)
    qtbot.addWidget(dialog)
    click_save(qtbot, dialog)
    assert dialog.fields["full_name"].error.text() == "Name is required."
    assert therapist_service.list_therapists(db) == []


def test_new_patient_dialog_stores_name_exactly(qtbot: QtBot, context: AppContext,
                                                db: Database) -> None:
    dialog = PatientDialog(context)
    qtbot.addWidget(dialog)
    fill(dialog, given_name="Zoë", family_name="Łukasiewicz-Ñúñez", date_of_birth="1990-01-22")
    click_save(qtbot, dialog)
    stored = patient_search.search_patients(db)
    assert [(p.given_name, p.family_name) for p in stored] == [("Zoë", "Łukasiewicz-Ñúñez")]
    assert dialog.result() == PatientDialog.DialogCode.Accepted


def test_bad_patient_input_shows_messages_and_saves_nothing(qtbot: QtBot, context: AppContext,
                                                            db: Database) -> None:
    dialog = PatientDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(dialog, given_name="<b>&amp;", family_name="X" * 500, date_of_birth="2999-01-01")
    click_save(qtbot, dialog)
    assert "letters" in dialog.fields["given_name"].error.text()
    assert "too long" in dialog.fields["family_name"].error.text()
    assert "future" in dialog.fields["date_of_birth"].error.text()
    assert dialog.fields["given_name"].error.isVisible()
    assert dialog.isVisible()  # still open: what was typed is not lost
    assert dialog.fields["given_name"].text() == "<b>&amp;"
    assert patient_search.search_patients(db) == []
    dialog.reject()


def test_search_arrows_and_enter_open_a_patient(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], add_patient: Callable[..., object]
) -> None:
    add_patient("Ann", "Smith")
    add_patient("Anna", "Smithers")
    add_patient("Bob", "Jones")
    window = make_main_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # Ctrl+F focuses the search field from anywhere
    window.patient_page.start_button.setFocus()
    qtbot.keyClick(window.patient_page.start_button, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.patient_list.search.hasFocus)
    qtbot.keyClicks(window.patient_list.search, "smi")
    assert window.patient_list.model.rowCount() == 2
    qtbot.keyClick(window.patient_list.search, Qt.Key.Key_Down)
    qtbot.keyClick(window.patient_list.search, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.patient_page
    assert window.patient_page.title.text() == "Anna Smithers"


def test_start_session_opens_it_and_lists_sessions_newest_first(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], add_patient: Callable[..., object],
    db: Database, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nmt_desktop.ui.common import confirmations

    asked: list[object] = []
    monkeypatch.setattr(confirmations, "ask_about_today",
                        lambda _parent, existing: asked.append(existing) or confirmations.SECOND)
    patient = add_patient("Ann", "Smith")
    window = make_main_window()
    window.open_patient(patient)
    qtbot.mouseClick(window.patient_page.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.session_page
    assert "Alex Morgan" in window.session_page.subtitle.text()
    qtbot.mouseClick(window.session_page.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.patient_page.start_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1  # the second one of the day is started deliberately
    stored = session_service.list_sessions(db, patient.uid)
    assert len(stored) == 2
    assert stored[0].started_at >= stored[1].started_at
    window.pages.setCurrentWidget(window.patient_page)
    tree = window.patient_page.sessions
    assert tree.topLevelItemCount() == 2
    assert tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole + 1).uid == stored[0].uid


def test_archive_hides_patient_until_show_archived(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], add_patient: Callable[..., object]
) -> None:
    patient = add_patient("Ann", "Smith")
    window = make_main_window()
    window.open_patient(patient)
    qtbot.mouseClick(window.patient_page.archive_button, Qt.MouseButton.LeftButton)
    assert window.patient_list.model.rowCount() == 0
    assert not window.patient_page.start_button.isEnabled()
    window.patient_list.show_archived.setChecked(True)
    assert window.patient_list.model.rowCount() == 1
    qtbot.mouseClick(window.patient_page.archive_button, Qt.MouseButton.LeftButton)
    window.patient_list.show_archived.setChecked(False)
    assert window.patient_list.model.rowCount() == 1


def test_markup_in_patient_details_is_shown_as_typed(
    make_main_window: Callable[[], MainWindow], add_patient: Callable[..., object],
    db: Database, context: AppContext,
) -> None:
    patient = add_patient("Ann", "Smith")
    from nmt_desktop.domain.patients import PatientInput

    patient = context.apply(patient_service.update_patient, patient.uid,
                            PatientInput("Ann", "Smith", "1980-05-17",
                                         referral_reason="<b>not bold</b> & more"))
    window = make_main_window()
    window.open_patient(patient)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; more" in window.patient_page.details.text()


def test_about_names_the_database_file(make_main_window: Callable[[], MainWindow],
                                       db: Database) -> None:
    window = make_main_window()
    assert str(db.sqlite_file) in window.about_text()


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[None]:
    """The app's own look (larger font, padded rows) for this test only."""
    palette, font, sheet = qapp.palette(), qapp.font(), qapp.styleSheet()
    apply_theme()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)


@pytest.mark.usefixtures("themed")
def test_a_cjk_name_row_shows_both_lines(qtbot: QtBot,
                                         make_main_window: Callable[[], MainWindow],
                                         add_patient: Callable[..., object]) -> None:
    add_patient("Ann", "Smith")  # selected first, so the CJK row is drawn unselected
    yamada = add_patient("太郎", "山田")
    window = make_main_window()
    view = window.patient_list.list
    model = window.patient_list.model
    rect = view.visualRect(model.index(model.row_of(yamada.uid), 0))  # type: ignore[attr-defined]
    image = view.viewport().grab(rect).toImage()
    background = image.pixelColor(1, 1)
    inked = [any(image.pixelColor(x, y) != background for x in range(2, image.width() - 2))
             for y in range(image.height())]
    bands = sum(1 for y in range(1, len(inked)) if inked[y] and not inked[y - 1])
    # Two bands of ink: the name, and the chart number with the birth date (not elided away).
    assert bands >= 2


def test_typed_search_finds_obrien_and_says_when_nothing_matches(
    qtbot: QtBot, make_main_window: Callable[[], MainWindow], add_patient: Callable[..., object]
) -> None:
    add_patient("James", "O'Brien")
    add_patient("María", "Fernández-López")
    window = make_main_window()
    search = window.patient_list.search
    search.setFocus()
    for typed, expected in (("obrien", "O'Brien"), ("lopez", "Fernández-López"),
                            ("fernandez lopez", "Fernández-López")):
        search.clear()
        qtbot.keyClicks(search, typed)
        assert window.patient_list.model.rowCount() == 1, typed
        assert expected in window.patient_list.model.index(0).data()
        assert not window.patient_list.no_match.isVisible()
    search.clear()
    qtbot.keyClicks(search, "nobody")
    assert window.patient_list.model.rowCount() == 0
    assert window.patient_list.no_match.isVisible()
    assert "No patient matches “nobody”" in window.patient_list.no_match.text()
    search.clear()
    assert not window.patient_list.no_match.isVisible()
