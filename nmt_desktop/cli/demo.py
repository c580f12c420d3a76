"""`nmt-desktop demo`: a small demo clinic to try the app with."""

from __future__ import annotations

import argparse
from typing import Any

from nmt_desktop.cli.common import opened


def register(commands: Any) -> None:
    """Add the `demo` command."""
    demo = commands.add_parser(
        "demo", help="fill a new database with a small demo clinic (accounts alex, sam and "
        "jordan, password nmt-demo-clinic)")
    demo.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> None:
    from nmt_desktop.services.demo import load_demo_clinic
    from nmt_desktop.services.demo_accounts import ensure_demo_may_load

    with opened(args) as db:
        ensure_demo_may_load(db)
        summary = load_demo_clinic(db)
    print(f"Demo clinic ready in {db.location}: {summary}")
