"""Command line: write or check ``nmt_desktop/assets/bodymap.svg``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.bodymap.build import generate

SVG_PATH = Path(__file__).resolve().parents[2] / "nmt_desktop" / "assets" / "bodymap.svg"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bodymap", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed SVG is not up to date"
    )
    parser.add_argument("--output", type=Path, default=SVG_PATH, help="where to write the SVG")
    args = parser.parse_args(argv)
    text = generate()
    target: Path = args.output
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            print(f"{target} is out of date: run python -m tools.bodymap", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {target} ({len(text.encode()) // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
