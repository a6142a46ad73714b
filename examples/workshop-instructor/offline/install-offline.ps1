# Install the workshop kit with no network, on Windows (written by `pipenv run bundle`): pipenv,
# the kit's virtualenv and its tools from wheelhouse\, the Rust crates from vendor\, then a first
# build. Needs only Rust and Python 3.11. Nothing here asks a registry: a missing
# wheel or crate is an error that names it. Run it with:
#     powershell -ExecutionPolicy Bypass -File install-offline.ps1
$ErrorActionPreference = "Stop"
$here = $PSScriptRoot

# pip and uv take packages from the wheelhouse only; cargo is offline (see .cargo\config.toml).
$env:PIP_NO_INDEX = "1"
$env:PIP_FIND_LINKS = Join-Path $here "wheelhouse"
$env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
$env:UV_OFFLINE = "1"
$env:CARGO_NET_OFFLINE = "true"
$env:PIPENV_YES = "1"

# Python 3.11 through the py launcher, or the python.exe that $env:PYTHON names.
# Stop at the first command that fails, as `set -e` does in install-offline.sh.
function Step([string[]] $command) {
    if ($env:PYTHON) { & $env:PYTHON @command } else { & py -3.11 @command }
    if ($LASTEXITCODE -ne 0) { throw "failed: python $command" }
}

Write-Output "1/3 pipenv, from wheelhouse\"
Step @("-m", "pip", "install", "--user", "pipenv==2026.10.3")

Set-Location (Join-Path $here "workshop-instructor")
Write-Output "2/3 the virtualenv and the tools, exactly as Pipfile.lock says"
Step @("-m", "pipenv", "sync", "--dev")

Write-Output "3/3 the first build, with the crates of vendor\"
Step @("-m", "pipenv", "run", "maturin", "develop", "--uv")

Write-Output "installed. Next: cd workshop-instructor; pipenv run progress"
