"""The Linux build uses the real binutils and names the package when a command is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from installer import build_common
from installer.build_common import BuildError, missing_linux_build_tools, require_linux_build_tools


def test_missing_binutils_named_with_the_package(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    # GIVEN a PATH with objdump only
    objdump = tmp_path / "objdump"
    objdump.write_text("#!/bin/sh\n")
    objdump.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    # THEN the other two are missing, and the build refuses in one sentence naming binutils
    assert missing_linux_build_tools() == ["objcopy", "strip"]
    with pytest.raises(BuildError, match=r"^objcopy, strip not found: install binutils"):
        require_linux_build_tools()


def test_no_stand_in_for_binutils_is_left() -> None:
    assert not (build_common.INSTALLER / "elf_tools.py").exists()
