//! The CPython interpreters installed here.

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::cmd;

/// The newest CPython installed here (from pyenv or on PATH), not the newest that exists or that
/// PyO3 supports: abi3 wheels are tried on every Python from their lowest up to this one.
pub const NEWEST_INSTALLED_PYTHON: &str = "3.13";

/// The interpreter for a Python version such as "3.9": pyenv's, or else `python3.9` on PATH.
pub fn python_interpreter(version: &str) -> Result<PathBuf> {
    let here = std::env::current_dir()?;
    if let Ok(prefix) = cmd::run("pyenv", &["prefix", version], &here, &[]) {
        return Ok(PathBuf::from(prefix.trim()).join("bin").join("python3"));
    }
    let on_path = format!("python{version}");
    match cmd::run(&on_path, &["--version"], &here, &[]) {
        Ok(_) => Ok(PathBuf::from(on_path)),
        Err(_) => bail!("no Python {version}: neither pyenv nor PATH has one"),
    }
}
