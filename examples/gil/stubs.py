"""The type stub of the compiled module, written from the Rust code.

    pipenv run stubs           # write it again, after changing what src/lib.rs exports
    pipenv run stubs --check   # fail if it differs from the code (`pipenv run check` does this)

Editors and mypy read the stub, since a compiled module has no Python source. The names, the
signatures and the docstrings come from src/lib.rs and its doc comments: PyO3 records them in the
compiled module (Cargo.toml's experimental-inspect feature), `maturin generate-stubs` writes the
stub from there, and ruff formats it as the rest of the project's Python.
"""

import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The mixed layout: a Python package in python/, around the compiled module `_core`.
MIXED = (HERE / "python").is_dir()
# The committed stub, and where `maturin generate-stubs --out OUT` writes it below OUT.
STUB = Path("python/gil/_core.pyi" if MIXED else "gil.pyi")
GENERATED = Path("gil/_core.pyi" if MIXED else "gil/__init__.pyi")
COMMAND = "pipenv run stubs"
HEADER = f"# Generated from the Rust code by `{COMMAND}`: edit the doc comments, not this file.\n"

# The language of the messages: the README's.
LANGUAGE = "en"
TEXT = {
    "en": {
        "description": "The type stub of the compiled module, written from the Rust code.",
        "help_check": "only compare: fail if the stub differs from the code",
        "wrote": "wrote {stub}",
        "differs": "{stub} differs from the code; regenerate it with `{command}`",
    },
    "ko": {
        "description": "컴파일된 모듈의 타입 스텁을 러스트 코드로부터 만듭니다.",
        "help_check": "비교만 합니다: 스텁이 코드와 다르면 실패합니다",
        "wrote": "{stub} 파일을 새로 썼습니다",
        "differs": "{stub} 파일이 코드와 다릅니다. `{command}`로 다시 만드세요",
    },
}[LANGUAGE]


def generate() -> str | None:
    """The stub as the code says it, or None if the module does not build (cargo said why)."""
    with tempfile.TemporaryDirectory() as out:
        # The `develop` profile, as the module's own builds (pyproject.toml's editable-profile):
        # right after one, cargo has nothing to compile.
        command = ["maturin", "generate-stubs", "--quiet", "--profile", "develop", "--out", out]
        built = subprocess.run(
            command, cwd=HERE, capture_output=True, encoding="utf-8", errors="replace"
        )
        if built.returncode != 0:
            print(built.stdout + built.stderr, end="", file=sys.stderr)
            return None
        text = (Path(out) / GENERATED).read_text(encoding="utf-8")
    # With the project's ruff settings: imports sorted, no quoted annotations, lines of 100.
    for ruff in (
        ["ruff", "check", "--fix-only", "--quiet", "--select", "I,UP037"],
        ["ruff", "format", "--quiet"],
    ):
        command = [*ruff, "--stdin-filename", str(STUB), "-"]
        done = subprocess.run(command, cwd=HERE, input=text, capture_output=True, encoding="utf-8")
        if done.returncode != 0:
            sys.exit(done.stderr)
        text = done.stdout
    return HEADER + text


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("--check", action="store_true", help=TEXT["help_check"])
    args = parser.parse_args()
    fresh = generate()
    if fresh is None:
        return 1
    path = HERE / STUB
    if not args.check:
        path.write_text(fresh, encoding="utf-8")
        print(TEXT["wrote"].format(stub=STUB))
        return 0
    committed = path.read_text(encoding="utf-8") if path.exists() else ""
    if committed == fresh:
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            fresh.splitlines(keepends=True),
            f"{STUB} (in the project)",
            f"{STUB} (from the code)",
        )
    )
    print(TEXT["differs"].format(stub=STUB, command=COMMAND), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
