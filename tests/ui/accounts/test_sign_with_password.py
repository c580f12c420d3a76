"""Sign session… asks the signer's password again and hands it to the signing use case."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from nmt_desktop.services import signing
from nmt_desktop.ui.accounts import password_prompt
from tests.ui.accounts.conftest import OWNER_PASSWORD, Setup, open_session_with_typed_note


def answer_password(monkeypatch: pytest.MonkeyPatch, *answers: str | None) -> list[str]:
    """The password dialog answers in turn; returns the refusals it was shown."""
    shown: list[str] = []
    queue = list(answers)

    def ask(_parent: object, _title: str, _text: str, _action: str,
            refusal: str = "") -> str | None:
        shown.append(refusal)
        return queue.pop(0)

    monkeypatch.setattr(password_prompt, "ask_password", ask)
    return shown


def watch_signing(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """Note the password the window passes, then sign (the password is checked by the use
    case once the accounts services are merged; before that it has no such parameter)."""
    passed: list[str | None] = []
    real = signing.sign_session
    accepts = "password" in inspect.signature(real).parameters

    def sign(db: Any, session_uid: Any, **kwargs: Any) -> Any:
        passed.append(kwargs.get("password"))
        if not accepts:
            kwargs.pop("password", None)
        return real(db, session_uid, **kwargs)

    monkeypatch.setattr(signing, "sign_session", sign)
    return passed


def test_signing_asks_the_password_and_passes_it_on(
        qtbot: QtBot, signed_in: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    window, _guard, patient = signed_in
    open_session_with_typed_note(qtbot, window, patient)
    shown = answer_password(monkeypatch, OWNER_PASSWORD)
    passed = watch_signing(monkeypatch)
    record = window.session_page.form.sign()
    assert record is not None and record.is_signed
    assert shown == [""] and passed == [OWNER_PASSWORD]


def test_cancelling_the_password_signs_nothing(
        qtbot: QtBot, signed_in: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    window, _guard, patient = signed_in
    open_session_with_typed_note(qtbot, window, patient)
    answer_password(monkeypatch, None)
    passed = watch_signing(monkeypatch)
    assert window.session_page.form.sign() is None
    assert passed == []
    assert not window.session_page.session.is_signed
