"""uv-fib: a Python package around the compiled module `fibonacci._core`.

Python code lives here, next to the Rust functions it re-exports, so users import one package.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from ._core import MAX_N, double_list, double_list_gil_held, run, run_gil_held

__all__ = [
    "MAX_N",
    "double_list",
    "double_list_gil_held",
    "run",
    "run_gil_held",
    "run_parallel",
]


def run_parallel(ns: Iterable[int], max_workers: int | None = None) -> list[int]:
    """run(n) for every n, on several threads at once.

    run() releases the GIL while it works, so the threads really do run in parallel: Python
    organises the work, Rust does it.
    """
    with ThreadPoolExecutor(max_workers) as pool:
        return list(pool.map(run, ns))
