"""{{project-name}}: a workshop kit's Python package around the compiled module `{{module}}._core`,
which holds the exercises (src/exercises/)."""

from ._core import (
    Fibonacci,
    InexactDivisionError,
    build_profile,
    count_primes,
    count_primes_parallel,
    double_list,
    double_list_detached,
    exact_div,
    hello,
    run,
)

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
