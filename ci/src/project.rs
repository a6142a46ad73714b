//! A generated project, copied or rendered into a temporary directory, and the commands run in it:
//! on this machine, or in the sid chroot when its Pipfile's Python lives there (pythons.rs).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::fs::copy_tree;
use crate::pythons::Place;
use crate::render::{Render, render_to_temp};
use crate::repo_root;

/// One Cargo target directory for every project of a place, kept between runs, so that PyO3
/// compiles once per configuration; it lives with the harness's own build output, out of
/// examples/. The chroot has its own: its build scripts link against its newer C library.
fn shared_target_dir(place: Place) -> Result<PathBuf> {
    let dir = repo_root().join("ci").join("target").join(match place {
        Place::Here => "e2e",
        Place::Sid => "e2e-sid",
    });
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A generated project in a temporary directory.
pub struct Project {
    pub dir: PathBuf,
    pub module: String,
    /// Where its Pipfile's Python runs, and so every command run in it.
    pub place: Place,
    /// Holds the project and its pipenv virtualenv; both go when the project is dropped.
    parent: tempfile::TempDir,
}

/// The place of the Python a project's Pipfile requires (this machine if it names none).
fn place_of(dir: &Path) -> Result<Place> {
    let pipfile = dir.join("Pipfile");
    if !pipfile.is_file() {
        return Ok(Place::Here);
    }
    let pipfile: toml::Table = std::fs::read_to_string(pipfile)?.parse()?;
    let python = pipfile
        .get("requires")
        .and_then(|r| r.get("python_version"))
        .and_then(|v| v.as_str());
    Ok(python.map_or(Place::Here, Place::of))
}

impl Project {
    /// A copy of a checked-in example.
    pub fn copy_of(example_dir: &Path, module: &str) -> Result<Self> {
        let parent = tempfile::tempdir()?;
        let dir = parent.path().join(example_dir.file_name().unwrap());
        copy_tree(example_dir, &dir)?;
        Ok(Project {
            place: place_of(&dir)?,
            dir,
            module: module.to_string(),
            parent,
        })
    }

    /// A fresh rendering.
    pub fn rendered(render: &Render, module: &str) -> Result<Self> {
        let (parent, dir) = render_to_temp(render)?;
        Ok(Project {
            place: place_of(&dir)?,
            dir,
            module: module.to_string(),
            parent,
        })
    }

    /// A new directory beside the project (a clean virtualenv's, say), gone with the project;
    /// seen at the same path in the chroot.
    pub fn scratch(&self) -> Result<tempfile::TempDir> {
        Ok(tempfile::tempdir_in(self.parent.path())?)
    }

    /// Run a command in the project, failing with its output; returns what it printed to stdout.
    pub fn run(&self, program: &str, args: &[&str]) -> Result<String> {
        self.run_at(self.place, program, args)
    }

    /// `run`, at this place instead of the project's own: a Python of another place trying the
    /// project's wheel.
    pub fn run_at(&self, place: Place, program: &str, args: &[&str]) -> Result<String> {
        self.run_in(place, program, args, &shared_target_dir(place)?)
    }

    /// `run`, with this Cargo target directory instead of the shared one.
    pub fn run_in_target(&self, program: &str, args: &[&str], target: &Path) -> Result<String> {
        self.run_in(self.place, program, args, target)
    }

    fn run_in(&self, place: Place, program: &str, args: &[&str], target: &Path) -> Result<String> {
        let venvs = self.parent.path().join("venvs");
        let visible = [self.parent.path(), target];
        place.run(
            program,
            args,
            &self.dir,
            &Self::env(target, &venvs),
            &visible,
        )
    }

    /// Run a command in the project whatever its exit status, for a failure that is expected.
    pub fn output(&self, program: &str, args: &[&str]) -> Result<std::process::Output> {
        let target = shared_target_dir(self.place)?;
        let venvs = self.parent.path().join("venvs");
        let visible = [self.parent.path(), target.as_path()];
        self.place.output(
            program,
            args,
            &self.dir,
            &Self::env(&target, &venvs),
            &visible,
        )
    }

    fn env<'a>(target: &'a Path, venvs: &'a Path) -> [(&'static str, &'a OsStr); 6] {
        [
            ("CARGO_TARGET_DIR", target.as_os_str()),
            ("WORKON_HOME", venvs.as_os_str()),
            ("PIPENV_IGNORE_VIRTUALENVS", OsStr::new("1")),
            ("PIPENV_NOSPIN", OsStr::new("1")),
            ("PIPENV_YES", OsStr::new("1")),
            ("PIPENV_VERBOSITY", OsStr::new("-1")),
        ]
    }
}

/// The module name an example renders, read from its pyproject.toml.
pub fn module_of(project: &Path) -> Result<String> {
    let pyproject: toml::Table =
        std::fs::read_to_string(project.join("pyproject.toml"))?.parse()?;
    let name = pyproject["tool"]["maturin"]["module-name"]
        .as_str()
        .context("module-name")?;
    Ok(name.split('.').next().unwrap().to_string())
}
