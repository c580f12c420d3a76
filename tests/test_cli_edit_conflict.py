"""`patients edit` on a record someone saved since: one line, a non-zero exit, nothing written."""

from __future__ import annotations

import json

import pytest

from nmt_desktop.__main__ import main
from tests.cli_accounts import cli_sign_in_env, prepare_sign_in

pytestmark = pytest.mark.usefixtures(cli_sign_in_env.__name__)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    prepare_sign_in(argv)
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_stale_edit_is_refused_in_one_line(capsys: pytest.CaptureFixture[str],
                                             any_db_url: str) -> None:
    code, out, _ = run(capsys, "--db", any_db_url, "patients", "add", "--given", "Ann",
                       "--family", "Ode", "--dob", "1980-01-01")
    chart = out.split()[0]
    _, out, _ = run(capsys, "--db", any_db_url, "patients", "list", "--json")
    started_from = json.loads(out)[0]["version"]
    code, out, _ = run(capsys, "--db", any_db_url, "patients", "edit", chart, "--phone",
                       "555-0100", "--expected-version", str(started_from))
    assert code == 0 and out.strip() == f"{chart} version {started_from + 1}"
    # A second editor who also started from that version is refused, in one line.
    code, out, err = run(capsys, "--db", any_db_url, "patients", "edit", chart, "--phone",
                         "555-0199", "--expected-version", str(started_from))
    assert code != 0 and out == ""
    # (a shared-login server database adds its own warning line before the refusal)
    lines = [line for line in err.strip().splitlines()
             if not line.startswith("nmt-desktop: warning: ")]
    assert len(lines) == 1 and "Changed by Alex Morgan at " in lines[0], err
    assert "after you opened the patient's details" in lines[0]
    _, out, _ = run(capsys, "--db", any_db_url, "patients", "list", "--json")
    assert json.loads(out)[0]["version"] == started_from + 1
    # Without a version the command writes (a blind edit of the fields given).
    code, out, _ = run(capsys, "--db", any_db_url, "patients", "edit", chart, "--phone",
                       "555-0199")
    assert code == 0 and out.strip() == f"{chart} version {started_from + 2}"
