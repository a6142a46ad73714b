"""Exercise 7: Fibonacci(count), a Rust type as a Python class. Page: 07-class.md in docs/"""

import pytest

from uv_kit import Fibonacci

FIRST_TEN = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]


def test_len_and_indexing() -> None:
    numbers = Fibonacci(10)
    assert len(numbers) == 10
    assert [numbers[i] for i in range(10)] == FIRST_TEN
    assert (numbers[-1], numbers[-10]) == (34, 0)


@pytest.mark.parametrize("index", [10, 11, -11, 2**40])
def test_an_index_out_of_range_is_an_index_error(index: int) -> None:
    with pytest.raises(IndexError):
        Fibonacci(10)[index]


def test_for_walks_the_numbers() -> None:
    assert [x for x in Fibonacci(10)] == FIRST_TEN
    assert list(Fibonacci(0)) == []


def test_each_iter_starts_afresh_and_is_its_own_iterator() -> None:
    numbers = Fibonacci(5)
    first = iter(numbers)
    assert iter(first) is first
    assert [next(first), next(first)] == [0, 1]
    assert list(numbers) == [0, 1, 1, 2, 3]
    assert list(first) == [1, 2, 3]
    with pytest.raises(StopIteration):
        next(first)


def test_count_is_a_read_only_property() -> None:
    numbers = Fibonacci(10)
    assert numbers.count == 10
    with pytest.raises(AttributeError):
        numbers.count = 3  # type: ignore[misc]
    assert numbers.count == 10


def test_index_finds_the_first_position() -> None:
    numbers = Fibonacci(10)
    assert [numbers.index(x) for x in [0, 1, 2, 34]] == [0, 1, 3, 9]
    with pytest.raises(ValueError):
        numbers.index(4)


def test_repr() -> None:
    assert repr(Fibonacci(10)) == "Fibonacci(10)"
    assert repr(Fibonacci(0)) == "Fibonacci(0)"


def test_the_largest_count_that_fits_in_64_bits() -> None:
    numbers = Fibonacci(94)
    assert numbers[93] == 12200160415121876738
    assert sum(1 for _ in numbers) == 94
    with pytest.raises(OverflowError):
        Fibonacci(95)


def test_it_is_a_class_of_the_module() -> None:
    numbers = Fibonacci(3)
    assert isinstance(numbers, Fibonacci)
    assert type(numbers).__module__ == "uv_kit"
