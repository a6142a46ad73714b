#!/bin/sh
# Install the workshop kit with no network (written by `pipenv run bundle`): pipenv, the kit's
# virtualenv and its tools from wheelhouse/, the Rust crates from vendor/, then a first build.
# Needs only Rust and Python 3.11 on the machine. Nothing here asks a registry: a
# missing wheel or crate is an error that names it. PYTHON=python3.12 sh install-offline.sh
# chooses the Python that runs pipenv.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}

# pip and uv take packages from the wheelhouse only; cargo is offline (see .cargo/config.toml).
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$here/wheelhouse" PIP_DISABLE_PIP_VERSION_CHECK=1
export UV_OFFLINE=1 CARGO_NET_OFFLINE=true PIPENV_YES=1
echo "1/3 pipenv, from wheelhouse/"
# pipenv as preflight.py found it (a module of this Python, or a command on PATH), else installed
# from the wheelhouse: with pip into the user's site-packages, or with pipx where the system's
# Python refuses pip (PEP 668: Debian's and Ubuntu's python3).
pipenv_command=""
pipenv() {
    if [ -n "$pipenv_command" ]; then command pipenv "$@"; else "$python" -m pipenv "$@"; fi
}
managed='import os, sys, sysconfig
marker = os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")
sys.exit(not (sys.prefix == sys.base_prefix and os.path.exists(marker)))'
if "$python" -m pipenv --version 2>/dev/null | grep -q "2026.10.3"; then
    :
elif command -v pipenv >/dev/null && command pipenv --version | grep -q "2026.10.3"; then
    pipenv_command=1
elif "$python" -c "$managed"; then
    pipenv_command=1
    pipx install --python "$python" "pipenv==2026.10.3"
    export PATH="$HOME/.local/bin:$PATH"
else
    "$python" -m pip install --user "pipenv==2026.10.3"
fi

cd "$here/workshop-instructor"
echo "2/3 the virtualenv and the tools, exactly as Pipfile.lock says"
pipenv sync --dev
echo "3/3 the first build, with the crates of vendor/"
pipenv run maturin develop --uv
echo "installed. Next: cd workshop-instructor && pipenv run progress"
