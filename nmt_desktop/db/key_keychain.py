"""Optional "remember on this laptop": the database key in the operating system's keychain.

Off by default. When a person turns it on, the database key is stored in the keychain of
their operating-system account (Windows Credential Manager, macOS Keychain, the Secret Service
on Linux, through `keyring`), under the database's public key id. Anyone who can sign in to
that operating-system account can then open the file without a password, which is why it is
a choice, not the default: it trades the password for the laptop's own login.

The app still asks who is signing in; only the database key comes from the keychain.

Loading `keyring` costs about 90 ms (it scans the installed packages for backends), so a start
does it only where this laptop's account chose to remember a key: a marker file named after the
key's public id in the user data folder says so (it holds nothing secret).
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any

from nmt_desktop.db.key_material import KEY_BYTES, DatabaseKey

SERVICE = "NMT Desktop database key"


class KeychainError(Exception):
    """The keychain refused or is not available; the message says which, in one line."""


MARKER_FOLDER = "remembered-keys"


def remember(key: DatabaseKey, data_dir: Path) -> None:
    """Keep `key` in this laptop's keychain (the person chose "remember on this laptop")."""
    keyring, errors = _keyring()
    try:
        keyring.set_password(SERVICE, key.key_id, base64.b64encode(key.raw).decode("ascii"))
    except errors.KeyringError as error:
        raise KeychainError(f"the keychain of this laptop refused the key ({error}).") from error
    marker = _marker(data_dir, key.key_id)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def chosen_here(key_id: str, data_dir: Path) -> bool:
    """Whether this laptop account chose to remember the key `key_id` (its marker is there)."""
    return _marker(data_dir, key_id).exists()


def remembered(key_id: str, data_dir: Path) -> DatabaseKey | None:
    """The key this laptop remembers for the database `key_id`, or None."""
    if not _marker(data_dir, key_id).exists():
        return None  # never chosen here: the keychain is not even loaded
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


def forget(key_id: str, data_dir: Path) -> None:
    """Remove the remembered key (no error if there is none)."""
    keyring, errors = _keyring()
    try:
        keyring.delete_password(SERVICE, key_id)
    except errors.PasswordDeleteError:
        pass  # nothing was remembered: forgetting is done
    except errors.KeyringError as error:
        raise KeychainError(f"the keychain of this laptop refused ({error}).") from error
    _marker(data_dir, key_id).unlink(missing_ok=True)


def _marker(data_dir: Path, key_id: str) -> Path:
    if not all(c in "0123456789abcdef" for c in key_id):
        raise KeychainError("a key id is hexadecimal.")
    return data_dir / MARKER_FOLDER / key_id


def _keyring() -> tuple[Any, Any]:
    try:
        import keyring
        import keyring.errors
    except ImportError as error:
        raise KeychainError("this build has no keychain support (Python package keyring).") \
            from error
    return keyring, keyring.errors
