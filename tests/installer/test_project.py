"""Installer metadata comes from pyproject.toml and agrees with the package and desktop entry."""

from __future__ import annotations

import configparser

import pytest

from installer.project import INSTALLER, read_project
from installer.prune import prune_orphans
from nmt_desktop import APP_NAME, __version__


def test_name_and_version_come_from_pyproject_and_match_the_package() -> None:
    project = read_project()
    assert project.name == "nmt-desktop"
    assert project.version == __version__
    assert project.display_name == APP_NAME
    assert project.linux_archive_stem == f"nmt-desktop-{__version__}-linux-x86_64"


def test_no_installer_file_repeats_the_version() -> None:
    for path in [INSTALLER / "nmt_desktop.spec", *INSTALLER.glob("windows/*.iss")]:
        assert f'"{__version__}"' not in path.read_text(encoding="utf-8"), path


def test_desktop_entry_names_the_program_and_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    entry.read(INSTALLER / "linux" / "nmt-desktop.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Name"] == APP_NAME
    assert section["Exec"] == section["TryExec"] == section["Icon"] == read_project().name
    assert section["Terminal"] == "false"
    assert section["Categories"].endswith(";")


def test_pruning_keeps_what_a_kept_binary_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a plugin that needs libA, a stray libB that only a removed plugin needed, libpython
    needs = {"/src/libqxcb.so": {"libA.so.1"}, "/src/_ext.so": set()}
    def get_imports(source: str, search_paths: object = None) -> set[tuple[str, str]]:
        return {(name, f"/lib/{name}") for name in needs.get(source, set())}

    monkeypatch.setattr("PyInstaller.depend.bindepend.get_imports", get_imports)
    binaries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("_ext.cpython-311-x86_64-linux-gnu.so", "/src/_ext.so", "EXTENSION"),
        ("libA.so.1", "/lib/libA.so.1", "BINARY"),
        ("libB.so.1", "/lib/libB.so.1", "BINARY"),
        ("libpython3.11.so.1.0", "/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    # WHEN
    kept, dropped = prune_orphans(binaries)
    # THEN
    assert dropped == ["libB.so.1"]
    assert [entry[0] for entry in kept] == [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "_ext.cpython-311-x86_64-linux-gnu.so",
        "libA.so.1", "libpython3.11.so.1.0",
    ]
