"""The offline bundle (instructor kit only): everything the workshop downloads, for a USB stick.

    pipenv run bundle                        # this machine's platform, the kit's language
    pipenv run bundle --language ko          # the kit in Korean (en: in English)
    pipenv run bundle --platform win_amd64 --platform macosx_11_0_arm64   # and these too
    pipenv run bundle --python 3.12          # only this Python (default: every one)

Run it online, while the exercises are stubs (before `pipenv run solve`, or after
`pipenv run solve --undo`). It writes a folder and a .tar.gz of it in dist/, named for
the kit and the language, workshop-instructor-<language>-offline:

- README.txt, in the bundle's language: what to run first;
- workshop-instructor/, the attendee kit in that language: this folder without what only the
  instructor gets (the folders solutions, offline, the commands
  solve, bundle, site, the other language's pages and README, the README's
  instructor section), plus .cargo/config.toml (cargo takes the crates from vendor/),
  Cargo.lock, and site/, the pages as a site to read offline (offline/site.py);
- vendor/, the Rust crates (`cargo vendor`, exactly Cargo.lock's versions);
- wheelhouse/, pipenv and every tool of the Pipfile
  with all they need, at their pinned versions, as wheels, for each platform and each Python of
  the kit's range: uv resolves them for each platform and Python (their markers: tomli on 3.10,
  colorama on Windows), and pip downloads that list;
- install-offline.sh (and .ps1 for Windows), which installs it all with no network.

A platform is a wheel platform tag: this machine's by default; manylinux_2_17_x86_64,
manylinux_2_17_aarch64, musllinux_1_2_x86_64, macosx_11_0_arm64 (Apple silicon),
macosx_10_15_x86_64 (Intel Macs), win_amd64, win_arm64 and so on for others.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from offline import site

from kit_language import LANGUAGE, LANGUAGES

KIT = Path(__file__).resolve().parent.parent
PROJECT = "workshop-instructor"
# The development tool: pipenv if the kit has a Pipfile, else uv.
PIPENV = (KIT / "Pipfile").exists()
if PIPENV:
    # The tool the seats install from the wheelhouse first; uv and pip of the kit's virtualenv.
    TOOL = "pipenv==2026.10.3"
    UV = [sys.executable, "-m", "uv"]
    PIP = [sys.executable, "-m", "pip"]
else:
    # The tool the seats install from the wheelhouse first; the uv that runs this script (`uv run`
    # names itself in $UV), and pip from uv's tool cache: uv's virtualenv has no pip, and pip
    # alone downloads wheels for another platform.
    TOOL = "uv==0.13.10"
    UV = [os.environ.get("UV", "uv")]
    PIP = [*UV, "tool", "run", "pip"]
# The kit's range: every Python of it gets its wheels unless --python says fewer.
PYTHONS = ["3.10", "3.11", "3.12", "3.13", "3.14", "3.15"]
# What only the instructor gets (hooks/facts.rhai): these folders, these commands (a pipenv kit's
# Pipfile scripts; a uv kit runs them from those folders), the README section whose heading is
# followed by this comment, and the pages and README of the other language.
INSTRUCTOR_FOLDERS = ["solutions", "offline"]
INSTRUCTOR_COMMANDS = ["solve", "bundle", "site"]
INSTRUCTOR_SECTION = "<!-- instructor only:"
# The description a kit gets when none is given, in each language: a bundle in the other language
# says it in that one (an answer of the instructor's own stays as it is).
DEFAULT_DESCRIPTION = {
    "en": "A Python extension module written in Rust with PyO3",
    "ko": "러스트와 PyO3로 작성한 파이썬 확장 모듈",
}
# Added to the attendee kit: cargo's source replacement.
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
README = {
    "en": """\
{project}: a workshop kit for use with no network

1. Install it (Rust and a Python {low} to {high} must be on this computer already):

       sh install-offline.sh                                        (Linux, macOS)
       powershell -ExecutionPolicy Bypass -File install-offline.ps1  (Windows)

2. In a new terminal, start the workshop:

       cd {project}
       pipenv run progress

The kit's README.md says the rest. The exercises' pages are in {project}/docs/{language}/,
and as a site, with search: open {project}/site/index.html in a browser.
""",
    "ko": """\
{project}: 네트워크 없이 쓰는 워크숍 키트

1. 설치합니다(이 컴퓨터에 러스트와 파이썬({low}~{high})이 먼저 설치되어 있어야 합니다).

       sh install-offline.sh                                        (리눅스, macOS)
       powershell -ExecutionPolicy Bypass -File install-offline.ps1  (윈도우)

2. 새 터미널을 열고 워크숍을 시작합니다.

       cd {project}
       pipenv run progress

나머지는 키트의 README.md에 있습니다. 연습 문제 페이지는 {project}/docs/{language}/에 있고,
검색이 되는 사이트로도 읽을 수 있습니다. 브라우저로 {project}/site/index.html을 여세요.
""",
}


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


def readme_in(language: str) -> Path:
    """The kit's README in `language`: README.md in the kit's own, README.<language>.md else."""
    return Path("README.md" if language == LANGUAGE else f"README.{language}.md")


def attendee_files(language: str = LANGUAGE) -> dict[Path, bytes]:
    """The attendee kit in `language`, file by file: what `cargo generate -d workshop=attendee
    -d language=<language>` renders with this kit's other answers."""
    gitignore = (KIT / ".gitignore").read_text(encoding="utf-8").splitlines()
    patterns = [p.strip() for p in gitignore if p.strip() and not p.startswith("#")]
    patterns += [".git/", *(f"/{folder}/" for folder in INSTRUCTOR_FOLDERS)]
    patterns += [f"/docs/{other}/" for other in LANGUAGES if other != language]
    files = {}
    for path in sorted(KIT.rglob("*")):
        relative = path.relative_to(KIT)
        if path.is_file() and not ignored(relative, patterns):
            files[relative] = path.read_bytes()
    # Not rendered: the locks (Cargo.lock comes with the bundle, below) and the READMEs, of which
    # the attendees get one.
    locks = ["Pipfile.lock", "uv.lock", "Cargo.lock"]
    for generated in [*locks, *(f"README.{other}.md" for other in LANGUAGES)]:
        files.pop(Path(generated), None)
    texts = {path: data.decode() for path, data in files.items() if path.suffix in (".md", ".toml")}
    texts[Path("README.md")] = without_instructor_section(
        (KIT / readme_in(language)).read_text(encoding="utf-8")
    )
    # The kit's language (kit_language.py reads it), and the default description in it.
    pyproject = Path("pyproject.toml")
    texts[pyproject] = re.sub(
        r'(?m)^language = ".*"$', f'language = "{language}"', texts[pyproject], count=1
    )
    own, wanted = DEFAULT_DESCRIPTION[LANGUAGE], DEFAULT_DESCRIPTION[language]
    for path in [Path("README.md"), pyproject, Path("Cargo.toml")]:
        texts[path] = texts[path].replace(own, wanted)
    files.update((path, text.encode()) for path, text in texts.items())
    if PIPENV:
        commands = "|".join(INSTRUCTOR_COMMANDS)
        pipfile = files[Path("Pipfile")].decode()
        files[Path("Pipfile")] = re.sub(rf"(?m)^({commands}) = .*\n", "", pipfile).encode()
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
    """Exercise files that hold a solution now: they must not be handed out. A stub raises
    `not_done`'s NotImplementedError; a solution does not."""
    solved = []
    for solution in sorted((KIT / "solutions").glob("ex*_*.rs")):
        exercise = KIT / "src" / "exercises" / solution.name
        if "not_done(" not in exercise.read_text(encoding="utf-8"):
            solved.append(f"src/exercises/{solution.name}")
    return solved


def pinned_tools() -> list[str]:
    """The tools the seats install, as pip requirements at their pinned versions: the Pipfile's
    [dev-packages] (`maturin==1.16.0`), or every package of uv.lock's `workshop` group with its
    markers (`colorama==0.4.6 ; sys_platform == 'win32'`)."""
    if PIPENV:
        pipfile = (KIT / "Pipfile").read_text(encoding="utf-8")
        section = pipfile.split("[dev-packages]")[1].split("\n[")[0]
        pins = re.findall(r'(?m)^([\w-]+) = "(==[^"]+)"', section)
        return [f"{name}{pin}" for name, pin in pins]
    export = [*UV, "export", "--locked", "--no-emit-project", "--no-hashes", "--no-header"]
    export += ["--no-annotate", "--quiet"]
    printed = subprocess.run(export, cwd=KIT, check=True, capture_output=True, text=True).stdout
    return [line for line in printed.splitlines() if line and not line.startswith("#")]


def uv_platform(tag: str) -> str:
    """uv's name for the platform of a wheel platform tag: win_amd64 is x86_64-pc-windows-msvc,
    macosx_11_0_arm64 aarch64-apple-darwin, manylinux_2_17_aarch64 aarch64-manylinux_2_17."""
    windows = {"win_amd64": "x86_64", "win32": "i686", "win_arm64": "aarch64"}
    if tag in windows:
        return f"{windows[tag]}-pc-windows-msvc"
    macos = re.fullmatch(r"macosx_\d+_\d+_(x86_64|arm64|universal2)", tag)
    if macos:
        return ("aarch64" if macos.group(1) == "arm64" else "x86_64") + "-apple-darwin"
    many = re.fullmatch(r"manylinux_(\d+)_(\d+)_(\w+)", tag)
    if many:
        return f"{many.group(3)}-manylinux_{many.group(1)}_{many.group(2)}"
    musl = re.fullmatch(r"musllinux_\d+_\d+_(\w+)", tag)
    if musl:
        return f"{musl.group(1)}-unknown-linux-musl"
    sys.exit(f"--platform {tag}: not a wheel platform tag this bundle knows (see --help)")


def pip_platforms(tag: str) -> list[str]:
    """pip download's --platform values for a tag (none for this machine, ""): a manylinux
    machine also takes the wheels of older glibc versions, which pip does not add by itself (it
    does for macOS versions)."""
    if not tag:
        return []
    many = re.fullmatch(r"manylinux_2_(\d+)_(\w+)", tag)
    if not many:
        return [tag]
    glibc, arch = int(many.group(1)), many.group(2)
    tags = [f"manylinux_2_{minor}_{arch}" for minor in range(glibc, 4, -1)]
    legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
    return tags + [f"{name}_{arch}" for minor, name in legacy.items() if minor <= glibc]


def download(requirements: list[str], python: str, platform: str | None, wheelhouse: Path) -> None:
    """Every wheel `requirements` need on this Python and platform (None: this machine's):
    resolved by uv for that Python and platform, then downloaded, each for it, by pip. Several
    run at once (see main), each in a folder of its own: two pips never write the same file."""
    with tempfile.TemporaryDirectory(prefix=".download-", dir=wheelhouse.parent) as scratch:
        wanted, resolved, wheels = (Path(scratch) / name for name in ("in.txt", "out.txt", "whl"))
        wanted.write_text("\n".join(requirements) + "\n", encoding="utf-8")
        target = ["--python-platform", uv_platform(platform)] if platform else []
        # --no-python-downloads: uv resolves for a Python it need not have; unasked, it would
        # download each Python of the range first.
        resolve = [*UV, "pip", "compile", "--quiet", "--no-header"]
        resolve += ["--no-python-downloads", "--no-annotate", "--python-version", python, *target]
        run(*resolve, wanted, "-o", resolved)
        tags = [arg for tag in pip_platforms(platform or "") for arg in ("--platform", tag)]
        fetch = [*PIP, "download", "--quiet", "--disable-pip-version-check"]
        fetch += ["--only-binary=:all:", "--no-deps", "--python-version", python, *tags]
        run(*fetch, "--dest", wheels, "--requirement", resolved)
        # A wheel's name says what it holds: one that another download brought already is the same.
        for wheel in wheels.iterdir():
            wheel.replace(wheelhouse / wheel.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", choices=LANGUAGES, default=LANGUAGE, help="the kit's")
    parser.add_argument("--platform", action="append", default=[], help="a wheel platform tag")
    parser.add_argument("--python", action="append", default=[], help="a Python version, 3.12")
    args = parser.parse_args()
    for python in args.python:
        if python not in PYTHONS:
            parser.error(f"--python {python}: the kit supports {', '.join(PYTHONS)}")
    solved = solved_exercises()
    if solved:
        sys.exit(
            f"{', '.join(solved)} hold(s) a solution (the exercise's NotImplementedError is gone):"
            " the attendees would get it. Put the stubs back with"
            " `pipenv run solve --undo`, then run `pipenv run bundle` again."
        )

    name = f"{PROJECT}-{args.language}-offline"
    dist = KIT / "dist"
    dist.mkdir(exist_ok=True)
    # What a bundle stopped halfway (killed, power cut) left: its scratch folders.
    for partial in dist.glob(f".{PROJECT}-*-offline-*"):
        shutil.rmtree(partial, ignore_errors=True)
    # Made in a folder of its own, and put in place only when it is whole: a bundle that fails
    # or is stopped halfway leaves the last good one as it was, and nothing that blocks the next.
    with tempfile.TemporaryDirectory(prefix=f".{name}-", dir=dist) as scratch:
        out = Path(scratch) / name
        kit = out / PROJECT
        if not (KIT / "Cargo.lock").exists():
            run("cargo", "generate-lockfile")
        for relative, data in attendee_files(args.language).items():
            (kit / relative).parent.mkdir(parents=True, exist_ok=True)
            (kit / relative).write_bytes(data)
        shutil.copyfile(KIT / "Cargo.lock", kit / "Cargo.lock")
        if not PIPENV:
            # The seats' uv sync and uv run read the lock: with it, nothing is left to resolve.
            shutil.copyfile(KIT / "uv.lock", kit / "uv.lock")
        (kit / ".cargo").mkdir()
        (kit / ".cargo" / "config.toml").write_text(CARGO_CONFIG, encoding="utf-8")
        # The course site, which the seats open from disk: they need no generator.
        site.build(args.language, kit / "site")

        # The Rust crates: `--locked`, exactly the versions of Cargo.lock.
        run("cargo", "vendor", "--locked", "--versioned-dirs", out / "vendor", cwd=kit)

        # The wheels: the tools in the kit's virtualenv, and the tool itself (with pip and wheel,
        # which pipx, where the system's Python refuses pip, installs in its own virtualenvs).
        # Several platforms and Pythons at once: the time goes in waiting for PyPI. Python by
        # Python, so that the downloads running together fetch different wheels.
        wheelhouse = out / "wheelhouse"
        wheelhouse.mkdir()
        tools = [*pinned_tools(), TOOL, "pip", "wheel"]
        if not PIPENV:
            run(*PIP, "--version")  # uv fetches pip once, before the downloads run side by side
        with ThreadPoolExecutor(max_workers=8) as pool:
            downloads = [
                pool.submit(download, tools, python, platform, wheelhouse)
                for python in args.python or PYTHONS
                for platform in [None, *args.platform]
            ]
            for done in downloads:
                done.result()  # a failed download stops the bundle, with pip's or uv's message

        for script in ["install-offline.sh", "install-offline.ps1"]:
            shutil.copyfile(KIT / "offline" / script, out / script)
        low, high = PYTHONS[0], PYTHONS[-1]
        readme = README[args.language].format(
            project=PROJECT, low=low, high=high, language=args.language
        )
        (out / "README.txt").write_text(readme, encoding="utf-8")
        archive = Path(scratch) / f"{name}.tar.gz"
        # Fast compression: the wheels, most of the bytes, are zip files already.
        with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
            tar.add(out, arcname=name)

        final = dist / name
        shutil.rmtree(final, ignore_errors=True)
        out.replace(final)
        archive.replace(dist / archive.name)
    megabytes = sum(f.stat().st_size for f in final.rglob("*") if f.is_file()) / 1e6
    packed = (dist / f"{name}.tar.gz").stat().st_size / 1e6
    print(f"\nwrote {final} ({megabytes:.0f} MB) and {final}.tar.gz ({packed:.0f} MB)")
    print(f"on each machine, with no network: see {name}/README.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
