"""Every check of the project, in order: build, tests, linters, type checks.

    pipenv run check            # all of them; stops at the first that fails
    pipenv run check ruff mypy  # only the ones named
    pipenv run check --list     # their names and commands
    pipenv run format   # format the code as ruff-format and rustfmt want it

This list is the one definition of the checks:
the README runs this script.
"""

import argparse
import os
import shlex
import subprocess
import sys
from importlib import import_module
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The development tool: pipenv if the project has a Pipfile, else uv.
PIPENV = (HERE / "Pipfile").exists()
# A workshop kit (kit_language.py reads its settings): the exercises' tests instead of a project's.
KIT = (HERE / "kit_language.py").exists()

if PIPENV:
    # Compile the Rust code and install the module, so that every later check sees the new code.
    BUILD = ["maturin", "develop", "--uv"]
else:
    # The module as the Rust code is now: `uv run` has rebuilt it already if a source changed, so
    # this has nothing to do then; run some other way, it rebuilds. It also fails if uv.lock no
    # longer matches pyproject.toml.
    BUILD = ["uv", "sync", "--locked"]
# The stubs describe exactly what the compiled module exports (stubtest-allowlist.txt, where
# there is one, lists the exceptions).
STUBTEST = ["python", "-m", "mypy.stubtest", "kit"]
if (HERE / "stubtest-allowlist.txt").exists():
    STUBTEST += ["--allowlist", "stubtest-allowlist.txt"]

CHECKS = {"build": BUILD}
if not KIT:
    # The type stub is what maturin writes from the Rust code (stubs.py); first, as what the
    # checks below read. A kit's stub is written by hand (its first lines say why).
    CHECKS["stubs"] = ["python", "stubs.py", "--check"]
    # The project's tests: Python's in tests/, then the Rust unit tests.
    CHECKS["pytest"] = ["pytest"]
    CHECKS["cargo-test"] = ["cargo", "test"]
CHECKS["ruff"] = ["ruff", "check"]
CHECKS["ruff-format"] = ["ruff", "format", "--check"]
CHECKS["stubtest"] = STUBTEST
CHECKS["mypy"] = ["mypy", "."]
CHECKS["rustfmt"] = ["cargo", "fmt", "--check"]
CHECKS["clippy"] = ["cargo", "clippy", "--all-targets", "--", "-D", "warnings"]
if not KIT:
    # pyproject.toml against the packaging standards and PyPI's classifiers.
    CHECKS["pyproject"] = ["validate-pyproject", "pyproject.toml"]
if (HERE / ".github" / "workflows").is_dir():
    # Each workflow against GitHub's schema (check-jsonschema's own copy), then every file of
    # .github/ against zizmor's security audits; both offline.
    CHECKS["workflows"] = [
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        *sorted(path.relative_to(HERE).as_posix() for path in HERE.glob(".github/workflows/*.yml")),
    ]
    CHECKS["zizmor"] = ["zizmor", "--offline", ".github"]
# The format checks, each with the command that formats what it checks: `--format` runs them
# (pipenv run format), and a failed format check says so.
FORMATTERS = {"ruff-format": ["ruff", "format"], "rustfmt": ["cargo", "fmt"]}
if KIT:
    # Last: the exercises' tests fail until every exercise is done (`progress` shows which);
    # everything above passes at every step of the workshop.
    CHECKS["exercises"] = ["pytest"]

# The language of the messages below: a kit's setting (kit_language.py reads it; a project has
# no such file, hence the import by name), else the README's.
LANGUAGE = import_module("kit_language").LANGUAGE if KIT else ""
TEXT = {
    "en": {
        "description": "Every check of the project, in order: build, tests, linters, type checks.",
        "help_names": "checks to run (default: all)",
        "help_list": "list the checks and exit",
        "help_format": "format the code (ruff format, cargo fmt) and exit",
        "unknown": "no check named {unknown}; the checks are {names}",
        "failed": "check failed: {name} ({command})",
        "missing": "check failed: {name}: {program} is not installed in the project's virtualenv",
        "format_it": "`{command}` formats the code as {name} wants it",
        "all_passed": "all checks passed",
        "passed": "passed: {names}",
    },
    "ko": {
        "description": "프로젝트의 모든 검사(빌드, 테스트, 린터, 타입 검사)를 차례로 실행합니다.",
        "help_names": "실행할 검사 이름(기본값: 전부)",
        "help_list": "검사 목록만 출력합니다",
        "help_format": "코드를 포맷팅합니다(ruff format, cargo fmt)",
        "unknown": "그런 이름의 검사는 없습니다: {unknown} (사용할 수 있는 검사: {names})",
        "failed": "검사 실패: {name} ({command})",
        "missing": "검사 실패: {name}: "
        "{program} 프로그램이 프로젝트의 가상 환경에 설치되어 있지 않습니다",
        "format_it": "{name} 검사에 맞게 코드를 포맷팅하는 명령: `{command}`",
        "all_passed": "모든 검사 통과",
        "passed": "통과: {names}",
    },
}[LANGUAGE]


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("names", nargs="*", help=TEXT["help_names"])
    parser.add_argument("--list", action="store_true", help=TEXT["help_list"])
    parser.add_argument("--format", action="store_true", help=TEXT["help_format"])
    args = parser.parse_args()
    unknown = [name for name in args.names if name not in CHECKS]
    if unknown:
        parser.error(TEXT["unknown"].format(unknown=", ".join(unknown), names=", ".join(CHECKS)))
    if args.list:
        for name, command in CHECKS.items():
            print(f"{name:<12} {shlex.join(command)}")
        return 0
    if args.format:
        for command in FORMATTERS.values():
            print(f"==> {shlex.join(command)}", flush=True)
            if subprocess.run(command).returncode != 0:
                return 1
        return 0
    for name in args.names or CHECKS:
        command = CHECKS[name]
        print(f"==> {name}: {shlex.join(command)}", flush=True)
        # `uv run` names the uv that runs this script in $UV: the same one syncs.
        program = os.environ.get("UV", "uv") if command[0] == "uv" else command[0]
        try:
            done = subprocess.run([program, *command[1:]])
        except FileNotFoundError:
            print(TEXT["missing"].format(name=name, program=program), file=sys.stderr)
            return 1
        if done.returncode != 0:
            print(TEXT["failed"].format(name=name, command=shlex.join(command)), file=sys.stderr)
            if name in FORMATTERS:
                fix = TEXT["format_it"].format(command="pipenv run format", name=name)
                print(fix, file=sys.stderr)
            return 1
    if args.names:
        print(TEXT["passed"].format(names=", ".join(args.names)))
    else:
        print(TEXT["all_passed"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
