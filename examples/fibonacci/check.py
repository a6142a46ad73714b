"""Every check of the project, in order: build, tests, linters, type checks.

    pipenv run check            # all of them; stops at the first that fails
    pipenv run check pytest     # only the ones named
    pipenv run check --list     # their names and commands

This list is the one definition of the checks: the README, the GitHub workflow and pyo3-starter's
own CI all run `pipenv run check`.
"""

import argparse
import shlex
import subprocess
import sys

CHECKS = {
    # Compile the Rust code and install the module, so that every later check sees the new code.
    "build": ["maturin", "develop", "--uv"],
    "pytest": ["pytest"],
    "cargo-test": ["cargo", "test"],
    "ruff": ["ruff", "check"],
    "ruff-format": ["ruff", "format", "--check"],
    "mypy": ["mypy", "."],
    # The stubs describe exactly what the compiled module exports.
    "stubtest": [
        "python",
        "-m",
        "mypy.stubtest",
        "fibonacci",
        "--allowlist",
        "stubtest-allowlist.txt",
    ],
    "rustfmt": ["cargo", "fmt", "--check"],
    "clippy": ["cargo", "clippy", "--all-targets", "--", "-D", "warnings"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="checks to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    args = parser.parse_args()
    unknown = [name for name in args.names if name not in CHECKS]
    if unknown:
        parser.error(f"no check named {', '.join(unknown)}; the checks are {', '.join(CHECKS)}")
    if args.list:
        for name, command in CHECKS.items():
            print(f"{name:<12} {shlex.join(command)}")
        return 0
    for name in args.names or CHECKS:
        command = CHECKS[name]
        print(f"==> {name}: {shlex.join(command)}", flush=True)
        if subprocess.run(command).returncode != 0:
            print(f"check failed: {name} ({shlex.join(command)})", file=sys.stderr)
            return 1
    print("all checks passed" if not args.names else f"passed: {', '.join(args.names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
