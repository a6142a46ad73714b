//! A generated project, copied or rendered into a temporary directory: what its files say about
//! it ([`ProjectFacts`], read once), and the commands run in it, on this machine or in the sid
//! chroot when its Python lives there (pythons.rs).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cmd::Cmd;
use crate::fs::copy_tree;
use crate::pythons::Place;
use crate::render::{Render, render_to_temp};
use crate::repo_root;

/// What a generated project's own files say about it: the one reader of them.
#[derive(Clone, Debug)]
pub struct ProjectFacts {
    /// The module users import (pyproject.toml's `module-name`, without a mixed layout's `._core`).
    pub module: String,
    /// The development Python: the Pipfile's `[requires] python_version`; a workshop kit, which
    /// takes any Python of its range, names none: the default one then (hooks/facts.rhai).
    pub python: String,
    /// The lowest supported Python, from `requires-python = ">=3.x"`.
    pub min_python: String,
    /// One abi3 wheel per platform (PyO3's `abi3-py3x` feature in Cargo.toml).
    pub abi3: bool,
    /// The Pipfile's maturin pin, such as "==1.16.0".
    pub maturin: String,
    /// Cargo.toml's pyo3 requirement, such as "0.30.1".
    pub pyo3: String,
    /// The Pipfile's development tools with their pins, such as ("pytest", "==9.2.0").
    pub tools: Vec<(String, String)>,
}

impl ProjectFacts {
    /// The Pipfile's pin of one of its development tools, such as "==9.2.0" for pytest.
    pub fn pin(&self, tool: &str) -> Result<&str> {
        self.tools
            .iter()
            .find(|(name, _)| name == tool)
            .map(|(_, pin)| pin.as_str())
            .with_context(|| format!("the Pipfile pins no {tool}"))
    }

    pub fn read(dir: &Path) -> Result<ProjectFacts> {
        let read = |file: &str| -> Result<String> {
            std::fs::read_to_string(dir.join(file))
                .with_context(|| format!("{}: no {file}", dir.display()))
        };
        let pipfile: toml::Table = read("Pipfile")?.parse()?;
        let pyproject: toml::Table = read("pyproject.toml")?.parse()?;
        let cargo: toml::Table = read("Cargo.toml")?.parse()?;
        let text = |value: Option<&toml::Value>, what: &str| -> Result<String> {
            Ok(value
                .and_then(toml::Value::as_str)
                .with_context(|| format!("{}: {what}", dir.display()))?
                .to_string())
        };
        let module = text(
            pyproject.get("tool").and_then(|t| t.get("maturin")).and_then(|m| m.get("module-name")),
            "pyproject.toml's [tool.maturin] module-name",
        )?;
        let requires = text(
            pyproject.get("project").and_then(|p| p.get("requires-python")),
            "pyproject.toml's requires-python",
        )?;
        let pyo3 = cargo
            .get("dependencies")
            .and_then(|d| d.get("pyo3"))
            .context("Cargo.toml: no pyo3 dependency")?;
        let (pyo3_version, features) = match pyo3 {
            toml::Value::String(version) => (version.clone(), vec![]),
            table => (
                text(table.get("version"), "Cargo.toml's pyo3 version")?,
                table
                    .get("features")
                    .and_then(toml::Value::as_array)
                    .map(|f| f.iter().filter_map(|v| v.as_str().map(String::from)).collect())
                    .unwrap_or_default(),
            ),
        };
        Ok(ProjectFacts {
            module: module.split('.').next().unwrap().to_string(),
            python: match pipfile.get("requires").and_then(|r| r.get("python_version")) {
                Some(version) => text(Some(version), "the Pipfile's python_version")?,
                None => crate::facts::facts()?.default_python,
            },
            min_python: requires.trim_start_matches(">=").to_string(),
            abi3: features.iter().any(|f| f.starts_with("abi3-py")),
            maturin: text(
                pipfile.get("dev-packages").and_then(|p| p.get("maturin")),
                "the Pipfile's maturin",
            )?,
            pyo3: pyo3_version,
            tools: pipfile
                .get("dev-packages")
                .and_then(toml::Value::as_table)
                .context("the Pipfile's [dev-packages]")?
                .iter()
                .map(|(name, pin)| (name.clone(), pin.as_str().unwrap_or_default().to_string()))
                .collect(),
        })
    }
}

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

/// The Cargo target directory of the builds on the chroot's PyPy, kept as the others are.
pub fn pypy_target_dir() -> Result<PathBuf> {
    let dir = repo_root().join("ci").join("target").join("e2e-sid-pypy");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// A generated project in a temporary directory.
pub struct Project {
    pub dir: PathBuf,
    pub facts: ProjectFacts,
    /// Where its Pipfile's Python runs, and so every command run in it.
    pub place: Place,
    /// Holds the project and its pipenv virtualenv; both go when the project is dropped.
    parent: tempfile::TempDir,
}

impl Project {
    fn at(parent: tempfile::TempDir, dir: PathBuf) -> Result<Self> {
        let facts = ProjectFacts::read(&dir)?;
        Ok(Project {
            place: Place::of(&facts.python)?,
            facts,
            dir,
            parent,
        })
    }

    /// A copy of a checked-in example.
    pub fn copy_of(example_dir: &Path) -> Result<Self> {
        let parent = tempfile::tempdir()?;
        let dir = parent.path().join(example_dir.file_name().unwrap());
        copy_tree(example_dir, &dir)?;
        Self::at(parent, dir)
    }

    /// A fresh rendering.
    pub fn rendered(render: &Render) -> Result<Self> {
        let (parent, dir) = render_to_temp(render)?;
        Self::at(parent, dir)
    }

    /// The module users import.
    pub fn module(&self) -> &str {
        &self.facts.module
    }

    /// A new directory beside the project (a clean virtualenv's, say), gone with the project;
    /// seen at the same path in the chroot.
    pub fn scratch(&self) -> Result<tempfile::TempDir> {
        Ok(tempfile::tempdir_in(self.parent.path())?)
    }

    /// `cmd` as the project runs it at `place`: with its environment (the shared Cargo target
    /// directory of that place, pipenv's settings), in the chroot for [`Place::Sid`]. A `cmd`
    /// that sets CARGO_TARGET_DIR itself keeps its own.
    pub fn at_place(&self, place: Place, cmd: Cmd) -> Result<Cmd> {
        let own_target = cmd.env.iter().find(|(k, _)| k == "CARGO_TARGET_DIR");
        let target = match own_target {
            Some((_, dir)) => PathBuf::from(dir),
            None => shared_target_dir(place)?,
        };
        let venvs = self.parent.path().join("venvs");
        let mut env = vec![
            ("CARGO_TARGET_DIR", target.clone().into_os_string()),
            ("WORKON_HOME", venvs.into_os_string()),
            ("PIPENV_IGNORE_VIRTUALENVS", "1".into()),
            ("PIPENV_NOSPIN", "1".into()),
            ("PIPENV_YES", "1".into()),
            ("PIPENV_VERBOSITY", "-1".into()),
        ];
        // The command's own settings win.
        env.retain(|(k, _)| !cmd.env.iter().any(|(own, _)| own == k));
        let mut cmd = cmd;
        let own = std::mem::take(&mut cmd.env);
        cmd = cmd.envs(env).envs(own);
        place.wrap(cmd, &[self.parent.path(), &target])
    }

    /// A command in the project's directory, at its place.
    pub fn cmd(&self, program: &str, args: &[&str]) -> Result<Cmd> {
        self.at_place(self.place, Cmd::new(program, args).cwd(&self.dir))
    }

    /// Run a command in the project, failing with its output; returns what it printed to stdout.
    pub fn run(&self, program: &str, args: &[&str]) -> Result<String> {
        self.cmd(program, args)?.run()
    }

    /// Run a command in the project whatever its exit status, for a failure that is expected.
    pub fn output(&self, program: &str, args: &[&str]) -> Result<std::process::Output> {
        self.cmd(program, args)?.output()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples_dir;

    #[test]
    fn a_projects_facts_are_read_from_its_files() {
        let fibonacci = ProjectFacts::read(&examples_dir().join("fibonacci")).unwrap();
        assert_eq!(fibonacci.module, "fibonacci");
        assert!(!fibonacci.abi3);
        assert!(fibonacci.maturin.starts_with("=="), "{}", fibonacci.maturin);
        assert!(fibonacci.tools.iter().any(|(name, _)| name == "pytest"));
        let facts = crate::facts::facts().unwrap();
        assert_eq!(fibonacci.pyo3, facts.crates["pyo3"]);
        assert_eq!(fibonacci.python, facts.default_python);
        // The mixed layout's module-name is `fastfib._core`; abi3 is a feature of a pyo3 table.
        let fast_fib = ProjectFacts::read(&examples_dir().join("fast-fib")).unwrap();
        assert_eq!(fast_fib.module, "fastfib");
        assert!(fast_fib.abi3);
        assert_eq!(fast_fib.pyo3, facts.crates["pyo3"]);
    }
}
