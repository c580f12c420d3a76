"""Start the app exactly as `python -m nmt_desktop` does, for tests that run the window in a
process (a script path they can hand to the interpreter)."""

from __future__ import annotations

import sys

if __name__ == "__main__":
    from nmt_desktop.__main__ import main

    sys.exit(main(sys.argv[1:]))
