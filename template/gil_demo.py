"""The tutorial's GIL experiment, run twice: Rust holding the GIL, then Rust releasing it.

A Python thread and a Rust function double [1, 2, 3] at the same time. The Python thread naps
for 0.1 s; the Rust function works for 0.5 s. Watch when the Python thread's "Py: Exit..." comes.
Run it with `pipenv run demo`.
"""

import threading
import time
from typing import Callable

from {{module}} import double_list, double_list_gil_held

EXPLANATION = """\
Why the orders differ: only the thread that holds the GIL (the global interpreter lock) can run
Python code. double_list_gil_held keeps the GIL while it works, so the Python thread, ready to go
on after 0.1 s, waits the whole 0.5 s: two threads, but one at a time. double_list calls
py.detach(...) around its work, which releases the GIL, so the Python thread runs meanwhile and
finishes first; Rust takes the GIL back (Python::attach happens on return from detach) only to
store its result. Release the GIL around long Rust work that touches no Python objects, and
Python threads, or other Rust calls, run in parallel with it."""


def double_list_py(values: list[int], result: list[object], idx: int) -> None:
    print("Py: Enter double_list_py...")
    started = time.perf_counter()
    time.sleep(0.1)
    result[idx] = [x * 2 for x in values]
    print("Py: Exit...")
    print(f"    (the Python thread finished {time.perf_counter() - started:.2f} s after it started)")


def experiment(title: str, rust_function: Callable[[list[int], list[object], int], None]) -> None:
    print(f"\n=== {title} ===")
    result: list[object] = [[], []]
    nums = [1, 2, 3]
    t1 = threading.Thread(target=double_list_py, args=(nums, result, 0))
    t2 = threading.Thread(target=rust_function, args=(nums, result, 1))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print(f"Py: {result[0]}")
    print(f"Rust: {result[1]}")


def main() -> None:
    experiment("Rust holds the GIL: double_list_gil_held", double_list_gil_held)
    experiment("Rust releases the GIL: double_list", double_list)
    print()
    print(EXPLANATION)


if __name__ == "__main__":
    main()
