"""run(n) and run_gil_held(n): their values, their errors, and Ctrl-C."""

import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from fibonacci import MAX_N, run, run_gil_held

RUNS = [run, run_gil_held]


def fib(n: int) -> int:
    """A reference Fibonacci in Python, iterative so that it is fast for any n."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


@pytest.mark.parametrize("function", RUNS)
def test_first_values(function: Callable[[int], int]) -> None:
    assert [function(n) for n in range(25)] == [fib(n) for n in range(25)]


def test_the_tutorials_value() -> None:
    assert run(35) == 9227465


@pytest.mark.parametrize("function", RUNS)
@pytest.mark.parametrize("bad", ["35", 3.5, None, [35]])
def test_a_non_integer_is_a_type_error(function: Callable[[object], int], bad: object) -> None:
    with pytest.raises(TypeError):
        function(bad)


@pytest.mark.parametrize("function", RUNS)
@pytest.mark.parametrize("bad", [-1, 2**64])
def test_an_integer_outside_u64_is_an_overflow_error(
    function: Callable[[int], int], bad: int
) -> None:
    with pytest.raises(OverflowError):
        function(bad)


@pytest.mark.parametrize("function", RUNS)
def test_a_result_beyond_64_bits_is_refused_naming_the_limit(
    function: Callable[[int], int],
) -> None:
    with pytest.raises(OverflowError, match=f"n must be at most {MAX_N}"):
        function(MAX_N + 1)


def test_max_n_is_the_last_fibonacci_number_that_fits_in_64_bits() -> None:
    assert fib(MAX_N) < 2**64 <= fib(MAX_N + 1)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT cannot be sent to a process on Windows")
@pytest.mark.parametrize("name", ["run", "run_gil_held"])
def test_ctrl_c_stops_a_long_call(name: str) -> None:
    # run(60) would take hours: Ctrl-C (SIGINT) must turn it into KeyboardInterrupt at once.
    # A Python started with Ctrl-C ignored (as a shell's background jobs are) keeps ignoring it,
    # so the child first installs Python's usual handler, the one an interactive session has.
    code = (
        "import signal, fibonacci; signal.signal(signal.SIGINT, signal.default_int_handler); "
        f"print('started', flush=True); fibonacci.{name}(60)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "started\n"
        time.sleep(0.5)  # let it get deep into the Rust code
        child.send_signal(signal.SIGINT)
        # Without check_signals it would run for hours; 30 s only keeps a broken build from
        # hanging the tests (no clock limit that a busy machine could miss).
        try:
            _, stderr = child.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            pytest.fail(f"{name}(60) still ran 30 s after Ctrl-C")
    assert "KeyboardInterrupt" in stderr
