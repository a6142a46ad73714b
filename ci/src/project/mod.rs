//! A generated project, copied or rendered into a temporary directory: what its files say about
//! it ([`ProjectFacts`], read once), and the commands run in it, on this machine or in the sid
//! chroot when its Python lives there (pythons.rs).

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cmd::Cmd;
use crate::fs::copy_tree;
use crate::pythons::{Place, python_interpreter};
use crate::render::{Render, render_to_temp};
use crate::uv;

mod facts;
mod slot;
mod tool;

pub use facts::{Development, ProjectFacts, ToolPins, development};
pub use slot::{Slot, interpreter_target_dir, remove_dir_if_present};
pub use tool::Tool;

/// Where a project's virtualenv and build output go.
enum Home {
    /// A slot of its Python's: the end-to-end builds.
    Slot(Slot),
    /// Beside the project, gone with it, as a user's would be: pipenv's below `venvs/`, uv's in
    /// the project's `.venv` (`cargo ci perf`, which times a new virtualenv as a user gets one).
    Own,
}

/// A generated project in a temporary directory.
pub struct Project {
    pub dir: PathBuf,
    pub facts: ProjectFacts,
    /// Where its development Python runs, and so every command run in it.
    pub place: Place,
    /// The Python its virtualenv is made with: its own (`facts.python`), or the one a kit is
    /// installed on ([`Project::made_with`]).
    python: String,
    home: Home,
    /// Holds the project (and with [`Home::Own`] its virtualenv); it goes when the project is
    /// dropped.
    parent: tempfile::TempDir,
}

impl Project {
    fn at(parent: tempfile::TempDir, dir: PathBuf) -> Result<Self> {
        let facts = ProjectFacts::read(&dir)?;
        Ok(Project {
            place: Place::of(&facts.python)?,
            home: Home::Slot(Slot::take(&facts.python)?),
            python: facts.python.clone(),
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

    /// The same project with its virtualenv made with `python` (a kit, which names no Python,
    /// installed on each of its range): that Python's slot.
    pub fn made_with(mut self, python: &str) -> Result<Self> {
        if matches!(self.home, Home::Slot(_)) {
            self.home = Home::Own; // its own Python's slot is free again first
            self.home = Home::Slot(Slot::take(python)?);
        }
        self.python = python.to_string();
        Ok(self)
    }

    /// The same project with its virtualenv and target directory beside it, as a user has them.
    pub fn with_own_virtualenv(mut self) -> Self {
        self.home = Home::Own;
        self
    }

    /// The slot the project holds, if any.
    pub fn slot(&self) -> Option<&Slot> {
        match &self.home {
            Home::Slot(slot) => Some(slot),
            Home::Own => None,
        }
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

    /// `cmd` as the project runs it at `place`: with its environment (the Cargo target directory
    /// and the virtualenv of its [`Slot`], pipenv's settings, or uv's for a uv project), in the
    /// chroot for [`Place::Sid`]. A `cmd` that sets CARGO_TARGET_DIR itself keeps its own. uv
    /// runs here only: the chroot has none (a uv project made for one of its Pythons is not built).
    pub fn at_place(&self, place: Place, cmd: Cmd) -> Result<Cmd> {
        let own_target = cmd.env.iter().find(|(k, _)| k == "CARGO_TARGET_DIR");
        let (home, default_target) = match &self.home {
            Home::Slot(slot) => (slot.dir.clone(), slot.target()),
            Home::Own => (
                self.parent.path().to_path_buf(),
                self.parent.path().join("target"),
            ),
        };
        let target = match own_target {
            Some((_, dir)) => PathBuf::from(dir),
            None => default_target,
        };
        std::fs::create_dir_all(&target)?;
        let mut env = vec![
            ("CARGO_TARGET_DIR", target.clone().into_os_string()),
            ("PIPENV_IGNORE_VIRTUALENVS", "1".into()),
            ("PIPENV_NOSPIN", "1".into()),
            ("PIPENV_YES", "1".into()),
            ("PIPENV_VERBOSITY", "-1".into()),
        ];
        match &self.home {
            Home::Slot(slot) => {
                env.push(("WORKON_HOME", slot.dir.clone().into_os_string()));
                env.push(("PIPENV_CUSTOM_VENV_NAME", "venv".into()));
                if self.facts.tool == Tool::Uv {
                    env.push(("UV_PROJECT_ENVIRONMENT", slot.venv().into_os_string()));
                }
            }
            Home::Own => env.push(("WORKON_HOME", home.join("venvs").into_os_string())),
        }
        if self.facts.tool == Tool::Uv && place == Place::Here {
            let python = python_interpreter(&self.python)?;
            env.extend(uv::env(&python.display().to_string())?);
        }
        // The command's own settings win.
        env.retain(|(k, _)| !cmd.env.iter().any(|(own, _)| own == k));
        let mut cmd = cmd;
        let own = std::mem::take(&mut cmd.env);
        cmd = cmd.envs(env).envs(own);
        place.wrap(cmd, &[self.parent.path(), &home, &target])
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

    /// Make the project's virtualenv as its README says: `pipenv install --dev` or `uv sync`.
    pub fn install(&self) -> Result<String> {
        let tool = self.facts.tool;
        let out = self.run(tool.program(), tool.install_args())?;
        if let Some(slot) = self.slot() {
            slot.keep_pyvenv_cfg_date()?;
        }
        Ok(out)
    }

    /// `args` run in the project's virtualenv: `pipenv run ARGS` or `uv run ARGS`.
    pub fn in_env_cmd(&self, args: &[&str]) -> Result<Cmd> {
        let args = [&["run"], args].concat();
        self.cmd(self.facts.tool.program(), &args)
    }

    /// Run `args` in the project's virtualenv, failing with its output; returns its stdout.
    pub fn in_env(&self, args: &[&str]) -> Result<String> {
        self.in_env_cmd(args)?.run()
    }

    /// One of the project's own commands (`check`, `bench`, `demo`) with `args`, as its README
    /// gives it: `pipenv run check ...` or `uv run check.py ...`.
    pub fn script(&self, name: &str, args: &[&str]) -> Result<String> {
        self.script_cmd(name, args)?.run()
    }

    /// The same, whatever its exit status, for a failure that is expected.
    pub fn script_output(&self, name: &str, args: &[&str]) -> Result<std::process::Output> {
        self.script_cmd(name, args)?.output()
    }

    /// The same, as a command to run or spawn.
    pub fn script_cmd(&self, name: &str, args: &[&str]) -> Result<Cmd> {
        let tool = self.facts.tool;
        let script = tool.script_args(name)?;
        let mut all: Vec<&str> = script.iter().map(String::as_str).collect();
        all.extend(args);
        self.cmd(tool.program(), &all)
    }
}
