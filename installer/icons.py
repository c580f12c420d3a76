"""Draw the app icon (one SVG in the package) as PNG, ICO and ICNS for the three installers.

Qt's SVG renderer, already in the environment, draws every size; the two container formats are
written here by hand because each is only a small header in front of PNG or bitmap images. So a
build machine needs no apt tool and no extra package.

    .venv/bin/python installer/icons.py OUT_DIR
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.project import ICON_SVG

#: Sizes of the Linux hicolor theme (apps/) that desktops look up.
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Windows asks for these; up to 48 px as 32-bit bitmaps (every reader), above as PNG (Vista+).
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICO_BITMAP_LARGEST = 48
#: macOS icon types holding PNG data, with their pixel sizes (the @2x types repeat sizes).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent square of `size` pixels, as PNG bytes."""
    return _to_png(_render(svg, size))


def _render(svg: Path, size: int) -> QImage:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG file Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    # Icon files store straight (not premultiplied) alpha.
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _to_png(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def _ico_bitmap(image: QImage) -> bytes:
    """A 32-bit BGRA device-independent bitmap as ICO stores it: bottom-up, then an AND mask."""
    size = image.width()
    stride = image.bytesPerLine()
    bits = bytes(image.constBits())
    # Format_ARGB32 is B, G, R, A in memory on little-endian machines, exactly the DIB order.
    if sys.byteorder != "little":
        raise RuntimeError("ICO bitmaps are written on little-endian machines only")
    pixels = b"".join(bits[y * stride: y * stride + size * 4] for y in reversed(range(size)))
    mask_row = ((size + 31) // 32) * 4  # the alpha channel decides; the mask stays all zero
    mask = bytes(mask_row * size)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0,
                         len(pixels) + len(mask), 0, 0, 0, 0)
    return header + pixels + mask


def ico_bytes(svg: Path, sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A Windows .ico holding every size in `sizes`."""
    images = []
    for size in sizes:
        image = _render(svg, size)
        images.append(_ico_bitmap(image) if size <= ICO_BITMAP_LARGEST else _to_png(image))
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    directory = b""
    for size, data in zip(sizes, images, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in a one-byte field
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return header + directory + b"".join(images)


def icns_bytes(svg: Path) -> bytes:
    """A macOS .icns with PNG entries from 16 to 1024 pixels."""
    pngs: dict[int, bytes] = {}
    entries = b""
    for kind, size in ICNS_TYPES:
        if size not in pngs:
            pngs[size] = render_png(svg, size)
        entries += kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
    return b"icns" + struct.pack(">I", 8 + len(entries)) + entries


def write_icons(out_dir: Path, svg: Path = ICON_SVG) -> dict[str, Path]:
    """Write the SVG, hicolor PNGs, .ico and .icns into `out_dir`; return the main files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    hicolor = out_dir / "hicolor"
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / "nmt-desktop.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render_png(svg, size))
    scalable = hicolor / "scalable" / "apps" / "nmt-desktop.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    files = {
        "svg": scalable,
        "png": hicolor / "256x256" / "apps" / "nmt-desktop.png",
        "ico": out_dir / "nmt-desktop.ico",
        "icns": out_dir / "nmt-desktop.icns",
    }
    files["ico"].write_bytes(ico_bytes(svg))
    files["icns"].write_bytes(icns_bytes(svg))
    return files


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["nmt-desktop-icons"])
    files = write_icons(Path(argv[0]))
    print("icons:", ", ".join(str(path) for path in files.values()))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
