"""Start the app as `python -m nmt_desktop` does, for tests that run the window in a process.

Until the accounts services (another branch) are merged, the sign-in window's calls are
answered by the window's test stand-in (tests/ui/accounts/contract_fake.py); once they exist,
this is exactly `python -m nmt_desktop`. The modules are looked for without importing them:
importing them would load SQLAlchemy before the first paint.
"""

from __future__ import annotations

import importlib.util
import sys

from nmt_desktop.ui.accounts import contract


def use_stand_in_if_needed() -> None:
    if not any(importlib.util.find_spec(name) for name in contract.SERVICE_MODULES[:3]):
        from tests.ui.accounts import contract_fake

        contract.use_providers([contract_fake])


if __name__ == "__main__":
    use_stand_in_if_needed()
    from nmt_desktop.__main__ import main

    sys.exit(main(sys.argv[1:]))
