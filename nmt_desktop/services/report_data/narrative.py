"""The words of the progress report: S, O, A and P as the therapist wrote them, and screening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from nmt_desktop.db.models import (
    Goal,
    GoalProgress,
    Intake,
    MedicalClearance,
    PostureObservation,
    Referral,
    ScreeningAnswerRow,
    SessionNote,
)
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.domain.posture import POSTURE_FINDINGS_BY_ID, PostureSide
from nmt_desktop.domain.screening import CONTRAINDICATIONS_BY_ID, RED_FLAGS_BY_ID
from nmt_desktop.domain.screening_rules import WarningKind, WarningLevel
from nmt_desktop.domain.screening_today import TodayCheck, item_label, red_flag_statement
from nmt_desktop.reports.data import Goal as GoalLine
from nmt_desktop.reports.data import GoalStatus
from nmt_desktop.reports.formatting import fmt_date
from nmt_desktop.services.screening import MarkWarning

_GOAL_STATUS = {
    GoalProgressStatus.MET: GoalStatus.MET,
    GoalProgressStatus.PARTLY_MET: GoalStatus.PARTLY_MET,
    GoalProgressStatus.NOT_MET: GoalStatus.NOT_MET,
}


def latest_text(notes: Sequence[SessionNote | None], field: str) -> str:
    """The most recent non-empty text of a note field across the visits (oldest first)."""
    for note in reversed(notes):
        value = getattr(note, field, "") if note is not None else ""
        if value and str(value).strip():
            return str(value).strip()
    return ""


def first_text(notes: Sequence[SessionNote | None], field: str) -> str:
    """The earliest non-empty text: the complaint as first told."""
    return latest_text(list(reversed(notes)), field)


def latest_value(notes: Sequence[SessionNote | None], field: str) -> dt.date | None:
    for note in reversed(notes):
        value = getattr(note, field, None) if note is not None else None
        if value is not None:
            assert isinstance(value, dt.date)
            return value
    return None


def latest_dated_value(notes: Sequence[SessionNote | None], days: Sequence[dt.date],
                       field: str) -> tuple[dt.date | None, dt.date | None]:
    """The latest date a note field holds, and the day of the visit that wrote it.

    The day is None when the latest visit wrote it, or when no visit did.
    """
    for note, day in zip(reversed(notes), reversed(days), strict=True):
        value = getattr(note, field, None) if note is not None else None
        if value is not None:
            assert isinstance(value, dt.date)
            return value, (day if day != days[-1] else None)
    return None, None


def posture_lines(observations: Sequence[PostureObservation]) -> tuple[str, ...]:
    """Posture findings of one visit: "Forward head posture, moderate"."""
    lines = []
    for row in observations:
        known = POSTURE_FINDINGS_BY_ID.get(row.finding_id)
        term = known.term if known is not None else row.finding_id.replace("_", " ")
        side = ""
        if row.side is PostureSide.BILATERAL:
            side = "both sides, "
        elif row.side is not None:
            side = f"{row.side.value}, "
        line = f"{term}, {side}{row.severity.value}"
        lines.append(f"{line} – {row.note.strip()}" if row.note.strip() else line)
    return tuple(lines)


def _regions(region_ids: Sequence[str]) -> str:
    regions = load_atlas().regions
    return ", ".join(regions[r].display_name.lower() if r in regions else r for r in region_ids)


def precaution_lines(answers: Sequence[ScreeningAnswerRow],
                     clearances: dict[str, str]) -> tuple[str, ...]:
    """Contraindications and precautions found at screening, with what was changed."""
    lines = []
    for answer in answers:
        item = CONTRAINDICATIONS_BY_ID.get(answer.item_id)
        if item is None or not answer.present:
            continue
        line = f"{item.label} ({item.category.label.lower()})"
        if answer.region_ids:
            line += f", {_regions(answer.region_ids)}"
        line += f": {item.modification}"
        if answer.item_id in clearances:
            line += f" {clearances[answer.item_id]}"
        lines.append(line)
    return tuple(lines)


def red_flag_text(intake: Intake | None, answers: Sequence[ScreeningAnswerRow],
                  referrals: Sequence[Referral],
                  clearances: Sequence[MedicalClearance] = ()) -> str:
    """What the intake asked of the red flags and what was done, honestly counted.

    Spec §4.2: a flag not asked is "not asked", never "none found"; the statement says how
    many of the 22 were asked.
    """
    if intake is None:
        return "No intake on record: red flags not screened at intake."
    asked = sum(a.item_id in RED_FLAGS_BY_ID for a in answers)
    found = [RED_FLAGS_BY_ID[a.item_id] for a in answers
             if a.present and a.item_id in RED_FLAGS_BY_ID]
    when = f"Intake of {fmt_date(intake.recorded_on)}: "
    if not found:
        return when + red_flag_statement(asked, ()).removeprefix("Red flags: ")
    lines = [when + red_flag_statement(asked, [f.id for f in found])]
    for flag in found:
        sent = [r for r in referrals if flag.id in r.red_flag_ids]
        cleared = [c for c in clearances if c.item_id == flag.id]
        line = (f"{flag.finding.split(',')[0]} ({flag.urgency.value}; possible concern: "
                f"{flag.concern.lower()}):")
        if sent:
            last = sent[-1]
            day = fmt_date(last.contacted_at.astimezone().date())
            line += f" referred to {last.contacted} on {day}: {last.said.strip()}"
        else:
            line += " no referral recorded."
        if cleared:
            line += f" Cleared by {cleared[-1].cleared_by} on {fmt_date(cleared[-1].cleared_on)}."
        lines.append(line)
    return "\n".join(lines)


def visit_check_lines(checks: Sequence[tuple[dt.date, TodayCheck | None]]) -> tuple[str, ...]:
    """The per-visit "today" checks of the period (spec §4.3), in a few lines."""
    if not checks:
        return ()
    missing = [day for day, check in checks if check is None]
    done = [(day, check) for day, check in checks if check is not None]
    lines: list[str] = []
    if done:
        asked = sorted({check.red_flags_asked for _, check in done})
        per = f"{asked[0]}" if len(asked) == 1 else f"{asked[0]}–{asked[-1]}"
        new = [(day, i) for day, check in done for i in check.present_item_ids]
        summary = (f"Today check at {len(done)} of {len(checks)} visits ({per} of "
                   f"{len(RED_FLAGS_BY_ID)} red flags asked each time): ")
        if new:
            summary += "; ".join(f"{item_label(i)} ({fmt_date(day)})" for day, i in new) + "."
        else:
            summary += "nothing new reported."
        lines.append(summary)
    if missing:
        lines.append(f"No today check recorded at {len(missing)} of {len(checks)} visits ("
                     + ", ".join(fmt_date(day) for day in missing) + ").")
    for day, check in done:
        if check.not_done_reason:
            lines.append(f"Screening not done on {fmt_date(day)} (no intake): "
                         f"{check.not_done_reason}")
    return tuple(lines)


def standing_warning_lines(
    warnings: Mapping[dt.date, Sequence[MarkWarning]]) -> tuple[str, ...]:
    """Each distinct warning of the period (warning level, not cautions) with its visits."""
    visits: dict[str, list[dt.date]] = {}
    for day, found in sorted(warnings.items()):
        for mark in found:
            if mark.warning.level is not WarningLevel.WARNING:
                continue
            where = mark.warning.region_id
            text = mark.warning.message
            if where is not None and mark.warning.kind is not WarningKind.DISCOURAGED_TECHNIQUE:
                text = f"{load_atlas().regions[where].display_name}: {text}"
            days = visits.setdefault(text, [])
            if day not in days:
                days.append(day)
    total = len(warnings)
    lines = []
    for text, days in visits.items():
        if len(days) > 3:
            when = f"{len(days)} of {total} visits ({fmt_date(days[0])} – {fmt_date(days[-1])})"
        else:
            when = ", ".join(fmt_date(d) for d in days)
        lines.append(f"{text} Visits: {when}.")
    return tuple(lines)


def dated(text: str, day: dt.date | None, latest: dt.date | None) -> str:
    """A field's text with its visit's date when it is not from the latest visit."""
    if not text or day is None or day == latest:
        return text
    return f"{text} (recorded {fmt_date(day)})"


def from_intake(text: str, intake: Intake) -> str:
    """An intake answer with the intake's date: "Neck pain (intake of 19 May 2025)"."""
    clean = text.strip()
    return f"{clean} (intake of {fmt_date(intake.recorded_on)})" if clean else ""


def latest_dated_text(notes: Sequence[SessionNote | None], days: Sequence[dt.date],
                      field: str) -> str:
    """`latest_text`, dated when an earlier visit wrote it."""
    for note, day in zip(reversed(notes), reversed(days), strict=True):
        value = getattr(note, field, "") if note is not None else ""
        if value and str(value).strip():
            return dated(str(value).strip(), day, days[-1] if days else None)
    return ""


def first_dated_text(notes: Sequence[SessionNote | None], days: Sequence[dt.date],
                     field: str) -> str:
    """The earliest non-empty text (the complaint as first told), dated unless it is today's."""
    for note, day in zip(notes, days, strict=True):
        value = getattr(note, field, "") if note is not None else ""
        if value and str(value).strip():
            return dated(str(value).strip(), day, days[-1] if days else None)
    return ""


def goal_lines(goals: Sequence[Goal], progress: Sequence[GoalProgress],
               start: dt.date) -> tuple[GoalLine, ...]:
    """Goals in force during the period with the latest progress recorded (oldest first)."""
    status = {p.goal_id: _GOAL_STATUS[p.status] for p in progress}
    # The latest progress recorded in a signed session keeps the words it was signed against.
    frozen = {p.goal_id: p.goal_text for p in progress if p.goal_text is not None}
    return tuple(
        GoalLine(text=frozen.get(goal.id, goal.text),
                 status=status.get(goal.id, GoalStatus.ONGOING),
                 target_date=goal.target_date)
        for goal in goals
        if goal.retired_on is None or goal.retired_on >= start
    )
