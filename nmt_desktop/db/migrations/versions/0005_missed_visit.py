"""cancelled and missed visits of a patient (physician report, clinical-spec §5.7)

Revision ID: 0005
Revises: 0004

A cancelled or missed visit belongs to the patient (no session took place), so it is not a
part of a session and needs no signed-session guard.
Create Date: 2026-12-02 03:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "missed_visit",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "cancelled_by_patient",
                "cancelled_by_clinic",
                "no_show",
                name="missed_visit_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_missed_visit_patient_id_patient"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missed_visit")),
        sa.UniqueConstraint("uid", name=op.f("uq_missed_visit_uid")),
    )
    with op.batch_alter_table("missed_visit", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_missed_visit_patient_id"), ["patient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("missed_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missed_visit_patient_id"))
    op.drop_table("missed_visit")
