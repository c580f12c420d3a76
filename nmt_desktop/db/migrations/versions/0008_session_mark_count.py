"""session mark count: each session holds the number of its marks, kept by the database

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 11:00:00.000000

Opening a chart lists every session with how many marks it holds. Counting them row by row
cost little on a laptop, but on a clinic server with "own charts only" every mark row read
passes its row-level policy (a probe of its session, then of the access table): ~4,900 marks
on the biggest bench chart, four times the superuser's time (bench/server_rls.py). Now
`treatment_session.mark_count` holds the number, so the listing reads no mark rows.

The database keeps it, never the app: triggers on the three mark tables (trigger point, pain
zone, tension rating) add one on INSERT, take one away on DELETE, and move it on an UPDATE
of `session_id`; whatever writes a mark (the app, an import, a script) keeps the count. On
PostgreSQL they run BEFORE the mark is written, so a writer locks the session row before it
holds any mark key of that session: two laptops painting one session queue on the session
instead of deadlocking on a region's unique key.

A signed session stays immutable except for this number. Importing a signed session inserts
its marks after the session (inserts into a signed session are how 0003 lets an import and an
amendment in), so the count of a signed session must move with them. The session guard of
0003 is replaced by one that refuses any UPDATE of a signed session that changes anything
but `mark_count` (and every DELETE, as before).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from nmt_desktop.db.migrations.signed_guards import (
    SESSION_MESSAGE,
    SIGNED,
    create_session_guard,
    drop_session_guard,
)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MARK_TABLES = ("trigger_point", "pain_zone", "tension_rating")
#: Every column of treatment_session at this revision but `mark_count`: what SQLite's guard
#: watches (its triggers cannot compare whole rows). A later migration that adds a column to
#: treatment_session re-creates the guard with it (tests/db/test_signed_guards.py fails
#: until it does).
GUARDED_SESSION_COLUMNS = (
    "id", "uid", "patient_id", "therapist_id", "started_at", "duration_minutes", "status",
    "signed_at", "signed_by_id", "copied_from_id", "atlas_version", "created_at",
    "updated_at", "signer_name", "signer_credentials", "signer_licence_number",
    "signer_reauthenticated_at")

_BACKFILL = ("UPDATE treatment_session SET mark_count = "
             + " + ".join(f"(SELECT count(*) FROM {table} m WHERE m.session_id = "
                          "treatment_session.id)" for table in MARK_TABLES))


def _postgres_upgrade() -> None:
    refuse = f"EXECUTE FUNCTION nmt_refuse_change('{SESSION_MESSAGE}')"
    # Only a change of the count alone passes: an UPDATE that changes nothing is refused as
    # before (0003 refused every UPDATE of a signed session).
    op.execute(
        "CREATE TRIGGER guard_signed_treatment_session_update BEFORE UPDATE ON "
        f"treatment_session FOR EACH ROW WHEN (OLD.{SIGNED} AND NOT (OLD.mark_count IS "
        "DISTINCT FROM NEW.mark_count AND (to_jsonb(OLD) - 'mark_count') = "
        f"(to_jsonb(NEW) - 'mark_count'))) {refuse}")
    op.execute("CREATE TRIGGER guard_signed_treatment_session_delete BEFORE DELETE ON "
               f"treatment_session FOR EACH ROW WHEN (OLD.{SIGNED}) {refuse}")
    op.execute(_BACKFILL)
    op.execute("""CREATE FUNCTION nmt_count_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE treatment_session SET mark_count = mark_count - 1 WHERE id = OLD.session_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE treatment_session SET mark_count = mark_count + 1 WHERE id = NEW.session_id;
        RETURN NEW;
    END IF;
    RETURN OLD;
END $$""")
    for table in MARK_TABLES:
        op.execute(f"CREATE TRIGGER count_{table} BEFORE INSERT OR DELETE OR UPDATE OF "
                   f"session_id ON {table} FOR EACH ROW EXECUTE FUNCTION nmt_count_mark()")


def _sqlite_upgrade() -> None:
    watched = ", ".join(GUARDED_SESSION_COLUMNS)
    op.execute(f"CREATE TRIGGER guard_signed_treatment_session_update BEFORE UPDATE OF {watched} "
               f"ON treatment_session FOR EACH ROW WHEN OLD.{SIGNED} "
               f"BEGIN SELECT RAISE(ABORT, '{SESSION_MESSAGE}'); END")
    op.execute(f"CREATE TRIGGER guard_signed_treatment_session_delete BEFORE DELETE ON "
               f"treatment_session FOR EACH ROW WHEN OLD.{SIGNED} "
               f"BEGIN SELECT RAISE(ABORT, '{SESSION_MESSAGE}'); END")
    op.execute(_BACKFILL)
    for table in MARK_TABLES:
        op.execute(f"CREATE TRIGGER count_{table}_insert AFTER INSERT ON {table} BEGIN "
                   "UPDATE treatment_session SET mark_count = mark_count + 1 "
                   "WHERE id = NEW.session_id; END")
        op.execute(f"CREATE TRIGGER count_{table}_delete AFTER DELETE ON {table} BEGIN "
                   "UPDATE treatment_session SET mark_count = mark_count - 1 "
                   "WHERE id = OLD.session_id; END")
        op.execute(f"CREATE TRIGGER count_{table}_move AFTER UPDATE OF session_id ON {table} "
                   "BEGIN UPDATE treatment_session SET mark_count = mark_count - 1 "
                   "WHERE id = OLD.session_id; UPDATE treatment_session SET mark_count = "
                   "mark_count + 1 WHERE id = NEW.session_id; END")


def upgrade() -> None:
    # A plain ADD COLUMN, never a batch copy: on SQLite a copy would drop the guards.
    op.add_column("treatment_session", sa.Column("mark_count", sa.Integer(), nullable=False,
                                                 server_default="0"))
    drop_session_guard()
    if op.get_bind().dialect.name == "postgresql":
        _postgres_upgrade()
    else:
        _sqlite_upgrade()


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in MARK_TABLES:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS count_{table} ON {table}")
        else:
            for event in ("insert", "delete", "move"):
                op.execute(f"DROP TRIGGER IF EXISTS count_{table}_{event}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS nmt_count_mark()")
    drop_session_guard()
    create_session_guard()  # 0003's form
    op.drop_column("treatment_session", "mark_count")
