"""Writing an edit onto a stored row: only the fields whose value really changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def apply_field_changes(row: object, clean: Mapping[str, Any]) -> list[str]:
    """Set each checked value that differs from the row's; the changed names, sorted.

    Autosave sends fields that often did not change, and the audit event names only the
    fields that did (none means no event).
    """
    changed = sorted(name for name, value in clean.items() if getattr(row, name) != value)
    for name in changed:
        setattr(row, name, clean[name])
    return changed
