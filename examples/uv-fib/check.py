"""Every check of the project, in order: build, tests, linters, type checks.

    uv run check.py            # all of them; stops at the first that fails
    uv run check.py pytest     # only the ones named
    uv run check.py --list     # their names and commands

This list is the one definition of the checks: the README and pyo3-starter's own CI run
`uv run check.py`.
"""

import argparse
import os
import shlex
import subprocess
import sys

CHECKS = {
    # The module as the Rust code is now: `uv run` has rebuilt it already if a source changed, so
    # this has nothing to do then; run some other way, it rebuilds. It also fails if uv.lock no
    # longer matches pyproject.toml.
    "build": ["uv", "sync", "--locked"],
    "pytest": ["pytest"],
    "cargo-test": ["cargo", "test"],
    "ruff": ["ruff", "check"],
    "ruff-format": ["ruff", "format", "--check"],
    "mypy": ["mypy", "."],
    # The stubs describe exactly what the compiled module exports.
    "stubtest": ["python", "-m", "mypy.stubtest", "fibonacci"],
    "rustfmt": ["cargo", "fmt", "--check"],
    "clippy": ["cargo", "clippy", "--all-targets", "--", "-D", "warnings"],
}
# The language of the messages below: the README's.
LANGUAGE = "ko"
TEXT = {
    "en": {
        "description": "Every check of the project, in order: build, tests, linters, type checks.",
        "help_names": "checks to run (default: all)",
        "help_list": "list the checks and exit",
        "unknown": "no check named {unknown}; the checks are {names}",
        "failed": "check failed: {name} ({command})",
        "all_passed": "all checks passed",
        "passed": "passed: {names}",
    },
    "ko": {
        "description": "프로젝트의 모든 검사(빌드, 테스트, 린터, 타입 검사)를 차례로 실행합니다.",
        "help_names": "실행할 검사 이름(기본값: 전부)",
        "help_list": "검사 목록만 출력합니다",
        "unknown": "그런 이름의 검사는 없습니다: {unknown} (사용할 수 있는 검사: {names})",
        "failed": "검사 실패: {name} ({command})",
        "all_passed": "모든 검사 통과",
        "passed": "통과: {names}",
    },
}[LANGUAGE]


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("names", nargs="*", help=TEXT["help_names"])
    parser.add_argument("--list", action="store_true", help=TEXT["help_list"])
    args = parser.parse_args()
    unknown = [name for name in args.names if name not in CHECKS]
    if unknown:
        parser.error(TEXT["unknown"].format(unknown=", ".join(unknown), names=", ".join(CHECKS)))
    if args.list:
        for name, command in CHECKS.items():
            print(f"{name:<12} {shlex.join(command)}")
        return 0
    for name in args.names or CHECKS:
        command = CHECKS[name]
        print(f"==> {name}: {shlex.join(command)}", flush=True)
        # `uv run` names the uv that runs this script in $UV: the same one syncs.
        program = os.environ.get("UV", "uv") if command[0] == "uv" else command[0]
        if subprocess.run([program, *command[1:]]).returncode != 0:
            print(TEXT["failed"].format(name=name, command=shlex.join(command)), file=sys.stderr)
            return 1
    if args.names:
        print(TEXT["passed"].format(names=", ".join(args.names)))
    else:
        print(TEXT["all_passed"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
