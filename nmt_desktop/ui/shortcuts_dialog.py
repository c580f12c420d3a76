"""Help → Keyboard shortcuts: every key the app answers to, in one table."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from nmt_desktop.ui import window_geometry

#: (section, keys, what they do). Tests check that every shortcut of the window is listed.
SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    ("Patients", "Ctrl+F", "Search patients (name, chart number or birth date)"),
    ("Patients", "↑ ↓, Enter", "Move in the patient list and open the patient"),
    ("Patients", "Ctrl+N", "New patient"),
    ("Patients", "Ctrl+E", "Edit the patient's details"),
    ("Patients", "Ctrl+T", "Start today's session (offers the one already started today)"),
    ("Patients", "Ctrl+I", "Intake: history, goals, consent and screening"),
    ("Reports", "Ctrl+P", "Patient summary (take-home sheet)"),
    ("Reports", "Ctrl+Shift+P", "Physician progress report"),
    ("Session map", "T", "Trigger-point tool: a click charts the likeliest muscle"),
    ("Session map", "P", "Pain-zone tool"),
    ("Session map", "N", "Tension tool"),
    ("Session map", "S", "Select tool (select and move trigger points)"),
    ("Session map", "0 – 9", "Pain intensity (pain tool) or tension grade 0–3 (tension tool)"),
    ("Session map", "M", "Same trigger point again on the other side"),
    ("Session map", "← → ↑ ↓", "Move the outlined region on the map"),
    ("Session map", "Enter", "Chart the outlined region with the current tool; "
                             "on a selected trigger point, edit it"),
    ("Session map", "Tab, Shift+Tab", "Step through the trigger points on the map"),
    ("Session map", "Delete", "Delete the selected trigger point"),
    ("Session map", "L", "Show or hide the legend"),
    ("Session map", "G", "Show the previous visit faded under this one"),
    ("Session map", "E", "Show the endangerment sites"),
    ("Session map", "Ctrl+Z, Ctrl+Y or Ctrl+Shift+Z", "Undo, redo"),
    ("Session map", "Ctrl+0, Ctrl++, Ctrl+-", "Fit the map, zoom in, zoom out"),
    ("Session map", "Space + drag", "Pan the map"),
    ("Trigger point", "Type letters", "Filter the muscles; Enter picks the highlighted one"),
    ("Trigger point", "Enter", "Accept the point as shown and go back to the map"),
    ("Trigger point", "Alt+A, Alt+L, Alt+U", "Status: active, latent, undetermined"),
    ("Trigger point", "Esc", "Close the trigger-point details"),
    ("Session", "Esc", "Back to the patient"),
    ("Application", "Ctrl+L", "Lock: cover every patient detail until your password is typed"),
    ("Application", "Ctrl+Q", "Quit (lists unsigned drafts first)"),
    ("Application", "F1", "This list"),
)


def shortcuts_html() -> str:
    rows = []
    section = ""
    for group, keys, meaning in SHORTCUTS:
        if group != section:
            rows.append(f"<tr><td colspan='2'><h4 style='margin:8px 0 2px 0'>"
                        f"{html.escape(group)}</h4></td></tr>")
            section = group
        rows.append(f"<tr><td style='padding-right:14px'><b>{html.escape(keys)}</b></td>"
                    f"<td>{html.escape(meaning)}</td></tr>")
    return "<table>" + "".join(rows) + "</table>"


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.text = QTextBrowser()
        self.text.setHtml(shortcuts_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        window_geometry.fit_to_screen(self, 620, 680)
