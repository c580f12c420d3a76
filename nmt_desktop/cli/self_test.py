"""`nmt-desktop --self-test`: the installation check, as a global option of the command line."""

from __future__ import annotations

import argparse

from nmt_desktop.cli.common import CommandError


def add_option(parser: argparse.ArgumentParser) -> None:
    """Add `--self-test`; a command given as well takes precedence over it."""
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation in a temporary folder (database, migrations, body map, "
        "patient report PDF) and exit; your own data is not touched",
    )
    parser.set_defaults(handler=_self_test)


def _self_test(args: argparse.Namespace) -> None:
    from nmt_desktop.selftest import EXIT_OK, run_self_test

    if run_self_test() != EXIT_OK:
        raise CommandError("the self-test failed; the FAILED lines above say where")
