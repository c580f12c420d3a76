"""A patient's charted sessions, read in one go for a report.

Reports look at many sessions at once; loading them with one query per table (instead of one
`load_chart` per session) keeps a 24-visit report to a handful of round trips.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from nmt_desktop.db.models import PainZone, Patient, TensionRating, TreatmentSession, TriggerPoint
from nmt_desktop.domain.errors import NotFoundError
from nmt_desktop.services.charting import pain_zone_record, tension_record, trigger_point_record
from nmt_desktop.services.records import ChartRecord
from nmt_desktop.services.sessions import to_record as session_record

_M = TypeVar("_M", TriggerPoint, PainZone, TensionRating)

LATEST = "latest"


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day of a stored (UTC) time in the computer's own time zone."""
    return moment.astimezone().date()


@dataclass(frozen=True)
class ChartedSession:
    """One session's chart with the stored row it came from (for notes added later)."""

    chart: ChartRecord
    row_id: int

    @property
    def day(self) -> dt.date:
        return local_date(self.chart.session.started_at)

    @property
    def uid(self) -> uuid.UUID:
        return self.chart.session.uid


def _marks_by_session(orm: Session, model: type[_M], ids: list[int]) -> dict[int, list[_M]]:
    grouped: dict[int, list[_M]] = defaultdict(list)
    if ids:
        for mark in orm.scalars(
            select(model).where(model.session_id.in_(ids)).order_by(model.id)
        ):
            grouped[mark.session_id].append(mark)
    return grouped


def patient_sessions(orm: Session, patient: Patient) -> list[TreatmentSession]:
    """All of a patient's sessions, oldest first."""
    return list(
        orm.scalars(
            select(TreatmentSession)
            .where(TreatmentSession.patient_id == patient.id)
            .order_by(TreatmentSession.started_at, TreatmentSession.id)
        )
    )


def charted(orm: Session, rows: list[TreatmentSession]) -> list[ChartedSession]:
    """The charts of these sessions, in the order given."""
    ids = [row.id for row in rows]
    points = _marks_by_session(orm, TriggerPoint, ids)
    zones = _marks_by_session(orm, PainZone, ids)
    tension = _marks_by_session(orm, TensionRating, ids)
    result = []
    for row in rows:
        marks = (points[row.id], zones[row.id], tension[row.id])
        chart = ChartRecord(
            session=session_record(row, sum(len(m) for m in marks)),
            trigger_points=tuple(trigger_point_record(m) for m in points[row.id]),
            pain_zones=tuple(pain_zone_record(m) for m in zones[row.id]),
            tension_ratings=tuple(tension_record(m) for m in tension[row.id]),
        )
        result.append(ChartedSession(chart=chart, row_id=row.id))
    return result


def pick_session(
    rows: list[TreatmentSession], session_ref: uuid.UUID | str
) -> TreatmentSession | None:
    """The session a report is about: the latest, or the one with this uid.

    Returns None only for "latest" when the patient has no session yet.

    Raises:
        NotFoundError: The uid is malformed or names no session of this patient.
    """
    if isinstance(session_ref, str) and session_ref.strip().lower() == LATEST:
        return rows[-1] if rows else None
    try:
        wanted = session_ref if isinstance(session_ref, uuid.UUID) else uuid.UUID(session_ref)
    except ValueError:
        raise NotFoundError(
            f"Session {session_ref!s} is neither 'latest' nor a session uid."
        ) from None
    for row in rows:
        if row.uid == wanted:
            return row
    raise NotFoundError(f"This patient has no session with uid {wanted}.")


@dataclass(frozen=True)
class ReportSubject:
    """Whom and which visit a report is about, for the audit trail."""

    patient_uid: uuid.UUID
    session_uid: uuid.UUID | None = None
