"""The database handle and its open-time vocabulary, as the window sees them.

The UI may not import `nmt_desktop.db` (an import-linter contract); what it needs to open a file,
hold the handle and explain a failed write is re-exported here, so the layers read
ui -> services -> db. Nothing here loads SQLAlchemy: the window paints before the engine exists.
"""

from __future__ import annotations

from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import DatabaseRefusedError, EmptyDatabaseFileError
from nmt_desktop.db.preflight import folder_problem, sqlite_path
from nmt_desktop.db.write_failures import WriteFailure, classify_write_failure

__all__ = [
    "Database",
    "DatabaseRefusedError",
    "EmptyDatabaseFileError",
    "WriteFailure",
    "classify_write_failure",
    "folder_problem",
    "sqlite_path",
]
