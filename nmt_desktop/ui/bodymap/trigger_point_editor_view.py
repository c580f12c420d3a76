"""Layout of the trigger-point popover: its widgets, public, and nothing they do.

`trigger_point_editor.TriggerPointEditor` subclasses this view and gives it its behaviour (what
an edit commits, the keyboard, loading a record), as TagStudio's `*_view.py` / controller pairs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nmt_desktop.domain.techniques import TECHNIQUES
from nmt_desktop.domain.vocab import (
    KeyOrSatellite,
    LocalTwitchResponse,
    PressureUnit,
    TriggerPointStatus,
)
from nmt_desktop.ui.bodymap.grade_buttons import GradeButtons
from nmt_desktop.ui.common.optional_inputs import OptionalDoubleSpinBox
from nmt_desktop.ui.common.style import set_role

_UNIT_TEXT = {
    PressureUnit.KG_PER_CM2: "kg/cm²",
    PressureUnit.KPA: "kPa",
    PressureUnit.N_PER_CM2: "N/cm²",
    PressureUnit.LB_PER_CM2: "lb/cm²",
}
_TWITCH_TEXT = {
    LocalTwitchResponse.NONE: "None",
    LocalTwitchResponse.PALPABLE: "Palpable",
    LocalTwitchResponse.VISIBLE: "Visible",
}
_KEY_TEXT = {
    KeyOrSatellite.UNKNOWN: "Not known",
    KeyOrSatellite.KEY: "Key",
    KeyOrSatellite.SATELLITE: "Satellite",
}
_STATUS_TEXT = {
    TriggerPointStatus.ACTIVE: "&Active",
    TriggerPointStatus.LATENT: "&Latent",
    TriggerPointStatus.UNDETERMINED: "&Undetermined",
}
_STATUS_TIPS = {
    TriggerPointStatus.ACTIVE: "Reproduces the patient's own complaint, which they recognise",
    TriggerPointStatus.LATENT: "Tender, but does not reproduce the patient's complaint",
    TriggerPointStatus.UNDETERMINED: "Not decided yet",
}
# Boolean criteria: record field, checkbox text (with mnemonic), tooltip.
_CRITERIA = (
    ("taut_band", "Taut &band", "Palpable taut band in the muscle"),
    ("hypersensitive_spot", "Hypersensiti&ve spot", "Exquisite spot tenderness in the band"),
    ("nodule", "N&odule", "Palpable nodule (confirmatory only)"),
    ("referred_pain", "Referre&d pain", "Compression refers pain or sensation elsewhere"),
    ("pain_recognition", "Pain re&cognition",
     "The patient recognises the sensation as their usual pain"),
    ("jump_sign", "&Jump sign", "Wince, withdrawal or vocalisation on palpation"),
    ("rom_restriction", "ROM restr&iction", "Painful limit to full stretch"),
    ("weakness", "&Weakness", "Weakness without atrophy"),
)


class TriggerPointEditorView(QFrame):
    """The popover's widgets in reading order: a header, what was found, what was done.

    Docked (in the panel beside the map) it is one narrow column; otherwise a popup with two.
    """

    def __init__(self, parent: QWidget | None = None, *, docked: bool = False) -> None:
        # Docked: one column in the panel beside the map, never over the point just placed.
        super().__init__(parent, Qt.WindowType.Widget if docked else Qt.WindowType.Popup)
        self._docked = docked
        self.setObjectName("triggerPointEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Trigger point")
        self._build()

    def _build(self) -> None:
        header = self._build_header()
        left = self._build_findings()
        right = self._build_treatment()
        columns: QHBoxLayout | QVBoxLayout = QVBoxLayout() if self._docked else QHBoxLayout()
        columns.setSpacing(8 if self._docked else 18)
        columns.addLayout(left, 1)
        if not self._docked:
            separator = QFrame()
            separator.setFrameShape(QFrame.Shape.VLine)
            set_role(separator, "separator")
            columns.addWidget(separator)
        columns.addLayout(right, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*((6, 6, 6, 6) if self._docked else (14, 10, 14, 12)))
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addLayout(columns)
        self._set_tab_order()

    def _build_header(self) -> QHBoxLayout:
        self.title = QLabel("Trigger point")
        self.title.setObjectName("editorTitle")
        self.subtitle = QLabel("")
        self.subtitle.setObjectName("editorSubtitle")
        self.delete_button = QPushButton("Delete point")
        self.delete_button.setToolTip("Delete this trigger point")
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip("Close (Esc)")
        self.close_button.setAccessibleName("Close")
        self.close_button.setAutoRaise(True)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        return header

    def _build_findings(self) -> QGridLayout:
        """Left column: muscle, status, findings, twitch, tenderness, algometer, note."""
        self.muscle_combo = QComboBox()
        self.muscle_combo.setEditable(True)
        self.muscle_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.muscle_combo.setMinimumWidth(200 if self._docked else 230)
        self.muscle_combo.setMaxVisibleItems(14)
        completer = QCompleter(self.muscle_combo.model(), self.muscle_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.muscle_combo.setCompleter(completer)
        self.muscle_line_edit().setPlaceholderText("Type to search muscles")
        muscle_label = self._label("&Muscle", self.muscle_combo)

        status_row = self._build_status_row()
        criteria_grid = self._build_criteria_grid()
        twitch_row = self._build_twitch_row()
        self.tenderness = GradeButtons("Tenderness grade")
        tenderness_label = self._label("Te&nderness", self.tenderness)

        ppt_row = self._build_ppt_row()
        ppt_label = self._label("Al&gometer PPT", self.ppt_spin)

        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("Short note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setMinimumHeight(52)
        self.note_edit.setMaximumHeight(84)
        note_label = self._label("Note&s", self.note_edit)

        left = QGridLayout()
        left.setVerticalSpacing(6)
        left.addWidget(muscle_label, 0, 0)
        left.addWidget(self.muscle_combo, 0, 1)
        left.addWidget(self._section("Status"), 1, 0)
        left.addLayout(status_row, 1, 1)
        # Docked in the narrow panel, the findings take the full width under their heading.
        shift = 1 if self._docked else 0
        if self._docked:
            left.addWidget(self._section("Findings"), 2, 0, 1, 2)
            left.addLayout(criteria_grid, 3, 0, 1, 2)
        else:
            left.addWidget(self._section("Findings"), 2, 0, Qt.AlignmentFlag.AlignTop)
            left.addLayout(criteria_grid, 2, 1)
        left.addLayout(twitch_row, 3 + shift, 0, 1, 2)
        left.addWidget(tenderness_label, 4 + shift, 0)
        left.addWidget(self.tenderness, 4 + shift, 1)
        left.addWidget(ppt_label, 5 + shift, 0)
        left.addLayout(ppt_row, 5 + shift, 1)
        left.addWidget(note_label, 6 + shift, 0, Qt.AlignmentFlag.AlignTop)
        left.addWidget(self.note_edit, 6 + shift, 1)
        left.setRowStretch(7 + shift, 1)
        return left

    def _build_status_row(self) -> QHBoxLayout:
        self.status_buttons: dict[TriggerPointStatus, QRadioButton] = {}
        self.status_group = QButtonGroup(self)
        status_row = QHBoxLayout()
        for status in TriggerPointStatus:
            radio = QRadioButton(_STATUS_TEXT[status])
            radio.setToolTip(_STATUS_TIPS[status])
            self.status_group.addButton(radio)
            self.status_buttons[status] = radio
            status_row.addWidget(radio)
        status_row.addStretch(1)
        return status_row

    def _build_criteria_grid(self) -> QGridLayout:
        self.criteria: dict[str, QCheckBox] = {}
        criteria_grid = QGridLayout()
        criteria_grid.setHorizontalSpacing(12)
        criteria_grid.setVerticalSpacing(2)
        for index, (field, text, tip) in enumerate(_CRITERIA):
            box = QCheckBox(text)
            box.setToolTip(tip)
            self.criteria[field] = box
            criteria_grid.addWidget(box, index // 2, index % 2)
        return criteria_grid

    def _build_twitch_row(self) -> QHBoxLayout:
        self.twitch_combo = QComboBox()
        for twitch in LocalTwitchResponse:
            self.twitch_combo.addItem(_TWITCH_TEXT[twitch], twitch)
        self.twitch_combo.setToolTip("Local twitch response of the band")
        self.key_combo = QComboBox()
        for kind in KeyOrSatellite:
            self.key_combo.addItem(_KEY_TEXT[kind], kind)
        self.key_combo.setToolTip("Key trigger point, or satellite of another one")
        twitch_row = QHBoxLayout()
        twitch_row.addWidget(self._label("Local &twitch", self.twitch_combo))
        twitch_row.addWidget(self.twitch_combo)
        twitch_row.addSpacing(10)
        twitch_row.addWidget(self._label("&Key / satellite", self.key_combo))
        twitch_row.addWidget(self.key_combo)
        twitch_row.addStretch(1)
        return twitch_row

    def _build_ppt_row(self) -> QHBoxLayout:
        self.ppt_spin = OptionalDoubleSpinBox()
        self.ppt_spin.setRange(0.0, 2000.0)
        self.ppt_spin.setDecimals(2)
        self.ppt_spin.setSingleStep(0.1)
        self.ppt_spin.setSpecialValueText("not measured")
        self.ppt_spin.setKeyboardTracking(False)  # commit on Enter or leaving, not per key
        self.ppt_spin.setToolTip("Pressure pain threshold from an algometer; 0 clears it")
        self.ppt_spin.setMinimumWidth(110)
        self.ppt_unit = QComboBox()
        for unit in PressureUnit:
            self.ppt_unit.addItem(_UNIT_TEXT[unit], unit)
        self.ppt_unit.setAccessibleName("Pressure unit")
        ppt_row = QHBoxLayout()
        ppt_row.addWidget(self.ppt_spin)
        ppt_row.addWidget(self.ppt_unit)
        ppt_row.addStretch(1)
        return ppt_row

    def _build_treatment(self) -> QVBoxLayout:
        """Right column: referral zones, techniques, tenderness after treatment."""
        self.referral_filter = QLineEdit()
        self.referral_filter.setPlaceholderText("Filter regions")
        self.referral_filter.setClearButtonEnabled(True)
        self.referral_list = QListWidget()
        self.referral_list.setAccessibleName("Regions the pain refers to")
        self.referral_list.setUniformItemSizes(True)
        self.referral_list.setMaximumHeight(104)
        self.referral_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        set_role(self.referral_list, "compact-list")
        referral_label = self._label("Referral &zones", self.referral_filter)

        self.techniques_list = QListWidget()
        self.techniques_list.setAccessibleName("Techniques applied")
        self.techniques_list.setMaximumHeight(126)
        self.techniques_list.setMinimumWidth(240 if self._docked else 300)
        self.techniques_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.techniques_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        set_role(self.techniques_list, "compact-list")
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for technique in sorted(TECHNIQUES, key=lambda t: (not t.core_nmt,
                                                           t.outside_massage_scope)):
            text = technique.label
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, technique.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            tip = f"{technique.description}\nScope: {technique.scope_note}"
            if technique.outside_massage_scope:
                item.setText(f"{text} — outside massage scope")
                item.setIcon(warning)
                item.setForeground(QBrush(QColor("#8c1d18")))
                tip = "Usually OUTSIDE massage-therapy scope.\n" + tip
            elif technique.core_nmt:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            item.setToolTip(tip)
            self.techniques_list.addItem(item)
        techniques_label = self._label("Techni&ques", self.techniques_list)

        self.after_grade = GradeButtons("Tenderness after treatment")
        after_label = self._label("After treatment", self.after_grade)

        right = QVBoxLayout()
        right.setSpacing(3)
        right.addWidget(referral_label)
        right.addWidget(self.referral_filter)
        right.addWidget(self.referral_list)
        right.addSpacing(4)
        right.addWidget(techniques_label)
        right.addWidget(self.techniques_list)
        right.addSpacing(4)
        after_row = QHBoxLayout()
        after_row.addWidget(after_label)
        after_row.addWidget(self.after_grade, 1)
        right.addLayout(after_row)
        right.addStretch(1)
        return right

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.muscle_combo, *self.status_buttons.values(),
                                *self.criteria.values(), self.twitch_combo, self.key_combo,
                                *self.tenderness.buttons, self.ppt_spin, self.ppt_unit,
                                self.note_edit, self.referral_filter, self.referral_list,
                                self.techniques_list, *self.after_grade.buttons,
                                self.delete_button, self.close_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def muscle_line_edit(self) -> QLineEdit:
        """The muscle combo's text field."""
        line_edit = self.muscle_combo.lineEdit()
        assert line_edit is not None  # the combo is editable
        return line_edit

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("class", "section")
        return label
