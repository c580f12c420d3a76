"""A large, realistic clinic database, generated deterministically for the benchmarks.

    .venv/bin/python -m bench.large_db [--scale 1.0] [--force]

The schema comes from the app itself (`Database.open` runs the Alembic migrations); the rows are
then bulk-inserted with sqlite3 `executemany`, in the storage formats SQLAlchemy uses (uuid as
32 hex digits, naive-UTC timestamps, JSON text, enum values). Secondary indexes are dropped for
the load and recreated from their own DDL afterwards, which is several times faster than
updating random-uuid B-trees row by row; the result has exactly the migrated schema.

Shape at scale 1.0: 20,000 patients, 300,000 sessions, about 3 million marks. Visits per
patient follow a log-normal long tail (most have a handful, a few have hundreds); each patient
keeps coming back with the same few problem regions; muscles come from the atlas regions they
lie under. Names mix scripts and accents (Zoë, Łukasiewicz, 山田, Nguyễn, O'Brien).

The file is cached in .bench/ under a name that holds the generator version, the size, the seed
and the schema head, so a later run reuses it; a sidecar JSON records how long it took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from nmt_desktop.domain.atlas import load_atlas
from nmt_desktop.domain.patients import search_key
from nmt_desktop.domain.techniques import TECHNIQUES

GENERATOR_VERSION = 2
SEED = 20_260_611
FULL_PATIENTS = 20_000
FULL_SESSIONS = 300_000
THERAPISTS = 6
MAX_VISITS = 520
BATCH = 20_000
#: Where built databases are kept between runs; NMT_BENCH_CACHE moves it (the smoke test).
CACHE_DIR = Path(os.environ.get("NMT_BENCH_CACHE")
                 or Path(__file__).resolve().parent.parent / ".bench")

GIVEN_NAMES = (
    "María", "José", "Zoë", "Łukasz", "Anna", "Chloé", "Søren", "Mateo", "Olivia", "Noah",
    "Emma", "Liam", "Sofía", "Hiroshi", "Yuki", "太郎", "花子", "Mei", "Wei", "Priya", "Arjun",
    "Fatima", "Omar", "Aisha", "Mohammed", "Nguyễn Thị", "Minh", "Siobhán", "Seán", "Niamh",
    "Björn", "Åsa", "Ingrid", "François", "Hélène", "Renée", "Jürgen", "Günther", "Małgorzata",
    "Zofia", "Dorota", "Ewa", "Ярослав", "Ольга", "Dmitri", "Elif", "Çağrı", "Ayşe", "Marta",
    "Marco", "Martina", "Mario", "Maria", "Mark", "Martin", "Marie", "Margaret", "Marcus",
    "Michael", "Sarah", "David", "Jennifer", "James", "Linda", "Robert", "Patricia", "John",
    "Elizabeth", "William", "Barbara", "Thomas", "Susan", "Daniel", "Jessica", "Matthew", "Karen",
    "Andrew", "Nancy", "Joshua", "Lisa", "Kevin", "Betty", "Brian", "Helen", "George", "Sandra",
    "Edward", "Donna", "Ronald", "Carol", "Timothy", "Ruth", "Jason", "Sharon", "Jeffrey",
    "Michelle", "Ryan", "Laura", "Jacob", "Amy", "Gary", "Angela", "Nicholas", "Melissa", "Eric",
    "Brenda", "Stephen", "Anne-Marie", "Jean-Luc", "D'Arcy", "Kai", "Leilani", "Tāne", "Aroha",
)
FAMILY_NAMES = (
    "Fernández-López", "Łukasiewicz-Ñúñez", "山田", "佐藤", "鈴木", "Nguyễn", "Trần", "Lê",
    "O'Brien", "O’Connor", "McAllister", "Müller", "Schäfer", "Weiß", "Søndergaard", "Ærøe",
    "Åkesson", "Öberg", "García", "Martínez", "Rodríguez", "Hernández", "González", "Pérez",
    "Sánchez", "Ramírez", "Torres", "Núñez", "Smith", "Johnson", "Williams", "Brown", "Jones",
    "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson",
    "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
    "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins",
    "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed",
    "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks",
    "Bennett", "Gray", "James", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster",
    "Kowalski", "Wiśniewski", "Dąbrowski", "Zieliński", "Szymański", "Иванов", "Петрова",
    "Yılmaz", "Kaya", "Demir", "Çelik", "Şahin", "Khan", "Patel", "Singh", "Sharma", "Gupta",
    "Ahmed", "Ali", "Hassan", "Hussein", "Chen", "Wang", "Li", "Zhang", "Liu", "Kim", "Park",
    "Choi", "Dubois", "Lefèvre", "Moreau", "Girard", "Rossi", "Russo", "Ferrari", "Esposito",
    "Bianchi", "Marino", "Ó Súilleabháin", "Mac Giolla Phádraig", "St. John", "Smith-Jones",
    "van der Berg", "de la Cruz", "Marchetti", "Markovic", "Marsh", "Marshall", "Mason",
)
TP_STATUSES = (("active", 45), ("latent", 35), ("undetermined", 20))
PAIN_QUALITIES = ("aching", "numbness", "pins_needles", "burning", "stabbing", "throbbing",
                  "cramping", "shooting", "deep_pressure")
TEXTURES = ("ropy", "stringy", "nodular", "fibrotic", "boggy_edematous", "warm", "cool",
            "adhered")


@dataclass(frozen=True)
class Size:
    patients: int
    sessions: int

    @classmethod
    def scaled(cls, scale: float) -> Size:
        return cls(max(20, round(FULL_PATIENTS * scale)), max(200, round(FULL_SESSIONS * scale)))

    @property
    def is_full(self) -> bool:
        return self.patients >= FULL_PATIENTS and self.sessions >= FULL_SESSIONS

    def describe(self) -> str:
        return f"{self.patients:,} patients, {self.sessions:,} sessions"


@dataclass(frozen=True)
class LargeDatabase:
    path: Path
    size: Size
    build_s: float
    built_now: bool
    marks: int

    @property
    def megabytes(self) -> float:
        return self.path.stat().st_size / 1_000_000


def schema_fingerprint() -> str:
    """Schema head plus a digest of the migration scripts: a changed migration means a rebuild."""
    from nmt_desktop.db.schema import SCHEMA_HEAD

    digest = hashlib.sha256()
    versions = resources.files("nmt_desktop.db") / "migrations" / "versions"
    for script in sorted(versions.iterdir(), key=lambda entry: entry.name):
        if script.name.endswith(".py"):
            digest.update(script.read_bytes())
    return f"{SCHEMA_HEAD}-{digest.hexdigest()[:8]}"


def cache_path(size: Size, seed: int = SEED) -> Path:
    name = (f"clinic-g{GENERATOR_VERSION}-{size.patients}p-{size.sessions}s-seed{seed}"
            f"-schema{schema_fingerprint()}.sqlite")
    return CACHE_DIR / name


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


class _Atlas:
    """What the generator needs from the atlas, precomputed once."""

    def __init__(self, rng: random.Random) -> None:
        atlas = load_atlas()
        self.region_ids = [r for r in atlas.regions if atlas.muscles_under(r)]
        self.side = {r: atlas.regions[r].side.value for r in atlas.regions}
        self.view = {r: atlas.regions[r].view.value for r in atlas.regions}
        self.muscles = {r: [m.muscle_id for m in atlas.muscles_under(r)][:4]
                        for r in self.region_ids}
        self.spots: dict[str, list[tuple[float, float]]] = {}
        for region_id in self.region_ids:
            x0, y0, x1, y1 = atlas.bbox(region_id)
            spots = [atlas.label_point(region_id)]
            for _ in range(60):
                x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
                hit = atlas.region_at(x, y)
                if hit is not None and hit.id == region_id:
                    spots.append((round(x, 2), round(y, 2)))
                if len(spots) >= 12:
                    break
            self.spots[region_id] = spots


def _visit_counts(rng: random.Random, size: Size) -> list[int]:
    """Visits per patient: a log-normal long tail summing exactly to size.sessions.

    The longest chart is capped at ten years of weekly visits.
    """
    weights = [rng.lognormvariate(1.6, 1.0) for _ in range(size.patients)]
    factor = size.sessions / sum(weights)
    counts = [min(MAX_VISITS, max(1, round(w * factor))) for w in weights]
    gap = size.sessions - sum(counts)
    order = sorted(range(size.patients), key=lambda i: -counts[i])
    step = 1 if gap > 0 else -1
    index = 0
    while gap:
        patient = order[index % len(order)]
        if 1 <= counts[patient] + step <= MAX_VISITS:
            counts[patient] += step
            gap -= step
        index += 1
    return counts


class _Generator:
    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.atlas = _Atlas(self.rng)
        self.now = dt.datetime(2026, 6, 1, 12, 0)
        self.created = _stamp(self.now)
        self.marks = 0
        self.tp_statuses = [s for s, w in TP_STATUSES for _ in range(w)]
        self.techniques = [t.id for t in TECHNIQUES if not t.outside_massage_scope]

    def uid(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def therapists(self) -> list[tuple[object, ...]]:
        return [(i + 1, self.uid(), f"Therapist {i + 1} Ærøe-Nguyễn", "LMT, CNMT",
                 f"MA-{100_000 + i}", 1, self.created, self.created) for i in range(THERAPISTS)]

    def patients(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        given_weights = [1 / (i + 1) ** 0.6 for i in range(len(GIVEN_NAMES))]
        family_weights = [1 / (i + 1) ** 0.5 for i in range(len(FAMILY_NAMES))]
        for index in range(self.size.patients):
            given = rng.choices(GIVEN_NAMES, given_weights)[0]
            family = rng.choices(FAMILY_NAMES, family_weights)[0]
            born = dt.date(1935, 1, 1) + dt.timedelta(days=rng.randrange(27_000))
            yield (index + 1, self.uid(), str(1001 + index), given, family, search_key(given),
                   search_key(family), born.isoformat(), f"555-{rng.randrange(10_000):04d}",
                   "", "", "", "", int(rng.random() < 0.05), self.created, self.created)

    def sessions(self, counts: list[int]) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        session_id = 0
        for patient_index, visits in enumerate(counts):
            therapist = rng.randrange(THERAPISTS) + 1
            span_days = min(4_300, visits * rng.randint(6, 21))
            moment = self.now - dt.timedelta(days=span_days + rng.randrange(60))
            for visit in range(visits):
                session_id += 1
                started = moment.replace(hour=rng.randint(8, 17), minute=rng.choice((0, 30)),
                                         second=0, microsecond=0)
                latest = visit == visits - 1
                signed = not latest or rng.random() < 0.7
                who = therapist if rng.random() < 0.9 else rng.randrange(THERAPISTS) + 1
                duration = rng.choice((30, 45, 60, 60, 60, 90))
                yield (session_id, self.uid(), patient_index + 1, who, _stamp(started), duration,
                       "signed" if signed else "draft",
                       _stamp(started + dt.timedelta(minutes=duration)) if signed else None,
                       "1", _stamp(started), _stamp(started), who if signed else None)
                moment += dt.timedelta(days=max(1, round(rng.gauss(span_days / visits, 3))))

    def marks_of(self, session_id: int, focus: list[str], stamp: str,
                 points: list[tuple[object, ...]], zones: list[tuple[object, ...]],
                 ratings: list[tuple[object, ...]]) -> None:
        rng, atlas = self.rng, self.atlas
        before = len(points) + len(zones) + len(ratings)

        def region() -> str:
            return rng.choice(focus) if rng.random() < 0.85 else rng.choice(atlas.region_ids)
        for _ in range(min(12, int(rng.expovariate(1 / 6.0)))):
            region_id = region()
            x, y = rng.choice(atlas.spots[region_id])
            muscles = atlas.muscles[region_id]
            grade = rng.randint(0, 4)
            points.append((
                session_id, self.uid(), atlas.view[region_id], x, y, region_id,
                rng.choice(muscles) if rng.random() < 0.9 else None, atlas.side[region_id],
                rng.choice(self.tp_statuses), int(rng.random() < 0.8), int(rng.random() < 0.7),
                int(rng.random() < 0.5), int(rng.random() < 0.4), "[]",
                int(rng.random() < 0.5), rng.choice(("none", "none", "palpable", "visible")),
                int(rng.random() < 0.2), grade,
                round(rng.uniform(1.5, 6.0), 1) if rng.random() < 0.3 else None,
                "kg/cm2" if rng.random() < 0.3 else None, int(rng.random() < 0.3),
                int(rng.random() < 0.2), rng.choice(("key", "satellite", "unknown", "unknown")),
                json.dumps(rng.sample(self.techniques, rng.randint(1, 3))),
                max(0, grade - rng.randint(0, 2)), "", stamp, stamp))
        painted = set()
        for _ in range(min(8, int(rng.expovariate(1 / 3.8)))):
            region_id = region()
            if region_id in painted:
                continue
            painted.add(region_id)
            zones.append((session_id, self.uid(), region_id, rng.randint(1, 9),
                          json.dumps(rng.sample(PAIN_QUALITIES, rng.randint(0, 3))),
                          "patient_report" if rng.random() < 0.8 else "therapist_palpation",
                          stamp, stamp))
        for _ in range(min(8, int(rng.expovariate(1 / 3.8)))):
            region_id = region()
            ratings.append((session_id, self.uid(), region_id,
                            rng.choice(atlas.muscles[region_id]) if rng.random() < 0.3 else None,
                            atlas.side[region_id], rng.randint(0, 3),
                            json.dumps(rng.sample(TEXTURES, rng.randint(0, 2))), stamp, stamp))
        self.marks += len(points) + len(zones) + len(ratings) - before


PATIENT_SQL = (
    "INSERT INTO patient (id, uid, chart_number, given_name, family_name, given_key, family_key,"
    " date_of_birth, phone, email, address, referring_physician, referral_reason, archived,"
    " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
THERAPIST_SQL = (
    "INSERT INTO therapist (id, uid, full_name, credentials, licence_number, active, created_at,"
    " updated_at) VALUES (?,?,?,?,?,?,?,?)")
SESSION_SQL = (
    "INSERT INTO treatment_session (id, uid, patient_id, therapist_id, started_at,"
    " duration_minutes, status, signed_at, atlas_version, created_at, updated_at,"
    " signed_by_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
TRIGGER_POINT_SQL = (
    "INSERT INTO trigger_point (session_id, uid, view, x, y, region_id, muscle_id, side, status,"
    " taut_band, hypersensitive_spot, nodule, referred_pain, referral_regions, pain_recognition,"
    " local_twitch, jump_sign, tenderness_grade, ppt_value, ppt_unit, rom_restriction, weakness,"
    " key_or_satellite, techniques, post_treatment_grade, note, created_at, updated_at)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
PAIN_ZONE_SQL = (
    "INSERT INTO pain_zone (session_id, uid, region_id, nrs, qualities, source, created_at,"
    " updated_at) VALUES (?,?,?,?,?,?,?,?)")
TENSION_SQL = (
    "INSERT INTO tension_rating (session_id, uid, region_id, muscle_id, side, grade,"
    " texture_tags, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")


def _create_schema(path: Path) -> None:
    from nmt_desktop.db.database import Database

    Database.open(f"sqlite:///{path}").close()


def _load(connection: sqlite3.Connection, generator: _Generator) -> None:
    rng = generator.rng
    connection.executemany(THERAPIST_SQL, generator.therapists())
    connection.executemany(PATIENT_SQL, generator.patients())
    counts = _visit_counts(rng, generator.size)
    session_rows: list[tuple[object, ...]] = []
    points: list[tuple[object, ...]] = []
    zones: list[tuple[object, ...]] = []
    ratings: list[tuple[object, ...]] = []
    focus: list[str] = []
    current_patient = 0

    def flush() -> None:
        connection.executemany(SESSION_SQL, session_rows)
        connection.executemany(TRIGGER_POINT_SQL, points)
        connection.executemany(PAIN_ZONE_SQL, zones)
        connection.executemany(TENSION_SQL, ratings)
        for rows in (session_rows, points, zones, ratings):
            rows.clear()

    for row in generator.sessions(counts):
        session_rows.append(row)
        patient_id = row[2]
        if patient_id != current_patient:
            current_patient = patient_id  # type: ignore[assignment]
            focus = rng.sample(generator.atlas.region_ids, rng.randint(2, 7))
        generator.marks_of(row[0], focus, row[4], points, zones, ratings)  # type: ignore[arg-type]
        if len(session_rows) >= BATCH:
            flush()
    flush()


def build(path: Path, size: Size, seed: int = SEED) -> int:
    """Create the database at `path` (replacing it); return the number of marks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    _create_schema(partial)
    connection = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("PRAGMA cache_size=-200000")
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name IN ('patient', 'treatment_session', 'trigger_point', 'pain_zone',"
            " 'tension_rating')").fetchall()
        connection.execute("BEGIN")
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        generator = _Generator(size, seed)
        _load(connection, generator)
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
        # The app opens files in WAL mode; leave the file as the app would find it.
        connection.execute("PRAGMA journal_mode=WAL")
    finally:
        connection.close()
    partial.replace(path)
    return generator.marks


def ensure(size: Size, seed: int = SEED, force: bool = False) -> LargeDatabase:
    """The cached database of this size, built first if missing (or if `force`)."""
    path = cache_path(size, seed)
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists() and not force:
        meta = json.loads(meta_path.read_text())
        return LargeDatabase(path, size, meta["build_s"], False, meta["marks"])
    start = time.perf_counter()
    marks = build(path, size, seed)
    build_s = time.perf_counter() - start
    meta_path.write_text(json.dumps({"build_s": round(build_s, 2), "marks": marks}))
    return LargeDatabase(path, size, round(build_s, 2), True, marks)


def biggest_chart(path: Path) -> tuple[str, int]:
    """Chart number and session count of the patient with the most sessions."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        chart_number, count = connection.execute(
            "SELECT p.chart_number, count(*) AS n FROM treatment_session s"
            " JOIN patient p ON p.id = s.patient_id GROUP BY s.patient_id"
            " ORDER BY n DESC, s.patient_id LIMIT 1").fetchone()
    finally:
        connection.close()
    return str(chart_number), int(count)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 20,000 patients")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args()
    large = ensure(Size.scaled(args.scale), force=args.force)
    chart, visits = biggest_chart(large.path)
    state = "built" if large.built_now else "reused"
    print(f"{large.path}: {large.size.describe()}, {large.marks:,} marks, "
          f"{large.megabytes:.0f} MB, {state} (build {large.build_s:.1f} s); "
          f"biggest chart {chart} with {visits} sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
