"""The tutorial's GIL experiment, run twice: Rust holding the GIL, then Rust releasing it.

A Python thread and a Rust function double [1, 2, 3] at the same time. The Python thread naps
for 0.1 s; the Rust function works for 0.5 s. Watch the time of the Python thread's "Py: Exit...".
Run it with `uv run gil_demo.py`.
"""

import contextlib
import platform
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO, cast

from fibonacci import double_list, double_list_gil_held

# False on a free-threaded build running without the GIL; Pythons before 3.13 always have one.
GIL_ENABLED = getattr(sys, "_is_gil_enabled", lambda: True)()

EXPLANATION = """\
Why "Py: Exit..." comes at 0.5 s, then at 0.1 s: only the thread that holds the GIL (the global
interpreter lock) can run Python code. double_list_gil_held keeps the GIL while it works, so the
Python thread, ready to go on after its 0.1 s nap, waits until Rust is done: two threads, but one
at a time. double_list runs its work inside py.detach(...), which releases the GIL, so the Python
thread goes on meanwhile and finishes first; Rust takes the GIL back when detach returns, to store
its result. Release the GIL around long Rust work that touches no Python objects, and Python
threads, or other Rust calls, run in parallel with it."""

FREE_THREADED_EXPLANATION = """\
This Python runs without a GIL (a free-threaded build such as 3.14t), so "Py: Exit..." comes at
0.1 s both times: there is no lock for Rust to hold, and every thread runs in parallel. The module
says it is safe for that (PyO3 modules declare `gil_used = false` unless told otherwise), which is
a promise: its Rust code must not share mutable state between threads without a Mutex or an atomic.
py.detach still matters there: before the garbage collector runs it stops every thread attached to
the interpreter, so long Rust work done attached makes every other thread wait for it."""


def double_list_py(values: list[int], result: list[object], idx: int) -> None:
    print("Py: Enter double_list_py...")
    time.sleep(0.1)
    result[idx] = [x * 2 for x in values]
    print("Py: Exit...")


class Stamped:
    """Stands in for sys.stdout: prints every line with the time since the experiment started.

    Rust prints through Python's print(), so its lines get stamped too. Each thread's line is
    collected until it ends, so that two threads printing at once cannot mix their lines.
    """

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.start = time.perf_counter()
        self.pending = threading.local()

    def write(self, text: str) -> int:
        *lines, self.pending.text = (getattr(self.pending, "text", "") + text).split("\n")
        for line in lines:
            self.out.write(f"{time.perf_counter() - self.start:5.2f} s  {line}\n")
        return len(text)

    def flush(self) -> None:
        self.out.flush()


def experiment(title: str, rust_function: Callable[[list[int], list[object], int], None]) -> None:
    print(f"\n=== {title} ===")
    result: list[object] = [[], []]
    nums = [1, 2, 3]
    t1 = threading.Thread(target=double_list_py, args=(nums, result, 0))
    t2 = threading.Thread(target=rust_function, args=(nums, result, 1))
    # Stamped is not a whole file object, but print() only needs write() and flush().
    with contextlib.redirect_stdout(cast(TextIO, Stamped(sys.stdout))):
        t1.start()
        t2.start()
        t1.join()
        t2.join()
    print(f"Py: {result[0]}")
    print(f"Rust: {result[1]}")


def main() -> None:
    build = "with the GIL" if GIL_ENABLED else "free-threaded, without a GIL"
    print(f"Python {platform.python_version()}, {build}")
    experiment("Rust holds the GIL: double_list_gil_held", double_list_gil_held)
    experiment("Rust releases the GIL: double_list", double_list)
    print()
    print(EXPLANATION if GIL_ENABLED else FREE_THREADED_EXPLANATION)


if __name__ == "__main__":
    main()
