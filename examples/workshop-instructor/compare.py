"""Timings for exercises 2 and 6, shown and never checked: they differ from machine to machine.

    pipenv run compare

1. Which build this is (exercise 2's build_profile()) and how long the chapter's fib(30) takes
   in Python and in Rust (exercise 1's run).
2. Counting primes on 1 Rust thread (exercise 5) and on every core (exercise 6).

An exercise that is not done yet is skipped, with its message.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from workshop_instructor import build_profile, count_primes, count_primes_parallel, run

from kit_language import LANGUAGE

FIB_N = 30
PRIMES_BELOW = 1_000_000
TEXT = {
    "en": {
        "skipped": "    (skipped: {error})",
        "build": "build: {profile}",
        "fib": "1. fib({n}), recursive",
        "python": "    Python  {seconds:8.3f} s",
        "rust": "    Rust    {seconds:8.3f} s",
        "faster": "    Rust is {times:.0f} times as fast",
        "primes": "2. primes below {limit:,}",
        "threads": "    count_primes_parallel, {threads:>2} threads {seconds:8.3f} s",
        "cores": "    {times:.1f} times as fast on {cores} cores",
    },
    "ko": {
        "skipped": "    (건너뜀: {error})",
        "build": "빌드: {profile}",
        "fib": "1. 재귀로 계산한 fib({n})",
        "python": "    파이썬  {seconds:8.3f} s",
        "rust": "    러스트  {seconds:8.3f} s",
        "faster": "    러스트가 {times:.0f}배 빠릅니다",
        "primes": "2. {limit:,}보다 작은 소수의 개수",
        "threads": "    count_primes_parallel, 스레드 {threads:>2}개{seconds:8.3f} s",
        "cores": "    코어 {cores}개에서 {times:.1f}배 빠릅니다",
    },
}[LANGUAGE]


def py_fib(n: int) -> int:
    """The chapter's pure-Python recursive Fibonacci."""
    if n < 2:
        return n
    return py_fib(n - 1) + py_fib(n - 2)


def seconds(function: Callable[[], object]) -> float | None:
    """How long one call takes, or None (with the reason printed) if it is not done yet."""
    started = time.perf_counter()
    try:
        function()
    except NotImplementedError as e:
        print(TEXT["skipped"].format(error=e))
        return None
    return time.perf_counter() - started


def main() -> None:
    try:
        profile = build_profile()
    except NotImplementedError as e:
        profile = f"? ({e})"
    print(TEXT["build"].format(profile=profile))

    print()
    print(TEXT["fib"].format(n=FIB_N))
    python_s = seconds(lambda: py_fib(FIB_N))
    if python_s is not None:
        print(TEXT["python"].format(seconds=python_s))
    rust_s = seconds(lambda: run(FIB_N))
    if rust_s is not None:
        print(TEXT["rust"].format(seconds=rust_s))
    if python_s and rust_s:
        print(TEXT["faster"].format(times=python_s / rust_s))

    cores = os.cpu_count() or 1
    print()
    print(TEXT["primes"].format(limit=PRIMES_BELOW))
    one_s = seconds(lambda: count_primes(PRIMES_BELOW))
    if one_s is not None:
        print(f"    count_primes                      {one_s:8.3f} s")
    parallel_s = seconds(lambda: count_primes_parallel(PRIMES_BELOW, cores))
    if parallel_s is not None:
        print(TEXT["threads"].format(threads=cores, seconds=parallel_s))
    if one_s and parallel_s:
        print(TEXT["cores"].format(times=one_s / parallel_s, cores=cores))


if __name__ == "__main__":
    main()
