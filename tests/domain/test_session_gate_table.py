"""The session gate, flag by flag, as clinical-spec §4.2 "App rule for the session gate" states.

The urgencies below are copied from the spec's red-flag table, not from the app's catalog: a
flag graded with two letters ("R/U", "U/E") is gated by the stricter one. Every flag is tried
with no record, a referral, a clearance and an expired clearance.
"""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.domain.screening import RED_FLAGS
from nmt_desktop.domain.screening_rules import (
    ClearanceInfo,
    ReferralInfo,
    ScreeningAnswer,
    evaluate_screening,
)

SPEC_URGENCY = {
    "saddle_anesthesia_bladder_bowel": "E",
    "progressive_neuro_deficit": "U",
    "myelopathy_signs": "U",
    "cervical_arterial_5d3n": "E",
    "stroke_signs": "E",
    "thunderclap_headache": "E",
    "new_headache_over_50_temporal": "U",
    "chest_pain_exertional": "E",
    "dyspnea_pleuritic": "E",
    "calf_dvt_signs": "U",
    "pulsatile_abdominal_mass": "E",
    "history_of_cancer_new_pain": "R/U",
    "unexplained_weight_loss": "R",
    "fever_with_spinal_pain": "U",
    "night_pain_nonmechanical": "R",
    "trauma_fracture_risk": "U",
    "age_onset": "R",
    "thoracic_pain_unexplained": "R",
    "systemic_inflammatory": "R",
    "no_improvement": "R",
    "visceral_pattern": "U/E",
    "mental_health_crisis": "E",
}

TODAY = dt.date(2026, 5, 19)
STATES = ("no record", "referral", "clearance", "expired clearance")


def _blocks_until_cleared(grade: str) -> bool:
    return "E" in grade or "U" in grade


def _expected_can_start(grade: str, state: str) -> bool:
    if state == "no record" or state == "expired clearance":
        return False
    if state == "referral":
        return not _blocks_until_cleared(grade)
    return True  # a clearance that still holds is the strongest record


def _records(flag_id: str, state: str) -> tuple[list[ClearanceInfo], list[ReferralInfo]]:
    if state == "referral":
        return [], [ReferralInfo((flag_id,), "Dr. Okafor", dt.datetime(2026, 5, 18, 9,
                                                                        tzinfo=dt.UTC),
                                 "Phoned the surgery; seen the same day.")]
    if state == "clearance":
        return [ClearanceInfo(flag_id, "Dr. Okafor", dt.date(2026, 5, 18))], []
    if state == "expired clearance":
        return [ClearanceInfo(flag_id, "Dr. Okafor", dt.date(2026, 4, 1),
                              valid_until=dt.date(2026, 5, 1))], []
    return [], []


def test_the_table_covers_every_flag_of_the_catalog() -> None:
    assert sorted(SPEC_URGENCY) == sorted(flag.id for flag in RED_FLAGS)
    assert len(SPEC_URGENCY) == 22


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("flag_id", sorted(SPEC_URGENCY))
def test_gate(flag_id: str, state: str) -> None:
    clearances, referrals = _records(flag_id, state)
    outcome = evaluate_screening([ScreeningAnswer(flag_id, True)], clearances, referrals,
                                 today=TODAY)
    assert outcome.can_start is _expected_can_start(SPEC_URGENCY[flag_id], state)
    if not outcome.can_start:
        assert [b.item_id for b in outcome.blockers] == [flag_id]


@pytest.mark.parametrize("flag_id", sorted(SPEC_URGENCY))
def test_a_flag_answered_no_never_blocks(flag_id: str) -> None:
    assert evaluate_screening([ScreeningAnswer(flag_id, False)], today=TODAY).can_start


@pytest.mark.parametrize("flag_id", sorted(f for f, g in SPEC_URGENCY.items() if g == "R"))
def test_a_referred_routine_flag_makes_its_area_a_no_go_zone(flag_id: str) -> None:
    _, referrals = _records(flag_id, "referral")
    outcome = evaluate_screening([ScreeningAnswer(flag_id, True, ("mid_back_left",))],
                                 referrals=referrals, today=TODAY)
    assert outcome.can_start
    assert outcome.no_go_regions["mid_back_left"] == (flag_id,)


def test_a_clearance_dated_after_today_does_not_hold() -> None:
    outcome = evaluate_screening([ScreeningAnswer("calf_dvt_signs", True)],
                                 [ClearanceInfo("calf_dvt_signs", "Dr. Okafor",
                                                TODAY + dt.timedelta(days=1))], today=TODAY)
    assert not outcome.can_start


def test_a_clearance_holds_through_its_last_day() -> None:
    clearance = ClearanceInfo("stroke_signs", "Dr. Okafor", dt.date(2026, 5, 1),
                              valid_until=TODAY)
    answers = [ScreeningAnswer("stroke_signs", True)]
    assert evaluate_screening(answers, [clearance], today=TODAY).can_start
    assert not evaluate_screening(answers, [clearance],
                                  today=TODAY + dt.timedelta(days=1)).can_start


@pytest.mark.parametrize("item_id", ["fever_acute_infection", "intoxication"])
def test_a_same_day_clearance_lasts_that_day_only(item_id: str) -> None:
    """Spec §4.3: a clearance for fever or intoxication holds for the day it was given."""
    answers = [ScreeningAnswer(item_id, True)]
    clearance = ClearanceInfo(item_id, "Dr. Okafor", TODAY)
    assert evaluate_screening(answers, [clearance], today=TODAY).can_start
    assert not evaluate_screening(answers, [clearance],
                                  today=TODAY + dt.timedelta(days=1)).can_start


def test_other_clearances_hold_until_the_intake_is_revised() -> None:
    answers = [ScreeningAnswer("unstable_cardiac", True)]
    clearance = ClearanceInfo("unstable_cardiac", "Dr. Okafor", dt.date(2025, 1, 2))
    assert evaluate_screening(answers, [clearance], today=TODAY).can_start


def test_active_cancer_requires_a_clearance() -> None:
    """Spec §4.1: cancer (precaution), app action "require clearance"."""
    answers = [ScreeningAnswer("cancer", True)]
    blocked = evaluate_screening(answers, today=TODAY)
    assert not blocked.can_start
    assert "clearance" in blocked.blockers[0].message
    cleared = evaluate_screening(answers, [ClearanceInfo("cancer", "Dr. Ahn (oncology)",
                                                         dt.date(2026, 5, 2))], today=TODAY)
    assert cleared.can_start
    assert any("cleared by Dr. Ahn" in b.text for b in cleared.banners)


def test_a_cleared_dvt_limb_still_warns_for_light_work() -> None:
    from nmt_desktop.domain.screening_rules import warnings_for_mark

    outcome = evaluate_screening(
        [ScreeningAnswer("dvt_suspected_or_known", True, ("calf_left",))],
        [ClearanceInfo("dvt_suspected_or_known", "Dr. Okafor", dt.date(2026, 5, 2))],
        today=TODAY)
    assert outcome.can_start
    warnings = warnings_for_mark(outcome, "calf_left", ["swedish_general"],
                                 is_trigger_point=False)
    assert any(w.item_id == "dvt_suspected_or_known" for w in warnings)
