"""A chart as a FHIR R4 document Bundle for a referring physician's system.

Built from the chart document as plain dicts (no FHIR library at run time): a Composition
first, then the Patient, the Practitioners, one Observation per pain zone, trigger point and
tension rating, and the physician progress report PDF as a DocumentReference. Resources refer
to each other by ``urn:uuid:`` full URLs, as a document bundle must; record uids become the
resource ids so that a receiver can recognise the same finding in a later bundle.

Coding: pain intensity is LOINC 72514-3 (0-10 numeric rating); body sites are SNOMED CT body
structures from the atlas with the patient's side as a SNOMED CT laterality qualifier in the
``observation-structureLaterality`` extension; pressure pain thresholds are UCUM quantities.
Findings with no standard code (a trigger point, a tension grade) carry this app's own code
system and a plain-language text.
"""

from __future__ import annotations

import base64
import html
import uuid
from collections.abc import Iterator
from typing import Any

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.atlas.body_sites import SNOMED_SYSTEM, load_body_sites
from nmt_desktop.domain.outcomes import OutcomeMeasure
from nmt_desktop.domain.vocab import PainQuality, PainSource, PressureUnit
from nmt_desktop.services.exchange.chart_document import ChartDocument

LOINC_SYSTEM = "http://loinc.org"
UCUM_SYSTEM = "http://unitsofmeasure.org"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
LATERALITY_EXTENSION = "http://hl7.org/fhir/StructureDefinition/observation-structureLaterality"
FINDING_SYSTEM = "urn:nmt-desktop:fhir:findings"
CHART_NUMBER_SYSTEM = "urn:nmt-desktop:chart-number"
LICENCE_SYSTEM = "urn:nmt-desktop:licence-number"
UID_SYSTEM = "urn:ietf:rfc:3986"

PAIN_NRS = {"system": LOINC_SYSTEM, "code": "72514-3",
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"}
PROGRESS_NOTE = {"system": LOINC_SYSTEM, "code": "11506-3", "display": "Progress note"}
_XHTML = "http://www.w3.org/1999/xhtml"
_NAMESPACE = uuid.UUID("5b0f7a52-2a43-4d3e-9a53-7f1e3b1c8e10")


def _ref(resource_id: str) -> dict[str, str]:
    return {"reference": f"urn:uuid:{resource_id}"}


def _finding(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": FINDING_SYSTEM, "code": code, "display": display}],
            "text": display}


def _category(code: str) -> list[dict[str, Any]]:
    display = {"exam": "Exam", "survey": "Survey"}[code]
    return [{"coding": [{"system": CATEGORY_SYSTEM, "code": code, "display": display}]}]


def _narrative(*lines: str) -> dict[str, str]:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return {"status": "generated", "div": f'<div xmlns="{_XHTML}">{body or "<p/>"}</div>'}


def body_site(region_id: str, extra_text: str = "") -> dict[str, Any]:
    """SNOMED CT body structure of a region, with the patient's side as an extension."""
    region = load_atlas().regions[region_id]
    site = load_body_sites().for_region(region.type, region.side)
    text = region.display_name + (f" ({extra_text})" if extra_text else "")
    return {
        "extension": [{
            "url": LATERALITY_EXTENSION,
            "valueCodeableConcept": {"coding": [{"system": SNOMED_SYSTEM,
                                                 "code": site.laterality.code,
                                                 "display": site.laterality.display}]},
        }],
        "coding": [{"system": SNOMED_SYSTEM, "code": site.structure.code,
                    "display": site.structure.display}],
        "text": text,
    }


def _patient(record: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": record["uid"],
        "identifier": [{"system": CHART_NUMBER_SYSTEM, "value": record["chart_number"]},
                       {"system": UID_SYSTEM, "value": f"urn:uuid:{record['uid']}"}],
        "active": not record["archived"],
        "name": [{"use": "official", "family": record["family_name"],
                  "given": [record["given_name"]],
                  "text": f"{record['given_name']} {record['family_name']}"}],
        "birthDate": record["date_of_birth"],
    }
    telecom = [{"system": kind, "value": record[key]}
               for kind, key in (("phone", "phone"), ("email", "email")) if record[key]]
    if telecom:
        resource["telecom"] = telecom
    if record["address"]:
        resource["address"] = [{"text": record["address"]}]
    return resource


def _practitioner(record: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": record["uid"],
        "active": record["active"],
        "name": [{"text": record["full_name"]}],
    }
    if record["licence_number"]:
        resource["identifier"] = [{"system": LICENCE_SYSTEM, "value": record["licence_number"]}]
    if record["credentials"]:
        resource["qualification"] = [{"code": {"text": record["credentials"]}}]
    return resource


def _observation(session: dict[str, Any], patient_id: str, mark_uid: str) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": mark_uid,
        "status": "final" if session["status"] == "signed" else "preliminary",
        "subject": _ref(patient_id),
        "effectiveDateTime": session["started_at"],
        "performer": [_ref(session["therapist_uid"])],
    }


def _pain_zone(zone: dict[str, Any], session: dict[str, Any], patient_id: str) -> dict[str, Any]:
    resource = _observation(session, patient_id, zone["uid"])
    patient_reported = zone["source"] == PainSource.PATIENT_REPORT.value
    resource.update({
        "category": _category("survey" if patient_reported else "exam"),
        "code": {"coding": [PAIN_NRS], "text": "Pain intensity (0-10)"},
        "valueInteger": zone["nrs"],
        "bodySite": body_site(zone["region_id"]),
    })
    if zone["qualities"]:
        resource["component"] = [
            {"code": _finding("pain-quality", "Pain quality"),
             "valueCodeableConcept": {"text": PainQuality(q).label}}
            for q in zone["qualities"]
        ]
    return resource


_CRITERIA = (("taut_band", "Taut band"), ("hypersensitive_spot", "Hypersensitive spot"),
             ("nodule", "Palpable nodule"), ("referred_pain", "Referred pain"),
             ("pain_recognition", "Patient recognises the pain"), ("jump_sign", "Jump sign"),
             ("rom_restriction", "Restricted range of motion"), ("weakness", "Weakness"))


def _trigger_point(point: dict[str, Any], session: dict[str, Any],
                   patient_id: str) -> dict[str, Any]:
    resource = _observation(session, patient_id, point["uid"])
    muscle = load_atlas().muscles.get(point["muscle_id"] or "")
    status = point["status"]
    resource.update({
        "category": _category("exam"),
        "code": _finding("trigger-point", "Myofascial trigger point"),
        "valueCodeableConcept": _finding(f"trigger-point-{status}",
                                         f"{status.capitalize()} trigger point"),
        "bodySite": body_site(point["region_id"], muscle.name if muscle else ""),
    })
    components: list[dict[str, Any]] = []
    if point["tenderness_grade"] is not None:
        components.append({"code": _finding("tenderness-grade", "Tenderness grade (0-4)"),
                           "valueInteger": point["tenderness_grade"]})
    if point["ppt_value"] is not None and point["ppt_unit"]:
        unit = PressureUnit(point["ppt_unit"])
        components.append({"code": _finding("pressure-pain-threshold",
                                            "Pressure pain threshold"),
                           "valueQuantity": {"value": point["ppt_value"], "unit": unit.value,
                                             "system": UCUM_SYSTEM, "code": unit.ucum}})
    if point["post_treatment_grade"] is not None:
        components.append({"code": _finding("post-treatment-grade",
                                            "Tenderness grade after treatment (0-4)"),
                           "valueInteger": point["post_treatment_grade"]})
    components.extend({"code": _finding(name.replace("_", "-"), label), "valueBoolean": True}
                      for name, label in _CRITERIA if point[name])
    if components:
        resource["component"] = components
    if point["note"]:
        resource["note"] = [{"text": point["note"]}]
    return resource


def _tension(rating: dict[str, Any], session: dict[str, Any], patient_id: str) -> dict[str, Any]:
    resource = _observation(session, patient_id, rating["uid"])
    muscle = load_atlas().muscles.get(rating["muscle_id"] or "")
    resource.update({
        "category": _category("exam"),
        "code": _finding("tissue-tension", "Tissue tension grade (0-3)"),
        "valueInteger": rating["grade"],
        "bodySite": body_site(rating["region_id"], muscle.name if muscle else ""),
    })
    return resource


_NRS_MOMENTS = (("nrs_now", "before treatment"), ("nrs_after", "after treatment"),
                ("nrs_best", "at best since the last visit"),
                ("nrs_worst", "at worst since the last visit"))


def _session_pain(note: dict[str, Any], session: dict[str, Any],
                  patient_id: str) -> Iterator[dict[str, Any]]:
    """The patient's overall pain of the session (SOAP "S" and the rating after treatment)."""
    for name, moment in _NRS_MOMENTS:
        if note.get(name) is None:
            continue
        resource = _observation(session, patient_id,
                                str(uuid.uuid5(_NAMESPACE, f"{note['uid']}/{name}")))
        resource.update({
            "category": _category("survey"),
            "code": {"coding": [PAIN_NRS], "text": f"Pain intensity (0-10), {moment}"},
            "valueInteger": note[name],
        })
        yield resource


def _outcome(score: dict[str, Any], patient_id: str, sessions: dict[str, dict[str, Any]],
             therapist_ids: list[str]) -> dict[str, Any]:
    measure = OutcomeMeasure(score["measure"])
    session = sessions.get(score["session_uid"] or "")
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": score["uid"],
        "status": "final" if session is None or session["status"] == "signed"
        else "preliminary",
        "category": _category("survey"),
        "code": _finding(f"outcome-{measure.value}", measure.label),
        "subject": _ref(patient_id),
        "effectiveDateTime": score["taken_on"],
    }
    performer = session["therapist_uid"] if session else next(iter(therapist_ids), None)
    if performer:
        resource["performer"] = [_ref(performer)]
    if score["valid"] and score["score"] is not None:
        unit = "%" if measure.unit == "%" else "{score}"
        resource["valueQuantity"] = {"value": score["score"], "unit": measure.unit,
                                     "system": UCUM_SYSTEM, "code": unit}
    else:
        resource["dataAbsentReason"] = {"text": "Too many items unanswered to score"}
    return resource


def _session_observations(session: dict[str, Any], patient_id: str) -> Iterator[dict[str, Any]]:
    for note in session.get("notes", []):
        yield from _session_pain(note, session, patient_id)
    for zone in session["pain_zones"]:
        yield _pain_zone(zone, session, patient_id)
    for point in session["trigger_points"]:
        yield _trigger_point(point, session, patient_id)
    for rating in session["tension_ratings"]:
        yield _tension(rating, session, patient_id)


def _document_reference(doc_id: str, patient_id: str, author_ids: list[str], pdf: bytes,
                        created: str, title: str) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "id": doc_id,
        "status": "current",
        "type": {"coding": [PROGRESS_NOTE], "text": "Progress report to the physician"},
        "subject": _ref(patient_id),
        "date": created,
        "author": [_ref(a) for a in author_ids],
        "description": title,
        "content": [{"attachment": {"contentType": "application/pdf",
                                    "data": base64.b64encode(pdf).decode("ascii"),
                                    "title": title, "creation": created}}],
    }


_SOAP_LINES = (("chief_complaint", "Complaint"), ("assessment", "Assessment"),
               ("response_to_treatment", "Response"), ("plan", "Plan"),
               ("recommendation", "Recommendation"))


def _derived_id(document: ChartDocument, purpose: str) -> str:
    seed = f"{document['patient']['uid']}/{document['exported_at']}/{purpose}"
    return str(uuid.uuid5(_NAMESPACE, seed))


def chart_bundle(document: ChartDocument, report_pdf: bytes | None) -> dict[str, Any]:
    """The FHIR R4 document Bundle of a chart; the PDF is attached when one is given."""
    patient = document["patient"]
    patient_id = patient["uid"]
    sessions = document["sessions"]
    created = document["exported_at"]
    name = f"{patient['given_name']} {patient['family_name']}"
    authors = list(dict.fromkeys(s["therapist_uid"] for s in reversed(sessions))) or [
        t["uid"] for t in document["therapists"]]
    sections: list[dict[str, Any]] = []
    observations: list[dict[str, Any]] = []
    for session in sessions:
        found = list(_session_observations(session, patient_id))
        observations.extend(found)
        day = session["started_at"][:10]
        note = (session.get("notes") or [{}])[0]
        section: dict[str, Any] = {
            "title": f"Session {day}",
            "code": _finding("session", "Treatment session"),
            "text": _narrative(
                f"Session on {day}, {session['duration_minutes']} minutes, {session['status']}.",
                f"{len(session['pain_zones'])} pain zone(s), "
                f"{len(session['trigger_points'])} trigger point(s), "
                f"{len(session['tension_ratings'])} tension rating(s).",
                *(f"{label}: {note[key]}" for key, label in _SOAP_LINES if note.get(key)),
                *(f"Amendment ({a['written_at'][:10]}): {a['reason']}: {a['text']}"
                  for a in session.get("amendments", []))),
        }
        if found:
            section["entry"] = [_ref(o["id"]) for o in found]
        sections.append(section)
    by_uid = {s["uid"]: s for s in sessions}
    scores = [_outcome(o, patient_id, by_uid, authors)
              for o in document.get("outcome_scores", [])]
    if scores:
        observations.extend(scores)
        sections.append({"title": "Outcome questionnaires",
                         "code": _finding("outcomes", "Outcome questionnaires"),
                         "text": _narrative(*(
                             f"{o['code']['text']} on {o['effectiveDateTime']}: "
                             + (f"{o['valueQuantity']['value']} {o['valueQuantity']['unit']}"
                                if "valueQuantity" in o else "not scored")
                             for o in scores)),
                         "entry": [_ref(o["id"]) for o in scores]})
    extra: list[dict[str, Any]] = []
    if not authors:
        # Composition needs an author; with no therapist on the chart yet, the app signs it.
        app = {"resourceType": "Device", "id": _derived_id(document, "device"),
               "deviceName": [{"name": "NMT Desktop", "type": "user-friendly-name"}],
               "version": [{"value": document["app_version"]}]}
        extra.insert(0, app)
        authors = [app["id"]]
    title = f"Neuromuscular therapy progress report: {name}"
    if report_pdf is not None:
        doc_id = _derived_id(document, "physician-report")
        extra.append(_document_reference(doc_id, patient_id, authors[:1], report_pdf, created,
                                         title))
        sections.append({"title": "Progress report (PDF)", "code": {"coding": [PROGRESS_NOTE]},
                         "text": _narrative("The physician progress report, as printed."),
                         "entry": [_ref(doc_id)]})
    if not sections:
        sections.append({"title": "Sessions", "text": _narrative("No sessions recorded yet.")})
    all_signed = bool(sessions) and all(s["status"] == "signed" for s in sessions)
    composition = {
        "resourceType": "Composition",
        "id": _derived_id(document, "composition"),
        "status": "final" if all_signed else "preliminary",
        "type": {"coding": [PROGRESS_NOTE]},
        "subject": _ref(patient_id),
        "date": created,
        "author": [_ref(a) for a in authors],
        "title": title,
        "section": sections,
    }
    resources = [composition, _patient(patient),
                 *(_practitioner(t) for t in document["therapists"]), *observations, *extra]
    return {
        "resourceType": "Bundle",
        "id": _derived_id(document, "bundle"),
        "identifier": {"system": UID_SYSTEM,
                       "value": f"urn:uuid:{_derived_id(document, 'bundle')}"},
        "type": "document",
        "timestamp": created,
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
