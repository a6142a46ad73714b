//! The CPython interpreters this machine can run: 3.10 to 3.13 installed here (pyenv, or on
//! PATH), 3.14 and 3.15 in the Debian sid chroot (sid.rs).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use anyhow::{Result, bail};

use crate::{cmd, sid};

/// The newest CPython this machine runs (the chroot's newest), not the newest that exists: abi3
/// wheels are tried on every Python from their lowest up to this one.
pub const NEWEST_PYTHON: &str = sid::PYTHONS[sid::PYTHONS.len() - 1];

/// Where a Python runs, and so every command of a project made for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// This machine.
    Here,
    /// The Debian sid chroot.
    Sid,
}

impl Place {
    /// The place of a Python version such as "3.14".
    pub fn of(version: &str) -> Place {
        if sid::PYTHONS.contains(&version) {
            Place::Sid
        } else {
            Place::Here
        }
    }

    /// Run `program` here or in the chroot, where `visible` are mounted at the same paths
    /// (`cwd` must be below one of them); see [`cmd::run`].
    pub fn run(
        self,
        program: &str,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &OsStr)],
        visible: &[&Path],
    ) -> Result<String> {
        match self {
            Place::Here => cmd::run(program, args, cwd, env),
            Place::Sid => sid::sid()?.run(program, args, cwd, env, visible),
        }
    }

    /// `run`, whatever the exit status; see [`cmd::output`].
    pub fn output(
        self,
        program: &str,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &OsStr)],
        visible: &[&Path],
    ) -> Result<Output> {
        match self {
            Place::Here => cmd::output(program, args, cwd, env),
            Place::Sid => sid::sid()?.output(program, args, cwd, env, visible),
        }
    }
}

/// The interpreter for a Python version such as "3.12", as its place runs it: pyenv's, or else
/// `python3.12` on PATH; in the chroot, Debian's `python3.14`.
pub fn python_interpreter(version: &str) -> Result<PathBuf> {
    if Place::of(version) == Place::Sid {
        return Ok(PathBuf::from(format!("/usr/bin/python{version}")));
    }
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

/// The interpreter's own file, symbolic links and pyenv's shims resolved, as it reports it.
pub fn real_path(interpreter: &str, cwd: &Path) -> Result<PathBuf> {
    let program = "import os, sys; print(os.path.realpath(sys.executable))";
    let printed = cmd::quiet(interpreter, &["-c", program], cwd, &[])?;
    Ok(PathBuf::from(printed.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chroots_pythons_run_there_and_the_others_here() {
        assert_eq!(Place::of("3.13"), Place::Here);
        assert_eq!(Place::of("3.14"), Place::Sid);
        assert_eq!(Place::of("3.15"), Place::Sid);
        assert_eq!(
            python_interpreter("3.15").unwrap(),
            PathBuf::from("/usr/bin/python3.15")
        );
    }

    /// The newest Python the template offers (hooks/rules.rhai) is one this machine runs, so the
    /// abi3 wheels are tried up to it.
    #[test]
    fn the_newest_python_offered_is_the_newest_run_here() {
        let rules = std::fs::read_to_string(crate::repo_root().join("hooks/rules.rhai")).unwrap();
        let offered = rules
            .lines()
            .find(|l| l.starts_with("fn python_versions()"))
            .expect("python_versions() in hooks/rules.rhai");
        assert!(
            offered.ends_with(&format!("\"{NEWEST_PYTHON}\"] }}")),
            "{offered}"
        );
    }
}
