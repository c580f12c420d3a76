"""List model over patient records (plain DTOs, never ORM objects)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from nmt_desktop.services.records import PatientRecord

PatientRole = Qt.ItemDataRole.UserRole + 1
_ARCHIVED = QColor("#8a8f98")


class PatientListModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._patients: list[PatientRecord] = []

    def set_patients(self, patients: list[PatientRecord]) -> None:
        self.beginResetModel()
        self._patients = list(patients)
        self.endResetModel()

    def patient_at(self, row: int) -> PatientRecord | None:
        return self._patients[row] if 0 <= row < len(self._patients) else None

    def row_of(self, uid: object) -> int:
        for row, patient in enumerate(self._patients):
            if patient.uid == uid:
                return row
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._patients)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        patient = self.patient_at(index.row())
        if patient is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            archived = " · archived" if patient.archived else ""
            return (f"{patient.sort_name}\n#{patient.chart_number} · born "
                    f"{patient.date_of_birth.isoformat()}{archived}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{patient.display_name}, chart {patient.chart_number}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return patient.referral_reason or None
        if role == Qt.ItemDataRole.ForegroundRole and patient.archived:
            return _ARCHIVED
        if role == PatientRole:
            return patient
        return None
