"""Layout of the S, O, A and P pages: which note fields, in which order, with which panels."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.session.form.fields import (
    ChoicesField,
    DateField,
    NoteField,
    ScaleField,
    TextBlockField,
    TextLineField,
    hint_label,
    row_of,
    section_title,
)

PAGE_TIPS = {
    "Map": "Tool options, the marks on the map, pain extent and referral hints",
    "S": "Subjective: what the patient reports",
    "O": "Objective: posture, range of motion, observations",
    "A": "Assessment: impression and progress toward goals",
    "P": "Plan: techniques, home care, plan, end of session",
    "Outcomes": "NDI, ODI and PSFS questionnaires",
}


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    set_role(label, "page-title")
    return label


def scroll_page(widgets: Iterable[QWidget], margins: tuple[int, int, int, int] = (8, 6, 12, 10),
                stretch: bool = True) -> QScrollArea:
    """A page that scrolls on a short laptop screen instead of squeezing its fields."""
    body = QWidget()
    layout = QVBoxLayout(body)
    layout.setContentsMargins(*margins)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def subjective_fields() -> list[NoteField]:
    return [
        TextBlockField("chief_complaint", "Chief complaint",
                       "In the patient's own words", lines=2),
        ScaleField("nrs_now", "Pain now (NRS)"),
        ScaleField("nrs_best", "Best (NRS)"),
        ScaleField("nrs_worst", "Worst (NRS)"),
        TextBlockField("aggravating_factors", "Aggravating factors",
                       "What makes it worse", lines=2),
        TextBlockField("easing_factors", "Easing factors", "What helps", lines=2),
        TextLineField("sleep", "Sleep", "e.g. wakes twice a night with neck pain"),
        TextBlockField("psfs_activities", "Activities that are hard (PSFS)",
                       "Score them in the Outcomes tab", lines=2),
    ]


def objective_fields() -> list[NoteField]:
    return [TextBlockField("observations", "Other observations",
                           "Gait, breathing, tests within scope and their results", lines=3)]


def assessment_fields() -> list[NoteField]:
    return [
        TextBlockField("assessment", "Assessment",
                       "Impression within scope, e.g. findings consistent with trigger points "
                       "in the left upper trapezius reproducing the temporal headache", lines=5),
        TextBlockField("response_to_treatment", "Response to treatment",
                       "Change during and after today's treatment", lines=2),
    ]


def plan_fields() -> list[NoteField]:
    return [
        ChoicesField("techniques", "Techniques applied"),
        TextBlockField("plan", "Plan", "Treatment plan for the next period", lines=2),
        TextLineField("frequency", "Frequency", "e.g. weekly for 4 weeks"),
        DateField("next_visit", "Next visit"),
        DateField("reassessment_date", "Re-assessment"),
        TextLineField("recommendation", "Recommendation",
                      "Continue, taper, discharge or refer back"),
        TextBlockField("questions_for_physician", "Questions for the physician", lines=2),
        ScaleField("nrs_after", "Pain after treatment (NRS)"),
        ScaleField("duration_minutes", "Duration", low=1, high=480, suffix=" min",
                   optional=False),
        TextBlockField("aftercare_advice", "Aftercare advice given",
                       "e.g. soreness for 24–48 h is expected; heat, gentle movement", lines=2),
    ]


def subjective_page(fields: dict[str, NoteField]) -> QScrollArea:
    return scroll_page([
        page_title("Subjective"),
        fields["chief_complaint"],
        row_of([fields["nrs_now"], fields["nrs_best"], fields["nrs_worst"]]),
        fields["aggravating_factors"],
        fields["easing_factors"],
        fields["sleep"],
        fields["psfs_activities"],
    ])


def objective_page(fields: dict[str, NoteField], posture: QWidget, rom: QWidget) -> QScrollArea:
    return scroll_page([
        page_title("Objective"),
        hint_label("Palpation findings (trigger points, pain zones, tension) are charted on "
                   "the body map."),
        section_title("Posture"),
        posture,
        section_title("Range of motion"),
        rom,
        fields["observations"],
    ])


def assessment_page(fields: dict[str, NoteField], goals: QWidget) -> QScrollArea:
    return scroll_page([
        page_title("Assessment"),
        fields["assessment"],
        fields["response_to_treatment"],
        section_title("Progress toward goals"),
        goals,
    ])


def plan_page(fields: dict[str, NoteField], home_care: QWidget) -> QScrollArea:
    return scroll_page([
        page_title("Plan"),
        section_title("Treatment"),
        fields["techniques"],
        section_title("Home care"),
        home_care,
        section_title("Plan"),
        fields["plan"],
        row_of([fields["frequency"], fields["next_visit"]], stretch_last=False),
        row_of([fields["reassessment_date"], fields["recommendation"]], stretch_last=False),
        fields["questions_for_physician"],
        section_title("End of session"),
        row_of([fields["nrs_after"], fields["duration_minutes"]]),
        fields["aftercare_advice"],
    ])
