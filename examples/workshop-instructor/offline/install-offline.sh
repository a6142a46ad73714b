#!/bin/sh
# Install the workshop kit with no network (written by `pipenv run bundle`): pipenv from
# wheelhouse/, the kit's virtualenv and its tools, the Rust crates from vendor/, a first build;
# then a new terminal finds `pipenv`. Needs only Rust and a Python 3.10 to
# 3.15: python3, or the one PYTHON names (PYTHON=python3.12 sh install-offline.sh).
# Nothing here asks a registry: a missing wheel or crate is an error that names it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kit="$here/workshop-instructor"
python=${PYTHON:-python3}
# The kit's language (its pyproject.toml's [tool.workshop]), for the lines below.
language=$(sed -n 's/^language = "\(.*\)"$/\1/p' "$kit/pyproject.toml")
say() { if [ "$language" = ko ]; then echo "$2"; else echo "$1"; fi; }

# A step that fails stops the script (set -e): say which, in the kit's language, after the tool's
# own messages, which are the instructor's to read.
step=""
step_ko=""
failed() {
    status=$?
    if [ -n "${requirements:-}" ]; then rm -f "$requirements"; fi
    if [ "$status" -ne 0 ] && [ -n "$step" ]; then
        say "installation failed at step $step; show the messages above to your instructor" \
            "설치가 $step_ko 단계에서 실패했습니다. 위 메시지를 강사에게 보여 주세요" >&2
    fi
}
trap failed EXIT
begin() {
    step="$1 ($2)"
    step_ko="$1($3)"
    say "$1 $2" "$1 $3"
}

# An active virtualenv or conda environment would take the kit's place: pip refuses a --user
# install inside a virtualenv, pipenv and uv would install into it, and maturin refuses to build
# with a conda environment active.
if [ -n "${VIRTUAL_ENV:-}${CONDA_PREFIX:-}" ]; then
    active=${VIRTUAL_ENV:-${CONDA_PREFIX:-}}
    say "an environment is active ($active): run \`deactivate\` (for conda: \`conda deactivate\`), then run this script again" \
        "활성화된 환경이 있습니다($active). \`deactivate\`(conda는 \`conda deactivate\`)를 실행한 뒤 이 스크립트를 다시 실행하세요"
    exit 1
fi

# pip and uv take packages from the wheelhouse only; cargo is offline (see .cargo/config.toml).
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$here/wheelhouse" PIP_DISABLE_PIP_VERSION_CHECK=1
export UV_OFFLINE=1 CARGO_NET_OFFLINE=true

in_range='import sys
low, high = (tuple(map(int, v.split("."))) for v in ("3.10", "3.15"))
sys.exit(not low <= sys.version_info[:2] <= high)'
if ! "$python" -c "$in_range" 2>/dev/null; then
    say "$python is no Python 3.10 to 3.15: run PYTHON=python3.12 sh install-offline.sh with one that is" \
        "$python: 3.10~3.15 범위의 파이썬이 아닙니다. 범위 안의 파이썬으로 실행하세요: PYTHON=python3.12 sh install-offline.sh"
    exit 1
fi

begin 1/4 "pipenv, from wheelhouse/" "wheelhouse/에서 pipenv 설치"
# Into the user's site-packages with pip, or with pipx where the system's Python refuses pip
# (PEP 668: Debian's and Ubuntu's python3). Either way, `bin` is the folder of the command.
managed='import os, sys, sysconfig
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(not (sys.prefix == sys.base_prefix and os.path.exists(marker)))'
if "$python" -c "$managed"; then
    pipx install --quiet --force --python "$python" "pipenv==2026.10.3"
    bin="$HOME/.local/bin"
else
    "$python" -m pip install --quiet --user "pipenv==2026.10.3"
    bin=$("$python" -c 'import sysconfig; print(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user")))')
fi
pipenv="$bin/pipenv"

cd "$kit"
begin 2/4 "the virtualenv and the tools, for $("$python" --version)" \
    "가상 환경과 개발 도구 설치: $("$python" --version)"
export PIPENV_YES=1
"$pipenv" install --dev --python "$python"

begin 3/4 "the first build, with the crates of vendor/" "vendor/의 크레이트로 첫 빌드"
"$pipenv" run maturin develop --uv

begin 4/4 "pipenv on PATH, for new terminals" "새 터미널에서 pipenv를 찾도록 PATH에 추가"
# As rustup does for cargo: the folder goes on PATH in the shell's startup files, once.
case ":$PATH:" in
*":$bin:"*) ;;
*)
    line="export PATH=\"$bin:\$PATH\"  # the workshop kit's pipenv (install-offline.sh)"
    files="$HOME/.profile"
    case "${SHELL:-}" in
    *zsh) files="$files $HOME/.zshrc" ;;
    *bash) files="$files $HOME/.bashrc" ;;
    esac
    for file in $files; do
        if ! grep -qsF "$line" "$file"; then
            printf '\n%s\n' "$line" >>"$file"
            say "   added to $file" "   $file에 추가했습니다"
        fi
    done
    ;;
esac

say "installed. In a new terminal: cd $kit && pipenv run progress" \
    "설치를 마쳤습니다. 새 터미널에서 실행하세요: cd $kit && pipenv run progress"
