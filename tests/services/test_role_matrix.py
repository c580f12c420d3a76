"""Every public use case × every role: the services refuse what a role may not do.

The table below is the clinic's rule book (issue #13), written out by hand: owner/admin does
everything; a therapist charts, signs, reports and exports; front desk sees and edits patients'
demographics only. Each public use case must check it before reading or writing anything, so
the calls here use placeholder arguments: a refusal must come before they are looked at.
A new use case fails `test_every_use_case_is_in_the_rule_book` until it is added here.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import nmt_desktop.services as services_package
from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Permission, Role
from nmt_desktop.domain.errors import NotAllowedError, NotSignedInError
from tests.people import person

P = Permission
#: Use cases any signed-in person may run (what every screen needs, e.g. the clinic's name).
ANYONE = "anyone"
#: Use cases run before anyone is signed in (signing in itself, building the demo clinic).
NOBODY_YET = "nobody yet"

#: module -> {function: permission}; "*" is the module's default.
RULE_BOOK: dict[str, dict[str, object]] = {
    # Leaving a trace of what one looked at, re-authenticating, one's own password: everyone.
    "access_log": {"record_access": ANYONE},
    "accounts": {"set_lock_after_minutes": P.MANAGE_CLINIC, "*": P.MANAGE_ACCOUNTS},
    "audit": {"list_audit_events": P.READ_AUDIT, "log_event": ANYONE},
    "backup_settings": {"*": P.MANAGE_CLINIC},
    # Automatic backups run in every signed-in person's window; listing and restoring do not.
    "backups": {"list_backups": P.MANAGE_CLINIC, "check_backup": P.MANAGE_CLINIC,
                "restore_backup": P.MANAGE_CLINIC, "*": ANYONE},
    "chart_metrics": {"*": P.READ_CHARTS},
    "charting": {"load_chart": P.READ_CHARTS, "*": P.CHART},
    "clinic": {"get_clinic_settings": ANYONE, "*": P.MANAGE_CLINIC},
    "copy_forward": {"latest_session": P.READ_CHARTS, "start_session_from_previous": P.CHART},
    "demo": {"load_demo_clinic": NOBODY_YET},
    "demo_accounts": {"*": NOBODY_YET},
    "demo_clinical": {"load_clinic_settings": P.MANAGE_CLINIC, "*": P.CHART},
    "encryption": {"encrypt_this_database": P.MANAGE_CLINIC, "plaintext_copies": P.MANAGE_CLINIC,
                   "delete_plaintext_copies": P.MANAGE_CLINIC,
                   "grant_database_key": P.MANAGE_ACCOUNTS, "drop_account_key": P.MANAGE_ACCOUNTS,
                   "rewrap_database_key": P.MANAGE_ACCOUNTS,  # someone else's: admins only
                   "remember_on_this_laptop": ANYONE, "forget_on_this_laptop": ANYONE,
                   "remembered_on_this_laptop": ANYONE},
    "exchange.chart_import": {"*": P.EXCHANGE},
    "exchange.clinic_key": {"create_clinic_exchange_key": P.MANAGE_CLINIC, "*": P.EXCHANGE},
    "exchange.exports": {"physician_report_pdf": P.REPORTS, "*": P.EXCHANGE},
    "home_care": {"list_prescriptions": P.READ_CHARTS, "*": P.CHART},
    "intake": {"current_intake": P.READ_CHARTS, "list_intakes": P.READ_CHARTS,
               "list_goals": P.READ_CHARTS, "*": P.CHART},
    "intake_form": {"*": P.CHART},
    "maintenance": {"*": P.MANAGE_CLINIC},
    "missed_visits": {"list_missed_visits": P.READ_CHARTS, "*": P.CHART},
    "outcomes": {"list_outcomes": P.READ_CHARTS, "*": P.CHART},
    "patient_search": {"*": P.SEE_PATIENTS},
    "patients": {"get_patient": P.SEE_PATIENTS, "*": P.EDIT_PATIENTS},
    "report_data.course": {"*": P.READ_CHARTS},
    "report_data.output": {"*": P.REPORTS},
    "report_data.patient_summary": {"*": P.REPORTS},
    "report_data.physician_report": {"*": P.REPORTS},
    "screening": {"*": P.READ_CHARTS},
    "session_findings": {"add_posture_finding": P.CHART, "update_posture_finding": P.CHART,
                         "remove_posture_finding": P.CHART, "record_rom": P.CHART,
                         "remove_rom": P.CHART, "set_goal_progress": P.CHART,
                         "*": P.READ_CHARTS},
    "session_notes": {"get_session_notes": P.READ_CHARTS, "*": P.CHART},
    "sessions": {"start_session": P.CHART, "*": P.READ_CHARTS},
    "sign_in": {"change_own_password": ANYONE, "verify_password": ANYONE, "*": NOBODY_YET},
    # Read before anyone signs in: the sign-in list, and whether a server has personal logins.
    "sign_in_list": {"*": NOBODY_YET},
    "clinic_server": {"uses_personal_logins": NOBODY_YET},
    "signing": {"sign_session": P.SIGN, "add_amendment": P.CHART, "*": P.READ_CHARTS},
    "therapist_roster": {"*": ANYONE},
    "therapists": {"*": P.MANAGE_ACCOUNTS},
    "user_audit": {"*": P.READ_AUDIT},
}

RIGHTS = {
    Role.OWNER: set(Permission),
    Role.THERAPIST: {P.SEE_PATIENTS, P.EDIT_PATIENTS, P.READ_CHARTS, P.CHART, P.SIGN,
                     P.REPORTS, P.EXCHANGE},
    Role.FRONT_DESK: {P.SEE_PATIENTS, P.EDIT_PATIENTS},
}


def public_use_cases() -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(module, name, function) of every public function whose first parameter is `db`."""
    for info in pkgutil.walk_packages(services_package.__path__, "nmt_desktop.services."):
        if "._" in info.name:
            continue
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("nmt_desktop.services.")
        for name, function in vars(module).items():
            if (name.startswith("_") or not inspect.isfunction(function)
                    or function.__module__ != info.name):
                continue
            parameters = list(inspect.signature(function).parameters)
            if parameters and parameters[0] == "db":
                yield short, name, function


def rule_for(module: str, name: str) -> object:
    rules = RULE_BOOK.get(module, {})
    return rules.get(name, rules.get("*"))


CASES = sorted(public_use_cases(), key=lambda case: (case[0], case[1]))


def test_every_use_case_is_in_the_rule_book() -> None:
    missing = [f"{module}.{name}" for module, name, _ in CASES if rule_for(module, name) is None]
    assert not missing, f"add these use cases to RULE_BOOK: {missing}"
    assert len(CASES) > 90


def placeholder(parameter: inspect.Parameter, folder: Path) -> object:
    """A value of roughly the right kind: the refusal must come before it is looked at."""
    annotation = str(parameter.annotation)
    for marker, value in (("UUID", uuid.uuid4()), ("Path", folder / "placeholder"),
                          ("datetime", dt.datetime.now(dt.UTC)), ("date", dt.date.today()),
                          ("bool", False), ("int", 1), ("float", 1.0), ("str", "placeholder"),
                          ("bytes", b""), ("Mapping", {}), ("dict", {}), ("Iterable", ()),
                          ("Sequence", ()), ("list", [])):
        if marker in annotation:
            return value
    return None


def call_with_placeholders(function: Callable[..., Any], db: Database, folder: Path) -> None:
    arguments = [placeholder(p, folder) for p in list(inspect.signature(function)
                                                        .parameters.values())[1:]
                 if p.default is inspect.Parameter.empty
                 and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    function(db, *arguments)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_is_refused_exactly_what_it_may_not_do(db: Database, role: Role,
                                                        tmp_path: Path) -> None:
    # Owners and therapists here treat patients (a therapist profile); front desk does not.
    profile = None if role is Role.FRONT_DESK else uuid.uuid4()
    as_that_role = db.signed_in_as(person(role, profile))
    wrongly_allowed, wrongly_refused = [], []
    for module, name, function in CASES:
        rule = rule_for(module, name)
        if rule == NOBODY_YET:
            continue
        may = rule == ANYONE or rule in RIGHTS[role]
        try:
            call_with_placeholders(function, as_that_role, tmp_path)
        except NotAllowedError as refusal:
            if may:
                wrongly_refused.append(f"{module}.{name}: {refusal}")
            else:
                assert role.label.lower() in str(refusal), "the refusal names the role"
            continue
        except Exception:  # noqa: BLE001 - placeholders: any other failure means "let through"
            pass
        if not may:
            wrongly_allowed.append(f"{module}.{name}")
    assert not wrongly_allowed, f"{role.label} may run: {wrongly_allowed}"
    assert not wrongly_refused, f"{role.label} was refused: {wrongly_refused}"


def test_nothing_runs_without_a_signed_in_person(db: Database, tmp_path: Path) -> None:
    nobody = Database(None, db.url)  # the same file, no person on the handle
    ran = []
    for module, name, function in CASES:
        if rule_for(module, name) == NOBODY_YET:
            continue
        try:
            call_with_placeholders(function, nobody, tmp_path)
        except NotSignedInError:
            continue
        except Exception:  # noqa: BLE001 - anything else means it got past the check
            pass
        ran.append(f"{module}.{name}")
    assert not ran, f"these run without anyone signed in: {ran}"


def test_charting_needs_a_therapist_profile(db: Database) -> None:
    from nmt_desktop.services import sessions

    owner_who_does_not_treat = db.signed_in_as(person(Role.OWNER, None, "Pat Office"))
    with pytest.raises(NotAllowedError, match="Pat Office has no therapist profile"):
        sessions.start_session(owner_who_does_not_treat, uuid.uuid4())
