# Type stubs for the compiled module: editors and mypy read these, since a compiled module has no
# Python source. `{{check_command}} stubtest` checks that they match the module.

__all__ = ["MAX_N", "double_list", "double_list_gil_held", "run", "run_gil_held"]

MAX_N: int
"""The largest n that run() accepts: fib(93) is the last Fibonacci number that fits in 64 bits."""

def run(n: int) -> int:
    """The n-th Fibonacci number, computed recursively in Rust with the GIL released."""

def run_gil_held(n: int) -> int:
    """The same as run(n), but holding the GIL throughout."""

def double_list(values: list[int], result: list[object], idx: int) -> None:
    """Store the doubled values at result[idx], releasing the GIL while it works."""

def double_list_gil_held(values: list[int], result: list[object], idx: int) -> None:
    """The same as double_list, but holding the GIL while it works."""
