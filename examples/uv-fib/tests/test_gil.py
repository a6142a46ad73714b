"""double_list and double_list_gil_held: the tutorial's contract, errors, and who holds the GIL."""

import threading
import time
from collections.abc import Callable

import pytest

from fibonacci import double_list, double_list_gil_held, run, run_gil_held

DOUBLES = [double_list, double_list_gil_held]
DoubleList = Callable[[list[int], list[object], int], None]


@pytest.mark.parametrize("function", DOUBLES)
def test_the_tutorials_experiment(function: DoubleList, capsys: pytest.CaptureFixture[str]) -> None:
    def double_list_py(values: list[int], result: list[object], idx: int) -> None:
        time.sleep(0.1)
        result[idx] = [x * 2 for x in values]

    result: list[object] = [[], []]
    nums = [1, 2, 3]
    threads = [
        threading.Thread(target=double_list_py, args=(nums, result, 0)),
        threading.Thread(target=function, args=(nums, result, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert result == [[2, 4, 6], [2, 4, 6]]
    assert capsys.readouterr().out.splitlines() == [
        "Rust: Enter double_list...",
        "Rust: Acquire GIL...",
        "Rust: Exit...",
    ]


@pytest.mark.parametrize("function", DOUBLES)
@pytest.mark.parametrize(
    ("values", "result", "idx", "error"),
    [
        ("123", [None], 0, TypeError),  # a str is not a list of ints
        ([1, "2"], [None], 0, TypeError),
        ([1.5], [None], 0, TypeError),
        ([1], (None,), 0, TypeError),  # result must be a list
        ([1], [None], -1, OverflowError),  # idx is an unsigned index
        ([1], [None], 1, IndexError),
        ([2**63], [None], 0, OverflowError),  # does not fit in 64 bits
        ([1, 2**62], [None], 0, OverflowError),  # fits, but its double does not
    ],
)
def test_bad_arguments_raise_and_change_nothing(
    function: Callable[[object, object, object], None],
    values: object,
    result: object,
    idx: object,
    error: type[Exception],
) -> None:
    before = list(result) if isinstance(result, list) else result
    with pytest.raises(error):
        function(values, result, idx)
    assert result == before


@pytest.mark.parametrize(
    ("released", "held"),
    [
        (lambda: double_list([1], [None], 0), lambda: double_list_gil_held([1], [None], 0)),
        (lambda: run(36), lambda: run_gil_held(36)),
    ],
    ids=["double_list", "run"],
)
def test_python_threads_wait_for_rust_only_while_it_holds_the_gil(
    released: Callable[[], object],
    held: Callable[[], object],
    python_ran_during: Callable[[Callable[[], object]], bool],
    gil_enabled: bool,
) -> None:
    # python_ran_during (tests/conftest.py) tells whether a waiting Python thread got to run
    # before the call returned: no clock, no timing threshold.
    assert python_ran_during(released), "released, the GIL let no Python thread run"
    if gil_enabled:
        assert not python_ran_during(held), "held, the GIL still let a Python thread run"
    else:
        # Free-threaded Python (3.14t, 3.15t) has no GIL to hold: both variants let it run.
        assert python_ran_during(held), "with no GIL, the held variant let no Python thread run"


def test_many_threads_at_once() -> None:
    count = 48
    result: list[object] = [None] * count
    threads = [
        threading.Thread(target=double_list, args=([i, -i, 10 * i], result, i))
        for i in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "deadlock: threads still running"
    # Every thread wrote its own slot, and only its own. (That they wait side by side, not one
    # after another, is the test above's: no clock limit here, which a busy machine could miss.)
    assert result == [[2 * i, -2 * i, 20 * i] for i in range(count)]
