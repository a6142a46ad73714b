# Install the workshop kit with no network, on Windows (written by `pipenv run bundle`): pipenv,
# the kit's virtualenv and its tools from wheelhouse\, the Rust crates from vendor\, then a first
# build. Needs only Rust and Python {{python_version}}. Nothing here asks a registry: a missing
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

# Python {{python_version}} through the py launcher, or the python.exe that $env:PYTHON names.
# Stop at the first command that fails, as `set -e` does in install-offline.sh.
function Step([string[]] $command) {
    if ($env:PYTHON) { & $env:PYTHON @command } else { & py -{{python_version}} @command }
    if ($LASTEXITCODE -ne 0) { throw "failed: python $command" }
}
{% if language == "ko" %}
Write-Output "1/3 pipenv 설치 (wheelhouse\에서)"
{%- else %}
Write-Output "1/3 pipenv, from wheelhouse\"
{%- endif %}
Step @("-m", "pip", "install", "--user", "pipenv=={{pipenv_version}}")

Set-Location (Join-Path $here "{{project-name}}")
{%- if language == "ko" %}
Write-Output "2/3 가상환경과 개발 도구 (Pipfile.lock 그대로)"
{%- else %}
Write-Output "2/3 the virtualenv and the tools, exactly as Pipfile.lock says"
{%- endif %}
Step @("-m", "pipenv", "sync", "--dev")
{% if language == "ko" %}
Write-Output "3/3 첫 빌드 (vendor\의 크레이트로)"
{%- else %}
Write-Output "3/3 the first build, with the crates of vendor\"
{%- endif %}
Step @("-m", "pipenv", "run", "maturin", "develop", "--uv")
{% if language == "ko" %}
Write-Output "설치 완료. 다음: cd {{project-name}}; pipenv run progress"
{%- else %}
Write-Output "installed. Next: cd {{project-name}}; pipenv run progress"
{%- endif %}
