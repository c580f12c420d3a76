"""`demo` completes or leaves nothing; running it again after a failure or a kill completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nmt_desktop.db.database import Database
from nmt_desktop.db.models import AuditEvent, Patient, Therapist, TreatmentSession
from nmt_desktop.services import demo, demo_clinical
from tests.people import TEST_OWNER

ROOT = Path(__file__).resolve().parents[2]
DEMO_PATIENTS = len(demo.DEMO_PATIENTS)
DEMO_SESSIONS = sum(patient.session_count for patient in demo.DEMO_PATIENTS)
#: Past visits are signed; failing at the middle signature fails with patients half loaded.
MIDDLE_SIGNATURE = sum(patient.session_count - 1 for patient in demo.DEMO_PATIENTS) // 2 + 1


def counts(db: Database) -> tuple[int, int, int, int]:
    with db.reading() as orm:
        return tuple(orm.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[return-value]
                     for model in (Therapist, Patient, TreatmentSession, AuditEvent))


def test_a_demo_failing_part_way_leaves_nothing_and_a_rerun_completes(
        any_db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    real_sign = demo_clinical.sign_and_amend
    calls: list[int] = []

    def fails_half_way(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == MIDDLE_SIGNATURE:
            raise OSError(28, "No space left on device")
        real_sign(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_clinical, "sign_and_amend", fails_half_way)
    with pytest.raises(OSError, match="No space"):
        demo.load_demo_clinic(any_db)
    assert counts(any_db) == (0, 0, 0, 0)
    monkeypatch.undo()
    assert demo.load_demo_clinic(any_db) == (
        f"added {DEMO_PATIENTS} patients and {DEMO_SESSIONS} sessions")
    therapists, patients, sessions, events = counts(any_db)
    assert (therapists, patients, sessions) == (1, DEMO_PATIENTS, DEMO_SESSIONS)
    assert events > 0


def test_a_demo_killed_at_random_moments_is_all_or_nothing(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("NMT_DATABASE_URL", None)
    for trial, delay in enumerate((0.4, 1.2, 2.0)):
        path = tmp_path / f"demo-{trial}.sqlite"
        Database.open(f"sqlite:///{path}").close()
        child = subprocess.Popen(
            [sys.executable, "-c",
             "import sys, time; from nmt_desktop.__main__ import main; import sqlalchemy, "
             "nmt_desktop.services.demo; print('ready', flush=True); "
             "sys.exit(main(sys.argv[1:]))", "--db", str(path), "demo"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        db = Database.open(f"sqlite:///{path}").signed_in_as(TEST_OWNER)
        try:
            therapists, patients, sessions, _ = counts(db)
            assert (therapists, patients, sessions) in (
                (0, 0, 0), (1, DEMO_PATIENTS, DEMO_SESSIONS)), f"half-made at {delay} s"
            demo.load_demo_clinic(db)
            assert counts(db)[:3] == (1, DEMO_PATIENTS, DEMO_SESSIONS)
        finally:
            db.close()
