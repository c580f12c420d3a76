"""Turn a stored chart into what the reports draw and say: map marks, findings, counts."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.domain.vocab import PainSource, ToneGrade, TriggerPointStatus
from nmt_desktop.reports.data import (
    Finding,
    FindingKind,
    MapMarks,
    PainZoneMark,
    TensionMark,
    TriggerPointMark,
)
from nmt_desktop.services.records import ChartRecord, TriggerPointRecord

# Tension below "moderate" is common and unremarkable; the patient sheet leaves it out.
NOTABLE_TENSION = ToneGrade.MODERATE

# When one muscle holds several points in a session, the report shows the most telling one.
STATUS_RANK = {
    TriggerPointStatus.ACTIVE: 0,
    TriggerPointStatus.LATENT: 1,
    TriggerPointStatus.UNDETERMINED: 2,
}


def _known_muscle(muscle_id: str | None) -> str:
    atlas = load_atlas()
    return atlas.muscles[muscle_id].name if muscle_id and muscle_id in atlas.muscles else ""


def muscle_name(point: TriggerPointRecord) -> str:
    """Muscle display name, or an honest placeholder when the therapist named none."""
    atlas = load_atlas()
    if point.muscle_id and point.muscle_id in atlas.muscles:
        return atlas.muscles[point.muscle_id].name
    if point.muscle_id:
        return point.muscle_id
    return f"Muscle not named ({atlas.regions[point.region_id].name.lower()})"


def technique_label(technique_id: str, out_of_scope: Collection[str] = ()) -> str:
    """Printed name of a technique; an id from a newer catalogue prints as itself.

    A technique the clinic has switched off (scope of practice) is flagged, as clinical-spec
    §5.3 asks, so a report never passes it off as routine.
    """
    known = TECHNIQUES_BY_ID.get(technique_id)
    label = known.label if known is not None else technique_id
    return f"{label} (outside the clinic's scope)" if technique_id in out_of_scope else label


def map_marks(chart: ChartRecord) -> MapMarks:
    """Everything of one session that is drawn on the body map."""
    return MapMarks(
        trigger_points=tuple(
            TriggerPointMark(
                view=p.view,
                x=p.x,
                y=p.y,
                status=p.status,
                muscle=_known_muscle(p.muscle_id),
                side=p.side,
            )
            for p in chart.trigger_points
        ),
        pain_zones=tuple(
            PainZoneMark(region_id=z.region_id, nrs=z.nrs, qualities=z.qualities)
            for z in chart.pain_zones
        ),
        tension=tuple(
            TensionMark(region_id=t.region_id, grade=ToneGrade(t.grade))
            for t in chart.tension_ratings
        ),
    )


def findings(chart: ChartRecord) -> tuple[Finding, ...]:
    """What was found, one entry per muscle and place, most telling first.

    Several points in the same muscle and region make one sentence; tension is mentioned only
    where it is at least moderate and no trigger point was already described in that region.
    """
    atlas = load_atlas()
    best: dict[tuple[str, str], TriggerPointRecord] = {}
    for point in chart.trigger_points:
        key = (point.region_id, point.muscle_id or "")
        held = best.get(key)
        if held is None or STATUS_RANK[point.status] < STATUS_RANK[held.status]:
            best[key] = point
    ordered = sorted(best.values(), key=lambda p: STATUS_RANK[p.status])
    result: list[Finding] = []
    for point in ordered:
        region = atlas.regions[point.region_id]
        result.append(
            Finding(
                FindingKind.TRIGGER_POINT,
                region.type,
                region.name,
                point.side,
                _known_muscle(point.muscle_id),
                point.status,
            )
        )
    with_points = {point.region_id for point in chart.trigger_points}
    for rating in sorted(chart.tension_ratings, key=lambda t: -t.grade):
        if rating.grade < NOTABLE_TENSION or rating.region_id in with_points:
            continue
        with_points.add(rating.region_id)
        region = atlas.regions[rating.region_id]
        result.append(Finding(FindingKind.TENSION, region.type, region.name, rating.side))
    return tuple(result)


def techniques_used(chart: ChartRecord, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Technique ids applied in a session, each once, in the order first used."""
    used: dict[str, None] = {}
    for point in chart.trigger_points:
        used.update(dict.fromkeys(point.techniques))
    used.update(dict.fromkeys(extra))
    return tuple(used)


def reported_pain(chart: ChartRecord) -> int | None:
    """The highest pain the patient reported on the map, or None if nothing was painted.

    Used as the session's pain only when no NRS was written in the notes.
    """
    values = [z.nrs for z in chart.pain_zones if z.source is PainSource.PATIENT_REPORT]
    return max(values) if values else None
