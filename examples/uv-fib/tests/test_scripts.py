"""The benchmark and the GIL demo run, and say what they should."""

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def run_script(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_quick_benchmark_reports_every_figure_as_json(gil_enabled: bool) -> None:
    report = json.loads(run_script("bench.py", "--quick", "--json"))

    assert report["correct"] is True
    assert report["cpu_count"] >= 1
    assert isinstance(report["free_threaded"], bool)
    assert report["gil_enabled"] is gil_enabled
    assert report["free_threaded"] or gil_enabled, "only a free-threaded build runs without a GIL"
    speed = report["speed"]
    assert speed["statistic"] == "best"
    assert speed["python_s"] > 0 and speed["rust_s"] > 0
    assert speed["speedup"] == speed["python_s"] / speed["rust_s"]
    threads = report["threads"]
    assert threads["threads"] == [1, 2, 4]
    assert [row["name"] for row in threads["rows"]] == [
        "rust_gil_released",
        "rust_gil_held",
        "python",
    ]
    for row in threads["rows"]:
        assert len(row["seconds"]) == 3 and all(s > 0 for s in row["seconds"])
        assert row["speedup"][0] == 1.0
    overhead = report["overhead"]
    assert set(overhead["ns_per_call"]) == {"python", "rust"}
    assert all(ns > 0 for ns in overhead["ns_per_call"].values())
    # A difference of two timings: a number, but noise may push it either way.
    assert isinstance(overhead["release_gil_ns"], float)


def test_quick_benchmark_prints_a_table() -> None:
    out = run_script("bench.py", "--quick")
    for heading in ("1. Speed", "2. Threads", "3. Call overhead"):
        assert heading in out


def test_gil_demo_shows_when_the_python_thread_gets_to_run(gil_enabled: bool) -> None:
    out = run_script("gil_demo.py")
    held, released = out.split("=== Rust releases the GIL")
    build = "with the GIL" if gil_enabled else "free-threaded, without a GIL"
    assert out.splitlines()[0].endswith(build)

    def seconds_of(text: str, line: str) -> float:
        """The time stamp of a line such as ` 0.10 s  Py: Exit...`."""
        stamped = next(s for s in text.splitlines() if s.endswith(line))
        return float(stamped.split()[0])

    def python_first(text: str) -> bool:
        """Whether the Python thread printed its "Py: Exit..." before Rust its last two lines."""
        return text.index("Py: Exit...\n") < text.index("Rust: Acquire GIL...\n")

    # No upper bound on a time stamp, which a busy machine could miss: the order of the lines, and
    # the lower bounds that the sleeps give (Rust works 0.5 s, give or take a 15.6 ms tick of the
    # Windows timer).
    if gil_enabled:
        # Holding the GIL, Rust makes the Python thread wait for the end of its 0.5 s of work ...
        assert seconds_of(held, "Py: Exit...") >= 0.45
    else:
        # ... unless there is no GIL to hold (free-threaded Python): then both variants let the
        # Python thread run, and it finishes its own 0.1 s nap while Rust works.
        assert python_first(held)
    # Releasing it, the Python thread finishes its 0.1 s nap while Rust works.
    assert python_first(released)
    assert seconds_of(released, "Rust: Exit...") >= 0.45
    assert out.count("Rust: [2, 4, 6]") == 2
