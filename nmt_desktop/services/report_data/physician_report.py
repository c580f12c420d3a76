"""Build the progress report to the referring physician for a period of visits."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import TreatmentSession
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.reports.data import DatedMap, PhysicianReportData
from nmt_desktop.services.patients import load_patient
from nmt_desktop.services.report_data.history import (
    ReportSubject,
    charted,
    local_date,
    patient_sessions,
)
from nmt_desktop.services.report_data.marks import map_marks
from nmt_desktop.services.report_data.people import (
    letterhead,
    patient_info,
    physician_info,
    therapist_info,
)
from nmt_desktop.services.report_data.progress import (
    change_rows,
    muscle_trends,
    session_row,
    visit_numbers,
    wpi_detail,
)


def check_period(date_from: dt.date | None, date_to: dt.date | None) -> None:
    """Refuse a period that ends before it starts.

    Raises:
        ValidationError: `date_from` is after `date_to`.
    """
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError(
            {"period": f"The period starts ({date_from.isoformat()}) after it ends "
                       f"({date_to.isoformat()})."}
        )


def _signed_at(rows: list[TreatmentSession]) -> dt.datetime | None:
    # The report counts as signed only when every visit it reports on has been signed.
    if not rows or any(r.status is not SessionStatus.SIGNED or r.signed_at is None for r in rows):
        return None
    return max(r.signed_at for r in rows if r.signed_at is not None).astimezone()


def build_physician_report(
    db: Database,
    patient_ref: uuid.UUID | str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> PhysicianReportData:
    """Everything the progress report prints for the visits from `date_from` to `date_to`.

    Both ends are included and compared with the local calendar day of each visit. By default
    the period runs from the first visit to today. A period without visits still gives a valid
    report that says so.

    Raises:
        NotFoundError: Unknown patient.
        ValidationError: The period ends before it starts.
    """
    return physician_report_for(db, patient_ref, date_from, date_to, today)[0]


def physician_report_for(
    db: Database,
    patient_ref: uuid.UUID | str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[PhysicianReportData, ReportSubject]:
    """The progress report's data and the patient it is about."""
    check_period(date_from, date_to)
    today = today or dt.date.today()
    with db.reading() as session:
        patient = load_patient(session, patient_ref)
        every = patient_sessions(session, patient)
        end = date_to or max([today, *(local_date(r.started_at) for r in every[-1:])])
        start = date_from or (local_date(every[0].started_at) if every else end)
        check_period(start, end)
        rows = [r for r in every if start <= local_date(r.started_at) <= end]
        visits = charted(session, rows)
        therapist = rows[-1].therapist if rows else (every[-1].therapist if every else None)
        numbers = [visit_numbers(v.chart) for v in visits]
        data = PhysicianReportData(
            letterhead=letterhead(session, therapist),
            patient=patient_info(patient),
            therapist=therapist_info(therapist),
            report_date=today,
            referring_physician=physician_info(patient),
            referral_reason=patient.referral_reason,
            period_start=start,
            period_end=end,
            signed_at=_signed_at(rows),
        )
        subject = ReportSubject(patient.uid)
        if not visits:
            return data, subject
        first, latest = visits[0], visits[-1]
        data = replace(
            data,
            sessions=tuple(session_row(v, n) for v, n in zip(visits, numbers, strict=True)),
            baseline_vs_current=tuple(
                change_rows(numbers[0], numbers[-1], single_visit=len(visits) == 1)
            ),
            first_map=DatedMap(first.day, map_marks(first.chart)),
            latest_map=DatedMap(latest.day, map_marks(latest.chart)),
            muscle_trends=muscle_trends(visits),
            wpi=wpi_detail(latest.chart),
        )
        return data, subject
