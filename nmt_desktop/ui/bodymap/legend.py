"""The always-visible legend of the body map, drawn with the map's own brushes and symbols."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.vocab import PainQuality, ToneGrade, TriggerPointStatus
from nmt_desktop.ui.bodymap.items import paint_marker, paint_tension
from nmt_desktop.ui.bodymap.patterns import (
    intensity_brush,
    intensity_outline,
    quality_brush,
)
from nmt_desktop.ui.bodymap.safety import endangerment_swatch, no_go_swatch
from nmt_desktop.ui.common.style import set_role

#: Pain intensity behind the quality swatches: light, like most painted zones.
SWATCH_NRS = 3
SwatchPainter = Callable[[QPainter, QRectF], None]
#: The full meaning of the two safety hatches (tooltip and accessible name of the short labels).
NO_GO_TEXT = "Red hatch: no-go region (from the intake)"
ENDANGERMENT_TEXT = "Amber hatch: endangerment site, work broad and light"


class _Swatch(QWidget):
    """A small painted sample; its accessible name says what it shows."""

    def __init__(self, size: QSize, paint: SwatchPainter, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paint = paint
        self.setFixedSize(size)
        self.setAccessibleName(name)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint(painter, QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()


def _marker_painter(status: TriggerPointStatus, faded: bool = False) -> SwatchPainter:
    def paint(painter: QPainter, rect: QRectF) -> None:
        if faded:
            painter.setOpacity(0.35)
        painter.translate(rect.center())
        paint_marker(painter, status, min(rect.width(), rect.height()) * 0.33)

    return paint


def _quality_painter(quality: PainQuality) -> SwatchPainter:
    def paint(painter: QPainter, rect: QRectF) -> None:
        path = QPainterPath()
        path.addRoundedRect(rect, 3, 3)
        painter.fillPath(path, intensity_brush(SWATCH_NRS))
        # The brush is in scene units; the swatch shows it at about the fitted map's scale.
        painter.save()
        painter.setClipPath(path)
        painter.translate(rect.topLeft())
        painter.fillRect(QRectF(0, 0, rect.width(), rect.height()),
                         quality_brush(quality, SWATCH_NRS))
        painter.restore()
        painter.setPen(QPen(intensity_outline(SWATCH_NRS), 1))
        painter.drawPath(path)

    return paint


def _palpation_painter(painter: QPainter, rect: QRectF) -> None:
    path = QPainterPath()
    path.addRoundedRect(rect.adjusted(1, 1, -1, -1), 3, 3)
    painter.fillPath(path, intensity_brush(SWATCH_NRS))
    pen = QPen(intensity_outline(SWATCH_NRS).darker(130), 1.6, Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.drawPath(path)


def _tension_painter(grade: int) -> SwatchPainter:
    def paint(painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, QColor("#f4f1ec"))
        path = QPainterPath()
        path.addRoundedRect(rect, 3, 3)
        paint_tension(painter, path, rect.center(), grade, rect.height() * 0.34)

    return paint


class _IntensityRamp(QWidget):
    """The eleven intensity shades, 0 to 10, numbered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(11 * 16, 34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Pain intensity shades from 0, no pain, to 10, worst pain")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(11 * 21, 34)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = min(self.width() - 1, 11 * 24) / 11
        font = QFont(self.font())
        font.setPixelSize(10)
        painter.setFont(font)
        for nrs in range(11):
            box = QRectF(0.5 + nrs * width, 0.5, width, 16)
            painter.fillRect(box, intensity_brush(nrs))
            painter.setPen(QPen(QColor("#8d857c"), 0.6))
            painter.drawRect(box)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(box.left(), 18, width, 14),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(nrs))
        painter.end()


class MapLegend(QWidget):
    """Legend for markers, pain qualities, pain intensity and tension grades.

    Args:
        orientation: Vertical (a column about 260 px wide, beside the map) or Horizontal (a
            strip under the map).
        parent: Parent widget.
    """

    #: The safety entries were shown or hidden (their holder may need to resize).
    cautions_changed = Signal()

    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Vertical,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._orientation = orientation
        self.setAccessibleName("Body map legend")
        vertical = orientation == Qt.Orientation.Vertical
        outer: QBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(10 if vertical else 20)

        marks = QGridLayout()
        marks.setHorizontalSpacing(8)
        entries = [self._entry(_Swatch(QSize(22, 22), _marker_painter(status),
                                       f"{status.label} trigger point symbol"), status.label)
                   for status in TriggerPointStatus]
        entries.append(self._entry(
            _Swatch(QSize(22, 22), _marker_painter(TriggerPointStatus.ACTIVE, faded=True),
                    "Faded trigger point symbol"), "Earlier visit"))
        for index, entry in enumerate(entries):
            if vertical:
                marks.addLayout(entry, index // 2, index % 2)
            else:
                marks.addLayout(entry, index, 0)
        # Safety first: where the strip is cut off on a small screen, this part still shows.
        outer.addWidget(self._build_cautions(), 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(self._section("Trigger points", marks))

        qualities = QGridLayout()
        qualities.setHorizontalSpacing(12)
        qualities.setVerticalSpacing(3)
        columns = 1 if vertical else 3
        for index, quality in enumerate(PainQuality):
            entry = self._entry(_Swatch(QSize(42, 26), _quality_painter(quality),
                                        f"{quality.label} pattern"), quality.label)
            qualities.addLayout(entry, index // columns, index % columns)
        outer.addLayout(self._section("Pain quality", qualities))

        intensity = QVBoxLayout()
        intensity.setSpacing(4)
        intensity.addWidget(_IntensityRamp())
        intensity.addLayout(self._entry(
            _Swatch(QSize(42, 26), _palpation_painter, "Dashed outline"),
            "Dashed: found on palpation"))
        outer.addLayout(self._section("Pain intensity (0–10)", intensity))

        tension = QGridLayout()
        for grade in ToneGrade:
            tension.addLayout(self._entry(
                _Swatch(QSize(42, 26), _tension_painter(grade.value),
                        f"Tension grade {grade.value}"),
                f"{grade.value}  {grade.label}"), grade.value, 0)
        outer.addLayout(self._section("Tension (therapist-rated)", tension))
        outer.addStretch(1)

    def _build_cautions(self) -> QWidget:
        """Safety hatches; hidden until the map shows one (most charts have none).

        Small enough (two short rows) to stay visible over the map's corner at all times.
        """
        self.cautions = QWidget()
        self.cautions.setAccessibleName("Safety hatching legend")
        layout = QVBoxLayout(self.cautions)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.no_go_entry = self._entry_widget(
            _Swatch(QSize(22, 14), no_go_swatch, "Red hatch"), "No-go")
        self.no_go_entry.setToolTip(NO_GO_TEXT)
        self.no_go_entry.setAccessibleName(NO_GO_TEXT)
        self.endangerment_entry = self._entry_widget(
            _Swatch(QSize(22, 14), endangerment_swatch, "Amber hatch"), "Endangerment")
        self.endangerment_entry.setToolTip(ENDANGERMENT_TEXT)
        self.endangerment_entry.setAccessibleName(ENDANGERMENT_TEXT)
        layout.addWidget(self.no_go_entry)
        layout.addWidget(self.endangerment_entry)
        self.show_cautions(no_go=False, endangerment=False)
        return self.cautions

    def show_cautions(self, *, no_go: bool, endangerment: bool) -> None:
        """Show the legend entries of the safety hatches the map currently draws."""
        self.no_go_entry.setVisible(no_go)
        self.endangerment_entry.setVisible(endangerment)
        self.cautions.setVisible(no_go or endangerment)
        self.cautions_changed.emit()

    def _entry_widget(self, swatch: QWidget, text: str) -> QWidget:
        widget = QWidget()
        row = self._entry(swatch, text)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        widget.setLayout(row)
        return widget

    def orientation(self) -> Qt.Orientation:
        return self._orientation

    def labels(self) -> list[str]:
        """Every text the legend shows, in reading order (for tests and screen readers)."""
        return [label.text() for label in self.findChildren(QLabel)]

    @staticmethod
    def _entry(swatch: QWidget, text: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(swatch)
        label = QLabel(text)
        label.setBuddy(swatch)
        row.addWidget(label, 1)
        return row

    @staticmethod
    def _section(title: str, body: QGridLayout | QVBoxLayout) -> QVBoxLayout:
        section = QVBoxLayout()
        section.setSpacing(4)
        header = QLabel(title)
        header.setObjectName("legendHeader")
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        set_role(header, "legend-header")
        section.addWidget(header)
        section.addLayout(body)
        section.addStretch(1)
        return section


__all__ = ["MapLegend"]
