"""clinical record: intake, screening, SOAP notes, outcomes, amendments, clinic settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clinic_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=120), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("disabled_techniques", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinic_settings")),
    )
    op.create_table(
        "intake",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("presenting_complaint", sa.Text(), nullable=False),
        sa.Column("history", sa.Text(), nullable=False),
        sa.Column("medications", sa.Text(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("consent_scope", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_intake_patient_id_patient"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake")),
        sa.UniqueConstraint("patient_id", "version", name="patient_version"),
        sa.UniqueConstraint("uid", name=op.f("uq_intake_uid")),
    )
    op.create_table(
        "amendment",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_amendment_session_id_treatment_session"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
            name=op.f("fk_amendment_therapist_id_therapist"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment")),
        sa.UniqueConstraint("uid", name=op.f("uq_amendment_uid")),
    )
    with op.batch_alter_table("amendment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_amendment_session_id"), ["session_id"], unique=False)

    op.create_table(
        "goal",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("intake_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("retired_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intake_id"], ["intake.id"], name=op.f("fk_goal_intake_id_intake"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_goal_patient_id_patient"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
        sa.UniqueConstraint("uid", name=op.f("uq_goal_uid")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "home_care_prescription",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("dose", sa.String(length=200), nullable=False),
        sa.Column("frequency", sa.String(length=200), nullable=False),
        sa.Column("progression", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("copied", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_home_care_prescription_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_care_prescription")),
        sa.UniqueConstraint("uid", name=op.f("uq_home_care_prescription_uid")),
    )
    with op.batch_alter_table("home_care_prescription", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_home_care_prescription_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "medical_clearance",
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=60), nullable=False),
        sa.Column("cleared_by", sa.String(length=200), nullable=False),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intake_id"],
            ["intake.id"],
            name=op.f("fk_medical_clearance_intake_id_intake"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medical_clearance")),
        sa.UniqueConstraint("uid", name=op.f("uq_medical_clearance_uid")),
    )
    with op.batch_alter_table("medical_clearance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medical_clearance_intake_id"), ["intake_id"], unique=False
        )

    op.create_table(
        "outcome_score",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column(
            "measure",
            sa.Enum(
                "ndi",
                "odi",
                "psfs",
                name="outcome_measure",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patient.id"],
            name=op.f("fk_outcome_score_patient_id_patient"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_outcome_score_session_id_treatment_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome_score")),
        sa.UniqueConstraint("uid", name=op.f("uq_outcome_score_uid")),
    )
    with op.batch_alter_table("outcome_score", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outcome_score_patient_taken", ["patient_id", "taken_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outcome_score_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "posture_observation",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.String(length=40), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "left",
                "right",
                "bilateral",
                name="posture_side",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column(
            "severity",
            sa.Enum(
                "mild",
                "moderate",
                "marked",
                name="posture_severity",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("copied", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_posture_observation_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posture_observation")),
        sa.UniqueConstraint("uid", name=op.f("uq_posture_observation_uid")),
    )
    with op.batch_alter_table("posture_observation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_posture_observation_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("red_flag_ids", sa.JSON(), nullable=False),
        sa.Column("contacted", sa.String(length=200), nullable=False),
        sa.Column("contacted_at", sa.DateTime(), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intake_id"],
            ["intake.id"],
            name=op.f("fk_referral_intake_id_intake"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_referral_session_id_treatment_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("uid", name=op.f("uq_referral_uid")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_intake_id"), ["intake_id"], unique=False)

    op.create_table(
        "rom_measure",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("joint", sa.String(length=40), nullable=False),
        sa.Column("movement", sa.String(length=40), nullable=False),
        sa.Column(
            "side",
            sa.Enum(
                "left", "right", name="side", native_enum=False, create_constraint=True, length=24
            ),
            nullable=True,
        ),
        sa.Column("degrees", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_rom_measure_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rom_measure")),
        sa.UniqueConstraint("uid", name=op.f("uq_rom_measure_uid")),
    )
    with op.batch_alter_table("rom_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rom_measure_session_id"), ["session_id"], unique=False)

    op.create_table(
        "screening_answer",
        sa.Column("intake_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=60), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("region_ids", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["intake_id"],
            ["intake.id"],
            name=op.f("fk_screening_answer_intake_id_intake"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_answer")),
        sa.UniqueConstraint("intake_id", "item_id", name="intake_item"),
        sa.UniqueConstraint("uid", name=op.f("uq_screening_answer_uid")),
    )
    op.create_table(
        "session_note",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("chief_complaint", sa.Text(), nullable=False),
        sa.Column("nrs_now", sa.Integer(), nullable=True),
        sa.Column("nrs_best", sa.Integer(), nullable=True),
        sa.Column("nrs_worst", sa.Integer(), nullable=True),
        sa.Column("aggravating_factors", sa.Text(), nullable=False),
        sa.Column("easing_factors", sa.Text(), nullable=False),
        sa.Column("sleep", sa.Text(), nullable=False),
        sa.Column("psfs_activities", sa.Text(), nullable=False),
        sa.Column("observations", sa.Text(), nullable=False),
        sa.Column("assessment", sa.Text(), nullable=False),
        sa.Column("response_to_treatment", sa.Text(), nullable=False),
        sa.Column("techniques", sa.JSON(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("frequency", sa.Text(), nullable=False),
        sa.Column("next_visit", sa.Date(), nullable=True),
        sa.Column("reassessment_date", sa.Date(), nullable=True),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("questions_for_physician", sa.Text(), nullable=False),
        sa.Column("nrs_after", sa.Integer(), nullable=True),
        sa.Column("aftercare_advice", sa.Text(), nullable=False),
        sa.Column("copied_fields", sa.JSON(), nullable=False),
        sa.Column("copied_mark_uids", sa.JSON(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_session_note_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_note")),
        sa.UniqueConstraint("session_id", name=op.f("uq_session_note_session_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_session_note_uid")),
    )
    op.create_table(
        "goal_progress",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "met",
                "partly_met",
                "not_met",
                name="goal_progress_status",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goal.id"],
            name=op.f("fk_goal_progress_goal_id_goal"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["treatment_session.id"],
            name=op.f("fk_goal_progress_session_id_treatment_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_progress")),
        sa.UniqueConstraint("session_id", "goal_id", name="session_goal"),
        sa.UniqueConstraint("uid", name=op.f("uq_goal_progress_uid")),
    )
    with op.batch_alter_table("goal_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_progress_goal_id"), ["goal_id"], unique=False)

    with op.batch_alter_table("treatment_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("signed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("copied_from_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_treatment_session_copied_from_id_treatment_session"),
            "treatment_session",
            ["copied_from_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_treatment_session_signed_by_id_therapist"),
            "therapist",
            ["signed_by_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("treatment_session", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_treatment_session_signed_by_id_therapist"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_treatment_session_copied_from_id_treatment_session"), type_="foreignkey"
        )
        batch_op.drop_column("copied_from_id")
        batch_op.drop_column("signed_by_id")

    with op.batch_alter_table("goal_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_progress_goal_id"))

    op.drop_table("goal_progress")
    op.drop_table("session_note")
    op.drop_table("screening_answer")
    with op.batch_alter_table("rom_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rom_measure_session_id"))

    op.drop_table("rom_measure")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_intake_id"))

    op.drop_table("referral")
    with op.batch_alter_table("posture_observation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posture_observation_session_id"))

    op.drop_table("posture_observation")
    with op.batch_alter_table("outcome_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_score_session_id"))
        batch_op.drop_index("ix_outcome_score_patient_taken")

    op.drop_table("outcome_score")
    with op.batch_alter_table("medical_clearance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medical_clearance_intake_id"))

    op.drop_table("medical_clearance")
    with op.batch_alter_table("home_care_prescription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_home_care_prescription_session_id"))

    op.drop_table("home_care_prescription")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_patient_id"))

    op.drop_table("goal")
    with op.batch_alter_table("amendment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_amendment_session_id"))

    op.drop_table("amendment")
    op.drop_table("intake")
    op.drop_table("clinic_settings")
