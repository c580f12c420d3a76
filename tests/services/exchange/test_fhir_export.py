"""FHIR R4 document bundle: valid for an independent FHIR model, coded as a physician expects."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.bundle import Bundle

from nmt_desktop.db.database import Database
from nmt_desktop.domain.patients import PatientInput
from nmt_desktop.services import patients
from nmt_desktop.services.exchange import chart_document, export_chart_fhir
from nmt_desktop.services.exchange.fhir_bundle import chart_bundle
from tests.services.exchange.charts import Chart, audit_events, make_chart

SNOMED = "http://snomed.info/sct"
FAKE_PDF = b"%PDF-1.7\n% report of Zo\xc3\xab\n%%EOF\n"


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


@pytest.fixture
def bundle(source: Database, chart: Chart) -> dict[str, Any]:
    return chart_bundle(chart_document(source, chart.chart_number), FAKE_PDF)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_bundle_is_valid_fhir_r4(bundle: dict[str, Any]) -> None:
    parsed = Bundle.parse_obj(bundle)  # fhir.resources 6.1 = FHIR R4 4.0.1, validates fully
    assert parsed.type == "document"
    kinds = [e.resource.resource_type for e in parsed.entry]
    assert kinds[:3] == ["Composition", "Patient", "Practitioner"]
    # 6 pain zones, 4 trigger points, 2 tension ratings, NRS before and after treatment of
    # both sessions, 2 questionnaires
    assert kinds.count("Observation") == 18 and kinds[-1] == "DocumentReference"


def test_every_reference_resolves_inside_the_bundle(bundle: dict[str, Any]) -> None:
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(full_urls) == len(bundle["entry"])

    def references(value: Any) -> list[str]:
        if isinstance(value, dict):
            found = [value["reference"]] if "reference" in value else []
            return found + [r for v in value.values() for r in references(v)]
        if isinstance(value, list):
            return [r for v in value for r in references(v)]
        return []

    assert set(references(bundle)) <= full_urls


def test_pain_zones_are_loinc_nrs_with_snomed_site_and_side(bundle: dict[str, Any]) -> None:
    pains = [o for o in resources(bundle, "Observation")
             if o["code"]["coding"][0]["code"] == "72514-3" and "bodySite" in o]
    assert len(pains) == 6
    assert all(o["code"]["coding"][0]["system"] == "http://loinc.org" for o in pains)
    temple = next(o for o in pains if o["bodySite"]["text"] == "Left temple")
    assert temple["valueInteger"] == 6
    assert temple["bodySite"]["coding"] == [
        {"system": SNOMED, "code": "450721000", "display": "Temple region structure"}]
    (laterality,) = temple["bodySite"]["extension"]
    assert laterality["valueCodeableConcept"]["coding"][0]["code"] == "7771000"
    back = next(o for o in pains if o["bodySite"]["text"] == "Right low back")
    side = back["bodySite"]["extension"][0]["valueCodeableConcept"]["coding"][0]
    assert (side["system"], side["code"]) == (SNOMED, "24028007")
    assert back["category"][0]["coding"][0]["code"] == "exam"  # palpated, not reported
    assert temple["category"][0]["coding"][0]["code"] == "survey"


def test_trigger_points_carry_site_side_and_ppt_as_ucum(bundle: dict[str, Any]) -> None:
    points = [o for o in resources(bundle, "Observation")
              if o["code"]["coding"][0]["code"] == "trigger-point"]
    assert len(points) == 4
    trapezius = next(p for p in points if "Upper trapezius" in p["bodySite"]["text"])
    assert trapezius["bodySite"]["coding"][0]["code"] == "16982005"
    assert trapezius["bodySite"]["extension"][0]["valueCodeableConcept"]["coding"][0][
        "code"] == "7771000"
    ppt = next(c for c in trapezius["component"]
               if c["code"]["coding"][0]["code"] == "pressure-pain-threshold")
    assert ppt["valueQuantity"] == {"value": 2.5, "unit": "kg/cm2",
                                    "system": "http://unitsofmeasure.org", "code": "kg/cm2"}
    buttock = next(p for p in points if p["bodySite"]["text"] == "Right buttock")
    assert buttock["bodySite"]["coding"][0]["code"] == "46862004"
    assert buttock["bodySite"]["extension"][0]["valueCodeableConcept"]["coding"][0][
        "code"] == "24028007"


def test_signed_findings_are_final_and_drafts_preliminary(
    bundle: dict[str, Any], chart: Chart
) -> None:
    composition = resources(bundle, "Composition")[0]
    assert composition["status"] == "preliminary"  # one session is still a draft
    statuses = {o["status"] for o in resources(bundle, "Observation")}
    assert statuses == {"final", "preliminary"}


def test_session_pain_and_questionnaires_are_observations(bundle: dict[str, Any]) -> None:
    observations = resources(bundle, "Observation")
    overall = [(o["code"]["text"], o["valueInteger"]) for o in observations
               if o["code"]["coding"][0]["code"] == "72514-3" and "bodySite" not in o]
    assert ("Pain intensity (0-10), before treatment", 7) in overall
    assert ("Pain intensity (0-10), after treatment", 2) in overall
    ndi = next(o for o in observations if o["code"]["coding"][0]["code"] == "outcome-ndi")
    assert ndi["valueQuantity"] == {"value": 35.6, "unit": "%",
                                    "system": "http://unitsofmeasure.org", "code": "%"}
    sections = {s["title"]: s for s in resources(bundle, "Composition")[0]["section"]}
    assert len(sections["Outcome questionnaires"]["entry"]) == 2
    first = sections["Session 2024-05-01"]["text"]["div"]
    assert "Stiff neck &lt;&amp;&gt; 😖" in first and "Amendment (2024-05-02)" in first


def test_report_pdf_is_a_document_reference(bundle: dict[str, Any]) -> None:
    (reference,) = resources(bundle, "DocumentReference")
    attachment = reference["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert base64.b64decode(attachment["data"]) == FAKE_PDF
    composition = resources(bundle, "Composition")[0]
    sections = {s["title"]: s for s in composition["section"]}
    assert sections["Progress report (PDF)"]["entry"] == [
        {"reference": f"urn:uuid:{reference['id']}"}]


def test_names_and_text_are_escaped_in_narrative(bundle: dict[str, Any]) -> None:
    patient = resources(bundle, "Patient")[0]
    assert patient["name"][0]["family"] == "山田" and patient["name"][0]["given"] == ["Zoë"]
    assert patient["address"] == [{"text": "Flat 3 <&> 🙂 Rue de l'Église"}]
    for section in resources(bundle, "Composition")[0]["section"]:
        div = section["text"]["div"]
        assert div.startswith('<div xmlns="http://www.w3.org/1999/xhtml">')


def test_patient_without_sessions_still_gives_a_valid_bundle(source: Database) -> None:
    patient, _ = patients.create_patient(source, PatientInput("Ann", "Smith", "1980-01-01"))
    bundle = chart_bundle(chart_document(source, patient.uid), None)
    Bundle.parse_obj(bundle)
    composition = resources(bundle, "Composition")[0]
    assert composition["author"][0]["reference"].startswith("urn:uuid:")
    assert resources(bundle, "Device")


def test_export_writes_a_valid_bundle_with_the_real_report(
    source: Database, chart: Chart, tmp_path: Path
) -> None:
    # GIVEN the real physician report renderer
    path = tmp_path / "bundle.json"
    # WHEN the bundle is exported
    result = export_chart_fhir(source, chart.chart_number, path)
    # THEN it parses as FHIR R4, embeds a PDF, and the export is audited
    bundle = Bundle.parse_obj(json.loads(path.read_text("utf-8")))
    (document,) = [e.resource for e in bundle.entry
                   if e.resource.resource_type == "DocumentReference"]
    assert base64.b64decode(document.content[0].attachment.data).startswith(b"%PDF")
    (event,) = audit_events(source, "export")
    assert event.detail["format"] == "fhir" and event.detail["report_attached"] is True
    assert result.patient_uid == chart.patient_uid
    assert uuid.UUID(bundle.id)
