"""Format 2 carries the per-visit today check and clearance end dates; format 1 still reads."""

from __future__ import annotations

import copy
import datetime as dt
import json

from nmt_desktop.db.database import Database
from nmt_desktop.domain.screening_today import full_today_check
from nmt_desktop.services import intake, screening, sessions
from nmt_desktop.services.exchange import chart_document, chart_json, import_chart
from tests.people import as_therapist
from tests.services.exchange.charts import make_chart


def test_today_check_and_clearance_end_date_round_trip(source: Database,
                                                       any_db: Database) -> None:
    chart = make_chart(source)
    record, _ = intake.start_intake(source, chart.patient_uid, dt.date(2026, 1, 5))
    intake.set_screening_answer(source, record.uid, "unstable_cardiac", True)
    intake.record_clearance(source, record.uid, "unstable_cardiac", "Dr. Okafor",
                            dt.date(2026, 1, 4), valid_until=dt.date(2099, 1, 1))
    check = full_today_check(["medications_masking"], new_health="New statin")
    started, _ = sessions.start_session(as_therapist(source, chart.therapist_uid),
                                        chart.patient_uid,
                                        today_check=check)
    document = chart_document(source, chart.chart_number)
    assert document["format_version"] == 3  # 3 since the missed visits (schema 0005)
    import_chart(any_db, chart_json(document))
    assert screening.session_today_check(any_db, started.uid) == check
    imported = intake.current_intake(any_db, chart.patient_uid)
    assert imported is not None
    original = intake.current_intake(source, chart.patient_uid)
    assert original is not None
    assert [(c.item_id, c.valid_until) for c in imported.clearances] == [
        (c.item_id, c.valid_until) for c in original.clearances]
    assert ("unstable_cardiac", dt.date(2099, 1, 1)) in [
        (c.item_id, c.valid_until) for c in imported.clearances]


def test_a_format_1_file_without_the_new_fields_still_imports(source: Database,
                                                              any_db: Database) -> None:
    chart = make_chart(source)
    record, _ = intake.start_intake(source, chart.patient_uid, dt.date(2026, 1, 5))
    intake.set_screening_answer(source, record.uid, "unstable_cardiac", True)
    intake.record_clearance(source, record.uid, "unstable_cardiac", "Dr. Okafor",
                            dt.date(2026, 1, 4))
    document = copy.deepcopy(json.loads(chart_json(chart_document(source, chart.chart_number))))
    document["format_version"] = 1
    for session in document["sessions"]:
        session.pop("today_check")
    for version in document["intakes"]:
        for clearance in version["clearances"]:
            clearance.pop("valid_until")
    import_chart(any_db, json.dumps(document).encode())
    imported = intake.current_intake(any_db, chart.patient_uid)
    assert imported is not None
    assert [c.valid_until for c in imported.clearances] == [None] * len(imported.clearances)
    assert "unstable_cardiac" in [c.item_id for c in imported.clearances]
