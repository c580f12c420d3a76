"""The application's one style sheet, and the roles widgets take in it.

A widget says what it is (`set_role(label, "muted")`, or an object name for a one-off frame); how
that looks is written once, here, and applied to the whole application at start
(`theme.apply_theme`). Colours that come from data (a banner's level, a status colour, text copied
from the last visit) stay beside the code that picks them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

ACCENT = "#2f6f73"
#: Secondary text: hints, counts, empty states, subtitles.
MUTED = "#5b6470"
#: Validation messages and "not saved".
ERROR = "#a61b1b"
INK = "#2f3a45"
#: A signed session's status.
SIGNED = "#1f4f8a"
#: Text of a transient "waiting" state (the database is busy).
WAITING = "#6b4a00"


def set_role(widget: QWidget, role: str | None) -> None:
    """Give a widget its role in the style sheet; changing it later restyles the widget."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """Set a boolean property the style sheet selects on (e.g. `invalid`), and restyle."""
    widget.setProperty(name, on)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


APP_STYLE_SHEET = f"""
QPushButton {{ padding: 5px 12px; }}
QListView::item {{ padding: 5px 4px; }}
QStatusBar {{ color: {MUTED}; }}

*[role="muted"] {{ color: {MUTED}; }}
*[role="hint"] {{ color: {MUTED}; font-size: 11px; }}
*[role="export-hint"] {{ color: {MUTED}; font-size: 11px; margin-left: 24px; margin-bottom: 6px; }}
*[role="empty"] {{ color: {MUTED}; padding: 8px; }}
*[role="no-match"] {{ color: {MUTED}; padding: 6px 2px; }}
*[role="welcome"] {{ color: {MUTED}; font-size: 15px; }}
*[role="error"] {{ color: {ERROR}; font-size: 11px; }}
*[role="waiting-strong"] {{ color: {WAITING}; font-size: 11px; font-weight: 600; }}
*[role="error-strong"] {{ color: {ERROR}; font-size: 11px; font-weight: 600; }}
*[role="remark"] {{ color: #8a5a00; font-size: 11px; }}
*[role="title"] {{ font-size: 20px; font-weight: 600; }}
*[role="heading"] {{ font-size: 15px; font-weight: 600; }}
*[role="heading-spaced"] {{ font-size: 15px; font-weight: 600; margin-top: 8px; }}
*[role="dialog-heading"] {{ font-size: 16px; font-weight: 600; }}
*[role="subheading"] {{ font-size: 14px; font-weight: 600; margin-top: 8px; }}
*[role="page-title"] {{ font-size: 15px; font-weight: 600; color: {INK}; }}
*[role="section-title"] {{ font-size: 14px; font-weight: 600; color: {ACCENT}; margin-top: 6px; }}
*[role="field-label"] {{ font-weight: 600; color: {INK}; }}
*[role="strong"] {{ font-weight: 600; }}
*[role="caption"] {{ font-weight: 600; margin-top: 4px; }}
*[role="caption-spaced"] {{ font-weight: 600; margin-top: 6px; }}
*[role="caption-gap"] {{ font-weight: 600; margin-top: 12px; }}
*[role="pointer"] {{ color: {INK}; font-weight: 600; }}
*[role="accent-strong"] {{ color: {ACCENT}; font-weight: 600; }}
*[role="legend-header"] {{ color: #3d3a37; }}
*[role="separator"] {{ color: #e3ded7; }}
*[role="notice"] {{ padding: 6px 10px; border-radius: 3px; background: #e7f1e8; color: #1d4d25; }}
*[role="problem"] {{ padding: 6px 10px; border-radius: 3px; background: #fbe9e9; color: #8a1616; }}
*[role="import-notice"] {{
    padding: 8px 10px; border-radius: 3px; background: #fdf3dc; color: {WAITING}; }}
*[role="import-refusal"] {{
    padding: 8px 10px; border-radius: 3px; background: #fbe9e9; color: #8a1616; }}
*[role="write-waiting"] {{ background: #fff4d6; border: 1px solid #d9a520; border-radius: 4px;
    color: {WAITING}; font-weight: 600; padding: 3px 8px; }}
*[role="write-failed"] {{ background: #fdecea; border: 1px solid #d98b8b; border-radius: 4px;
    color: #8a1212; font-weight: 600; padding: 3px 8px; }}
*[role="map-pointer"] {{ color: {INK}; font-weight: 600; background: rgba(255, 255, 255, 200); }}
*[role="logo-preview"] {{ background: white; border: 1px solid #c5cad1; }}
*[role="compact-list"]::item {{ padding: 1px 2px; }}
*[role="version-list"]::item {{ padding: 4px; }}
QPushButton[role="techniques-offer"] {{ text-align: left; padding: 3px 8px; }}
QToolBar[role="map-tools"] {{ padding: 0px; spacing: 2px; }}
QTabWidget[role="form-tabs"] QTabBar::tab {{ min-width: 34px; padding: 5px 10px; }}

QLineEdit[invalid="true"] {{ border: 1px solid {ERROR}; border-radius: 3px; padding: 2px; }}
QAbstractSpinBox[invalidInput="true"], QDateEdit[invalidInput="true"],
QLineEdit[invalidInput="true"] {{
    border: 2px solid #b3261e; border-radius: 3px; background: #fdecea; }}

#questionnaire QToolButton {{ border: 1px solid #b9c0c6; border-radius: 3px; background: #ffffff;
    padding: 2px; }}
#questionnaire QToolButton:checked {{ background: {ACCENT}; color: #ffffff; border-color: {ACCENT};
    font-weight: 600; }}
#questionnaire QToolButton:disabled {{ color: #9aa3ab; background: #f4f5f2; }}
#questionnaire QToolButton:checked:disabled {{ background: #7aa3a6; color: #ffffff; }}

QGroupBox[role="checklist"] {{ font-weight: 600; }}
QGroupBox[role="checklist"] QCheckBox, QGroupBox[role="checklist"] QLabel {{
    font-weight: normal; }}

QFrame#amendment {{ background: #f3f6fa; border: 1px solid #cdd6e0;
    border-left: 4px solid {ACCENT}; border-radius: 3px; }}
QFrame#blockerRow {{ background: white; border: 1px solid #d9d6d0; border-radius: 4px; }}
#legendOverlay {{ background: rgba(255, 255, 255, 235); border: 1px solid #d8d2ca;
    border-radius: 5px; }}

#triggerPointEditor {{ background: #ffffff; border: 1px solid #b9b2a9; border-radius: 6px; }}
#triggerPointEditor QLabel#editorTitle {{ font-size: 15px; font-weight: 600; }}
#triggerPointEditor QLabel#editorSubtitle {{ color: {MUTED}; }}
#triggerPointEditor QLabel.section {{ font-weight: 600; color: #3d3a37; }}
#triggerPointEditor QWidget#gradeButtons QToolButton {{ border: 1px solid #b9b2a9;
    border-radius: 4px; padding: 2px 7px; background: #fafaf8; min-width: 20px; }}
#triggerPointEditor QWidget#gradeButtons QToolButton:checked {{ background: {ACCENT};
    color: #ffffff; border-color: {ACCENT}; font-weight: 600; }}
#triggerPointEditor QWidget#gradeButtons QToolButton:focus {{ border: 2px solid #1b1f23; }}
"""
