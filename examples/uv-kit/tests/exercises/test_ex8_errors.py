"""Exercise 8: exact_div(a, b), Rust errors as Python exceptions. Page: 08-errors.md in docs/"""

import re

import pytest

from uv_kit import InexactDivisionError, exact_div

from kit_language import LANGUAGE

I64_MIN = -(2**63)


def numbers_in(error: pytest.ExceptionInfo[BaseException]) -> set[int]:
    return {int(n) for n in re.findall(r"-?\d+", str(error.value))}


@pytest.mark.parametrize(("a", "b", "quotient"), [(6, 3, 2), (-6, 3, -2), (0, 5, 0), (7, 7, 1)])
def test_exact_quotients(a: int, b: int, quotient: int) -> None:
    assert exact_div(a, b) == quotient


@pytest.mark.parametrize(("a", "b", "remainder"), [(7, 2, 1), (-7, 2, -1), (2, 3, 2)])
def test_a_remainder_is_the_modules_own_exception(a: int, b: int, remainder: int) -> None:
    with pytest.raises(InexactDivisionError) as error:
        exact_div(a, b)
    assert {a, b, remainder} <= numbers_in(error), {
        "en": "the message should name a, b and the remainder",
        "ko": "메시지에 a, b, 나머지가 모두 있어야 합니다",
    }[LANGUAGE]


def test_zero_is_a_zero_division_error() -> None:
    with pytest.raises(ZeroDivisionError):
        exact_div(1, 0)


def test_a_quotient_too_large_is_an_overflow_error() -> None:
    with pytest.raises(OverflowError):
        exact_div(I64_MIN, -1)
    assert exact_div(I64_MIN, 1) == I64_MIN


def test_the_exception_is_an_arithmetic_error() -> None:
    assert issubclass(InexactDivisionError, ArithmeticError)
    assert InexactDivisionError.__module__ == "uv_kit"


def test_python_catches_them() -> None:
    def describe(a: int, b: int) -> str:
        try:
            return f"{a} / {b} = {exact_div(a, b)}"
        except InexactDivisionError:
            return "inexact"
        except ArithmeticError as e:
            return type(e).__name__

    assert describe(6, 3) == "6 / 3 = 2"
    assert describe(7, 2) == "inexact"
    assert describe(7, 0) == "ZeroDivisionError"
    assert describe(I64_MIN, -1) == "OverflowError"
