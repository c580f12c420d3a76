"""The progress report to the referring physician (clinical-spec §5.7).

Numbers first: the header of §5.7, the baseline-vs-current table, the NRS trend and trigger
points by muscle, then the body maps of the first and latest session, scores, the narrative,
the plan, the visit log and the signature. Everything is black on white so a fax stays legible.
"""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from nmt_desktop.reports.base import BaseReportRenderer
from nmt_desktop.reports.bodymap_flowable import BodyMapFlowable, MapGroup
from nmt_desktop.reports.charts import nrs_trend_chart
from nmt_desktop.reports.data import PhysicianReportData, PlanSection
from nmt_desktop.reports.formatting import fmt_date, fmt_datetime
from nmt_desktop.reports.markup import labelled, para, user_text
from nmt_desktop.reports.physician_progress import frequency_maps, outcome_chart_flowables
from nmt_desktop.reports.physician_tables import (
    change_table,
    goals_table,
    header_table,
    missed_visit_line,
    outcome_table,
    rom_table,
    session_log_table,
    trend_table,
)
from nmt_desktop.reports.tables import callout, home_care_table, key_value_rows


def _reassessment(plan: PlanSection) -> str:
    """The re-assessment date, with the visit that set it when that is not the latest one."""
    if plan.reassessment_date is None:
        return ""
    text = fmt_date(plan.reassessment_date)
    if plan.reassessment_set_on is not None:
        text += f" (set at the visit of {fmt_date(plan.reassessment_set_on)})"
    return text


class PhysicianReportRenderer(BaseReportRenderer):
    """Renders `PhysicianReportData` to PDF (unencrypted: see `reports.encryption`)."""

    base_font_size = 8.8
    title = "Progress report"

    def __init__(self, data: PhysicianReportData) -> None:
        """Keep the data; nothing is laid out until `render()`."""
        super().__init__(data.letterhead, data.patient)
        self.data = data

    @property
    def _width(self) -> float:
        return self.geometry.content_width

    def _heading(self, text: str) -> Paragraph:
        return Paragraph(text, self.styles.heading)

    def _get_story(self) -> list[Flowable]:
        d, st = self.data, self.styles
        draft = "" if d.signed_at else "<b>DRAFT – not signed</b> · "
        if not d.signed_at and d.unsigned_visits:
            visits = "visit" if d.unsigned_visits == 1 else "visits"
            draft = f"<b>DRAFT – {d.unsigned_visits} {visits} not signed yet</b> · "
        story: list[Flowable] = [
            Paragraph("Progress report to the referring physician", st.title),
            Paragraph(f"{draft}Report date {fmt_date(d.report_date)}", st.subtitle),
            header_table(d, st, self._width),
        ]
        if not d.sessions:
            story.append(
                callout(
                    "No treatment sessions were recorded for this patient in the period "
                    "covered, so there are no findings or measurements to report yet.",
                    st,
                    self._width,
                )
            )
        for section in (
            self._numbers,
            self._trigger_points,
            self._maps,
            self._scores,
            self._narrative,
            self._plan,
            self._visits,
            self._amendments,
            self._signature,
        ):
            story += section()
        return story

    # -- numbers first ----------------------------------------------------------------------

    def _numbers(self) -> list[Flowable]:
        d, st = self.data, self.styles
        story: list[Flowable] = []
        if d.baseline_vs_current and d.sessions:
            first, last = (
                fmt_date(d.sessions[0].session_date),
                fmt_date(d.sessions[-1].session_date),
            )
            story += [
                self._heading(f"Baseline ({first}) and current ({last})"),
                change_table(d.baseline_vs_current, st, self._width),
            ]
        if d.wpi is not None:
            areas = user_text(", ".join(d.wpi.areas) or "none")
            met = "met" if d.wpi.generalized_pain else "not met"
            story += [
                Spacer(1, 2 * mm),
                Paragraph(
                    f"Widespread Pain Index at the latest session: <b>{d.wpi.score} / 19</b> "
                    f"({areas}); generalized-pain criterion {met}. ACR 2016 areas, "
                    f"{user_text(d.wpi.mode)} mapping – for information only, not a diagnosis.",
                    st.small,
                ),
            ]
        if any(s.nrs_before is not None or s.nrs_after is not None for s in d.sessions):
            story += [
                self._heading("Pain intensity (NRS) at each visit"),
                nrs_trend_chart(d.sessions, self._width),
            ]
        return story

    def _trigger_points(self) -> list[Flowable]:
        d = self.data
        if not d.muscle_trends:
            return []
        return [
            self._heading("Trigger points by muscle"),
            *trend_table(d.muscle_trends, d.sessions, self.styles, self._width),
        ]

    def _maps(self) -> list[Flowable]:
        d = self.data
        if d.latest_map is None:
            return []
        latest = fmt_date(d.latest_map.session_date)
        groups = [MapGroup(f"Session of {latest}", d.latest_map.marks)]
        if d.first_map is not None and d.first_map.session_date != d.latest_map.session_date:
            first = fmt_date(d.first_map.session_date)
            groups = [
                MapGroup(f"First session · {first}", d.first_map.marks),
                MapGroup(f"Latest session · {latest}", d.latest_map.marks),
            ]
        flowable = BodyMapFlowable(groups, max_figure_height=72 * mm, glyph_cell=6.5)
        if len(groups) > 1 and d.progress is not None and d.progress.regions:
            flowable = frequency_maps(groups, d.progress, max_figure_height=72 * mm)
        return [KeepTogether([self._heading("Pain drawing and trigger points"), flowable])]

    def _scores(self) -> list[Flowable]:
        d, st = self.data, self.styles
        story: list[Flowable] = []
        if d.outcome_scores:
            story += [
                self._heading("Outcome scores"),
                *outcome_chart_flowables(d.progress, self._width),
                outcome_table(d.outcome_scores, st, self._width),
            ]
        if d.rom:
            story += [self._heading("Range of motion"), rom_table(d.rom, st, self._width)]
        return story

    # -- narrative and plan -----------------------------------------------------------------

    def _narrative(self) -> list[Flowable]:
        d, st = self.data, self.styles
        counts = Counter(t for s in d.sessions for t in s.techniques)
        techniques = "; ".join(f"{t} ({c} of {len(d.sessions)})" for t, c in counts.most_common())
        pairs = [
            ("Chief complaint", d.chief_complaint),
            ("Worse with", d.aggravating),
            ("Better with", d.easing),
            ("Sleep", d.sleep),
            ("Activities (PSFS)", d.psfs_activities),
            ("Posture", "\n".join(d.posture)),
            ("Observations", d.observations),
            ("Assessment", d.assessment),
            ("Techniques (visits used)", techniques),
            ("Response to treatment", d.response),
            ("Red flags", d.red_flags),
            ("Screening at visits", "\n".join(d.visit_checks)),
            ("Precautions", "\n".join(d.precautions)),
            ("Safety warnings (unresolved)", "\n".join(d.safety_warnings)),
        ]
        pairs = [(k, v) for k, v in pairs if v]
        story: list[Flowable] = []
        if pairs:
            story += [self._heading("Clinical summary"), *key_value_rows(pairs, st, self._width)]
        if d.home_programme:
            when = d.home_programme_prescribed_on
            story += [
                self._heading("Home programme"
                              + (f" (prescribed {fmt_date(when)})" if when else "")),
                home_care_table(d.home_programme, st, self._width, plain=False),
            ]
        return story

    def _plan(self) -> list[Flowable]:
        p, st = self.data.plan, self.styles
        if p.is_empty:
            return []
        story: list[Flowable] = [self._heading("Plan and recommendations")]
        if p.goals:
            story += [goals_table(p.goals, st, self._width), Spacer(1, 2 * mm)]
        pairs = [
            ("Plan", p.treatment_plan),
            ("Frequency", p.frequency),
            ("Recommendation", p.recommendation),
            ("Re-assessment", _reassessment(p)),
            ("Questions for you", p.questions_for_physician),
        ]
        story += key_value_rows([(k, v) for k, v in pairs if v], st, self._width)
        return story

    def _visits(self) -> list[Flowable]:
        d = self.data
        if not d.sessions:
            return []
        story: list[Flowable] = [
            self._heading(f"Visits ({d.visits_attended})"),
            *session_log_table(d.sessions, self.styles, self._width),
        ]
        if d.missed_visits:
            story.append(missed_visit_line(d.missed_visits, self.styles))
        return story

    def _amendments(self) -> list[Flowable]:
        d, st = self.data, self.styles
        if not d.amendments:
            return []
        story: list[Flowable] = [self._heading("Amendments to signed records")]
        for a in d.amendments:
            visit = f" to the visit of {fmt_date(a.session_date)}" if a.session_date else ""
            story += [
                Paragraph(
                    f"<b>{fmt_datetime(a.written_at)}</b>{visit} · {user_text(a.author)} · "
                    f"reason: {user_text(a.reason)}",
                    st.small,
                ),
                para(a.text, st.body),
                Spacer(1, 1.5 * mm),
            ]
        return story

    def _signature(self) -> list[Flowable]:
        d, st = self.data, self.styles
        t = d.therapist
        lines: list[Flowable] = [Spacer(1, 3 * mm)]
        if d.signed_at:
            lines.append(
                Paragraph(f"Electronically signed on {fmt_datetime(d.signed_at)} by", st.small)
            )
        else:
            lines += [
                Spacer(1, 9 * mm),
                Paragraph("_" * 40, st.body),
                Paragraph("Signature and date", st.small),
            ]
        lines.append(
            para(", ".join(p for p in (t.name, t.credentials) if p), st.body_bold, bold=True)
        )
        if t.licence_number:
            lines.append(labelled("Licence no.", t.licence_number, st.body))
        lines.append(para(d.letterhead.name, st.small))
        return [KeepTogether(lines)]


def render_physician_report(data: PhysicianReportData) -> bytes:
    """Render the progress report to PDF bytes."""
    return PhysicianReportRenderer(data).render()
