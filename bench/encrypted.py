"""The same figures on a SQLCipher-encrypted database, beside the plain one (issue #14).

    .venv/bin/python -m bench.encrypted [--scale 0.1] [--runs 25]

Open the biggest chart and search: the app's own use cases (as in bench/large_queries.py) on
the large clinic and on an encrypted copy of it, interleaved in one process, medians; the ratio
is encrypted ÷ plain (target ≤ 1.15). The encrypted copy is made once with the app's own
"encrypt in place" (db/encrypting.py) and cached beside the plain file in .bench/.

The key is a fixed benchmark key: the figures are about SQLCipher's page decryption on every
read and encryption on every write, not about the password derivation, which happens once per
sign-in and is reported separately (`key_unwrap_ms`: argon2id with the app's parameters).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from functools import partial
from pathlib import Path

from bench.common import median, note, ratio, timed_ms
from bench.large_db import LargeDatabase, Size, biggest_chart, ensure
from bench.large_queries import SEARCH_PAGE, SEARCH_PREFIXES
from nmt_desktop.db.key_material import DatabaseKey

#: Benchmarks only: a key anyone can compute protects nothing.
BENCH_KEY = DatabaseKey(hashlib.sha256(b"NMT Desktop benchmark key, not a secret").digest())


def encrypted_copy(large: LargeDatabase) -> Path:
    """The large clinic encrypted with BENCH_KEY, made once and cached beside it."""
    from nmt_desktop.db.encrypting import encrypt_file

    target = large.path.with_name(large.path.stem + ".encrypted.sqlite")
    if target.exists():
        return target
    work = large.path.with_name(large.path.stem + ".encrypting.sqlite")
    shutil.copyfile(large.path, work)
    done = encrypt_file(work, BENCH_KEY)
    done.plaintext_copy.unlink()
    work.replace(target)
    note(f"  encrypted copy of the large clinic made ({done.rows:,} rows verified)")
    return target


def measure_queries(plain: Path, encrypted: Path, runs: int) -> dict[str, float]:
    """Open chart and search on both files, interleaved; encrypted ÷ plain."""
    from nmt_desktop.db.database import Database
    from nmt_desktop.services import charting, patient_search
    from nmt_desktop.services import patients as patient_service
    from nmt_desktop.services import sessions as session_service
    from nmt_desktop.services.program_person import program_person

    chart_number, _ = biggest_chart(plain)
    bench = program_person("bench")
    plain_db = Database.open(f"sqlite:///{plain}").signed_in_as(bench)
    encrypted_db = Database.open(f"sqlite:///{encrypted}", key=BENCH_KEY).signed_in_as(bench)
    try:
        assert encrypted_db.encrypted and not plain_db.encrypted
        patient_uid = patient_service.get_patient(plain_db, chart_number).uid

        def open_chart(db: Database) -> int:
            sessions = session_service.list_sessions(db, patient_uid)
            chart = charting.load_chart(db, sessions[0].uid)
            return len(sessions) + len(chart.trigger_points) + len(chart.pain_zones)

        def search(db: Database, prefix: str) -> int:
            return len(patient_search.search_patients(db, prefix, limit=SEARCH_PAGE))

        assert open_chart(plain_db) == open_chart(encrypted_db), "open chart differs"
        for prefix in SEARCH_PREFIXES:
            assert search(plain_db, prefix) == search(encrypted_db, prefix), prefix
        chart_plain, chart_encrypted, search_plain, search_encrypted = [], [], [], []
        for _ in range(runs):
            chart_plain.append(timed_ms(partial(open_chart, plain_db)))
            chart_encrypted.append(timed_ms(partial(open_chart, encrypted_db)))
            for prefix in SEARCH_PREFIXES:
                search_plain.append(timed_ms(partial(search, plain_db, prefix)))
                search_encrypted.append(timed_ms(partial(search, encrypted_db, prefix)))
    finally:
        plain_db.close()
        encrypted_db.close()
    open_ms, search_ms = median(chart_encrypted), median(search_encrypted)
    return {
        "encrypted_open_chart_ms": round(open_ms, 2),
        "encrypted_open_chart_ratio": ratio(open_ms, median(chart_plain)),
        "encrypted_search_ms": round(search_ms, 2),
        "encrypted_search_ratio": ratio(search_ms, median(search_plain)),
    }


def key_unwrap_ms(runs: int = 3) -> dict[str, float]:
    """One sign-in's key derivation and unwrap, with the app's argon2id parameters."""
    import tempfile

    from nmt_desktop.db import key_file

    with tempfile.TemporaryDirectory(prefix="nmt-bench-key-") as folder:
        database = Path(folder) / "chart.sqlite"
        key_file.create_database_key(database, "bench", "a pass phrase for the benchmark")
        samples = [timed_ms(partial(key_file.unlock, database, "bench",
                                    "a pass phrase for the benchmark")) for _ in range(runs)]
    return {"key_unwrap_ms": round(median(samples), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    large = ensure(Size.scaled(args.scale))
    figures = measure_queries(large.path, encrypted_copy(large), args.runs)
    print(json.dumps(figures | key_unwrap_ms()))


if __name__ == "__main__":
    main()
