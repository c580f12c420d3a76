"""File → Remember the database key on this laptop: the keychain choice, off until made.

Turning it on says what it trades (this laptop's own login then opens the file without a
password) and asks first; turning it off needs no question. Either way one service call
(services/encryption.py), audited there; a keychain that refuses is said where one looks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from nmt_desktop.services import encryption
from nmt_desktop.ui.common.confirmations import confirm_action
from nmt_desktop.ui.context import AppContext

Confirm = Callable[[QWidget], bool]

TRADE_OFF = (
    "Remember this database's key in this laptop's keychain?\n\n"
    "Anyone who can sign in to this computer account could then open the database file "
    "without a password, for example if the laptop is stolen while signed in or its password "
    "is known. Each person still signs in to NMT Desktop with their own password.\n\n"
    "Choose this only on a laptop that is locked with a strong password and is not shared.")


def confirm_remembering(parent: QWidget) -> bool:
    return confirm_action(parent, TRADE_OFF, "Remember on this laptop", destructive=False)


def is_remembered(context: AppContext) -> bool:
    return context.db.encrypted and context.read(encryption.remembered_on_this_laptop)


def set_remembered(context: AppContext, parent: QWidget, remember: bool,
                   confirm: Confirm | None = None) -> bool:
    """Remember or forget the key; whether it is remembered afterwards.

    A refusal (the keychain is locked or missing) reaches the window's error line through
    `context.attempt`, and the state read back afterwards is the truth.
    """
    if remember and not (confirm or confirm_remembering)(parent):
        return is_remembered(context)
    use_case = (encryption.remember_on_this_laptop if remember
                else encryption.forget_on_this_laptop)
    context.attempt(lambda: context.read(use_case))
    return is_remembered(context)
