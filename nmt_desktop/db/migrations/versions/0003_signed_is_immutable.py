"""signed is immutable: signer and goal snapshots, triggers guarding signed sessions and audit

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 03:00:00.000000

A signed session must read exactly as it was signed, whatever path writes to the database
(the app, an import, a script with raw SQL). The services refuse such changes first; these
triggers are the database's own guard behind them:
- no UPDATE or DELETE of a signed session, nor of the rows of `SIGNED_SESSION_PARTS` that
  belong to one (an UPDATE may also not move a row into a signed session);
- no UPDATE or DELETE of an audit event (the trail is append-only).
Signing itself (draft -> signed) passes: only rows whose stored status is already 'signed'
are guarded. Inserts are not guarded: an amendment is how a signed session is corrected.

The signer's name, credentials and licence number, and the goal text each goal-progress row
was recorded against, are copied into the session at signing; an amendment keeps its author's
name and credentials as written. Reports print the copies. Rows written before this revision
get the current values (the best record there is).

Adding a table that belongs to a session: add it to `SIGNED_SESSION_PARTS` in a new
migration and call `create_part_guards` (db/migrations/signed_guards.py) for it. SQLite
drops a table's triggers when batch mode recreates the table; such a migration must call
`create_part_guards` again too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from nmt_desktop.db.migrations.signed_guards import (
    SIGNED,
    create_part_guards,
    create_session_and_audit_guards,
    drop_part_guards,
    drop_session_and_audit_guards,
    signed_session,
)

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: Tables whose rows are part of a session, with the column naming that session.
SIGNED_SESSION_PARTS: tuple[tuple[str, str], ...] = (
    ("trigger_point", "session_id"),
    ("pain_zone", "session_id"),
    ("tension_rating", "session_id"),
    ("session_note", "session_id"),
    ("posture_observation", "session_id"),
    ("rom_measure", "session_id"),
    ("goal_progress", "session_id"),
    ("home_care_prescription", "session_id"),
    ("outcome_score", "session_id"),
    ("amendment", "session_id"),
)

def upgrade() -> None:
    op.add_column("treatment_session", sa.Column("signer_name", sa.String(length=200),
                                                 nullable=True))
    op.add_column("treatment_session", sa.Column("signer_credentials", sa.String(length=120),
                                                 nullable=True))
    op.add_column("treatment_session", sa.Column("signer_licence_number", sa.String(length=60),
                                                 nullable=True))
    op.add_column("goal_progress", sa.Column("goal_text", sa.Text(), nullable=True))
    op.add_column("amendment", sa.Column("author_name", sa.String(length=200), nullable=True))
    op.add_column("amendment", sa.Column("author_credentials", sa.String(length=120),
                                         nullable=True))
    # Sessions signed before this revision: the signer and goals as they read now.
    for column, source in (("signer_name", "full_name"), ("signer_credentials", "credentials"),
                           ("signer_licence_number", "licence_number")):
        op.execute(f"UPDATE treatment_session SET {column} = (SELECT therapist.{source} FROM "
                   "therapist WHERE therapist.id = COALESCE(treatment_session.signed_by_id, "
                   f"treatment_session.therapist_id)) WHERE {SIGNED}")
    op.execute("UPDATE goal_progress SET goal_text = (SELECT goal.text FROM goal WHERE goal.id "
               f"= goal_progress.goal_id) WHERE {signed_session('goal_progress.session_id')}")
    for column, source in (("author_name", "full_name"), ("author_credentials", "credentials")):
        op.execute(f"UPDATE amendment SET {column} = (SELECT therapist.{source} FROM therapist "
                   "WHERE therapist.id = amendment.therapist_id)")
    create_session_and_audit_guards()
    for table, column in SIGNED_SESSION_PARTS:
        create_part_guards(table, column)


def downgrade() -> None:
    for table, _ in SIGNED_SESSION_PARTS:
        drop_part_guards(table)
    drop_session_and_audit_guards()
    with op.batch_alter_table("amendment") as batch_op:
        batch_op.drop_column("author_credentials")
        batch_op.drop_column("author_name")
    with op.batch_alter_table("goal_progress") as batch_op:
        batch_op.drop_column("goal_text")
    with op.batch_alter_table("treatment_session") as batch_op:
        batch_op.drop_column("signer_licence_number")
        batch_op.drop_column("signer_credentials")
        batch_op.drop_column("signer_name")
