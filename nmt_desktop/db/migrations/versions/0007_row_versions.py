"""row versions: a change counter on every record edited in place (no lost update)

Revision ID: 0007
Revises: 0006

Two laptops on one clinic server may edit the same draft. Each record that services change in
place gets `row_version` (SQLAlchemy's version counter, db/base.py `Versioned`): a save made
from an older version is refused instead of silently overwriting the other laptop's change.
Existing rows start at 1. The columns are added with plain ALTER TABLE ADD COLUMN and a server
default, never a batch table copy: on SQLite a copy would drop the signed-session guards
(triggers of revisions 0003 and 0004) on the session parts.
Create Date: 2026-12-02 06:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: The tables whose rows services edit in place (apply_field_changes, update_* use cases).
VERSIONED_TABLES = ("therapist", "patient", "trigger_point", "clinic_settings", "intake", "goal",
                    "session_note", "posture_observation", "goal_progress",
                    "home_care_prescription", "outcome_score", "account")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("row_version", sa.Integer(), nullable=False,
                                       server_default="1"))


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        op.drop_column(table, "row_version")
