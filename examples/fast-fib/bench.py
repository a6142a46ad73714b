"""Benchmark: Python against Rust, threads with and without the GIL, and the cost of one call.

    pipenv run bench            # about ten seconds
    pipenv run bench --quick    # a few seconds
    pipenv run bench --json     # the figures as JSON, for scripts

Build the module first with `pipenv run maturin develop --uv`:
the `develop` profile optimises it, and a debug build of the Rust code is many times slower.
Every figure is the best of several runs, the one least disturbed by the rest of the machine.
The script exits with status 1 if any result is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import sysconfig
import timeit
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from fastfib import run, run_gil_held

THREADS = [1, 2, 4]
# n for each measurement; fib(n) takes about 1.6 times as long as fib(n - 1).
SETTINGS = {
    "full": {
        "repeat": 5,
        "speed_n": 30,
        "jobs": 16,
        "rust_n": 32,
        "python_n": 24,
        "calls": 200_000,
    },
    "quick": {"repeat": 3, "speed_n": 25, "jobs": 8, "rust_n": 32, "python_n": 20, "calls": 20_000},
}


def py_fib(n: int) -> int:
    """The tutorial's pure-Python recursive Fibonacci."""
    if n < 2:
        return n
    return py_fib(n - 1) + py_fib(n - 2)


def fib(n: int) -> int:
    """The expected answer, computed quickly."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


class Checker:
    """Collects wrong results, so that the report can say what went wrong and the exit code fail."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def expect(self, what: str, got: object, expected: object) -> None:
        if got != expected:
            self.errors.append(f"{what} returned {got!r}, expected {expected!r}")


def best_seconds(function: Callable[[], object], repeat: int, number: int = 1) -> float:
    """The best of `repeat` timings of `number` calls, per call."""
    return min(timeit.repeat(function, repeat=repeat, number=number)) / number


def measure_speed(s: dict[str, int], check: Checker) -> dict[str, Any]:
    n = s["speed_n"]
    check.expect(f"py_fib({n})", py_fib(n), fib(n))
    check.expect(f"run({n})", run(n), fib(n))
    python_s = best_seconds(lambda: py_fib(n), s["repeat"])
    rust_s = best_seconds(lambda: run(n), s["repeat"])
    return {
        "n": n,
        "statistic": "best",
        "python_s": python_s,
        "rust_s": rust_s,
        "speedup": python_s / rust_s,
    }


def spread(function: Callable[[int], int], n: int, jobs: int, threads: int) -> list[int]:
    """`jobs` calls of function(n), spread over `threads` threads."""
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(function, [n] * jobs))


def measure_threads(s: dict[str, int], check: Checker) -> dict[str, Any]:
    """The same calls on 1, 2 and 4 threads: how much faster do more threads finish them?"""
    jobs = s["jobs"]
    rows = []
    for name, function, n in [
        ("rust_gil_released", run, s["rust_n"]),
        ("rust_gil_held", run_gil_held, s["rust_n"]),
        ("python", py_fib, s["python_n"]),
    ]:
        check.expect(f"{name} on threads", spread(function, n, jobs, THREADS[-1]), [fib(n)] * jobs)
        seconds = [
            best_seconds(partial(spread, function, n, jobs, threads), s["repeat"])
            for threads in THREADS
        ]
        speedup = [seconds[0] / t for t in seconds]
        rows.append({"name": name, "n": n, "seconds": seconds, "speedup": speedup})
    return {"jobs": jobs, "threads": THREADS, "statistic": "best", "rows": rows}


# run(n) keeps the GIL for small n (src/lib.rs) and releases it from n = 10 on; at n = 12 the work
# is short, so the price of releasing the GIL shows as the difference between run and run_gil_held.
RELEASE_N = 12


def measure_overhead(s: dict[str, int], check: Checker) -> dict[str, Any]:
    """Nanoseconds per call of f(0): almost no work, so what remains is the cost of calling."""

    def ns_per_call(function: Callable[[int], int], n: int) -> float:
        check.expect(f"{function.__name__}({n})", function(n), fib(n))
        # A statement string, not a lambda, so that only the call itself is timed.
        timer = timeit.Timer("f(n)", globals={"f": function, "n": n})
        return min(timer.repeat(repeat=s["repeat"], number=s["calls"])) / s["calls"] * 1e9

    return {
        "calls": s["calls"],
        "statistic": "best",
        "ns_per_call": {"python": ns_per_call(py_fib, 0), "rust": ns_per_call(run, 0)},
        "release_n": RELEASE_N,
        "release_gil_ns": ns_per_call(run, RELEASE_N) - ns_per_call(run_gil_held, RELEASE_N),
    }


def environment() -> dict[str, Any]:
    is_gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "cpu_count": os.cpu_count() or 1,
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil_enabled": bool(is_gil_enabled()),
    }


def print_report(r: dict[str, Any]) -> None:
    gil = "GIL enabled" if r["gil_enabled"] else "GIL disabled"
    build = "free-threaded build" if r["free_threaded"] else "default build"
    print(f"{r['implementation']} {r['python']} ({build}, {gil}), {r['cpu_count']} CPU cores")
    print(f"Mode: {r['mode']}; every time is the best of {r['repeat']} runs.\n")

    sp = r["speed"]
    print(f"1. Speed: fib({sp['n']}), recursive, one call")
    print(f"   Python  {sp['python_s'] * 1e3:10.2f} ms")
    print(f"   Rust    {sp['rust_s'] * 1e3:10.2f} ms")
    print(f"   Rust is {sp['speedup']:.0f}x faster.\n")

    th = r["threads"]
    print(f"2. Threads: {th['jobs']} calls spread over T threads; wall time and speedup over T=1")
    print("   " + " " * 40 + "".join(f"{f'T={t}':>20}" for t in th["threads"]))
    labels = {
        "rust_gil_released": "Rust, GIL released (run)",
        "rust_gil_held": "Rust, GIL held (run_gil_held)",
        "python": "Python",
    }
    for row in th["rows"]:
        label = f"{labels[row['name']]}, fib({row['n']})"
        speedups = row["speedup"]
        cells = "".join(
            f"{f'{seconds * 1e3:.1f} ms {speedups[i]:.2f}x':>20}"
            for i, seconds in enumerate(row["seconds"])
        )
        print(f"   {label:<40}{cells}")
    cores = min(r["cpu_count"], th["threads"][-1])
    if r["gil_enabled"]:
        print(
            f"   Released, the threads share the CPU cores (up to {cores}x here); held, they take"
            " turns (about 1x).\n"
        )
    else:
        print(
            f"   No GIL in this Python: every row can use the CPU cores (up to {cores}x here),"
            " held or not.\n"
        )

    ov = r["overhead"]
    n = ov["release_n"]
    print("3. Call overhead: one call that does almost no work")
    for label, ns in [
        ("Python py_fib(0)", f"{ov['ns_per_call']['python']:.0f}"),
        ("Rust run(0): n is small, so the GIL is kept", f"{ov['ns_per_call']['rust']:.0f}"),
        (f"Releasing the GIL: run({n}) - run_gil_held({n})", f"{ov['release_gil_ns']:+.0f}"),
    ]:
        print(f"   {label:<50}{ns:>6} ns")
    if ov["release_gil_ns"] < 0:
        # A difference of two best times: below zero, the machine's noise was larger than it.
        print("   (Below zero: releasing the GIL cost less than this machine's noise; run again.)")
    print("   Crossing into Rust costs about as much as a Python call; releasing the GIL costs as")
    print("   much again, so run() only releases it for work that takes longer than that.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds instead of ten")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    s = SETTINGS[mode]
    check = Checker()
    report = {
        **environment(),
        "mode": mode,
        "repeat": s["repeat"],
        "speed": measure_speed(s, check),
        "threads": measure_threads(s, check),
        "overhead": measure_overhead(s, check),
        "correct": not check.errors,
        "errors": check.errors,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    for error in check.errors:
        print(f"WRONG RESULT: {error}", file=sys.stderr)
    return 1 if check.errors else 0


if __name__ == "__main__":
    sys.exit(main())
