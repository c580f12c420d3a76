"""What the intake screening imposes on a session, and warnings for charted marks.

DECISION: the charting calls keep their return types. The UI asks for warnings with
`screening_warnings_for_mark` while a mark or technique is being chosen, and `chart_warnings`
lists them for every mark of a session (side panel, reports). The session page reads
`session_screening` once and checks each click in memory with `warnings_for_chart`. Starting
a session is the one place where screening is enforced: `start_session` refuses while the
current intake blocks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    Intake,
    MedicalClearance,
    Referral,
    ScreeningAnswerRow,
    SessionNote,
    TreatmentSession,
    TriggerPoint,
)
from nmt_desktop.db.models import (
    TodayCheck as TodayCheckRow,
)
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ConflictError, NotFoundError, ValidationError
from nmt_desktop.domain.screening_rules import (
    EMPTY_OUTCOME,
    ClearanceInfo,
    ReferralInfo,
    ScreeningAnswer,
    ScreeningOutcome,
    ScreeningWarning,
    evaluate_screening,
    warnings_for_mark,
)
from nmt_desktop.domain.screening_today import TodayCheck, check_problems
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.clinic import disabled_techniques


class ScreeningBlockedError(ConflictError):
    """The intake says: do not treat yet. `outcome.blockers` says what would lift it."""

    def __init__(self, outcome: ScreeningOutcome) -> None:
        self.outcome = outcome
        reasons = " ".join(blocker.message for blocker in outcome.blockers)
        super().__init__(f"This session cannot start yet. {reasons}")


@dataclass(frozen=True)
class MarkWarning:
    """A warning about one charted trigger point (or the session's own technique list)."""

    mark_uid: uuid.UUID | None
    warning: ScreeningWarning


def _current_intake(orm: Session, patient_id: int) -> Intake | None:
    return orm.scalar(select(Intake).where(Intake.patient_id == patient_id)
                      .order_by(Intake.version.desc()).limit(1))


def outcome_for_patient(orm: Session, patient_id: int, today: dt.date | None = None,
                        today_check: TodayCheck | None = None) -> ScreeningOutcome:
    """The screening outcome of the newest intake and today's check, inside a transaction.

    `today` is the day the clearances must hold on (default: the computer's date).
    """
    extra = today_check.answers() if today_check is not None else ()
    intake = _current_intake(orm, patient_id)
    if intake is None:
        return evaluate_screening(extra, today=today) if extra else EMPTY_OUTCOME
    answers = [ScreeningAnswer(a.item_id, a.present, tuple(a.region_ids), a.note)
               for a in orm.scalars(select(ScreeningAnswerRow)
                                    .where(ScreeningAnswerRow.intake_id == intake.id))]
    clearances = [ClearanceInfo(c.item_id, c.cleared_by, c.cleared_on, c.note, c.valid_until)
                  for c in orm.scalars(select(MedicalClearance)
                                       .where(MedicalClearance.intake_id == intake.id))]
    referrals = [ReferralInfo(tuple(r.red_flag_ids), r.contacted, r.contacted_at, r.said)
                 for r in orm.scalars(select(Referral).where(Referral.intake_id == intake.id))]
    return evaluate_screening([*answers, *extra], clearances, referrals, today=today)


def ensure_can_start(orm: Session, patient_id: int, today_check: TodayCheck | None = None,
                     day: dt.date | None = None) -> ScreeningOutcome:
    """Raise if the intake and today's check block treatment; else return the outcome.

    Raises:
        ValidationError: Today's check is malformed, or there is no intake and the check does
            not say why screening was not done.
        ScreeningBlockedError: Something must be cleared or referred first.
    """
    if today_check is not None:
        problems = check_problems(today_check,
                                  has_intake=_current_intake(orm, patient_id) is not None)
        if problems:
            raise ValidationError(problems)
    outcome = outcome_for_patient(orm, patient_id, today=day, today_check=today_check)
    if not outcome.can_start:
        raise ScreeningBlockedError(outcome)
    return outcome


def store_today_check(orm: Session, session_id: int, check: TodayCheck,
                      asked_at: dt.datetime) -> TodayCheckRow:
    """Keep today's answers with the new session (same transaction as the session)."""
    row = TodayCheckRow(session_id=session_id, asked_at=asked_at,
                        asked_item_ids=list(check.asked_item_ids),
                        present_item_ids=list(check.present_item_ids),
                        new_health=check.new_health, not_done_reason=check.not_done_reason)
    orm.add(row)
    orm.flush()
    return row


def today_check_of(orm: Session, session_id: int) -> TodayCheck | None:
    """The check asked at the start of this session, if one was recorded."""
    row = orm.scalar(select(TodayCheckRow).where(TodayCheckRow.session_id == session_id))
    if row is None:
        return None
    return TodayCheck(tuple(row.asked_item_ids), tuple(row.present_item_ids), row.new_health,
                      row.not_done_reason)


def session_today_check(db: Database, session_uid: uuid.UUID) -> TodayCheck | None:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        return today_check_of(orm, _session_row(orm, session_uid).id)


def _session_row(orm: Session, session_uid: uuid.UUID) -> TreatmentSession:
    row = orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == session_uid))
    if row is None:
        raise NotFoundError(f"No session with uid {session_uid}.")
    return row


def screening_for_patient(db: Database, patient_ref: uuid.UUID | str,
                          today_check: TodayCheck | None = None) -> ScreeningOutcome:
    """What applies now, from the patient's current intake and today's answers."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        return outcome_for_patient(orm, load_patient(orm, patient_ref).id,
                                   today_check=today_check)


def patient_has_intake(db: Database, patient_ref: uuid.UUID | str) -> bool:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        return _current_intake(orm, load_patient(orm, patient_ref).id) is not None


def session_outcome(orm: Session, row: TreatmentSession) -> ScreeningOutcome:
    """The session's patient's intake with the session's own today check, on its day."""
    return outcome_for_patient(orm, row.patient_id, today=local_day(row.started_at),
                               today_check=today_check_of(orm, row.id))


def local_day(moment: dt.datetime) -> dt.date:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone().date()


def screening_warnings_for_mark(
    db: Database, session_uid: uuid.UUID, region_id: str | None,
    techniques: Iterable[str] = (), is_trigger_point: bool = True,
) -> tuple[ScreeningWarning, ...]:
    """Warnings for a trigger point or technique charted in `region_id` of this session."""
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        outcome = session_outcome(orm, _session_row(orm, session_uid))
        disabled = disabled_techniques(orm)
    return warnings_for_mark(outcome, region_id, techniques, is_trigger_point, disabled)


@dataclass(frozen=True)
class SessionScreening:
    """Everything the mark warnings of one session depend on, besides the marks themselves.

    The session page keeps it and checks each charted mark in memory (`warnings_for_chart`);
    it reads it again only when the intake, the session notes or the clinic settings change.
    """

    outcome: ScreeningOutcome
    disabled_techniques: frozenset[str]
    session_techniques: tuple[str, ...]
    today_check: TodayCheck | None = None


def session_screening(db: Database, session_uid: uuid.UUID) -> SessionScreening:
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        row = _session_row(orm, session_uid)
        outcome = session_outcome(orm, row)
        disabled = disabled_techniques(orm)
        note = orm.scalar(select(SessionNote).where(SessionNote.session_id == row.id))
        techniques = tuple(note.techniques) if note is not None else ()
        check = today_check_of(orm, row.id)
    return SessionScreening(outcome, disabled, techniques, check)


class ChartedPoint(Protocol):
    """What a warning needs of a trigger point (its record, or its row)."""

    @property
    def uid(self) -> uuid.UUID: ...
    @property
    def region_id(self) -> str: ...
    @property
    def techniques(self) -> Sequence[str]: ...


def point_warnings(screening: SessionScreening, point: ChartedPoint) -> tuple[MarkWarning, ...]:
    """Warnings for one charted trigger point (no database)."""
    return tuple(MarkWarning(point.uid, warning) for warning in warnings_for_mark(
        screening.outcome, point.region_id, point.techniques, True,
        screening.disabled_techniques))


def session_technique_warnings(screening: SessionScreening) -> tuple[MarkWarning, ...]:
    """Warnings for the techniques recorded for the session as a whole (no database)."""
    return tuple(MarkWarning(None, warning) for warning in warnings_for_mark(
        screening.outcome, None, screening.session_techniques, False,
        screening.disabled_techniques))


def warnings_for_chart(screening: SessionScreening,
                       points: Iterable[ChartedPoint]) -> tuple[MarkWarning, ...]:
    """Warnings for these trigger points and the session's recorded techniques (no database)."""
    found = [warning for point in points for warning in point_warnings(screening, point)]
    return (*found, *session_technique_warnings(screening))


def visit_warnings(orm: Session, row: TreatmentSession,
                   points: Iterable[ChartedPoint]) -> tuple[MarkWarning, ...]:
    """Warnings for one visit's marks and techniques, inside a read (reports)."""
    note = orm.scalar(select(SessionNote).where(SessionNote.session_id == row.id))
    screening = SessionScreening(session_outcome(orm, row), disabled_techniques(orm),
                                 tuple(note.techniques) if note is not None else (),
                                 today_check_of(orm, row.id))
    return warnings_for_chart(screening, points)


def chart_warnings(db: Database, session_uid: uuid.UUID) -> tuple[MarkWarning, ...]:
    """Warnings for every trigger point of the session and its recorded techniques."""
    authorize(db, Permission.READ_CHARTS)
    screening = session_screening(db, session_uid)
    with db.reading() as orm:
        row = _session_row(orm, session_uid)
        points = list(orm.scalars(select(TriggerPoint).where(TriggerPoint.session_id == row.id)
                                  .order_by(TriggerPoint.id)))
        return warnings_for_chart(screening, points)
