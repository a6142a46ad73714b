# Generated from the Rust code by `{{stubs_command}}`: edit the doc comments, not this file.
"""
Recursive Fibonacci and a GIL example, written in Rust with PyO3: the compiled module of
{{project-name}}.
"""

from typing import Final, SupportsIndex

from _typeshed import SupportsGetItem

__all__ = ["MAX_N", "double_list", "double_list_gil_held", "run", "run_gil_held"]

MAX_N: Final[int]
"""
The largest n that run() accepts: fib(93) is the last Fibonacci number that fits in 64 bits.
"""

def double_list(
    values: SupportsGetItem[int, SupportsIndex], result: list[object], idx: SupportsIndex
) -> None:
    """
    Store the doubled values at result[idx], releasing the GIL while it works (about 0.5 s).
    """

def double_list_gil_held(
    values: SupportsGetItem[int, SupportsIndex], result: list[object], idx: SupportsIndex
) -> None:
    """
    The same as double_list, but holding the GIL while it works, as the tutorial's version did.
    """

def run(n: SupportsIndex) -> int:
    """
    The n-th Fibonacci number, computed recursively in Rust with the GIL released.

    Other Python threads run while it works, and Ctrl-C stops it.
    """

def run_gil_held(n: SupportsIndex) -> int:
    """
    The same as run(n), but holding the GIL throughout: no other Python thread runs meanwhile.
    """
