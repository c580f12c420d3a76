"""Write tests/fixtures/db/<head>.sqlite: the demo clinic as this release stores it.

Run once per schema revision, when the release that introduced it is final; the committed
file is what every later migration must upgrade with its data intact
(tests/db/test_fixture_databases.py).

    .venv/bin/python tools/make_fixture_db.py
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nmt_desktop.db.database import Database  # noqa: E402
from nmt_desktop.db.schema import SCHEMA_HEAD  # noqa: E402
from nmt_desktop.services.demo import load_demo_clinic  # noqa: E402

# A fixed "today" keeps the demo's dates, and so the file, the same on every run.
DEMO_TODAY = dt.date(2026, 11, 21)


def main() -> None:
    target = ROOT / "tests" / "fixtures" / "db" / f"{SCHEMA_HEAD}.sqlite"
    if target.exists():
        sys.exit(f"{target} exists; a released fixture is never rewritten.")
    db = Database.open(f"sqlite:///{target}")
    try:
        print(load_demo_clinic(db, today=DEMO_TODAY))
    finally:
        db.close()
    with sqlite3.connect(target) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    connection = sqlite3.connect(target)
    connection.execute("VACUUM")
    connection.close()
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
