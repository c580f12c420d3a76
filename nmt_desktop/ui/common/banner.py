"""A coloured banner across a page: precautions for today's session, or a charting warning.

Readable at a glance between two clients: a strong left stripe and a symbol in the level's
colour, a bold title and one line per item. Colour is never the only cue: the symbol and the
title's first word say the level too, so it reads on a greyscale screen or to a screen reader.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget


class BannerLevel(Enum):
    """How serious a banner is: (symbol, ink, background, stripe)."""

    INFO = ("ℹ", "#1f4f57", "#e8f3f3", "#2f6f73")
    CAUTION = ("⚠", "#5c3d00", "#fff4dc", "#c98a00")
    DANGER = ("‼", "#6e140f", "#fde8e6", "#b3261e")

    @property
    def symbol(self) -> str:
        return self.value[0]

    @property
    def ink(self) -> str:
        return self.value[1]

    @property
    def background(self) -> str:
        return self.value[2]

    @property
    def stripe(self) -> str:
        return self.value[3]


class Banner(QFrame):
    """A title and a short list of lines; hidden while it has nothing to say.

    Args:
        level: Colour and symbol.
        closable: Show a × button that hides the banner (for one-off warnings).
        parent: Parent widget.
    """

    closed = Signal()

    def __init__(self, level: BannerLevel = BannerLevel.CAUTION, *, closable: bool = False,
                 compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        # Compact: the title and its items run on as one paragraph (above the body map, where
        # every line of height is a line the map does not get).
        self._compact = compact
        self._level = level
        self._title = ""
        self._items: tuple[str, ...] = ()
        self.symbol = QLabel()
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.symbol.setFixedWidth(26)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss warning")
        self.close_button.setVisible(closable)
        self.close_button.clicked.connect(self.dismiss)
        text_column = QVBoxLayout()
        text_column.setContentsMargins(0, 0, 0, 0)
        text_column.addWidget(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*((10, 3, 6, 3) if compact else (10, 6, 6, 6)))
        layout.setSpacing(8)
        layout.addWidget(self.symbol)
        layout.addLayout(text_column, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self._restyle()
        self.hide()

    def level(self) -> BannerLevel:
        return self._level

    def title(self) -> str:
        return self._title

    def items(self) -> tuple[str, ...]:
        return self._items

    def set_level(self, level: BannerLevel) -> None:
        if level is not self._level:
            self._level = level
            self._restyle()

    def show_message(self, title: str, items: Sequence[str] = (),
                     level: BannerLevel | None = None) -> None:
        """Show a title and lines (plain text: `<&>` show as typed); no title and no lines hide."""
        if level is not None:
            self.set_level(level)
        self._title = title
        self._items = tuple(item for item in items if item.strip())
        if not title and not self._items:
            self.clear()
            return
        if self._compact:
            lines = "".join(f" &nbsp;• {html.escape(item)}" for item in self._items)
            self.text.setText(f"<b>{html.escape(title)}:</b>{lines}")
        else:
            lines = "".join(f"<div style='margin-top:2px'>• {html.escape(item)}</div>"
                            for item in self._items)
            self.text.setText(f"<b>{html.escape(title)}</b>{lines}")
        self.setAccessibleName(title)
        self.setAccessibleDescription(" ".join(self._items))
        self.show()

    def clear(self) -> None:
        self._title = ""
        self._items = ()
        self.text.clear()
        self.hide()

    def dismiss(self) -> None:
        self.clear()
        self.closed.emit()

    def _restyle(self) -> None:
        level = self._level
        self.symbol.setText(level.symbol)
        self.symbol.setStyleSheet(f"color: {level.stripe}; font-size: 17px;")
        self.setStyleSheet(
            f"QFrame#banner {{ background: {level.background};"
            f" border: 1px solid {level.stripe}; border-left: 5px solid {level.stripe};"
            f" border-radius: 4px; }}"
            f"QFrame#banner QLabel {{ color: {level.ink}; background: transparent;"
            f" border: none; }}"
        )


__all__ = ["Banner", "BannerLevel"]
