"""The app icon drawn from its SVG into PNG, ICO and ICNS, read back with Pillow."""

from __future__ import annotations

from pathlib import Path

import pytest

from installer.icons import HICOLOR_SIZES, ICO_SIZES, write_icons

Image = pytest.importorskip("PIL.Image", reason="Pillow reads the icon files back")

WHITE_HEAD = (0.5, 0.23)  # where the figure's head is, as fractions of the icon
TEAL_BELOW_CROTCH = (0.5, 0.80)


def looks_upright(image: Image.Image) -> bool:
    """White head at the top and tile colour between the legs: not flipped, channels in order."""
    rgba = image.convert("RGBA")
    w, h = rgba.size
    head = rgba.getpixel((int(w * WHITE_HEAD[0]), int(h * WHITE_HEAD[1])))
    gap = rgba.getpixel((int(w * TEAL_BELOW_CROTCH[0]), int(h * TEAL_BELOW_CROTCH[1])))
    corner = rgba.getpixel((0, 0))
    return (min(head[:3]) > 230 and gap[2] > gap[0] + 40 and gap[3] == 255
            and corner[3] == 0)


@pytest.fixture(scope="module")
def icons(tmp_path_factory: pytest.TempPathFactory, qapp: object) -> dict[str, Path]:
    return write_icons(tmp_path_factory.mktemp("icons"))


def test_hicolor_pngs_have_every_size(icons: dict[str, Path]) -> None:
    hicolor = icons["svg"].parent.parent.parent
    for size in HICOLOR_SIZES:
        with Image.open(hicolor / f"{size}x{size}" / "apps" / "nmt-desktop.png") as png:
            assert png.size == (size, size)
            # Below 32 px the head and the gap between the legs blur into their neighbours.
            assert size < 32 or looks_upright(png), size
    assert (hicolor / "scalable" / "apps" / "nmt-desktop.svg").read_text().startswith("<?xml")


def test_ico_holds_bitmap_and_png_sizes_drawn_upright(icons: dict[str, Path]) -> None:
    with Image.open(icons["ico"]) as ico:
        assert ico.info["sizes"] == {(s, s) for s in ICO_SIZES}
        for size in (32, 48, 256):  # 32 and 48 are bottom-up bitmaps, 256 is PNG
            ico.size = (size, size)
            frame = ico.copy()
            assert frame.size == (size, size)
            assert looks_upright(frame), size


def test_icns_holds_sizes_up_to_1024(icons: dict[str, Path]) -> None:
    # The icon types of a current .iconset (ic07-ic14): 16 to 512 points at 1x and 2x.
    expected = {(16, 16, 2), (32, 32, 2), (128, 128, 1), (128, 128, 2), (256, 256, 1),
                (256, 256, 2), (512, 512, 1), (512, 512, 2)}
    with Image.open(icons["icns"]) as icns:
        assert expected <= set(icns.info["sizes"])
        assert icns.size == (1024, 1024)
        assert looks_upright(icns)
