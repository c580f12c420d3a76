"""Entry point: `nmt-desktop` opens the app; `nmt-desktop COMMAND` runs a command-line task."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from nmt_desktop.cli import build_parser

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None and not getattr(args, "self_test", False):
        from nmt_desktop.app import run_app

        return run_app(args)
    from nmt_desktop.cli import run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
