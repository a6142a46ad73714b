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
if ! "$python" -m pipenv --version 2>/dev/null | grep -q "2026.10.3"; then
    "$python" -m pip install --user "pipenv==2026.10.3"
fi

cd "$here/workshop-instructor"
echo "2/3 the virtualenv and the tools, exactly as Pipfile.lock says"
"$python" -m pipenv sync --dev
echo "3/3 the first build, with the crates of vendor/"
"$python" -m pipenv run maturin develop --uv
echo "installed. Next: cd workshop-instructor && pipenv run progress"
