"""Where you are in the workshop: rebuild the module, run every exercise's tests, show the ladder.

    pipenv run progress          # one line per exercise: todo, failing or done, and its page
    pipenv run progress 3        # exercise 3: its tests' output in full
    pipenv run progress --json   # {"exercises": [...], "done": K, "total": T}
    pipenv run progress --profile dev   # build with Cargo's `dev` profile (a debug build)
    pipenv run progress --watch  # run again at every save of a Rust file or a test; Ctrl-C stops

It keeps no state: every run rebuilds the module (`maturin develop`, the fast-to-rebuild
`develop` profile) and runs the tests of tests/exercises/ afresh, so the answer is always about
the code as it is now. An exercise is `todo` while its function still raises the
NotImplementedError it came with, `failing` while one of its tests fails otherwise or its file
compiles with a warning, and `done` when all of them pass and its file compiles without one.
Exit status: 0, or 1 if the build failed (or exercise N is not done).

`--watch` shows the ladder, then the first exercise that is not done with its failure (or the
build's error), and waits: a save of a file under src/ or tests/exercises/ runs it all again,
its own build included. It asks for polling only (the standard library's file times, twice a
second), so it works the same on Linux, macOS and Windows, with no network. A save made while it
builds or tests is not lost: it runs again right after.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit_language import LANGUAGE

KIT = Path(__file__).resolve().parent
TESTS = KIT / "tests" / "exercises"
# Generous: an exercise that never returns must not hang the workshop.
TEST_TIMEOUT_S = 600
# The stubs' NotImplementedError messages start with the exercise's number, in either language.
NOT_DONE = re.compile(r"NotImplementedError: (?:exercise|연습 문제) (\d+):")
# A file of an exercise, as cargo names it where a warning points (`--> src/exercises/ex1_run.rs`).
EXERCISE_FILE = re.compile(r"src[\\/]exercises[\\/]ex(\d+)_\w*\.rs")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# cargo's progress while it builds: `   Compiling pyo3 v0.30.1`.
COMPILING = re.compile(r"^\s+Compiling \S+ v")
# --watch: how often it looks at the files' times, and how many lines of a failure it shows.
POLL_S = 0.5
FAILURE_LINES = 40


@dataclass(frozen=True)
class Exercise:
    number: int
    # The page is docs/<language>/<NN>-<slug>.md; the tests are tests/exercises/test_ex<N>_*.py.
    slug: str
    title_en: str
    title_ko: str
    # What it teaches, for the course site's front page (offline/site.py in an instructor kit).
    teaches_en: str
    teaches_ko: str

    @property
    def title(self) -> str:
        return {"en": self.title_en, "ko": self.title_ko}[LANGUAGE]

    @property
    def page(self) -> str:
        return f"docs/{LANGUAGE}/{self.file}"

    @property
    def file(self) -> str:
        return f"{self.number:02}-{self.slug}.md"

    def test_files(self) -> list[Path]:
        return sorted(TESTS.glob(f"test_ex{self.number}_*.py"))


# The ladder: the one list of the exercises, each with its title and what it teaches, in English
# and in Korean.
EXERCISES = [
    Exercise(
        0,
        "toolchain",
        "The toolchain works",
        "툴체인 확인",
        "a `#[pyfunction]`, built and called from Python",
        "`#[pyfunction]`을 빌드하고 파이썬에서 호출하기",
    ),
    Exercise(
        1,
        "run",
        "run(n): recursive Fibonacci",
        "run(n): 재귀 피보나치",
        "CPU-bound work in Rust; the chapter's `main.py`",
        "러스트로 하는 CPU 집약적 작업, 챕터의 `main.py`",
    ),
    Exercise(
        2,
        "profile",
        "Debug against release",
        "디버그 빌드와 릴리스 빌드",
        "Cargo's profiles: why a debug build is slow",
        "Cargo 프로필: 디버그 빌드가 느린 이유",
    ),
    Exercise(
        3,
        "double-list",
        "double_list, holding the GIL",
        "GIL을 획득한 채 실행하는 double_list",
        "the GIL held: other Python threads wait",
        "GIL 획득: 다른 파이썬 스레드의 대기",
    ),
    Exercise(
        4,
        "detach",
        "Releasing the GIL with py.detach",
        "py.detach로 GIL 해제하기",
        "`py.detach`: Python threads run while Rust works",
        "`py.detach`: 러스트가 일하는 동안 실행되는 파이썬 스레드",
    ),
    Exercise(
        5,
        "ctrl-c",
        "Ctrl-C in a long loop",
        "긴 루프와 Ctrl-C",
        "`check_signals`: Ctrl-C stops a long Rust loop",
        "`check_signals`: Ctrl-C로 긴 러스트 루프 멈추기",
    ),
    Exercise(
        6,
        "parallel",
        "Real parallelism with Rust threads",
        "러스트 스레드로 진짜 병렬 처리",
        "Rust threads inside `detach`, on every core",
        "`detach` 안의 러스트 스레드로 모든 코어 쓰기",
    ),
    Exercise(
        7,
        "class",
        "A Rust type as a Python class",
        "러스트 타입을 파이썬 클래스로",
        "`#[pyclass]`, its methods and special methods",
        "`#[pyclass]`와 메서드, 특수 메서드",
    ),
    Exercise(
        8,
        "errors",
        "Rust errors as Python exceptions",
        "러스트 에러를 파이썬 예외로",
        "Rust errors as the right Python exceptions",
        "러스트 에러를 알맞은 파이썬 예외로 바꾸기",
    ),
]
TEXT = {
    "en": {
        "description": "Where you are in the workshop: rebuild, run the exercises' tests, show it.",
        "help_number": "show this exercise's tests in full",
        "help_json": "print the ladder as JSON",
        "help_profile": "the Cargo profile to build (default: develop); dev is a debug build",
        "help_watch": "run again at every save of a file under src/ or tests/exercises/",
        "no_exercise": "no exercise {number}: they are 0 to {last}",
        "building": "building ({command})...",
        "first_build": "the first build compiles PyO3 too: about a minute",
        "build_failed": "the build failed: fix what cargo says below, then run this again.",
        "build_failed_watching": "the build failed: fix what cargo says below, and save.",
        "hangs": "the tests ran for {seconds} s: one of them hangs",
        "unformatted": "not formatted yet: {files}; run pipenv run format",
        "first_failure": "exercise {number}, {status} ({page}):",
        "watching": "watching src/ and tests/exercises/: save a file to run again (Ctrl-C stops)",
        "stopped": "stopped watching.",
        "watch_alone": "--watch shows the whole ladder: give it no exercise number and no --json",
        "warnings": "{count} warning(s)",
        "summary": "{done} of {total} done.",
        "next": "next: {page} (its tests' output in full: pipenv run progress {number})",
        "all_done": "every exercise is done! Every check of the kit: pipenv run check",
    },
    "ko": {
        "description": "워크숍 진행 상황을 보여 줍니다. 모듈을 다시 빌드하고 연습 문제의 테스트를 "
        "실행합니다.",
        "help_number": "이 연습 문제의 테스트 출력을 전부 보여 줍니다",
        "help_json": "진행 상황을 JSON으로 출력합니다",
        "help_profile": "빌드에 쓸 Cargo 프로필(기본값: develop). dev는 디버그 빌드입니다",
        "help_watch": "src/나 tests/exercises/의 파일을 저장할 때마다 다시 실행합니다",
        "no_exercise": "{number}번 연습 문제는 없습니다. 연습 문제는 0번부터 {last}번까지입니다",
        "building": "빌드 중 ({command})...",
        "first_build": "첫 빌드에서는 PyO3도 컴파일하므로 1분쯤 걸립니다",
        "build_failed": "빌드에 실패했습니다. 아래 cargo 메시지를 보고 고친 뒤 다시 실행하세요.",
        "build_failed_watching": "빌드에 실패했습니다. 아래 cargo 메시지를 보고 고쳐서 저장하세요.",
        "hangs": "테스트가 {seconds}초 안에 끝나지 않았습니다. "
        "끝나지 않는 테스트(무한 루프 등)가 있습니다",
        "unformatted": "아직 포맷팅되지 않은 파일: {files}. pipenv run format을 실행하세요",
        "first_failure": "{number}번 연습 문제, {status} ({page}):",
        "watching": "src/와 tests/exercises/의 변경을 감시하는 중: 파일을 저장하면 다시 실행합니다"
        "(Ctrl-C로 멈춤)",
        "stopped": "감시를 멈췄습니다.",
        "watch_alone": "--watch는 전체 진행 상황을 보여 줍니다. "
        "연습 문제 번호나 --json과 함께 쓸 수 없습니다",
        "warnings": "경고 {count}개",
        "summary": "{done}/{total} 완료.",
        "next": "다음: {page} (테스트 출력 전체: pipenv run progress {number})",
        "all_done": "모든 연습 문제를 끝냈습니다! 키트의 전체 검사: pipenv run check",
    },
}[LANGUAGE]


def build_command(profile: str | None) -> list[str]:
    command = ["maturin", "develop", "--uv"]
    return command + ["--profile", profile] if profile else command


@dataclass
class Build:
    """`maturin develop`: whether it worked, cargo's errors if not, each exercise's warnings
    (cargo's text, one per warning), and how long it took."""

    ok: bool
    error: str
    warnings: dict[int, list[str]]
    seconds: float


def build(profile: str | None, show_progress: bool) -> Build:
    """`maturin develop`, which prints cargo's `Compiling ...` lines as it goes if `show_progress`
    (the first build compiles PyO3 and every crate it needs: a minute with nothing else shown
    would look hung)."""
    # Run by `uv run` (a uv kit), this script starts after uv has rebuilt the module if a Rust
    # source changed: maturin then has nothing left to compile, and shows the warnings that uv
    # keeps to itself (a compile error stops `uv run` before this script starts, with cargo's
    # message). With --watch, every later build is this one. maturin's --uv looks for uv on
    # PATH: put first the uv that runs this script (`uv run` names itself in $UV), which may not
    # be there (`python3 -m uv run ...`).
    env = dict(os.environ)
    if "UV" in env:
        env["PATH"] = os.pathsep.join([str(Path(env["UV"]).parent), env.get("PATH", "")])
    started = time.perf_counter()
    output: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-m", *build_command(profile)],
        cwd=KIT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as done:
        assert done.stdout is not None
        for line in done.stdout:
            line = ANSI_ESCAPE.sub("", line.rstrip("\r\n"))
            output.append(line)
            if show_progress and COMPILING.match(line):
                # PyO3's crates come first in a build that compiles them, once per kit.
                if "Compiling pyo3" in line and not any("Compiling pyo3" in o for o in output[:-1]):
                    print(TEXT["first_build"], flush=True)
                print(line, flush=True)
    seconds = time.perf_counter() - started
    if done.returncode == 0:
        return Build(True, "", warnings_by_exercise(output), seconds)
    return Build(False, errors_of(output), {}, seconds)


def errors_of(output: list[str]) -> str:
    """cargo's errors, each with the lines that show where it is: not its warnings, which a
    failed build makes meaningless (an import is "unused" because the code that uses it does not
    compile), nor maturin's own lines around them ("Caused by: Cargo build finished with ...").
    All of the output if cargo named no error (maturin or uv failed before it)."""
    blocks = []
    for i, line in enumerate(output):
        if line.startswith("error") and not line.startswith("error: could not compile"):
            end = next((j for j in range(i + 1, len(output)) if not output[j].strip()), len(output))
            blocks.append("\n".join(output[i:end]))
    return "\n\n".join(blocks) if blocks else "\n".join(output)


def warnings_by_exercise(output: list[str]) -> dict[int, list[str]]:
    """cargo's warnings, by the exercise whose file each points at. A warning is its
    `warning: ...` line and the lines after it, up to an empty line; cargo replays the warnings of
    a file it does not need to recompile, so every build shows them all."""
    found: dict[int, list[str]] = {}
    for i, line in enumerate(output):
        if not line.startswith("warning"):
            continue
        end = next((j for j in range(i + 1, len(output)) if not output[j].strip()), len(output))
        where = EXERCISE_FILE.search("\n".join(output[i + 1 : end]))
        if where:
            found.setdefault(int(where.group(1)), []).append("\n".join(output[i:end]))
    return found


def first_lines(warning: str) -> str:
    """A warning in one line: its message and where it points."""
    lines = warning.splitlines()
    where = next((line.strip().removeprefix("--> ") for line in lines if "-->" in line), "")
    return f"{lines[0]} ({where})" if where else lines[0]


def run_tests(paths: list[Path], show_output: bool) -> ElementTree.Element:
    """pytest on these files; returns its JUnit XML report."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.xml"
        command = [
            sys.executable,
            "-m",
            "pytest",
            *map(str, paths),
            "-p",
            "no:cacheprovider",
            f"--junitxml={report}",
        ]
        command += ["-v"] if show_output else ["-q"]
        output = None if show_output else subprocess.DEVNULL
        try:
            subprocess.run(command, cwd=KIT, stdout=output, stderr=output, timeout=TEST_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            print(TEXT["hangs"].format(seconds=TEST_TIMEOUT_S), file=sys.stderr)
        if not report.exists():
            return ElementTree.Element("testsuites")
        return ElementTree.parse(report).getroot()


def statuses(report: ElementTree.Element) -> tuple[dict[int, str], dict[int, str]]:
    """todo, failing or done for every exercise whose tests are in the report; and for each
    failing one, its first failure as pytest wrote it."""
    problems: dict[int, list[str]] = {}
    for case in report.iter("testcase"):
        found = re.search(r"test_ex(\d+)_", f"{case.get('classname', '')} {case.get('name', '')}")
        if not found:
            continue
        number = int(found.group(1))
        texts = problems.setdefault(number, [])
        for problem in [*case.iter("failure"), *case.iter("error")]:
            texts.append(f"{problem.get('message', '')}\n{problem.text or ''}".strip())
    result, reasons = {}, {}
    for number, texts in problems.items():
        if any(int(found) == number for text in texts for found in NOT_DONE.findall(text)):
            result[number] = "todo"
        elif texts:
            result[number] = "failing"
            reasons[number] = texts[0]
        else:
            result[number] = "done"
    return result, reasons


def unformatted() -> list[str]:
    """The Rust files that rustfmt would change, which `pipenv run check` refuses (`cargo fmt
    --check`): a done exercise stays done, but the ladder says so."""
    try:
        done = subprocess.run(
            ["cargo", "fmt", "--check", "--", "-l"], cwd=KIT, capture_output=True, text=True
        )
    except OSError:
        return []
    # With -l, rustfmt names each file it would change on a line of its own.
    named = [Path(line.strip()) for line in done.stdout.splitlines() if line.strip()]
    return [str(p.relative_to(KIT)) if p.is_relative_to(KIT) else str(p) for p in named]


def width(text: str) -> int:
    """Columns in a terminal: Korean letters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def print_ladder(
    status: dict[int, str], reasons: dict[int, str], warnings: dict[int, list[str]]
) -> None:
    columns = max(width(e.title) for e in EXERCISES) + 2
    for e in EXERCISES:
        print(f"{e.number:>3}  {pad(e.title, columns)}{status[e.number]:<9}{e.page}")
        if e.number in reasons:
            print(f"       {first_line(reasons[e.number])[:120]}")
        found = warnings.get(e.number, [])
        for warning in found[:1]:
            more = f" (+{len(found) - 1})" if len(found) > 1 else ""
            print(f"       {first_lines(warning)[:120]}{more}")
    done = sum(s == "done" for s in status.values())
    print()
    print(TEXT["summary"].format(done=done, total=len(EXERCISES)))
    files = unformatted()
    if files:
        print(TEXT["unformatted"].format(files=", ".join(files)))
    rest = [e for e in EXERCISES if status[e.number] != "done"]
    if rest:
        print(TEXT["next"].format(page=rest[0].page, number=rest[0].number))
    else:
        print(TEXT["all_done"])


def run_once(args: argparse.Namespace, chosen: list[Exercise], watching: bool = False) -> int:
    """Build, test, show: the ladder, one exercise (`number`), or JSON. Watching, the ladder is
    followed by the first exercise that is not done, with its failure or its warnings."""
    if not args.json:
        print(TEXT["building"].format(command=" ".join(build_command(args.profile))), flush=True)
    built = build(args.profile, show_progress=not args.json)
    if not built.ok:
        if args.json:
            report: dict[str, Any] = {"build": "failed", "error": built.error, "exercises": []}
            print(json.dumps({**report, "done": 0, "total": len(EXERCISES)}, ensure_ascii=False))
        else:
            print(TEXT["build_failed_watching" if watching else "build_failed"], file=sys.stderr)
            print(built.error, file=sys.stderr, flush=True)
        return 1

    paths = [path for e in chosen for path in e.test_files()]
    found, reasons = statuses(run_tests(paths, show_output=args.number is not None))
    # An exercise without a test result (its test file is missing, or did not run): failing.
    status = {e.number: found.get(e.number, "failing") for e in chosen}
    # Its tests pass, but its file compiles with a warning, which `pipenv run check` refuses.
    for number in built.warnings:
        if status.get(number) == "done":
            status[number] = "failing"
    if args.json:
        exercises = [
            {
                "number": e.number,
                "title": e.title,
                "status": status[e.number],
                "page": e.page,
                "warnings": [first_lines(w) for w in built.warnings.get(e.number, [])],
            }
            for e in chosen
        ]
        done = sum(s == "done" for s in status.values())
        report = {"build": "ok", "exercises": exercises, "done": done, "total": len(chosen)}
        print(json.dumps(report, ensure_ascii=False))
    elif args.number is None:
        print_ladder(status, reasons, built.warnings)
        first = next((e for e in chosen if status[e.number] != "done"), None)
        if watching and first is not None and status[first.number] == "failing":
            # What `progress N` would show of it: its first failure, or its warnings.
            said = reasons.get(first.number) or "\n\n".join(built.warnings.get(first.number, []))
            print()
            shown = TEXT["first_failure"]
            print(shown.format(number=first.number, status=status[first.number], page=first.page))
            lines = said.splitlines()
            cut = ["..."] if len(lines) > FAILURE_LINES else []
            print("\n".join(lines[:FAILURE_LINES] + cut))
    else:
        e = chosen[0]
        for warning in built.warnings.get(e.number, []):
            print(f"\n{warning}")
        found_warnings = len(built.warnings.get(e.number, []))
        warned = f", {TEXT['warnings'].format(count=found_warnings)}" if found_warnings else ""
        print(f"\n{e.number}  {e.title}: {status[e.number]}{warned}  ({e.page})")
    return 0 if args.number is None or status[args.number] == "done" else 1


def watched() -> dict[Path, int]:
    """Every file a save of which runs the ladder again, with its modification time: the Rust
    sources (the exercises' and the kit's), Cargo.toml, the exercises' tests."""
    files = [*(KIT / "src").rglob("*.rs"), *TESTS.rglob("*.py"), KIT / "Cargo.toml"]
    times = {}
    for path in files:
        try:
            times[path] = path.stat().st_mtime_ns
        except OSError:  # deleted (an editor's save by rename) since it was listed
            pass
    return times


def clear_screen() -> None:
    if os.name == "nt":
        os.system("cls")
    else:
        print("\x1b[H\x1b[2J\x1b[3J", end="", flush=True)


def watch(args: argparse.Namespace) -> int:
    """Run the ladder at every save, until Ctrl-C. Each run starts from the files' times taken
    before it builds: a save during the build or the tests changes them, and the next run starts
    at once."""
    try:
        while True:
            seen = watched()
            clear_screen()
            run_once(args, EXERCISES, watching=True)
            print()
            print(TEXT["watching"], flush=True)
            while watched() == seen:
                time.sleep(POLL_S)
            # An editor may write a file in more than one step: let it finish.
            time.sleep(POLL_S / 2)
    except KeyboardInterrupt:
        print()
        print(TEXT["stopped"])
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("number", nargs="?", type=int, help=TEXT["help_number"])
    parser.add_argument("--json", action="store_true", help=TEXT["help_json"])
    parser.add_argument("--profile", help=TEXT["help_profile"])
    parser.add_argument("--watch", action="store_true", help=TEXT["help_watch"])
    args = parser.parse_args()
    chosen = [e for e in EXERCISES if args.number in (None, e.number)]
    if not chosen:
        parser.error(TEXT["no_exercise"].format(number=args.number, last=EXERCISES[-1].number))
    if args.watch:
        if args.json or args.number is not None:
            parser.error(TEXT["watch_alone"])
        return watch(args)
    return run_once(args, chosen)


if __name__ == "__main__":
    sys.exit(main())
