"""What the tests share: whether the Python running them has a GIL, and a probe of whether a
waiting Python thread gets to run while a call into Rust works."""

import contextlib
import gc
import io
import sys
import threading
from collections.abc import Callable

import pytest


def thread_ran_during(call: Callable[[], object]) -> bool:
    """Whether a Python thread, ready to run from the start of call(), ran before it returned.

    No clock: forced thread switches are turned off (a huge switch interval), so with a GIL the
    thread runs only when the thread calling Rust lets go of the GIL: during the call if Rust
    releases it (py.detach), else once the call has returned. Without a GIL (free-threaded
    Python) nothing holds it back. Give call() tens of milliseconds of work or more: the
    operating system, busy or not, must find the thread a CPU core meanwhile.
    """
    go = threading.Event()
    returned = False
    ran_during: list[bool] = []

    def waiting_thread() -> None:
        go.wait()
        ran_during.append(not returned)

    thread = threading.Thread(target=waiting_thread)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # a collection could run a __del__ that lets go of the GIL (closing a file)
    try:
        thread.start()  # it starts, and waits for go
        # print() lets go of the GIL while it writes to a real file: Rust's lines go to memory.
        with contextlib.redirect_stdout(io.StringIO()):
            go.set()  # from now on the thread may run; setting an Event keeps the GIL
            call()
            returned = True
    finally:
        sys.setswitchinterval(interval)
        if gc_was_enabled:
            gc.enable()
        go.set()
        thread.join(timeout=60)
    return ran_during[0]


@pytest.fixture
def python_ran_during() -> Callable[[Callable[[], object]], bool]:
    """python_ran_during(call): whether a waiting Python thread got to run during call()."""
    return thread_ran_during


@pytest.fixture(scope="session")
def gil_enabled() -> bool:
    """False on a free-threaded build running without the GIL (3.14t, 3.15t); Pythons before
    3.13 always have one. Asked while the tests run, after the module is imported: importing a
    module that needs the GIL would have turned it back on."""
    return bool(getattr(sys, "_is_gil_enabled", lambda: True)())
