"""Build the progress report to the referring physician for a period of visits."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace

from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import (
    Amendment,
    GoalProgress,
    HomeCarePrescription,
    Patient,
    PostureObservation,
    RomMeasure,
    Therapist,
    TreatmentSession,
)
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.vocab import MissedVisitKind, SessionStatus
from nmt_desktop.reports.data import Amendment as AmendmentLine
from nmt_desktop.reports.data import (
    DatedMap,
    MissedVisitLine,
    PhysicianReportData,
    PlanSection,
)
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.missed_visits import missed_visit_rows
from nmt_desktop.services.report_data import clinical, narrative
from nmt_desktop.services.report_data.course import progress_figures
from nmt_desktop.services.report_data.history import (
    ChartedSession,
    ReportSubject,
    charted,
    local_date,
    patient_sessions,
)
from nmt_desktop.services.report_data.marks import map_marks
from nmt_desktop.services.report_data.measures import (
    DatedRom,
    outcome_changes,
    outcome_scores,
    rom_changes,
    rom_rows,
)
from nmt_desktop.services.report_data.people import (
    letterhead,
    patient_info,
    physician_info,
    session_therapist_info,
)
from nmt_desktop.services.report_data.progress import (
    change_rows,
    muscle_trends,
    session_row,
    visit_numbers,
    wpi_detail,
)
from nmt_desktop.services.screening import today_check_of, visit_warnings


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
    authorize(db, Permission.REPORTS)
    return physician_report_for(db, patient_ref, date_from, date_to, today)[0]


def physician_report_for(
    db: Database,
    patient_ref: uuid.UUID | str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[PhysicianReportData, ReportSubject]:
    """The progress report's data and the patient it is about."""
    authorize(db, Permission.REPORTS)
    check_period(date_from, date_to)
    today = today or dt.date.today()
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        every = patient_sessions(orm, patient)
        end = date_to or max([today, *(local_date(r.started_at) for r in every[-1:])])
        start = date_from or (local_date(every[0].started_at) if every else end)
        check_period(start, end)
        rows = [r for r in every if start <= local_date(r.started_at) <= end]
        therapist = session_therapist_info(rows[-1] if rows else (every[-1] if every else None))
        data = PhysicianReportData(
            letterhead=letterhead(orm, therapist),
            patient=patient_info(patient),
            therapist=therapist,
            report_date=today,
            referring_physician=physician_info(patient),
            referral_reason=patient.referral_reason,
            period_start=start,
            period_end=end,
            signed_at=_signed_at(rows),
            unsigned_visits=sum(r.status is not SessionStatus.SIGNED for r in rows),
        )
        data = _with_missed_visits(orm, patient, data)
        data = _with_screening(orm, patient, data)
        if rows:
            data = _with_visits(orm, patient, charted(orm, rows), data)
        return data, ReportSubject(patient.uid)


def _with_missed_visits(orm: Session, patient: Patient,
                        data: PhysicianReportData) -> PhysicianReportData:
    """Visits of the period that were cancelled (by either side) or missed."""
    lines = tuple(
        MissedVisitLine(day=m.on_date, what=m.kind.label.lower(),
                        no_show=m.kind is MissedVisitKind.NO_SHOW, reason=m.reason)
        for m in missed_visit_rows(orm, patient.id, data.period_start, data.period_end))
    return replace(data, missed_visits=lines, visits_cancelled=len(lines))


def _with_screening(orm: Session, patient: Patient,
                    data: PhysicianReportData) -> PhysicianReportData:
    """Red flags and precautions from the current intake."""
    intake = clinical.current_intake(orm, patient)
    if intake is None:
        return replace(data, red_flags=narrative.red_flag_text(None, (), ()))
    answers = clinical.screening_answers(orm, intake)
    return replace(
        data,
        red_flags=narrative.red_flag_text(intake, answers, clinical.referrals(orm, intake),
                                          clinical.clearance_rows(orm, intake)),
        precautions=narrative.precaution_lines(answers, clinical.clearances(orm, intake)),
        # Used only when no visit of the period wrote one: it comes from the intake, so it
        # carries the intake's date like every field not from the latest visit.
        chief_complaint=narrative.from_intake(intake.presenting_complaint, intake),
    )


def _with_visits(orm: Session, patient: Patient, visits: list[ChartedSession],
                 data: PhysicianReportData) -> PhysicianReportData:
    """Everything measured, written and prescribed at the visits of the period."""
    assert data.period_start is not None and data.period_end is not None
    ids = [v.row_id for v in visits]
    notes_by_id = clinical.notes(orm, ids)
    notes = [notes_by_id.get(i) for i in ids]
    clinic = clinical.clinic_settings(orm)
    out_of_scope = frozenset(clinic.disabled_techniques) if clinic is not None else frozenset()
    numbers = [visit_numbers(v.chart, notes_by_id.get(v.row_id)) for v in visits]
    rom = clinical.by_session(orm, RomMeasure, ids)
    dated_rom = [DatedRom(v.day, m) for v in visits for m in rom.get(v.row_id, [])]
    outcomes = [o for o in clinical.outcome_rows(orm, patient)
                if data.period_start <= o.taken_on <= data.period_end]
    posture = clinical.by_session(orm, PostureObservation, ids)
    progress = clinical.by_session(orm, GoalProgress, ids)
    amendments = clinical.by_session(orm, Amendment, ids, Amendment.written_at)
    prescriptions = clinical.by_session(orm, HomeCarePrescription, ids,
                                        HomeCarePrescription.position)
    single = len(visits) == 1
    first, latest = visits[0], visits[-1]
    changes = [
        *change_rows(numbers[0], numbers[-1], single_visit=single),
        *outcome_changes(outcomes),
        *rom_changes(dated_rom),
    ]
    posture_visit = next((i for i in reversed(ids) if posture.get(i)), None)
    days = {v.row_id: v.day for v in visits}
    day_list = [v.day for v in visits]
    rows = {v.row_id: orm.get(TreatmentSession, v.row_id) for v in visits}
    checks = [(v.day, today_check_of(orm, v.row_id)) for v in visits]
    reassessment = narrative.latest_dated_value(notes, day_list, "reassessment_date")
    programme_visit = next((i for i in reversed(ids) if prescriptions.get(i)), None)
    warnings = {v.day: visit_warnings(orm, row, v.chart.trigger_points)
                for v in visits if (row := rows[v.row_id]) is not None}
    return replace(
        data,
        sessions=tuple(
            session_row(v, n, note.techniques if note is not None else (), out_of_scope)
            for v, n, note in zip(visits, numbers, notes, strict=True)
        ),
        baseline_vs_current=tuple(changes),
        first_map=DatedMap(first.day, map_marks(first.chart)),
        latest_map=DatedMap(latest.day, map_marks(latest.chart)),
        muscle_trends=muscle_trends(visits),
        outcome_scores=outcome_scores(outcomes),
        rom=rom_rows(dated_rom),
        wpi=wpi_detail(latest.chart),
        chief_complaint=(narrative.first_dated_text(notes, day_list, "chief_complaint")
                         or data.chief_complaint),
        aggravating=narrative.latest_dated_text(notes, day_list, "aggravating_factors"),
        easing=narrative.latest_dated_text(notes, day_list, "easing_factors"),
        sleep=narrative.latest_dated_text(notes, day_list, "sleep"),
        psfs_activities=narrative.latest_dated_text(notes, day_list, "psfs_activities"),
        visit_checks=narrative.visit_check_lines(checks),
        safety_warnings=narrative.standing_warning_lines(warnings),
        posture=tuple(narrative.dated(line, days[posture_visit], latest.day)
                      for line in narrative.posture_lines(posture[posture_visit]))
        if posture_visit else (),
        observations=narrative.latest_dated_text(notes, day_list, "observations"),
        assessment=narrative.latest_dated_text(notes, day_list, "assessment"),
        response=narrative.latest_dated_text(notes, day_list, "response_to_treatment"),
        home_programme=clinical.latest_programme(prescriptions, ids),
        home_programme_prescribed_on=(days[programme_visit] if programme_visit is not None
                                      and programme_visit != latest.row_id else None),
        plan=PlanSection(
            treatment_plan=narrative.latest_dated_text(notes, day_list, "plan"),
            frequency=narrative.latest_dated_text(notes, day_list, "frequency"),
            recommendation=narrative.latest_dated_text(notes, day_list, "recommendation"),
            goals=narrative.goal_lines(clinical.goals(orm, patient),
                                       [p for i in ids for p in progress.get(i, [])],
                                       data.period_start),
            reassessment_date=reassessment[0],
            reassessment_set_on=reassessment[1],
            questions_for_physician=narrative.latest_dated_text(notes, day_list,
                                                                "questions_for_physician"),
        ),
        progress=progress_figures(visits, outcomes, data.period_start, data.period_end),
        amendments=tuple(
            AmendmentLine(
                written_at=a.written_at.astimezone(),
                author=_author(orm, a),
                reason=a.reason,
                text=a.text,
                session_date=days[a.session_id],
            )
            for i in ids for a in amendments.get(i, [])
        ),
    )


def _author(orm: Session, amendment: Amendment) -> str:
    """The author as named when the amendment was written (the roster may have changed)."""
    if amendment.author_name is not None:
        name, credentials = amendment.author_name, amendment.author_credentials or ""
    else:
        therapist = orm.get(Therapist, amendment.therapist_id)
        if therapist is None:
            return ""
        name, credentials = therapist.full_name, therapist.credentials
    return ", ".join(p for p in (name, credentials) if p)
