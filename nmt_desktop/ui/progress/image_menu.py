"""Right-click → Copy image / Save image… (PNG or SVG) on any chart or map of the view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QMenu, QWidget


def widget_image(widget: QWidget) -> QImage:
    """The widget as it is on screen, at the screen's pixel ratio."""
    return widget.grab().toImage()


def save_widget_image(widget: QWidget, path: Path) -> None:
    """Write the widget as PNG or SVG (by the file's suffix).

    Raises:
        OSError: The file could not be written.
    """
    if path.suffix.lower() == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(widget.size())
        generator.setViewBox(QRect(QPoint(0, 0), widget.size()))
        generator.setTitle(widget.accessibleName() or "NMT Desktop chart")
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError(f"Could not write {path}")
        try:
            if isinstance(widget, QGraphicsView):
                # The scene itself, as vectors: lines and text stay sharp in the SVG.
                widget.render(painter, QRectF(0, 0, widget.width(), widget.height()),
                              widget.viewport().rect())
            else:
                QWidget.render(widget, painter, QPoint(0, 0))
        finally:
            painter.end()
        if not path.exists():
            raise OSError(f"Could not write {path}")
        return
    if not widget_image(widget).save(str(path)):  # the format follows the suffix
        raise OSError(f"Could not write {path}")


class ImageMenu:
    """Adds the context menu to `widget`; `name` is the file name offered when saving."""

    def __init__(self, widget: QWidget, name: str,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.widget = widget
        self.name = name
        self._on_error = on_error
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        widget.customContextMenuRequested.connect(self.popup)

    def menu(self) -> QMenu:
        menu = QMenu(self.widget)
        menu.addAction("Copy image", self.copy_image)
        menu.addAction("Save image…", self.save_image)
        return menu

    def popup(self, position: QPoint) -> None:
        self.menu().exec(self.widget.mapToGlobal(position))

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(widget_image(self.widget))

    def save_image(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(
            self.widget, "Save image", str(Path.home() / f"{self.name}.png"),
            "PNG image (*.png);;SVG drawing (*.svg)")
        if not path:
            return
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
        try:
            save_widget_image(self.widget, target)
        except OSError as error:
            if self._on_error is not None:
                self._on_error(f"The image was not saved: {error}")
            else:
                raise

