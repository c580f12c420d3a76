"""Loading the rows a use case works on, inside its open transaction (NotFoundError if missing)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from nmt_desktop.db.models import Patient, Therapist, TreatmentSession
from nmt_desktop.domain.errors import NotFoundError


def load_patient(orm: Session, patient_ref: uuid.UUID | str) -> Patient:
    """Find a patient by uid, or by chart number or uid text (as typed on the command line)."""
    if isinstance(patient_ref, uuid.UUID):
        patient = orm.scalar(select(Patient).where(Patient.uid == patient_ref))
    else:
        patient = orm.scalar(select(Patient).where(Patient.chart_number == patient_ref))
        if patient is None:
            try:
                as_uid = uuid.UUID(patient_ref)
            except ValueError:
                as_uid = None
            if as_uid is not None:
                patient = orm.scalar(select(Patient).where(Patient.uid == as_uid))
    if patient is None:
        raise NotFoundError(f"No patient with chart number or uid {patient_ref!s}.")
    return patient


def load_session(orm: Session, session_uid: uuid.UUID, *,
                 related: Sequence[Any] = ()) -> TreatmentSession:
    """The session row, with the `related` rows (relationship attributes) in one statement."""
    query = select(TreatmentSession).where(TreatmentSession.uid == session_uid)
    if related:
        query = query.options(*(joinedload(relation) for relation in related))
    row = orm.scalar(query)
    if row is None:
        raise NotFoundError(f"No session with uid {session_uid}.")
    return row


def load_therapist(orm: Session, therapist_uid: uuid.UUID) -> Therapist:
    therapist = orm.scalar(select(Therapist).where(Therapist.uid == therapist_uid))
    if therapist is None:
        raise NotFoundError(f"No therapist with uid {therapist_uid}.")
    return therapist
