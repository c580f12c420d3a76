"""No field can turn a report into hundreds of pages: runaway text prints its start, then
"… continued in the chart" (a 100 KB note once gave a 388-page summary)."""

from __future__ import annotations

from dataclasses import replace

from nmt_desktop.reports import render_patient_summary, render_physician_report
from nmt_desktop.reports.markup import CONTINUED, MAX_PRINTED_CHARACTERS, capped
from tests.reports import factories
from tests.reports.pdf_tools import flat, page_count, text

RUNAWAY = ("Pain worse after long drives. " * 3500)[:100_000]


def test_capped_keeps_short_text_and_cuts_long_text_on_a_word() -> None:
    assert capped("as typed\nline two") == "as typed\nline two"
    cut = capped(RUNAWAY)
    assert cut.endswith(CONTINUED) and len(cut) <= MAX_PRINTED_CHARACTERS + len(CONTINUED)
    body = cut.removesuffix(CONTINUED)
    assert RUNAWAY.startswith(body) and RUNAWAY[len(body)] == " "  # cut between words
    assert capped("line\n" * 500).count("\n") < 50


def test_a_100_kb_note_keeps_the_patient_summary_short() -> None:
    pdf = render_patient_summary(factories.patient_summary(note=RUNAWAY))
    assert page_count(pdf) <= 3
    assert flat("continued in the chart") in flat(text(pdf))


def test_runaway_fields_keep_the_physician_report_short() -> None:
    normal = page_count(render_physician_report(factories.physician_report()))
    data = factories.physician_report()
    data = replace(data, referral_reason=RUNAWAY,
                   plan=replace(data.plan, recommendation=RUNAWAY, frequency=RUNAWAY))
    pdf = render_physician_report(data)
    assert page_count(pdf) <= normal + 3
    assert flat("continued in the chart") in flat(text(pdf))
