"""Exercise 0: the toolchain works (done from the start). Page: docs/ko/00-toolchain.md"""

from kit import hello


def test_hello_comes_from_rust() -> None:
    assert hello("workshop") == "Hello, workshop, from Rust!"
