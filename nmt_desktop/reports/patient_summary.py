"""The patient's take-home sheet: one or two pages in plain language.

What was found and treated (on the body and in words), the home-care programme, what to
expect, when to call, and the next visit. Body text is set larger than in the physician report
because many patients read it without their glasses.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, Paragraph, Spacer

from nmt_desktop.reports.base import BaseReportRenderer
from nmt_desktop.reports.bodymap_flowable import BodyMapFlowable, MapGroup
from nmt_desktop.reports.data import PatientSummaryData
from nmt_desktop.reports.fonts import REGULAR
from nmt_desktop.reports.formatting import fmt_appointment, fmt_date
from nmt_desktop.reports.markup import para, user_text
from nmt_desktop.reports.plain_language import aftercare, finding_sentence, when_to_call
from nmt_desktop.reports.tables import callout, home_care_table


class PatientSummaryRenderer(BaseReportRenderer):
    """Renders `PatientSummaryData` to PDF."""

    base_font_size = 10.5
    title = "Your visit summary"

    def __init__(self, data: PatientSummaryData) -> None:
        """Keep the data; nothing is laid out until `render()`."""
        super().__init__(data.letterhead, data.patient)
        self.data = data

    def _bullets(self, items: Sequence[Flowable]) -> ListFlowable:
        return ListFlowable(
            list(items),
            bulletType="bullet",
            start="•",
            bulletFontName=REGULAR,
            bulletFontSize=self.base_font_size,
            leftIndent=13,
            spaceBefore=2,
        )

    def _callout(self, markup: str) -> Flowable:
        return callout(markup, self.styles, self.geometry.content_width)

    def _get_story(self) -> list[Flowable]:
        d, st = self.data, self.styles
        therapist = ", ".join(p for p in (d.therapist.name, d.therapist.credentials) if p)
        visit = f"visit on {fmt_date(d.session_date)}" if d.session_date else "no visit yet"
        story: list[Flowable] = [
            Paragraph(self.title, st.title),
            para(f"{d.patient.display_name} · {visit} · with {therapist}", st.subtitle),
        ]
        if d.session_date is None:
            story.append(
                self._callout(
                    "No treatment session has been recorded yet, so there is nothing to summarise. "
                    "Your therapist will give you this sheet after your first visit."
                )
            )
            return [*story, *self._next_visit()]
        return [
            *story,
            *self._pain_today(),
            *self._found_and_treated(),
            *self._home_care(),
            *self._what_to_expect(),
            *self._when_to_call(),
            *self._next_visit(),
        ]

    def _pain_today(self) -> list[Flowable]:
        d = self.data
        parts = []
        if d.nrs_before is not None:
            parts.append(f"<b>{d.nrs_before} out of 10</b> when you arrived")
        if d.nrs_after is not None:
            parts.append(f"<b>{d.nrs_after} out of 10</b> when you left")
        if not parts:
            return []
        return [self._callout("Your pain today: " + " and ".join(parts) + ".")]

    def _found_and_treated(self) -> list[Flowable]:
        d, st = self.data, self.styles
        story: list[Flowable] = [
            Paragraph("What we found and treated", st.heading),
            BodyMapFlowable(
                [MapGroup("", d.marks)],
                max_figure_height=90 * mm,
                plain_language=True,
                glyph_cell=7.0,
                point_radius=3.6,
            ),
            Spacer(1, 3 * mm),
        ]
        if d.findings:
            story.append(self._bullets([para(finding_sentence(f), st.body) for f in d.findings]))
        else:
            story.append(para("We did not find any tender spots or tight areas today.", st.body))
        if d.treatments:
            story += [
                Spacer(1, 2 * mm),
                Paragraph(
                    "<b>What we did:</b> " + "; ".join(user_text(t) for t in d.treatments) + ".",
                    st.body,
                ),
            ]
        if d.therapist_note:
            story += [
                Paragraph("A note from your therapist", st.subheading),
                para(d.therapist_note, st.body),
            ]
        return story

    def _home_care(self) -> list[Flowable]:
        d, st = self.data, self.styles
        if not d.home_care:
            return []
        return [
            Paragraph("Your exercises at home", st.heading),
            home_care_table(d.home_care, st, self.geometry.content_width, plain=True),
        ]

    def _what_to_expect(self) -> list[Flowable]:
        st, d = self.styles, self.data
        return [
            KeepTogether(
                [
                    Paragraph("What to expect after today", st.heading),
                    self._bullets([Paragraph(text, st.body)
                                   for text in aftercare(d.bruising_risk)]),
                ]
            )
        ]

    def _when_to_call(self) -> list[Flowable]:
        st = self.styles
        items = [para(text, st.body) for text in when_to_call(self.data.letterhead.phone)]
        return [KeepTogether([Paragraph("When to call us", st.heading), self._bullets(items)])]

    def _next_visit(self) -> list[Flowable]:
        when = self.data.next_appointment
        text = fmt_appointment(when) if when else "not booked yet – please call us to arrange it."
        return [Spacer(1, 2 * mm), self._callout(f"<b>Your next visit:</b> {text}")]


def render_patient_summary(data: PatientSummaryData) -> bytes:
    """Render the patient's take-home sheet to PDF bytes."""
    return PatientSummaryRenderer(data).render()
