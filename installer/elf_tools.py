"""Stand-ins for the two binutils commands PyInstaller runs on Linux, for machines without them.

CI machines have Python and git, not always binutils, and PyInstaller calls exactly two of its
commands on Linux:
- `objdump -a FILE` only to tell a valid ELF file from data that starts with the ELF magic;
- `objcopy --add-section pydata=FILE EXE` to put the program's archive into the executable,
  where the bootloader looks the section up by name.
Both are answered here from the ELF format itself (64-bit little-endian, which is what the
x86-64 and arm64 bootloaders are). build_common.py puts them on PATH only when the real tools
are missing; with binutils installed, PyInstaller uses those.

    python elf_tools.py objdump -a FILE
    python elf_tools.py objcopy --add-section NAME=FILE TARGET
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
ELF64, LITTLE_ENDIAN = 2, 1
SECTION_HEADER = struct.Struct("<IIQQQQIIQQ")  # Elf64_Shdr
SHT_PROGBITS = 1


class ElfError(Exception):
    """The file is not an ELF file this stand-in can change."""


def is_valid_elf(path: Path) -> bool:
    """True for a readable ELF header: magic, 32- or 64-bit class, byte order, version 1."""
    with path.open("rb") as handle:
        header = handle.read(64)
    return (len(header) >= 52 and header[:4] == ELF_MAGIC and header[4] in (1, 2)
            and header[5] in (1, 2) and header[6] == 1)


def add_section(target: Path, name: str, content: bytes) -> None:
    """Append a non-loaded section `name` holding `content`, as `objcopy --add-section` does.

    Nothing already in the file moves, so the program still runs: the new section's bytes, a
    section-name table with the new name added, and a section header table with one more entry
    are appended, and the ELF header is pointed at the new table. The old table and names stay
    behind unused.
    """
    data = bytearray(target.read_bytes())
    if data[:4] != ELF_MAGIC or data[4] != ELF64 or data[5] != LITTLE_ENDIAN:
        raise ElfError(f"{target} is not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    if shentsize != SECTION_HEADER.size or shoff == 0 or shstrndx >= shnum:
        raise ElfError(f"{target} has no usable section header table")
    headers = [list(SECTION_HEADER.unpack_from(data, shoff + i * shentsize)) for i in range(shnum)]
    names_header = headers[shstrndx]
    old_names = bytes(data[names_header[4]:names_header[4] + names_header[5]])

    def append(blob: bytes, alignment: int) -> int:
        data.extend(bytes(-len(data) % alignment))
        offset = len(data)
        data.extend(blob)
        return offset

    content_offset = append(content, 16)
    new_names = old_names + name.encode("ascii") + b"\0"
    names_header[4], names_header[5] = append(new_names, 1), len(new_names)
    headers.append([len(old_names), SHT_PROGBITS, 0, 0, content_offset, len(content), 0, 0, 1, 0])
    table = b"".join(SECTION_HEADER.pack(*header) for header in headers)
    table_offset = append(table, 8)
    struct.pack_into("<Q", data, 0x28, table_offset)
    struct.pack_into("<H", data, 0x3C, len(headers))
    target.write_bytes(bytes(data))


def section(target: Path, name: str) -> bytes | None:
    """The content of section `name`, or None: how the bootloader finds its archive."""
    data = target.read_bytes()
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [SECTION_HEADER.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx]
    for header in headers:
        start = names[4] + header[0]
        if data[start:data.index(b"\0", start)] == name.encode("ascii"):
            return data[header[4]:header[4] + header[5]]
    return None


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "objdump":
        files = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
        return 0 if files and all(is_valid_elf(path) for path in files) else 1
    if len(argv) == 4 and argv[0] == "objcopy" and argv[1] == "--add-section":
        name, _, source = argv[2].partition("=")
        try:
            add_section(Path(argv[3]), name, Path(source).read_bytes())
        except (ElfError, OSError) as error:
            print(f"objcopy stand-in: {error}", file=sys.stderr)
            return 1
        return 0
    print(f"elf_tools.py: unsupported command {' '.join(argv)!r}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
