"""The shape of a chart file: which tables it holds, which columns, and how they nest.

One description drives export, import and the format document (docs/export-format.md), so
the three cannot drift apart. Records are identified by their `uid` only; integer keys never
leave the database, and a reference to another record is written as that record's uid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nmt_desktop.db.models import (
    PainZone,
    Patient,
    TensionRating,
    Therapist,
    TreatmentSession,
    TriggerPoint,
)

FORMAT_NAME = "nmt-desktop-chart"
#: Raised only when a reader of an older version would misread a file (a new field that
#: changes meaning, a removed field); adding optional data keeps the version.
FORMAT_VERSION = 1

_STAMPS = ("created_at", "updated_at")


@dataclass(frozen=True)
class Link:
    """A reference to another record, stored as a foreign key and written as its uid.

    Attributes:
        column: The foreign-key column of the model (``therapist_id``).
        key: The name in the file (``therapist_uid``).
        model: The model referred to.
    """

    column: str
    key: str
    model: type[Any]


@dataclass(frozen=True)
class Table:
    """One kind of record in the file.

    Attributes:
        key: Name of the list (or object) in the file.
        entity: Entity name in the audit trail.
        model: The ORM model.
        fields: Columns written as they are (besides ``uid``).
        links: References to other records, by uid.
        parent_column: Foreign key to the record this one is nested in.
        derived: Columns recomputed on import (search keys), never written.
        children: Tables nested inside each record.
    """

    key: str
    entity: str
    model: type[Any]
    fields: tuple[str, ...]
    links: tuple[Link, ...] = ()
    parent_column: str | None = None
    derived: tuple[str, ...] = ()
    children: tuple[Table, ...] = field(default=())


THERAPISTS = Table(
    key="therapists", entity="therapist", model=Therapist,
    fields=("full_name", "credentials", "licence_number", "active", *_STAMPS),
)

PATIENT = Table(
    key="patient", entity="patient", model=Patient,
    fields=("chart_number", "given_name", "family_name", "date_of_birth", "phone", "email",
            "address", "referring_physician", "referral_reason", "archived", *_STAMPS),
    derived=("given_key", "family_key"),
)

TRIGGER_POINTS = Table(
    key="trigger_points", entity="trigger_point", model=TriggerPoint, parent_column="session_id",
    fields=("view", "x", "y", "region_id", "muscle_id", "side", "status", "taut_band",
            "hypersensitive_spot", "nodule", "referred_pain", "referral_regions",
            "pain_recognition", "local_twitch", "jump_sign", "tenderness_grade", "ppt_value",
            "ppt_unit", "rom_restriction", "weakness", "key_or_satellite", "techniques",
            "post_treatment_grade", "note", *_STAMPS),
)

PAIN_ZONES = Table(
    key="pain_zones", entity="pain_zone", model=PainZone, parent_column="session_id",
    fields=("region_id", "nrs", "qualities", "source", *_STAMPS),
)

TENSION_RATINGS = Table(
    key="tension_ratings", entity="tension_rating", model=TensionRating,
    parent_column="session_id",
    fields=("region_id", "muscle_id", "side", "grade", "texture_tags", *_STAMPS),
)

SESSIONS = Table(
    key="sessions", entity="session", model=TreatmentSession, parent_column="patient_id",
    fields=("started_at", "duration_minutes", "status", "signed_at", "atlas_version", *_STAMPS),
    links=(Link("therapist_id", "therapist_uid", Therapist),),
    children=(TRIGGER_POINTS, PAIN_ZONES, TENSION_RATINGS),
)

#: Tables nested directly in the patient, in file order.
PATIENT_TABLES: tuple[Table, ...] = (SESSIONS,)


def all_tables() -> tuple[Table, ...]:
    """Every table of the format, parents before their children."""
    found: list[Table] = [THERAPISTS, PATIENT]

    def walk(tables: tuple[Table, ...]) -> None:
        for table in tables:
            found.append(table)
            walk(table.children)

    walk(PATIENT_TABLES)
    return tuple(found)
