"""Which lines of the Rust code the Python tests run, beside the Python code's, with HTML reports.

    pipenv run coverage                     # every test
    pipenv run coverage tests/test_run.py   # some of them: the arguments go to pytest

It builds the module with `-C instrument-coverage` (this crate only: PyO3 is not compiled again),
runs pytest with pytest-cov while the module records which code runs, prints a table of src/'s
lines the tests reached below pytest-cov's table of the Python code, and writes both as HTML in
target/coverage/. Then it builds the normal module again.

It needs the LLVM tools of rustc's own LLVM version: `rustup component add llvm-tools` puts them
beside a rustup toolchain; without rustup, `llvm-profdata-N` and `llvm-cov-N` on PATH for LLVM N
(`rustc -vV` says N; on Debian and Ubuntu, `apt install llvm-N` has them), or LLVM_PROFDATA and
LLVM_COV naming the two programs.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "target" / "coverage"
# Compile with Cargo.toml's `develop` profile and install, as `maturin develop` does with either
# tool: only maturin's own command passes rustc flags to this crate alone.
BUILD = ["maturin", "develop", "--uv"]
PROFILE = "develop"

# The language of the messages: the README's.
LANGUAGE = "en"
TEXT = {
    "en": {
        "no_tool": "no {tool} of LLVM {major}, the LLVM of rustc: run `rustup component add "
        "llvm-tools`, or install LLVM {major} and name the program in {variable}",
        "no_profiles": "the tests wrote no coverage profiles: did they import the module?",
        "rust_table": "Rust: the lines of src/ that the Python tests ran (llvm-cov)",
        "html": "HTML reports: {rust}\n              {python}",
    },
    "ko": {
        "no_tool": "rustc가 쓰는 LLVM {major}의 도구를 찾을 수 없습니다: {tool}. "
        "`rustup component add llvm-tools`를 실행하거나, "
        "LLVM {major}를 설치하고 {variable}에 그 프로그램을 지정하세요",
        "no_profiles": "테스트가 커버리지 프로필을 남기지 않았습니다. "
        "테스트가 모듈을 임포트했나요?",
        "rust_table": "러스트: 파이썬 테스트가 실행한 src/의 줄(llvm-cov)",
        "html": "HTML 보고서: {rust}\n             {python}",
    },
}[LANGUAGE]


def llvm_tool(tool: str) -> str:
    """The program `tool` (llvm-profdata, llvm-cov) of the LLVM that rustc was built with."""
    variable = tool.upper().replace("-", "_")  # LLVM_PROFDATA, LLVM_COV
    if variable in os.environ:
        return os.environ[variable]
    rustc = subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout
    host = re.search(r"^host: (\S+)$", rustc, re.M)
    major = re.search(r"^LLVM version: (\d+)", rustc, re.M)
    if host is None or major is None:
        sys.exit(f"rustc -vV:\n{rustc}")
    sysroot = subprocess.run(
        ["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True
    ).stdout.strip()
    # rustup's llvm-tools component, then a versioned program on PATH (Debian, Ubuntu).
    beside_rustc = Path(sysroot, "lib", "rustlib", host[1], "bin", tool)
    for found in (beside_rustc, beside_rustc.with_suffix(".exe")):
        if found.is_file():
            return str(found)
    found_on_path = shutil.which(f"{tool}-{major[1]}")
    if found_on_path is None:
        sys.exit(TEXT["no_tool"].format(tool=tool, major=major[1], variable=variable))
    return found_on_path


def compiled_library() -> Path:
    """The module as cargo builds it (before maturin copies it), which holds the coverage map."""
    metadata = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps"],
        cwd=HERE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = json.loads(metadata)
    (name,) = [
        target["name"]
        for package in found["packages"]
        for target in package["targets"]
        if "cdylib" in target["kind"]
    ]
    folder = Path(found["target_directory"], PROFILE)
    for file in (f"lib{name}.so", f"lib{name}.dylib", f"{name}.dll"):
        if (folder / file).is_file():
            return folder / file
    sys.exit(f"{folder}: no library {name}")


def run(command: list[str], env: dict[str, str] | None = None) -> int:
    print(f"==> {' '.join(command)}", flush=True)
    return subprocess.run(command, cwd=HERE, env=env).returncode


def main() -> int:
    profdata, cov = llvm_tool("llvm-profdata"), llvm_tool("llvm-cov")
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "profraw").mkdir(parents=True)
    # The rustc flags after `--` reach this crate only: PyO3 keeps the build it has.
    if run([*BUILD, "--", "-C", "instrument-coverage"]) != 0:
        return 1
    # Kept aside: the normal build below replaces cargo's file, and llvm-cov reads its map.
    built = compiled_library()
    library = OUT / built.name
    shutil.copy2(built, library)
    # Each process that loads the module writes its profile there when it exits (%p: the
    # tests start Pythons of their own; %m: one file per library).
    env = dict(os.environ, LLVM_PROFILE_FILE=str(OUT / "profraw" / "%p-%m.profraw"))
    try:
        cov_args = ["--cov", "--cov-report=term", f"--cov-report=html:{OUT / 'python'}"]
        tests = run(["pytest", *cov_args, *sys.argv[1:]], env)
    finally:
        # The normal module again: an instrumented one is slower, and writes profiles.
        rebuilt = run(BUILD)
    profiles = [str(path) for path in (OUT / "profraw").glob("*.profraw")]
    if not profiles:
        print(TEXT["no_profiles"], file=sys.stderr)
        return 1
    merged = str(OUT / "rust.profdata")
    subprocess.run([profdata, "merge", "--sparse", *profiles, "-o", merged], check=True)
    common = [str(library), f"--instr-profile={merged}"]
    sources = [str(HERE / "src")]
    print(f"\n{TEXT['rust_table']}", flush=True)
    summaries = ["--show-region-summary=false", "--show-branch-summary=false"]
    subprocess.run([cov, "report", *common, *summaries, *sources], check=True)
    html = ["--format=html", f"--output-dir={OUT / 'rust'}"]
    subprocess.run([cov, "show", *common, *html, *sources], check=True)
    index = "index.html"
    print(TEXT["html"].format(rust=OUT / "rust" / index, python=OUT / "python" / index))
    return 1 if tests or rebuilt else 0


if __name__ == "__main__":
    sys.exit(main())
