"""Chart files encrypted with age: for a clinic's exchange key or with a password.

Round trips through the services, the bytes on disk, and every refusal: each leaves the
database as it was.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from nmt_desktop.db.database import Database
from nmt_desktop.domain.access import Role
from nmt_desktop.domain.errors import NotAllowedError, ValidationError
from nmt_desktop.services.exchange import (
    ChartFileRefusedError,
    ChartPasswordNeededError,
    ChartProtection,
    Protection,
    WrongChartPasswordError,
    chart_document,
    chart_json,
    clinic_exchange_key,
    create_clinic_exchange_key,
    export_chart_json,
    file_protection,
    import_chart,
    read_chart_file,
)
from nmt_desktop.services.exchange import chart_file as chart_file_module
from tests.people import TEST_OWNER, as_role
from tests.services.exchange.charts import Chart, audit_events, make_chart, row_counts
from tests.services.exchange.protected_files import PASSWORD, readable_secrets


@pytest.fixture
def chart(source: Database) -> Chart:
    return make_chart(source)


@pytest.fixture
def receiving(tmp_path: Path) -> Iterator[Database]:
    """The other clinic's laptop, with its exchange key made by its owner."""
    database = Database.open(f"sqlite:///{tmp_path / 'receiving.sqlite'}")
    yield database.signed_in_as(TEST_OWNER)
    database.close()


@pytest.fixture(scope="module")
def password_file(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A chart file encrypted with PASSWORD (scrypt takes a second or two: made once)."""
    database = Database.open(
        f"sqlite:///{tmp_path_factory.mktemp('pw') / 'pw.sqlite'}").signed_in_as(TEST_OWNER)
    try:
        chart = make_chart(database)
        out = tmp_path_factory.mktemp("pw-out") / "chart.json.age"
        export_chart_json(database, chart.chart_number, out,
                          ChartProtection.with_password(PASSWORD))
        return out.read_bytes()
    finally:
        database.close()


def _refused_without_change(db: Database, content: bytes, error: type[Exception],
                            password: str | None = None) -> str:
    before = row_counts(db)
    with pytest.raises(error) as refused:
        import_chart(db, content, password=password)
    assert row_counts(db) == before
    message = str(refused.value)
    assert "\n" not in message
    return message


# -- round trips -------------------------------------------------------------------------------


def test_chart_encrypted_for_a_clinic_opens_there_with_its_own_key(
        source: Database, chart: Chart, receiving: Database, tmp_path: Path) -> None:
    # GIVEN the receiving clinic's exchange key, pasted into the export
    key, changes = create_clinic_exchange_key(receiving)
    assert key.startswith("age1") and len(key) == 62 and changes.settings
    out = tmp_path / "chart.json.age"
    # WHEN the chart is exported for that key
    result = export_chart_json(source, chart.chart_number, out,
                               ChartProtection.for_clinic(f"  {key}\n"))
    # THEN the file is an age file that reads like noise
    content = out.read_bytes()
    assert content.startswith(b"age-encryption.org/v1\n") and b"X25519" in content
    assert readable_secrets(content) == []
    assert readable_secrets(chart_json(chart_document(source, chart.patient_uid)))  # the check
    assert file_protection(content) is Protection.CLINIC_KEY
    assert result.paths == (out,)
    (event,) = audit_events(source, "export")
    assert event.detail["protection"] == "clinic key" and event.detail["exchange_key"] == key
    # AND the receiving clinic imports it without any password
    report = import_chart(receiving, read_chart_file(out))
    assert report.patient_uid == chart.patient_uid and report.created["sessions"] == 2
    (imported,) = [e for e in audit_events(receiving, "import") if e.entity_type == "chart"]
    assert imported.detail["protection"] == "clinic key"


def test_chart_encrypted_with_a_password_opens_with_it(
        password_file: bytes, db: Database) -> None:
    assert readable_secrets(password_file) == []
    assert b"-> scrypt " in password_file
    assert file_protection(password_file) is Protection.PASSWORD
    report = import_chart(db, password_file, password=PASSWORD)
    assert report.created["sessions"] == 2
    (imported,) = [e for e in audit_events(db, "import") if e.entity_type == "chart"]
    assert imported.detail["protection"] == "password"
    assert PASSWORD not in json.dumps([e.detail for e in audit_events(db, "import")])


def test_armored_file_from_the_age_tool_opens_too(
        source: Database, chart: Chart, receiving: Database) -> None:
    # GIVEN a chart file encrypted by hand with `age -a -r KEY` (the same format, armored)
    key, _ = create_clinic_exchange_key(receiving)
    plain = chart_json(chart_document(source, chart.patient_uid))
    armored = pyrage.encrypt(plain, [x25519.Recipient.from_str(key)], armored=True)
    assert armored.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    # THEN the app opens it like its own
    assert import_chart(receiving, armored).patient_uid == chart.patient_uid


def test_plain_export_stays_plain_and_says_so_in_the_audit(
        source: Database, chart: Chart, tmp_path: Path) -> None:
    out = tmp_path / "chart.json"
    export_chart_json(source, chart.chart_number, out, ChartProtection.plain())
    assert readable_secrets(out.read_bytes())
    assert audit_events(source, "export")[0].detail["protection"] == "none"


# -- the clinic's key --------------------------------------------------------------------------


def test_exchange_key_is_made_once_by_an_owner(db: Database) -> None:
    owner = db  # signed in as the test owner
    assert clinic_exchange_key(owner) is None
    key, _ = create_clinic_exchange_key(owner)
    again, changes = create_clinic_exchange_key(owner)
    assert again == key and not changes.settings
    assert clinic_exchange_key(as_role(db, Role.THERAPIST)) == key
    (event,) = audit_events(db, "create")
    assert event.entity_type == "exchange_key" and event.detail == {"exchange_key": key}
    assert "AGE-SECRET-KEY" not in json.dumps(event.detail)


def test_only_an_owner_makes_the_exchange_key(db: Database) -> None:
    with pytest.raises(NotAllowedError):
        create_clinic_exchange_key(as_role(db, Role.THERAPIST))
    with pytest.raises(NotAllowedError):
        clinic_exchange_key(as_role(db, Role.FRONT_DESK))
    assert clinic_exchange_key(db) is None


@pytest.mark.parametrize("text", ["", "age1", "age1xyz", "ssh-ed25519 AAAAC3Nza",
                                  "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ"
                                  "QQQQQQQQQQQQQQ"])
def test_what_is_not_an_exchange_key_is_refused_before_anything_is_written(
        source: Database, chart: Chart, tmp_path: Path, text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        export_chart_json(source, chart.chart_number, tmp_path / "x.age",
                          ChartProtection.for_clinic(text))
    message = refused.value.field_errors["recipient"]
    assert "age1" in message and "AGE-SECRET" not in message
    assert not (tmp_path / "x.age").exists() and audit_events(source, "export") == []


@pytest.mark.parametrize("password", ["", "short12", "        "])
def test_a_short_or_empty_password_is_refused_for_an_export(password: str) -> None:
    with pytest.raises(ValidationError) as refused:
        ChartProtection.with_password(password)
    assert "at least 8 characters" in refused.value.field_errors["password"]


def test_the_password_stays_out_of_the_protection_repr() -> None:
    assert PASSWORD not in repr(ChartProtection.with_password(PASSWORD))


# -- refusals ----------------------------------------------------------------------------------


def test_wrong_password_is_refused(password_file: bytes, db: Database) -> None:
    message = _refused_without_change(db, password_file, WrongChartPasswordError,
                                      password="not the password")
    assert "password does not open it" in message and "not the password" not in message


def test_password_file_without_a_password_asks_for_one(password_file: bytes,
                                                       db: Database) -> None:
    _refused_without_change(db, password_file, ChartPasswordNeededError)


def test_empty_password_is_refused_without_trying(password_file: bytes, db: Database) -> None:
    message = _refused_without_change(db, password_file, ValidationError, password="")
    assert "password is empty" in message


def test_file_for_another_clinic_is_refused_with_this_clinics_key_named(
        source: Database, chart: Chart, receiving: Database, tmp_path: Path) -> None:
    own_key, _ = create_clinic_exchange_key(receiving)
    other_key = str(x25519.Identity.generate().to_public())
    out = tmp_path / "for-someone-else.json.age"
    export_chart_json(source, chart.chart_number, out,
                      ChartProtection.for_clinic(other_key))
    message = _refused_without_change(receiving, out.read_bytes(), ChartFileRefusedError)
    assert "another clinic's exchange key" in message and own_key in message


def test_file_for_a_clinic_key_when_this_clinic_has_none(
        source: Database, chart: Chart, db: Database, tmp_path: Path) -> None:
    out = tmp_path / "chart.json.age"
    export_chart_json(source, chart.chart_number, out, ChartProtection.for_clinic(
        str(x25519.Identity.generate().to_public())))
    message = _refused_without_change(db, out.read_bytes(), ChartFileRefusedError)
    assert "this clinic has none yet" in message


@pytest.fixture
def clinic_file(source: Database, chart: Chart, receiving: Database, tmp_path: Path) -> bytes:
    key, _ = create_clinic_exchange_key(receiving)
    out = tmp_path / "chart.json.age"
    export_chart_json(source, chart.chart_number, out, ChartProtection.for_clinic(key))
    return out.read_bytes()


@pytest.mark.parametrize("damage", ["cut in the body", "cut in the header", "a flipped byte",
                                    "only the first line", "armor not base64"])
def test_damaged_encrypted_file_is_refused(clinic_file: bytes, receiving: Database,
                                           damage: str) -> None:
    header_end = clinic_file.index(b"\n---") + 1
    damaged = {
        "cut in the body": clinic_file[:-7],
        "cut in the header": clinic_file[:header_end - 5],
        "a flipped byte": (clinic_file[:-20] + bytes([clinic_file[-20] ^ 0x40])
                           + clinic_file[-19:]),
        "only the first line": b"age-encryption.org/v1\n",
        "armor not base64": b"-----BEGIN AGE ENCRYPTED FILE-----\n%%%%\n"
                            b"-----END AGE ENCRYPTED FILE-----\n",
    }[damage]
    message = _refused_without_change(receiving, damaged, ChartFileRefusedError)
    assert "damaged or incomplete" in message


def test_damaged_password_file_is_refused(password_file: bytes, db: Database) -> None:
    message = _refused_without_change(db, password_file[:-3], ChartFileRefusedError,
                                      password=PASSWORD)
    assert "damaged or incomplete" in message


def test_excessive_password_work_is_refused_at_once(password_file: bytes,
                                                    db: Database) -> None:
    # A hostile file asking scrypt for 2^40 work would hold the laptop for days.
    first_stanza = password_file.split(b"\n")[1]
    salt = first_stanza.split(b" ")[2]
    hostile = password_file.replace(first_stanza, b"-> scrypt " + salt + b" 40")
    message = _refused_without_change(db, hostile, ChartFileRefusedError, password=PASSWORD)
    assert "password-hashing work" in message


def test_age_file_for_an_ssh_key_is_refused(receiving: Database) -> None:
    content = b"age-encryption.org/v1\n-> ssh-ed25519 abc def\nAAAA\n--- " + \
        base64.b64encode(b"x" * 32) + b"\n" + b"\x00" * 64
    assert file_protection(content) is Protection.OTHER_KEY
    message = _refused_without_change(receiving, content, ChartFileRefusedError)
    assert "kind of key NMT Desktop does not use" in message


def test_file_named_age_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "chart.json.age"
    path.write_bytes(b'{"format": "nmt-desktop-chart"}')
    with pytest.raises(ChartFileRefusedError, match="not an encrypted \\(age\\) file"):
        read_chart_file(path)


def test_huge_encrypted_file_is_refused_before_decrypting(receiving: Database) -> None:
    huge = b"age-encryption.org/v1\n" + b"\0" * chart_file_module.MAX_CHART_FILE_BYTES
    message = _refused_without_change(receiving, huge, ChartFileRefusedError)
    assert "a chart file is at most 32 MB" in message


def test_the_size_limit_applies_to_the_decrypted_content_too(
        clinic_file: bytes, receiving: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a limit below the decrypted chart's size (the encrypted file passes its own check)
    # (age adds a header of ~200 bytes: the chart inside is far more than half the file)
    monkeypatch.setattr(chart_file_module, "MAX_CHART_FILE_BYTES", len(clinic_file) // 2)
    # THEN the decrypted content is refused by the same check as a plain file
    message = _refused_without_change(receiving, clinic_file, ChartFileRefusedError)
    assert "a chart file is at most" in message


def test_decrypted_content_goes_through_the_same_checks(receiving: Database) -> None:
    # GIVEN an age file for this clinic holding JSON that is not a chart file
    key, _ = create_clinic_exchange_key(receiving)
    content = pyrage.encrypt(b'{"format": "something else"}', [x25519.Recipient.from_str(key)])
    # THEN it is refused in the words of a plain import
    message = _refused_without_change(receiving, content, ChartFileRefusedError)
    assert "it is not an NMT Desktop chart file" in message
