"""Exercise 2: build_profile(), debug against release. Page: 02-profile.md in docs/

The timings are `pipenv run compare`'s: shown, never checked here. Which build Python imported is
Cargo's to say: the test finds the profile whose library in Cargo's target directory is, byte for
byte, the extension module's file (`maturin develop` installs it unchanged).
"""

import json
import subprocess
import sys
from pathlib import Path

from workshop_instructor import build_profile

from kit_language import LANGUAGE

KIT = Path(__file__).resolve().parents[2]
# The profiles' folders in the target directory, and what build_profile() says for each: `dev`
# builds into debug/ (`maturin develop --profile dev`), this kit's `develop` into develop/
# (`maturin develop`) and `release` into release/.
PROFILES = {"debug": "debug", "develop": "release", "release": "release"}


def cargo_library() -> tuple[Path, str]:
    """Cargo's target directory (CARGO_TARGET_DIR if set) and the file name of the library."""
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--no-deps"],
            cwd=KIT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    (name,) = [
        target["name"]
        for package in metadata["packages"]
        for target in package["targets"]
        if "cdylib" in target["kind"]
    ]
    file = {"win32": f"{name}.dll", "darwin": f"lib{name}.dylib"}.get(sys.platform, f"lib{name}.so")
    return Path(metadata["target_directory"]), file


def built_in() -> str | None:
    """The target directory's folder whose library is the module Python imported, if any."""
    imported = Path(sys.modules[build_profile.__module__].__file__ or "").read_bytes()
    target, file = cargo_library()
    for folder in PROFILES:
        library = target / folder / file
        if library.is_file() and library.read_bytes() == imported:
            return folder
    return None


def test_build_profile_asks_the_compiler() -> None:
    # A fixed answer passes in the one build progress makes; only cfg!(debug_assertions) names
    # every build right. Comments are left out: the stub's may mention it.
    source = (KIT / "src" / "exercises" / "ex2_profile.rs").read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in source.splitlines())
    assert "debug_assertions" in code, {
        "en": "build_profile() must ask the compiler: use cfg!(debug_assertions) (02-profile.md)",
        "ko": "build_profile()은 컴파일러에게 물어야 합니다. cfg!(debug_assertions)를 쓰세요"
        "(02-profile.md)",
    }[LANGUAGE]


def test_build_profile_names_the_build() -> None:
    said = build_profile()
    folder = built_in()
    assert folder is not None, {
        "en": (
            "cannot tell which profile built the imported module: "
            "rebuild it with pipenv run maturin develop --uv"
        ),
        "ko": (
            "임포트한 모듈을 어느 프로필로 빌드했는지 알 수 없습니다. "
            "pipenv run maturin develop --uv로 다시 빌드하세요"
        ),
    }[LANGUAGE]
    assert said == PROFILES[folder], {
        "en": f"build_profile() said {said!r}, but this module is the build in target/{folder}/: "
        f"expected {PROFILES[folder]!r}",
        "ko": f"build_profile()이 {said!r}를 돌려줬지만 이 모듈은 target/{folder}/의 빌드입니다. "
        f"{PROFILES[folder]!r}여야 합니다",
    }[LANGUAGE]
