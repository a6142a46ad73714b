"""A pytest plugin of the harness's own: the clock of Windows before CPython 3.11, on any machine.

`PYTHONPATH=ci/pytest pytest -p coarse_clock` runs a project's tests with every time.sleep rounded
up to whole ticks of Windows' system timer, 1/64 s (15.625 ms). CPython 3.10 on Windows sleeps
with a timeout that ends on such a tick, so time.sleep(0.001) takes up to 15.6 ms; whole ticks
are the worst case, taken every time here (3.11 sleeps on a high-resolution timer).
time.monotonic and time.time advance in the same ticks, as GetTickCount64 and
GetSystemTimeAsFileTime do there before 3.13; time.perf_counter stays fine-grained, as
QueryPerformanceCounter is on Windows. A test that passes with the plugin does not count on a
sleep or a clock finer than Windows gives it.

It changes the time module of the pytest process: what looks the functions up there when it
calls them (`time.sleep(...)`), not what a `from time import sleep` took before, nor other
processes (the scripts a test runs).
"""

import math
import time
from collections.abc import Callable

import pytest

TICK = 1 / 64
_patch = pytest.MonkeyPatch()


def _coarse_sleep(sleep: Callable[[float], None]) -> Callable[[float], None]:
    def coarse_sleep(seconds: float) -> None:
        # sleep(0) only yields, and a negative time is an error: both left to time.sleep.
        sleep(math.ceil(seconds / TICK) * TICK if seconds > 0 else seconds)

    return coarse_sleep


def _coarse_clock(clock: Callable[[], float]) -> Callable[[], float]:
    def coarse_clock() -> float:
        return math.floor(clock() / TICK) * TICK

    return coarse_clock


def _coarse_clock_ns(clock: Callable[[], int]) -> Callable[[], int]:
    tick_ns = 1_000_000_000 // 64

    def coarse_clock_ns() -> int:
        return clock() // tick_ns * tick_ns

    return coarse_clock_ns


def pytest_configure(config: pytest.Config) -> None:
    _patch.setattr(time, "sleep", _coarse_sleep(time.sleep))
    for name in ("monotonic", "time"):
        _patch.setattr(time, name, _coarse_clock(getattr(time, name)))
        _patch.setattr(time, f"{name}_ns", _coarse_clock_ns(getattr(time, f"{name}_ns")))


def pytest_unconfigure(config: pytest.Config) -> None:
    _patch.undo()


def pytest_report_header(config: pytest.Config) -> str:
    return (
        "coarse_clock: time.sleep rounded up to ticks of 1/64 s, time.monotonic and time.time "
        "in such ticks (Windows before CPython 3.11)"
    )
