"""Home-care exercise library (clinical-spec §5.4).

The dose is a common starting value for the therapist to adjust; each prescription stores
its own dose and progression. Ids are stored with prescriptions and never reused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Exercise:
    """One exercise of the library, as printed on the patient's home-care sheet."""

    id: str
    name: str
    purpose: str
    cue: str
    typical_dose: str
    caution: str = ""


_STRETCH = "2–3 × 30 s"

EXERCISES: tuple[Exercise, ...] = (
    Exercise("chin_tuck", "Chin tuck (cervical retraction)", "Deep neck flexors; forward head",
             "Glide the head straight back, without nodding down.",
             "10 reps, 5 s hold, several times daily", "Stop if arm symptoms increase."),
    Exercise("upper_trap_stretch", "Upper trapezius stretch", "Upper trapezius",
             "Ear toward the opposite shoulder; keep the shoulder down.",
             "2–3 × 30 s each side"),
    Exercise("levator_stretch", "Levator scapulae stretch", "Levator scapulae",
             "Turn 45° and look toward the opposite armpit.", _STRETCH),
    Exercise("scalene_stretch", "Scalene stretch", "Scalenes",
             "Shoulder down, tilt the head away, slight extension.", "2–3 × 20–30 s",
             "Avoid if dizziness or arm tingling increases."),
    Exercise("doorway_pec_stretch", "Doorway pectoral stretch", "Pectoralis major and minor",
             "Forearms on the frame, step through; vary the arm height.", _STRETCH,
             "No pain in the front of the shoulder."),
    Exercise("scapular_retraction", "Scapular squeeze / rows", "Rhomboids, middle trapezius",
             "Draw the blades back and down, without shrugging.", "2–3 × 10–15"),
    Exercise("wall_angel", "Wall angel / wall slide",
             "Lower trapezius, serratus, thoracic extension",
             "Back against the wall, slide the arms up keeping contact.", "2 × 10"),
    Exercise("thoracic_extension", "Thoracic extension over a towel or roller",
             "Thoracic mobility", "Extend over a roll at mid back, support the head.",
             "5–10 slow reps", "Osteoporosis: avoid."),
    Exercise("cat_camel", "Cat–camel", "Spinal mobility",
             "Alternate rounding and arching on hands and knees.", "10 slow reps"),
    Exercise("pelvic_tilt", "Pelvic tilt", "Lumbopelvic control",
             "Lying on the back, flatten then arch the low back.", "10–15"),
    Exercise("glute_bridge", "Glute bridge", "Gluteus maximus, hamstrings",
             "Lift the hips to a straight line, squeeze the buttocks.", "2–3 × 10"),
    Exercise("clamshell", "Clamshell", "Gluteus medius, hip external rotators",
             "Side-lying, knees bent; open the top knee without rolling back.", "2–3 × 10–15"),
    Exercise("side_lying_abduction", "Side-lying hip abduction", "Gluteus medius",
             "Lift the straight top leg slightly behind the body line.", "2–3 × 10"),
    Exercise("single_leg_stance", "Single-leg stance", "Balance, hip stabilisers",
             "Stand on one leg with a level pelvis; progress to eyes closed.",
             "3 × 30 s each side", "Fall risk: use support."),
    Exercise("bird_dog", "Bird dog", "Trunk stability",
             "Reach the opposite arm and leg; keep the spine still.", "2 × 8–10 each side"),
    Exercise("dead_bug", "Dead bug", "Anterior core",
             "Lower the opposite arm and leg; keep the low back down.", "2 × 8–10"),
    Exercise("curl_up", "Modified curl-up", "Rectus abdominis endurance",
             "One knee bent, hands under the low back, small lift.", "3–5 × 8–10 s holds"),
    Exercise("side_plank", "Side plank (knees or feet)", "Quadratus lumborum, obliques",
             "Straight line, hips up.", "3–5 × 10 s", "Shoulder pain."),
    Exercise("hip_flexor_stretch", "Kneeling hip-flexor stretch", "Iliopsoas, rectus femoris",
             "Tuck the pelvis, shift forward.", _STRETCH, "Pad the knee."),
    Exercise("piriformis_stretch", "Figure-4 / piriformis stretch", "Piriformis, deep rotators",
             "Ankle over the opposite knee, draw the thigh toward the chest.", _STRETCH,
             "Hip replacement precautions."),
    Exercise("hamstring_stretch", "Supine hamstring stretch with strap", "Hamstrings",
             "Knee straight, lift the leg to a mild stretch.", _STRETCH,
             "Sciatic symptoms: reduce the range."),
    Exercise("ql_stretch", "Standing or side-lying QL stretch", "Quadratus lumborum",
             "Side-bend away with the arm overhead.", _STRETCH),
    Exercise("calf_stretch_gastroc", "Calf stretch, straight knee", "Gastrocnemius",
             "Back knee straight, heel down.", _STRETCH),
    Exercise("calf_stretch_soleus", "Calf stretch, bent knee", "Soleus",
             "Back knee bent, heel down.", _STRETCH),
    Exercise("wrist_extensor_stretch", "Wrist extensor stretch", "Wrist and finger extensors",
             "Elbow straight, bend the wrist down with the other hand.", _STRETCH),
    Exercise("wrist_flexor_stretch", "Wrist flexor stretch", "Wrist and finger flexors",
             "Elbow straight, bend the wrist back.", _STRETCH),
    Exercise("nerve_glide_median", "Median nerve glide", "Mobility of the median nerve",
             "Sequenced shoulder–elbow–wrist movements, no strong tingling.",
             "5–10 gentle reps", "Stop if symptoms persist."),
    Exercise("nerve_glide_ulnar", "Ulnar nerve glide", "Ulnar nerve",
             "Sequenced movements, no strong tingling.", "5–10 gentle reps",
             "Stop if symptoms persist."),
    Exercise("nerve_glide_sciatic", "Sciatic nerve glide (slider)", "Sciatic nerve",
             "Seated slump slider: head and ankle move in opposite directions.",
             "5–10 gentle reps", "Stop if symptoms persist."),
    Exercise("tennis_ball_self_pressure", "Self-applied trigger point pressure (ball)",
             "Accessible trigger points (trapezius, gluteals, infraspinatus)",
             "Lean on the ball and hold on the tender spot until it eases.",
             "30–90 s per spot",
             "Avoid endangerment sites; bruising risk with anticoagulants."),
    Exercise("foam_roller", "Foam rolling", "Thigh, calf and back muscles",
             "Slow rolls, pause on tender spots.", "1–2 min per area"),
    Exercise("diaphragmatic_breathing", "Diaphragmatic breathing",
             "Accessory breathing muscles (scalenes, SCM)",
             "Belly rises, upper chest stays quiet.", "5 min"),
    Exercise("postural_breaks", "Postural breaks / ergonomics", "Sustained posture load",
             "Change position every 30–60 min; screen at eye level.", "Daily habit"),
    Exercise("heat_application", "Home heat", "Muscle comfort", "Warm pack for 15–20 min.",
             "Daily", "Not on an acute injury or where sensation is reduced."),
)

EXERCISES_BY_ID: Mapping[str, Exercise] = MappingProxyType({e.id: e for e in EXERCISES})


def exercise(exercise_id: str) -> Exercise:
    """Return the exercise with this id.

    Raises:
        KeyError: The id is not in the library.
    """
    return EXERCISES_BY_ID[exercise_id]
