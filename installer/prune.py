"""Drop libraries from a Linux bundle that nothing in it links to any more.

PyInstaller collects a Qt plugin together with every library the plugin links to. When the spec
then removes an unused plugin (the GTK 3 theme pulls in GTK's whole drawing stack: cairo, pango,
gdk-pixbuf), those libraries stay behind unless something prunes them. Here a top-level library
is kept only if some kept extension module, plugin or package library still needs it (`ldd`
lists the transitive dependencies, so one pass is enough).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

#: (destination name, source path, PyInstaller type code) as in Analysis.binaries.
Entry = tuple[str, str, str]


def _is_root(entry: Entry) -> bool:
    destination, _source, kind = entry
    in_subfolder = "/" in destination.replace("\\", "/")
    # The bootloader loads libpython itself; extension modules are loaded by import.
    return in_subfolder or kind == "EXTENSION" or destination.startswith("libpython")


def prune_orphans(binaries: Iterable[Entry]) -> tuple[list[Entry], list[str]]:
    """The entries still needed, and the names of the top-level libraries dropped."""
    from PyInstaller.depend.bindepend import get_imports

    entries = list(binaries)
    needed: set[str] = set()
    for entry in entries:
        if _is_root(entry):
            needed.update(PurePosixPath(name).name for name, _path in get_imports(entry[1]))
    kept = [e for e in entries if _is_root(e) or PurePosixPath(e[0]).name in needed]
    dropped = sorted(e[0] for e in entries if e not in kept)
    return kept, dropped
