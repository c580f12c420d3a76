"""Screening rules: what the intake imposes at session start and on each charted mark."""

from __future__ import annotations

import datetime as dt

from nmt_desktop.domain.screening_rules import (
    EMPTY_OUTCOME,
    BannerLevel,
    BlockKind,
    ClearanceInfo,
    ReferralInfo,
    ScreeningAnswer,
    WarningKind,
    WarningLevel,
    evaluate_screening,
    warnings_for_mark,
)

TODAY = dt.date(2026, 3, 2)


def test_no_answers_means_nothing_applies() -> None:
    outcome = evaluate_screening([])
    assert outcome == EMPTY_OUTCOME
    assert outcome.can_start


def test_systemic_item_blocks_until_a_clearance_is_recorded() -> None:
    # GIVEN a known DVT answered "present"
    answers = [ScreeningAnswer("dvt_suspected_or_known", True, ("calf_left",))]
    # WHEN there is no clearance
    blocked = evaluate_screening(answers)
    # THEN the session may not start, and the limb is a no-go area anyway
    assert not blocked.can_start
    assert [(b.item_id, b.kind) for b in blocked.blockers] == [
        ("dvt_suspected_or_known", BlockKind.CLEARANCE_REQUIRED)]
    assert blocked.no_go_regions == {"calf_left": ("dvt_suspected_or_known",)}
    # WHEN the physician's clearance is on record
    cleared = evaluate_screening(answers, [ClearanceInfo("dvt_suspected_or_known",
                                                         "Dr. Okafor", TODAY)])
    # THEN the session may start, the banner names who cleared it, the limb stays excluded
    assert cleared.can_start
    assert cleared.banners[0].level is BannerLevel.INFO
    assert "Dr. Okafor" in cleared.banners[0].text
    assert "calf_left" in cleared.no_go_regions


def test_explicit_no_answers_do_not_apply() -> None:
    outcome = evaluate_screening([ScreeningAnswer("fever_acute_infection", False),
                                  ScreeningAnswer("saddle_anesthesia_bladder_bowel", False)])
    assert outcome.can_start
    assert outcome.banners == ()


def test_local_item_makes_its_regions_no_go() -> None:
    outcome = evaluate_screening([
        ScreeningAnswer("recent_injection", True, ("low_back_right",), "cortisone 2 weeks ago"),
        ScreeningAnswer("open_wound_burn_skin_lesion", True, ("low_back_right", "calf_left")),
    ])
    assert outcome.can_start
    assert outcome.no_go_regions == {
        "low_back_right": ("recent_injection", "open_wound_burn_skin_lesion"),
        "calf_left": ("open_wound_burn_skin_lesion",)}


def test_anticoagulant_asks_for_light_pressure_and_discourages_stripping() -> None:
    outcome = evaluate_screening([ScreeningAnswer("anticoagulant_antiplatelet", True)])
    assert outcome.can_start
    assert outcome.light_pressure
    assert "stripping_massage" in outcome.discouraged_techniques
    assert outcome.banners[0].level is BannerLevel.CAUTION
    assert "lighter pressure" in outcome.banners[0].text


def test_routine_red_flag_needs_a_referral_record() -> None:
    answers = [ScreeningAnswer("unexplained_weight_loss", True)]
    blocked = evaluate_screening(answers)
    assert blocked.referrals_required == ("unexplained_weight_loss",)
    assert blocked.blockers[0].kind is BlockKind.REFERRAL_REQUIRED
    referral = ReferralInfo(("unexplained_weight_loss",), "Dr. Lindqvist's office",
                            dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC),
                            "Letter sent about the weight loss.")
    referred = evaluate_screening(answers, referrals=[referral])
    assert referred.can_start
    assert referred.referrals_required == ()
    assert referred.banners[0].level is BannerLevel.CAUTION


def test_urgent_red_flag_stays_blocked_after_a_referral() -> None:
    """Spec §4.2 (revised): a referral documents the contact; only a clearance lifts E/U."""
    answers = [ScreeningAnswer("calf_dvt_signs", True)]
    referral = ReferralInfo(("calf_dvt_signs",), "Dr. Lindqvist's office",
                            dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC),
                            "Asked for same-day assessment of the left calf.")
    referred = evaluate_screening(answers, referrals=[referral], today=dt.date(2026, 3, 2))
    assert not referred.can_start
    assert referred.blockers[0].kind is BlockKind.CLEARANCE_REQUIRED
    assert "does not lift" in referred.blockers[0].message
    cleared = evaluate_screening(
        answers, [ClearanceInfo("calf_dvt_signs", "Dr. Lindqvist", dt.date(2026, 3, 3))],
        [referral], today=dt.date(2026, 3, 4))
    assert cleared.can_start
    assert cleared.banners[0].level is BannerLevel.URGENT


def test_unknown_item_ids_are_ignored() -> None:
    assert evaluate_screening([ScreeningAnswer("from_a_newer_catalog", True)]).can_start


def test_trigger_point_in_a_no_go_region_warns() -> None:
    outcome = evaluate_screening([ScreeningAnswer("recent_injection", True,
                                                  ("shoulder_top_right",))])
    warnings = warnings_for_mark(outcome, "shoulder_top_right")
    assert [(w.kind, w.level, w.item_id) for w in warnings] == [
        (WarningKind.NO_GO_REGION, WarningLevel.WARNING, "recent_injection")]
    assert warnings_for_mark(outcome, "shoulder_top_left") == ()


def test_endangerment_site_cautions_a_point_and_warns_a_deep_technique() -> None:
    light = warnings_for_mark(EMPTY_OUTCOME, "knee_posterior_left")
    assert [(w.kind, w.level, w.site_id) for w in light] == [
        (WarningKind.ENDANGERMENT, WarningLevel.CAUTION, "popliteal_fossa")]
    deep = warnings_for_mark(EMPTY_OUTCOME, "knee_posterior_left", ["ischemic_compression"])
    assert [(w.kind, w.level) for w in deep] == [(WarningKind.ENDANGERMENT,
                                                  WarningLevel.WARNING)]
    # A light technique recorded for the region (not a point) raises nothing
    assert warnings_for_mark(EMPTY_OUTCOME, "knee_posterior_left", ["swedish_general"],
                             is_trigger_point=False) == ()


def test_discouraged_and_switched_off_techniques_warn_anywhere() -> None:
    outcome = evaluate_screening([ScreeningAnswer("anticoagulant_antiplatelet", True)])
    warnings = warnings_for_mark(outcome, None, ["stripping_massage", "dry_needling"],
                                 is_trigger_point=False, disabled_techniques={"dry_needling"})
    assert {(w.kind, w.technique_id) for w in warnings} == {
        (WarningKind.DISCOURAGED_TECHNIQUE, "stripping_massage"),
        (WarningKind.OUT_OF_SCOPE, "dry_needling")}
