"""Exercise 1: run(n), the chapter's recursive Fibonacci. Page: 01-run.md in docs/"""

import pytest

from uv_kit import run


def fib(n: int) -> int:
    """A reference Fibonacci in Python, iterative so that it is fast."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def test_first_values() -> None:
    assert [run(n) for n in range(25)] == [fib(n) for n in range(25)]


def test_the_chapters_value() -> None:
    assert run(35) == 9227465


@pytest.mark.parametrize("bad", ["35", 3.5, None])
def test_a_non_integer_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        run(bad)  # type: ignore[arg-type]
