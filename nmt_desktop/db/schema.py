"""The schema revisions this version of the app knows, oldest first.

Kept as plain data so that checking an up-to-date database never imports Alembic; a test
asserts that it matches the migration scripts.
"""

from __future__ import annotations

KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006",
                                     "0007", "0008")
SCHEMA_HEAD = KNOWN_REVISIONS[-1]
