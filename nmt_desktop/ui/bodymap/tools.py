"""The charting tools of the body map and their single-key shortcuts."""

from __future__ import annotations

from enum import Enum


class Tool(Enum):
    """What a left click on the map does.

    The value is the tool's single-key shortcut, so a toolbar can build its actions from the
    enum alone: `QAction(tool.label, shortcut=tool.shortcut)`.
    """

    SELECT = "S"
    TRIGGER_POINT = "T"
    PAIN_ZONE = "P"
    TENSION = "N"

    @property
    def shortcut(self) -> str:
        """The single key that selects the tool, e.g. "T"."""
        return str(self.value)

    @property
    def label(self) -> str:
        """Button text with the shortcut letter as an `&` mnemonic."""
        return _LABELS[self]

    @property
    def hint(self) -> str:
        """One line for a tooltip or the status bar."""
        return _HINTS[self]

    @property
    def paints_regions(self) -> bool:
        """True for the tools that stroke whole regions (pain zones, tension)."""
        return self in (Tool.PAIN_ZONE, Tool.TENSION)

    @classmethod
    def for_key(cls, text: str) -> Tool | None:
        """The tool whose shortcut is this key text (case-insensitive), or None."""
        upper = text.strip().upper()
        return next((tool for tool in cls if tool.value == upper), None)


_LABELS = {
    Tool.SELECT: "&Select",
    Tool.TRIGGER_POINT: "&Trigger point",
    Tool.PAIN_ZONE: "&Pain zone",
    Tool.TENSION: "Te&nsion",
}

_HINTS = {
    Tool.SELECT: "Select and move trigger points (S)",
    Tool.TRIGGER_POINT: "Click on the body to place a trigger point (T)",
    Tool.PAIN_ZONE: "Click or drag across regions to paint pain; right-click erases (P)",
    Tool.TENSION: "Click or drag across regions to rate tension; right-click erases (N)",
}

#: Tools in toolbar order.
TOOLS: tuple[Tool, ...] = tuple(Tool)
