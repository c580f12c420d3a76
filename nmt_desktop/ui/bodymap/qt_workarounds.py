"""Work around PySide6 6.12 dropping references to None, True and False on Python 3.11.

Measured here (PySide6 6.12.0 cp310-abi3 wheel, CPython 3.11.7):

* every call of a Qt method that returns None (`painter.save()`, `item.setPos()`,
  `widget.parent()` when it has none...) lowers None's reference count by one;
* every `Signal.emit()` lowers True's reference count by one.

Python 3.12+ made these singletons immortal, so there it is harmless. On 3.11 they start with a
few thousand references; a body map that paints and emits for a few seconds drives a count to
zero and the process aborts with "Fatal Python error: none_dealloc" (or "bool_dealloc").

`guard_singletons()` detects the leaks with two harmless probes and, only if one is there,
raises the reference counts of None, True and False by 2**40: enough for ~10**12 leaked calls.
It belongs in the composition root (app start-up) and the tests' conftest; the body-map package
also calls it on import so that the map is safe whoever creates it first.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_PROBE_CALLS = 64
_checked = False


def _leaks() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    probe.ping.connect(probe.deleteLater)  # any receiver; never reached (no event loop run)
    probe.ping.disconnect()
    before = (sys.getrefcount(None), sys.getrefcount(True))
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("probe")
        probe.ping.emit()
    after = (sys.getrefcount(None), sys.getrefcount(True))
    return any(b - a >= _PROBE_CALLS for b, a in zip(before, after, strict=True))


def guard_singletons() -> bool:
    """Protect None/True/False from PySide6's leaks; True if a boost was applied (idempotent)."""
    global _checked
    if _checked:
        return False
    _checked = True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _leaks():
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every CPython 3.11 object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _BOOST
    return True
