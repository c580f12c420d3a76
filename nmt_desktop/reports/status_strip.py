"""A row of trigger-point symbols, one per visit, aligned like a table column.

Drawn rather than typed: text symbols differ in width ("·" is narrower than "●"), so visit n
would not sit under visit n in the next row. The symbols are the body map's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from nmt_desktop.domain.vocab import TriggerPointStatus
from nmt_desktop.reports.symbols import draw_trigger_point

_MAX_CELL = 6.0


class StatusStrip(Flowable):  # type: ignore[misc, unused-ignore]  # untyped without stubs
    """Trigger-point status per visit: filled, hollow, half-filled, or a dot for none."""

    def __init__(self, statuses: Sequence[TriggerPointStatus | None]) -> None:
        """Create the strip; it shrinks its cells to fit the column it is placed in."""
        super().__init__()
        self.statuses = tuple(statuses)
        self.cell = _MAX_CELL

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Fit all visits into the available width."""
        self.cell = min(_MAX_CELL, avail_width / max(len(self.statuses), 1))
        self.width = self.cell * len(self.statuses)
        self.height = max(self.cell, 5.0)
        return self.width, self.height

    def draw(self) -> None:
        """Draw one symbol per visit."""
        y = self.height / 2
        for n, status in enumerate(self.statuses):
            x = (n + 0.5) * self.cell
            if status is None:
                self.canv.setFillGray(0)
                self.canv.circle(x, y, 0.45, stroke=0, fill=1)
            else:
                draw_trigger_point(self.canv, status, x, y, self.cell * 0.34)
