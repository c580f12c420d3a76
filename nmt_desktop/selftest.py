"""`nmt-desktop --self-test`: prove that this installation can do a therapist's day in small.

The same checks run from a source checkout and from the frozen bundle, so a build that forgot a
font, a migration or a Qt plugin fails here instead of in a clinic. Everything happens in a
temporary folder; the user's own data folder and database are never opened. Each step prints one
line ("ok" with a detail, or "FAILED: reason") so that a screenshot or a CI log says what is
missing. Qt is imported only inside the steps that need it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from pypdf import PdfReader
    from PySide6.QtGui import QImage

    from nmt_desktop.db.database import Database

EXIT_OK = 0
EXIT_FAILED = 1

#: Qt platform plugins the window needs on each operating system (beside `offscreen`).
REQUIRED_PLATFORM_PLUGINS = {"linux": {"xcb"}, "win32": {"windows"}, "darwin": {"cocoa"}}


class SelfTestError(Exception):
    """A check found a problem; the message is the reason printed after FAILED."""


@dataclass
class SelfTestRun:
    """What the steps hand on to each other."""

    folder: Path
    db: Database | None = None
    patient_uid: uuid.UUID | None = None
    patient_name: str = ""
    report_file: Path | None = None
    qt_app: object = None

    def database(self) -> Database:
        if self.db is None:
            raise SelfTestError("skipped, the database step failed")
        return self.db

    def patient(self) -> uuid.UUID:
        if self.patient_uid is None:
            raise SelfTestError("skipped, the demo clinic step failed")
        return self.patient_uid

    def report(self) -> Path:
        if self.report_file is None:
            raise SelfTestError("skipped, the patient report step failed")
        return self.report_file


def open_database(run: SelfTestRun) -> str:
    from nmt_desktop.db.database import Database
    from nmt_desktop.services.maintenance import check_database
    from nmt_desktop.services.program_person import program_person

    file = run.folder / "self-test.sqlite"
    # The program checks itself: it acts as itself, with no person signed in.
    run.db = Database.open(f"sqlite:///{file}").signed_in_as(program_person("self-test"))
    check = check_database(run.db)
    if not check.ok:
        raise SelfTestError(f"schema {check.schema_revision}, integrity {check.integrity}")
    return f"schema {check.schema_revision} in a new SQLite file"


def load_demo(run: SelfTestRun) -> str:
    from nmt_desktop.services.demo import load_demo_clinic
    from nmt_desktop.services.patient_search import search_patients
    from nmt_desktop.services.sessions import list_sessions

    db = run.database()
    load_demo_clinic(db)
    charted = [p for p in search_patients(db) if list_sessions(db, p.uid)]
    if not charted:
        raise SelfTestError("the demo clinic has no patient with a session")
    # The report of the name furthest from ASCII proves the bundled fallback fonts work.
    patient = max(charted, key=lambda p: sum(ord(c) > 0x2FFF for c in p.display_name))
    run.patient_uid, run.patient_name = patient.uid, patient.display_name
    return f"{len(charted)} patients with sessions"


def _start_qt(run: SelfTestRun) -> None:
    """Use the running QApplication, or start one (offscreen when there is no display)."""
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    if run.qt_app is None:
        run.qt_app = QApplication.instance() or QApplication([sys.argv[0] or "nmt-desktop"])


def render_body_map(run: SelfTestRun) -> str:
    from PySide6.QtCore import QByteArray, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtSvgWidgets import QGraphicsSvgItem
    from PySide6.QtWidgets import QGraphicsScene

    _start_qt(run)
    svg = resources.files("nmt_desktop.assets").joinpath("bodymap.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise SelfTestError("QtSvg cannot read assets/bodymap.svg")
    # The same route as the charting screen: the artwork as a scene item, painted offscreen.
    scene = QGraphicsScene()
    item = QGraphicsSvgItem()
    item.setSharedRenderer(renderer)
    scene.addItem(item)
    bounds = item.boundingRect()
    width = 900
    height = max(1, round(width * bounds.height() / max(bounds.width(), 1.0)))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(image)
    scene.render(painter, QRectF(0, 0, width, height), bounds)
    painter.end()
    inked = _inked_fraction(image)
    if inked < 0.05:
        raise SelfTestError(f"the body map rendered blank ({inked:.1%} of the pixels drawn)")
    image.save(str(run.folder / "bodymap.png"))
    return f"{width}x{height} px, {inked:.0%} drawn"


def _inked_fraction(image: QImage) -> float:
    step = 6
    samples = inked = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            samples += 1
            inked += image.pixel(x, y) & 0xFFFFFF != 0xFFFFFF
    return inked / max(samples, 1)


def check_qt_plugins(run: SelfTestRun) -> str:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader

    _start_qt(run)
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise SelfTestError("the SVG image-format plugin is missing (imageformats/qsvg)")
    icon_file = resources.files("nmt_desktop.assets").joinpath("icons/nmt-desktop.svg")
    with resources.as_file(icon_file) as icon_path:
        icon = QIcon(str(icon_path))
        if icon.pixmap(QSize(64, 64)).isNull():
            raise SelfTestError("the SVG icon engine cannot draw the app icon (qsvgicon)")
    available = platform_plugins()
    required = REQUIRED_PLATFORM_PLUGINS.get(sys.platform, set())
    missing = sorted(required - available)
    if missing:
        raise SelfTestError(f"platform plugin {', '.join(missing)} missing; the window cannot open")
    platforms = ", ".join(sorted(available))
    return f"running on {QGuiApplication.platformName()}; platforms: {platforms}"


def platform_plugins() -> set[str]:
    """Names of the Qt platform plugins on disk (xcb, wayland, offscreen, windows, cocoa)."""
    from PySide6.QtCore import QCoreApplication

    names = set()
    for folder in QCoreApplication.libraryPaths():
        platforms = Path(folder) / "platforms"
        if platforms.is_dir():
            for plugin in platforms.iterdir():
                stem = plugin.name.split(".")[0].removeprefix("lib")
                names.add(stem.removeprefix("q"))
    return names


def write_patient_report(run: SelfTestRun) -> str:
    from nmt_desktop.reports import render_patient_summary
    from nmt_desktop.services.report_data import build_patient_summary

    data = build_patient_summary(run.database(), run.patient())
    pdf = render_patient_summary(data)
    run.report_file = run.folder / "patient-summary.pdf"
    run.report_file.write_bytes(pdf)
    return f"{len(pdf) // 1024} KiB for {run.patient_name}"


def check_report(run: SelfTestRun) -> str:
    from pypdf import PdfReader

    reader = PdfReader(run.report())
    text, fonts = text_and_fonts(reader)
    # pypdf may split a line where the font changes (Latin to CJK): compare without spaces.
    if "".join(run.patient_name.split()) not in "".join(text.split()):
        raise SelfTestError(f"the patient's name {run.patient_name!r} is not in the PDF text")
    unembedded = sorted(name for name, embedded in fonts.items() if not embedded)
    if unembedded:
        raise SelfTestError(f"text set in fonts that are not embedded: {', '.join(unembedded)}")
    return f"{len(reader.pages)} page(s), name found, {len(fonts)} fonts, all embedded"


def text_and_fonts(reader: PdfReader) -> tuple[str, dict[str, bool]]:
    """The text of every page, and each font that sets some of it with whether it is embedded.

    Only fonts that show text count: ReportLab names Helvetica in every page's preamble even
    when no character is set in it, and a reader never needs that font.
    """
    fonts: dict[str, bool] = {}

    def visit(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if text.strip() and isinstance(font, Mapping):
            fonts[str(font.get("/BaseFont", "?"))] = _embedded(font)

    text = "\n".join(page.extract_text(visitor_text=visit) for page in reader.pages)
    return text, fonts


def _embedded(font: Mapping[str, Any]) -> bool:
    descendants = font.get("/DescendantFonts")
    described = descendants.get_object()[0].get_object() if descendants else font
    descriptor = described.get("/FontDescriptor")
    if descriptor is None:
        return False
    return bool({"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()))


#: The steps in order; each returns the detail printed after "ok".
STEPS: tuple[tuple[str, Callable[[SelfTestRun], str]], ...] = (
    ("database", open_database),
    ("demo clinic", load_demo),
    ("body map", render_body_map),
    ("Qt plugins", check_qt_plugins),
    ("patient report", write_patient_report),
    ("report check", check_report),
)


def _reason(error: BaseException) -> str:
    if isinstance(error, SelfTestError):
        return str(error)
    first_line = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__


def self_test_command() -> int:
    """`nmt-desktop --self-test`: the steps on stdout; on failure one line on stderr, exit 1."""
    if run_self_test() == EXIT_OK:
        return EXIT_OK
    print("nmt-desktop: error: the self-test failed; the FAILED lines above say where",
          file=sys.stderr)
    return EXIT_FAILED


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step, print one line each and a verdict; 0 when all passed."""
    from nmt_desktop import __version__

    stream = out or sys.stdout
    width = max(len(name) for name, _ in STEPS) + 3
    print(f"NMT Desktop {__version__} self-test ({'frozen' if _frozen() else 'source'}, "
          f"Python {sys.version.split()[0]})", file=stream, flush=True)
    failed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nmt-self-test-") as folder:
        run = SelfTestRun(Path(folder))
        try:
            for name, step in STEPS:
                # The name goes out first: if Qt aborts the process, the log still says where.
                print(f"{name} ".ljust(width, "."), end=" ", file=stream, flush=True)
                try:
                    detail = step(run)
                except Exception as error:  # every failure is reported, none is raised
                    failed.append(name)
                    print(f"FAILED: {_reason(error)}", file=stream, flush=True)
                else:
                    print(f"ok ({detail})", file=stream, flush=True)
        finally:
            if run.db is not None:
                run.db.close()
    if failed:
        print(f"self-test FAILED: {', '.join(failed)}", file=stream, flush=True)
        return EXIT_FAILED
    print("self-test passed", file=stream, flush=True)
    return EXIT_OK


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))
