"""Exercise 6: count_primes_parallel, Rust threads. Page: 06-parallel.md in docs/

The speedup is `uv run compare.py`'s: shown, never checked here.
"""

from collections.abc import Callable

import pytest

from uv_kit import count_primes_parallel

from kit_language import LANGUAGE


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_the_count_is_right_on_any_number_of_threads(threads: int) -> None:
    assert count_primes_parallel(100_000, threads) == 9592


def test_more_threads_than_numbers() -> None:
    assert count_primes_parallel(5, 8) == 2


def test_no_threads_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        count_primes_parallel(10, 0)


def test_a_python_thread_runs_while_it_counts(
    python_ran_during: Callable[[Callable[[], object]], bool],
) -> None:
    counted: list[int] = []

    def call() -> None:
        # Tens of milliseconds of counting, or more: the probe's waiting thread needs that long.
        counted.append(count_primes_parallel(1_000_000, 2))

    assert python_ran_during(call), {
        "en": (
            "the Python thread only ran once count_primes_parallel was done: run the threads "
            "inside py.detach"
        ),
        "ko": (
            "count_primes_parallel이 끝난 뒤에야 파이썬 스레드가 실행되었습니다. "
            "스레드는 py.detach 안에서 실행하세요"
        ),
    }[LANGUAGE]
    assert counted == [78498]
