"""The banner shows plain text as typed, hides when empty, and can be dismissed."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from nmt_desktop.ui.common.banner import Banner, BannerLevel


def test_banner_escapes_text_and_hides_when_empty(qtbot: QtBot) -> None:
    # GIVEN a page with a banner on it
    page = QWidget()
    banner = Banner(parent=page)
    QVBoxLayout(page).addWidget(banner)
    qtbot.addWidget(page)
    page.show()
    assert not banner.isVisible()  # nothing to say yet
    # WHEN it shows user text with markup characters, emoji and CJK
    banner.show_message("Precautions <today>", ["Zoë <b>&</b> 山田 🙂", "  "])
    # THEN the text reads as typed, blank items are dropped, and it is visible
    assert banner.isVisible()
    assert banner.items() == ("Zoë <b>&</b> 山田 🙂",)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in banner.text.text()
    assert "&lt;today&gt;" in banner.text.text()
    assert banner.accessibleName() == "Precautions <today>"
    # WHEN it is given nothing, it hides
    banner.show_message("", [])
    assert not banner.isVisible()


def test_banner_level_and_dismiss(qtbot: QtBot) -> None:
    banner = Banner(BannerLevel.INFO, closable=True)
    qtbot.addWidget(banner)
    banner.show_message("Trigger point inside a no-go zone", ["Left calf"],
                        level=BannerLevel.DANGER)
    assert banner.level() is BannerLevel.DANGER
    assert BannerLevel.DANGER.stripe in banner.styleSheet()
    assert banner.symbol.text() == "‼"
    with qtbot.waitSignal(banner.closed, timeout=1000):
        banner.close_button.click()
    assert banner.isHidden() and banner.items() == ()
