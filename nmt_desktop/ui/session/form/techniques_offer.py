"""P → Techniques applied offers the techniques ticked on this visit's trigger points.

Ticking a technique on a trigger point records how that point was treated; the session's own
list of techniques applied is the therapist's statement for the visit, so the techniques are
offered there (one click adds them) rather than ticked behind the therapist's back.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QPushButton

from nmt_desktop.domain.techniques import TECHNIQUES_BY_ID
from nmt_desktop.ui.common.style import set_role
from nmt_desktop.ui.session.form.fields import ChoicesField


class TechniquesOffer(QPushButton):
    def __init__(self, field: ChoicesField) -> None:
        super().__init__()
        self.field = field
        self.missing: list[str] = []
        set_role(self, "techniques-offer")
        self.setToolTip("Tick these in Techniques applied")
        layout = field.layout()
        assert layout is not None
        layout.addWidget(self)
        self.clicked.connect(self.add_all)
        self.hide()

    def offer(self, used_on_points: Iterable[str], read_only: bool) -> None:
        ticked = set(self.field.value())
        self.missing = [t for t in dict.fromkeys(used_on_points)
                        if t not in ticked and t in self.field.boxes]
        if read_only or not self.missing:
            self.hide()
            return
        names = ", ".join(TECHNIQUES_BY_ID[t].label if t in TECHNIQUES_BY_ID else t
                          for t in self.missing)
        self.setText(f"Add from the trigger points: {names}")
        self.show()

    def add_all(self) -> None:
        for technique in self.missing:
            self.field.boxes[technique].setChecked(True)
        self.missing = []
        self.hide()
