"""Exercise 3: double_list, holding the GIL. Page: 03-double-list.md in docs/"""

import threading
from collections.abc import Callable

import pytest

from uv_kit import double_list

from kit_language import LANGUAGE

RUST_LINES = ["Rust: Enter double_list...", "Rust: Acquire GIL...", "Rust: Exit..."]


def test_doubles_into_result_and_prints_the_chapters_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result: list[object] = [[], []]
    double_list([1, 2, 3], result, 1)
    assert result == [[], [2, 4, 6]]
    assert capsys.readouterr().out.splitlines() == RUST_LINES


def test_the_chapters_two_threads() -> None:
    errors: list[BaseException] = []

    def in_rust(values: list[int], result: list[object], idx: int) -> None:
        try:
            double_list(values, result, idx)
        except BaseException as e:  # a thread's exception would be lost: keep it
            errors.append(e)

    def in_python(values: list[int], result: list[object], idx: int) -> None:
        result[idx] = [x * 2 for x in values]

    result: list[object] = [[], []]
    nums = [1, 2, 3]
    threads = [
        threading.Thread(target=in_python, args=(nums, result, 0)),
        threading.Thread(target=in_rust, args=(nums, result, 1)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    assert result == [[2, 4, 6], [2, 4, 6]]


def test_a_bad_idx_is_an_index_error() -> None:
    with pytest.raises(IndexError):
        double_list([1], [None], 1)


def test_a_double_too_large_for_an_i64_is_an_overflow_error() -> None:
    # 2**62 fits in an i64 (a Rust `Vec<i64>` takes it); its double, 2**63, does not.
    with pytest.raises(OverflowError):
        double_list([1, 2**62], [None], 0)


def test_no_python_thread_runs_while_it_works(
    python_ran_during: Callable[[Callable[[], object]], bool], gil_enabled: bool
) -> None:
    def call() -> None:
        double_list([1, 2, 3], [None], 0)

    if gil_enabled:
        assert not python_ran_during(call), {
            "en": (
                "a Python thread ran while double_list worked: this exercise holds the GIL "
                "throughout, as the chapter's does (exercise 4 releases it)"
            ),
            "ko": (
                "double_list가 작업하는 동안 파이썬 스레드가 실행되었습니다. 이 연습 문제에서는 "
                "챕터처럼 처음부터 끝까지 GIL을 획득한 채로 작업해야 합니다"
                "(GIL 해제는 4번에서 합니다)"
            ),
        }[LANGUAGE]
    else:
        # Free-threaded Python (3.14t, 3.15t) has no GIL to hold: the Python thread runs during
        # the work, as it does with exercise 4's py.detach.
        assert python_ran_during(call), {
            "en": "with no GIL, the Python thread should run while double_list works",
            "ko": "GIL이 없으면 double_list가 작업하는 동안 파이썬 스레드가 실행되어야 합니다",
        }[LANGUAGE]
