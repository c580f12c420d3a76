"""The clinical record of the demo clinic: intakes, SOAP notes, outcomes, home care, signing.

Written through the same use cases as the app, so the demo exercises screening, signing and
amendments exactly as a therapist would. Every patient improves over the weeks, so that the
physician report has a baseline-against-current table worth reading.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Permission
from nmt_desktop.domain.intake_form import GoalInput, IntakeFormInput
from nmt_desktop.domain.outcomes import PsfsActivity
from nmt_desktop.domain.screening import RED_FLAGS
from nmt_desktop.domain.screening_today import TodayCheck, full_today_check
from nmt_desktop.domain.vocab import MissedVisitKind
from nmt_desktop.services import (
    clinic,
    home_care,
    intake,
    intake_form,
    missed_visits,
    outcomes,
    session_findings,
    session_notes,
    signing,
)
from nmt_desktop.services._uow.access import authorize

DEMO_ACTOR = "demo data"

CLINIC = {
    "name": "Harbourside Neuromuscular Clinic",
    "address": "4 Quay Street\nPort Ellery PE1 2AB",
    "phone": "555-0100",
    "email": "front.desk@harbourside.example",
    "disabled_techniques": ["joint_manipulation", "dry_needling", "trigger_point_injection"],
}


@dataclass(frozen=True)
class DemoScreening:
    item_id: str
    region_ids: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DemoRecord:
    """One demo patient's intake and the notes the therapist writes at each visit."""

    history: str
    medications: str
    complaint: str
    aggravating: str
    easing: str
    sleep: str
    goals: tuple[str, ...]
    present: tuple[DemoScreening, ...]
    posture: tuple[tuple[str, str | None, str], ...]  # finding, side, severity
    rom: tuple[tuple[str, str, str | None, float, float], ...]  # joint, move, side, first, last
    exercises: tuple[tuple[str, str], ...]  # exercise id, frequency
    techniques: tuple[str, ...]
    psfs: tuple[str, ...]
    questionnaire: str | None = None  # "ndi" or "odi"
    baseline_items: tuple[int | None, ...] = ()
    latest_items: tuple[int | None, ...] = ()
    # Every red flag is asked at intake (reports count how many were), and the systemic items.
    absent: tuple[str, ...] = field(default=("fever_acute_infection", "dvt_suspected_or_known",
                                             "unstable_cardiac", "pregnancy", "cancer",
                                             *(flag.id for flag in RED_FLAGS)))
    point_techniques: tuple[str, ...] = ("ischemic_compression", "stripping_massage")
    aftercare: str = "Expect mild soreness for a day; drink water; heat in the evening."
    clearances: tuple[tuple[str, str, str], ...] = ()  # item id, cleared by, note
    referrals: tuple[tuple[tuple[str, ...], str, str], ...] = ()  # flags, contacted, said


DEMO_RECORDS: dict[str, DemoRecord] = {
    "maria": DemoRecord(
        history="Desk work 9 h a day for 12 years; headaches since a new job in spring.",
        medications="Apixaban 5 mg twice daily (atrial fibrillation); ibuprofen as needed",
        complaint="Headache at the left temple, stiff neck by the afternoon",
        aggravating="Long screen work, driving", easing="Heat, lying down, short walks",
        sleep="Wakes once or twice with neck pain",
        goals=("Work a full day at the screen without a headache",
               "Turn the head fully to the left when reversing the car"),
        present=(DemoScreening("anticoagulant_antiplatelet", note="Apixaban since 2022"),),
        posture=(("forward_head_posture", None, "moderate"),
                 ("elevated_shoulder", "left", "mild")),
        rom=(("cervical_spine", "rotation", "left", 50, 72),
             ("cervical_spine", "rotation", "right", 70, 75)),
        exercises=(("chin_tuck", "3 times a day"), ("upper_trap_stretch", "twice a day"),
                   ("postural_breaks", "every 45 minutes at work")),
        techniques=("ischemic_compression", "myofascial_release", "muscle_energy_pir"),
        psfs=("Screen work for 2 hours", "Reversing the car", "Reading in bed"),
        # Apixaban: lighter pressure, no stripping or friction (spec §4.1).
        point_techniques=("ischemic_compression",),
        aftercare="Some tiredness in the worked muscles is possible. On apixaban, bruising is "
                  "not expected: if a bruise appears, call us and your doctor.",
        questionnaire="ndi",
        baseline_items=(3, 2, 2, 3, 4, 2, 3, 2, 2, 3),
        latest_items=(1, 1, 1, 2, 2, 1, 1, None, 1, 1),
    ),
    "james": DemoRecord(
        history="Warehouse supervisor; low back pain for 8 months, worse since a house move.",
        medications="Paracetamol as needed",
        complaint="Ache across the right low back and buttock when standing",
        aggravating="Standing over 20 minutes, lifting boxes", easing="Sitting, walking slowly",
        sleep="Sleeps well once settled",
        goals=("Stand for a 40-minute shift briefing", "Lift a 10 kg box from the floor"),
        present=(DemoScreening("recent_injection", ("sacroiliac_right",),
                               "Corticosteroid injection, right SI joint, 3 weeks ago"),),
        posture=(("lateral_pelvic_tilt", "right", "mild"),
                 ("lumbar_hyperlordosis", None, "moderate")),
        rom=(("thoracolumbar_spine", "flexion", None, 45, 65),
             ("thoracolumbar_spine", "lateral_flexion", "left", 18, 28)),
        exercises=(("pelvic_tilt", "twice a day"), ("glute_bridge", "once a day"),
                   ("ql_stretch", "twice a day")),
        techniques=("ischemic_compression", "stripping_massage", "positional_release_scs"),
        psfs=("Standing at work", "Lifting boxes", "Gardening"),
        questionnaire="odi",
        baseline_items=(3, 2, 3, 2, 3, 3, 2, None, 2, 3),
        latest_items=(2, 1, 2, 1, 2, 2, 1, None, 1, 2),
    ),
    "zoe": DemoRecord(
        history="Graphic designer, right-handed; elbow pain after a deadline month.",
        medications="None",
        complaint="Burning ache on the outside of the right elbow when using the mouse",
        aggravating="Mouse work, gripping a kettle", easing="Rest, ice",
        sleep="Not affected",
        goals=("Use the mouse for a working day without elbow pain",
               "Lift the kettle with the right hand"),
        present=(),
        posture=(("rounded_shoulders", None, "mild"),),
        rom=(("wrist", "flexion", "right", 55, 72), ("wrist", "flexion", "left", 75, 76)),
        exercises=(("wrist_extensor_stretch", "3 times a day"),
                   ("postural_breaks", "every 30 minutes")),
        techniques=("ischemic_compression", "cross_fiber_friction", "pin_and_stretch"),
        psfs=("Mouse work", "Lifting the kettle", "Carrying shopping"),
    ),
    "taro": DemoRecord(
        history="Taxi driver; left buttock pain into the back of the thigh for 3 months.",
        medications="None",
        complaint="Shooting pain from the left buttock to the back of the thigh when driving",
        aggravating="Driving over an hour, sitting on a wallet", easing="Walking, stretching",
        sleep="Wakes when lying on the left side",
        goals=("Drive a 4-hour shift with one break", "Sleep on the left side"),
        present=(DemoScreening("progressive_neuro_deficit",
                               note="Tingling to the left calf, weaker push-off on the left"),),
        referrals=((("progressive_neuro_deficit",), "Dr. Samuel Lindqvist",
                    "Phoned: tingling and weaker push-off, left leg. Seen the same day."),),
        clearances=(("progressive_neuro_deficit", "Dr. Samuel Lindqvist",
                     "Examined, MRI without nerve compression; cleared for soft-tissue work"),),
        posture=(("hip_external_rotation", "left", "mild"),),
        rom=(("hip", "internal_rotation", "left", 22, 35),
             ("hip", "internal_rotation", "right", 38, 40)),
        exercises=(("piriformis_stretch", "twice a day"), ("nerve_glide_sciatic", "once a day"),
                   ("clamshell", "once a day")),
        techniques=("ischemic_compression", "muscle_energy_pir", "myofascial_release"),
        psfs=("Driving for an hour", "Sitting through a film", "Sleeping on the left side"),
        questionnaire="odi",
        baseline_items=(2, 1, 2, 3, 4, 2, 2, 1, 1, 3),
        latest_items=(1, 1, 1, 2, 2, 1, 1, 0, 1, 2),
    ),
    "dimitris": DemoRecord(
        history="Recreational runner, 30 km a week; calf pain since adding hill sessions.",
        medications="Ramipril 5 mg daily (blood pressure well controlled)",
        complaint="Cramping calf and stabbing heel pain in the first steps of a run",
        aggravating="Hills, the first steps in the morning", easing="Calf stretches, rest days",
        sleep="Not affected",
        goals=("Run 10 km without calf pain", "Walk downstairs in the morning without heel pain"),
        present=(DemoScreening("hypertension_controlled"),),
        posture=(("foot_pronation", "bilateral", "mild"),),
        rom=(("ankle", "dorsiflexion", "right", 10, 17), ("ankle", "dorsiflexion", "left", 18, 19)),
        exercises=(("calf_stretch_soleus", "twice a day"), ("calf_stretch_gastroc", "twice a day"),
                   ("foam_roller", "after every run")),
        techniques=("ischemic_compression", "stripping_massage", "stretching_static_pnf"),
        psfs=("Running 5 km", "Walking downstairs", "Hill walking"),
    ),
}


def load_clinic_settings(db: Database) -> bool:
    """Fill in the demo clinic's letterhead unless a clinic name is already set."""
    authorize(db, Permission.MANAGE_CLINIC)
    if clinic.get_clinic_settings(db).name:
        return False
    clinic.update_clinic_settings(db, CLINIC)
    return True


def add_intake(db: Database, key: str, patient_uid: uuid.UUID, first_day: dt.date,
               referral_reason: str) -> tuple[uuid.UUID, ...]:
    """The patient's first intake with screening answers and goals; returns the goal uids."""
    authorize(db, Permission.CHART)
    demo = DEMO_RECORDS[key]
    record, _ = intake.start_intake(db, patient_uid, first_day)
    intake.update_intake(db, record.uid, {
        "presenting_complaint": f"{demo.complaint}. Referral: {referral_reason}.",
        "history": demo.history, "medications": demo.medications, "consent_date": first_day,
        "consent_scope": "Neuromuscular therapy and massage of the areas discussed; may stop "
                         "at any time."})
    present = {item.item_id for item in demo.present}
    for item_id in demo.absent:
        if item_id not in present:
            intake.set_screening_answer(db, record.uid, item_id, False)
    for item in demo.present:
        intake.set_screening_answer(db, record.uid, item.item_id, True,
                                    region_ids=item.region_ids, note=item.note)
    # The physician was phoned three days before the first visit and cleared the day before.
    for flags, contacted, said in demo.referrals:
        intake.record_referral(db, record.uid, flags, contacted,
                               dt.datetime.combine(first_day - dt.timedelta(days=3),
                                                   dt.time(10, 0), dt.UTC), said)
    for item_id, cleared_by, note in demo.clearances:
        intake.record_clearance(db, record.uid, item_id, cleared_by,
                                first_day - dt.timedelta(days=1), note=note)
    # The goals are written as the intake form writes them (the one write path for goals).
    current = intake.current_intake(db, patient_uid)
    assert current is not None
    goals = [GoalInput(text, first_day + dt.timedelta(weeks=6 + 2 * number))
             for number, text in enumerate(demo.goals)]
    saved, _ = intake_form.save_intake_form(
        db, patient_uid, IntakeFormInput(
            current.recorded_on, current.presenting_complaint, current.history,
            current.medications, current.consent_date, current.consent_scope, goals=goals),
        intake_uid=current.uid, today=first_day)
    return tuple(goal.uid for goal in saved.goals)


def _progress_status(index: int, count: int, goal_number: int) -> str:
    if index == 0:
        return "not_met"
    if index == count - 1 and goal_number == 0:
        return "met"
    return "partly_met" if index >= count // 2 else "not_met"


def _questionnaire_items(demo: DemoRecord, index: int, count: int
                         ) -> tuple[int | None, ...] | None:
    if demo.questionnaire is None:
        return None
    if index == 0:
        return demo.baseline_items
    if index == count - 1:
        return demo.latest_items
    return None


def add_session_record(db: Database, key: str, patient_uid: uuid.UUID, session_uid: uuid.UUID,
                       goal_uids: tuple[uuid.UUID, ...], index: int, count: int, nrs: int,
                       day: dt.date) -> None:
    """Notes, findings, home care and questionnaires of one demo visit (before signing)."""
    authorize(db, Permission.CHART)
    demo = DEMO_RECORDS[key]
    easing_words = ("", "slightly better", "better", "much better")[min(3, index)]
    session_notes.update_session_notes(db, session_uid, {
        "chief_complaint": demo.complaint, "nrs_now": nrs, "nrs_best": max(0, nrs - 3),
        "nrs_worst": min(10, nrs + 2), "aggravating_factors": demo.aggravating,
        "easing_factors": demo.easing, "sleep": demo.sleep,
        "psfs_activities": "; ".join(demo.psfs),
        "assessment": ("Findings consistent with myofascial trigger points reproducing the "
                       "patient's familiar pain." if index == 0 else
                       f"Responding to treatment: {easing_words}; fewer active points."),
        "response_to_treatment": "Tolerated well; tenderness eased during treatment.",
        "techniques": list(demo.techniques), "plan": "Continue weekly NMT and home programme.",
        "frequency": "Weekly", "next_visit": day + dt.timedelta(days=7),
        # Set at the first visit and at each four-weekly re-assessment, not at every visit.
        "reassessment_date": day + dt.timedelta(weeks=4) if index % 4 == 0 else None,
        "recommendation": "Continue" if index < count - 1 else "Taper to fortnightly",
        "nrs_after": max(0, nrs - 2),
        "aftercare_advice": demo.aftercare,
    })
    for finding_id, side, severity in demo.posture:
        eased = "mild" if index >= count // 2 else severity
        session_findings.add_posture_finding(db, session_uid, finding_id, eased,
                                          side=side)
    for joint, movement, side, first, last in demo.rom:
        degrees = first + (last - first) * index / max(1, count - 1)
        session_findings.record_rom(db, session_uid, joint, movement, side, round(degrees))
    for exercise_id, frequency in demo.exercises[:1 + min(index, len(demo.exercises) - 1)]:
        home_care.prescribe_exercise(db, session_uid, exercise_id,
                                     frequency=frequency,
                                     progression="Add a set when it feels easy.")
    for number, goal_uid in enumerate(goal_uids):
        session_findings.set_goal_progress(db, session_uid, goal_uid,
                                        _progress_status(index, count, number))
    if index in (0, count - 1):
        ratings = [min(10, 2 + index + n) for n in range(len(demo.psfs))]
        outcomes.record_outcome(db, patient_uid, "psfs",
                                [PsfsActivity(a, r) for a, r in zip(demo.psfs, ratings,
                                                                     strict=True)],
                                session_uid=session_uid)
    items = _questionnaire_items(demo, index, count)
    if items is not None and demo.questionnaire is not None:
        outcomes.record_outcome(db, patient_uid, demo.questionnaire, list(items),
                                session_uid=session_uid)


def today_check(key: str, index: int) -> TodayCheck:
    """The check asked at the start of each demo visit: every item, nothing new."""
    del key, index  # every demo visit had a quiet check
    return full_today_check()


def point_techniques(key: str) -> tuple[str, ...]:
    """Techniques charted on each demo trigger point (none discouraged for the patient)."""
    return DEMO_RECORDS[key].point_techniques


#: Booked visits that did not take place, per patient: (days after the first visit, kind,
#: reason). The physician report counts them beside the visits attended (spec §5.7).
DEMO_MISSED_VISITS: dict[str, tuple[tuple[int, MissedVisitKind, str], ...]] = {
    "maria": ((17, MissedVisitKind.CANCELLED_BY_PATIENT,
               "Flu; extra mid-week visit for the headaches not rebooked"),
              (31, MissedVisitKind.NO_SHOW, "")),
}


def add_missed_visits(db: Database, key: str, patient_uid: uuid.UUID, first_day: dt.date,
                      today: dt.date) -> None:
    """The demo patient's cancelled and missed visits, if any."""
    authorize(db, Permission.CHART)
    for after, kind, reason in DEMO_MISSED_VISITS.get(key, ()):
        missed_visits.record_missed_visit(db, patient_uid, first_day + dt.timedelta(days=after),
                                          kind, reason=reason, today=today)


def revise_after_visits(db: Database, key: str, patient_uid: uuid.UUID, today: dt.date) -> None:
    """Dimitris reports new calf signs at the end of today's visit: the gate blocks his next one.

    The therapist revises the intake with the urgent red flag and phones the GP (a referral);
    no clearance has come back yet, so no new session can start (spec §4.2).
    """
    authorize(db, Permission.CHART)
    if key != "dimitris":
        return
    record, _ = intake.start_intake(db, patient_uid, today)
    intake.set_screening_answer(
        db, record.uid, "calf_dvt_signs", True,
        note="Right calf swollen, warm and tender since yesterday; not the usual cramp")
    intake.record_referral(
        db, record.uid, ["calf_dvt_signs"], "Dr. Anna Berg (GP surgery)",
        dt.datetime.combine(today, dt.time(11, 15), dt.UTC),
        "Phoned at the end of the visit; same-day appointment booked. No massage until the GP "
        "has seen him.")


def sign_and_amend(db: Database, key: str, session_uid: uuid.UUID, index: int,
                   day: dt.date) -> None:
    """Sign a past visit that evening; María's second visit also gets a dated correction."""
    authorize(db, Permission.CHART)
    evening = dt.datetime.combine(day, dt.time(19, 0), dt.UTC)
    signing.sign_session(db, session_uid, signed_at=evening)
    if key == "maria" and index == 1:
        written = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8, 30), dt.UTC)
        signing.add_amendment(
            db, session_uid, "Home programme dose recorded incorrectly",
            "The chin tuck was prescribed as 10 repetitions with a 5-second hold, 3 times a "
            "day, not 'several times daily'.", written_at=written)
