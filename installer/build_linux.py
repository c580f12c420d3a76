"""Build the Linux bundle and its archive, then self-test the bundle.

    .venv/bin/python installer/build_linux.py [--skip-self-test]
    python3 tools/dev.py bundle                       # the same, after setting up .venv

Output in dist/:
    nmt-desktop-<version>-linux-x86_64/
        nmt-desktop/nmt-desktop        the program (one folder, everything inside)
        share/applications/nmt-desktop.desktop
        share/icons/hicolor/<size>/apps/nmt-desktop.png (and scalable .svg)
        install.sh  uninstall.sh  README.txt
    nmt-desktop-<version>-linux-x86_64.tar.gz
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.build_common import (
    ICONS_DIR,
    BuildError,
    build_arguments,
    folder_size,
    megabytes,
    run_build,
    run_pyinstaller,
    self_test,
)
from installer.project import INSTALLER, ROOT, Project, read_project

DIST = ROOT / "dist"
#: The issue's ceiling for the compressed download.
MAX_ARCHIVE_BYTES = 120_000_000

README = """\
NMT Desktop {version} for Linux (x86-64)

Install for yourself (no administrator rights needed):
    ./install.sh
Then start "NMT Desktop" from the applications menu. To check this computer first:
    ./nmt-desktop/nmt-desktop --self-test

Your charts are kept in ~/.local/share/NMT Desktop/ and are never removed by
install.sh or uninstall.sh; back them up with: nmt-desktop db backup --out FILE

The window needs an X11 or Wayland desktop. On a minimal Debian/Ubuntu system Qt
may also need: libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0
"""


def stage_extras(stage: Path, icons: Path, project: Project) -> None:
    """Put the desktop entry, icons and install scripts beside the bundle folder."""
    applications = stage / "share" / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(INSTALLER / "linux" / "nmt-desktop.desktop",
                    applications / "nmt-desktop.desktop")
    hicolor = stage / "share" / "icons" / "hicolor"
    if hicolor.exists():
        shutil.rmtree(hicolor)
    shutil.copytree(icons / "hicolor", hicolor)
    for script in ("install.sh", "uninstall.sh"):
        target = stage / script
        shutil.copyfile(INSTALLER / "linux" / script, target)
        target.chmod(0o755)
    (stage / "README.txt").write_text(README.format(version=project.version), encoding="utf-8")


def write_archive(stage: Path) -> Path:
    archive = stage.with_name(stage.name + ".tar.gz")
    # Level 6: nearly the size of level 9 in a third of the time for these binaries.
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=stage.name)
    return archive


def build(skip_self_test: bool = False) -> Path:
    project = read_project()
    stage = DIST / project.linux_archive_stem
    if stage.exists():
        shutil.rmtree(stage)
    started = time.perf_counter()
    seconds = run_pyinstaller(stage)
    bundle = stage / project.name
    executable = bundle / project.name
    if not executable.exists():
        raise BuildError(f"PyInstaller did not produce {executable}")
    stage_extras(stage, ICONS_DIR, project)
    archive = write_archive(stage)
    print(f"bundle:  {bundle} ({megabytes(folder_size(bundle))}, PyInstaller {seconds:.0f} s)")
    print(f"archive: {archive} ({megabytes(archive.stat().st_size)})")
    if archive.stat().st_size > MAX_ARCHIVE_BYTES:
        raise BuildError(f"the archive is larger than {megabytes(MAX_ARCHIVE_BYTES)}; "
                         "look for a Qt module or package that slipped in")
    if not skip_self_test:
        self_test(executable)
    print(f"done in {time.perf_counter() - started:.0f} s")
    return archive


def main(argv: list[str]) -> int:
    args = build_arguments(__doc__.splitlines()[0]).parse_args(argv)
    return run_build("build_linux.py", "Linux", sys.platform.startswith("linux"),
                     lambda: build(args.skip_self_test))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
