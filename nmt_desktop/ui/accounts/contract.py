"""The accounts use cases the window calls, found by their names in the accounts API contract.

The services (signing in, accounts, access audit) and the window were written at the same time
against one contract (the names below). The window asks for each use case by that name, in
the service modules that may hold it, so that where a function lives is the services' choice.
Tests may hand in their own provider (`use_providers`) to drive the windows without a database.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

#: Where the accounts use cases may live, searched in this order.
SERVICE_MODULES = (
    "nmt_desktop.services.sign_in",
    "nmt_desktop.services.accounts",
    "nmt_desktop.services.passwords",
    "nmt_desktop.services.access_log",
    "nmt_desktop.services.access_audit",
    "nmt_desktop.services.audit",
)

#: Every name of the contract the window uses.
CONTRACT_NAMES = (
    "sign_in_choices", "sign_in", "set_up_owner", "reset_with_recovery_code",
    "change_own_password", "verify_password", "password_problem", "list_accounts",
    "add_account", "reset_password", "set_role", "set_disabled", "set_lock_after_minutes",
    "record_access",
    "AccessAction",
)

_providers: Sequence[object] | None = None


def use_providers(providers: Sequence[object] | None) -> None:
    """Look names up in `providers` instead of the service modules (None: the services)."""
    global _providers
    _providers = providers


def _candidates() -> Iterator[object]:
    """The providers, each imported only when the names before it were not found there."""
    if _providers is not None:
        yield from _providers
        return
    for name in SERVICE_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:  # the module exists but something it imports is missing
                raise


def lookup(name: str) -> Any:
    """The contract's function or type `name`; LookupError names what is missing."""
    if name not in CONTRACT_NAMES:
        raise LookupError(f"{name} is not in the accounts API contract")
    for module in _candidates():
        value = getattr(module, name, None)
        if value is not None:
            return value
    raise LookupError(f"The accounts service “{name}” is not installed in this build "
                      f"(looked in {', '.join(SERVICE_MODULES)}).")


def missing_names() -> list[str]:
    """Contract names no service provides (empty when the services are complete)."""
    missing = []
    for name in CONTRACT_NAMES:
        try:
            lookup(name)
        except LookupError:
            missing.append(name)
    return missing


def call(name: str) -> Callable[..., Any]:
    """The use case `name`, to be called with the database handle first."""
    function = lookup(name)
    if not callable(function):
        raise LookupError(f"{name} is not a function")
    return function


def access_action(value: str) -> Any:
    """The contract's AccessAction member with this value ("open_chart", "lock", ...)."""
    return lookup("AccessAction")(value)
