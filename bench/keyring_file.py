"""A keychain in a JSON file, for the start-up benchmark of an encrypted database only.

The benchmark starts the app in child processes that must find the database key the way a
laptop with "remember on this laptop" does, without touching the machine's real keychain:
`PYTHON_KEYRING_BACKEND=bench.keyring_file.FileKeyring` and `NMT_BENCH_KEYRING` (the file).
Never for real keys: the file is as readable as any other file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_VARIABLE = "NMT_BENCH_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @staticmethod
    def _file() -> Path:
        return Path(os.environ[FILE_VARIABLE])

    def _load(self) -> dict[str, str]:
        file = self._file()
        return dict(json.loads(file.read_text())) if file.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        stored = self._load()
        stored[f"{service}/{username}"] = password
        self._file().write_text(json.dumps(stored))

    def delete_password(self, service: str, username: str) -> None:
        stored = self._load()
        if stored.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("not stored")
        self._file().write_text(json.dumps(stored))
