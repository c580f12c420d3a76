"""Entry point: `nmt-desktop` opens the app; `nmt-desktop COMMAND` runs a command-line task."""

from __future__ import annotations

import sys

#: Global options that take no value and can come with starting the app.
APP_FLAGS = ("--new-database", "--take-over-lock")


def opens_the_app(arguments: list[str]) -> bool:
    """Whether the arguments are only `--db VALUE` and app flags (or none): the app starts."""
    rest = list(arguments)
    while rest:
        first = rest.pop(0)
        if first.startswith("--db=") or first in APP_FLAGS:
            continue
        if first == "--db" and rest:
            rest.pop(0)
            continue
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    from nmt_desktop.cli import build_parser

    arguments = sys.argv[1:] if argv is None else argv
    # Building every command's parser costs 15 ms of a 200 ms start; the app needs none.
    args = build_parser(with_commands=not opens_the_app(arguments)).parse_args(arguments)
    if args.command is None and args.self_test:
        from nmt_desktop.selftest import self_test_command

        return self_test_command()
    if args.command is None:
        from nmt_desktop.app import run_app

        return run_app(args)
    from nmt_desktop.cli import run_command

    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
