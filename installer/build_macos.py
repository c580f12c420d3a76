"""Build the macOS app: the PyInstaller .app bundle, its self-test, then a disk image.

    .venv/bin/python installer/build_macos.py [--skip-self-test] [--sign IDENTITY]
    python3 tools/dev.py bundle                     # the same, after setting up .venv

Output in dist/:
    macos/NMT Desktop.app
    nmt-desktop-<version>-macos-<arch>.dmg
Without --sign the app is ad-hoc signed (PyInstaller does that), which runs on the build Mac and,
after right-click > Open, on others; for a clinic, sign with a Developer ID and notarize
(installer/README.md).
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.build_common import (
    BuildError,
    build_arguments,
    run_build,
    run_pyinstaller,
    self_test,
)
from installer.project import ROOT, read_project

DIST = ROOT / "dist"


def run(command: list[str], what: str) -> None:
    if subprocess.run(command, check=False).returncode != 0:
        raise BuildError(f"{what} failed (its messages are above)")


def build(skip_self_test: bool = False, identity: str | None = None) -> Path:
    project = read_project()
    bundle_root = DIST / "macos"
    if bundle_root.exists():
        shutil.rmtree(bundle_root)
    seconds = run_pyinstaller(bundle_root)
    app = bundle_root / f"{project.display_name}.app"
    print(f"app: {app} (PyInstaller {seconds:.0f} s)")
    if identity:
        run(["codesign", "--force", "--deep", "--options", "runtime", "--timestamp",
             "--sign", identity, str(app)], "codesign")
    if not skip_self_test:
        self_test(app / "Contents" / "MacOS" / project.name)
    image = DIST / f"{project.name}-{project.version}-macos-{platform.machine()}.dmg"
    run(["hdiutil", "create", "-volname", project.display_name, "-srcfolder", str(app),
         "-ov", "-format", "UDZO", str(image)], "hdiutil")
    print(f"disk image: {image}")
    return image


def main(argv: list[str]) -> int:
    parser = build_arguments(__doc__.splitlines()[0], built="app")
    parser.add_argument("--sign", metavar="IDENTITY",
                        help='codesign identity, e.g. "Developer ID Application: Clinic (TEAMID)"')
    args = parser.parse_args(argv)
    return run_build("build_macos.py", "macOS", sys.platform == "darwin",
                     lambda: build(args.skip_self_test, args.sign))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
