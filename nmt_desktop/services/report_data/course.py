"""A patient's course of treatment as the Progress view and the physician report read it.

`load_course` reads every visit once (charts, notes, ROM, questionnaires) into frozen records;
`course_figures` turns the visits of a period into the numbers both the view and the report
draw (frequencies, thresholds). It reads nothing, so switching the period in the app costs no
database round trip.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import OutcomeScoreRow, RomMeasure, SessionNote, TreatmentSession
from nmt_desktop.domain.access import Permission
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
from nmt_desktop.domain.vocab import PainSource, Side, TriggerPointStatus, View
from nmt_desktop.reports.progress_data import ProgressFigures
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.loaders import load_patient
from nmt_desktop.services.records import ChartRecord, SessionRecord
from nmt_desktop.services.report_data import clinical
from nmt_desktop.services.report_data.history import ChartedSession, local_date
from nmt_desktop.services.sessions import listed_sessions

#: Outcome measures in the order the charts list them.
QUESTIONNAIRES = ("ndi", "odi", "psfs")
UNNAMED_MUSCLE = "region:"


@dataclass(frozen=True, slots=True)
class PointMark:
    """A trigger point as the small map draws it and the frequencies count it."""

    view: View
    x: float
    y: float
    region_id: str
    muscle_id: str | None
    side: Side
    status: TriggerPointStatus


@dataclass(frozen=True, slots=True)
class ZoneMark:
    """A painted zone as the small map draws it."""

    region_id: str
    nrs: int
    source: PainSource


@dataclass(frozen=True)
class CourseVisit:
    """One visit: the session (to open it), its marks (for the small map) and its counts."""

    session: SessionRecord
    facts: VisitFacts
    points: tuple[PointMark, ...] = ()
    zones: tuple[ZoneMark, ...] = ()

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


@lru_cache(maxsize=4096)
def _extent(regions: frozenset[str]) -> tuple[float, float]:
    # A course repeats the same drawing visit after visit: each is measured once.
    atlas = load_atlas()
    extent = pain_extent(atlas, [r for r in regions if r in atlas.regions])
    return round(extent.anterior_pct, 1), round(extent.posterior_pct, 1)


def visit_facts(day: dt.date, points: Sequence[PointMark], zones: Sequence[ZoneMark],
                tension: Sequence[tuple[str, int]], nrs_now: int | None = None,
                nrs_after: int | None = None) -> VisitFacts:
    """What one visit counts for the progress figures (patient-reported pain only).

    The NRS is the one noted before treatment, else the highest pain the patient put on the
    map, as the physician report's visit log has it (report_data/progress.visit_numbers).
    """
    painted: dict[str, int] = {}
    for zone in zones:
        if zone.source is PainSource.PATIENT_REPORT:
            painted[zone.region_id] = max(zone.nrs, painted.get(zone.region_id, 0))
    tense: dict[str, int] = {}
    for region_id, grade in tension:
        if grade > 0:
            tense[region_id] = max(grade, tense.get(region_id, 0))
    active = frozenset((p.muscle_id or f"{UNNAMED_MUSCLE}{p.region_id}", p.side)
                       for p in points if p.status is TriggerPointStatus.ACTIVE)
    front, back = _extent(frozenset(painted))
    statuses = [p.status for p in points]
    return VisitFacts(
        day=day,
        nrs_before=nrs_now if nrs_now is not None else max(painted.values(), default=None),
        nrs_after=nrs_after,
        painted=painted,
        active_muscles=active,
        tension=tense,
        extent_front_pct=front,
        extent_back_pct=back,
        active_points=statuses.count(TriggerPointStatus.ACTIVE),
        latent_points=statuses.count(TriggerPointStatus.LATENT),
    )


def course_visit(chart: ChartRecord, day: dt.date, note: SessionNote | None = None
                 ) -> CourseVisit:
    """A visit of the course from a chart already read (the physician report's)."""
    points = tuple(PointMark(p.view, p.x, p.y, p.region_id, p.muscle_id, p.side, p.status)
                   for p in chart.trigger_points)
    zones = tuple(ZoneMark(z.region_id, z.nrs, z.source) for z in chart.pain_zones)
    facts = visit_facts(day, points, zones,
                        [(r.region_id, r.grade) for r in chart.tension_ratings],
                        note.nrs_now if note is not None else None,
                        note.nrs_after if note is not None else None)
    return CourseVisit(chart.session, facts, points, zones)


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


# A long chart has hundreds of visits and thousands of marks: read as ORM objects they cost a
# third of a second, so the marks, the notes' NRS and the sessions come as plain rows on the
# driver (as the session list does), with only the columns the Progress view draws.
_OF_PATIENT = ("JOIN treatment_session s ON s.id = m.session_id "
               "JOIN patient p ON p.id = s.patient_id WHERE p.uid = :uid ORDER BY m.id")
_POINTS_SQL = ("SELECT m.session_id, m.view, m.x, m.y, m.region_id, m.muscle_id, m.side, "
               f"m.status FROM trigger_point m {_OF_PATIENT}")
_ZONES_SQL = f"SELECT m.session_id, m.region_id, m.nrs, m.source FROM pain_zone m {_OF_PATIENT}"
_TENSION_SQL = f"SELECT m.session_id, m.region_id, m.grade FROM tension_rating m {_OF_PATIENT}"
_NOTES_SQL = f"SELECT m.session_id, m.nrs_now, m.nrs_after FROM session_note m {_OF_PATIENT}"


def _rows(db: Database, cursor: Any, sql: str, patient_uid: uuid.UUID) -> list[Any]:
    cursor.execute(db.driver_sql(sql),
                   {"uid": patient_uid.hex if db.dialect == "sqlite" else patient_uid})
    return list(cursor.fetchall())


def _read_visits(db: Database, patient_uid: uuid.UUID) -> list[CourseVisit]:
    views, sides = {v.value: v for v in View}, {s.value: s for s in Side}
    statuses = {s.value: s for s in TriggerPointStatus}
    sources = {s.value: s for s in PainSource}
    points: dict[int, list[PointMark]] = defaultdict(list)
    zones: dict[int, list[ZoneMark]] = defaultdict(list)
    tension: dict[int, list[tuple[str, int]]] = defaultdict(list)
    with db.driver_cursor() as cursor:
        records, ids = listed_sessions(db, cursor, patient_uid)
        for sid, view, x, y, region, muscle, side, status in _rows(db, cursor, _POINTS_SQL,
                                                                   patient_uid):
            points[sid].append(PointMark(views[view], x, y, region, muscle, sides[side],
                                         statuses[status]))
        for sid, region, nrs, source in _rows(db, cursor, _ZONES_SQL, patient_uid):
            zones[sid].append(ZoneMark(region, nrs, sources[source]))
        for sid, region, grade in _rows(db, cursor, _TENSION_SQL, patient_uid):
            tension[sid].append((region, grade))
        notes = {sid: (now, after)
                 for sid, now, after in _rows(db, cursor, _NOTES_SQL, patient_uid)}
    visits = []
    for record, sid in zip(reversed(records), reversed(ids), strict=True):
        day = local_date(record.started_at)
        now, after = notes.get(sid, (None, None))
        facts = visit_facts(day, points[sid], zones[sid], tension[sid], now, after)
        visits.append(CourseVisit(record, facts, tuple(points[sid]), tuple(zones[sid])))
    return visits


def load_course(db: Database, patient_ref: uuid.UUID | str) -> Course:
    """Every visit of the patient with its marks, notes' NRS, ROM and the questionnaires.

    Raises:
        NotFoundError: Unknown patient.
    """
    authorize(db, Permission.READ_CHARTS)
    with db.reading() as orm:
        patient = load_patient(orm, patient_ref)
        patient_uid = patient.uid
        days = {row_id: local_date(started) for row_id, started in orm.execute(
            select(TreatmentSession.id, TreatmentSession.started_at)
            .where(TreatmentSession.patient_id == patient.id))}
        rom = orm.scalars(
            select(RomMeasure).join(TreatmentSession, TreatmentSession.id == RomMeasure.session_id)
            .where(TreatmentSession.patient_id == patient.id)
            .order_by(TreatmentSession.started_at, RomMeasure.id))
        rom_points = tuple(_rom_point(days[m.session_id], m) for m in rom)
        outcomes = tuple(
            OutcomeReading(row.measure.value, row.taken_on, float(row.score))
            for row in clinical.outcome_rows(orm, patient)
            if row.valid and row.score is not None
        )
    return Course(patient_uid=patient_uid, visits=tuple(_read_visits(db, patient_uid)),
                  outcomes=outcomes, rom=rom_points)


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
        for point in visit.points:
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
        visits=tuple(course_visit(v.chart, v.day) for v in visits),
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
