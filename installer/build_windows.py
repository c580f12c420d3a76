"""Build the Windows installer: the PyInstaller bundle, its self-test, then Inno Setup.

    .venv\\Scripts\\python installer\\build_windows.py [--skip-self-test]
    python tools\\dev.py bundle                     # the same, after setting up .venv

Needs Inno Setup 6 (ISCC.exe on PATH, or in its default folder). Output in dist\\:
    windows\\nmt-desktop\\      the bundle: "NMT Desktop.exe" (window), nmt-desktop.exe (console)
    nmt-desktop-<version>-windows-x64-setup.exe
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.build_common import (
    ICONS_DIR,
    BuildError,
    build_arguments,
    run_build,
    run_pyinstaller,
    self_test,
)
from installer.project import INSTALLER, ROOT, read_project

DIST = ROOT / "dist"


def find_iscc() -> Path:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    local = os.environ.get("LOCALAPPDATA")
    bases = (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES"),
             str(Path(local) / "Programs") if local else None)
    for base in filter(None, bases):
        candidate = Path(base) / "Inno Setup 6" / "ISCC.exe"
        if candidate.exists():
            return candidate
    raise BuildError("Inno Setup 6 was not found (ISCC.exe); install it from jrsoftware.org")


def build(skip_self_test: bool = False) -> Path:
    project = read_project()
    bundle_root = DIST / "windows"
    if bundle_root.exists():
        shutil.rmtree(bundle_root)
    seconds = run_pyinstaller(bundle_root)
    bundle = bundle_root / project.name
    print(f"bundle: {bundle} (PyInstaller {seconds:.0f} s)")
    if not skip_self_test:
        self_test(bundle / f"{project.name}.exe")
    command = [
        str(find_iscc()), f"/DAppVersion={project.version}", f"/DBundleDir={bundle}",
        f"/DIconFile={ICONS_DIR / 'nmt-desktop.ico'}", f"/O{DIST}",
        str(INSTALLER / "windows" / "nmt-desktop.iss"),
    ]
    if subprocess.run(command, check=False).returncode != 0:
        raise BuildError("Inno Setup failed (its messages are above)")
    setup = DIST / f"nmt-desktop-{project.version}-windows-x64-setup.exe"
    print(f"installer: {setup}")
    return setup


def main(argv: list[str]) -> int:
    args = build_arguments(__doc__.splitlines()[0]).parse_args(argv)
    return run_build("build_windows.py", "Windows", sys.platform == "win32",
                     lambda: build(args.skip_self_test))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
