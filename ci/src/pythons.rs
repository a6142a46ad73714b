//! The Python interpreters this machine can run: the range's older CPythons installed here
//! (pyenv, or `python3.X` on PATH), the newer ones and Debian's PyPy in the Debian sid chroot
//! (sid.rs; hooks/facts.rhai's sid_pythons() and sid_pypy()).
//!
//! A Python is named by its version, "3.12", for CPython, and by its interpreter's name,
//! "pypy3.11", for PyPy.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cmd::Cmd;
use crate::sid;

/// The newest CPython this machine runs (the chroot's newest), not the newest that exists: abi3
/// wheels are tried on every Python from their lowest up to this one.
pub fn newest_run_here() -> Result<String> {
    match sid::pythons()?.last() {
        Some(newest) => Ok(newest.clone()),
        None => bail!("hooks/facts.rhai's sid_pythons() is empty"),
    }
}

/// Where a Python runs, and so every command of a project made for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// This machine.
    Here,
    /// The Debian sid chroot.
    Sid,
}

impl Place {
    /// The place of a Python version such as "3.14", or of the PyPy "pypy3.11".
    pub fn of(version: &str) -> Result<Place> {
        Ok(
            if sid::pythons()?.iter().any(|p| p == version) || version == sid::pypy()? {
                Place::Sid
            } else {
                Place::Here
            },
        )
    }

    /// The command that runs `cmd` here or in the chroot, where `visible` are mounted at the
    /// same paths (`cmd.cwd` must be below one of them).
    pub fn wrap(self, cmd: Cmd, visible: &[&Path]) -> Result<Cmd> {
        match self {
            Place::Here => Ok(cmd),
            Place::Sid => sid::sid()?.wrap(cmd, visible),
        }
    }
}

/// The interpreter for a Python version such as "3.12", as its place runs it: pyenv's, or else
/// `python3.12` on PATH; in the chroot, Debian's `python3.14`, or its `pypy3.11`.
pub fn python_interpreter(version: &str) -> Result<PathBuf> {
    if Place::of(version)? == Place::Sid {
        if version.starts_with("pypy") {
            return Ok(PathBuf::from(format!("/usr/bin/{version}")));
        }
        return Ok(PathBuf::from(format!("/usr/bin/python{version}")));
    }
    if let Ok(prefix) = Cmd::new("pyenv", &["prefix", version]).run() {
        return Ok(PathBuf::from(prefix.trim()).join("bin").join("python3"));
    }
    let on_path = format!("python{version}");
    match Cmd::new(&on_path, &["--version"]).run() {
        Ok(_) => Ok(PathBuf::from(on_path)),
        Err(_) => bail!("no Python {version}: neither pyenv nor PATH has one"),
    }
}

/// A clean virtualenv of one Python (not pipenv's), CPython or PyPy: release artefacts are tried
/// in one, and the `maturin new` route of `cargo ci perf` and the refusals build in one.
pub struct Venv {
    pub dir: PathBuf,
}

impl Venv {
    /// `python3.X -m venv DIR` (or `pypy3.X -m venv DIR`) with the interpreter of `version`, then `pip install` of
    /// `packages` (if any); `run` runs each command (in the chroot, for a Python there).
    pub fn create(
        version: &str,
        dir: &Path,
        packages: &[&str],
        run: impl Fn(Cmd) -> Result<String>,
    ) -> Result<Venv> {
        let interpreter = python_interpreter(version)?.display().to_string();
        let parent = dir.parent().unwrap_or(dir);
        run(Cmd::new(&interpreter, &["-m", "venv", &dir.display().to_string()]).cwd(parent))?;
        let venv = Venv {
            dir: dir.to_path_buf(),
        };
        if !packages.is_empty() {
            let args = [
                &["install", "--quiet", "--disable-pip-version-check"],
                packages,
            ]
            .concat();
            run(venv.cmd("pip", &args).cwd(parent))?;
        }
        Ok(venv)
    }

    /// `python3.X -m venv --without-pip DIR`: a clean virtualenv for a release artefact, which
    /// [`Venv::pip`] then installs into. ensurepip, which puts pip into each new virtualenv, is
    /// most of what `-m venv` takes (5 to 17 seconds each on 2 busy cores, against half a second).
    pub fn create_without_pip(
        version: &str,
        dir: &Path,
        run: impl Fn(Cmd) -> Result<String>,
    ) -> Result<Venv> {
        let interpreter = python_interpreter(version)?.display().to_string();
        let parent = dir.parent().unwrap_or(dir);
        let dir_arg = dir.display().to_string();
        run(Cmd::new(&interpreter, &["-m", "venv", "--without-pip", &dir_arg]).cwd(parent))?;
        Ok(Venv {
            dir: dir.to_path_buf(),
        })
    }

    /// pip, from outside, on this virtualenv at `place` (pip's `--python`, from pip 22.3 on):
    /// this machine's `python3 -m pip`, or in the chroot the pip of its pipenv's virtualenv.
    pub fn pip(&self, place: Place, args: &[&str]) -> Cmd {
        let python = self.dir.join("bin").join("python").display().to_string();
        let outside = match place {
            Place::Here => "python3".to_string(),
            Place::Sid => sid::pip_python(),
        };
        let all = [&["-m", "pip", "--python", &python][..], args].concat();
        Cmd::new(&outside, &all).env("VIRTUAL_ENV", &self.dir)
    }

    /// A program of the virtualenv (`python`, `pip`, `maturin`, `pytest`), by its path, with
    /// VIRTUAL_ENV set (maturin builds for the virtualenv's Python).
    pub fn cmd(&self, program: &str, args: &[&str]) -> Cmd {
        let own = self.dir.join("bin").join(program);
        Cmd::new(&own.display().to_string(), args).env("VIRTUAL_ENV", &self.dir)
    }
}

/// The interpreter's own file, symbolic links and pyenv's shims resolved, as it reports it.
pub fn real_path(interpreter: &str, cwd: &Path) -> Result<PathBuf> {
    let program = "import os, sys; print(os.path.realpath(sys.executable))";
    let printed = Cmd::new(interpreter, &["-c", program])
        .cwd(cwd)
        .quiet()
        .run()?;
    Ok(PathBuf::from(printed.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chroots_pythons_run_there_and_the_others_here() {
        let facts = crate::facts::facts().unwrap();
        for version in &facts.python_versions {
            let place = Place::of(version).unwrap();
            assert_eq!(
                place == Place::Sid,
                facts.sid_pythons.contains(version),
                "{version}"
            );
        }
        let newest = newest_run_here().unwrap();
        assert_eq!(
            python_interpreter(&newest).unwrap(),
            PathBuf::from(format!("/usr/bin/python{newest}"))
        );
        let pypy = sid::pypy().unwrap();
        assert_eq!(Place::of(&pypy).unwrap(), Place::Sid);
        assert_eq!(
            python_interpreter(&pypy).unwrap(),
            PathBuf::from(format!("/usr/bin/{pypy}"))
        );
    }

    /// The newest Python the template offers is one this machine runs, so the abi3 wheels are
    /// tried up to it.
    #[test]
    fn the_newest_python_offered_is_the_newest_run_here() {
        let facts = crate::facts::facts().unwrap();
        assert_eq!(facts.newest_python(), newest_run_here().unwrap());
    }
}
