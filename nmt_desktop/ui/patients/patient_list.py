"""The patient list: search as you type, arrows move, Enter opens."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.services import patient_search
from nmt_desktop.services.records import ChangeSet, PatientRecord
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.context import AppContext
from nmt_desktop.ui.patients.patient_list_model import PatientListModel


class _TwoLineRowDelegate(QStyledItemDelegate):
    """Rows tall enough for two lines in any script.

    Names in CJK are drawn with a fallback font that is taller than the UI font; Qt's own size
    hint leaves no room for that and elides the second line.
    """

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + option.fontMetrics.lineSpacing() // 2)


class PatientListPanel(QWidget):
    open_requested = Signal(object)  # PatientRecord
    new_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setMinimumWidth(250)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, chart no. or birth date  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search patients")
        self.model = PatientListModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Patients")
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(1)
        self.list.setItemDelegate(_TwoLineRowDelegate(self.list))
        self.no_match = QLabel()
        self.no_match.setWordWrap(True)
        set_role(self.no_match, "no-match")
        self.no_match.setAccessibleName("Search result")
        self.no_match.hide()
        self.show_archived = QCheckBox("Show archived")
        self.count = QLabel()
        set_role(self.count, "muted")
        self.new_button = QPushButton("New patient…")
        self.new_button.setToolTip("Ctrl+N")

        header = QLabel("Patients")
        set_role(header, "heading")
        footer = QHBoxLayout()
        footer.addWidget(self.show_archived)
        footer.addStretch()
        footer.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 6, 10)
        layout.addWidget(header)
        layout.addWidget(self.search)
        layout.addWidget(self.no_match)
        layout.addWidget(self.list, 1)
        layout.addLayout(footer)
        layout.addWidget(self.new_button)

        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.installEventFilter(self)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.list.activated.connect(lambda index: self._open_row(index.row()))
        self.new_button.clicked.connect(self.new_requested)
        context.events.changed.connect(self._on_changed)
        self.refresh()

    def refresh(self, keep: uuid.UUID | None = None) -> None:
        current = keep or self._current_uid()
        patients = self._context.read(patient_search.search_patients, self.search.text(),
                                      self.show_archived.isChecked())
        self.model.set_patients(patients)
        row = self.model.row_of(current) if current else -1
        self._select_row(row if row >= 0 else 0)
        more = "" if len(patients) < patient_search.SEARCH_PAGE else "+"
        self.count.setText(f"{len(patients)}{more} shown")
        typed = self.search.text().strip()
        if typed and not patients:
            archived = "" if self.show_archived.isChecked() else " (archived patients hidden)"
            self.no_match.setText(f"No patient matches “{typed}”{archived}.")
        self.no_match.setVisible(bool(typed) and not patients)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_patient(self) -> PatientRecord | None:
        return self.model.patient_at(self.list.currentIndex().row())

    def _current_uid(self) -> uuid.UUID | None:
        patient = self.current_patient()
        return patient.uid if patient else None

    def _select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(row))

    def _open_row(self, row: int) -> None:
        patient = self.model.patient_at(row)
        if patient is not None:
            self.open_requested.emit(patient)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.patients:
            self.refresh(keep=changes.patient_uid)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Arrows and Enter act on the list while the cursor stays in the search field, so a
        # therapist can type, arrow down twice and press Enter without touching the mouse.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            row = self.list.currentIndex().row()
            if event.key() == Qt.Key.Key_Down:
                self._select_row(row + 1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self._select_row(max(row - 1, 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_row(row)
                return True
        return super().eventFilter(watched, event)
