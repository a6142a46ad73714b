"""The offline bundle (instructor kit only): everything the workshop downloads, for a USB stick.

    pipenv run bundle                                   # this machine's platform and Python
    pipenv run bundle --platform win_amd64 --platform macosx_11_0_arm64 --python 3.12

Run it once, online, before `pipenv run solve`. It writes dist/{{project-name}}-offline/ and a
.tar.gz of it, holding:

- {{project-name}}/, the attendee kit: this folder without solutions/, offline/, the other
  language's pages and the README's instructor section; plus Pipfile.lock and Cargo.lock (every
  seat gets the same versions) and .cargo/config.toml (cargo takes the crates from vendor/);
- vendor/, the Rust crates (`cargo vendor`);
- wheelhouse/, pipenv and every package of Pipfile.lock, as wheels;
- install-offline.sh (and .ps1 for Windows), which installs it all with no network.

Wheels are per platform and Python (maturin, ruff, mypy and uv are compiled): by default this
machine's; --platform (a wheel tag such as manylinux_2_28_x86_64, macosx_11_0_arm64, win_amd64)
and --python (3.12) add those of the attendees' machines.
"""

from __future__ import annotations

import argparse
import fnmatch
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

KIT = Path(__file__).resolve().parent.parent
PROJECT = "{{project-name}}"
LANGUAGE = "{{language}}"
PIPENV = "pipenv=={{pipenv_version}}"
OUT = KIT / "dist" / f"{PROJECT}-offline"

# What only the instructor gets: these folders, these `pipenv run` commands (Pipfile lines), and
# the README section whose heading is followed by this comment.
INSTRUCTOR_FOLDERS = ["{{ instructor_only_folders | join: '", "' }}"]
INSTRUCTOR_COMMANDS = ["{{ instructor_only_commands | join: '", "' }}"]
INSTRUCTOR_SECTION = "<!-- instructor only:"
# Added to the attendee kit: the locks, and cargo's source replacement.
CARGO_CONFIG = """\
# Written by `pipenv run bundle`: cargo takes every crate from ../vendor and never asks the
# network (a crate missing there is an error that names it).
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "../vendor"

[net]
offline = true
"""


def run(*command: str | Path, cwd: Path = KIT) -> None:
    print("+", " ".join(map(str, command)), flush=True)
    subprocess.run(list(map(str, command)), cwd=cwd, check=True)


def ignored(relative: Path, patterns: list[str]) -> bool:
    """Whether one of these .gitignore-style patterns matches the path: `/a/b/` the folder a/b
    of the kit, `name/` or `*.so` a folder or file of that name anywhere."""
    for pattern in patterns:
        name = pattern.strip("/")
        if pattern.startswith("/"):
            depth = name.count("/") + 1
            if fnmatch.fnmatch("/".join(relative.parts[:depth]), name):
                return True
        elif any(fnmatch.fnmatch(part, name) for part in relative.parts):
            return True
    return False


def attendee_files() -> dict[Path, bytes]:
    """The attendee kit, file by file: what `cargo generate -d workshop=attendee` renders."""
    gitignore = (KIT / ".gitignore").read_text(encoding="utf-8").splitlines()
    patterns = [p.strip() for p in gitignore if p.strip() and not p.startswith("#")]
    patterns += [".git/", *(f"/{folder}/" for folder in INSTRUCTOR_FOLDERS)]
    patterns += [f"/docs/{d.name}/" for d in (KIT / "docs").iterdir() if d.name != LANGUAGE]
    files = {}
    for path in sorted(KIT.rglob("*")):
        relative = path.relative_to(KIT)
        if path.is_file() and not ignored(relative, patterns):
            files[relative] = path.read_bytes()
    # Pipfile.lock and Cargo.lock are not rendered: they come with the bundle, below.
    for lock in ["Pipfile.lock", "Cargo.lock"]:
        files.pop(Path(lock), None)
    commands = "|".join(INSTRUCTOR_COMMANDS)
    pipfile = files[Path("Pipfile")].decode()
    files[Path("Pipfile")] = re.sub(rf"(?m)^({commands}) = .*\n", "", pipfile).encode()
    readme = files[Path("README.md")].decode()
    files[Path("README.md")] = without_instructor_section(readme).encode()
    return files


def without_instructor_section(readme: str) -> str:
    """The README without the section that INSTRUCTOR_SECTION marks: from its heading to the
    next `## ` heading, or to the end with the blank line before it."""
    lines = readme.splitlines(keepends=True)
    heading = next(i for i, line in enumerate(lines) if line.startswith(INSTRUCTOR_SECTION)) - 1
    after = (i for i in range(heading + 1, len(lines)) if lines[i].startswith("## "))
    end = next(after, None)
    if end is None:
        return "".join(lines[: heading - 1])
    return "".join(lines[:heading] + lines[end:])


def solved_exercises() -> list[str]:
    """Exercise files that hold a solution now (`pipenv run solve`): they must not be handed out."""
    solved = []
    for solution in sorted((KIT / "solutions").glob("ex*_*.rs")):
        number = solution.name[2 : solution.name.index("_")]
        exercise = KIT / "src" / "exercises" / solution.name
        if f'"exercise {number}:' not in exercise.read_text(encoding="utf-8"):
            solved.append(f"src/exercises/{solution.name}")
    return solved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", action="append", default=[], help="a wheel platform tag")
    parser.add_argument("--python", action="append", default=[], help="a Python version, 3.12")
    args = parser.parse_args()
    solved = solved_exercises()
    if solved:
        sys.exit(
            f"{', '.join(solved)} hold(s) a solution (the exercise's NotImplementedError is gone):"
            " the attendees would get it. Put the stubs back (`git checkout src/exercises`, or"
            " render the kit again), then run `pipenv run bundle` again."
        )
    if OUT.exists() and not (OUT / "install-offline.sh").exists():
        sys.exit(f"{OUT} exists and is not a bundle: move it away, then run this again.")
    shutil.rmtree(OUT, ignore_errors=True)

    # The attendee kit, with the locks resolved once (here) and cargo pointed at vendor/.
    kit = OUT / PROJECT
    # The locks of this kit's own builds, if it has them: the versions tried here.
    if not (KIT / "Pipfile.lock").exists():
        run("pipenv", "lock")
    if not (KIT / "Cargo.lock").exists():
        run("cargo", "generate-lockfile")
    for relative, data in attendee_files().items():
        (kit / relative).parent.mkdir(parents=True, exist_ok=True)
        (kit / relative).write_bytes(data)
    for lock in ["Pipfile.lock", "Cargo.lock"]:
        shutil.copyfile(KIT / lock, kit / lock)
    (kit / ".cargo").mkdir()
    (kit / ".cargo" / "config.toml").write_text(CARGO_CONFIG, encoding="utf-8")

    # The Rust crates: `--locked`, exactly the versions of Cargo.lock.
    run("cargo", "vendor", "--locked", "--versioned-dirs", OUT / "vendor", cwd=kit)

    # The wheels: every package of the lock (with its hashes) and pipenv, for each platform.
    requirements = OUT / "requirements.txt"
    listed = subprocess.run(
        ["pipenv", "requirements", "--dev"], cwd=KIT, check=True, capture_output=True, text=True
    )
    requirements.write_text(listed.stdout, encoding="utf-8")
    download = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:"]
    download += ["--dest", str(OUT / "wheelhouse")]
    targets: list[list[str]] = [[]]
    if args.platform or args.python:
        platforms = args.platform or [None]
        pythons = args.python or [f"{sys.version_info[0]}.{sys.version_info[1]}"]
        targets = [[]] + [
            [*(["--platform", p] if p else []), "--python-version", v]
            for p in platforms
            for v in pythons
        ]
    for target in targets:
        run(*download, *target, "--no-deps", "--requirement", requirements)
        # pip and wheel too: pipx, which installs pipenv where the system's Python refuses pip,
        # installs them in its own virtualenvs.
        run(*download, *target, PIPENV, "pip", "wheel")
    requirements.unlink()

    for script in ["install-offline.sh", "install-offline.ps1"]:
        shutil.copyfile(KIT / "offline" / script, OUT / script)
    archive = OUT.with_name(OUT.name + ".tar.gz")
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(OUT, arcname=OUT.name)
    megabytes = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file()) / 1e6
    packed = archive.stat().st_size / 1e6
    print(f"\nwrote {OUT} ({megabytes:.0f} MB) and {archive} ({packed:.0f} MB)")
    print(f"on each machine, with no network: sh install-offline.sh, then cd {PROJECT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
