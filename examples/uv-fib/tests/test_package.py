"""The Python package around the compiled core: what it adds and what it re-exports."""

import pytest

import fibonacci
from fibonacci import _core, run, run_parallel


def test_the_package_re_exports_the_compiled_functions() -> None:
    assert run is _core.run
    assert set(fibonacci.__all__) == {*_core.__all__, "run_parallel"}


def test_run_parallel_returns_the_results_in_order() -> None:
    assert run_parallel([10, 0, 20, 1], max_workers=2) == [55, 0, 6765, 1]


def test_run_parallel_passes_errors_on() -> None:
    with pytest.raises(OverflowError):
        run_parallel([1, 2, -1])
