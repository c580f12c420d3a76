"""Every accounts use case the window asks for by name exists in the services."""

from __future__ import annotations

from nmt_desktop.ui.accounts import contract


def test_the_services_provide_every_name_the_window_uses() -> None:
    assert contract.missing_names() == []
