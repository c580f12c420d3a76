"""The words of the progress report: S, O, A and P as the therapist wrote them, and screening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nmt_desktop.db.clinical_models import (
    Goal,
    GoalProgress,
    Intake,
    PostureObservation,
    Referral,
    ScreeningAnswerRow,
    SessionNote,
)
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.outcomes import GoalProgressStatus
from nmt_desktop.domain.posture import POSTURE_FINDINGS_BY_ID, PostureSide
from nmt_desktop.domain.screening import CONTRAINDICATIONS_BY_ID, RED_FLAGS_BY_ID
from nmt_desktop.reports.data import Goal as GoalLine
from nmt_desktop.reports.data import GoalStatus
from nmt_desktop.reports.formatting import fmt_date

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
                  referrals: Sequence[Referral]) -> str:
    """Red flags found at screening and the referral made, or that none were found."""
    if intake is None:
        return ""
    found = [RED_FLAGS_BY_ID[a.item_id] for a in answers
             if a.present and a.item_id in RED_FLAGS_BY_ID]
    if not found:
        return f"None found at screening (intake of {fmt_date(intake.recorded_on)})."
    lines = []
    for flag in found:
        sent = [r for r in referrals if flag.id in r.red_flag_ids]
        line = f"{flag.finding} – {flag.concern} ({flag.urgency.label.lower()})."
        if sent:
            last = sent[-1]
            when = fmt_date(last.contacted_at.astimezone().date())
            line += f" Referred: {last.contacted} on {when}: {last.said}"
        else:
            line += " No referral recorded."
        lines.append(line)
    return "\n".join(lines)


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
