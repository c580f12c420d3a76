"""How long a clearance holds, as clinical-spec §4.3 says it.

"A clearance for a same-day item (fever, intoxication) holds for that day only; clearances
for other items hold until the intake is revised or the clearance's own end date." The
safer reading is taken: whichever of the two comes first ends the clearance, and a same-day
clearance never outlasts its day, whatever end date it names. "Revised" is a new intake
version (`start_intake`); the older version keeps its clearances as history.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from nmt_desktop.db.models import Patient
from nmt_desktop.services import intake
from nmt_desktop.services.screening import outcome_for_patient
from tests.services.clinical.conftest import Chart, events

D = dt.date(2026, 3, 2)


def _day(offset: int | None) -> dt.date | None:
    return None if offset is None else D + dt.timedelta(days=offset)


# (item, valid_until offset, intake revised on offset, checked on offset, holds)
SPEC_TABLE = [
    # same-day items: that day only
    ("fever_acute_infection", None, None, 0, True),
    ("fever_acute_infection", None, None, 1, False),
    ("fever_acute_infection", 30, None, 1, False),
    ("intoxication", None, None, 0, True),
    ("intoxication", None, None, 1, False),
    # other items: until the intake is revised ...
    ("unstable_cardiac", None, None, 200, True),
    ("unstable_cardiac", None, 10, 10, False),
    ("calf_dvt_signs", None, None, 50, True),
    ("calf_dvt_signs", None, 10, 11, False),
    ("cancer", None, 10, 10, False),
    # ... or the clearance's own end date (inclusive) ...
    ("unstable_cardiac", 30, None, 30, True),
    ("unstable_cardiac", 30, None, 31, False),
    # ... whichever comes first
    ("unstable_cardiac", 30, 10, 20, False),
    ("calf_dvt_signs", 30, 10, 20, False),
]


def _patient_id(chart: Chart) -> int:
    with chart.db.reading() as orm:
        found = orm.scalar(select(Patient.id).where(Patient.uid == chart.patient_uid))
        assert found is not None
        return found


def _can_start(chart: Chart, on: dt.date) -> bool:
    with chart.db.reading() as orm:
        return not outcome_for_patient(orm, _patient_id(chart), today=on).blockers


@pytest.mark.parametrize(("item", "until", "revised", "checked", "holds"), SPEC_TABLE)
def test_how_long_a_clearance_holds(chart: Chart, item: str, until: int | None,
                                    revised: int | None, checked: int, holds: bool) -> None:
    record, _ = intake.start_intake(chart.db, chart.patient_uid, D)
    intake.set_screening_answer(chart.db, record.uid, item, True)
    assert not _can_start(chart, D)  # the item blocks until cleared
    intake.record_clearance(chart.db, record.uid, item, "Dr. Okafor", D,
                            valid_until=_day(until))
    if revised is not None:
        revision, _ = intake.start_intake(chart.db, chart.patient_uid, _day(revised))
        # The answer is carried into the new version; the clearance is not
        assert revision.answer(item) is not None and revision.clearances == ()
    checked_on = _day(checked)
    assert checked_on is not None
    assert _can_start(chart, checked_on) is holds


def test_a_revision_keeps_referrals_and_history_and_says_what_ended(chart: Chart) -> None:
    db = chart.db
    record, _ = intake.start_intake(db, chart.patient_uid, D)
    intake.set_screening_answer(db, record.uid, "calf_dvt_signs", True)
    intake.record_referral(db, record.uid, ["calf_dvt_signs"], "Dr. Lindqvist",
                           dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), "Seen today.")
    intake.record_clearance(db, record.uid, "calf_dvt_signs", "Dr. Lindqvist", D)
    revision, _ = intake.start_intake(db, chart.patient_uid, _day(5))
    assert [r.red_flag_ids for r in revision.referrals] == [("calf_dvt_signs",)]
    assert revision.clearances == ()
    # The older version still shows the clearance it had
    (older,) = [i for i in intake.list_intakes(db, chart.patient_uid) if i.uid == record.uid]
    assert [c.item_id for c in older.clearances] == ["calf_dvt_signs"]
    with db.reading() as orm:
        from nmt_desktop.db.models import AuditEvent

        event = orm.scalars(select(AuditEvent).where(AuditEvent.action == "create",
                                                     AuditEvent.entity_type == "intake")
                            .order_by(AuditEvent.id.desc())).first()
        assert event is not None and event.detail["clearances_ended"] == 1
    assert events(db)[-1] == ("create", "intake")
    # Cleared again on the new version: the session may start
    intake.record_clearance(db, revision.uid, "calf_dvt_signs", "Dr. Lindqvist", _day(5))
    assert _can_start(chart, _day(6) or D)


def test_a_new_version_saved_from_the_intake_form_ends_the_clearances_too(chart: Chart) -> None:
    from nmt_desktop.domain.intake_form import IntakeFormInput
    from nmt_desktop.domain.screening_rules import ScreeningAnswer
    from nmt_desktop.services.intake_form import save_intake_form

    db = chart.db
    answers = [ScreeningAnswer("unstable_cardiac", True)]
    first, _ = save_intake_form(db, chart.patient_uid, IntakeFormInput(D, answers=answers))
    intake.record_clearance(db, first.uid, "unstable_cardiac", "Dr. Okafor", D)
    assert _can_start(chart, _day(20) or D)
    second, _ = save_intake_form(db, chart.patient_uid,
                                 IntakeFormInput(_day(20) or D, answers=answers))
    assert second.version == 2 and second.clearances == ()
    assert not _can_start(chart, _day(20) or D)
