"""Moving charts out of and into the app: JSON chart files, CSV tables, FHIR R4 bundles.

    export_chart_json(db, "1001", Path("chart.json"), actor)
    export_chart_json(db, "1001", Path("chart.json.age"), actor,
                      ChartProtection.for_clinic("age1…"))  # or .with_password(…)
    import_chart(db, Path("chart.json").read_bytes(), actor)
    import_chart(db, Path("chart.json.age").read_bytes(), actor, password=None)

The JSON chart file is the one format that can be imported again; its layout is described
once in `layout.py` and documented in docs/export-format.md. It can leave the laptop encrypted
with age (`protection.py`): for the receiving clinic's exchange key (`clinic_key.py`) or with
a password.
"""

from nmt_desktop.services.exchange.chart_file import (
    ChartFileRefusedError,
    parse_chart_file,
    read_chart_file,
)
from nmt_desktop.services.exchange.chart_import import (
    ChartNumberTakenError,
    ImportReport,
    KeptSignedSession,
    import_chart,
)
from nmt_desktop.services.exchange.clinic_key import (
    clinic_exchange_key,
    create_clinic_exchange_key,
)
from nmt_desktop.services.exchange.exports import (
    ExportResult,
    chart_document,
    chart_json,
    export_chart_csv,
    export_chart_fhir,
    export_chart_json,
    physician_report_pdf,
)
from nmt_desktop.services.exchange.layout import FORMAT_NAME, FORMAT_VERSION
from nmt_desktop.services.exchange.protection import (
    MIN_PASSWORD_LENGTH,
    ChartPasswordNeededError,
    ChartProtection,
    Protection,
    WrongChartPasswordError,
    check_exchange_key,
    check_new_password,
    file_protection,
)

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "ChartPasswordNeededError",
    "ChartProtection",
    "Protection",
    "WrongChartPasswordError",
    "check_exchange_key",
    "check_new_password",
    "clinic_exchange_key",
    "create_clinic_exchange_key",
    "file_protection",
    "read_chart_file",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "ChartFileRefusedError",
    "ChartNumberTakenError",
    "ExportResult",
    "ImportReport",
    "KeptSignedSession",
    "chart_document",
    "chart_json",
    "export_chart_csv",
    "export_chart_fhir",
    "export_chart_json",
    "import_chart",
    "parse_chart_file",
    "physician_report_pdf",
]
