"""How one database is entered: who may sign in, and signing in, whatever kind it is.

The window and the command line sign in through this one object, so that a plain file, an
encrypted file, a file not created yet and a clinic server are entered the same way:

- a plain SQLite file is opened first (unbound) and the person checked against its argon2id
  hashes (services/sign_in.py);
- an encrypted file is opened only once the person's password has unwrapped its key
  (services/encryption.py); the same password then signs them in;
- a file that does not exist yet is created encrypted by its first owner, whose recovery code
  both derives the database key and resets the owner's password;
- a clinic server is entered with the person's own PostgreSQL login
  (services/clinic_server.py): the server, not the app, checks the password.
"""

from __future__ import annotations

import enum
from pathlib import Path

from nmt_desktop.db.database import Database
from nmt_desktop.db.errors import DatabaseRefusedError, LoginRefusedError
from nmt_desktop.db.preflight import display_location, sidecars, sqlite_path
from nmt_desktop.domain.errors import ValidationError
from nmt_desktop.services.account_records import SignInChoices
from nmt_desktop.services.database_lock import DatabaseLock, database_lock
from nmt_desktop.services.sign_in_list import listed_choices

# The sign-in window is the first paint, so the door loads only what painting it needs:
# services/sign_in.py (and with it SQLAlchemy) is imported by signing in, and
# services/encryption.py (key files, SQLCipher, the keychain) by an encrypted file's first use.
# A plain file's list of accounts is read without the ORM.

__all__ = ["DoorKind", "FrontDoor"]

#: Before the first sign-in nothing of an encrypted file or a server can be read: the clinic's
#: own idle limit applies from the first sign-in on.
DEFAULT_LOCK_AFTER_MINUTES = 5


class DoorKind(enum.StrEnum):
    PLAIN_FILE = "plain_file"
    ENCRYPTED_FILE = "encrypted_file"
    NEW_FILE = "new_file"  # the first owner creates it, encrypted
    SERVER = "server"


class FrontDoor:
    """Signing in to the database at `url` (one per window or command; not thread-safe)."""

    def __init__(self, url: str, kind: DoorKind, opened: Database | None = None, *,
                 new_database_in_empty_file: bool = False) -> None:
        self.url = url
        self._kind = kind
        #: A zero-length file the person agreed to start anew (a new file is made otherwise).
        self.new_database_in_empty_file = new_database_in_empty_file
        #: The open database, nobody signed in: from the start for a plain file, after the
        #: first sign-in for an encrypted one; never for a server (each login has its own).
        self._opened = opened
        #: Why the key remembered on this laptop could not open the file ("" if it could).
        self.remembered_key_problem = ""

    @classmethod
    def for_url(cls, url: str, *, opened: Database | None = None,
                new_database_in_empty_file: bool = False) -> FrontDoor:
        """The door of `url`; `opened`: the plain file the caller already opened, unbound.

        An encrypted file with the key this laptop remembers (if someone chose that) is
        opened at once, like a plain one; its people still sign in with their passwords.
        """
        if sqlite_path(url) is None:
            return cls(url, DoorKind.SERVER)
        lock = database_lock(url)
        if lock is DatabaseLock.NEW:
            return cls(url, DoorKind.NEW_FILE,
                       new_database_in_empty_file=new_database_in_empty_file)
        if lock is DatabaseLock.NONE:
            return cls(url, DoorKind.PLAIN_FILE, opened or Database.open(url))
        door = cls(url, DoorKind.ENCRYPTED_FILE, opened if opened and opened.encrypted else None)
        door.open_with_remembered_key()
        return door

    def open_with_remembered_key(self) -> bool:
        """Open an encrypted file with the key this laptop remembers, if someone chose that.

        True when it opened (its accounts can then be listed; each person still signs in
        with their own password). The window calls this right after its first paint: loading
        the keychain takes longer than painting the sign-in page. When the keychain refuses
        or holds a damaged key, `note` says so and the password still opens the file.
        """
        if self.kind is not DoorKind.ENCRYPTED_FILE or self._opened is not None:
            return False
        from nmt_desktop.db.key_keychain import KeychainError
        from nmt_desktop.services import encryption

        try:
            self._opened = encryption.open_remembered(self.url, for_start=True)  # engine: later
        except KeychainError as problem:
            said = str(problem)
            if "password" not in said:
                said += " Sign in with your password."
            self.remembered_key_problem = said[:1].upper() + said[1:]
            return False
        return self._opened is not None

    @property
    def kind(self) -> DoorKind:
        """How the database is entered now.

        A plain file that "Encrypt this database" encrypted while it was open is entered as an
        encrypted file from then on, as it will be at the next start: each person's own copy
        of the key is checked at every sign-in.
        """
        if self._kind is DoorKind.PLAIN_FILE and self._opened is not None \
                and self._opened.encrypted:
            return DoorKind.ENCRYPTED_FILE
        return self._kind

    @property
    def location(self) -> str:
        return display_location(self.url)

    @property
    def opened(self) -> Database | None:
        """The open database nobody is signed in to.

        None before an encrypted file's first sign-in, and always for a server.
        """
        return self._opened

    def choices(self) -> SignInChoices:
        """What the sign-in window shows.

        Only a plain (or unlocked) file lists its accounts: an encrypted file and a server show
        nothing of theirs before someone signs in.
        """
        if self._opened is not None and self.kind is not DoorKind.SERVER:
            if self._opened.sqlite_file is not None:
                return listed_choices(self._opened)
            from nmt_desktop.services import sign_in

            return sign_in.sign_in_choices(self._opened)
        return SignInChoices(accounts=(), owner_setup_needed=self.kind is DoorKind.NEW_FILE,
                             owner=None, demo_password=None,
                             lock_after_minutes=DEFAULT_LOCK_AFTER_MINUTES)

    def sign_in(self, user_name: str, password: str) -> Database:
        """The database as the person sees it, or a refusal (SignInRefusedError and kin)."""
        from nmt_desktop.services import sign_in

        if self.kind is DoorKind.SERVER:
            from nmt_desktop.services.clinic_server import sign_in_to_server

            try:
                return sign_in_to_server(self.url, user_name, password)
            except LoginRefusedError:
                # A wrong password or an unknown login: the same words as on a file, which
                # confirm neither the name nor the server's reason.
                raise sign_in.SignInRefusedError(sign_in.WRONG_NAME_OR_PASSWORD) from None
            except DatabaseRefusedError as refusal:
                # Gone, a refused TLS certificate, no such database: one line that says which.
                raise sign_in.SignInRefusedError(str(refusal)) from None
        if self.kind is DoorKind.ENCRYPTED_FILE:
            self._unlock(user_name, password)
        if self._opened is None:
            raise sign_in.SignInRefusedError(
                "Nobody can sign in yet: the first owner sets up this database.")
        return sign_in.sign_in(self._opened, user_name, password)

    def _unlock(self, user_name: str, password: str) -> None:
        """Check the person's copy of the key (and open the file with it, the first time)."""
        from nmt_desktop.db.key_file import (
            KeyFileError,
            UnknownKeyHolderError,
            WrongPasswordError,
        )
        from nmt_desktop.services import encryption, sign_in

        try:
            key = encryption.unlock(self.url, user_name.strip().lower(), password)
        except (WrongPasswordError, UnknownKeyHolderError):
            # The same words as a wrong password on a plain file: nothing tells whether the
            # user name exists.
            raise sign_in.SignInRefusedError(sign_in.WRONG_NAME_OR_PASSWORD) from None
        except KeyFileError as error:  # missing or damaged key file: said where one looks
            raise sign_in.SignInRefusedError(str(error)) from None
        if self._opened is None:
            self._opened = Database.open(self.url, key=key)

    def set_up_owner(self, password: str, *, display_name: str = "", user_name: str = "",
                     credentials: str = "", licence_number: str = "") -> tuple[Database, str]:
        """First start: the owner's account and password; the handle and the one-time code.

        A new file is created encrypted, its key derived from that recovery code.
        """
        from nmt_desktop.services import sign_in

        if self.kind is DoorKind.SERVER:
            raise sign_in.SignInRefusedError(
                "A clinic server's accounts are made by its IT person (`nmt-desktop server "
                "add-user`).")
        if self.kind is DoorKind.NEW_FILE:
            from nmt_desktop.services import encryption
            from nmt_desktop.services.passwords import password_problem

            problem = password_problem(password, user_name)
            if problem:
                raise ValidationError({"password": problem})
            from nmt_desktop.services._uow.account_rows import clean_user_name

            user = clean_user_name(user_name)
            created = encryption.create_encrypted_database(
                self.url, user, password,
                new_database_in_empty_file=self.new_database_in_empty_file)
            try:
                result = sign_in.set_up_owner(
                    created.db, password, display_name=display_name, user_name=user,
                    credentials=credentials, licence_number=licence_number,
                    recovery_code=created.recovery_code)
            except BaseException:
                # No owner, no database: the next try makes the file (and its key) anew,
                # instead of an owner whose recovery code is not the key's.
                created.db.close()
                self._remove_new_file(created.key_file)
                raise
            self._opened, self._kind = created.db, DoorKind.ENCRYPTED_FILE
            return result
        if self._opened is None:
            raise sign_in.SignInRefusedError("Sign in to unlock this database first.")
        return sign_in.set_up_owner(self._opened, password, display_name=display_name,
                                    user_name=user_name, credentials=credentials,
                                    licence_number=licence_number)

    def reset_with_recovery_code(self, code: str, new_password: str, *,
                                 owner_user_name: str = "") -> tuple[Database, str]:
        """The owner's printed code sets a new password; the handle and the code to keep.

        For an encrypted file it also opens the data when the key file is lost or damaged;
        its code stays the same (the key is derived from it). A plain file's code is renewed.
        """
        from nmt_desktop.services import sign_in

        if self.kind is DoorKind.SERVER:
            raise sign_in.SignInRefusedError(
                "On a clinic server, passwords are reset by its IT person.")
        if self.kind is DoorKind.ENCRYPTED_FILE and self._opened is None:
            from nmt_desktop.db.key_file import KeyFileError
            from nmt_desktop.db.key_material import RecoveryCodeError
            from nmt_desktop.services import encryption

            owner = owner_user_name.strip().lower()
            if not owner:
                raise ValidationError({"user_name": "Type the owner's user name."})
            try:
                self._opened = encryption.open_with_recovery_code(self.url, code, owner,
                                                                  new_password)
            except (RecoveryCodeError, KeyFileError) as refusal:
                raise sign_in.SignInRefusedError(str(refusal)) from None
        if self._opened is None:
            raise sign_in.SignInRefusedError("There is nothing to recover: no database yet.")
        return sign_in.reset_with_recovery_code(self._opened, code, new_password)

    def _remove_new_file(self, key_file: Path) -> None:
        path = sqlite_path(self.url)
        assert path is not None  # a NEW_FILE door is a file's
        for made in (path, *sidecars(path), key_file):
            made.unlink(missing_ok=True)
        if self.new_database_in_empty_file:
            path.write_bytes(b"")  # the empty file the person agreed to start anew, as it was

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()

    @property
    def note(self) -> str:
        """One sentence for the sign-in page: how this kind of database is entered."""
        if self.kind is DoorKind.ENCRYPTED_FILE:
            note = "This database is encrypted: your own password unlocks it."
            return "\n".join(filter(None, (note, self.remembered_key_problem)))
        if self.kind is DoorKind.SERVER:
            return f"Clinic server {self.location}: sign in with your own server login."
        if self.kind is DoorKind.NEW_FILE:
            return ("A new database: it is created encrypted, and only your password or "
                    "the recovery code opens it.")
        return ""

    def database_file(self) -> Path | None:
        return sqlite_path(self.url)
