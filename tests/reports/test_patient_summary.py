"""The patient's take-home sheet, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nmt_desktop.domain.vocab import Side
from nmt_desktop.reports import render_patient_summary
from nmt_desktop.reports.data import Finding, FindingKind
from tests.reports import factories
from tests.reports.pdf_tools import flat, page_count, structure_check, text

NAMES = ["Zoë Łukasiewicz-Ñúñez", "Δημήτρης Παπαδόπουλος", "Юлия Иванова", "山田 太郎"]


def test_sheet_says_what_was_found_done_and_what_comes_next(summary_pdf: bytes) -> None:
    printed = text(summary_pdf)
    for expected in (
        "Your visit summary",
        "Zoë Łukasiewicz-Ñúñez",
        "3 Mar 2025",
        "Mara Okafor, RMT, CNMT",
        "6 out of 10",
        "3 out of 10",
        "on top of your left shoulder (the upper trapezius)",
        "steady pressure on the tender spots",
        "Chin tuck",
        "10 × 5 s hold, 3 times a day",
        "24 to 48 hours",
        "902-555-0142",
        "Monday 10 Mar 2025 at 14:30",
        "Chart HX-10427",
        "Confidential health information",
    ):
        assert flat(expected) in flat(printed), expected


def test_sheet_is_one_or_two_pages(summary_pdf: bytes) -> None:
    assert 1 <= page_count(summary_pdf) <= 2
    assert f"Page 1 of {page_count(summary_pdf)}" in text(summary_pdf)


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_print(name: str) -> None:
    pdf = render_patient_summary(factories.patient_summary(name=name))
    assert flat(name) in flat(text(pdf))


def test_user_text_is_printed_as_typed_not_as_markup() -> None:
    # GIVEN user text that looks like markup
    data = replace(
        factories.patient_summary(note="Pain < 3 & stiff. <b>not bold</b>"),
        findings=(Finding(FindingKind.TENSION, "x", "Odd <area>", Side.LEFT),),
    )
    # WHEN rendered
    printed = text(render_patient_summary(data))
    # THEN every character shows
    assert "Pain < 3 & stiff. <b>not bold</b>" in printed
    assert "odd <area> area" in printed


def test_patient_without_sessions_gets_a_valid_sheet_saying_so() -> None:
    pdf = render_patient_summary(factories.patient_summary(no_session=True))
    printed = text(pdf)
    assert "No treatment session has been recorded yet" in printed
    assert "not booked yet" in printed
    assert page_count(pdf) == 1
    structure_check(pdf)


def test_broken_logo_does_not_stop_the_sheet() -> None:
    pdf = render_patient_summary(factories.patient_summary(logo=b"not a png"))
    assert "Harbourside Neuromuscular Therapy" in text(pdf)


def test_sheet_passes_the_structural_check(summary_pdf: bytes) -> None:
    structure_check(summary_pdf)


def test_a_very_long_name_never_hides_the_chart_number() -> None:
    name = "Maximiliana-Alexandrina Wolfeschlegelsteinhausenbergerdorff-Łukasiewicz " * 3
    pdf = render_patient_summary(factories.patient_summary(name=name.strip()))
    footer_line = [line for line in text(pdf).splitlines() if "Chart HX-10427" in line]
    assert footer_line and all("…" in line for line in footer_line)
