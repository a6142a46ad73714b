//! The uv that a uv project (the `tool` question) runs with: the version hooks/facts.rhai pins,
//! installed once into a virtualenv of the harness's own below ci/target, never into a Python of
//! the machine's. Its cache stays there too, between runs, so that a run downloads nothing it
//! has downloaded before.

use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::OnceLock;

use anyhow::{Context, Result, anyhow};

use crate::cmd::Cmd;
use crate::pythons::Venv;
use crate::{facts, repo_root};

/// The folder of the harness's uv: ci/target/uv/<version>/.
fn home(version: &str) -> PathBuf {
    repo_root().join("ci/target/uv").join(version)
}

/// A folder holding only the `uv` program (a symbolic link to the virtualenv's), for PATH: the
/// virtualenv's bin/ would also put its `python` and `pip` first.
fn bin_dir() -> Result<PathBuf> {
    static BIN: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BIN.get_or_init(|| install().map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(|e| anyhow!("installing the harness's uv: {e}"))
}

fn install() -> Result<PathBuf> {
    let facts = facts::facts()?;
    let version = facts.get("uv")?;
    let home = home(&version);
    let bin = home.join("bin");
    let uv = bin.join("uv");
    let wanted = format!("uv {version}");
    let works = || {
        Cmd::new(&uv.display().to_string(), &["--version"])
            .quiet()
            .run()
            .is_ok_and(|v| v.starts_with(&wanted))
    };
    if works() {
        return Ok(bin);
    }
    if home.exists() {
        std::fs::remove_dir_all(&home)?;
    }
    std::fs::create_dir_all(&bin)?;
    let venv = Venv::create(
        &facts.default_python,
        &home.join("venv"),
        &[&format!("uv=={version}")],
        |cmd| cmd.run(),
    )?;
    std::os::unix::fs::symlink(venv.dir.join("bin").join("uv"), &uv)
        .with_context(|| format!("linking {}", uv.display()))?;
    if !works() {
        anyhow::bail!("{} does not say {wanted}", uv.display());
    }
    Ok(bin)
}

/// The uv program, by its path.
pub fn program() -> Result<PathBuf> {
    Ok(bin_dir()?.join("uv"))
}

/// The environment a uv project's commands run with: the harness's uv first on PATH, its cache
/// below ci/target, and `python`, the interpreter the harness chose for the project, as the one
/// uv uses (never one it downloads).
pub fn env(python: &str) -> Result<Vec<(&'static str, OsString)>> {
    let mut path = OsString::from(bin_dir()?);
    if let Some(rest) = std::env::var_os("PATH") {
        path.push(":");
        path.push(rest);
    }
    Ok(vec![
        ("PATH", path),
        (
            "UV_CACHE_DIR",
            repo_root().join("ci/target/uv-cache").into_os_string(),
        ),
        ("UV_PYTHON_DOWNLOADS", "never".into()),
        ("UV_PYTHON", python.into()),
    ])
}
