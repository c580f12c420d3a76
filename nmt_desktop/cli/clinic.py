"""`nmt-desktop clinic exchange-key`: the key other clinics encrypt chart files for."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from nmt_desktop.cli.common import CommandError, signed_in


def register(commands: Any) -> None:
    """Add the `clinic` command group."""
    clinic = commands.add_parser("clinic", help="this clinic's exchange key")
    actions = clinic.add_subparsers(dest="clinic_command", metavar="ACTION", required=True)
    key = actions.add_parser(
        "exchange-key", help="print this clinic's exchange key (age1…)",
        description="Print this clinic's exchange key: the public key another clinic gives "
        "to `export json --to-clinic` (or pastes in its export dialog) so that only this "
        "clinic can open the chart file. It is not a secret; send it by any means. The "
        "matching secret key stays in this database.")
    key.add_argument("--create", action="store_true",
                     help="make the key first if the clinic has none yet (owner/admin); an "
                     "existing key is never replaced")
    key.set_defaults(handler=_exchange_key)


def _exchange_key(args: argparse.Namespace) -> None:
    from nmt_desktop.services.exchange import clinic_exchange_key, create_clinic_exchange_key

    with signed_in(args) as db:
        existing = clinic_exchange_key(db)
        if existing is None and args.create:
            existing, _ = create_clinic_exchange_key(db)
            print("nmt-desktop: made this clinic's exchange key", file=sys.stderr)
    if existing is None:
        raise CommandError("this clinic has no exchange key yet; an owner/admin makes it with "
                           "`nmt-desktop clinic exchange-key --create`.")
    print(existing)
