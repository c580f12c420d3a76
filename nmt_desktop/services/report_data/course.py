"""A patient's course of treatment as the Progress view and the physician report read it.

`load_course` reads every visit once (charts, notes, ROM, questionnaires) into frozen records;
`course_figures` turns the visits of a period into the numbers both the view and the report
draw (frequencies, thresholds). It reads nothing, so switching the period in the app costs no
database round trip.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nmt_desktop.db.clinical_models import OutcomeScoreRow, RomMeasure, SessionNote
from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.progress import (
    MuscleFrequency,
    OutcomeReading,
    RegionFrequency,
    TensionFrequency,
    ThresholdProgress,
    VisitFacts,
    in_period,
    muscle_frequency,
    region_frequency,
    tension_frequency,
    threshold_progress,
)
from nmt_desktop.domain.rom import joint_label, movement_label, rom_reference
from nmt_desktop.domain.scoring import pain_extent
from nmt_desktop.domain.vocab import PainSource, Side, TriggerPointStatus
from nmt_desktop.reports.progress_data import ProgressFigures
from nmt_desktop.services.chart_records import ChartRecord
from nmt_desktop.services.patients import load_patient
from nmt_desktop.services.report_data import clinical
from nmt_desktop.services.report_data.history import ChartedSession, charted, patient_sessions
from nmt_desktop.services.report_data.progress import visit_numbers

#: Outcome measures in the order the charts list them.
QUESTIONNAIRES = ("ndi", "odi", "psfs")
UNNAMED_MUSCLE = "region:"


@dataclass(frozen=True)
class CourseVisit:
    """One visit: its chart (for the small map and to open it) and what it counted."""

    chart: ChartRecord
    facts: VisitFacts

    @property
    def day(self) -> dt.date:
        return self.facts.day


@dataclass(frozen=True)
class RomPoint:
    """One range-of-motion measure with its movement's typical adult range (if known)."""

    day: dt.date
    movement: str
    side: Side | None
    degrees: float
    active: bool
    typical_low: int | None
    typical_high: int | None


@dataclass(frozen=True)
class Course:
    """Every visit of a patient, oldest first, with questionnaires and ROM."""

    patient_uid: uuid.UUID
    visits: tuple[CourseVisit, ...]
    outcomes: tuple[OutcomeReading, ...] = ()
    rom: tuple[RomPoint, ...] = ()

    @property
    def first_day(self) -> dt.date | None:
        return self.visits[0].day if self.visits else None

    @property
    def last_day(self) -> dt.date | None:
        return self.visits[-1].day if self.visits else None


@dataclass(frozen=True)
class CourseFigures:
    """The numbers of one period: what the view's maps and bands and the report draw."""

    start: dt.date
    end: dt.date
    visits: tuple[CourseVisit, ...]
    regions: tuple[RegionFrequency, ...]
    muscles: tuple[MuscleFrequency, ...]
    tension: tuple[TensionFrequency, ...]
    thresholds: tuple[ThresholdProgress, ...]
    outcomes: tuple[OutcomeReading, ...]
    rom: tuple[RomPoint, ...]
    #: (muscle key, side) → regions where its active points were charted in the period.
    muscle_regions: Mapping[tuple[str, Side], frozenset[str]] = field(default_factory=dict)


def visit_facts(chart: ChartRecord, note: SessionNote | None, day: dt.date) -> VisitFacts:
    """What one visit counts for the progress figures (patient-reported pain only)."""
    reported = [z for z in chart.pain_zones if z.source is PainSource.PATIENT_REPORT]
    painted: dict[str, int] = {}
    for zone in reported:
        painted[zone.region_id] = max(zone.nrs, painted.get(zone.region_id, 0))
    tension: dict[str, int] = {}
    for rating in chart.tension_ratings:
        if rating.grade > 0:
            tension[rating.region_id] = max(rating.grade, tension.get(rating.region_id, 0))
    active = frozenset(
        (p.muscle_id or f"{UNNAMED_MUSCLE}{p.region_id}", p.side)
        for p in chart.trigger_points if p.status is TriggerPointStatus.ACTIVE
    )
    atlas = load_atlas()
    extent = pain_extent(atlas, [r for r in painted if r in atlas.regions])
    numbers = visit_numbers(chart, note)
    return VisitFacts(
        day=day,
        nrs_before=numbers.nrs_before,
        nrs_after=numbers.nrs_after,
        painted=painted,
        active_muscles=active,
        tension=tension,
        extent_front_pct=round(extent.anterior_pct, 1),
        extent_back_pct=round(extent.posterior_pct, 1),
        active_points=numbers.active,
        latent_points=numbers.latent,
    )


def _rom_point(day: dt.date, row: RomMeasure) -> RomPoint:
    reference = rom_reference(row.joint, row.movement)
    return RomPoint(
        day=day,
        movement=f"{joint_label(row.joint)} {movement_label(row.movement).lower()}",
        side=row.side,
        degrees=row.degrees,
        active=row.active,
        typical_low=reference.low if reference is not None else None,
        typical_high=reference.high if reference is not None else None,
    )


def load_course(db: Database, patient_ref: uuid.UUID | str) -> Course:
    """Every visit of the patient with its chart, notes' NRS, ROM and the questionnaires.

    Raises:
        NotFoundError: Unknown patient.
    """
    with db.reading() as session:
        patient = load_patient(session, patient_ref)
        visits = charted(session, patient_sessions(session, patient))
        ids = [v.row_id for v in visits]
        notes = clinical.notes(session, ids)
        rom = clinical.by_session(session, RomMeasure, ids)
        outcomes = tuple(
            OutcomeReading(row.measure.value, row.taken_on, float(row.score))
            for row in clinical.outcome_rows(session, patient)
            if row.valid and row.score is not None
        )
        return Course(
            patient_uid=patient.uid,
            visits=tuple(CourseVisit(v.chart, visit_facts(v.chart, notes.get(v.row_id), v.day))
                         for v in visits),
            outcomes=outcomes,
            rom=tuple(_rom_point(v.day, m) for v in visits for m in rom.get(v.row_id, [])),
        )


def _nrs_series(visits: Sequence[CourseVisit]) -> list[tuple[dt.date, float]]:
    return [(v.day, float(v.facts.nrs_before)) for v in visits if v.facts.nrs_before is not None]


def course_figures(course: Course, start: dt.date, end: dt.date) -> CourseFigures:
    """The figures of the visits and questionnaires from `start` to `end` (both included)."""
    facts = in_period([v.facts for v in course.visits], start, end)
    visits = tuple(v for v in course.visits if start <= v.day <= end)
    outcomes = tuple(o for o in course.outcomes if start <= o.day <= end)
    thresholds = [threshold_progress("nrs", _nrs_series(visits))]
    for measure in QUESTIONNAIRES:
        thresholds.append(threshold_progress(
            measure, [(o.day, o.score) for o in outcomes if o.measure == measure]))
    return CourseFigures(
        start=start,
        end=end,
        visits=visits,
        regions=region_frequency(facts),
        muscles=muscle_frequency(facts),
        tension=tension_frequency(facts),
        thresholds=tuple(t for t in thresholds if t is not None),
        outcomes=outcomes,
        rom=tuple(r for r in course.rom if start <= r.day <= end),
        muscle_regions=_muscle_regions(visits),
    )


def _muscle_regions(visits: Sequence[CourseVisit]) -> dict[tuple[str, Side], frozenset[str]]:
    regions: dict[tuple[str, Side], set[str]] = {}
    for visit in visits:
        for point in visit.chart.trigger_points:
            if point.status is TriggerPointStatus.ACTIVE:
                key = (point.muscle_id or f"{UNNAMED_MUSCLE}{point.region_id}", point.side)
                regions.setdefault(key, set()).add(point.region_id)
    return {key: frozenset(found) for key, found in regions.items()}


def muscle_label(muscle_key: str) -> str:
    """Display name of a muscle key of `VisitFacts.active_muscles`."""
    atlas = load_atlas()
    if muscle_key.startswith(UNNAMED_MUSCLE):
        region = muscle_key.removeprefix(UNNAMED_MUSCLE)
        known = atlas.regions.get(region)
        return f"Muscle not named ({known.name.lower() if known else region})"
    muscle = atlas.muscles.get(muscle_key)
    return muscle.name if muscle is not None else muscle_key


def progress_figures(visits: Sequence[ChartedSession], outcomes: Sequence[OutcomeScoreRow],
                     start: dt.date, end: dt.date) -> ProgressFigures:
    """The physician report's frequency map and outcome chart, figured like the app's view.

    The report has already read the period's charts and questionnaires; the visits' NRS is not
    needed here, so no notes are read again.
    """
    course = Course(
        patient_uid=visits[0].chart.session.patient_uid,
        visits=tuple(CourseVisit(v.chart, visit_facts(v.chart, None, v.day)) for v in visits),
        outcomes=tuple(OutcomeReading(o.measure.value, o.taken_on, float(o.score))
                       for o in outcomes if o.valid and o.score is not None),
    )
    figures = course_figures(course, start, end)
    return ProgressFigures(
        visits=len(figures.visits),
        regions=figures.regions,
        outcomes=figures.outcomes,
        thresholds=tuple(t for t in figures.thresholds if t.measure in QUESTIONNAIRES),
    )
