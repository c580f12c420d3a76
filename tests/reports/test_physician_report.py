"""The progress report to the referring physician, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nmt_desktop.reports import render_physician_report
from nmt_desktop.reports.data import ChangeRow, PhysicianInfo
from tests.reports import factories
from tests.reports.pdf_tools import (
    assert_no_missing_glyphs,
    flat,
    page_count,
    reader,
    structure_check,
    structure_problems,
    text,
)

NAMES = ["Zoë Łukasiewicz-Ñúñez", "Δημήτρης Παπαδόπουλος", "Юлия Иванова", "山田 太郎"]


def test_header_names_everyone_section_5_7_asks_for(physician_pdf: bytes) -> None:
    printed = flat(text(physician_pdf))
    for expected in (
        "Zoë Łukasiewicz-Ñúñez",
        "23 Nov 1978",
        "HX-10427",  # patient, DOB, chart number
        "Dr. Priya Raman",
        "fax 902-555-0198",  # referring physician
        "ICD-10 M54.2",  # referral
        "Mara Okafor, RMT, CNMT",
        "MT-3381",  # therapist, credentials, licence
        "7 Jan 2025 – 17 Jun 2025",  # period
        "24 attended, 2 cancelled or missed",  # visits
        "Report date 30 Jun 2025",
    ):
        assert flat(expected) in printed, expected


def test_numbers_come_first(physician_pdf: bytes) -> None:
    first_page = flat(reader(physician_pdf).pages[0].extract_text())
    for expected in (
        "−5 (−71 %)",
        "−22\u00a0%-points (−58 %)",
        "+3.7 (+112 %)",
        "≥ 2 points",
        "2 / 19",
        "Before treatment",
        "After treatment",
        "Trigger points by muscle",
        "24 / 24",
    ):
        assert flat(expected) in first_page, expected


def test_report_carries_every_section(physician_pdf: bytes) -> None:
    printed = flat(text(physician_pdf))
    for expected in (
        "First session · 7 Jan 2025",
        "Latest session · 17 Jun 2025",  # maps side by side
        "Outcome scores",
        "NDI",
        "PSFS",
        "Range of motion",
        "Lateral flexion",
        "Ischemic compression (24 of 24)",  # techniques
        "Response to treatment",
        "Home programme",
        "Upper trapezius stretch",
        "Plan and recommendations",
        "Taper and discharge",
        "11 Aug 2025",
        "Visits (24)",
        "IC Ischemic compression",  # session log and its key
        "Amendments to signed records",
        "RIGHT infraspinatus",
        "Electronically signed on 30 Jun 2025, 17:05",
        "Licence no. MT-3381",
        "Chart HX-10427",
        "Confidential health information",
    ):
        assert flat(expected) in printed, expected


def test_realistic_chart_fits_in_one_to_three_pages(physician_pdf: bytes) -> None:
    pages = page_count(physician_pdf)
    assert 1 <= pages <= 3
    assert flat(f"Page {pages} of {pages}") in flat(text(physician_pdf))


@pytest.mark.parametrize("name", NAMES)
def test_names_in_any_script_print(name: str) -> None:
    pdf = render_physician_report(factories.physician_report(count=2, name=name))
    assert flat(name) in flat(text(pdf))


def test_user_text_is_printed_as_typed_not_as_markup() -> None:
    data = replace(
        factories.physician_report(count=2),
        chief_complaint="<b>not bold</b>",
        assessment="Pain < 3 & stiff",
        baseline_vs_current=(ChangeRow("Grip <left> & weak", 20, 30, unit="kg<"),),
    )
    printed = text(render_physician_report(data))
    assert "<b>not bold</b>" in printed
    assert "Pain < 3 & stiff" in printed
    assert "Grip <left> & weak" in printed
    assert flat("+10 kg< (+50 %)") in flat(printed)


def test_patient_without_sessions_gets_a_valid_report_saying_so() -> None:
    pdf = render_physician_report(factories.physician_report(count=0))
    printed = text(pdf)
    assert "No treatment sessions were recorded" in printed
    assert "0 attended" in printed
    assert "Pain intensity (NRS)" not in printed
    assert page_count(pdf) == 1
    structure_check(pdf)


def test_unsigned_report_is_marked_as_draft_with_a_signature_line() -> None:
    pdf = render_physician_report(replace(factories.physician_report(count=3), signed_at=None))
    printed = text(pdf)
    assert "DRAFT – not signed" in printed
    assert "Signature and date" in printed


def test_encrypted_report_needs_the_password() -> None:
    # GIVEN a report protected with a password
    pdf = render_physician_report(factories.physician_report(count=3), password="fax-0198")
    # THEN it is encrypted, a wrong password does not open it, the right one does
    assert reader(pdf).is_encrypted
    assert reader(pdf).decrypt("wrong") == 0
    assert "Zoë Łukasiewicz-Ñúñez" in text(pdf, password="fax-0198")
    metadata = reader(pdf, password="fax-0198").metadata
    assert metadata is not None
    assert metadata.title == "Progress report – Zoë Łukasiewicz-Ñúñez"
    structure_check(pdf, password="fax-0198")


def test_report_passes_the_structural_check(physician_pdf: bytes) -> None:
    structure_check(physician_pdf)


def test_text_longer_than_a_page_flows_on_instead_of_failing() -> None:
    # A row of a table that cannot split would stop the report with a LayoutError.
    essay = "Stiffness on waking & pain < 3 at rest. " * 200
    data = replace(factories.physician_report(count=24), assessment=essay, chief_complaint=essay)
    pdf = render_physician_report(data)
    assert page_count(pdf) > 3
    assert flat("Stiffness on waking & pain < 3 at rest.") in flat(text(pdf))


def test_structural_check_finds_a_damaged_file(physician_pdf: bytes) -> None:
    # GIVEN the report with its cross-reference table made unreadable
    damaged = physician_pdf.replace(b"startxref", b"startxrex")
    # THEN the check (qpdf through pikepdf) reports it, so a clean result means something
    assert structure_problems(damaged)


def test_subjective_objective_and_plan_details_print(physician_pdf: bytes) -> None:
    printed = flat(text(physician_pdf))
    for expected in ("Worse with", "Long meetings", "Wakes once a night",
                     "Forward head posture, moderate", "Elevated shoulder, left, mild",
                     "Anticoagulant: lighter pressure", "Pressure release and stretching",
                     "to the visit of 3 Mar 2025", "Thoracolumbar spine", "65°"):
        assert flat(expected) in printed, expected


def test_draft_says_how_many_visits_are_unsigned() -> None:
    data = replace(factories.physician_report(count=3), signed_at=None, unsigned_visits=1)
    assert "DRAFT – 1 visit not signed yet" in text(render_physician_report(data))


def test_free_text_with_markup_and_emoji_prints_readably() -> None:
    data = replace(
        factories.physician_report(count=3),
        referral_reason="Neck <pain> & headache 🙂",
        referring_physician=PhysicianInfo("Dr. <Li> & Partners 😖"),
    )
    printed = text(render_physician_report(data))
    assert flat("Neck <pain> & headache [slightly smiling face]") in flat(printed)
    assert flat("Dr. <Li> & Partners [confounded face]") in flat(printed)
    assert_no_missing_glyphs(printed)
