"""Helpers for protected chart files: the text of a chart that must not show when encrypted."""

from __future__ import annotations

from tests.services.exchange.charts import AWKWARD_NOTE

#: Text of make_chart() that must never be readable in an encrypted file.
CHART_SECRETS = ("Zoë", "山田", "Tom & Jerry", "second visit", "Rue de l'Église", "555-0100",
                 AWKWARD_NOTE)
PASSWORD = "correct horse battery"


def readable_secrets(content: bytes) -> list[str]:
    """The chart's names and notes found in `content` as UTF-8 or JSON-escaped text."""
    found = []
    for text in CHART_SECRETS:
        escaped = text.encode("ascii", "backslashreplace").decode()
        if text.encode() in content or escaped.encode() in content:
            found.append(text)
    return found
