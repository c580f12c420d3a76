"""Format 3 carries the patient's missed visits; files of formats 1 and 2 still read."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from nmt_desktop.db.database import Database
from nmt_desktop.domain.vocab import MissedVisitKind
from nmt_desktop.services.exchange import (
    ChartFileRefusedError,
    chart_document,
    chart_json,
    import_chart,
)
from nmt_desktop.services.missed_visits import list_missed_visits, record_missed_visit
from tests.services.exchange.charts import make_chart


def _document(source: Database) -> tuple[Any, dict[str, Any]]:
    chart = make_chart(source)
    record_missed_visit(source, chart.patient_uid, dt.date(2026, 1, 12),
                        MissedVisitKind.CANCELLED_BY_PATIENT, reason="Snow <&> ice")
    record_missed_visit(source, chart.patient_uid, dt.date(2026, 1, 19),
                        MissedVisitKind.NO_SHOW)
    return chart, json.loads(chart_json(chart_document(source, chart.chart_number)))


def test_missed_visits_round_trip(source: Database, any_db: Database) -> None:
    chart, document = _document(source)
    assert document["format_version"] == 3
    assert [m["kind"] for m in document["missed_visits"]] == ["cancelled_by_patient", "no_show"]
    first = import_chart(any_db, json.dumps(document).encode())
    assert first.created["missed_visits"] == 2
    assert list_missed_visits(any_db, chart.patient_uid) == list_missed_visits(
        source, chart.patient_uid)
    # A second import of the same file changes nothing
    again = import_chart(any_db, json.dumps(document).encode())
    assert again.created.get("missed_visits", 0) == 0
    assert again.unchanged["missed_visits"] == 2
    assert len(list_missed_visits(any_db, chart.patient_uid)) == 2


def test_a_format_2_file_has_no_missed_visits(source: Database, any_db: Database) -> None:
    chart, document = _document(source)
    document["format_version"] = 2
    document.pop("missed_visits")
    import_chart(any_db, json.dumps(document).encode())
    assert list_missed_visits(any_db, chart.patient_uid) == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("missed_visits"), "missing missed_visits"),
    (lambda d: d["missed_visits"][0].update(kind="forgot"), "missed_visits[0].kind"),
    (lambda d: d["missed_visits"][1].update(on_date="2999-01-01"), "no-show cannot be dated"),
    (lambda d: d["missed_visits"][0].update(reason="x" * 501), "missed_visits[0].reason"),
])
def test_bad_missed_visits_refuse_the_file(source: Database, any_db: Database,
                                           change: Any, message: str) -> None:
    _, document = _document(source)
    change(document)
    with pytest.raises(ChartFileRefusedError) as refused:
        import_chart(any_db, json.dumps(document).encode())
    assert message in str(refused.value)
