"""Every check of the project, in order: build, tests, linters, type checks.

    pipenv run check            # all of them; stops at the first that fails
{%- if workshop == "none" %}
    pipenv run check pytest     # only the ones named
{%- else %}
    pipenv run check clippy     # only the ones named
{%- endif %}
    pipenv run check --list     # their names and commands
{%- if workshop == "none" %}

This list is the one definition of the checks: the README, the GitHub workflow and pyo3-starter's
own CI all run `pipenv run check`.
{%- else %}

This list is the one definition of the checks: the README and pyo3-starter's own CI run
`pipenv run check`.
{%- endif %}
"""

import argparse
import shlex
import subprocess
import sys

CHECKS = {
    # Compile the Rust code and install the module, so that every later check sees the new code.
    "build": ["maturin", "develop", "--uv"],
{%- if workshop == "none" %}
    "pytest": ["pytest"],
    "cargo-test": ["cargo", "test"],
{%- endif %}
    "ruff": ["ruff", "check"],
    "ruff-format": ["ruff", "format", "--check"],
    "mypy": ["mypy", "."],
    # The stubs describe exactly what the compiled module exports.
{%- if layout == "mixed" %}
    "stubtest": ["python", "-m", "mypy.stubtest", "{{module}}"],
{%- else %}
    "stubtest": [
        "python",
        "-m",
        "mypy.stubtest",
        "{{module}}",
        "--allowlist",
        "stubtest-allowlist.txt",
    ],
{%- endif %}
    "rustfmt": ["cargo", "fmt", "--check"],
    "clippy": ["cargo", "clippy", "--all-targets", "--", "-D", "warnings"],
{%- if workshop != "none" %}
    # Last: the exercises' tests fail until every exercise is done (`pipenv run progress` shows
    # which); everything above passes at every step of the workshop.
    "exercises": ["pytest"],
{%- endif %}
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
