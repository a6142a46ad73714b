# Type stubs for the compiled module: editors and mypy read these, since a compiled module has no
# Python source. `uv run check.py stubtest` checks that they match the module.
# Written by hand, where a project's are written from its Rust code (maturin generate-stubs):
# PyO3 0.30 records nothing of an exception made by `create_exception!` (exercise 8's), so the
# stub maturin writes lacks InexactDivisionError and `__all__`, which stubtest refuses.

from collections.abc import Iterator
from typing import final

__all__ = [
    "Fibonacci",
    "InexactDivisionError",
    "build_profile",
    "count_primes",
    "count_primes_parallel",
    "double_list",
    "double_list_detached",
    "exact_div",
    "hello",
    "run",
]

def hello(name: str) -> str:
    """Exercise 0: a greeting from Rust."""

def run(n: int) -> int:
    """Exercise 1: the n-th Fibonacci number, computed recursively."""

def build_profile() -> str:
    """Exercise 2: "debug" in a debug build, "release" in an optimised one."""

def double_list(values: list[int], result: list[object], idx: int) -> None:
    """Exercise 3: store the doubled values at result[idx], holding the GIL while it works."""

def double_list_detached(values: list[int], result: list[object], idx: int) -> None:
    """Exercise 4: store the doubled values at result[idx], releasing the GIL while it works."""

def count_primes(limit: int) -> int:
    """Exercise 5: how many prime numbers are below limit; Ctrl-C stops it."""

def count_primes_parallel(limit: int, threads: int) -> int:
    """Exercise 6: the same count as count_primes(limit), split over Rust threads."""

@final
class Fibonacci:
    """Exercise 7: the first `count` Fibonacci numbers, as a read-only Python sequence."""

    def __new__(cls, count: int) -> Fibonacci:
        """Fibonacci(count): fib(0) to fib(count - 1), for a count of at most 94."""

    @property
    def count(self) -> int:
        """How many numbers it holds: a read-only property."""

    def __len__(self) -> int: ...
    def __getitem__(self, index: int, /) -> int: ...
    def __iter__(self) -> Iterator[int]: ...
    def index(self, value: int) -> int:
        """The position of the first number equal to value; ValueError if there is none."""

class InexactDivisionError(ArithmeticError):
    """Exercise 8: exact_div(a, b) with a remainder: b does not divide a."""

def exact_div(a: int, b: int) -> int:
    """Exercise 8: a / b, when b divides a exactly."""
