"""Is this computer ready for the workshop? Run it before the day, with the Python you will use
there (any Python 3.7 or newer runs the checks):

    python3 preflight.py            # one line per check, and the command that fixes a problem
    python3 preflight.py --json     # the same as JSON: "checks", "ok" and "report"
    python3 preflight.py --build    # also times a cold `cargo build --release` of the kit

(On Windows: `py preflight.py`.) It runs before uv and the kit's virtualenv exist, so it uses
the standard library only, and Python 3.7's syntax. What the kit needs is read from its own files:
the Rust version from Cargo.toml, the Python versions from pyproject.toml. Exit status: 1 if
something is missing, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from kit_language import LANGUAGE

KIT = Path(__file__).resolve().parent
CARGO_TOML = (KIT / "Cargo.toml").read_text(encoding="utf-8")
PYPROJECT = (KIT / "pyproject.toml").read_text(encoding="utf-8")
# The development tool every page runs (`uv run ...`), and the version the kit pins.
TOOL = "uv"
TOOL_VERSION = "0.13.10"
# On an Intel Mac, the oldest macOS that the kit's tools have a build for, from each Python on (a
# Python takes the entry of the newest key not above it): older, they cannot be installed.
INTEL_MAC_OLDEST = {"3.10": "10.12", "3.12": "10.13", "3.14": "10.15"}
# A cold build, the kit's virtualenv and cargo's caches: 2 GB leaves room to spare.
FREE_GB = 2
RUSTUP = "https://rustup.rs"
BUILD_TOOLS = "https://visualstudio.microsoft.com/visual-cpp-build-tools/"
TEXT = {
    "en": {
        "description": (__doc__ or "").split("\n\n")[0],
        "help_json": "print the checks as JSON",
        "help_build": "also time a cold release build",
        "ok": "ok",
        "missing": "to fix",
        "fix": "fix",
        "not_found": "not found",
        "python_fix": "run this with a 64-bit Python {low} to {high}, or install one: "
        "https://www.python.org/downloads/",
        "mac_fix": "on macOS {mac}, the kit's tools for Python {python} need macOS {oldest}: "
        "run this with Python {usable}, or update macOS",
        "mac_update": "the kit's tools need macOS {oldest} or newer: update macOS",
        "rust_old": "rustup update (the kit needs rustc {need} or newer)",
        "host_fix": "install the Python and the Rust made for this computer's own processor "
        "(on an Apple Silicon Mac: arm64, not Intel)",
        "cc_fix": "sudo apt install build-essential (Fedora: sudo dnf install gcc)",
        "pipx_fix": "sudo apt install pipx && pipx install {tool}=={version} (pip may not install "
        "into the system's Python)",
        "not_on_path": "{found}, but `{tool}` is not found: its folder {folder} is not on PATH",
        "tool_old": "{install} (the kit needs {tool} {need} or newer)",
        "path_fix": "{command}, then open a new terminal",
        "msvc_fix": "install 'Desktop development with C++': " + BUILD_TOOLS,
        "no_conda": "no conda environment active",
        "conda_fix": "conda deactivate (`uv run` sets VIRTUAL_ENV, and maturin refuses to "
        "build when CONDA_PREFIX is set too)",
        "disk": "{free:.1f} GB free ({path})",
        "disk_fix": "free at least {need} GB on this drive",
        "building": "timing a cold cargo build --release (a few minutes)...",
        "seconds": "{seconds:.0f} s",
        "build_fix": "send the report below to the instructor",
        "all_ok": "Everything is ready. See you at the workshop!",
        "some_missing": "{count} to fix: run the command after each 'fix', then run this again.",
        "report": "For the instructor (copy it into your message):",
        "none": "none",
    },
    "ko": {
        "description": "이 컴퓨터에서 워크숍을 할 준비가 되었는지 확인합니다. 워크숍 전에 "
        "워크숍에서 쓸 파이썬으로 실행하세요(3.7 이상이면 검사는 실행됩니다).",
        "help_json": "검사 결과를 JSON으로 출력합니다",
        "help_build": "캐시 없는 릴리스 빌드에 걸리는 시간도 잽니다",
        "ok": "정상",
        "missing": "조치 필요",
        "fix": "해결 방법",
        "not_found": "찾을 수 없음",
        "python_fix": "파이썬 {low}~{high}(64비트)로 실행하세요. 없으면 여기서 설치하세요: "
        "https://www.python.org/downloads/",
        "mac_fix": "macOS {mac}에서 파이썬 {python}용 키트 도구를 쓰려면 macOS {oldest} 이상이 "
        "필요합니다. 다음 파이썬으로 실행하거나 macOS를 업데이트하세요: {usable}",
        "mac_update": "키트 도구를 쓰려면 macOS {oldest} 이상이 필요합니다. macOS를 업데이트하세요",
        "rust_old": "rustup update (이 키트에는 rustc {need} 이상이 필요합니다)",
        "host_fix": "이 컴퓨터의 프로세서에 맞는 파이썬과 러스트를 설치하세요"
        "(애플 실리콘 맥이라면 인텔용이 아닌 arm64용)",
        "cc_fix": "sudo apt install build-essential (페도라에서는 sudo dnf install gcc)",
        "not_on_path": "{found}: 설치되어 있지만 `{tool}` 명령을 찾을 수 없습니다. "
        "{folder} 폴더가 PATH에 없습니다",
        "tool_old": "{install} (이 키트에는 {tool} {need} 이상이 필요합니다)",
        "path_fix": "다음 명령을 실행한 뒤 새 터미널을 여세요: {command}",
        "pipx_fix": "sudo apt install pipx && pipx install {tool}=={version} "
        "(시스템 파이썬에는 pip로 설치할 수 없습니다)",
        "msvc_fix": "'C++를 사용한 데스크톱 개발'을 설치하세요: " + BUILD_TOOLS,
        "no_conda": "활성화된 conda 환경 없음",
        "conda_fix": "conda deactivate (`uv run`이 VIRTUAL_ENV를 설정하는데, "
        "CONDA_PREFIX도 설정되어 있으면 maturin이 빌드를 거부합니다)",
        "disk": "{free:.1f} GB 남음 ({path})",
        "disk_fix": "이 드라이브에 {need} GB 이상의 여유 공간을 확보하세요",
        "building": "캐시 없이 cargo build --release에 걸리는 시간을 잽니다(몇 분 걸립니다)...",
        "seconds": "{seconds:.0f}초",
        "build_fix": "아래 보고서를 강사에게 보내 주세요",
        "all_ok": "모두 준비되었습니다. 워크숍에서 뵙겠습니다!",
        "some_missing": "해결할 항목이 {count}개입니다. 각 '해결 방법'의 명령을 실행한 다음 "
        "이 검사(preflight.py)를 다시 실행하세요.",
        "report": "강사에게 보낼 내용(메시지에 복사해 붙여 넣으세요):",
        "none": "없음",
    },
}[LANGUAGE]


@dataclass
class Check:
    name: str
    status: str  # "ok" or "missing"
    found: str
    fix: str | None  # the one command or link that fixes it; None when it is ok


def setting(pattern: str, text: str) -> str:
    """One value from the kit's TOML files: a regex is enough, and tomllib is Python 3.11+."""
    found = re.search(pattern, text, re.MULTILINE)
    if found is None:
        sys.exit(f"preflight.py: {pattern!r} is not in the kit's files")
    return found.group(1)


def version(text: str) -> tuple[int, ...]:
    """3.10 -> (3, 10): versions compare as tuples of numbers, not as strings ("3.9" > "3.10")."""
    return tuple(int(part) for part in text.split("."))


RUST_NEEDED = setting(r'^rust-version\s*=\s*"([\d.]+)"', CARGO_TOML)
PYTHON_LOWEST = setting(r'^requires-python\s*=\s*">=\s*([\d.]+)', PYPROJECT)
# The newest Python the kit supports: its newest "Programming Language :: Python :: 3.N".
PYTHON_NEWEST = max(
    re.findall(r'"Programming Language :: Python :: (3\.\d+)"', PYPROJECT),
    key=version,
    default=PYTHON_LOWEST,
)


def run(*command: str) -> str | None:
    """What a command prints, or None if it is not there or fails."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def architecture(name: str) -> str:
    """Windows and macOS spell them their own way: AMD64 is x86_64, arm64 is aarch64."""
    name = name.lower()
    return {"amd64": "x86_64", "x64": "x86_64", "arm64": "aarch64"}.get(name, name)


# Each check returns whether it passed, what it found, and the one command or link that fixes it.


def check_python() -> tuple[bool, str, str]:
    # The interpreter running this script: run it with the Python you will use in the workshop.
    bits = 64 if sys.maxsize > 2**32 else 32
    supported = version(PYTHON_LOWEST) <= sys.version_info[:2] <= version(PYTHON_NEWEST)
    found = f"{platform.python_version()}, {bits}-bit ({sys.executable})"
    fix = TEXT["python_fix"].format(low=PYTHON_LOWEST, high=PYTHON_NEWEST)
    mac = platform.mac_ver()[0]
    if supported and mac and architecture(platform.machine()) == "x86_64":
        python = "{}.{}".format(*sys.version_info)
        mac_fix = intel_mac_fix(mac, python)
        if mac_fix:
            return False, f"{found}, macOS {mac}", mac_fix
    return supported and bits == 64, found, fix


def oldest_mac(python: str) -> str:
    """The oldest macOS on which an Intel Mac can install the kit's tools for this Python."""
    keys = [key for key in INTEL_MAC_OLDEST if version(key) <= version(python)]
    return INTEL_MAC_OLDEST[max(keys, key=version)]


def intel_mac_fix(mac: str, python: str) -> str | None:
    """What to do when the kit's tools for this Python need a newer macOS than this Intel Mac's
    (None when they do not): run with a Python whose tools this macOS can install."""
    if version(mac) >= version(oldest_mac(python)):
        return None
    low, high = version(PYTHON_LOWEST)[1], version(PYTHON_NEWEST)[1]
    pythons = [f"3.{minor}" for minor in range(low, high + 1)]
    usable = [p for p in pythons if version(mac) >= version(oldest_mac(p))]
    if not usable:
        return TEXT["mac_update"].format(oldest=oldest_mac(PYTHON_LOWEST))
    return TEXT["mac_fix"].format(
        mac=mac, python=python, oldest=oldest_mac(python), usable=", ".join(usable)
    )


def check_rustc() -> tuple[bool, str, str]:
    rustc = shutil.which("rustc")
    if rustc is None:
        return False, TEXT["not_found"], RUSTUP
    # rustup's rustc is there, but fails while no toolchain is installed.
    found = run(rustc, "--version")
    if found is None:
        return False, rustc, "rustup default stable"
    have = re.match(r"rustc (\d+\.\d+)", found)
    new_enough = have is not None and version(have.group(1)) >= version(RUST_NEEDED)
    return new_enough, found, TEXT["rust_old"].format(need=RUST_NEEDED)


def check_cargo() -> tuple[bool, str, str]:
    cargo = shutil.which("cargo")
    if cargo is None:
        return False, TEXT["not_found"], RUSTUP
    found = run(cargo, "--version")
    return found is not None, found or cargo, "rustup default stable"


def check_host() -> tuple[bool, str, str]:
    # An Intel (x86_64) Python under Rosetta on an arm64 Mac with an arm64 Rust: the module builds,
    # for the wrong processor, and Python cannot load it.
    rustc = shutil.which("rustc")
    host = re.search(r"^host: (\S+)", (run(rustc, "-vV") if rustc else None) or "", re.MULTILINE)
    if host is None:
        return False, TEXT["not_found"], RUSTUP
    python = architecture(platform.machine())
    rust = architecture(host.group(1).split("-")[0])
    return python == rust, f"Python {python}, Rust {host.group(1)}", TEXT["host_fix"]


def externally_managed() -> bool:
    """A system Python that pip may not install into, not even with --user (PEP 668: Debian's,
    Ubuntu's): pipx installs uv there, in a virtualenv of its own."""
    marker = Path(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
    return sys.prefix == sys.base_prefix and marker.exists()


def user_scripts() -> str:
    """The folder pip puts a `--user` install's commands in (~/.local/bin on Linux)."""
    preferred = getattr(sysconfig, "get_preferred_scheme", None)  # Python 3.10 and newer
    scheme = preferred("user") if preferred else f"{os.name}_user"
    return sysconfig.get_path("scripts", scheme)


def path_fix(folder: str) -> str:
    """The command that puts `folder` on PATH for every new terminal."""
    if os.name == "nt":
        return (
            f"powershell -Command \"[Environment]::SetEnvironmentVariable('Path', "
            f"'{folder};' + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')\""
        )
    shell = os.environ.get("SHELL", "")
    startup = {"zsh": "~/.zshrc", "bash": "~/.bashrc"}.get(Path(shell).name, "~/.profile")
    return f"echo 'export PATH=\"{folder}:$PATH\"' >> {startup}"


def check_tool() -> tuple[bool, str, str]:
    # Every page says `uv run ...`: the command must be on PATH, not only installed, and
    # at least the version the kit pins.
    python = "py" if os.name == "nt" else "python3"
    install = f"{python} -m pip install --user {TOOL}=={TOOL_VERSION}"
    if externally_managed():
        install = TEXT["pipx_fix"].format(tool=TOOL, version=TOOL_VERSION)
    program = shutil.which(TOOL)
    found = run(program, "--version") if program else None
    if found is not None:
        # `pipenv, version X.Y.Z`, `uv X.Y.Z (...)`: the first number is the version.
        have = re.search(r"\d+(\.\d+)+", found)
        new_enough = have is not None and version(have.group()) >= version(TOOL_VERSION)
        fix = TEXT["tool_old"].format(install=install, tool=TOOL, need=TOOL_VERSION)
        return new_enough, f"{found} ({program})", fix
    module = run(sys.executable, "-m", TOOL, "--version")
    if module is None:
        return False, TEXT["not_found"], install
    # pip installed it for this Python, but its folder is not on PATH: `uv` is not found.
    folder = user_scripts()
    found = TEXT["not_on_path"].format(found=module, tool=TOOL, folder=folder)
    return False, found, TEXT["path_fix"].format(command=path_fix(folder))


def check_linker() -> tuple[bool, str, str]:
    # Rust links the module with the platform's C toolchain.
    if sys.platform == "darwin":
        found = run("xcode-select", "-p")
        return found is not None, found or TEXT["not_found"], "xcode-select --install"
    if sys.platform == "win32":
        return check_msvc()
    cc = next(filter(None, map(shutil.which, ["cc", "gcc", "clang"])), None)
    return cc is not None, cc or TEXT["not_found"], TEXT["cc_fix"]


def check_msvc() -> tuple[bool, str, str]:
    # vswhere lists the Visual Studio installs, Build Tools included, that have the C++ tools.
    programs = os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")
    vswhere = Path(programs, "Microsoft Visual Studio", "Installer", "vswhere.exe")
    tools = "ARM64" if architecture(platform.machine()) == "aarch64" else "x86.x64"
    required = f"Microsoft.VisualStudio.Component.VC.Tools.{tools}"
    query = ["-latest", "-products", "*", "-requires", required, "-property", "installationPath"]
    found = run(str(vswhere), *query) if vswhere.exists() else None
    # Or a Developer Command Prompt's link.exe (not Git's link.exe, which is a different program).
    link = shutil.which("link.exe")
    found = found or (link if link and "msvc" in link.lower() else None)
    return bool(found), found or TEXT["not_found"], TEXT["msvc_fix"]


def check_conda() -> tuple[bool, str, str]:
    # maturin refuses to build when VIRTUAL_ENV and CONDA_PREFIX are both set (and differ), and
    # `uv run` sets VIRTUAL_ENV: an active conda environment, even conda's base, is a
    # problem.
    conda, venv = os.environ.get("CONDA_PREFIX"), os.environ.get("VIRTUAL_ENV")
    if not conda:
        return True, TEXT["no_conda"], "conda deactivate"
    found = f"CONDA_PREFIX={conda}" + (f", VIRTUAL_ENV={venv}" if venv else "")
    return conda == venv, found, TEXT["conda_fix"]


def check_disk() -> tuple[bool, str, str]:
    free = shutil.disk_usage(str(KIT)).free / 1e9
    found = TEXT["disk"].format(free=free, path=KIT)
    return free >= FREE_GB, found, TEXT["disk_fix"].format(need=FREE_GB)


def check_build() -> tuple[bool, str, str]:
    """A cold `cargo build --release` of the kit, as a wheel is built: how many seconds it takes."""
    print(TEXT["building"], file=sys.stderr, flush=True)
    target = tempfile.mkdtemp(prefix="preflight-")
    env = dict(os.environ, CARGO_TARGET_DIR=target)
    # Build for this Python, as maturin does: an extension module, not linked to libpython.
    env.update(PYO3_PYTHON=sys.executable, PYO3_BUILD_EXTENSION_MODULE="1")
    try:
        # Download the crates first, so that only the compilation is timed.
        subprocess.run(["cargo", "fetch"], cwd=KIT, env=env, capture_output=True)
        started = time.perf_counter()
        done = subprocess.run(
            ["cargo", "build", "--release"],
            cwd=KIT,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
        )
        seconds = time.perf_counter() - started
    except OSError:
        return False, TEXT["not_found"], RUSTUP
    finally:
        shutil.rmtree(target, ignore_errors=True)
    if done.returncode != 0:
        return False, "\n".join(done.stderr.strip().splitlines()[-12:]), TEXT["build_fix"]
    return True, TEXT["seconds"].format(seconds=seconds), ""


# The checks, in the order they are shown: the one list of them.
CHECKS = [
    ("python", check_python),
    ("rustc", check_rustc),
    ("cargo", check_cargo),
    ("host", check_host),
    (TOOL, check_tool),
    ("linker", check_linker),
    ("conda", check_conda),
    ("disk", check_disk),
]


def width(text: str) -> int:
    """Columns in a terminal: Korean letters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(checks: list[Check]) -> None:
    status_width = max(width(TEXT["ok"]), width(TEXT["missing"])) + 2
    margin = " " * (2 + status_width + 8)  # where the third column starts
    for check in checks:
        status = TEXT[check.status]
        found = textwrap.indent(check.found, margin).lstrip()
        print(f"  {status}{' ' * (status_width - width(status))}{check.name:<8}{found}")
        if check.fix is not None:
            print(f"{margin}-> {TEXT['fix']}: {check.fix}")


def main() -> int:
    parser = argparse.ArgumentParser(description=TEXT["description"])
    parser.add_argument("--json", action="store_true", help=TEXT["help_json"])
    parser.add_argument("--build", action="store_true", help=TEXT["help_build"])
    args = parser.parse_args()

    checks = []
    for name, check in CHECKS + ([("build", check_build)] if args.build else []):
        passed, found, fix = check()
        checks.append(Check(name, "ok" if passed else "missing", found, None if passed else fix))
    missing = [check.name for check in checks if check.status == "missing"]
    # What the instructor needs to know: the system, what every check found, and what is missing.
    report: dict[str, object] = {"os": platform.platform()}
    report.update((check.name, check.found) for check in checks)

    if args.json:
        report["missing"] = missing
        result = {
            "checks": [asdict(check) for check in checks],
            "ok": not missing,
            "report": report,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_table(checks)
        print()
        print(TEXT["some_missing"].format(count=len(missing)) if missing else TEXT["all_ok"])
        print()
        print(TEXT["report"])
        for key, value in report.items():
            print(f"    {key}: " + textwrap.indent(str(value), " " * 6).lstrip())
        print(f"    missing: {', '.join(missing) or TEXT['none']}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
