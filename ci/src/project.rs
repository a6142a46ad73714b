//! A generated project, copied or rendered into a temporary directory, and the commands run in it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::fs::copy_tree;
use crate::render::{Render, render_to_temp};
use crate::{cmd, repo_root};

/// One Cargo target directory for every project, kept between runs, so that PyO3 compiles once
/// per configuration; it lives with the harness's own build output, out of examples/.
fn shared_target_dir() -> PathBuf {
    repo_root().join("ci").join("target").join("e2e")
}

/// A generated project in a temporary directory.
pub struct Project {
    pub dir: PathBuf,
    pub module: String,
    /// Holds the project and its pipenv virtualenv; both go when the project is dropped.
    parent: tempfile::TempDir,
}

impl Project {
    /// A copy of a checked-in example.
    pub fn copy_of(example_dir: &Path, module: &str) -> Result<Self> {
        let parent = tempfile::tempdir()?;
        let dir = parent.path().join(example_dir.file_name().unwrap());
        copy_tree(example_dir, &dir)?;
        Ok(Project {
            dir,
            module: module.to_string(),
            parent,
        })
    }

    /// A fresh rendering.
    pub fn rendered(render: &Render, module: &str) -> Result<Self> {
        let (parent, dir) = render_to_temp(render)?;
        Ok(Project {
            dir,
            module: module.to_string(),
            parent,
        })
    }

    /// Run a command in the project, failing with its output; returns what it printed to stdout.
    pub fn run(&self, program: &str, args: &[&str]) -> Result<String> {
        self.run_in_target(program, args, &shared_target_dir())
    }

    /// `run`, with this Cargo target directory instead of the shared one.
    pub fn run_in_target(&self, program: &str, args: &[&str], target: &Path) -> Result<String> {
        let venvs = self.parent.path().join("venvs");
        cmd::run(program, args, &self.dir, &Self::env(target, &venvs))
    }

    /// Run a command in the project whatever its exit status, for a failure that is expected.
    pub fn output(&self, program: &str, args: &[&str]) -> Result<std::process::Output> {
        let (target, venvs) = (shared_target_dir(), self.parent.path().join("venvs"));
        cmd::output(program, args, &self.dir, &Self::env(&target, &venvs))
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
