"""What the tests share: whether the Python running them has a GIL."""

import sys

import pytest


@pytest.fixture(scope="session")
def gil_enabled() -> bool:
    """False on a free-threaded build running without the GIL (3.14t, 3.15t); Pythons before
    3.13 always have one. Asked while the tests run, after the module is imported: importing a
    module that needs the GIL would have turned it back on."""
    return bool(getattr(sys, "_is_gil_enabled", lambda: True)())
