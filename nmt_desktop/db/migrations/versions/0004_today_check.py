"""today check at every session start, clearance end dates (clinical-spec §4.2, §4.3)

Revision ID: 0004
Revises: 0003

The today check is part of its session: once the session is signed, the database refuses to
change or delete it (the guards of 0003).
Create Date: 2026-12-02 02:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from nmt_desktop.db.migrations.signed_guards import create_part_guards, drop_part_guards

#: Added to the session parts that 0003 guards.
SIGNED_SESSION_PARTS: tuple[tuple[str, str], ...] = (("today_check", "session_id"),)

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "today_check",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("asked_item_ids", sa.JSON(), nullable=False),
        sa.Column("present_item_ids", sa.JSON(), nullable=False),
        sa.Column("new_health", sa.Text(), nullable=False),
        sa.Column("not_done_reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_today_check_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_today_check")),
        sa.UniqueConstraint("session_id", name=op.f("uq_today_check_session_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_today_check_uid")),
    )
    for table, column in SIGNED_SESSION_PARTS:
        create_part_guards(table, column)
    # A plain nullable column: no table rebuild on SQLite, existing clearances keep no end date.
    op.add_column("medical_clearance", sa.Column("valid_until", sa.Date(), nullable=True))


def downgrade() -> None:
    for table, _ in SIGNED_SESSION_PARTS:
        drop_part_guards(table)
    with op.batch_alter_table("medical_clearance") as batch:
        batch.drop_column("valid_until")
    op.drop_table("today_check")
