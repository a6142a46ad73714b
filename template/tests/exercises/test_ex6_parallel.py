"""Exercise 6: count_primes_parallel, Rust threads. Page: 06-parallel.md in docs/

The speedup is `{{compare_command}}`'s: shown, never checked here.
"""

import pytest

from {{module}} import count_primes_parallel


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_the_count_is_right_on_any_number_of_threads(threads: int) -> None:
    assert count_primes_parallel(100_000, threads) == 9592


def test_more_threads_than_numbers() -> None:
    assert count_primes_parallel(5, 8) == 2


def test_no_threads_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        count_primes_parallel(10, 0)
