"""The failure a command reports in one line (cli/__init__.py run_command prints it)."""

from __future__ import annotations


class CommandError(Exception):
    """A failure with a message for the person who typed the command."""
