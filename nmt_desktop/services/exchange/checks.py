"""What a record from a chart file must satisfy beyond its column types.

The same rules the app applies when a therapist types the values: names as the patient form
accepts them, regions and muscles of the atlas, grades in their ranges, known vocabulary.
A file that breaks one is refused as a whole, so a chart is never half imported.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.patients import PatientInput, validate_patient
from nmt_desktop.domain.vocab import PainQuality, SessionStatus, TextureTag

Values = Mapping[str, Any]
MAX_SESSION_MINUTES = 480
MAX_PPT = 2000.0


def _patient(values: Values, today: Any) -> list[str]:
    data = PatientInput(**{name: values[name] for name in (
        "given_name", "family_name", "date_of_birth", "chart_number", "phone", "email",
        "address", "referring_physician", "referral_reason")})
    try:
        clean = validate_patient(data, today)
    except ValidationError as error:
        return list(error.field_errors.values())
    if not clean.chart_number:
        return ["the chart number is empty"]
    return []


def _therapist(values: Values, today: Any) -> list[str]:
    name = values["full_name"]
    if not name.strip():
        return ["the therapist's name is empty"]
    if set("<>") & set(name) or any(not c.isprintable() for c in name):
        return ["the therapist's name contains < > or control characters"]
    return []


def _session(values: Values, today: Any) -> list[str]:
    problems = []
    if not 1 <= values["duration_minutes"] <= MAX_SESSION_MINUTES:
        problems.append(f"duration must be 1–{MAX_SESSION_MINUTES} minutes")
    if (values["status"] is SessionStatus.SIGNED) != (values["signed_at"] is not None):
        problems.append("a signed session needs signed_at, and only a signed one may have it")
    return problems


def _region(region_id: str, name: str = "region_id") -> list[str]:
    return [] if region_id in load_atlas().regions else [f"{name}: unknown region {region_id!r}"]


def _muscle(muscle_id: str | None) -> list[str]:
    if muscle_id is None or muscle_id in load_atlas().muscles:
        return []
    return [f"muscle_id: unknown muscle {muscle_id!r}"]


def _grade(values: Values, name: str, highest: int) -> list[str]:
    value = values[name]
    if value is None or 0 <= value <= highest:
        return []
    return [f"{name}: {value} is outside 0–{highest}"]


def _strings(values: Values, name: str) -> list[str]:
    value = values[name]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return []
    return [f"{name}: expected a list of texts"]


def _vocabulary(values: Values, name: str, allowed: set[str]) -> list[str]:
    problems = _strings(values, name)
    if problems:
        return problems
    unknown = [v for v in values[name] if v not in allowed]
    return [f"{name}: unknown value(s) {', '.join(map(repr, unknown))}"] if unknown else []


def _sided_region(values: Values) -> list[str]:
    problems = _region(values["region_id"])
    if problems:
        return problems
    region = load_atlas().regions[values["region_id"]]
    if values["side"] is not region.side:
        return [f"side: {values['side'].value} does not match region {region.id}"]
    return []


def _trigger_point(values: Values, today: Any) -> list[str]:
    problems = _sided_region(values) + _muscle(values["muscle_id"])
    region = load_atlas().regions.get(values["region_id"])
    if region is not None and values["view"] is not region.view:
        problems.append(f"view: {values['view'].value} does not match region {region.id}")
    problems += _grade(values, "tenderness_grade", 4) + _grade(values, "post_treatment_grade", 4)
    ppt = values["ppt_value"]
    if ppt is not None and not 0 < ppt <= MAX_PPT:
        problems.append(f"ppt_value: {ppt} is not a plausible pressure pain threshold")
    if (ppt is None) != (values["ppt_unit"] is None):
        problems.append("ppt_value and ppt_unit go together")
    problems += _strings(values, "techniques") + _strings(values, "referral_regions")
    if not problems:
        for region_id in values["referral_regions"]:
            problems += _region(region_id, "referral_regions")
    return problems


def _pain_zone(values: Values, today: Any) -> list[str]:
    return (_region(values["region_id"]) + _grade(values, "nrs", 10)
            + _vocabulary(values, "qualities", {q.value for q in PainQuality}))


def _tension(values: Values, today: Any) -> list[str]:
    return (_sided_region(values) + _muscle(values["muscle_id"]) + _grade(values, "grade", 3)
            + _vocabulary(values, "texture_tags", {t.value for t in TextureTag}))


#: Rules per table key of the layout; a table without rules only has its types checked.
RULES: dict[str, Callable[[Values, Any], list[str]]] = {
    "patient": _patient,
    "therapists": _therapist,
    "sessions": _session,
    "trigger_points": _trigger_point,
    "pain_zones": _pain_zone,
    "tension_ratings": _tension,
}
