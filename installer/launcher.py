"""Entry script of the frozen app: the same `main` as the `nmt-desktop` console script."""

import sys

from nmt_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
