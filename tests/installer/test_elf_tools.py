"""The objdump/objcopy stand-ins that let PyInstaller build on a machine without binutils."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installer.elf_tools import ElfError, add_section, is_valid_elf, main, section

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="PyInstaller uses binutils on Linux only")


@pytest.fixture
def program(tmp_path: Path) -> Path:
    """A copy of the running Python interpreter: a real 64-bit ELF executable."""
    copy = tmp_path / "python-copy"
    shutil.copy2(os.path.realpath(sys.executable), copy)
    return copy


def test_an_added_section_is_found_by_name_and_the_program_still_runs(
    program: Path, tmp_path: Path
) -> None:
    # GIVEN an archive to embed, as PyInstaller's EXE step writes it
    archive = tmp_path / "pkg.sig"
    archive.write_bytes(bytes(range(256)) * 40 + b"MEI\015\013\012\013\016")
    # WHEN
    code = main(["objcopy", "--add-section", f"pydata={archive}", str(program)])
    # THEN the bootloader's lookup finds the exact bytes and the executable still starts
    assert code == 0
    assert section(program, "pydata") == archive.read_bytes()
    assert section(program, ".text") is not None
    done = subprocess.run([str(program), "-c", "print('still runs')"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.stdout.strip() == "still runs"
    readelf = shutil.which("readelf")
    if readelf:  # binutils, where installed, reads the result as a well-formed file
        listing = subprocess.run([readelf, "-S", "-W", str(program)], capture_output=True,
                                 text=True, check=True).stdout
        assert " pydata " in listing


def test_objdump_tells_elf_files_from_data(program: Path, tmp_path: Path) -> None:
    fake = tmp_path / "fake.so"
    fake.write_bytes(b"\x7fELF but not really")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert is_valid_elf(program)
    assert main(["objdump", "-a", str(program)]) == 0
    assert main(["objdump", "-a", str(fake)]) == 1
    assert main(["objdump", "-a", str(text)]) == 1


def test_a_file_that_is_not_elf_is_refused_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "data.bin"
    target.write_bytes(b"not an executable")
    with pytest.raises(ElfError):
        add_section(target, "pydata", b"x")
    assert target.read_bytes() == b"not an executable"
