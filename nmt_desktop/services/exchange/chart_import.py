"""Merge a chart file into this database by uid, in one transaction.

Rules, record by record:
- a uid this database does not have is added, with its original uid and timestamps;
- a uid it has is updated only when the file's copy is newer (``updated_at``), so importing
  the same file twice, or an older copy, changes nothing;
- a session signed here is part of the legal record: it is never changed by an import, nor
  are outcome scores attached to it. If the file holds a different version, the import leaves
  it as it was and says so. New amendments to it are added (that is how it is corrected);
- an import never signs a session: a draft here that the file holds signed stays the draft it
  is. A session new here may arrive signed (the file check demands its signer, a signing time
  after its start and not in the future); it is written with the copies signing makes (signer,
  goal words), since the database refuses any later change to a signed session;
- an amendment keeps its author's name as the file gives it, and must be dated after the
  signing (here and in the file);
- where another uid already holds a record's place here (a region painted twice, a session's
  note, an intake version), the record already here is kept and the import says so;
- records present here but absent from the file are kept (an import never deletes).
The file is checked completely first (`chart_file.parse_chart_file`); any problem found while
merging (a uid that belongs to another patient here, a chart number in use) rolls everything
back.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import OutcomeScoreRow, Patient, TreatmentSession
from nmt_desktop.domain.access import Permission, SignedInPerson
from nmt_desktop.domain.errors import ConflictError, ValidationError
from nmt_desktop.domain.patients import search_key
from nmt_desktop.domain.vocab import SessionStatus
from nmt_desktop.services._uow.access import authorize
from nmt_desktop.services._uow.audit_trail import record_event
from nmt_desktop.services._uow.field_changes import apply_field_changes
from nmt_desktop.services._uow.validation import amendment_time_problem
from nmt_desktop.services.exchange.chart_document import UidLookup, record_of
from nmt_desktop.services.exchange.chart_file import (
    ChartFile,
    FileRecord,
    canonical_of,
    parse_chart_file,
)
from nmt_desktop.services.exchange.checks import RULES
from nmt_desktop.services.exchange.layout import (
    AMENDMENTS,
    GOAL_PROGRESS,
    GOALS,
    OUTCOME_SCORES,
    PATIENT_TABLES,
    SESSIONS,
    Table,
)
from nmt_desktop.services.patients import next_chart_number
from nmt_desktop.services.records import ChangeSet


class ChartNumberTakenError(ConflictError):
    """A new patient's chart number belongs to another patient here; nothing was written.

    Attributes:
        chart_number: The number the chart was to be filed under.
        owner_name: Who has that number here.
        free_number: A number nobody has here, to offer instead.
    """

    def __init__(self, chart_number: str, owner_name: str, free_number: str) -> None:
        self.chart_number = chart_number
        self.owner_name = owner_name
        self.free_number = free_number
        super().__init__(f"Chart number {chart_number} is already used here by {owner_name}; "
                         "import with another chart number (--chart-number).")


@dataclass(frozen=True)
class KeptSignedSession:
    """A signed session the file holds in a different version; left exactly as it was."""

    uid: uuid.UUID
    started_at: dt.datetime

    @property
    def message(self) -> str:
        return (f"The session of {self.started_at:%Y-%m-%d} ({self.uid}) is signed here and the "
                "file holds a different version of it; the signed session was left as it was. "
                "Corrections to a signed session go in a dated amendment.")


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the person who ran it and for the audit trail."""

    patient_uid: uuid.UUID
    chart_number: str
    patient_name: str
    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]
    kept_signed: tuple[KeptSignedSession, ...] = ()
    notes: tuple[str, ...] = ()
    # What the import really changed, for the views to refresh (nothing when all was unchanged).
    changes: ChangeSet = field(default_factory=ChangeSet)

    def lines(self) -> list[str]:
        def listed(counts: dict[str, int]) -> str:
            shown = [f"{n} {_noun(key, n)}" for key, n in counts.items() if n]
            return ", ".join(shown) or "nothing"

        lines = [f"Imported chart {self.chart_number} ({self.patient_name}).",
                 f"Added: {listed(self.created)}.",
                 f"Updated: {listed(self.updated)}.",
                 f"Already up to date: {listed(self.unchanged)}."]
        lines += [kept.message for kept in self.kept_signed]
        lines += list(self.notes)
        return lines


def _noun(table_key: str, count: int) -> str:
    words = table_key.replace("_", " ")
    return words.removesuffix("s") if count == 1 else words


@dataclass
class _Tally:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    kept_signed: list[KeptSignedSession] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Merger:
    def __init__(self, orm: Session, who: SignedInPerson, patient_uid: uuid.UUID) -> None:
        self.orm = orm
        self.who = who
        self.patient_uid = patient_uid
        self.tally = _Tally()
        self._ids: dict[tuple[type[Any], uuid.UUID], int] = {}
        # Sessions that were signed here before this import: nothing attached to them changes.
        self.locked_session_ids: set[int] = set()
        # Sessions this import adds already signed (their parts are added with them).
        self.new_signed_session_ids: set[int] = set()
        self.file_therapists: dict[uuid.UUID, FileRecord] = {}
        self.file_goals: dict[uuid.UUID, FileRecord] = {}
        # Nullable references to records merged later (a referral to a session, copy forward).
        self._pending: list[tuple[FileRecord, str, type[Any], uuid.UUID, str]] = []

    def local_id(self, model: type[Any], uid: uuid.UUID | None) -> int | None:
        if uid is None:
            return None
        key = (model, uid)
        if key not in self._ids:
            found = self.orm.scalar(select(model.id).where(model.uid == uid))
            if found is None:
                return None
            self._ids[key] = found
        return self._ids[key]

    def _assign(self, row: Any, record: FileRecord, parent_id: int | None) -> None:
        table = record.table
        apply_field_changes(row, record.values)
        for link in table.links:
            target = record.links[link.key]
            found = self.local_id(link.model, target)
            if found is None and target is not None:
                self._pending.append((record, link.column, link.model, target, record.where))
            setattr(row, link.column, found)
        if table.parent_column is not None:
            setattr(row, table.parent_column, parent_id)
        if row.__class__ is Patient:
            row.given_key = search_key(row.given_name)
            row.family_key = search_key(row.family_name)

    def merge(self, record: FileRecord, parent_id: int | None) -> tuple[Any, str]:
        """Add or update one record (not its children); returns the row and what happened."""
        table = record.table
        model = table.model
        row = self.orm.scalar(select(model).where(model.uid == record.uid))
        parent_column = table.parent_column
        if row is not None and parent_column and getattr(row, parent_column) != parent_id:
            raise ConflictError(
                f"{record.where}: {table.entity.replace('_', ' ')} {record.uid} belongs to "
                "another patient or session in this database; nothing was imported.")
        if row is None:
            row = model(uid=record.uid)
            self._assign(row, record, parent_id)
            self._freeze_if_signed(row, record, parent_id)
            self.orm.add(row)
            outcome = "created"
        elif table is not AMENDMENTS and record.values["updated_at"] > row.updated_at:
            self._assign(row, record, parent_id)
            outcome = "updated"
        else:
            outcome = "unchanged"  # amendments are never rewritten, only added
        self.orm.flush()
        self._ids[(model, record.uid)] = row.id
        getattr(self.tally, outcome)[table.key] += 1
        return row, outcome

    def _freeze_if_signed(self, row: Any, record: FileRecord, parent_id: int | None) -> None:
        """Give a record arriving signed the copies signing makes, before it is written.

        Afterwards the database refuses any change to it.
        """
        if record.table is SESSIONS and row.status is SessionStatus.SIGNED:
            signer_uid = record.links["signed_by_uid"]
            assert signer_uid is not None, "parse_chart_file refuses a signed session without one"
            signer = self.file_therapists[signer_uid]
            row.signer_name = signer.values["full_name"]
            row.signer_credentials = signer.values["credentials"]
            row.signer_licence_number = signer.values["licence_number"]
        elif record.table is AMENDMENTS:
            author_uid = record.links["author_uid"]
            assert author_uid is not None, "parse_chart_file refuses an amendment without one"
            author = self.file_therapists[author_uid]
            row.author_name = author.values["full_name"]
            row.author_credentials = author.values["credentials"]
        elif record.table is GOAL_PROGRESS and parent_id in self.new_signed_session_ids:
            goal = self.file_goals.get(record.links["goal_uid"])  # type: ignore[arg-type]
            row.goal_text = goal.values["text"] if goal is not None else None

    def merge_nested(self, table: Table, records: list[FileRecord], parent_id: int) -> None:
        if table is SESSIONS:  # oldest first: a copy-forward source before its copy
            records = sorted(records, key=lambda r: r.values["started_at"])
        for record in records:
            if table is SESSIONS:
                self._merge_session(record, parent_id)
            elif self._locked(record) or self._taken(record, parent_id):
                continue
            else:
                row, _ = self.merge(record, parent_id)
                for child in table.children:
                    self.merge_nested(child, record.children[child.key], row.id)

    def finish(self) -> None:
        """Point references at records merged after the record that holds them."""
        for record, column, model, uid, where in self._pending:
            found = self.local_id(model, uid)
            if found is None:
                self.tally.notes.append(f"{where}: the {model.__tablename__.replace('_', ' ')} "
                                        "it refers to was not imported; the reference is empty.")
                continue
            holder = record.table.model
            if holder is TreatmentSession and self.orm.scalar(select(TreatmentSession.status).where(
                    TreatmentSession.uid == record.uid)) is SessionStatus.SIGNED:
                self.tally.notes.append(f"{where}: the session it refers to was not imported "
                                        "before it; the signed session was left as it was.")
                continue
            # The record keeps its own updated_at: this is the same change, completed.
            self.orm.execute(update(holder).where(holder.uid == record.uid).values(
                {column: found, "updated_at": record.values["updated_at"]}))

    def _merge_session(self, record: FileRecord, patient_id: int) -> None:
        row = self.orm.scalar(select(TreatmentSession).where(TreatmentSession.uid == record.uid))
        if row is not None and row.status is SessionStatus.SIGNED:
            if row.patient_id != patient_id:
                raise ConflictError(f"{record.where}: session {record.uid} belongs to another "
                                    "patient in this database; nothing was imported.")
            self.locked_session_ids.add(row.id)
            self._ids[(TreatmentSession, record.uid)] = row.id
            here = record_of(SESSIONS, row, UidLookup(self.orm), self.orm)
            there = record.canonical()
            if _signed_content(canonical_of(here)) == _signed_content(there):
                self._count_unchanged(record, skip=AMENDMENTS.key)
            else:
                self.tally.kept_signed.append(KeptSignedSession(record.uid, row.started_at))
            # Amendments are how a signed session is corrected: new ones are added.
            self._check_amendment_times(row, record)
            self._merge_counted(row, "unchanged", (AMENDMENTS,), record)
            return
        if row is not None and record.values["status"] is SessionStatus.SIGNED:
            # An import never signs a session: a draft here stays the draft it is.
            if row.patient_id != patient_id:
                raise ConflictError(f"{record.where}: session {record.uid} belongs to another "
                                    "patient in this database; nothing was imported.")
            self._ids[(TreatmentSession, record.uid)] = row.id
            self.locked_session_ids.add(row.id)  # its parts in the file are not taken either
            self.tally.unchanged[SESSIONS.key] += 1
            self.tally.notes.append(
                f"{record.where}: the session of {row.started_at:%Y-%m-%d} is signed in the "
                "file but a draft here; an import never signs a session, so the draft was left "
                "as it was (sign it here, or correct it, then export again).")
            return
        row, outcome = self.merge(record, patient_id)
        if outcome == "created" and row.status is SessionStatus.SIGNED:
            self.new_signed_session_ids.add(row.id)
        self._merge_counted(row, outcome, SESSIONS.children, record)

    def _check_amendment_times(self, row: TreatmentSession, record: FileRecord) -> None:
        for amendment in record.children[AMENDMENTS.key]:
            problem = amendment_time_problem(amendment.values["written_at"], row.signed_at)
            if problem:
                raise ConflictError(f"{amendment.where}.written_at: the session is signed here "
                                    f"and the amendment {problem}; nothing was imported.")

    def _merge_counted(
        self, row: Any, outcome: str, parts: tuple[Table, ...], record: FileRecord
    ) -> None:
        """Merge a session's parts and write one import event saying what changed."""
        before = Counter(self.tally.created) + Counter(self.tally.updated)
        for child in parts:
            self.merge_nested(child, record.children[child.key], row.id)
        after = Counter(self.tally.created) + Counter(self.tally.updated)
        changed = {k: n for k, n in (after - before).items() if k != SESSIONS.key}
        if outcome != "unchanged" or changed:
            record_event(self.orm, self.who, "import", "session", row.uid, self.patient_uid,
                         result=outcome, **changed)

    def _count_unchanged(self, record: FileRecord, skip: str = "") -> None:
        self.tally.unchanged[record.table.key] += 1
        for key, children in record.children.items():
            if key != skip:
                for child in children:
                    self._count_unchanged(child)

    def _locked(self, record: FileRecord) -> bool:
        """An outcome score attached to a session signed here is part of that session."""
        if record.table is not OUTCOME_SCORES:
            return False
        session_id = self.local_id(TreatmentSession, record.links["session_uid"])
        if session_id in self.new_signed_session_ids:
            return False
        if session_id not in self.locked_session_ids:
            existing = self.orm.scalar(select(OutcomeScoreRow.session_id).where(
                OutcomeScoreRow.uid == record.uid))
            if existing is None or existing not in self.locked_session_ids | self._signed_ids():
                return False
        row = self.orm.scalar(select(OutcomeScoreRow).where(OutcomeScoreRow.uid == record.uid))
        same = row is not None and canonical_of(
            record_of(OUTCOME_SCORES, row, UidLookup(self.orm), self.orm)) == record.canonical()
        if same:
            self.tally.unchanged[OUTCOME_SCORES.key] += 1
        else:
            self.tally.notes.append(
                f"{record.where}: the outcome score belongs to a session signed here and differs "
                "from it; the signed record was left as it was.")
        return True

    def _signed_ids(self) -> set[int]:
        return set(self.orm.scalars(select(TreatmentSession.id).where(
            TreatmentSession.patient_id.in_(select(Patient.id).where(
                Patient.uid == self.patient_uid)),
            TreatmentSession.status == SessionStatus.SIGNED)))

    def _taken(self, record: FileRecord, parent_id: int) -> bool:
        """Whether another uid already holds this record's place here; that one is kept.

        Places: one note per session, one zone per painted region, one intake per version.
        """
        table = record.table
        if table.unique is None or table.parent_column is None:
            return False
        model = table.model
        query = select(model.id).where(getattr(model, table.parent_column) == parent_id,
                                       model.uid != record.uid)
        for name in table.unique:
            link = next((lk for lk in table.links if lk.column == name), None)
            value = (self.local_id(link.model, record.links[link.key]) if link
                     else record.values[name])
            query = query.where(getattr(model, name) == value)
        if self.orm.scalar(query.limit(1)) is None:
            return False
        what = table.entity.replace("_", " ")
        self.tally.notes.append(f"{record.where}: this {what} is already recorded here under "
                                "another record; the one recorded here was kept.")
        return True


def _signed_content(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != AMENDMENTS.key}


def _chart_number_owner(orm: Session, chart_number: str, other_than: uuid.UUID) -> Patient | None:
    return orm.scalar(select(Patient).where(Patient.chart_number == chart_number,
                                            Patient.uid != other_than))


def _merge_patient(merger: _Merger, chart: ChartFile, chart_number: str | None) -> Patient:
    record = chart.patient
    wanted = chart_number or record.values["chart_number"]
    existing = merger.orm.scalar(select(Patient).where(Patient.uid == record.uid))
    owner = _chart_number_owner(merger.orm, wanted, record.uid)
    if existing is None and owner is not None:
        raise ChartNumberTakenError(wanted, f"{owner.given_name} {owner.family_name}",
                                    next_chart_number(merger.orm))
    if existing is not None and owner is not None:
        record.values["chart_number"] = existing.chart_number
        merger.tally.notes.append(f"Chart number {wanted} is used here by another patient; "
                                  f"the chart keeps its number {existing.chart_number}.")
    else:
        record.values["chart_number"] = wanted
    row, _ = merger.merge(record, None)
    patient: Patient = row
    return patient


def import_chart(
    db: Database, content: bytes, chart_number: str | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Merge the chart file `content` into the database; see the module text for the rules.

    Args:
        db: The database to merge into.
        content: The bytes of the chart file.
        actor: Who imports, for the audit trail.
        chart_number: File the chart under this number instead of the file's (a new patient
            whose number is taken here).
        today: The day to check dates of birth against (tests pin it).

    Raises:
        ChartFileRefusedError: The file is malformed or too new; nothing was written.
        ConflictError: The file contradicts this database; nothing was written.
    """
    who = authorize(db, Permission.EXCHANGE)
    chart = parse_chart_file(content, today)
    chart_number = (chart_number or "").strip() or None
    if chart_number is not None:
        renamed = {**chart.patient.values, "chart_number": chart_number}
        problems = RULES["patient"](renamed, today or dt.date.today())
        if problems:
            raise ValidationError({"chart_number": " ".join(problems)})
    with db.transaction() as orm:
        merger = _Merger(orm, who, chart.patient.uid)
        merger.file_therapists = {t.uid: t for t in chart.therapists}
        merger.file_goals = {g.uid: g for g in chart.nested[GOALS.key]}
        for therapist in chart.therapists:
            row, outcome = merger.merge(therapist, None)
            if outcome != "unchanged":
                record_event(orm, who, "import", "therapist", row.uid, None, result=outcome)
        patient = _merge_patient(merger, chart, chart_number)
        outcome = ("created" if merger.tally.created["patient"]
                   else "updated" if merger.tally.updated["patient"] else "unchanged")
        if outcome != "unchanged":
            record_event(orm, who, "import", "patient", patient.uid, patient.uid,
                         result=outcome)
        for table in PATIENT_TABLES:
            merger.merge_nested(table, chart.nested[table.key], patient.id)
        merger.finish()
        tally = merger.tally
        record_event(orm, who, "import", "chart", patient.uid, patient.uid,
                     format="json", format_version=chart.format_version,
                     created=dict(tally.created), updated=dict(tally.updated),
                     signed_sessions_kept=[str(k.uid) for k in tally.kept_signed])
        return ImportReport(
            patient_uid=patient.uid, chart_number=patient.chart_number,
            patient_name=f"{patient.given_name} {patient.family_name}",
            created=dict(tally.created), updated=dict(tally.updated),
            unchanged=dict(tally.unchanged), kept_signed=tuple(tally.kept_signed),
            notes=tuple(tally.notes),
            changes=_changes_of(tally, patient.uid),
        )


# Which part of the app shows each kind of row the import may create or update.
_SHOWN_IN = {
    "therapists": "therapists", "patient": "patients", "sessions": "sessions",
    "trigger_points": "marks", "pain_zones": "marks", "tension_ratings": "marks",
    "screening_answers": "intake", "clearances": "intake", "referrals": "intake",
    "intakes": "intake", "goals": "intake", "today_check": "intake",
    "notes": "notes", "posture_findings": "notes", "rom_measures": "notes",
    "goal_progress": "notes", "home_care": "notes", "amendments": "notes",
    "outcome_scores": "outcomes", "missed_visits": "sessions",
}


def _changes_of(tally: _Tally, patient_uid: uuid.UUID) -> ChangeSet:
    touched = {key for key, count in (tally.created + tally.updated).items() if count}
    unknown = touched - set(_SHOWN_IN)
    assert not unknown, f"every imported table has its place in the ChangeSet: {unknown}"
    shown = {_SHOWN_IN[key] for key in touched}
    return ChangeSet(patients="patients" in shown, therapists="therapists" in shown,
                     sessions="sessions" in shown, marks="marks" in shown,
                     notes="notes" in shown, intake="intake" in shown,
                     outcomes="outcomes" in shown, patient_uid=patient_uid)
