"""The database's own guard of signed sessions and of the audit trail (triggers).

Shared by the migrations that create the guards (0003) and those that add a table belonging
to a session (0004 on): each calls `create_part_guards` for its table. The functions write
the same SQL for every revision that uses them; change them only in a way that is right for
every earlier migration too, or copy the old form into the migration that needs it.
SQLite drops a table's triggers when batch mode recreates the table: a migration that
batch-alters a guarded table must call `create_part_guards` again.
"""

from __future__ import annotations

from alembic import op

SESSION_MESSAGE = "signed session: a signed session cannot be changed or deleted"
PART_MESSAGE = "signed session: a record of a signed session cannot be changed or deleted"
AUDIT_MESSAGE = "audit trail: audit events cannot be changed or deleted"

SIGNED = "status = 'signed'"


def _sqlite_guard(name: str, event: str, table: str, condition: str | None, message: str
                  ) -> str:
    when = f" WHEN {condition}" if condition else ""
    return (f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW{when} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


def signed_session(reference: str) -> str:
    return f"EXISTS (SELECT 1 FROM treatment_session WHERE id = {reference} AND {SIGNED})"


def _postgres_functions() -> list[str]:
    return [
        """CREATE FUNCTION nmt_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END $$""",
        f"""CREATE FUNCTION nmt_refuse_signed_part_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    column_name text := TG_ARGV[0];
BEGIN
    IF EXISTS (SELECT 1 FROM treatment_session s WHERE s.{SIGNED} AND (
            s.id = (to_jsonb(OLD) ->> column_name)::integer
            OR (TG_OP = 'UPDATE' AND s.id = (to_jsonb(NEW) ->> column_name)::integer))) THEN
        RAISE EXCEPTION '{PART_MESSAGE}' USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END $$""",
    ]


def create_part_guards(table: str, column: str) -> None:
    """Refuse UPDATE and DELETE of `table` rows that belong to a signed session."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE TRIGGER guard_signed_{table} BEFORE UPDATE OR DELETE ON {table} "
                   f"FOR EACH ROW EXECUTE FUNCTION nmt_refuse_signed_part_change('{column}')")
        return
    op.execute(_sqlite_guard(
        f"guard_signed_{table}_update", "UPDATE", table,
        f"{signed_session(f'OLD.{column}')} OR {signed_session(f'NEW.{column}')}",
        PART_MESSAGE))
    op.execute(_sqlite_guard(f"guard_signed_{table}_delete", "DELETE", table,
                             signed_session(f"OLD.{column}"), PART_MESSAGE))


def drop_part_guards(table: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS guard_signed_{table} ON {table}")
        return
    op.execute(f"DROP TRIGGER IF EXISTS guard_signed_{table}_update")
    op.execute(f"DROP TRIGGER IF EXISTS guard_signed_{table}_delete")


def create_session_and_audit_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _postgres_functions():
            op.execute(statement)
        op.execute("CREATE TRIGGER guard_signed_treatment_session BEFORE UPDATE OR DELETE ON "
                   f"treatment_session FOR EACH ROW WHEN (OLD.{SIGNED}) "
                   f"EXECUTE FUNCTION nmt_refuse_change('{SESSION_MESSAGE}')")
        op.execute("CREATE TRIGGER guard_audit_event BEFORE UPDATE OR DELETE ON audit_event "
                   f"FOR EACH ROW EXECUTE FUNCTION nmt_refuse_change('{AUDIT_MESSAGE}')")
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(_sqlite_guard(f"guard_signed_treatment_session_{event.lower()}", event,
                                 "treatment_session", f"OLD.{SIGNED}", SESSION_MESSAGE))
        op.execute(_sqlite_guard(f"guard_audit_event_{event.lower()}", event, "audit_event",
                                 None, AUDIT_MESSAGE))


def drop_session_and_audit_guards() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS guard_signed_treatment_session ON treatment_session")
        op.execute("DROP TRIGGER IF EXISTS guard_audit_event ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS nmt_refuse_signed_part_change()")
        op.execute("DROP FUNCTION IF EXISTS nmt_refuse_change()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS guard_signed_treatment_session_{event}")
        op.execute(f"DROP TRIGGER IF EXISTS guard_audit_event_{event}")
