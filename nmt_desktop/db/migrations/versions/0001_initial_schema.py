"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 08:17:18.472966
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_uid", sa.Uuid(), nullable=True),
        sa.Column("patient_uid", sa.Uuid(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_event_patient_uid", ["patient_uid", "occurred_at"], unique=False
        )

    op.create_table(
        "patient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column(
            "chart_number",
            sa.String(length=20).with_variant(sa.String(length=20, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("given_name", sa.String(length=100), nullable=False),
        sa.Column("family_name", sa.String(length=100), nullable=False),
        sa.Column(
            "given_key",
            sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "family_key",
            sa.String(length=100).with_variant(sa.String(length=100, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("referring_physician", sa.String(length=200), nullable=False),
        sa.Column("referral_reason", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient")),
        sa.UniqueConstraint("chart_number", name=op.f("uq_patient_chart_number")),
        sa.UniqueConstraint("uid", name=op.f("uq_patient_uid")),
    )
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.create_index("ix_patient_date_of_birth", ["date_of_birth"], unique=False)
        batch_op.create_index("ix_patient_family_key", ["family_key"], unique=False)
        batch_op.create_index("ix_patient_given_key", ["given_key"], unique=False)

    op.create_table(
        "therapist",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("credentials", sa.String(length=120), nullable=False),
        sa.Column("licence_number", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_therapist")),
        sa.UniqueConstraint("uid", name=op.f("uq_therapist_uid")),
    )
    op.create_table(
        "treatment_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "signed",
                name="session_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("atlas_version", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_treatment_session_patient_id_patient"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_treatment_session_therapist_id_therapist"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_session")),
        sa.UniqueConstraint("uid", name=op.f("uq_treatment_session_uid")),
    )
    with op.batch_alter_table("treatment_session", schema=None) as batch_op:
        batch_op.create_index(
            "ix_treatment_session_patient_started", ["patient_id", "started_at"], unique=False
        )

    op.create_table(
        "pain_zone",
        sa.Column("region_id", sa.String(length=40), nullable=False),
        sa.Column("nrs", sa.Integer(), nullable=False),
        sa.Column("qualities", sa.JSON(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "patient_report",
                "therapist_palpation",
                name="pain_source",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_pain_zone_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pain_zone")),
        sa.UniqueConstraint("session_id", "region_id", name="session_region"),
        sa.UniqueConstraint("uid", name=op.f("uq_pain_zone_uid")),
    )
    with op.batch_alter_table("pain_zone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pain_zone_session_id"), ["session_id"], unique=False)

    op.create_table(
        "tension_rating",
        sa.Column("region_id", sa.String(length=40), nullable=False),
        sa.Column("muscle_id", sa.String(length=40), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "left", "right", name="side", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("texture_tags", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_tension_rating_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tension_rating")),
        sa.UniqueConstraint("uid", name=op.f("uq_tension_rating_uid")),
    )
    with op.batch_alter_table("tension_rating", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tension_rating_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "trigger_point",
        sa.Column(
            "view",
            sa.Enum(
                "anterior",
                "posterior",
                name="view",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("x", sa.Float(), nullable=False),
        sa.Column("y", sa.Float(), nullable=False),
        sa.Column("region_id", sa.String(length=40), nullable=False),
        sa.Column("muscle_id", sa.String(length=40), nullable=True),
        sa.Column(
            "side",
            sa.Enum(
                "left", "right", name="side", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "latent",
                "undetermined",
                name="trigger_point_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("taut_band", sa.Boolean(), nullable=False),
        sa.Column("hypersensitive_spot", sa.Boolean(), nullable=False),
        sa.Column("nodule", sa.Boolean(), nullable=False),
        sa.Column("referred_pain", sa.Boolean(), nullable=False),
        sa.Column("referral_regions", sa.JSON(), nullable=False),
        sa.Column("pain_recognition", sa.Boolean(), nullable=False),
        sa.Column(
            "local_twitch",
            sa.Enum(
                "none",
                "palpable",
                "visible",
                name="local_twitch",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("jump_sign", sa.Boolean(), nullable=False),
        sa.Column("tenderness_grade", sa.Integer(), nullable=True),
        sa.Column("ppt_value", sa.Float(), nullable=True),
        sa.Column(
            "ppt_unit",
            sa.Enum(
                "kg/cm2",
                "kPa",
                "N/cm2",
                "lb/cm2",
                name="ppt_unit",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("rom_restriction", sa.Boolean(), nullable=False),
        sa.Column("weakness", sa.Boolean(), nullable=False),
        sa.Column(
            "key_or_satellite",
            sa.Enum(
                "key",
                "satellite",
                "unknown",
                name="key_or_satellite",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("techniques", sa.JSON(), nullable=False),
        sa.Column("post_treatment_grade", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_trigger_point_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trigger_point")),
        sa.UniqueConstraint("uid", name=op.f("uq_trigger_point_uid")),
    )
    with op.batch_alter_table("trigger_point", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_trigger_point_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("trigger_point", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trigger_point_session_id"))

    op.drop_table("trigger_point")
    with op.batch_alter_table("tension_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tension_rating_session_id"))

    op.drop_table("tension_rating")
    with op.batch_alter_table("pain_zone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pain_zone_session_id"))

    op.drop_table("pain_zone")
    with op.batch_alter_table("treatment_session", schema=None) as batch_op:
        batch_op.drop_index("ix_treatment_session_patient_started")

    op.drop_table("treatment_session")
    op.drop_table("therapist")
    with op.batch_alter_table("patient", schema=None) as batch_op:
        batch_op.drop_index("ix_patient_given_key")
        batch_op.drop_index("ix_patient_family_key")
        batch_op.drop_index("ix_patient_date_of_birth")

    op.drop_table("patient")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_patient_uid")

    op.drop_table("audit_event")
