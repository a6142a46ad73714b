"""What the tests share: whether the Python running them has a GIL, and the GIL exercises' probe
of who runs while Rust works."""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable
from typing import TextIO, cast

import pytest

DoubleList = Callable[[list[int], list[object], int], None]
ENTER = "Rust: Enter double_list..."


class Lines:
    """Stands in for sys.stdout and keeps every line printed, in order (Rust prints through
    Python's print). Pure Python: writing here never releases the GIL."""

    def __init__(self, entered: threading.Event) -> None:
        self.lines: list[str] = []
        self.partial = ""
        self.entered = entered

    def write(self, text: str) -> int:
        *complete, self.partial = (self.partial + text).split("\n")
        self.lines.extend(complete)
        if ENTER in complete:
            self.entered.set()
        return len(text)

    def flush(self) -> None:
        pass


def lines_when_python_ran(function: DoubleList) -> list[str]:
    """Call function([1, 2, 3], result, 0) while a Python thread waits for its first line, and
    return the lines Rust had printed when that thread got to run.

    No timing: forced thread switches are turned off (a huge switch interval), so the waiting
    thread runs only when the thread calling Rust lets go of the GIL. Rust holding the GIL, that
    is when the call has returned (all three lines printed); releasing it in py.detach, that is
    during the work (only the first line printed).
    """
    entered = threading.Event()
    lines = Lines(entered)
    seen: list[list[str]] = []

    def python_thread() -> None:
        entered.wait()
        seen.append(list(lines.lines))

    thread = threading.Thread(target=python_thread)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        thread.start()
        with contextlib.redirect_stdout(cast(TextIO, lines)):
            function([1, 2, 3], [None], 0)
    finally:
        sys.setswitchinterval(interval)
        entered.set()
        thread.join(timeout=60)
    return seen[0]


@pytest.fixture
def gil_probe() -> Callable[[DoubleList], list[str]]:
    return lines_when_python_ran


@pytest.fixture(scope="session")
def gil_enabled() -> bool:
    """False on a free-threaded build running without the GIL (3.14t, 3.15t); Pythons before
    3.13 always have one. Asked while the tests run, after the module is imported: importing a
    module that needs the GIL would have turned it back on."""
    return bool(getattr(sys, "_is_gil_enabled", lambda: True)())
