"""ORM models of who uses the app: accounts, and charts shared with one person (revision 0006).

A password is stored only as an argon2id hash; the owner's recovery code only as a hash too.
On a clinic server an account maps to the person's own PostgreSQL login (`server_login`).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nmt_desktop.db.base import Base, Timestamped, Versioned, enum_type, uid_column
from nmt_desktop.db.models.core import Therapist
from nmt_desktop.db.types import utc_now
from nmt_desktop.domain.access import Role

USER_NAME_LENGTH = 60
#: PostgreSQL's identifier limit (NAMEDATALEN - 1).
SERVER_LOGIN_LENGTH = 63


class Account(Versioned, Timestamped, Base):
    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[uuid.UUID] = uid_column()
    #: Stored in lower case: "Alex" and "alex" are one person.
    user_name: Mapped[str] = mapped_column(String(USER_NAME_LENGTH), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role, "account_role"))
    #: The profile that signs sessions; None for front desk and an owner who does not treat.
    therapist_id: Mapped[int | None] = mapped_column(
        ForeignKey("therapist.id", ondelete="RESTRICT"), unique=True)
    #: None until a password is set (an upgraded database's therapists, a new account).
    password_hash: Mapped[str | None] = mapped_column(Text)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[dt.datetime | None]
    server_login: Mapped[str | None] = mapped_column(String(SERVER_LOGIN_LENGTH), unique=True)
    #: argon2id hash of the owner's printed recovery code (owners only).
    recovery_code_hash: Mapped[str | None] = mapped_column(Text)

    therapist: Mapped[Therapist | None] = relationship()


class ChartShare(Base):
    """A chart one person may see when the clinic shows each therapist only their own charts."""

    __tablename__ = "chart_share"
    __table_args__ = (UniqueConstraint("patient_id", "account_id", name="patient_account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patient.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utc_now)
