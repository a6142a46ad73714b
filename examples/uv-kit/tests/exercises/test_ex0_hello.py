"""Exercise 0: the toolchain works (done from the start). Page: 00-toolchain.md in docs/"""

from uv_kit import hello


def test_hello_comes_from_rust() -> None:
    assert hello("workshop") == "Hello, workshop, from Rust!"
