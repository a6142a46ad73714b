"""Exercise 5: count_primes, stopped by Ctrl-C. Page: 05-ctrl-c.md in docs/"""

import signal
import subprocess
import sys
import time

import pytest

from uv_kit import count_primes

from kit_language import LANGUAGE

NO_SIGINT = {
    "en": "SIGINT cannot be sent to a process on Windows",
    "ko": "윈도우에서는 SIGINT를 보낼 수 없습니다",
}[LANGUAGE]


def test_small_counts() -> None:
    assert [count_primes(n) for n in [0, 1, 2, 3, 10, 100]] == [0, 0, 0, 1, 4, 25]
    assert count_primes(100_000) == 9592


@pytest.mark.skipif(sys.platform == "win32", reason=NO_SIGINT)
def test_ctrl_c_stops_a_long_count() -> None:
    # count_primes(10**15) would run for days: Ctrl-C (SIGINT) must end it with KeyboardInterrupt.
    # A Python started with Ctrl-C ignored (as a shell's background jobs are) keeps ignoring it,
    # so the child first installs Python's usual handler, the one an interactive session has.
    code = "\n".join(
        [
            "import signal",
            "import uv_kit as kit",
            "signal.signal(signal.SIGINT, signal.default_int_handler)",
            "print('started', flush=True)",
            "kit.count_primes(10**15)",
        ]
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == "started\n"
        time.sleep(0.5)  # let it get into the Rust loop
        child.send_signal(signal.SIGINT)
        try:
            _, stderr = child.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            pytest.fail(
                {
                    "en": "count_primes still ran 30 s after Ctrl-C: call py.check_signals()",
                    "ko": (
                        "Ctrl-C를 누르고 30초가 지나도 count_primes가 끝나지 않았습니다. "
                        "py.check_signals()를 호출하세요"
                    ),
                }[LANGUAGE]
            )
    assert "KeyboardInterrupt" in stderr, stderr
