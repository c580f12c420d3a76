"""`nmt-desktop` with nothing but `--db` starts the app without building the command parsers."""

from __future__ import annotations

import pytest

from nmt_desktop.__main__ import opens_the_app
from nmt_desktop.cli import build_parser


@pytest.mark.parametrize(("arguments", "app"), [
    ([], True),
    (["--db", "Zoë 山田/<&>.sqlite"], True),
    (["--db=postgresql://clinic/nmt"], True),
    (["--db", "a.sqlite", "--db", "b.sqlite"], True),
    (["--db"], False),
    (["demo"], False),
    (["--db", "a.sqlite", "patients", "list"], False),
    (["--help"], False),
    (["--version"], False),
    (["--self-test"], False),
    (["--d", "a.sqlite"], False),
])
def test_only_db_opens_the_app(arguments: list[str], app: bool) -> None:
    assert opens_the_app(arguments) is app


@pytest.mark.parametrize("arguments", [[], ["--db", "Zoë 山田/<&>.sqlite"],
                                       ["--db=postgresql://clinic/nmt"]])
def test_the_short_parser_reads_what_the_full_one_reads(arguments: list[str]) -> None:
    short = build_parser(with_commands=False).parse_args(arguments)
    full = build_parser().parse_args(arguments)
    assert (short.db, short.command, short.self_test) == (full.db, full.command, full.self_test)
