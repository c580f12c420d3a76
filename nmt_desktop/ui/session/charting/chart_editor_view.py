"""Layout of the charting area: toolbar, map, and the side column; widgets and actions only.

`chart_editor.ChartEditor` subclasses this view and wires it (what a tool, a key or a click on
the map does), as TagStudio's `*_view.py` / controller pairs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QCheckBox, QLabel, QSplitter, QToolBar, QVBoxLayout, QWidget

from nmt_desktop.ui.bodymap.legend import MapLegend
from nmt_desktop.ui.bodymap.legend_overlay import LegendOverlay
from nmt_desktop.ui.bodymap.region_list import RegionList
from nmt_desktop.ui.bodymap.scene import BodyMapScene
from nmt_desktop.ui.bodymap.tools import TOOLS, Tool
from nmt_desktop.ui.bodymap.trigger_point_editor import TriggerPointEditor
from nmt_desktop.ui.bodymap.view import BodyMapView
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.session.charting.chart_panel import ChartSidePanel
from nmt_desktop.ui.session.charting.chart_tools import PainOptions, TensionOptions


class PageStack(QWidget):
    """Shows one of its pages and is exactly as tall as that page.

    (A QStackedWidget is as tall as its tallest page: it left an empty band above the region
    list and the marks whenever the short trigger-point hint was shown.)
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> None:  # noqa: N802 - as QStackedWidget
        self._pages.append(page)
        self._layout.addWidget(page)
        page.setVisible(len(self._pages) == 1)

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802
        for other in self._pages:
            other.setVisible(other is page)

    def currentWidget(self) -> QWidget | None:  # noqa: N802
        return next((page for page in self._pages if not page.isHidden()), None)

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]


class ChartEditorView(QWidget):
    """The map with its toolbar, and a side column: options, regions and marks.

    The session page takes the side column (`side_column`) into its own tabs.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The session's undo stack, made before the Undo/Redo actions that show it: children
        # are destroyed in the order they were made, so the stack never signals into a
        # deleted action. The controller fills and wires it.
        self.undo_stack = QUndoStack(self)
        self.scene = BodyMapScene(self)
        self.view = BodyMapView(self.scene)
        self.legend = MapLegend(orientation=Qt.Orientation.Vertical)
        self.legend_overlay = LegendOverlay(self.legend, self.view)
        self.panel = ChartSidePanel()
        self._build_options()
        # What is under the pointer, in the map's bottom-left corner (costs no height).
        self.hover_label = QLabel(" ", self.view)
        set_role(self.hover_label, "map-pointer")
        self.hover_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.ghost_toggle = QCheckBox("Previous visit (G)")
        self.ghost_toggle.setToolTip("Draw the previous session faded under this one")
        self._build_toolbar()
        self._build_keys()
        self._build_layout()

    def _build_options(self) -> None:
        """The options shown above the region list: one page per tool."""
        self.pain_options = PainOptions()
        self.tension_options = TensionOptions()
        self.tool_hint = QLabel()
        self.tool_hint.setWordWrap(True)
        set_role(self.tool_hint, "muted")
        self.tool_hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The trigger-point editor is docked in the panel beside the map: it never covers the
        # point just placed, and the map keeps all its height.
        self.editor = TriggerPointEditor(docked=True)
        self.editor.hide()
        self.trigger_page = QWidget()
        trigger_layout = QVBoxLayout(self.trigger_page)
        trigger_layout.setContentsMargins(0, 0, 0, 0)
        trigger_layout.addWidget(self.tool_hint)
        trigger_layout.addWidget(self.editor)
        self.options = PageStack()
        for page in (self.trigger_page, self.pain_options, self.tension_options):
            self.options.addWidget(page)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Charting tools")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.tool_actions: dict[Tool, QAction] = {}
        group = QActionGroup(self)
        for tool in TOOLS:
            action = QAction(tool.label.replace("&", ""), self, checkable=True)
            action.setShortcut(QKeySequence(tool.shortcut))
            # Anywhere in the window while the map is on screen, unless a text field takes
            # the key (text fields override single-key shortcuts).
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setToolTip(tool.hint)
            group.addAction(action)
            self.toolbar.addAction(action)
            self.addAction(action)
            self.tool_actions[tool] = action
        for action in self.tool_actions.values():
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable with Tab
        self.toolbar.addSeparator()
        # Fixed texts ("Undo", not "Undo Place trigger point"): a label that changes width
        # shifted the toolbar and pushed its last items into the overflow menu.
        self.undo_action = QAction("Undo", self)
        self.undo_action.setEnabled(False)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction("Redo", self)
        self.redo_action.setEnabled(False)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.toolbar.addAction(action)
            self.addAction(action)
        self.toolbar.addSeparator()
        self.fit_action = QAction("Fit", self)
        self.fit_action.setShortcut(QKeySequence("Ctrl+0"))
        self.toolbar.addAction(self.fit_action)
        self.compare_action = QAction("Compare sessions…", self)
        self.toolbar.addAction(self.compare_action)
        self.toolbar.addWidget(self.ghost_toggle)
        set_role(self.toolbar, "map-tools")

    def _build_keys(self) -> None:
        """Single-key shortcuts of the map (G, M, L, 0–9), active while it has the focus."""
        self.ghost_key = self._key("G")
        self.mirror_action = QAction("Same again on the other side", self)
        self.mirror_action.setShortcut(QKeySequence("M"))
        self.mirror_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.mirror_action.setToolTip("Chart the selected trigger point again at the mirrored "
                                      "spot on the other side (M)")
        self.addAction(self.mirror_action)
        self.legend_key = self._key("L")
        # 0–9 set the pain intensity (pain tool) or 0–3 the tension grade (tension tool).
        self.level_keys = {digit: self._key(str(digit)) for digit in range(10)}

    def _key(self, shortcut: str) -> QAction:
        key = QAction(self)
        key.setShortcut(QKeySequence(shortcut))
        key.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(key)
        return key

    def _build_layout(self) -> None:
        # The column over the map; the write-state strip is put on top by the controller.
        self.map_column = QVBoxLayout()
        self.map_column.setContentsMargins(0, 0, 0, 0)
        self.map_column.addWidget(self.view, 1)
        map_widget = QWidget()
        map_widget.setLayout(self.map_column)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.options)
        self.regions = RegionList()
        side_layout.addWidget(self.regions)
        side_layout.addWidget(self.panel, 1)
        splitter = QSplitter()
        splitter.addWidget(map_widget)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)
        # The session page puts the side column into its own tabs, beside the SOAP form.
        self.splitter = splitter
        self.side_column = side
