"""What a record from a chart file must satisfy beyond its column types.

The same rules the app applies when a therapist types the values: names as the patient form
accepts them, regions and muscles of the atlas, grades in their ranges, known vocabulary.
A file that breaks one is refused as a whole, so a chart is never half imported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import String

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.domain.exercises import EXERCISES_BY_ID
from nmt_desktop.domain.outcomes import OutcomeMeasure, PsfsActivity, score_outcome
from nmt_desktop.domain.patients import PatientInput, validate_patient
from nmt_desktop.domain.posture import POSTURE_FINDINGS_BY_ID
from nmt_desktop.domain.rom import rom_reference
from nmt_desktop.domain.screening import CONTRAINDICATIONS_BY_ID, RED_FLAGS_BY_ID
from nmt_desktop.domain.screening_today import TodayCheck, check_problems
from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.domain.vocab import PainQuality, SessionStatus, TextureTag
from nmt_desktop.services._uow.validation import (
    CLOCK_SKEW,
    MAX_NOTE_LENGTH,
    SHORT_NOTE_LENGTH,
    amendment_time_problem,
    clean_text,
    locate_on_figure,
    session_start_problem,
    signing_problem,
    stamp_problem,
)
from nmt_desktop.services.intake import MAX_GOAL_LENGTH
from nmt_desktop.services.missed_visits import MAX_REASON_LENGTH, check_missed_visit
from nmt_desktop.services.signing import MAX_AMENDMENT_LENGTH

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


def _position(values: Values) -> list[str]:
    """The point must lie on the figure, in the region it is filed under (as when placed)."""
    try:
        region = locate_on_figure(values["x"], values["y"])
    except ValidationError:
        return [f"x, y: ({values['x']}, {values['y']}) is outside the body outline"]
    if region.id != values["region_id"]:
        return [f"x, y: the point lies in {region.id}, not in {values['region_id']}"]
    return []


def _trigger_point(values: Values, today: Any) -> list[str]:
    problems = _sided_region(values) + _muscle(values["muscle_id"])
    if not problems:
        problems += _position(values)
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


def _known(values: Values, name: str, catalog: Mapping[str, Any], what: str) -> list[str]:
    value = values[name]
    return [] if value in catalog else [f"{name}: unknown {what} {value!r}"]


def _screening_answer(values: Values, today: Any) -> list[str]:
    known = {**CONTRAINDICATIONS_BY_ID, **RED_FLAGS_BY_ID}
    problems = _known(values, "item_id", known, "screening item")
    problems += _strings(values, "region_ids")
    if not problems:
        for region_id in values["region_ids"]:
            problems += _region(region_id, "region_ids")
    return problems


def _clearance(values: Values, today: Any) -> list[str]:
    # Spec §4.2 (revised): E and U red flags are lifted by a clearance too.
    problems = _known(values, "item_id", {**CONTRAINDICATIONS_BY_ID, **RED_FLAGS_BY_ID},
                      "screening item")
    return problems + ([] if values["cleared_by"].strip() else ["cleared_by: who cleared it?"])


def _today_check(values: Values, today: Any) -> list[str]:
    problems = _strings(values, "asked_item_ids") + _strings(values, "present_item_ids")
    if problems:
        return problems
    check = TodayCheck(tuple(values["asked_item_ids"]), tuple(values["present_item_ids"]),
                       values["new_health"], values["not_done_reason"])
    # The intake is not known here; whether a reason was needed was checked when it was asked.
    found = check_problems(check, has_intake=True)
    return [f"{name}: {message}" for name, message in found.items()]


def _referral(values: Values, today: Any) -> list[str]:
    return _vocabulary(values, "red_flag_ids", set(RED_FLAGS_BY_ID))


def _goal(values: Values, today: Any) -> list[str]:
    return [] if values["text"].strip() else ["text: a goal needs words"]


def _missed_visit(values: Values, today: Any) -> list[str]:
    try:
        check_missed_visit(values["on_date"], values["kind"], today)
    except ValidationError as error:
        return [f"{name}: {message}" for name, message in error.field_errors.items()]
    return []


def _notes(values: Values, today: Any) -> list[str]:
    problems = []
    for name in ("nrs_now", "nrs_best", "nrs_worst", "nrs_after"):
        problems += _grade(values, name, 10)
    problems += _vocabulary(values, "techniques", set(TECHNIQUES_BY_ID))
    return problems + _strings(values, "copied_fields") + _strings(values, "copied_mark_uids")


def _posture(values: Values, today: Any) -> list[str]:
    return _known(values, "finding_id", POSTURE_FINDINGS_BY_ID, "postural finding")


def _rom(values: Values, today: Any) -> list[str]:
    reference = rom_reference(values["joint"], values["movement"])
    if reference is None:
        return [f"joint/movement: unknown {values['joint']!r} {values['movement']!r}"]
    problems = []
    if reference.sided != (values["side"] is not None):
        problems.append("side: " + ("required" if reference.sided else "not used") +
                        f" for {values['joint']} {values['movement']}")
    if not -30 <= values["degrees"] <= 360:
        problems.append(f"degrees: {values['degrees']} is outside −30 to 360")
    return problems


def _home_care(values: Values, today: Any) -> list[str]:
    return _known(values, "exercise_id", EXERCISES_BY_ID, "exercise")


def _amendment(values: Values, today: Any) -> list[str]:
    return [f"{name}: an amendment needs a {name}" for name in ("reason", "text")
            if not values[name].strip()]


def _outcome(values: Values, today: Any) -> list[str]:
    items = values["items"]
    if not isinstance(items, list):
        return ["items: expected a list"]
    answers: list[Any] = list(items)
    if values["measure"] is OutcomeMeasure.PSFS:
        if not all(isinstance(a, dict) and set(a) == {"activity", "score"} for a in items):
            return ["items: PSFS answers are {\"activity\", \"score\"} pairs"]
        answers = [PsfsActivity(a["activity"], a["score"]) for a in items]
    try:
        score_outcome(values["measure"], answers)
    except ValidationError as error:
        return [f"items: {m}" for m in error.field_errors.values()]
    except (TypeError, ValueError):
        return ["items: answers of the wrong kind"]
    return []


#: Rules per table key of the layout; a table without rules only has its types checked.
RULES: dict[str, Callable[[Values, Any], list[str]]] = {
    "patient": _patient,
    "therapists": _therapist,
    "sessions": _session,
    "trigger_points": _trigger_point,
    "pain_zones": _pain_zone,
    "tension_ratings": _tension,
    "screening_answers": _screening_answer,
    "clearances": _clearance,
    "referrals": _referral,
    "today_check": _today_check,
    "goals": _goal,
    "notes": _notes,
    "posture_findings": _posture,
    "rom_measures": _rom,
    "home_care": _home_care,
    "amendments": _amendment,
    "outcome_scores": _outcome,
    "missed_visits": _missed_visit,
}


# ----------------------------------------------------------------------------- every record

#: Free-text limits of the services for unbounded text columns (bounded ones use the column's
#: own length); the importer applies the same `clean_text` the services do.
TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("goals", "text"): MAX_GOAL_LENGTH,
    ("posture_findings", "note"): SHORT_NOTE_LENGTH,
    ("rom_measures", "note"): SHORT_NOTE_LENGTH,
    ("goal_progress", "note"): SHORT_NOTE_LENGTH,
    ("screening_answers", "note"): SHORT_NOTE_LENGTH,
    ("clearances", "note"): SHORT_NOTE_LENGTH,
    ("amendments", "reason"): SHORT_NOTE_LENGTH,
    ("amendments", "text"): MAX_AMENDMENT_LENGTH,
    ("missed_visits", "reason"): MAX_REASON_LENGTH,
}


def common_problems(table: Any, values: Values, now: dt.datetime) -> list[str]:
    """Rules every record obeys: text as the services accept it, no time stamp in the future.

    Each problem starts with the field's name (the caller prefixes the record's place).
    """
    problems = []
    columns = table.model.__table__.columns
    for name, value in values.items():
        if isinstance(value, str):
            kind = columns[name].type
            limit = (kind.length if isinstance(kind, String) and kind.length
                     else TEXT_LIMITS.get((table.key, name), MAX_NOTE_LENGTH))
            try:
                clean_text(name, value, limit)
            except ValidationError as error:
                problems += [f"{name}: {m}" for m in error.field_errors.values()]
    for name in ("created_at", "updated_at"):
        stamp = values.get(name)
        problem = stamp_problem(name, stamp, now) if stamp is not None else None
        if problem:
            problems.append(f"{name}: {problem}")
    return problems


def cross_record_problems(patient: Any, therapists: list[Any], nested: Mapping[str, list[Any]],
                          now: dt.datetime) -> list[str]:
    """Rules between records, as the services apply them when typed.

    Visits after the patient's birth and not in the future; a signed visit has its signer,
    signed after its start and not in the future; amendments after the signing.
    """
    problems: list[str] = []
    born: dt.date = patient.values["date_of_birth"]
    for visit in nested.get("sessions", []):
        where, values, links = visit.where, visit.values, visit.links
        problem = session_start_problem(values["started_at"], born, now)
        if problem:
            problems.append(f"{where}.started_at: {problem}")
        signed_at = values["signed_at"] if values["status"] is SessionStatus.SIGNED else None
        if signed_at is not None:
            if links.get("signed_by_uid") is None:
                problems.append(f"{where}.signed_by_uid: a signed session needs its signer")
            elif links["signed_by_uid"] != links.get("therapist_uid"):
                problems.append(f"{where}.signed_by_uid: only the session's therapist signs it")
            problem = signing_problem(values["started_at"], signed_at, now)
            if problem:
                problems.append(f"{where}.signed_at: {problem}")
        elif links.get("signed_by_uid") is not None:
            problems.append(f"{where}.signed_by_uid: a draft has no signer")
        for amendment in visit.children.get("amendments", []):
            problem = amendment_time_problem(amendment.values["written_at"], signed_at, now)
            if problem:
                problems.append(f"{amendment.where}.written_at: {problem}")
    for score in nested.get("outcome_scores", []):
        taken = score.values["taken_on"]
        if taken < born or taken > (now + CLOCK_SKEW).date():
            problems.append(f"{score.where}.taken_on: {taken} is before the patient's birth "
                            "or in the future")
    return problems
