"""The course of treatment as the Progress view and the physician report read it."""

from __future__ import annotations

import datetime as dt

from nmt_desktop.db.database import Database
from nmt_desktop.domain.vocab import Side
from nmt_desktop.services.report_data import build_physician_report
from nmt_desktop.services.report_data.course import course_figures, load_course, muscle_label
from tests import report_demo
from tests.report_demo import DEMO_TODAY
from tests.services.report_charts import ACTIVE, LATENT, add_patient, new_clinic, visit

D = dt.date

demo_template = report_demo.demo_template
demo_file = report_demo.demo_file
demo_db = report_demo.demo_db


def test_frequencies_count_patient_reported_zones_and_active_points(any_db: Database) -> None:
    db = any_db  # SQLite and PostgreSQL: the course is read as plain driver rows
    # GIVEN three visits: the left temple painted at 1 and 3 (NRS 6, then 2), the neck painted
    # by palpation only at 2 (not the patient's pain); upper trapezius active at 1 and 2
    clinic = new_clinic(db)
    patient = add_patient(clinic)
    visit(clinic, patient, D(2025, 3, 3), points=(("shoulder_top_left", "upper_trapezius",
                                                    ACTIVE, 2),), pain=(("temple_left", 6),))
    visit(clinic, patient, D(2025, 3, 10), points=(("shoulder_top_left", "upper_trapezius",
                                                     ACTIVE, 2),
                                                    ("shoulder_top_left", "upper_trapezius",
                                                     ACTIVE, 1)),
          palpated=(("temple_left", 4),))
    visit(clinic, patient, D(2025, 3, 17), points=(("shoulder_top_left", "upper_trapezius",
                                                     LATENT, 1),), pain=(("temple_left", 2),))
    # WHEN the course is read and figured for the whole period
    course = load_course(db, patient)
    figures = course_figures(course, D(2025, 3, 3), D(2025, 3, 17))
    # THEN the temple counts at 2 of 3 visits, mean NRS (6 + 2) / 2 = 4
    assert [(r.region_id, r.visits, r.of_visits, r.mean_nrs) for r in figures.regions] == [
        ("temple_left", 2, 3, 4.0)]
    # AND the trapezius was active at 2 of 3 visits (two points at one visit count once)
    assert [(m.muscle_id, m.side, m.visits) for m in figures.muscles] == [
        ("upper_trapezius", Side.LEFT, 2)]
    assert muscle_label("upper_trapezius") == "Upper trapezius"
    # AND per-visit counts and the extent of patient-reported pain only
    assert [(v.facts.active_points, v.facts.latent_points) for v in course.visits] == [
        (1, 0), (2, 0), (0, 1)]
    assert course.visits[1].facts.extent_front_pct == 0.0
    assert course.visits[0].facts.extent_front_pct > 0.0
    # AND NRS (the highest patient-painted zone, no notes): baseline 6, so 30 % (1.8 points)
    # comes before 2 points → target 4.2; visit 2 has no patient NRS; 2 on 17 Mar reaches it
    [nrs] = [t for t in figures.thresholds if t.measure == "nrs"]
    assert [v.facts.nrs_before for v in course.visits] == [6, None, 2]
    assert (nrs.baseline, nrs.target, nrs.reached_on) == (6.0, 4.2, D(2025, 3, 17))
    # AND a shorter period counts only its own visits
    later = course_figures(course, D(2025, 3, 10), D(2025, 3, 17))
    assert [(r.region_id, r.visits, r.of_visits) for r in later.regions] == [
        ("temple_left", 1, 2)]


def test_the_demo_course_agrees_with_the_physician_report(demo_db: Database) -> None:
    course = load_course(demo_db, "D1001")
    report = build_physician_report(demo_db, "D1001", today=DEMO_TODAY)
    assert [v.day for v in course.visits] == [s.session_date for s in report.sessions]
    assert [v.facts.nrs_before for v in course.visits] == [s.nrs_before for s in report.sessions]
    assert [v.facts.active_points for v in course.visits] == [
        s.active_trps for s in report.sessions]
    figures = course_figures(course, report.period_start, report.period_end)  # type: ignore[arg-type]
    assert report.progress is not None
    assert report.progress.regions == figures.regions
    assert report.progress.thresholds == tuple(
        t for t in figures.thresholds if t.measure != "nrs")
