"""{{project-name}}: a workshop kit's Python package around the compiled module `{{module}}._core`,
which holds the exercises (src/exercises/)."""

from ._core import (
    build_profile,
    count_primes,
    count_primes_parallel,
    double_list,
    double_list_detached,
    hello,
    run,
)

__all__ = [
    "build_profile",
    "count_primes",
    "count_primes_parallel",
    "double_list",
    "double_list_detached",
    "hello",
    "run",
]
