"""`nmt-desktop export json|csv|fhir` and `import json`: files, messages, exit codes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from fhir.resources.bundle import Bundle

from nmt_desktop.__main__ import main
from nmt_desktop.db.database import Database
from tests.cli_accounts import cli_sign_in_env, give_demo_accounts, prepare_sign_in
from tests.people import TEST_OWNER
from tests.services.exchange.charts import Chart, make_chart, row_counts

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def source_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'source.sqlite'}"


@pytest.fixture
def chart(source_url: str) -> Chart:
    database = Database.open(source_url).signed_in_as(TEST_OWNER)
    try:
        return make_chart(database)
    finally:
        database.close()


def test_export_json_then_import_it_elsewhere(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path
) -> None:
    out_file = tmp_path / "chart.json"
    code, out, err = run(capsys, "--db", source_url, "export", "json", "--patient",
                         chart.chart_number, "--out", str(out_file), "--plain")
    assert (code, err) == (0, "")
    assert "Exported chart A-100 as json" in out and "2 session(s), 12 mark(s)" in out
    assert "not encrypted: anyone who has the file can read it" in out
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    code, out, err = run(capsys, "--db", target, "import", "json", str(out_file))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Imported chart A-100 (Zoë 山田)."
    assert "2 sessions" in out
    # the same file again: nothing added
    code, out, _ = run(capsys, "--db", target, "import", "json", str(out_file))
    assert code == 0 and "Added: nothing." in out


def test_export_by_uid_csv_and_fhir(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", source_url, "export", "csv", "--patient",
                       str(chart.patient_uid), "--out", str(tmp_path / "tables"))
    assert code == 0 and (tmp_path / "tables" / "trigger_points.csv").is_file()
    bundle_file = tmp_path / "bundle.json"
    code, out, _ = run(capsys, "--db", source_url, "export", "fhir", "--patient",
                       chart.chart_number, "--out", str(bundle_file), "--no-report")
    assert code == 0
    bundle = Bundle.parse_obj(json.loads(bundle_file.read_text("utf-8")))
    assert not [e for e in bundle.entry if e.resource.resource_type == "DocumentReference"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX file permissions")
def test_exported_files_are_readable_by_their_owner_only(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path
) -> None:
    previous = os.umask(0o022)  # the usual umask, which would give 0o644
    try:
        for format_name, out, protection in (("json", "chart.json", ["--plain"]),
                                             ("fhir", "bundle.json", []), ("csv", "tables", [])):
            code, _, err = run(capsys, "--db", source_url, "export", format_name, "--patient",
                               chart.chart_number, "--out", str(tmp_path / out), *protection)
            assert (code, err) == (0, ""), err
    finally:
        os.umask(previous)
    written = [tmp_path / "chart.json", tmp_path / "bundle.json",
               *sorted((tmp_path / "tables").iterdir())]
    assert len(written) > 3
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in written} == \
        {p.name: 0o600 for p in written}


@pytest.mark.parametrize("argv", [
    ["export", "json", "--patient", "NOPE", "--out", "{tmp}/x.json", "--plain"],
    ["export", "csv", "--patient", "NOPE", "--out", "{tmp}/csv"],
])
def test_unknown_patient_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path,
    argv: list[str],
) -> None:
    code, out, err = run(capsys, "--db", source_url,
                         *[a.replace("{tmp}", str(tmp_path)) for a in argv])
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "No patient with chart number or uid NOPE" in err
    assert not (tmp_path / "x.json").exists()


def test_bad_files_are_refused_with_one_line(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path
) -> None:
    give_demo_accounts(source_url)
    database = Database.open(source_url).signed_in_as(TEST_OWNER)
    before = row_counts(database)
    database.close()
    cases = {
        "broken.json": (b"{not json", "not valid JSON"),
        "newer.json": (json.dumps({"format": "nmt-desktop-chart",
                                   "format_version": 99}).encode(), "newer version"),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        code, out, err = run(capsys, "--db", source_url, "import", "json",
                             str(tmp_path / name))
        assert code == 1 and out == "" and err.count("\n") == 1
        assert "The chart file was not imported" in err and message in err
    code, _, err = run(capsys, "--db", source_url, "import", "json", str(tmp_path / "no.json"))
    assert code == 1 and "No such file" in err
    database = Database.open(source_url).signed_in_as(TEST_OWNER)
    # Nothing imported; the two commands that opened the database recorded their sign-in.
    assert row_counts(database) == {**before, "audit_event": before["audit_event"] + 2}
    database.close()


def test_chart_number_conflict_and_override(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path
) -> None:
    out_file = tmp_path / "chart.json"
    run(capsys, "--db", source_url, "export", "json", "--patient", "A-100", "--out",
        str(out_file), "--plain")
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    run(capsys, "--db", target, "patients", "add", "--given", "Ann", "--family", "Smith",
        "--dob", "1980-01-01", "--chart-number", "A-100")
    code, _, err = run(capsys, "--db", target, "import", "json", str(out_file))
    assert code == 1 and "already used here by Ann Smith" in err
    code, out, _ = run(capsys, "--db", target, "import", "json", str(out_file),
                       "--chart-number", "A-200")
    assert code == 0 and "Imported chart A-200" in out


def test_altered_signed_session_is_reported_on_import(
    capsys: pytest.CaptureFixture[str], source_url: str, chart: Chart, tmp_path: Path
) -> None:
    out_file = tmp_path / "chart.json"
    run(capsys, "--db", source_url, "export", "json", "--patient", "A-100", "--out",
        str(out_file), "--plain")
    document = json.loads(out_file.read_text("utf-8"))
    signed = next(s for s in document["sessions"] if s["status"] == "signed")
    signed["duration_minutes"] = 15
    out_file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, "--db", source_url, "import", "json", str(out_file))
    assert code == 0
    assert "is signed here" in out and "left as it was" in out
    assert f"signed session {chart.signed_session_uid} left unchanged" in err
