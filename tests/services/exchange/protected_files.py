"""Helpers for protected chart files: a signed-in owner/therapist, the secrets of a chart."""

from __future__ import annotations

import datetime as dt
import uuid

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import AuthMethod, Role, SignedInPerson
from tests.services.exchange.charts import AWKWARD_NOTE

#: Text of make_chart() that must never be readable in an encrypted file.
CHART_SECRETS = ("Zoë", "山田", "Tom & Jerry", "second visit", "Rue de l'Église", "555-0100",
                 AWKWARD_NOTE)
PASSWORD = "correct horse battery"


def as_person(db: Database, role: Role = Role.OWNER) -> Database:
    """`db` with someone of `role` signed in (the accounts core signs tests in as an owner)."""
    return db.signed_in_as(SignedInPerson(
        account_uid=uuid.uuid4(), user_name=role.value, display_name=f"Test {role.label}",
        role=role, therapist_uid=None, authenticated_by=AuthMethod.SYSTEM,
        authenticated_at=dt.datetime.now(dt.UTC)))


def readable_secrets(content: bytes) -> list[str]:
    """The chart's names and notes found in `content` as UTF-8 or JSON-escaped text."""
    found = []
    for text in CHART_SECRETS:
        escaped = text.encode("ascii", "backslashreplace").decode()
        if text.encode() in content or escaped.encode() in content:
            found.append(text)
    return found
