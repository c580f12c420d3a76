"""Report data built from the database: the numbers a patient and a physician will read."""

from __future__ import annotations

import datetime as dt

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.errors import NotFoundError, ValidationError
from nmt_desktop.domain.scoring import pain_extent
from nmt_desktop.domain.vocab import Side, TendernessGrade, ToneGrade, TriggerPointStatus
from nmt_desktop.reports.data import FindingKind
from nmt_desktop.services import charting
from nmt_desktop.services.demo import load_demo_clinic
from nmt_desktop.services.report_data import build_patient_summary, build_physician_report
from tests import report_demo
from tests.report_demo import DEMO_TODAY
from tests.services.report_charts import (
    ACTIVE,
    LATENT,
    add_patient,
    new_clinic,
    visit,
)

D = dt.date


demo_template = report_demo.demo_template
demo_file = report_demo.demo_file
demo_db = report_demo.demo_db


# ----------------------------------------------------------------------------- demo clinic

def test_patient_summary_of_the_latest_demo_session(demo_db: Database) -> None:
    # GIVEN the demo clinic; María has six weekly sessions, the last one on 23 Jun
    # WHEN her summary is built for the latest session
    data = build_patient_summary(demo_db, "D1001")
    # THEN it is about that session, with today's marks and plain findings
    assert data.patient.display_name == "María Fernández-López"
    assert data.patient.chart_number == "D1001"
    assert data.therapist.name == "Alex Morgan" and data.therapist.licence_number == "MA-104233"
    assert data.session_date == D(2025, 6, 23)
    assert data.nrs_before == 2  # pain eased by one point a week from 7
    assert len(data.marks.trigger_points) == 3  # the suboccipital point is no longer found
    assert {z.region_id for z in data.marks.pain_zones} == {"temple_left", "occiput_left"}
    assert [f.status for f in data.findings] == [ACTIVE, LATENT, LATENT]
    first = data.findings[0]
    assert (first.kind, first.region_type, first.side, first.muscle) == (
        FindingKind.TRIGGER_POINT, "shoulder_top", Side.LEFT, "Upper trapezius")
    # Techniques on the points and in the notes, once each, in everyday words; no stripping
    # for a patient on apixaban (issue #12: the demo is clinically coherent)
    assert data.treatments == ("steady pressure on the tender spots until they eased",
                               "slow, sustained stretching of the tissue under the skin",
                               "gently tensing and then relaxing the muscle to help it lengthen")
    # The clinical record: pain noted before and after, home programme, next visit, advice
    assert (data.nrs_before, data.nrs_after) == (2, 0)
    assert [e.name for e in data.home_care] == ["Chin tuck (cervical retraction)",
                                                "Upper trapezius stretch",
                                                "Postural breaks / ergonomics"]
    assert data.home_care[0].dose == "10 reps, 5 s hold, several times daily\n3 times a day"
    assert data.next_appointment == D(2025, 6, 30)
    assert "bruising is not expected" in data.therapist_note
    assert data.letterhead.name == "Harbourside Neuromuscular Clinic"
    assert data.letterhead.address_lines == ("4 Quay Street", "Port Ellery PE1 2AB")


def test_physician_report_numbers_of_a_demo_patient(any_db: Database) -> None:
    # GIVEN the demo clinic, on SQLite and on PostgreSQL
    load_demo_clinic(any_db, today=DEMO_TODAY)
    # WHEN María's progress report is built for her whole course
    data = build_physician_report(any_db, "D1001", today=DEMO_TODAY)
    # THEN every number follows her chart
    assert data.report_date == DEMO_TODAY
    assert (data.period_start, data.period_end) == (D(2025, 5, 19), DEMO_TODAY)
    assert data.visits_attended == 6
    assert [s.session_date for s in data.sessions] == [
        D(2025, 5, 19) + dt.timedelta(weeks=i) for i in range(6)]
    assert [s.nrs_before for s in data.sessions] == [7, 6, 5, 4, 3, 2]
    assert [(s.active_trps, s.latent_trps) for s in data.sessions] == [
        (3, 1), (3, 1), (2, 1), (1, 2), (1, 2), (1, 2)]
    assert data.sessions[0].techniques == ("Ischemic compression / pressure release",
                                           "Myofascial release",
                                           "Muscle energy: post-isometric relaxation")
    assert [(s.nrs_before, s.nrs_after) for s in data.sessions][::5] == [(7, 5), (2, 0)]
    rows = {r.measure: r for r in data.baseline_vs_current}
    nrs = rows["Pain now, NRS 0–10"]
    assert (nrs.baseline, nrs.current, nrs.threshold_met) == (7, 2, True)
    ndi = rows["Neck Disability Index, %"]
    assert (ndi.baseline, ndi.current, ndi.threshold_met) == (52.0, 24.4, True)
    psfs = rows["PSFS mean, 0–10"]
    assert (psfs.baseline, psfs.current, psfs.threshold_met) == (3.0, 8.0, True)
    rotation = rows["Cervical spine, rotation, left"]
    assert (rotation.baseline, rotation.current) == (50, 72)
    active = rows["Active trigger points"]
    assert (active.baseline, active.current) == (3, 1)
    assert (rows["Latent trigger points"].baseline, rows["Latent trigger points"].current) == (
        1, 2)
    atlas = load_atlas()
    first_extent = pain_extent(atlas, ["temple_left", "occiput_left", "neck_posterior_left"])
    extent = rows["Pain extent (patient-reported), % of body chart"]
    assert extent.baseline == round(first_extent.total_pct, 1) and extent.unit == "%"
    assert data.first_map is not None and data.latest_map is not None
    assert data.first_map.session_date == D(2025, 5, 19)
    assert len(data.first_map.marks.trigger_points) == 4
    assert data.latest_map.session_date == D(2025, 6, 23)
    trapezius = data.muscle_trends[0]
    assert (trapezius.muscle, trapezius.side) == ("Upper trapezius", Side.LEFT)
    assert trapezius.statuses == (ACTIVE,) * 6
    assert trapezius.first_tenderness is TendernessGrade.WITHDRAWAL
    assert trapezius.latest_tenderness is TendernessGrade.TENDER
    suboccipitals = next(t for t in data.muscle_trends if t.muscle == "Suboccipital group")
    assert suboccipitals.statuses == (ACTIVE, ACTIVE, None, None, None, None)
    assert data.referring_physician is not None
    assert data.referring_physician.name == "Dr. Helen Okafor"
    assert data.referral_reason.startswith("Tension-type headache")
    # All but the latest visit are signed: a draft that says so
    assert data.signed_at is None and data.unsigned_visits == 1
    (amendment,) = data.amendments
    assert amendment.session_date == D(2025, 5, 26)
    assert data.precautions[0].startswith("Anticoagulant or antiplatelet drug")
    assert data.red_flags == "Intake of 19 May 2025: none reported (22 of 22 asked)."
    assert data.visit_checks == ("Today check at 6 of 6 visits (22 of 22 red flags asked each "
                                 "time): nothing new reported.",)
    # Nothing discouraged for her was used; the one standing warning is listed with its visits
    # (pressure on the suboccipital point, in the region that holds the mastoid site)
    assert data.safety_warnings == (
        "Left base of skull: Ischemic compression / pressure release near an endangerment "
        "site (Under the ear and the mastoid: facial nerve): no deep, sustained or pointed "
        "pressure here. Visits: 19 May 2025, 26 May 2025.",)
    assert [g.status.value for g in data.plan.goals] == ["met", "partly_met"]


def test_patient_can_be_named_by_uid_and_unknown_patient_is_refused(demo_db: Database) -> None:
    by_chart = build_physician_report(demo_db, "D1004", today=DEMO_TODAY)
    from nmt_desktop.services.demo import demo_uid

    by_uid = build_physician_report(demo_db, str(demo_uid("taro")), today=DEMO_TODAY)
    assert by_chart == by_uid and by_chart.patient.display_name == "太郎 山田"
    with pytest.raises(NotFoundError, match="D9999"):
        build_physician_report(demo_db, "D9999")
    with pytest.raises(NotFoundError, match="D9999"):
        build_patient_summary(demo_db, "D9999")


# ----------------------------------------------------------------------------- exact numbers

def test_counts_extent_and_nrs_follow_the_chart(db: Database) -> None:
    # GIVEN two visits charted by hand
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    visit(clinic, patient, D(2025, 3, 3),
          points=(("shoulder_top_left", "upper_trapezius", ACTIVE, 3),
                  ("shoulder_top_left", "upper_trapezius", LATENT, 2),
                  ("scapula_right", "infraspinatus", LATENT, None),
                  ("neck_posterior_left", None, TriggerPointStatus.UNDETERMINED, None)),
          pain=(("neck_posterior_left", 6), ("shoulder_top_left", 8)),
          palpated=(("scapula_right", 9),))
    visit(clinic, patient, D(2025, 3, 17),
          points=(("shoulder_top_left", "upper_trapezius", LATENT, 1),),
          pain=(("neck_posterior_left", 5),))
    # WHEN the report is built
    data = build_physician_report(db, patient, today=D(2025, 3, 31))
    # THEN counts and NRS come from the marks; palpated zones add neither extent nor NRS
    # (issue #12: the extent is the patient's own pain drawing)
    first, latest = data.sessions
    assert (first.active_trps, first.latent_trps) == (1, 2)
    assert (latest.active_trps, latest.latent_trps) == (0, 1)
    assert (first.nrs_before, latest.nrs_before) == (8, 5)
    expected = pain_extent(load_atlas(), ["neck_posterior_left", "shoulder_top_left"]).total_pct
    assert first.pain_extent_pct == round(expected, 1)
    rows = {r.measure: r for r in data.baseline_vs_current}
    # 8 → 5 is 3 points less: clinically important
    assert rows["Pain, NRS 0–10 (highest on the pain drawing)"].threshold_met is True
    # The same muscle found twice in one visit counts once in the trend, as the active point
    trend = {(t.muscle, t.side): t for t in data.muscle_trends}
    assert trend[("Upper trapezius", Side.LEFT)].statuses == (ACTIVE, LATENT)
    assert trend[("Infraspinatus", Side.RIGHT)].statuses == (LATENT, None)
    unnamed = [t for t in data.muscle_trends if t.muscle.startswith("Muscle not named")]
    assert len(unnamed) == 1 and unnamed[0].statuses == (TriggerPointStatus.UNDETERMINED, None)


# Issue #12: at least 2 points AND at least 30 % of baseline
@pytest.mark.parametrize(("before", "after", "important"),
                         [(8, 6, False), (8, 5, True), (6, 4, True), (3, 2, False),
                          (1, 0, False), (7, 6, False), (4, 4, False), (2, 5, False)])
def test_nrs_change_is_judged_by_points_and_share(db: Database, before: int, after: int,
                                                   important: bool) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    visit(clinic, patient, D(2025, 3, 3), pain=(("low_back_left", before),))
    visit(clinic, patient, D(2025, 3, 10), pain=(("low_back_left", after),))
    data = build_physician_report(db, patient, today=D(2025, 3, 31))
    row = next(r for r in data.baseline_vs_current if r.measure.startswith("Pain, NRS"))
    assert (row.baseline, row.current, row.threshold_met) == (before, after, important)


def test_period_filter_includes_both_ends_and_counts_visits(db: Database) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    for day, nrs in ((D(2025, 1, 6), 8), (D(2025, 2, 3), 6), (D(2025, 3, 3), 4),
                     (D(2025, 4, 7), 2)):
        visit(clinic, patient, day, pain=(("low_back_left", nrs),))
    data = build_physician_report(db, patient, D(2025, 2, 3), D(2025, 3, 3),
                                  today=D(2025, 6, 1))
    assert data.visits_attended == 2
    assert (data.period_start, data.period_end) == (D(2025, 2, 3), D(2025, 3, 3))
    assert [s.nrs_before for s in data.sessions] == [6, 4]
    row = next(r for r in data.baseline_vs_current if r.measure.startswith("Pain, NRS"))
    assert (row.baseline, row.current) == (6, 4)
    assert data.first_map is not None and data.first_map.session_date == D(2025, 2, 3)
    only_from = build_physician_report(db, patient, date_from=D(2025, 3, 1),
                                       today=D(2025, 6, 1))
    assert only_from.visits_attended == 2 and only_from.period_end == D(2025, 6, 1)
    only_to = build_physician_report(db, patient, date_to=D(2025, 1, 31), today=D(2025, 6, 1))
    assert only_to.visits_attended == 1 and only_to.period_start == D(2025, 1, 6)


def test_single_visit_and_empty_period(db: Database) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    visit(clinic, patient, D(2025, 3, 3), pain=(("low_back_left", 6),))
    single = build_physician_report(db, patient, today=D(2025, 3, 3))
    assert single.visits_attended == 1
    # Baseline and current are the same visit: nothing is judged
    assert all(r.threshold_met is None for r in single.baseline_vs_current)
    empty = build_physician_report(db, patient, D(2025, 4, 1), D(2025, 4, 30))
    assert empty.visits_attended == 0 and empty.baseline_vs_current == ()
    assert empty.first_map is None and empty.muscle_trends == ()
    assert empty.therapist.name == "Mara Okafor"  # the patient's own therapist still signs


def test_period_that_ends_before_it_starts_is_refused(db: Database) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    with pytest.raises(ValidationError, match="starts .2025-05-01. after it ends"):
        build_physician_report(db, patient, D(2025, 5, 1), D(2025, 4, 1))


def test_patient_without_sessions_gets_valid_data(db: Database) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic, "Ann", "Smith", "A-7")
    summary = build_patient_summary(db, "A-7")
    assert summary.session_date is None and summary.marks.is_empty
    assert summary.findings == () and summary.letterhead.name
    report = build_physician_report(db, patient, today=D(2025, 3, 3))
    assert report.sessions == () and report.visits_attended == 0
    assert report.period_start == report.period_end == D(2025, 3, 3)
    assert report.therapist.name == ""


# ----------------------------------------------------------------------------- sessions

def test_summary_of_a_chosen_session_and_of_someone_elses(db: Database) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    other = add_patient(clinic, "Bob", "Jones")
    first = visit(clinic, patient, D(2025, 3, 3), pain=(("low_back_left", 7),))
    visit(clinic, patient, D(2025, 3, 10), pain=(("low_back_left", 3),))
    foreign = visit(clinic, other, D(2025, 3, 4))
    chosen = build_patient_summary(db, patient, str(first))
    assert chosen.session_date == D(2025, 3, 3) and chosen.nrs_before == 7
    assert build_patient_summary(db, patient, first) == chosen
    assert build_patient_summary(db, patient, "LATEST").nrs_before == 3
    with pytest.raises(NotFoundError, match="no session"):
        build_patient_summary(db, patient, foreign)
    with pytest.raises(NotFoundError, match="neither 'latest' nor"):
        build_patient_summary(db, patient, "yesterday")


def test_tension_findings_skip_mild_tension_and_regions_with_points(db: Database) -> None:
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    session_uid = visit(clinic, patient, D(2025, 3, 3),
                        points=(("shoulder_top_left", "upper_trapezius", ACTIVE, 2),))
    for region_id, grade in (("shoulder_top_left", 3), ("scapula_left", 2),
                             ("low_back_left", 1)):
        charting.rate_tension(db, session_uid, region_id, grade, ())
    data = build_patient_summary(db, patient)
    assert [(f.kind, f.region_type) for f in data.findings] == [
        (FindingKind.TRIGGER_POINT, "shoulder_top"), (FindingKind.TENSION, "scapula")]
    assert {(t.region_id, t.grade) for t in data.marks.tension} == {
        ("shoulder_top_left", ToneGrade.MARKED), ("scapula_left", ToneGrade.MODERATE),
        ("low_back_left", ToneGrade.MILD)}


def test_names_with_markup_emoji_and_cjk_pass_through_unchanged(db: Database) -> None:
    clinic = new_clinic(db, "Zoë 山田 & Söhne")
    patient = add_patient(clinic, "太郎", "山田", "Y/1",
                          referring_physician="Dr. <Li> & Partners 🙂",
                          referral_reason="Neck <pain> & headache 😖")
    visit(clinic, patient, D(2025, 3, 3), pain=(("low_back_left", 6),))
    summary = build_patient_summary(db, patient)
    report = build_physician_report(db, "Y/1", today=D(2025, 3, 31))
    assert summary.patient.display_name == report.patient.display_name == "太郎 山田"
    assert summary.therapist.name == "Zoë 山田 & Söhne"
    assert report.referring_physician is not None
    assert report.referring_physician.name == "Dr. <Li> & Partners 🙂"
    assert report.referral_reason == "Neck <pain> & headache 😖"


def test_the_physician_report_pdf_states_screening_and_resolved_points(
        demo_db: Database) -> None:
    from nmt_desktop.reports import render_physician_report
    from tests.reports.pdf_tools import text as pdf_text

    data = build_physician_report(demo_db, "D1001", today=DEMO_TODAY)
    suboccipitals = next(t for t in data.muscle_trends if t.muscle == "Suboccipital group")
    assert suboccipitals.resolved  # not found at the latest visit
    assert not data.muscle_trends[0].resolved
    text = " ".join(pdf_text(render_physician_report(data)).split())
    assert "III → resolved" in text
    assert "none reported (22 of 22 asked)" in text
    assert "Safety warnings (unresolved)" in text
    assert "(recorded 19 May 2025)" in text  # the chief complaint as first told, dated
