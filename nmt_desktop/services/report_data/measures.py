"""Outcome questionnaires and range of motion, as the progress report prints them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nmt_desktop.db.models import OutcomeScoreRow, RomMeasure
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.outcomes import (
    OutcomeMeasure,
    judge_change,
    score_outcome,
)
from nmt_desktop.domain.rom import joint_label, movement_label, rom_reference
from nmt_desktop.domain.vocab import Side
from nmt_desktop.reports.data import ChangeRow, OutcomeScore, RomRow

_SHORT = {OutcomeMeasure.NDI: "NDI", OutcomeMeasure.ODI: "ODI", OutcomeMeasure.PSFS: "PSFS"}
_SCALE = {
    OutcomeMeasure.NDI: "% (0–100, higher is worse)",
    OutcomeMeasure.ODI: "% (0–100, higher is worse)",
    OutcomeMeasure.PSFS: "mean 0–10 (higher is better)",
}
_CHANGE_LABEL = {
    OutcomeMeasure.NDI: "Neck Disability Index, %",
    OutcomeMeasure.ODI: "Oswestry Disability Index, %",
    OutcomeMeasure.PSFS: "PSFS mean, 0–10",
}


def _decimals(measure: OutcomeMeasure) -> int:
    return 1 if measure is OutcomeMeasure.PSFS else 0


def _interpretation(row: OutcomeScoreRow) -> str:
    """The instrument's severity band, or the PSFS activities with their ratings."""
    try:
        if row.measure is OutcomeMeasure.PSFS:
            rated = [(str(a.get("activity", "")), a.get("score"))
                     for a in row.items if isinstance(a, dict)]
            return "; ".join(f"{name} {'–' if score is None else score}" for name, score in rated)
        scored = score_outcome(row.measure, row.items)
        return "; ".join(p for p in (scored.band.lower(), scored.note) if p)
    except (ValidationError, TypeError, ValueError):
        # A stored form the current rules cannot rescore still prints its stored score.
        return ""


def outcome_scores(rows: Sequence[OutcomeScoreRow]) -> tuple[OutcomeScore, ...]:
    """Valid questionnaires with their dates; an invalid form (too many gaps) has no score."""
    return tuple(
        OutcomeScore(
            measure=_SHORT[row.measure],
            measured_on=row.taken_on,
            score=row.score,
            scale=_SCALE[row.measure],
            interpretation=_interpretation(row),
            decimals=_decimals(row.measure),
        )
        for row in rows
        if row.valid and row.score is not None
    )


def _threshold_text(measure: OutcomeMeasure, points: float) -> str:
    """The clinically important change in the direction of improvement: "≥ 10 %-points less"."""
    if measure.higher_is_better:
        return f"≥ {points:g} points higher"
    return f"≥ {points:g} %-points lower"


def outcome_changes(rows: Sequence[OutcomeScoreRow]) -> list[ChangeRow]:
    """First against latest valid score of each questionnaire, judged by its MCID (§5.5)."""
    changes = []
    for measure in OutcomeMeasure:
        scored = [r for r in rows if r.measure is measure and r.valid and r.score is not None]
        if len(scored) < 2:
            continue
        first, latest = scored[0].score, scored[-1].score
        assert first is not None and latest is not None
        judged = judge_change(measure.value, first, latest)
        changes.append(ChangeRow(
            _CHANGE_LABEL[measure], first, latest,
            unit="%" if measure.unit == "%" else "",
            decimals=_decimals(measure),
            threshold=_threshold_text(measure, judged.threshold),
            threshold_met=judged.meaningful,
        ))
    return changes


@dataclass(frozen=True)
class DatedRom:
    """A ROM measure with the day of the visit it was taken at."""

    day: dt.date
    row: RomMeasure


def _method(row: RomMeasure) -> str:
    return ", ".join(p for p in ("active" if row.active else "passive", row.method) if p)


def rom_rows(measures: Sequence[DatedRom]) -> tuple[RomRow, ...]:
    """The latest measure of each movement, left beside right, with the reference range."""
    latest: dict[tuple[str, str, bool], dict[Side | None, DatedRom]] = {}
    for measure in measures:
        key = (measure.row.joint, measure.row.movement, measure.row.active)
        latest.setdefault(key, {})[measure.row.side] = measure
    rows = []
    for (joint, movement, _), sides in latest.items():
        any_side = max(sides.values(), key=lambda m: m.day)
        reference = rom_reference(joint, movement)
        left, right, both = sides.get(Side.LEFT), sides.get(Side.RIGHT), sides.get(None)
        rows.append(RomRow(
            joint=joint_label(joint),
            movement=movement_label(movement),
            left=left.row.degrees if left else None,
            right=right.row.degrees if right else None,
            reference=reference.label if reference is not None else "",
            method=_method(any_side.row),
            measured_on=any_side.day,
            both=both.row.degrees if both else None,
        ))
    return tuple(rows)


def rom_changes(measures: Sequence[DatedRom]) -> list[ChangeRow]:
    """Movements measured at two or more visits: the first against the latest, in degrees."""
    series: dict[tuple[str, str, Side | None, bool], list[DatedRom]] = {}
    for measure in measures:
        row = measure.row
        series.setdefault((row.joint, row.movement, row.side, row.active), []).append(measure)
    changes = []
    for (joint, movement, side, active), taken in series.items():
        if len({m.day for m in taken}) < 2:
            continue
        label = f"{joint_label(joint)}, {movement_label(movement).lower()}"
        if side is not None:
            label += f", {side.value}"
        if not active:
            label += " (passive)"
        changes.append(ChangeRow(label, taken[0].row.degrees, taken[-1].row.degrees, unit="°"))
    return changes
