"""Exercise 4: double_list_detached, releasing the GIL. Page: 04-detach.md in docs/"""

from collections.abc import Callable

import pytest

from kit import double_list_detached

from kit_language import LANGUAGE

RUST_LINES = ["Rust: Enter double_list...", "Rust: Acquire GIL...", "Rust: Exit..."]


def test_doubles_into_result_and_prints_the_chapters_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result: list[object] = [[], []]
    double_list_detached([1, 2, 3], result, 1)
    assert result == [[], [2, 4, 6]]
    assert capsys.readouterr().out.splitlines() == RUST_LINES


def test_a_bad_idx_is_an_index_error() -> None:
    with pytest.raises(IndexError):
        double_list_detached([1], [None], 1)


def test_a_double_too_large_for_an_i64_is_an_overflow_error() -> None:
    # 2**62 fits in an i64 (a Rust `Vec<i64>` takes it); its double, 2**63, does not.
    with pytest.raises(OverflowError):
        double_list_detached([1, 2**62], [None], 0)


def test_a_python_thread_runs_while_it_works(
    python_ran_during: Callable[[Callable[[], object]], bool],
) -> None:
    def call() -> None:
        double_list_detached([1, 2, 3], [None], 0)

    assert python_ran_during(call), {
        "en": (
            "the Python thread only ran once double_list_detached was done: release the GIL "
            "for the work with py.detach"
        ),
        "ko": (
            "double_list_detached가 끝난 뒤에야 파이썬 스레드가 실행되었습니다. "
            "작업은 py.detach로 GIL을 해제한 채로 하세요"
        ),
    }[LANGUAGE]
