"""The tables of the physician report, built from its data.

Each function takes the report's data, styles and text width and returns flowables; the
renderer (`physician_report.py`) decides their order and headings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from nmt_desktop.domain.vocab import TriggerPointStatus
from nmt_desktop.reports.data import (
    ChangeRow,
    Goal,
    MissedVisitLine,
    MuscleTrend,
    OutcomeScore,
    PhysicianReportData,
    RomRow,
    SessionRow,
)
from nmt_desktop.reports.formatting import DASH, fmt_change, fmt_date, fmt_number
from nmt_desktop.reports.markup import para, user_text
from nmt_desktop.reports.status_strip import StatusStrip
from nmt_desktop.reports.styles import INK, RULE, Styles
from nmt_desktop.reports.tables import data_table


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


def header_table(data: PhysicianReportData, styles: Styles, width: float) -> Table:
    """The §5.7 header: patient, physician, referral, therapist, period and visits."""
    cell, bold = styles.cell, styles.cell_bold
    doc = data.referring_physician
    physician = DASH
    if doc is not None:
        contact = _join(
            f"tel. {doc.phone}" if doc.phone else "", f"fax {doc.fax}" if doc.fax else ""
        )
        physician = "<br/>".join(user_text(p) for p in (doc.name, doc.practice, contact) if p)
    referral = data.referral_reason or DASH
    if data.referral_icd10:
        referral += f" (ICD-10 {data.referral_icd10})"
    visits = f"{data.visits_attended} attended"
    if data.missed_visits:
        no_shows = sum(m.no_show for m in data.missed_visits)
        cancelled = len(data.missed_visits) - no_shows
        visits += f", {cancelled} cancelled" if cancelled else ""
        visits += f", {no_shows} no-show" if no_shows else ""
    elif data.visits_cancelled:
        visits += f", {data.visits_cancelled} cancelled or missed"
    period = f"{fmt_date(data.period_start)} – {fmt_date(data.period_end)}"
    left = [
        ("Patient", para(data.patient.display_name, styles.body_bold, bold=True)),
        ("Date of birth", Paragraph(fmt_date(data.patient.date_of_birth), cell)),
        ("Chart number", para(data.patient.chart_number, cell)),
        ("Period", Paragraph(period, cell)),
        ("Visits", Paragraph(visits, cell)),
    ]
    right = [
        ("Referring physician", Paragraph(physician, cell)),
        ("Referral", para(referral, cell)),
        ("Therapist", para(_join(data.therapist.name, data.therapist.credentials), cell)),
        ("Licence no.", para(data.therapist.licence_number or DASH, cell)),
        ("", Paragraph("", cell)),
    ]
    rows = [
        [Paragraph(ll, bold), lv, Paragraph(rl, bold), rv]
        for (ll, lv), (rl, rv) in zip(left, right, strict=True)
    ]
    table = Table(rows, colWidths=[w * width for w in (0.15, 0.33, 0.19, 0.33)], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.8, INK),
                ("LINEAFTER", (1, 0), (1, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def change_table(rows: Sequence[ChangeRow], styles: Styles, width: float) -> Table:
    """Baseline, current, signed change, and whether the clinically important change was met."""
    st = styles
    cells: list[list[Flowable]] = []
    for r in rows:
        met = {True: "yes", False: "no", None: DASH}[r.threshold_met]
        change = fmt_change(r.baseline, r.current, r.decimals, r.unit, r.relative)
        cells.append(
            [
                para(r.measure, st.cell),
                # The unit comes with the data, so it is escaped like any user text.
                Paragraph(user_text(fmt_number(r.baseline, r.decimals, r.unit)), st.cell_right),
                Paragraph(user_text(fmt_number(r.current, r.decimals, r.unit)), st.cell_right),
                Paragraph(f"<b>{user_text(change, bold=True)}</b>", st.cell_right),
                para(r.threshold, st.cell),
                Paragraph(met, st.cell_centre),
            ]
        )
    header = ("Measure", "Baseline", "Current", "Change", "Clinically important change", "Reached")
    return data_table(header, cells, (0.25, 0.11, 0.11, 0.22, 0.21, 0.10), width, styles)


def trend_table(
    trends: Sequence[MuscleTrend], sessions: Sequence[SessionRow], styles: Styles, width: float
) -> list[Flowable]:
    """Trigger points by muscle: a key, then one symbol per visit, counts and tenderness."""
    st = styles
    span = ""
    if sessions:
        span = f" {fmt_date(sessions[0].session_date)} → {fmt_date(sessions[-1].session_date)}"
    cells: list[list[Flowable]] = []
    for trend in trends:
        found = sum(s is not None for s in trend.statuses)
        active = sum(s is TriggerPointStatus.ACTIVE for s in trend.statuses)
        first = trend.first_tenderness.roman if trend.first_tenderness is not None else DASH
        latest = ("resolved" if trend.resolved else
                  trend.latest_tenderness.roman if trend.latest_tenderness is not None else DASH)
        cells.append(
            [
                para(trend.muscle, st.cell),
                Paragraph(trend.side.label, st.cell),
                StatusStrip(trend.statuses),
                Paragraph(f"{found} / {len(trend.statuses)}", st.cell_right),
                Paragraph(str(active), st.cell_right),
                Paragraph(f"{first} → {latest}", st.cell_centre),
            ]
        )
    header = ("Muscle", "Side", f"Each visit{span}", "Found", "Active", "Tenderness first → latest")
    key = (
        "Each symbol is one visit: ● active, ○ latent, ◐ status open, · none found. "
        "Tenderness grade 0–IV (Hubbard &amp; Berkoff)."
    )
    return [
        # The key goes first: under the heading it cannot be left behind on the next page.
        Paragraph(key, st.muted),
        data_table(header, cells, (0.22, 0.07, 0.39, 0.08, 0.08, 0.16), width, styles),
    ]


def outcome_table(scores: Sequence[OutcomeScore], styles: Styles, width: float) -> Table:
    """Standardised scores with their dates."""
    st = styles
    cells: list[list[Flowable]] = [
        [
            para(s.measure, st.cell),
            Paragraph(fmt_date(s.measured_on), st.cell),
            Paragraph(f"<b>{fmt_number(s.score, s.decimals)}</b>", st.cell_right),
            para(s.scale, st.cell),
            para(s.interpretation, st.cell),
        ]
        for s in scores
    ]
    header = ("Measure", "Date", "Score", "Scale", "Interpretation")
    return data_table(header, cells, (0.2, 0.16, 0.1, 0.24, 0.3), width, styles)


def rom_table(rows: Sequence[RomRow], styles: Styles, width: float) -> Table:
    """Range of motion in degrees, left beside right, with the reference range."""
    st = styles
    cells: list[list[Flowable]] = []
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for number, r in enumerate(rows, start=1):
        if r.both is not None:
            # One value for the whole spine: centred across both side columns.
            sides = [Paragraph(fmt_number(r.both, 0, "°"), st.cell_centre), Paragraph("", st.cell)]
            spans.append(("SPAN", (2, number), (3, number)))
        else:
            sides = [
                Paragraph(fmt_number(r.left, 0, "°"), st.cell_right),
                Paragraph(fmt_number(r.right, 0, "°"), st.cell_right),
            ]
        cells.append(
            [
                para(r.joint, st.cell),
                para(r.movement, st.cell),
                *sides,
                para(r.reference, st.cell),
                para(r.method, st.cell),
                Paragraph(fmt_date(r.measured_on), st.cell),
            ]
        )
    header = ("Joint", "Movement", "Left", "Right", "Reference", "Method", "Date")
    fractions = (0.17, 0.17, 0.08, 0.08, 0.12, 0.24, 0.14)
    table = data_table(header, cells, fractions, width, styles)
    if spans:
        table.setStyle(TableStyle(spans))
    return table


def goals_table(goals: Sequence[Goal], styles: Styles, width: float) -> Table:
    """Goals with target dates and progress."""
    st = styles
    cells: list[list[Flowable]] = [
        [
            para(g.text, st.cell),
            Paragraph(fmt_date(g.target_date), st.cell),
            Paragraph(g.status.label, st.cell),
        ]
        for g in goals
    ]
    return data_table(("Goal", "Target date", "Progress"), cells, (0.6, 0.18, 0.22), width, st)


def abbreviations(names: Sequence[str]) -> dict[str, str]:
    """Short unique codes for technique names: "Ischemic compression" -> "IC".

    Codes are the initials of the words (at most four letters); a clash gets a number.
    """
    codes: dict[str, str] = {}
    for name in names:
        words = "".join(c if c.isalnum() else " " for c in name).split()
        base = "".join(w[0] for w in words).upper()[:4] or "?"
        code, n = base, 2
        while code in codes.values():
            code, n = f"{base}{n}", n + 1
        codes[name] = code
    return codes


def missed_visit_line(missed: Sequence[MissedVisitLine], styles: Styles) -> Paragraph:
    """One short paragraph under the visits table, oldest first.

    "Not attended: 2 Jun 2025 cancelled by the patient (flu); 16 Jun 2025 no-show."
    """
    parts = []
    for m in missed:
        reason = f" ({user_text(m.reason)})" if m.reason else ""
        parts.append(f"{fmt_date(m.day)} {m.what}{reason}")
    return Paragraph(f"<b>Not attended:</b> {'; '.join(parts)}.", styles.small)


def session_log_table(
    sessions: Sequence[SessionRow], styles: Styles, width: float
) -> list[Flowable]:
    """One line per visit (NRS, pain extent, WPI, trigger points, techniques) and its key.

    Techniques appear as short codes, most used first in the key, so that 24 visits fit in
    about half a page instead of wrapping every row.
    """
    st = styles
    counts = Counter(t for s in sessions for t in s.techniques)
    codes = abbreviations([t for t, _ in counts.most_common()])
    cells: list[list[Flowable]] = [
        [
            Paragraph(str(n), st.cell_right),
            Paragraph(fmt_date(s.session_date), st.cell),
            Paragraph(f"{fmt_number(s.nrs_before)} → {fmt_number(s.nrs_after)}", st.cell_centre),
            Paragraph(fmt_number(s.pain_extent_pct, 1, "%"), st.cell_right),
            Paragraph(fmt_number(s.wpi), st.cell_right),
            Paragraph(f"{s.active_trps} / {s.latent_trps}", st.cell_centre),
            Paragraph(" ".join(codes[t] for t in s.techniques) or DASH, st.cell),
        ]
        for n, s in enumerate(sessions, start=1)
    ]
    header = (
        "#",
        "Date",
        "NRS before → after",
        "Pain extent (reported)",
        "WPI",
        "TrPs active / latent",
        "Techniques",
    )
    fractions = (0.05, 0.14, 0.15, 0.11, 0.07, 0.16, 0.32)
    table = data_table(header, cells, fractions, width, styles)
    # One-line rows, tighter than other tables, so that a long course still fits on a page.
    table.setStyle(
        TableStyle([("TOPPADDING", (0, 1), (-1, -1), 1), ("BOTTOMPADDING", (0, 1), (-1, -1), 1)])
    )
    key = " · ".join(f"<b>{codes[t]}</b> {user_text(t)}" for t, _ in counts.most_common())
    return [table, Paragraph(key, st.muted)] if key else [table]
