"""Optional "remember on this laptop": the database key in the operating system's keychain.

Off by default. When a person turns it on, the database key is stored in the keychain of
their operating-system account (Windows Credential Manager, macOS Keychain, the Secret Service
on Linux, through `keyring`), under the database's public key id. Anyone who can sign in to
that operating-system account can then open the file without a password, which is why it is
a choice, not the default: it trades the password for the laptop's own login.

The app still asks who is signing in; only the database key comes from the keychain.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from nmt_desktop.db.key_material import KEY_BYTES, DatabaseKey

SERVICE = "NMT Desktop database key"


class KeychainError(Exception):
    """The keychain refused or is not available; the message says which, in one line."""


def remember(key: DatabaseKey) -> None:
    """Keep `key` in this laptop's keychain (the person chose "remember on this laptop")."""
    keyring, errors = _keyring()
    try:
        keyring.set_password(SERVICE, key.key_id, base64.b64encode(key.raw).decode("ascii"))
    except errors.KeyringError as error:
        raise KeychainError(f"the keychain of this laptop refused the key ({error}).") from error


def remembered(key_id: str) -> DatabaseKey | None:
    """The key this laptop remembers for the database `key_id`, or None."""
    keyring, errors = _keyring()
    try:
        stored = keyring.get_password(SERVICE, key_id)
    except errors.KeyringError as error:
        raise KeychainError(f"the keychain of this laptop cannot be read ({error}).") from error
    if stored is None:
        return None
    try:
        raw = base64.b64decode(stored, validate=True)
    except binascii.Error as error:
        raise KeychainError("the key remembered on this laptop is damaged; forget it and "
                            "sign in with your password.") from error
    if len(raw) != KEY_BYTES or DatabaseKey(raw).key_id != key_id:
        raise KeychainError("the key remembered on this laptop is not this database's; forget "
                            "it and sign in with your password.")
    return DatabaseKey(raw)


def forget(key_id: str) -> None:
    """Remove the remembered key (no error if there is none)."""
    keyring, errors = _keyring()
    try:
        keyring.delete_password(SERVICE, key_id)
    except errors.PasswordDeleteError:
        return  # nothing was remembered: forgetting is done
    except errors.KeyringError as error:
        raise KeychainError(f"the keychain of this laptop refused ({error}).") from error


def _keyring() -> tuple[Any, Any]:
    try:
        import keyring
        import keyring.errors
    except ImportError as error:
        raise KeychainError("this build has no keychain support (Python package keyring).") \
            from error
    return keyring, keyring.errors
