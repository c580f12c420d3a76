"""Frozen input data of the two PDF reports.

Services fill these dataclasses from the database; renderers turn them into PDF bytes. Nothing
here imports ReportLab, so services can build report data without paying for that import.
Collections are tuples so that a finished report's data cannot change under the renderer.

Text fields hold what a reader should see (display names, not ids) with two exceptions that
the renderers need for geometry or wording: `PainZoneMark.region_id` (a `<path id>` of
bodymap.svg) and `Finding.region_type` (the side-free region key of clinical-spec §1.3).
Optional parts are `None` or empty; the renderers leave out a section that has nothing in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from nmt_desktop.domain.vocab import (
    PainQuality,
    Side,
    TendernessGrade,
    ToneGrade,
    TriggerPointStatus,
    View,
)
from nmt_desktop.reports.progress_data import ProgressFigures

# ---------------------------------------------------------------------------------------------
# People and letterhead, shared by both reports
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The clinic as printed at the top of the first page."""

    name: str
    address_lines: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True, slots=True)
class PatientInfo:
    """Who the report is about; the chart number is repeated in every page footer."""

    display_name: str
    chart_number: str
    date_of_birth: date | None = None


@dataclass(frozen=True, slots=True)
class TherapistInfo:
    """The signing therapist: credentials and licence number make the signature verifiable."""

    name: str
    credentials: str = ""
    licence_number: str = ""


@dataclass(frozen=True, slots=True)
class PhysicianInfo:
    """The referring physician the progress report is addressed to."""

    name: str
    practice: str = ""
    phone: str = ""
    fax: str = ""


# ---------------------------------------------------------------------------------------------
# Body-map marks
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TriggerPointMark:
    """One trigger point placed on the map.

    Attributes:
        view: The figure the point was placed on.
        x: Horizontal position in SVG user units of the whole bodymap.svg document.
        y: Vertical position in SVG user units (downwards, as in SVG).
        status: Active, latent or undetermined; drawn as filled, hollow or half-filled.
        muscle: Muscle display name, e.g. "Upper trapezius".
        side: The patient's side.
    """

    view: View
    x: float
    y: float
    status: TriggerPointStatus
    muscle: str
    side: Side


@dataclass(frozen=True, slots=True)
class PainZoneMark:
    """A painted region: intensity as grey shade, qualities as black-and-white patterns.

    Attributes:
        region_id: Region id, equal to the `<path id>` in bodymap.svg, e.g. "temple_left".
        nrs: Pain intensity 0-10 in that region, or None if the patient gave none.
        qualities: Pain qualities the patient described there (several are allowed).
    """

    region_id: str
    nrs: int | None = None
    qualities: tuple[PainQuality, ...] = ()


@dataclass(frozen=True, slots=True)
class TensionMark:
    """Therapist-rated tissue tension over a region (app convention, grade 0-3)."""

    region_id: str
    grade: ToneGrade


@dataclass(frozen=True, slots=True)
class MapMarks:
    """Everything drawn above the body-map artwork for one session."""

    trigger_points: tuple[TriggerPointMark, ...] = ()
    pain_zones: tuple[PainZoneMark, ...] = ()
    tension: tuple[TensionMark, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw on the map."""
        return not (self.trigger_points or self.pain_zones or self.tension)


@dataclass(frozen=True, slots=True)
class DatedMap:
    """The marks of one session, with the session date for the map caption."""

    session_date: date
    marks: MapMarks


# ---------------------------------------------------------------------------------------------
# Patient summary
# ---------------------------------------------------------------------------------------------


class FindingKind(StrEnum):
    """What the therapist found, in the categories the patient sheet explains."""

    TRIGGER_POINT = "trigger_point"
    TENSION = "tension"


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding of today's session, turned into an everyday sentence for the patient.

    Attributes:
        kind: Trigger point or general tension.
        region_type: Side-free region key of clinical-spec §1.3, e.g. "shoulder_top"; it picks
            the plain-language location ("on top of your left shoulder").
        region_name: Region display name, used when the region type has no plain phrase.
        side: The patient's side.
        muscle: Muscle display name, shown in brackets for the curious patient.
        status: Trigger-point status; None for tension findings.
    """

    kind: FindingKind
    region_type: str
    region_name: str
    side: Side
    muscle: str = ""
    status: TriggerPointStatus | None = None


@dataclass(frozen=True, slots=True)
class HomeExercise:
    """One item of the home-care programme, as prescribed for this patient."""

    name: str
    cue: str = ""
    dose: str = ""
    caution: str = ""


@dataclass(frozen=True, slots=True)
class PatientSummaryData:
    """Everything printed on the patient's take-home sheet for one session.

    Attributes:
        letterhead: The clinic.
        patient: The patient.
        therapist: Who treated the patient today.
        session_date: Date of the session; None if the patient has no session yet.
        marks: Today's trigger points, pain zones and tension for the body map.
        findings: What was found, one sentence each.
        treatments: What was done, in everyday words ("steady pressure on tender spots").
        nrs_before: The patient's pain 0-10 at the start of the session.
        nrs_after: The patient's pain 0-10 at the end of the session.
        home_care: The home-care programme.
        next_appointment: The next visit, if booked: a date and time, or only the day.
        therapist_note: A short personal note from the therapist.
        bruising_risk: An anticoagulant or a bleeding disorder is on record: the aftercare
            says bruising is a reason to call, not normal.
    """

    letterhead: Letterhead
    patient: PatientInfo
    therapist: TherapistInfo
    session_date: date | None
    marks: MapMarks = field(default_factory=MapMarks)
    findings: tuple[Finding, ...] = ()
    treatments: tuple[str, ...] = ()
    nrs_before: int | None = None
    nrs_after: int | None = None
    home_care: tuple[HomeExercise, ...] = ()
    next_appointment: datetime | date | None = None
    therapist_note: str = ""
    bruising_risk: bool = False


# ---------------------------------------------------------------------------------------------
# Physician report
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MissedVisitLine:
    """A booked visit that did not take place: "cancelled by the patient", "no-show"."""

    day: date
    what: str
    no_show: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One visit in the physician report's session table and NRS trend chart."""

    session_date: date
    nrs_before: int | None = None
    nrs_after: int | None = None
    pain_extent_pct: float | None = None
    wpi: int | None = None
    active_trps: int = 0
    latent_trps: int = 0
    techniques: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One line of the baseline-vs-current table; the renderer prints the change.

    Attributes:
        measure: What was measured, e.g. "Pain now (NRS 0-10)" or "Cervical rotation, left".
        baseline: Value at the first assessment.
        current: Value at the latest assessment.
        unit: Unit printed after the values ("", "%", "°", "points").
        decimals: Decimals printed for baseline, current and change.
        threshold: The clinically important change, e.g. "≥ 2 points or ≥ 30 %".
        threshold_met: Whether the change reached it; None when not judged.
        relative: Whether to print the change as a share of baseline too; off for small
            counts, where "+100 %" would overstate one more trigger point.
    """

    measure: str
    baseline: float | None
    current: float | None
    unit: str = ""
    decimals: int = 0
    threshold: str = ""
    threshold_met: bool | None = None
    relative: bool = True


@dataclass(frozen=True, slots=True)
class MuscleTrend:
    """Trigger points of one muscle and side across the sessions of the report.

    Attributes:
        muscle: Muscle display name.
        side: The patient's side.
        statuses: One entry per `PhysicianReportData.sessions` row, in the same order: the
            status found at that session, or None when no trigger point was found there.
        first_tenderness: Tenderness grade at the first finding, if graded.
        latest_tenderness: Tenderness grade at the latest finding, if graded.

    A muscle found earlier but not at the latest visit is `resolved`: the report prints
    "resolved" as its latest tenderness, never an old grade as if it were current.
    """

    muscle: str
    side: Side
    statuses: tuple[TriggerPointStatus | None, ...]
    first_tenderness: TendernessGrade | None = None
    latest_tenderness: TendernessGrade | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.statuses) and self.statuses[-1] is None


@dataclass(frozen=True, slots=True)
class OutcomeScore:
    """A standardised score (NDI, ODI, PSFS, ...) on one date."""

    measure: str
    measured_on: date
    score: float
    scale: str = ""
    interpretation: str = ""
    decimals: int = 0


@dataclass(frozen=True, slots=True)
class RomRow:
    """Range of motion in degrees with side comparison (clinical-spec §5.6).

    `both` holds a movement measured once for the whole body (spine flexion, extension);
    `left` and `right` are then None.
    """

    joint: str
    movement: str
    left: float | None = None
    right: float | None = None
    reference: str = ""
    method: str = ""
    measured_on: date | None = None
    both: float | None = None


@dataclass(frozen=True, slots=True)
class Amendment:
    """A dated correction of a signed record; signed records are never edited in place."""

    written_at: datetime
    author: str
    reason: str
    text: str
    session_date: date | None = None


class GoalStatus(StrEnum):
    """Progress toward a treatment goal (clinical-spec §5.7, Assessment)."""

    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    ONGOING = "ongoing"

    @property
    def label(self) -> str:
        """Human-readable status."""
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Goal:
    """A measurable, dated goal and how far the patient has come."""

    text: str
    status: GoalStatus = GoalStatus.ONGOING
    target_date: date | None = None


@dataclass(frozen=True, slots=True)
class WpiDetail:
    """Widespread Pain Index of the latest session, printed as information only (§1.4)."""

    score: int
    areas: tuple[str, ...] = ()
    generalized_pain: bool = False
    mode: str = "strict"


@dataclass(frozen=True, slots=True)
class PlanSection:
    """The "P" of the SOAP progress report."""

    treatment_plan: str = ""
    frequency: str = ""
    recommendation: str = ""
    goals: tuple[Goal, ...] = ()
    reassessment_date: date | None = None
    questions_for_physician: str = ""
    #: The visit that set the re-assessment date, when that is not the latest visit.
    reassessment_set_on: date | None = None

    @property
    def is_empty(self) -> bool:
        """True when the therapist wrote no plan."""
        return not (
            self.treatment_plan
            or self.frequency
            or self.recommendation
            or self.goals
            or self.reassessment_date
            or self.questions_for_physician
        )


@dataclass(frozen=True, slots=True)
class PhysicianReportData:
    """Everything printed on the progress report to the referring physician (§5.7).

    Attributes:
        letterhead: The clinic.
        patient: The patient; chart number repeats in the footer.
        therapist: The signing therapist with credentials and licence number.
        report_date: Date the report is issued.
        referring_physician: Addressee, if the patient was referred.
        referral_reason: Referral reason or diagnosis as written by the physician.
        referral_icd10: ICD-10 code, if the physician supplied one.
        period_start: First day of the period covered.
        period_end: Last day of the period covered.
        visits_cancelled: Visits cancelled or missed in the period.
        missed_visits: Those visits, oldest first, when recorded one by one (cancelled by
            either side, or no-show); the header then counts cancellations and no-shows apart.
        sessions: Attended visits in date order; their count is the visits attended.
        baseline_vs_current: The numbers-first table.
        first_map: Marks of the first session of the period.
        latest_map: Marks of the latest session of the period.
        muscle_trends: Trigger points by muscle across the sessions.
        outcome_scores: NDI, ODI, PSFS ... with dates.
        rom: Range-of-motion rows.
        wpi: WPI detail of the latest session, if computed.
        chief_complaint: Chief complaint in the patient's words (S).
        aggravating: What makes the pain worse (S).
        easing: What eases it (S).
        sleep: Sleep, as reported (S).
        psfs_activities: Activities the patient finds hard (S, PSFS).
        posture: Postural findings, one line each (O).
        observations: Other observations (O).
        precautions: Contraindications and precautions from the screening, one line each.
        assessment: Therapist impression within scope (A).
        response: Response to treatment (A).
        red_flags: Red flags asked and found at intake and the action taken (how many of
            the 22 were asked).
        visit_checks: The per-visit "today" checks of the period (spec §4.3).
        safety_warnings: Warnings of the period still standing (a discouraged technique used,
            a point charted in a no-go zone), each with its visits.
        home_programme: The home-care programme.
        home_programme_prescribed_on: The visit that prescribed it, when that is not the
            latest visit.
        plan: Plan and recommendations (P).
        amendments: Dated amendments to signed records in the period.
        signed_at: When the therapist signed the report; None for an unsigned draft.
        unsigned_visits: Visits of the period whose notes are not signed yet (why the
            report is a draft).
        progress: The period's pain-frequency map and outcome chart figures.
    """

    letterhead: Letterhead
    patient: PatientInfo
    therapist: TherapistInfo
    report_date: date
    referring_physician: PhysicianInfo | None = None
    referral_reason: str = ""
    referral_icd10: str = ""
    period_start: date | None = None
    period_end: date | None = None
    visits_cancelled: int = 0
    missed_visits: tuple[MissedVisitLine, ...] = ()
    sessions: tuple[SessionRow, ...] = ()
    baseline_vs_current: tuple[ChangeRow, ...] = ()
    first_map: DatedMap | None = None
    latest_map: DatedMap | None = None
    muscle_trends: tuple[MuscleTrend, ...] = ()
    outcome_scores: tuple[OutcomeScore, ...] = ()
    rom: tuple[RomRow, ...] = ()
    wpi: WpiDetail | None = None
    chief_complaint: str = ""
    aggravating: str = ""
    easing: str = ""
    sleep: str = ""
    psfs_activities: str = ""
    posture: tuple[str, ...] = ()
    observations: str = ""
    precautions: tuple[str, ...] = ()
    assessment: str = ""
    response: str = ""
    red_flags: str = ""
    visit_checks: tuple[str, ...] = ()
    safety_warnings: tuple[str, ...] = ()
    home_programme: tuple[HomeExercise, ...] = ()
    home_programme_prescribed_on: date | None = None
    plan: PlanSection = field(default_factory=PlanSection)
    amendments: tuple[Amendment, ...] = ()
    signed_at: datetime | None = None
    unsigned_visits: int = 0
    # The period at a glance (frequency map, outcome chart): reports/progress_data.py.
    progress: ProgressFigures | None = None

    @property
    def visits_attended(self) -> int:
        """Visits attended in the period: one session row per attended visit."""
        return len(self.sessions)
