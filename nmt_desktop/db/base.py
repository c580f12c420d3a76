"""The one declarative base and the column helpers every model module shares.

The naming convention, the Python-to-column type map, the stable `uid` every clinical record
carries besides its integer key, the created/updated timestamps, and the portable enum column.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import JSON, Enum, Integer, MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from nmt_desktop.db.types import UtcDateTime, utc_now

# Batch migrations on SQLite recreate tables; named constraints keep SQLite and PostgreSQL
# schemas identical and let a migration drop a constraint by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        dt.datetime: UtcDateTime(),
        uuid.UUID: Uuid(as_uuid=True),
        str: String(),
        list[str]: JSON(),
    }


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable VARCHAR + CHECK enum storing member values (the `vocab` strings), not names."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def new_uid() -> uuid.UUID:
    return uuid.uuid4()


def uid_column() -> Mapped[uuid.UUID]:
    """The stable identity exports, imports and a future sync between laptops rely on."""
    return mapped_column(unique=True, default=new_uid)


class Timestamped:
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Record(Timestamped):
    """An integer key, a stable uid and timestamps: the columns of most clinical rows."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()


class Versioned:
    """A row edited in place: its `row_version` counts the committed changes (revision 0007).

    SQLAlchemy's version counter (`version_id_col`) adds `WHERE row_version = <as read>` to
    every UPDATE and raises StaleDataError when another writer committed first, so two laptops
    editing one record never silently overwrite each other. Editing services also compare it
    with the version the editor started from (services/_uow/row_versions.py). The column is the
    table's last: revision 0007 appends it with ALTER TABLE, and rows written by plain SQL
    (imports, the bench) start at the server default 1.
    """

    row_version: Mapped[int] = mapped_column(Integer, nullable=False, server_default="1",
                                             sort_order=1000)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative passes the class
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]
