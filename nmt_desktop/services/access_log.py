"""The audit of access: who opened a chart, looked at a report, printed, locked the screen.

One event per action of the person (the window calls this once when a chart is opened, never
per repaint). Changes, exports, imports and sign-ins record their own events in their services.
"""

from __future__ import annotations

import enum
import uuid
from typing import Any

from nmt_desktop.db.database import Database
from nmt_desktop.services._uow.account_rows import record_person_event


class AccessAction(enum.StrEnum):
    CHART_OPENED = "open_chart"
    REPORT_PREVIEWED = "preview_report"
    PRINTED = "print"
    PDF_SAVED = "save_pdf"
    LOCKED = "lock"
    UNLOCKED = "unlock"
    SIGNED_OUT = "sign_out"


_ENTITY = {AccessAction.CHART_OPENED: "patient", AccessAction.REPORT_PREVIEWED: "report",
           AccessAction.PRINTED: "report", AccessAction.PDF_SAVED: "report"}


def record_access(db: Database, action: AccessAction, patient_uid: uuid.UUID | None,
                  entity_uid: uuid.UUID | None = None, **detail: Any) -> None:
    """Write one access event for the signed-in person, in its own transaction."""
    person = db.person  # anyone signed in may leave a trace of what they looked at
    action = AccessAction(action)
    if action is AccessAction.CHART_OPENED and entity_uid is None:
        entity_uid = patient_uid
    with db.transaction() as orm:
        # Locking, unlocking and signing out concern the window, not a record.
        record_person_event(orm, person, action.value, _ENTITY.get(action, "window"),
                            entity_uid, patient_uid, **detail)
