"""Draw the app icon (one SVG in the package) as PNG, ICO and ICNS for the three installers.

Qt's SVG renderer draws every size; Pillow (already locked for the tests) packs the sizes into
the Windows and macOS container formats, so no icon format is written by hand here.

    .venv/bin/python installer/icons.py OUT_DIR
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PillowImage

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from installer.project import ICON_SVG

#: Sizes of the Linux hicolor theme (apps/) that desktops look up.
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
#: Windows asks for these; Pillow stores them in one .ico.
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
#: macOS: Pillow writes every icon type from 16 to 1024 px (the @2x types included).
ICNS_LARGEST = 1024


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn into a transparent square of `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
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
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Icon files store straight (not premultiplied) alpha.
    if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def _pillow_image(svg: Path, size: int) -> PillowImage:
    from PIL import Image

    image = Image.open(io.BytesIO(render_png(svg, size)))
    image.load()
    return image


def write_ico(target: Path, svg: Path, sizes: tuple[int, ...] = ICO_SIZES) -> None:
    """A Windows .ico with every size in `sizes`, each drawn from the SVG (not scaled down)."""
    images = [_pillow_image(svg, size) for size in sizes]
    largest = images[-1]
    largest.save(target, format="ICO", sizes=[(s, s) for s in sizes], append_images=images[:-1])


def write_icns(target: Path, svg: Path) -> None:
    """A macOS .icns; Pillow takes each size it needs from the images drawn at that size."""
    sizes = sorted({16, 32, 64, 128, 256, 512, ICNS_LARGEST})
    images = [_pillow_image(svg, size) for size in sizes]
    images[-1].save(target, format="ICNS", append_images=images[:-1])


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
    write_ico(files["ico"], svg)
    write_icns(files["icns"], svg)
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
