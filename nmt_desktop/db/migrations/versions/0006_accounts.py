"""accounts, charts shared with one person, re-authenticated signatures, and the clinic's
access and backup settings

Revision ID: 0006
Revises: 0005

Every therapist profile becomes an account without a password; the earliest-created one becomes
the owner, who sets the first password (and gets the recovery code) at the next start and then
temporary passwords for the others. Columns are added with plain ALTER TABLE (no batch copy):
on SQLite a batch copy of `audit_event` would drop its append-only triggers.
Create Date: 2026-12-02 05:50:00.000000
"""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_ROLES = ("owner", "therapist", "front_desk")

def _settings_columns() -> tuple[sa.Column[object], ...]:
    return (
        sa.Column("lock_after_minutes", sa.Integer(), nullable=False, server_default="5"),
        sa.Column("backup_folder", sa.Text(), nullable=False, server_default=""),
        sa.Column("backup_keep_daily", sa.Integer(), nullable=False, server_default="12"),
        sa.Column("backup_keep_weekly", sa.Integer(), nullable=False, server_default="10"),
        sa.Column("backup_keep_monthly", sa.Integer(), nullable=False, server_default="9"),
        sa.Column("chart_visibility", sa.String(length=8), nullable=False, server_default="all"),
        sa.Column("exchange_identity", sa.Text(), nullable=True),
        sa.Column("exchange_recipient", sa.String(length=100), nullable=True),
    )


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("user_name", sa.String(length=60), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.Enum(*_ROLES, name="account_role", native_enum=False,
                                  create_constraint=True, length=24), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=True),
        sa.Column("server_login", sa.String(length=63), nullable=True),
        sa.Column("recovery_code_hash", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["therapist_id"], ["therapist.id"],
                                name=op.f("fk_account_therapist_id_therapist"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("uid", name=op.f("uq_account_uid")),
        sa.UniqueConstraint("user_name", name=op.f("uq_account_user_name")),
        sa.UniqueConstraint("therapist_id", name=op.f("uq_account_therapist_id")),
        sa.UniqueConstraint("server_login", name=op.f("uq_account_server_login")),
    )
    op.create_table(
        "chart_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patient.id"],
                                name=op.f("fk_chart_share_patient_id_patient"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"],
                                name=op.f("fk_chart_share_account_id_account"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chart_share")),
        sa.UniqueConstraint("patient_id", "account_id",
                            name="patient_account"),
    )
    op.create_index(op.f("ix_chart_share_patient_id"), "chart_share", ["patient_id"])
    op.create_index(op.f("ix_chart_share_account_id"), "chart_share", ["account_id"])
    for column in _settings_columns():
        op.add_column("clinic_settings", column)
    op.add_column("treatment_session",
                  sa.Column("signer_reauthenticated_at", sa.DateTime(), nullable=True))
    op.add_column("audit_event", sa.Column("actor_account_uid", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_audit_event_actor_account_uid"), "audit_event",
                    ["actor_account_uid"])
    _accounts_for_therapists()


def _accounts_for_therapists() -> None:
    """One account without a password per therapist; the earliest-created is the owner."""
    therapist = sa.table("therapist", sa.column("id", sa.Integer()),
                         sa.column("full_name", sa.String()), sa.column("active", sa.Boolean()),
                         sa.column("created_at", sa.DateTime()))
    account = sa.table(
        "account", sa.column("uid", sa.Uuid()), sa.column("user_name", sa.String()),
        sa.column("display_name", sa.String()), sa.column("role", sa.String()),
        sa.column("therapist_id", sa.Integer()), sa.column("must_change_password", sa.Boolean()),
        sa.column("disabled", sa.Boolean()), sa.column("failed_sign_ins", sa.Integer()),
        sa.column("created_at", sa.DateTime()), sa.column("updated_at", sa.DateTime()))
    connection = op.get_bind()
    rows = connection.execute(sa.select(therapist.c.id, therapist.c.full_name,
                                        therapist.c.active, therapist.c.created_at)
                              .order_by(therapist.c.created_at, therapist.c.id)).all()
    taken: set[str] = set()
    for position, (therapist_id, full_name, active, created_at) in enumerate(rows):
        name = _free_user_name(full_name, taken)
        taken.add(name)
        connection.execute(account.insert().values(
            uid=uuid.uuid4(), user_name=name, display_name=full_name,
            role="owner" if position == 0 else "therapist", therapist_id=therapist_id,
            must_change_password=False, disabled=not active, failed_sign_ins=0,
            created_at=created_at, updated_at=created_at))


def _free_user_name(full_name: str, taken: set[str]) -> str:
    """"Alex Morgan" -> "alex.morgan"; a second one "alex.morgan2". Letters of any script."""
    base = ".".join(re.findall(r"\w+", full_name.casefold()))[:50] or "therapist"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{number}"
    return name


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_event_actor_account_uid"), table_name="audit_event")
    op.drop_column("audit_event", "actor_account_uid")
    op.drop_column("treatment_session", "signer_reauthenticated_at")
    for column in reversed(_settings_columns()):
        op.drop_column("clinic_settings", column.name)
    op.drop_index(op.f("ix_chart_share_account_id"), table_name="chart_share")
    op.drop_index(op.f("ix_chart_share_patient_id"), table_name="chart_share")
    op.drop_table("chart_share")
    op.drop_table("account")
