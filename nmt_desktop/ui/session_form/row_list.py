"""Shared pieces of the list-like parts of the form (posture findings, home care, goals)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.ui.session_form.fields import COPIED_BACKGROUND, COPIED_BORDER

ROW_STYLE = "QFrame#{name} {{ background: {bg}; border: 1px solid {border}; border-radius: 4px; }}"


class RowCard(QFrame):
    """One entry of a list, tinted while it is copied from the previous session."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self.setObjectName(name)
        self.set_copied(False)

    def set_copied(self, copied: bool) -> None:
        self.copied = copied
        self.setStyleSheet(ROW_STYLE.format(
            name=self._name,
            bg=COPIED_BACKGROUND if copied else "#fbfbfa",
            border=COPIED_BORDER if copied else "#d9ddd6",
        ))


def remove_button(what: str) -> QToolButton:
    button = QToolButton()
    button.setText("×")
    button.setToolTip(f"Remove {what}")
    button.setAccessibleName(f"Remove {what}")
    button.setAutoRaise(True)
    return button


def picker(placeholder: str, choices: list[tuple[str, str, str]]) -> QComboBox:
    """A combo whose first line invites a choice; (id, label, tooltip) per entry."""
    combo = QComboBox()
    combo.addItem(placeholder, None)
    for choice_id, label, tooltip in choices:
        combo.addItem(label, choice_id)
        combo.setItemData(combo.count() - 1, tooltip, Qt.ItemDataRole.ToolTipRole)
    combo.setMaxVisibleItems(18)
    # Long entries must not widen the narrow form column; the open list shows them whole.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    combo.setAccessibleName(placeholder.rstrip("…"))
    return combo


def discard(widget: QWidget) -> None:
    """Remove a widget from view now; Qt deletes it once its signals have settled."""
    widget.hide()
    widget.deleteLater()


def clear_layout(layout: QVBoxLayout | QGridLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            discard(widget)
