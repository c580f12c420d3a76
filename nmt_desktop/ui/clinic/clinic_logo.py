"""A clinic logo chosen from a PNG or JPEG file, scaled to letterhead size, stored as PNG.

A phone photo of a sign can be 4000 pixels wide and several megabytes; the letterhead prints the
logo about 4 cm wide, so anything beyond `LOGO_MAX` pixels is scaled down before it is stored in
the database (where every report would carry it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

LOGO_MAX = QSize(900, 300)  # 300 dpi at about 7.5 x 2.5 cm: sharp on paper, small in the DB
LOGO_FILE_FILTER = "Pictures (*.png *.jpg *.jpeg)"


class LogoError(ValueError):
    """The file is not a picture the letterhead can use; the message says why."""


def load_logo(path: Path) -> bytes:
    """Read a PNG or JPEG file and return letterhead-sized PNG bytes."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # honour a JPEG's EXIF rotation
    image = reader.read()
    if image.isNull():
        raise LogoError(f"{path.name} could not be opened as a picture "
                        f"({reader.errorString()}). Choose a PNG or JPEG file.")
    return logo_png(image)


def logo_png(image: QImage) -> bytes:
    if image.width() > LOGO_MAX.width() or image.height() > LOGO_MAX.height():
        image = image.scaled(LOGO_MAX, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs say bytes, but PySide6 6.11 accepts only str here.
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def logo_image(png: bytes | None) -> QImage:
    image = QImage()
    if png:
        image.loadFromData(png, "PNG")
    return image
