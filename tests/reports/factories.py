"""Report data built by hand, as a service would build it: no database, no Qt.

`patient_summary()` and `physician_report()` give a realistic neck-and-shoulder chart; the
keyword arguments let a test change one thing (name, session count, an empty chart).
"""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, timedelta

from nmt_desktop.domain.vocab import (
    PainQuality,
    Side,
    TendernessGrade,
    ToneGrade,
    TriggerPointStatus,
    View,
)
from nmt_desktop.reports.bodymap_art import packaged_bodymap
from nmt_desktop.reports.data import (
    Amendment,
    ChangeRow,
    DatedMap,
    Finding,
    FindingKind,
    Goal,
    GoalStatus,
    HomeExercise,
    Letterhead,
    MapMarks,
    MuscleTrend,
    OutcomeScore,
    PainZoneMark,
    PatientInfo,
    PatientSummaryData,
    PhysicianInfo,
    PhysicianReportData,
    PlanSection,
    RomRow,
    SessionRow,
    TensionMark,
    TherapistInfo,
    TriggerPointMark,
    WpiDetail,
)

FIRST_VISIT = date(2025, 1, 7)


def tiny_png() -> bytes:
    """A valid 24 x 8 grey PNG, standing in for a clinic logo."""
    width, height = 24, 8
    raw = b"".join(b"\x00" + bytes([90, 90, 90]) * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def letterhead(logo: bytes | None = None) -> Letterhead:
    return Letterhead(
        name="Harbourside Neuromuscular Therapy",
        address_lines=("12 Quay Street, Suite 4", "Halifax NS B3J 1A1"),
        phone="902-555-0142",
        email="desk@harbourside-nmt.example",
        logo_png=logo,
    )


def patient(name: str = "Zoë Łukasiewicz-Ñúñez") -> PatientInfo:
    return PatientInfo(display_name=name, chart_number="HX-10427", date_of_birth=date(1978, 11, 23))


def therapist() -> TherapistInfo:
    return TherapistInfo(name="Mara Okafor", credentials="RMT, CNMT", licence_number="MT-3381")


def _centre(region_id: str) -> tuple[float, float]:
    box = packaged_bodymap().outlines[region_id].bounds
    return (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2


def point(
    view: View, region_id: str, status: TriggerPointStatus, muscle: str, side: Side
) -> TriggerPointMark:
    x, y = _centre(region_id)
    return TriggerPointMark(view=view, x=x, y=y, status=status, muscle=muscle, side=side)


def neck_shoulder_marks(*, improved: bool = False) -> MapMarks:
    """Left upper-trapezius pattern with a temple headache; milder when `improved`."""
    if improved:
        return MapMarks(
            trigger_points=(
                point(
                    View.POSTERIOR,
                    "shoulder_top_left",
                    TriggerPointStatus.LATENT,
                    "Upper trapezius",
                    Side.LEFT,
                ),
            ),
            pain_zones=(PainZoneMark("neck_posterior_left", 2, (PainQuality.ACHING,)),),
        )
    return MapMarks(
        trigger_points=(
            point(
                View.POSTERIOR,
                "shoulder_top_left",
                TriggerPointStatus.ACTIVE,
                "Upper trapezius",
                Side.LEFT,
            ),
            point(
                View.POSTERIOR,
                "neck_posterior_left",
                TriggerPointStatus.ACTIVE,
                "Levator scapulae",
                Side.LEFT,
            ),
            point(
                View.POSTERIOR,
                "scapula_right",
                TriggerPointStatus.LATENT,
                "Infraspinatus",
                Side.RIGHT,
            ),
            point(
                View.ANTERIOR,
                "neck_anterior_left",
                TriggerPointStatus.UNDETERMINED,
                "Sternocleidomastoid",
                Side.LEFT,
            ),
        ),
        pain_zones=(
            PainZoneMark("temple_left", 6, (PainQuality.THROBBING,)),
            PainZoneMark("neck_posterior_left", 7, (PainQuality.ACHING,)),
            PainZoneMark("shoulder_top_left", 7, (PainQuality.ACHING, PainQuality.DEEP_PRESSURE)),
            PainZoneMark("interscapular_left", 4, (PainQuality.BURNING,)),
            PainZoneMark("forearm_posterior_left", 3, (PainQuality.PINS_NEEDLES,)),
        ),
        tension=(TensionMark("scapula_left", ToneGrade.MODERATE),),
    )


HOME_CARE = (
    HomeExercise(
        "Chin tuck",
        "Glide your head straight back, do not nod down.",
        "10 × 5 s hold, 3 times a day",
        "Stop if arm symptoms increase.",
    ),
    HomeExercise(
        "Upper trapezius stretch",
        "Ear toward the opposite shoulder, keep the shoulder down.",
        "3 × 30 s each side",
    ),
    HomeExercise(
        "Self-pressure with a ball",
        "Lean on the ball, hold on the tender spot until it eases.",
        "30–90 s per spot",
        "Not over the front of the neck.",
    ),
)


def patient_summary(
    *,
    name: str = "Zoë Łukasiewicz-Ñúñez",
    no_session: bool = False,
    note: str = "",
    logo: bytes | None = None,
) -> PatientSummaryData:
    if no_session:
        return PatientSummaryData(
            letterhead=letterhead(logo),
            patient=patient(name),
            therapist=therapist(),
            session_date=None,
        )
    return PatientSummaryData(
        letterhead=letterhead(logo),
        patient=patient(name),
        therapist=therapist(),
        session_date=date(2025, 3, 3),
        marks=neck_shoulder_marks(),
        findings=(
            Finding(
                FindingKind.TRIGGER_POINT,
                "shoulder_top",
                "Top of shoulder",
                Side.LEFT,
                "Upper trapezius",
                TriggerPointStatus.ACTIVE,
            ),
            Finding(
                FindingKind.TRIGGER_POINT,
                "neck_posterior",
                "Back of neck",
                Side.LEFT,
                "Levator scapulae",
                TriggerPointStatus.ACTIVE,
            ),
            Finding(
                FindingKind.TRIGGER_POINT,
                "scapula",
                "Shoulder blade",
                Side.RIGHT,
                "Infraspinatus",
                TriggerPointStatus.LATENT,
            ),
            Finding(FindingKind.TENSION, "scapula", "Shoulder blade", Side.LEFT),
        ),
        treatments=(
            "steady pressure on the tender spots",
            "slow gliding strokes along the muscles",
            "gentle stretching of your neck",
        ),
        nrs_before=6,
        nrs_after=3,
        home_care=HOME_CARE,
        next_appointment=datetime(2025, 3, 10, 14, 30),
        therapist_note=note,
    )


_TECHNIQUES = (
    "Ischemic compression",
    "Stripping massage",
    "Muscle energy (PIR)",
    "Myofascial release",
)


def sessions(count: int) -> tuple[SessionRow, ...]:
    """`count` weekly visits with pain falling from 7 to about 2."""
    rows = []
    for i in range(count):
        frac = i / max(count - 1, 1)
        before = round(7 - 5 * frac + (1 if i % 5 == 3 else 0))
        rows.append(
            SessionRow(
                session_date=FIRST_VISIT + timedelta(days=7 * i + (2 if i % 3 == 1 else 0)),
                nrs_before=before,
                nrs_after=max(0, before - 2 - (i % 2)),
                pain_extent_pct=round(6.8 - 5.1 * frac, 1),
                wpi=max(1, round(5 - 3 * frac)),
                active_trps=max(0, round(4 - 4 * frac)),
                latent_trps=1 + (i % 2),
                techniques=_TECHNIQUES[: 2 + (i % 3)],
            )
        )
    return tuple(rows)


def _statuses(
    count: int, active_until: float, found_until: float
) -> tuple[TriggerPointStatus | None, ...]:
    out: list[TriggerPointStatus | None] = []
    for i in range(count):
        frac = i / max(count - 1, 1)
        if frac <= active_until:
            out.append(TriggerPointStatus.ACTIVE)
        elif frac <= found_until:
            out.append(TriggerPointStatus.LATENT)
        else:
            out.append(None)
    return tuple(out)


def physician_report(
    *,
    count: int = 24,
    name: str = "Zoë Łukasiewicz-Ñúñez",
) -> PhysicianReportData:
    """A realistic progress report; `count=0` gives a patient with no sessions."""
    rows = sessions(count)
    has = count > 0
    return PhysicianReportData(
        letterhead=letterhead(),
        patient=patient(name),
        therapist=therapist(),
        report_date=date(2025, 6, 30),
        referring_physician=PhysicianInfo(
            "Dr. Priya Raman", "North End Family Practice", phone="902-555-0199", fax="902-555-0198"
        ),
        referral_reason="Chronic neck pain with left temporal headaches",
        referral_icd10="M54.2",
        period_start=FIRST_VISIT,
        period_end=rows[-1].session_date if has else date(2025, 6, 30),
        visits_cancelled=2 if has else 0,
        sessions=rows,
        baseline_vs_current=(
            ChangeRow(
                "Pain now, NRS 0–10", 7, 2, threshold="≥ 2 points or ≥ 30 %", threshold_met=True
            ),
            ChangeRow(
                "Neck Disability Index",
                38,
                16,
                unit="%",
                threshold="≥ 10 %-points",
                threshold_met=True,
            ),
            ChangeRow(
                "PSFS average (0–10)",
                3.3,
                7.0,
                decimals=1,
                threshold="≥ 2 points",
                threshold_met=True,
            ),
            ChangeRow(
                "Cervical rotation, left", 48, 70, unit="°", threshold="", threshold_met=None
            ),
            ChangeRow(
                "Pain extent",
                6.8,
                1.7,
                unit="%",
                decimals=1,
                threshold="> 3 % of body area",
                threshold_met=True,
            ),
            ChangeRow("Active trigger points", 4, 0, threshold="", threshold_met=None),
        )
        if has
        else (),
        first_map=DatedMap(rows[0].session_date, neck_shoulder_marks()) if has else None,
        latest_map=DatedMap(rows[-1].session_date, neck_shoulder_marks(improved=True))
        if has
        else None,
        muscle_trends=(
            MuscleTrend(
                "Upper trapezius",
                Side.LEFT,
                _statuses(count, 0.6, 1.0),
                TendernessGrade.WITHDRAWAL,
                TendernessGrade.TENDER,
            ),
            MuscleTrend(
                "Levator scapulae",
                Side.LEFT,
                _statuses(count, 0.4, 0.7),
                TendernessGrade.GRIMACE,
                None,
            ),
            MuscleTrend(
                "Sternocleidomastoid",
                Side.LEFT,
                _statuses(count, 0.2, 0.5),
                TendernessGrade.GRIMACE,
                None,
            ),
            MuscleTrend(
                "Infraspinatus",
                Side.RIGHT,
                _statuses(count, -1, 0.85),
                TendernessGrade.TENDER,
                TendernessGrade.TENDER,
            ),
        )
        if has
        else (),
        outcome_scores=(
            OutcomeScore("NDI", FIRST_VISIT, 38, "% (0–100)", "moderate"),
            OutcomeScore("NDI", date(2025, 6, 24), 16, "% (0–100)", "mild"),
            OutcomeScore("PSFS", FIRST_VISIT, 3.3, "average 0–10", decimals=1),
            OutcomeScore("PSFS", date(2025, 6, 24), 7.0, "average 0–10", decimals=1),
        )
        if has
        else (),
        rom=(
            RomRow(
                "Cervical spine",
                "Rotation",
                70,
                74,
                "60–80",
                "active, inclinometer",
                date(2025, 6, 24),
            ),
            RomRow(
                "Cervical spine",
                "Lateral flexion",
                38,
                42,
                "40–45",
                "active, inclinometer",
                date(2025, 6, 24),
            ),
            RomRow(
                "Thoracolumbar spine",
                "Flexion",
                reference="60–80°",
                method="active, inclinometer",
                measured_on=date(2025, 6, 24),
                both=65,
            ),
        )
        if has
        else (),
        wpi=WpiDetail(2, ("neck", "shoulder girdle left")) if has else None,
        chief_complaint="“My neck locks up at work and I get a headache behind my left eye.”",
        assessment="Findings consistent with myofascial trigger points in the left upper "
        "trapezius and levator scapulae reproducing the patient's left temporal "
        "headache."
        if has
        else "",
        response="Steady reduction of pain and headache frequency (from 4 to 1 per week); "
        "trigger points no longer reproduce the headache."
        if has
        else "",
        aggravating="Long meetings, driving more than an hour" if has else "",
        easing="Heat, walking" if has else "",
        sleep="Wakes once a night with neck pain" if has else "",
        posture=("Forward head posture, moderate", "Elevated shoulder, left, mild") if has else (),
        precautions=("Anticoagulant: lighter pressure, no stripping",) if has else (),
        home_programme=HOME_CARE if has else (),
        plan=PlanSection(
            treatment_plan="Pressure release and stretching of the left upper trapezius",
            frequency="Every 2 weeks for 6 weeks, then review",
            recommendation="Taper and discharge to home programme if gains hold.",
            goals=(
                Goal(
                    "Work a full day at the computer without headache",
                    GoalStatus.PARTLY_MET,
                    date(2025, 8, 1),
                ),
                Goal("Neck rotation left ≥ 70°", GoalStatus.MET),
            ),
            reassessment_date=date(2025, 8, 11),
            questions_for_physician="Any objection to adding a graded strengthening programme?",
        )
        if has
        else PlanSection(),
        amendments=(
            Amendment(
                datetime(2025, 3, 4, 9, 12),
                "Mara Okafor, RMT",
                "Side recorded wrongly",
                "Session of 3 Mar: latent trigger point was in the RIGHT infraspinatus, "
                "not the left.",
                date(2025, 3, 3),
            ),
        )
        if has
        else (),
        signed_at=datetime(2025, 6, 30, 17, 5),
    )
