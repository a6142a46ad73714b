# Install the workshop kit with no network, on Windows (written by `pipenv run bundle`): pipenv
# from wheelhouse\, the kit's virtualenv and its tools, the Rust crates from vendor\, a first
# build; then a new terminal finds `pipenv`: what install-offline.sh does, step for step. Needs
# only Rust and a Python 3.10 to 3.15: the newest of them the py launcher
# knows, or the python.exe that $env:PYTHON names. Nothing here asks a registry: a missing wheel or crate is an error that names it. Run it
# with:
#     powershell -ExecutionPolicy Bypass -File install-offline.ps1
$ErrorActionPreference = "Stop"
$here = $PSScriptRoot
$kit = Join-Path $here "workshop-instructor"
# The kit's language (its pyproject.toml's [tool.workshop]), for the lines below.
$language = (Select-String -Path (Join-Path $kit "pyproject.toml") -Pattern '^language = "(.*)"$').Matches[0].Groups[1].Value
function Say([string] $english, [string] $korean) {
    if ($language -eq "ko") { Write-Output $korean } else { Write-Output $english }
}

# pip and uv take packages from the wheelhouse only; cargo is offline (see .cargo\config.toml).
$env:PIP_NO_INDEX = "1"
$env:PIP_FIND_LINKS = Join-Path $here "wheelhouse"
$env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
$env:UV_OFFLINE = "1"
$env:CARGO_NET_OFFLINE = "true"

# The Python: $env:PYTHON, else the newest of the kit's range that the py launcher has.
$python = $env:PYTHON
if (-not $python) {
    foreach ($version in @("3.15", "3.14", "3.13", "3.12", "3.11", "3.10")) {
        try {
            $found = & py "-$version" -c "import sys; print(sys.executable)" 2>$null
            if ($LASTEXITCODE -eq 0) { $python = $found; break }
        } catch { break }  # no py launcher at all
    }
}
if (-not $python) {
    Say "no Python 3.10 to 3.15: install one (https://www.python.org/downloads/), or name it in `$env:PYTHON" `
        "3.10~3.15 범위의 파이썬이 없습니다. 설치하거나(https://www.python.org/downloads/) `$env:PYTHON에 지정하세요"
    exit 1
}

# Stop at the first command that fails, as `set -e` does in install-offline.sh.
function Step([string] $program, [string[]] $arguments) {
    & $program @arguments
    if ($LASTEXITCODE -ne 0) { throw "failed: $program $arguments" }
}

Say "1/4 pipenv, from wheelhouse\" "1/4 wheelhouse\에서 pipenv 설치"
Step $python @("-m", "pip", "install", "--quiet", "--user", "pipenv==2026.10.3")
$scripts = & $python -c "import sysconfig; print(sysconfig.get_path('scripts', sysconfig.get_preferred_scheme('user')))"

Set-Location $kit
Say "2/4 the virtualenv and the tools" "2/4 가상 환경과 개발 도구 설치"
$env:PIPENV_YES = "1"
$pipenv = Join-Path $scripts "pipenv.exe"
Step $pipenv @("install", "--dev", "--python", $python)

Say "3/4 the first build, with the crates of vendor\" "3/4 vendor\의 크레이트로 첫 빌드"
Step $pipenv @("run", "maturin", "develop", "--uv")

Say "4/4 pipenv on PATH, for new terminals" "4/4 새 터미널에서 pipenv를 찾도록 PATH에 추가"
# The user's Path (the registry's, which every new terminal reads), as the Python installer does.
$userPath = [Environment]::GetEnvironmentVariable("Path", "User")
if (-not (($userPath -split ";") -contains $scripts)) {
    $newPath = if ($userPath) { "$scripts;$userPath" } else { $scripts }
    [Environment]::SetEnvironmentVariable("Path", $newPath, "User")
    Say "   added $scripts to your Path" "   Path에 $scripts 폴더를 추가했습니다"
}

Say "installed. In a new terminal: cd $kit; pipenv run progress" `
    "설치를 마쳤습니다. 새 터미널에서 실행하세요: cd $kit; pipenv run progress"
