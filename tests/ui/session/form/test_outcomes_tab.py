"""Questionnaires entered item by item: the score on screen is the domain's score, stored as is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nmt_desktop.db.database import Database
from nmt_desktop.domain.outcomes import (
    OutcomeMeasure,
    PsfsActivity,
    judge_change,
    score_ndi,
    score_odi,
)
from nmt_desktop.services import outcomes as outcome_service
from nmt_desktop.services.records import PatientRecord, SessionRecord
from nmt_desktop.ui.main_window import MainWindow
from nmt_desktop.ui.session.form.outcomes_panel import change_words
from nmt_desktop.ui.session.form.questionnaire import QuestionnaireEditor, score_text
from tests.ui.session.form.conftest import form_of

OpenSession = Callable[[SessionRecord], MainWindow]


def answer_items(qtbot: QtBot, editor: QuestionnaireEditor, values: list[int | None]) -> None:
    for row, value in zip(editor.item_rows, values, strict=True):
        if value is not None:
            qtbot.mouseClick(row.buttons[value], Qt.MouseButton.LeftButton)


def test_ndi_score_with_a_missing_item_matches_the_domain_and_is_stored(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    patient: PatientRecord,
) -> None:
    # GIVEN the Outcomes tab of a draft session
    window = open_session(session)
    panel = form_of(window).outcomes
    form_of(window).tabs.setCurrentIndex(4)
    # WHEN an NDI is entered item by item, "driving" left blank
    panel.new_buttons[OutcomeMeasure.NDI].click()
    editor = panel.editor
    assert editor is not None
    values: list[int | None] = [3, 2, 1, 2, 4, 1, 2, None, 3, 2]
    answer_items(qtbot, editor, values)
    # THEN the live score is the domain's (prorated over 9 items), with the rule explained
    expected = score_ndi(values)
    assert expected.score is not None
    assert score_text(expected) in editor.score.text()
    assert "1 item unanswered" in editor.note.text()
    assert "it is the baseline" in editor.change.text()  # the patient's first NDI
    # AND once saved the stored record holds the same items and score
    form_of(window).flush()
    stored = outcome_service.list_outcomes(db, patient.uid)
    assert len(stored) == 1
    assert tuple(stored[0].items) == tuple(values)
    assert stored[0].result.score == expected.score
    assert stored[0].session_uid == session.uid


def test_clicking_the_chosen_answer_again_clears_it(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord,
) -> None:
    window = open_session(session)
    panel = form_of(window).outcomes
    panel.new_buttons[OutcomeMeasure.ODI].click()
    editor = panel.editor
    assert editor is not None
    answer_items(qtbot, editor, [2, None, None, None, None, None, None, None, None, None])
    assert editor.items()[0] == 2
    answer_items(qtbot, editor, [2, None, None, None, None, None, None, None, None, None])
    assert editor.items()[0] is None


def test_too_many_missing_items_give_no_score(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord,
) -> None:
    window = open_session(session)
    panel = form_of(window).outcomes
    panel.new_buttons[OutcomeMeasure.ODI].click()
    editor = panel.editor
    assert editor is not None
    values: list[int | None] = [1, 1, 1, 1, 1, 1, 1, None, None, None]
    answer_items(qtbot, editor, values)
    assert not score_odi(values).valid
    assert "Not scored" in editor.score.text()
    assert "cannot be scored" in editor.note.text()


def test_change_from_baseline_is_judged_by_the_threshold(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    patient: PatientRecord,
) -> None:
    # GIVEN a baseline NDI of 48 % a month ago
    baseline_items = [3, 2, 3, 2, 3, 2, 2, 3, 2, 2]
    outcome_service.record_outcome(db, patient.uid, OutcomeMeasure.NDI, baseline_items,
                                   taken_on=dt.date.today() - dt.timedelta(days=30))
    window = open_session(session)
    panel = form_of(window).outcomes
    assert panel.history.topLevelItemCount() == 1
    # WHEN today's NDI is entered
    panel.new_buttons[OutcomeMeasure.NDI].click()
    editor = panel.editor
    assert editor is not None
    today_items: list[int | None] = [1, 1, 2, 1, 2, 1, 1, 2, 1, 1]
    answer_items(qtbot, editor, today_items)
    # THEN the change and its judgement are the domain's
    before, after = score_ndi(baseline_items).score, score_ndi(today_items).score
    assert before is not None and after is not None
    judged = judge_change("ndi", before, after)
    assert judged.meaningful
    assert change_words(judged) in editor.change.text()
    assert "meaningful improvement" in editor.change.text()
    form_of(window).flush()
    assert panel.history.topLevelItemCount() == 2
    today_row = panel.history.topLevelItem(1)
    assert today_row.text(3).endswith("· improved")
    assert today_row.toolTip(3) == change_words(judged)


def test_psfs_activities_and_mean(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    patient: PatientRecord,
) -> None:
    window = open_session(session)
    panel = form_of(window).outcomes
    panel.new_buttons[OutcomeMeasure.PSFS].click()
    editor = panel.editor
    assert editor is not None
    rows = editor.activity_rows
    rows[0].name.setText("Reading <&> 30 min")
    rows[0].name.textEdited.emit("Reading <&> 30 min")
    rows[0].rating.setValue(4)
    rows[1].name.setText("Driving, Zoë 山田")
    rows[1].name.textEdited.emit("Driving, Zoë 山田")
    rows[1].rating.setValue(7)
    assert "5.5 / 10" in editor.score.text()
    form_of(window).flush()
    stored = outcome_service.list_outcomes(db, patient.uid)
    assert stored[0].items == (PsfsActivity("Reading <&> 30 min", 4),
                               PsfsActivity("Driving, Zoë 山田", 7))
    assert stored[0].result.score == 5.5


def test_a_rating_without_an_activity_name_is_not_stored(
    qtbot: QtBot, open_session: OpenSession, session: SessionRecord, db: Database,
    patient: PatientRecord,
) -> None:
    window = open_session(session)
    panel = form_of(window).outcomes
    panel.new_buttons[OutcomeMeasure.PSFS].click()
    editor = panel.editor
    assert editor is not None
    editor.activity_rows[0].rating.setValue(3)
    form_of(window).flush()
    assert outcome_service.list_outcomes(db, patient.uid) == []
    assert "needs a name" in editor.score.text()
