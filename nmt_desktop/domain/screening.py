"""Intake screening catalog: contraindications, red flags and endangerment sites.

Pure data restated from clinical-spec §4.1 and §4.2. The ids are stored with each intake
answer, so an id is never renamed or reused; labels and texts may be reworded freely.

Where the spec gives two categories ("local/systemic"), the item is filed under the one that
drives the app's behaviour and the other is kept as a flag:
- `dvt_suspected_or_known` and `recent_stroke_tia` are systemic (they block the session until
  cleared) and `also_local` (the limb or the neck stays a no-go area after clearance).
- `aneurysm` and `inflammatory_arthritis_flare` are local (the therapist marks the area);
  `aneurysm` also recommends clearance without blocking.
- `bleeding_disorder_thrombocytopenia` ("systemic for deep work") is a precaution that caps
  pressure and discourages every deep technique: treatment itself is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from nmt_desktop.domain.techniques import DEEP_TECHNIQUE_IDS


class ScreeningCategory(StrEnum):
    """How a contraindication limits treatment."""

    SYSTEMIC = "systemic"  # postpone all treatment until resolved or medically cleared
    LOCAL = "local"  # treat elsewhere, keep away from the area
    PRECAUTION = "precaution"  # treat with modification

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Urgency(StrEnum):
    """How soon a red flag must reach a physician."""

    EMERGENCY = "E"
    URGENT = "U"
    ROUTINE = "R"

    @property
    def label(self) -> str:
        return {"E": "Emergency services now", "U": "Same-day medical contact, do not treat",
                "R": "Refer soon (routine letter)"}[self.value]

    @property
    def rank(self) -> int:
        """0 for the most urgent, for sorting."""
        return "EUR".index(self.value)


@dataclass(frozen=True)
class Contraindication:
    """One §4.1 item of the screening checklist.

    Attributes:
        id: Stable id stored with the intake answer.
        label: The condition, as the checklist shows it.
        category: Systemic, local or precaution (see the module docstring for mixed ones).
        modification: What to change, in plain words.
        also_local: A systemic item that also keeps an area off limits (marked by region).
        needs_clearance: Medical clearance is required (systemic) or recommended.
        light_pressure: Pressure must be lighter everywhere.
        discouraged_techniques: §5.3 technique ids to avoid while the item applies.
        suggested_regions: Atlas region ids offered by default when the area is marked.
        banner: One line for the session banner.
    """

    id: str
    label: str
    category: ScreeningCategory
    modification: str
    also_local: bool = False
    needs_clearance: bool = False
    light_pressure: bool = False
    discouraged_techniques: tuple[str, ...] = ()
    suggested_regions: tuple[str, ...] = ()
    banner: str = ""

    @property
    def marks_regions(self) -> bool:
        """Whether the therapist records the body regions concerned."""
        return self.category is ScreeningCategory.LOCAL or self.also_local


@dataclass(frozen=True)
class RedFlag:
    """One §4.2 finding that needs a physician.

    Attributes:
        urgency: The more urgent of the spec's grades where it gives two ("R/U").
        urgency_note: The spec's full grading when it gives more than one.
    """

    id: str
    finding: str
    concern: str
    urgency: Urgency
    urgency_note: str = ""


@dataclass(frozen=True)
class EndangermentSite:
    """A cautionary site (Werner/ABMP list): superficial nerves, vessels or organs.

    Attributes:
        region_ids: The atlas regions that hold the site. The atlas has no regions this small,
            so a site covers whole regions; `approximation` says where that is coarse.
    """

    id: str
    label: str
    structures: str
    region_ids: tuple[str, ...]
    approximation: str = ""


S, L, P = ScreeningCategory.SYSTEMIC, ScreeningCategory.LOCAL, ScreeningCategory.PRECAUTION
_DEEP = tuple(sorted(DEEP_TECHNIQUE_IDS))


def _both(region_type: str) -> tuple[str, ...]:
    return (f"{region_type}_left", f"{region_type}_right")


CONTRAINDICATIONS: tuple[Contraindication, ...] = (
    Contraindication(
        "fever_acute_infection", "Fever, acute systemic infection or contagious illness", S,
        "Reschedule: a risk to the patient and to the therapist.", needs_clearance=True),
    Contraindication(
        "dvt_suspected_or_known", "Deep vein thrombosis (known or suspected), thrombophlebitis",
        S, "No massage until medically cleared; never massage the affected limb.",
        also_local=True, needs_clearance=True),
    Contraindication(
        "unstable_cardiac",
        "Unstable angina, recent heart attack, decompensated heart failure, uncontrolled "
        "hypertension", S, "Medical clearance first; no vigorous or deep work.",
        needs_clearance=True),
    Contraindication(
        "recent_stroke_tia", "Recent stroke or TIA, known carotid disease", S,
        "Medical clearance first; no deep work on the front of the neck.", also_local=True,
        needs_clearance=True, suggested_regions=_both("neck_anterior")),
    Contraindication(
        "medical_emergency_or_undiagnosed_severe_pain",
        "Acute unexplained severe pain or other red flags", S, "Refer to a physician first.",
        needs_clearance=True),
    Contraindication(
        "intoxication", "Alcohol or drug intoxication", S,
        "Do not treat: feedback and consent are not reliable.", needs_clearance=True),
    Contraindication(
        "bleeding_disorder_thrombocytopenia", "Haemophilia or severely low platelets", P,
        "Light pressure only; bruising risk.", light_pressure=True,
        discouraged_techniques=_DEEP,
        banner="Bleeding disorder: light pressure only, no deep techniques."),
    Contraindication(
        "acute_injury_inflammation",
        "Acute sprain or strain, bruise, swelling, acute bursitis or tendinitis", L,
        "Avoid the area; light work proximal to it only."),
    Contraindication(
        "fracture_unhealed", "Recent or suspected fracture or dislocation", L,
        "Avoid the area; medical clearance.", needs_clearance=True),
    Contraindication(
        "open_wound_burn_skin_lesion",
        "Open wound, burn, rash or skin infection (cellulitis, fungal, herpes, warts, MRSA)", L,
        "Avoid the area and keep to hygiene rules; if spreading or contagious, reschedule."),
    Contraindication(
        "recent_surgery", "Recent surgery or scar (about 6 weeks, or surgeon's clearance)", L,
        "Avoid the site; clot risk is higher after an operation."),
    Contraindication(
        "varicose_veins", "Varicose veins", L,
        "No deep pressure or stripping over them; light strokes only.",
        discouraged_techniques=("stripping_massage",)),
    Contraindication(
        "aneurysm", "Known aneurysm (aortic or other)", L,
        "No deep abdominal work; medical clearance.", needs_clearance=True,
        suggested_regions=_both("abdomen_upper") + _both("abdomen_lower"),
        banner="Known aneurysm: no deep abdominal work."),
    Contraindication(
        "hernia", "Abdominal or inguinal hernia", L, "No pressure over the site."),
    Contraindication(
        "implanted_device", "Pacemaker, port, pump, neurostimulator or breast implant", L,
        "No direct pressure over the device."),
    Contraindication(
        "tumor_site_radiation", "Known tumour site or current radiation field", L,
        "Avoid the site or field; oncology clearance.", needs_clearance=True),
    Contraindication(
        "recent_injection", "Recent corticosteroid, botulinum or other injection", L,
        "No deep pressure over the site for the period the prescriber advised."),
    Contraindication(
        "anticoagulant_antiplatelet",
        "Anticoagulant or antiplatelet drug (warfarin, DOACs, heparin, high-dose aspirin, "
        "clopidogrel)", P, "Lighter pressure, no deep stripping; check for bruising.",
        light_pressure=True,
        discouraged_techniques=("stripping_massage", "cross_fiber_friction",
                                "instrument_assisted"),
        banner="Anticoagulant: lighter pressure, no stripping or friction; check for "
               "bruising."),
    Contraindication(
        "osteoporosis", "Osteoporosis or osteopenia, long-term corticosteroids", P,
        "No deep pressure or springing on ribs and spine; if severe, no vigorous work.",
        light_pressure=True, discouraged_techniques=("joint_manipulation", "joint_mobilization"),
        banner="Osteoporosis: no deep pressure or springing on ribs and spine."),
    Contraindication(
        "pregnancy", "Pregnancy", P,
        "After the first trimester prefer side-lying; no prolonged flat supine from about 20 "
        "weeks (use a tilt); no prone on a standard table; no deep pressure on the inner "
        "legs; high-risk pregnancy needs clearance.",
        banner="Pregnancy: side-lying after the first trimester, no flat supine from ~20 "
               "weeks, no deep pressure on the inner legs."),
    Contraindication(
        "cancer", "Active cancer or recent chemotherapy", P,
        "Oncology clearance for deep work; avoid tumour sites and ports; adjust for low "
        "platelets and fatigue.", needs_clearance=True,
        banner="Active cancer: oncology clearance before deep work; avoid tumour sites and "
               "ports."),
    Contraindication(
        "lymphedema_node_removal", "Lymphoedema, lymph-node removal or radiation", P,
        "Light pressure in the at-risk quadrant; no deep work on the affected limb.",
        light_pressure=True,
        banner="Lymphoedema risk: light pressure in the at-risk quadrant."),
    Contraindication(
        "neuropathy_diabetes", "Peripheral neuropathy or diabetes", P,
        "Pressure feedback is unreliable: lighter pressure on affected areas; check feet and "
        "skin.", light_pressure=True,
        banner="Neuropathy: reduced sensation, lighter pressure; check feet and skin."),
    Contraindication(
        "hypertension_controlled", "Controlled hypertension", P,
        "Avoid techniques that spike blood pressure; change position slowly.",
        banner="Controlled hypertension: change position slowly."),
    Contraindication(
        "central_sensitization", "Fibromyalgia, widespread pain or central sensitisation", P,
        "Lower pressure and dose; expect soreness after treatment.", light_pressure=True,
        banner="Central sensitisation: lower pressure and dose."),
    Contraindication(
        "hypermobility", "Joint hypermobility, Ehlers-Danlos", P,
        "No end-range stretching or joint loading.",
        discouraged_techniques=("joint_manipulation", "joint_mobilization"),
        banner="Hypermobility: no end-range stretching or joint loading."),
    Contraindication(
        "inflammatory_arthritis_flare", "Rheumatoid arthritis, lupus or gout in flare", L,
        "Avoid inflamed joints during the flare."),
    Contraindication(
        "recent_whiplash_concussion", "Recent whiplash or head injury", P,
        "Screen the neck red flags; gentle work.",
        banner="Recent whiplash or head injury: screen neck red flags, gentle work."),
    Contraindication(
        "epilepsy", "Seizure disorder", P, "Know the patient's seizure plan.",
        banner="Seizure disorder: know the seizure plan."),
    Contraindication(
        "medications_masking", "Analgesics, muscle relaxants or sedatives taken before the "
        "session", P, "Feedback on pressure is less reliable.",
        banner="Pain-masking medication today: pressure feedback less reliable."),
    Contraindication(
        "fragile_skin_elderly", "Thin or fragile skin (older age, steroids)", P,
        "Reduce friction and shear.", discouraged_techniques=("skin_rolling",),
        banner="Fragile skin: reduce friction and shear."),
    Contraindication(
        "trauma_history_consent", "Psychological trauma history or touch sensitivity", P,
        "Explicit consent for each area; the patient may stop at any time.",
        banner="Ask consent for each area; the patient may stop at any time."),
)

E, U, R = Urgency.EMERGENCY, Urgency.URGENT, Urgency.ROUTINE

RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag("saddle_anesthesia_bladder_bowel",
            "Saddle numbness, new urinary retention or incontinence, loss of anal sphincter "
            "control, bilateral leg weakness or sciatica", "Cauda equina syndrome", E),
    RedFlag("progressive_neuro_deficit",
            "Progressive weakness, foot drop, widespread or worsening numbness, gait "
            "disturbance", "Nerve root or cord compression", U),
    RedFlag("myelopathy_signs",
            "Clumsy hands in both arms, unsteady gait, electric shocks down the spine on neck "
            "flexion", "Cervical myelopathy", U),
    RedFlag("cervical_arterial_5d3n",
            "Dizziness, double vision, slurred speech, difficulty swallowing, drop attacks, "
            "nystagmus, nausea, numbness, ataxia, especially with new neck pain or headache",
            "Vertebrobasilar insufficiency or cervical artery dissection", E,
            "E: stop any neck work"),
    RedFlag("stroke_signs", "Sudden facial droop, arm weakness, speech difficulty", "Stroke", E),
    RedFlag("thunderclap_headache",
            "Sudden, worst-ever headache; headache with fever and neck stiffness",
            "Subarachnoid haemorrhage, meningitis", E),
    RedFlag("new_headache_over_50_temporal",
            "New headache over age 50, scalp or temple tenderness, jaw pain on chewing, visual "
            "symptoms", "Giant cell (temporal) arteritis", U),
    RedFlag("chest_pain_exertional",
            "Chest, arm, jaw or upper-back pain with exertion, breathlessness, sweating, "
            "nausea", "Cardiac ischaemia", E),
    RedFlag("dyspnea_pleuritic",
            "New breathlessness, pleuritic chest pain, coughing blood",
            "Pulmonary embolism, lung disease", E),
    RedFlag("calf_dvt_signs",
            "One-sided calf or leg swelling, warmth, redness, tenderness, pitting oedema",
            "Deep vein thrombosis", U, "U: no massage"),
    RedFlag("pulsatile_abdominal_mass",
            "Pulsating abdominal mass; back pain at rest in an older adult with vascular "
            "disease", "Abdominal aortic aneurysm", E),
    RedFlag("history_of_cancer_new_pain", "Past cancer with new back or bone pain",
            "Metastasis", U, "R/U"),
    RedFlag("unexplained_weight_loss", "Unexplained weight loss, night sweats, malaise",
            "Cancer, infection", R),
    RedFlag("fever_with_spinal_pain",
            "Fever or chills with back pain, recent infection, IV drug use, immunosuppression",
            "Spinal infection", U),
    RedFlag("night_pain_nonmechanical",
            "Constant pain not changed by position or movement, severe night pain, worse lying "
            "supine", "Tumour, infection, visceral disease", R),
    RedFlag("trauma_fracture_risk",
            "Significant trauma, or minor trauma with osteoporosis or steroid use; point bony "
            "tenderness; deformity", "Fracture", U),
    RedFlag("age_onset", "New back pain under 20 or over 50–55",
            "Serious pathology more likely", R),
    RedFlag("thoracic_pain_unexplained", "Non-mechanical thoracic pain",
            "Visceral, aortic or malignant disease", R),
    RedFlag("systemic_inflammatory",
            "Morning stiffness over 30 min easing with activity, night pain, several swollen "
            "joints", "Inflammatory arthritis or spondyloarthritis", R),
    RedFlag("no_improvement",
            "No improvement after about 4–6 weeks of appropriate care, or worsening",
            "Re-evaluation needed", R),
    RedFlag("visceral_pattern",
            "Pain linked with digestion, urination or menstruation; right lower quadrant pain "
            "with fever", "Visceral disease (e.g. appendicitis)", E, "U/E"),
    RedFlag("mental_health_crisis", "Expressed suicidal thoughts or severe distress",
            "Crisis", E, "E: local crisis line"),
)

ENDANGERMENT_SITES: tuple[EndangermentSite, ...] = (
    EndangermentSite("anterior_triangle_neck", "Anterior triangle of the neck",
                     "carotid artery, jugular vein, vagus nerve", _both("neck_anterior")),
    EndangermentSite("posterior_triangle_neck", "Posterior triangle of the neck",
                     "brachial plexus, subclavian vessels", _both("neck_anterior"),
                     "The side of the neck is part of the front-of-neck region."),
    EndangermentSite("below_ear_mastoid", "Under the ear and the mastoid",
                     "facial nerve", _both("jaw") + _both("occiput"),
                     "Pre-auricular area is in the jaw region, the mastoid in the occiput."),
    EndangermentSite("eyes", "Eyes", "eyeball, optic structures", _both("orbit")),
    EndangermentSite("axilla", "Axilla", "brachial plexus, axillary vessels, lymph nodes",
                     _both("chest_lateral"), "The side-of-chest region starts at the axilla."),
    EndangermentSite("medial_upper_arm", "Medial upper arm",
                     "brachial artery, median and ulnar nerves", _both("arm_anterior"),
                     "The front-of-arm region includes the medial arm."),
    EndangermentSite("antecubital_fossa", "Antecubital fossa",
                     "median nerve, brachial artery, cubital veins", _both("elbow_anterior")),
    EndangermentSite("ulnar_groove", "Ulnar groove at the elbow", "ulnar nerve",
                     _both("elbow_anterior"),
                     "The groove lies behind the medial epicondyle, which is in the "
                     "front-of-elbow region."),
    EndangermentSite("xiphoid", "Xiphoid process", "xiphoid, liver edge",
                     _both("chest") + _both("abdomen_upper"),
                     "Between the chest (sternum) and upper-abdomen regions."),
    EndangermentSite("umbilical_area", "Umbilical area", "abdominal aorta",
                     _both("abdomen_upper") + _both("abdomen_lower"),
                     "The umbilicus is the border of the two abdomen regions."),
    EndangermentSite("kidney_area", "Low back at the 12th rib", "kidneys",
                     _both("mid_back") + _both("low_back"),
                     "The 12th rib is the border of the mid-back and low-back regions."),
    EndangermentSite("femoral_triangle", "Femoral triangle",
                     "femoral nerve, artery and vein, inguinal nodes", _both("groin")),
    EndangermentSite("sciatic_notch", "Sciatic notch", "sciatic nerve", _both("buttock")),
    EndangermentSite("popliteal_fossa", "Popliteal fossa",
                     "popliteal artery and vein, tibial nerve", _both("knee_posterior")),
    EndangermentSite("fibular_head", "Fibular head", "common fibular nerve",
                     _both("leg_lateral") + _both("knee_anterior"),
                     "The fibular head sits at the top of the outer-leg region, beside the "
                     "lateral knee."),
    EndangermentSite("lymph_nodes", "Lymph-node areas", "cervical, axillary, inguinal nodes",
                     _both("neck_anterior") + _both("chest_lateral") + _both("groin")),
)

CONTRAINDICATIONS_BY_ID: Mapping[str, Contraindication] = MappingProxyType(
    {item.id: item for item in CONTRAINDICATIONS})
RED_FLAGS_BY_ID: Mapping[str, RedFlag] = MappingProxyType({flag.id: flag for flag in RED_FLAGS})
ENDANGERMENT_SITES_BY_ID: Mapping[str, EndangermentSite] = MappingProxyType(
    {site.id: site for site in ENDANGERMENT_SITES})


def screening_item(item_id: str) -> Contraindication | RedFlag:
    """The contraindication or red flag with this id.

    Raises:
        KeyError: The id is in neither list.
    """
    if item_id in CONTRAINDICATIONS_BY_ID:
        return CONTRAINDICATIONS_BY_ID[item_id]
    return RED_FLAGS_BY_ID[item_id]


def endangerment_sites_in(region_id: str) -> tuple[EndangermentSite, ...]:
    """The endangerment sites that lie (at least partly) in this region."""
    return tuple(site for site in ENDANGERMENT_SITES if region_id in site.region_ids)


def endangerment_region_ids() -> frozenset[str]:
    """Every region holding an endangerment site: the optional overlay of the map."""
    return frozenset(r for site in ENDANGERMENT_SITES for r in site.region_ids)
