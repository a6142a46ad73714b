"""The Python package around the compiled core: what it adds and what it re-exports."""

import pytest

import {{module}}
from {{module}} import _core, run_parallel


def test_the_package_re_exports_the_compiled_functions() -> None:
    # Each name src/lib.rs exports, as python/{{module}}/__init__.py must import it and list it.
    missing = sorted(set(_core.__all__) - set({{module}}.__all__))
    assert not missing, (
        f"python/{{module}}/__init__.py does not re-export {', '.join(missing)}: import it from"
        " ._core and add it to __all__"
    )
    for name in _core.__all__:
        assert getattr({{module}}, name) is getattr(_core, name), name
    assert set({{module}}.__all__) == {*_core.__all__, "run_parallel"}


def test_run_parallel_returns_the_results_in_order() -> None:
    assert run_parallel([10, 0, 20, 1], max_workers=2) == [55, 0, 6765, 1]


def test_run_parallel_passes_errors_on() -> None:
    with pytest.raises(OverflowError):
        run_parallel([1, 2, -1])
