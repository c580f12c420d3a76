"""The project's name and version, read from pyproject.toml so no installer file repeats them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
ICON_SVG = ROOT / "nmt_desktop" / "assets" / "icons" / "nmt-desktop.svg"


@dataclass(frozen=True)
class Project:
    name: str  # the distribution and executable name: nmt-desktop
    version: str
    description: str
    display_name: str = "NMT Desktop"
    bundle_id: str = "org.nmtdesktop.NMTDesktop"

    @property
    def linux_archive_stem(self) -> str:
        return f"{self.name}-{self.version}-linux-x86_64"


def read_project(root: Path = ROOT) -> Project:
    metadata = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return Project(metadata["name"], metadata["version"], metadata["description"])
