"""Read and check a chart file completely before anything is written.

`parse_chart_file` turns the bytes of a file into typed records or raises
`ChartFileRefusedError` listing what is wrong: not JSON, not a chart file, written by a newer
version, a missing or unknown field, a value of the wrong type, a region the atlas does not
know, a reference to a record the file does not hold. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services.exchange.checks import (
    RULES,
    common_problems,
    cross_record_problems,
)
from nmt_desktop.services.exchange.codec import (
    FieldProblemError,
    column_of,
    from_json,
    parse_uid,
    to_json,
)
from nmt_desktop.services.exchange.layout import (
    ADDED_LATER_PATIENT_TABLES,
    FORMAT_NAME,
    FORMAT_VERSION,
    PATIENT,
    PATIENT_TABLES,
    THERAPISTS,
    Table,
)

_HEADER_KEYS = {"format", "format_version", "exported_at", "app_version", "atlas_version"}
STAMPS = ("created_at", "updated_at")
#: A chart of many years is a few megabytes; anything this large is not a chart file.
MAX_CHART_FILE_BYTES = 32 * 1024 * 1024
#: How an age-encrypted file starts: binary, or ASCII-armored (protection.py reads them).
AGE_FILE_STARTS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
#: The format nests five levels (patient, intake, referral, ...); JSON values a few more.
MAX_NESTING = 32


class ChartFileRefusedError(ValidationError):
    """The file cannot be imported; nothing was written.

    The message is one line naming the first problem and its place in the file (a JSON path
    such as ``sessions[1].pain_zones[0].nrs``); `problems` lists every problem found.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[0] if problems else "it could not be read"
        more = len(problems) - 1
        if more > 0:
            shown += f" (and {more} more problem{'s' if more > 1 else ''})"
        shown = " ".join(shown.split())  # one line, whatever the file's text held
        super().__init__({"file": f"The chart file was not imported: {shown}."})


@dataclass
class FileRecord:
    """One record of the file, its values typed for the database.

    Attributes:
        table: What kind of record it is.
        uid: Its uid.
        values: Column values (the table's fields).
        links: Uids of the records it refers to, by link key.
        children: Nested records by table key.
        where: Its place in the file, for messages.
    """

    table: Table
    uid: uuid.UUID
    values: dict[str, Any]
    links: dict[str, uuid.UUID | None]
    children: dict[str, list[FileRecord]] = field(default_factory=dict)
    where: str = ""

    def canonical(self) -> dict[str, Any]:
        """The record as an export of it would read, timestamps left out (for comparing)."""
        return canonical_of({
            "uid": str(self.uid),
            **{k: to_json(v) for k, v in self.values.items()},
            **{k: str(v) if v else None for k, v in self.links.items()},
            **{k: [c.canonical() for c in v] for k, v in self.children.items()},
        })


def canonical_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record without timestamps, nested lists sorted by uid: equal content compares equal."""
    result: dict[str, Any] = {}
    for key, value in record.items():
        if key in STAMPS:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            value = sorted((canonical_of(v) for v in value), key=lambda v: str(v.get("uid")))
        result[key] = value
    return result


@dataclass
class ChartFile:
    format_version: int
    therapists: list[FileRecord]
    patient: FileRecord
    nested: dict[str, list[FileRecord]]


class _Reader:
    def __init__(self, today: dt.date, now: dt.datetime) -> None:
        self.today = today
        self.now = now
        self.problems: list[str] = []
        self.uids: dict[type[Any], set[uuid.UUID]] = {}
        self.links: list[tuple[str, type[Any], uuid.UUID]] = []

    def record(self, table: Table, raw: Any, where: str) -> FileRecord | None:
        if not isinstance(raw, dict):
            self.problems.append(f"{where}: expected an object")
            return None
        expected = {"uid", *table.fields, *(lk.key for lk in table.links),
                    *(c.key for c in table.children)}
        missing = sorted(expected - raw.keys() - set(table.added_later))
        unknown = sorted(raw.keys() - expected)
        if missing:
            self.problems.append(f"{where}: missing {', '.join(missing)}")
        raw = {**{key: None for key in table.added_later if key in table.fields},
               **{c.key: [] for c in table.children if c.key in table.added_later}, **raw}
        if unknown:
            self.problems.append(f"{where}: unknown field(s) {', '.join(unknown)} "
                                 "(was the file written by a newer version?)")
        if missing or unknown:
            return None
        problems_before = len(self.problems)
        uid = self._value(partial(parse_uid, raw["uid"], f"{where}.uid"))
        values = {name: self._value(partial(from_json, column_of(table.model, name), raw[name],
                                            f"{where}.{name}")) for name in table.fields}
        links: dict[str, uuid.UUID | None] = {}
        for link in table.links:
            column = column_of(table.model, link.column)
            target = raw[link.key]
            if target is None and column.nullable:
                links[link.key] = None
                continue
            place = f"{where}.{link.key}"
            target_uid = self._value(partial(parse_uid, target, place))
            links[link.key] = target_uid
            if target_uid is not None:
                self.links.append((place, link.model, target_uid))
        if len(self.problems) > problems_before or uid is None:
            return None
        seen = self.uids.setdefault(table.model, set())
        if uid in seen:
            self.problems.append(f"{where}: uid {uid} appears twice in the file")
        seen.add(uid)
        self.problems.extend(f"{where}.{p}" for p in common_problems(table, values, self.now))
        rules = RULES.get(table.key)
        if rules is not None:
            try:
                found = rules(values, self.today)
            except (TypeError, ValueError, OverflowError, KeyError):
                found = ["a value of the wrong kind"]
            self.problems.extend(f"{where}: {p}" for p in found)
        record = FileRecord(table, uid, values, links, where=where)
        for child in table.children:
            record.children[child.key] = self.records(child, raw[child.key], f"{where}.")
        return record

    def records(self, table: Table, raw: Any, prefix: str) -> list[FileRecord]:
        where = f"{prefix}{table.key}"
        if not isinstance(raw, list):
            self.problems.append(f"{where}: expected a list")
            return []
        found = [self.record(table, item, f"{where}[{i}]") for i, item in enumerate(raw)]
        return [r for r in found if r is not None]

    def _value(self, parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except FieldProblemError as problem:
            self.problems.append(str(problem))
            return None

    def check_links(self) -> None:
        for where, model, uid in self.links:
            if uid not in self.uids.get(model, set()):
                self.problems.append(f"{where}: refers to {uid}, which the file does not hold")


def _header(document: Any) -> int:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ChartFileRefusedError(["it is not an NMT Desktop chart file"])
    version = document.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ChartFileRefusedError([f"format_version {version!r} is not a version number"])
    if version > FORMAT_VERSION:
        raise ChartFileRefusedError([
            f"it was written by a newer version of NMT Desktop (chart file format {version}; "
            f"this version reads format {FORMAT_VERSION} and older). Update NMT Desktop on "
            "this computer, then import again"])
    return version


def _too_deep(document: Any) -> str | None:
    """The JSON path of the first value nested deeper than MAX_NESTING, or None."""
    pending: list[tuple[Any, str, int]] = [(document, "$", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_NESTING:
            return path
        if isinstance(value, dict):
            pending.extend((v, f"{path}.{k}", depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    return None


def _load_json(content: bytes) -> Any:
    if len(content) > MAX_CHART_FILE_BYTES:
        raise file_too_large(len(content))
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ChartFileRefusedError(["it is not UTF-8 text"]) from None
    except json.JSONDecodeError as error:
        raise ChartFileRefusedError([f"it is not valid JSON ({error.msg} at line {error.lineno}, "
                                f"column {error.colno})"]) from None
    except RecursionError:
        raise ChartFileRefusedError([
            f"it nests values more than {MAX_NESTING} levels deep"]) from None
    except ValueError as error:  # e.g. an integer of thousands of digits
        raise ChartFileRefusedError([f"it is not valid JSON ({error})"]) from None
    deep = _too_deep(document)
    if deep is not None:
        raise ChartFileRefusedError([
            f"{deep}: values are nested more than {MAX_NESTING} levels deep"])
    return document


def read_chart_file(path: Path) -> bytes:
    """The bytes of a chart file, refusing one over the size limit before reading it."""
    size = path.stat().st_size
    if size > MAX_CHART_FILE_BYTES:
        raise file_too_large(size)
    content = path.read_bytes()
    if path.suffix.lower() == ".age" and not content.lstrip().startswith(AGE_FILE_STARTS):
        # Checked here because only here is the name known; the import checks the content.
        raise ChartFileRefusedError([
            "its name ends in .age, but it is not an encrypted (age) file"])
    return content


def file_too_large(size: int) -> ChartFileRefusedError:
    """The refusal of a file (encrypted or not) or decrypted content over the size limit."""
    return ChartFileRefusedError([
        f"it is {size / 1024 / 1024:.0f} MB; a chart file is at most "
        f"{MAX_CHART_FILE_BYTES // 1024 // 1024} MB"])


def parse_chart_file(content: bytes, today: dt.date | None = None,
                     now: dt.datetime | None = None) -> ChartFile:
    """Every record of a chart file, checked; ChartFileRefusedError if anything is wrong."""
    document = _load_json(content)
    version = _header(document)
    now = now or dt.datetime.now(dt.UTC)
    reader = _Reader(today or now.date(), now)
    expected = _HEADER_KEYS | {THERAPISTS.key, PATIENT.key} | {t.key for t in PATIENT_TABLES}
    not_yet = {key for key, since in ADDED_LATER_PATIENT_TABLES.items() if version < since}
    missing = sorted(expected - document.keys() - not_yet)
    document = {**{key: [] for key in not_yet}, **document}
    unknown = sorted(document.keys() - expected)
    if missing:
        reader.problems.append(f"missing {', '.join(missing)}")
    if unknown:
        reader.problems.append(f"unknown field(s) {', '.join(unknown)}")
    if missing or unknown:
        raise ChartFileRefusedError(reader.problems)
    therapists = reader.records(THERAPISTS, document[THERAPISTS.key], "")
    patient = reader.record(PATIENT, document[PATIENT.key], PATIENT.key)
    nested = {t.key: reader.records(t, document[t.key], "") for t in PATIENT_TABLES}
    reader.check_links()
    if not reader.problems and patient is not None:
        reader.problems.extend(cross_record_problems(patient, therapists, nested, now))
    if reader.problems or patient is None:
        raise ChartFileRefusedError(reader.problems or ["the patient record is unreadable"])
    return ChartFile(version, therapists, patient, nested)
