"""The one declarative base: naming convention and the Python-to-column type map."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON, MetaData, String, Uuid
from sqlalchemy.orm import DeclarativeBase

from nmt_desktop.db.types import UtcDateTime

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
