//! A generated project, copied or rendered into a temporary directory: what its files say about
//! it ([`ProjectFacts`], read once), and the commands run in it, on this machine or in the sid
//! chroot when its Python lives there (pythons.rs).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::fs::copy_tree;
use crate::pythons::{Place, python_interpreter};
use crate::render::{Render, render_to_temp};
use crate::uv;

/// A project's development tool (the `tool` question): what makes its virtualenv and runs its
/// commands there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// A Pipfile: `pipenv install --dev`, then `pipenv run <script>` (the Pipfile's [scripts]).
    Pipenv,
    /// A dependency group of pyproject.toml that uv installs by default (a project's `dev`, a
    /// kit's `workshop`, which `[tool.uv] default-groups` names), and for a project, not a kit,
    /// `.python-version`: `uv sync`, then `uv run <file>`, which rebuilds the module first when a
    /// Rust source changed.
    Uv,
}

impl Tool {
    pub fn program(self) -> &'static str {
        match self {
            Tool::Pipenv => "pipenv",
            Tool::Uv => "uv",
        }
    }

    /// The arguments that make the virtualenv, as the README's first command.
    pub fn install_args(self) -> &'static [&'static str] {
        match self {
            Tool::Pipenv => &["install", "--dev"],
            Tool::Uv => &["sync"],
        }
    }

    /// The arguments that run one of the project's own commands (`check`, `progress`; hooks/
    /// facts.rhai's commands()): pipenv's script of that name, or what uv runs for it
    /// (`check.py`, `-m solutions.solve`).
    pub fn script_args(self, name: &str) -> Result<Vec<String>> {
        Ok(match self {
            Tool::Pipenv => vec!["run".into(), name.into()],
            Tool::Uv => {
                let facts = crate::facts::facts()?;
                let runs = facts.command_runs(name)?;
                ["run"]
                    .into_iter()
                    .chain(runs.split_whitespace())
                    .map(String::from)
                    .collect()
            }
        })
    }

    /// How the READMEs write that command: `pipenv run progress`, `uv run progress.py`.
    pub fn script_line(self, name: &str) -> Result<String> {
        Ok(format!(
            "{} {}",
            self.program(),
            self.script_args(name)?.join(" ")
        ))
    }
}

/// What a generated project's own files say about it: the one reader of them.
#[derive(Clone, Debug)]
pub struct ProjectFacts {
    /// Its development tool: pipenv when it has a Pipfile, uv when its pyproject.toml has the
    /// dependency group uv installs instead.
    pub tool: Tool,
    /// The Cargo and PyPI package: pyproject.toml's `name`.
    pub name: String,
    /// The module users import (pyproject.toml's `module-name`, without a mixed layout's `._core`).
    pub module: String,
    /// The compiled module: pyproject.toml's `module-name` (`fastfib._core` in a mixed layout).
    pub compiled_module: String,
    /// The development Python: the Pipfile's `[requires] python_version`, or uv's
    /// `.python-version`; a workshop kit, which takes any Python of its range, names none: the
    /// default one then (hooks/facts.rhai).
    pub python: String,
    /// The lowest supported Python, from `requires-python = ">=3.x"`.
    pub min_python: String,
    /// One abi3 wheel per platform (PyO3's `abi3-py3x` feature in Cargo.toml).
    pub abi3: bool,
    /// The development tools' maturin pin, such as "==1.16.0".
    pub maturin: String,
    /// Cargo.toml's pyo3 requirement, such as "0.30.1".
    pub pyo3: String,
    /// The development tools with their pins.
    pub tools: ToolPins,
}

/// The development tools a project pins, such as ("pytest", "==9.2.0"): the Pipfile's
/// [dev-packages], or the dependency group of pyproject.toml that uv installs (`dev` in a
/// project, `workshop` in a kit).
#[derive(Clone, Debug)]
pub struct ToolPins {
    /// Where they are written, as a message names it: "the Pipfile's [dev-packages]",
    /// "pyproject.toml's `workshop` group".
    pub written_in: String,
    pub pins: Vec<(String, String)>,
}

impl ToolPins {
    /// The pin of one tool, such as "==1.16.0" for maturin.
    pub fn pin(&self, name: &str) -> Result<&str> {
        self.pins
            .iter()
            .find(|(tool, _)| tool == name)
            .map(|(_, pin)| pin.as_str())
            .with_context(|| format!("{} pins no {name}", self.written_in))
    }

    /// Each tool with its pin, as pip takes a requirement: "pytest==9.2.0".
    pub fn requirements(&self) -> Vec<String> {
        self.pins
            .iter()
            .map(|(name, pin)| format!("{name}{pin}"))
            .collect()
    }
}

/// A Pipfile's pin as pip reads it after the name: `"==9.2.0"`, or a table's extras and version
/// (`{ version = "==0.27", extras = ["all"] }`: "[all]==0.27").
fn pipfile_pin(pin: &toml::Value) -> String {
    if let Some(version) = pin.as_str() {
        return version.to_string();
    }
    let extras: Vec<&str> = pin
        .get("extras")
        .and_then(toml::Value::as_array)
        .map(|e| e.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    let version = pin
        .get("version")
        .and_then(toml::Value::as_str)
        .unwrap_or_default();
    if extras.is_empty() {
        version.to_string()
    } else {
        format!("[{}]{version}", extras.join(","))
    }
}

/// A requirement of a dependency group, such as "pytest==9.2.0", as (name, pin).
fn split_requirement(requirement: &str) -> (String, String) {
    let at = requirement
        .find(['=', '<', '>', '!', '~', ' ', ';', '['])
        .unwrap_or(requirement.len());
    (
        requirement[..at].trim().to_string(),
        requirement[at..].trim().to_string(),
    )
}

/// The project's development tool, its Python and its pinned tools, such as ("pytest",
/// "==9.2.0"): the Pipfile's (`[requires] python_version`, or the default Python for a kit, which
/// names none; `[dev-packages]`), or else uv's (.python-version, or the default Python for a
/// kit; pyproject.toml's `dev` group, or the one `default-groups` names).
/// A pipenv project's pyproject.toml is not read: a refused answer may leave it unparsable, which
/// is for maturin to show (ci/src/answers/refusals.rs).
pub fn development(dir: &Path) -> Result<Development> {
    let read = |file: &str| -> Result<String> {
        std::fs::read_to_string(dir.join(file))
            .with_context(|| format!("{}: no {file}", dir.display()))
    };
    if dir.join("Pipfile").is_file() {
        let pipfile: toml::Table = read("Pipfile")?.parse()?;
        let python = match pipfile
            .get("requires")
            .and_then(|r| r.get("python_version"))
        {
            Some(version) => version
                .as_str()
                .with_context(|| format!("{}: the Pipfile's python_version", dir.display()))?
                .to_string(),
            None => crate::facts::facts()?.default_python,
        };
        let written_in = "the Pipfile's [dev-packages]";
        let pins = pipfile
            .get("dev-packages")
            .and_then(toml::Value::as_table)
            .context(written_in)?
            .iter()
            .map(|(name, pin)| (name.clone(), pipfile_pin(pin)))
            .collect();
        let tools = ToolPins {
            written_in: written_in.to_string(),
            pins,
        };
        return Ok(Development {
            tool: Tool::Pipenv,
            python,
            tools,
        });
    }
    let pyproject: toml::Table = read("pyproject.toml")?.parse()?;
    // uv installs the `dev` group, or those `[tool.uv] default-groups` names (a kit's `workshop`).
    let name = pyproject
        .get("tool")
        .and_then(|t| t.get("uv"))
        .and_then(|u| u.get("default-groups"))
        .and_then(|g| g.get(0))
        .and_then(toml::Value::as_str)
        .unwrap_or("dev");
    let group = pyproject
        .get("dependency-groups")
        .and_then(|g| g.get(name))
        .and_then(toml::Value::as_array)
        .with_context(|| {
            format!(
                "{}: no Pipfile (pipenv) and no `{name}` group in pyproject.toml (uv)",
                dir.display()
            )
        })?;
    // A kit takes any Python of its range and names none: the default.
    let python = match read(".python-version") {
        Ok(version) => version.trim().to_string(),
        Err(_) => crate::facts::facts()?.default_python,
    };
    let written_in = format!("pyproject.toml's `{name}` group");
    let pins = group
        .iter()
        .map(|r| r.as_str().map(split_requirement))
        .collect::<Option<Vec<_>>>()
        .with_context(|| format!("{}: {written_in}", dir.display()))?;
    let tools = ToolPins { written_in, pins };
    Ok(Development {
        tool: Tool::Uv,
        python,
        tools,
    })
}

/// What [`development`] reads: the tool, its Python ("3.11") and its pinned tools.
pub struct Development {
    pub tool: Tool,
    pub python: String,
    pub tools: ToolPins,
}

impl ProjectFacts {
    pub fn read(dir: &Path) -> Result<ProjectFacts> {
        let read = |file: &str| -> Result<String> {
            std::fs::read_to_string(dir.join(file))
                .with_context(|| format!("{}: no {file}", dir.display()))
        };
        let pyproject: toml::Table = read("pyproject.toml")?.parse()?;
        let cargo: toml::Table = read("Cargo.toml")?.parse()?;
        let text = |value: Option<&toml::Value>, what: &str| -> Result<String> {
            Ok(value
                .and_then(toml::Value::as_str)
                .with_context(|| format!("{}: {what}", dir.display()))?
                .to_string())
        };
        let module = text(
            pyproject
                .get("tool")
                .and_then(|t| t.get("maturin"))
                .and_then(|m| m.get("module-name")),
            "pyproject.toml's [tool.maturin] module-name",
        )?;
        let requires = text(
            pyproject
                .get("project")
                .and_then(|p| p.get("requires-python")),
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
                    .map(|f| {
                        f.iter()
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
        };
        let development = development(dir)?;
        let maturin = development
            .tools
            .pin("maturin")
            .with_context(|| dir.display().to_string())?
            .to_string();
        let Development {
            tool,
            python,
            tools,
        } = development;
        if tool == Tool::Pipenv && pyproject.get("dependency-groups").is_some() {
            bail!(
                "{}: both a Pipfile and dependency groups in pyproject.toml: which tool is it?",
                dir.display()
            );
        }
        Ok(ProjectFacts {
            tool,
            name: text(
                pyproject.get("project").and_then(|p| p.get("name")),
                "pyproject.toml's [project] name",
            )?,
            module: module.split('.').next().unwrap().to_string(),
            compiled_module: module,
            python,
            min_python: requires.trim_start_matches(">=").to_string(),
            abi3: features.iter().any(|f| f.starts_with("abi3-py")),
            maturin,
            pyo3: pyo3_version,
            tools,
        })
    }
}

/// Where a project's virtualenv and its Cargo builds go: a numbered folder of its Python below
/// `~/.cache/pyo3-starter/slots/` (`3.11/0/`), kept between runs and clones, held by one project
/// at a time.
///
/// PyO3's build script runs again, and PyO3 and every crate above it compile again, whenever the
/// interpreter it is shown moves: maturin's PYO3_PYTHON, or VIRTUAL_ENV for `cargo test` and
/// clippy, each a path into the project's virtualenv. A virtualenv beside each project, in a new
/// temporary folder, compiled PyO3 again for every project in every profile, and again on every
/// run. So each project's virtualenv is made at the same path, `<slot>/venv` (removed first: every
/// project still gets a new one), with the Cargo target directory `<slot>/target` beside it: PyO3
/// compiles once per Python and configuration, and not at all on a warm run. One slot per
/// Python, not one for all: PyO3's build script sees a path, not what is behind it.
///
/// A project of that Python made while another holds slot 0 (an instructor kit's twin, rows built
/// side by side) takes slot 1, and so on: a lock file per slot says which are held, by any process.
pub struct Slot {
    pub dir: PathBuf,
    /// Held, with its lock, as long as the slot.
    _lock: std::fs::File,
}

impl Slot {
    /// The first free slot of `python` ("3.11", "pypy3.11"), its virtualenv removed.
    pub fn take(python: &str) -> Result<Slot> {
        let base = slots_dir()?.join(python);
        std::fs::create_dir_all(&base)?;
        for number in 0.. {
            let lock = std::fs::File::create(base.join(format!("{number}.lock")))?;
            match lock.try_lock() {
                Ok(()) => {
                    let slot = Slot {
                        dir: base.join(number.to_string()),
                        _lock: lock,
                    };
                    remove_dir_if_present(&slot.venv())?;
                    std::fs::create_dir_all(slot.target())?;
                    return Ok(slot);
                }
                Err(std::fs::TryLockError::WouldBlock) => continue,
                Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
            }
        }
        unreachable!("a slot is always free in the end")
    }

    /// The project's virtualenv: pipenv's (`WORKON_HOME` the slot, `PIPENV_CUSTOM_VENV_NAME`
    /// "venv"), or uv's (`UV_PROJECT_ENVIRONMENT`).
    pub fn venv(&self) -> PathBuf {
        self.dir.join("venv")
    }

    /// The Cargo target directory of the project's commands.
    pub fn target(&self) -> PathBuf {
        self.dir.join("target")
    }

    /// Give the new virtualenv's pyvenv.cfg the date of the last one, when it says the same but
    /// for its `prompt` (the project's name, which PyO3 never reads). Without PYO3_CONFIG_FILE
    /// (which maturin sets, `cargo test` and clippy do not) pyo3-ffi's build script reruns when
    /// that file is newer than its last run (`rerun-if-changed`), and PyO3 compiles again: a new
    /// virtualenv at the same path would still cost a compile per project.
    fn keep_pyvenv_cfg_date(&self) -> Result<()> {
        let cfg = self.venv().join("pyvenv.cfg");
        let last = self.dir.join("pyvenv.cfg.last");
        let Ok(text) = std::fs::read_to_string(&cfg) else {
            return Ok(()); // no virtualenv made
        };
        let settings = |text: &str| -> Vec<String> {
            let lines = text.lines().filter(|l| !l.starts_with("prompt ="));
            lines.map(String::from).collect()
        };
        let set_date = |file: &Path, date| -> Result<()> {
            let file = std::fs::File::options().write(true).open(file)?;
            Ok(file.set_modified(date)?)
        };
        let unchanged =
            std::fs::read_to_string(&last).is_ok_and(|before| settings(&before) == settings(&text));
        if unchanged {
            set_date(&cfg, std::fs::metadata(&last)?.modified()?)
        } else {
            std::fs::write(&last, &text)?;
            set_date(&last, std::fs::metadata(&cfg)?.modified()?)
        }
    }

    /// The clean virtualenv the project's sdist is built and installed in, at the same path each
    /// time (the harness removes it first): the interpreter pip builds it with is PyO3's.
    pub fn sdist_venv(&self) -> PathBuf {
        self.dir.join("sdist-venv")
    }

    /// The Cargo target directory of the sdist's build: its own, as that build shows PyO3 another
    /// interpreter than the project's commands do.
    pub fn sdist_target(&self) -> PathBuf {
        self.dir.join("sdist-target")
    }
}

/// Remove a directory and what it holds, if it is there.
pub fn remove_dir_if_present(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// The end-to-end builds' folders, by Python: `slots/` of the harness's cache (beside the sid
/// chroot, `~/.cache/pyo3-starter/`), kept between runs and between clones, so that CI on a fresh
/// clone of a warm machine compiles no PyO3.
fn slots_dir() -> Result<PathBuf> {
    Ok(crate::sid::cache_dir()?.join("slots"))
}

/// The Cargo target directory of the builds given an interpreter by its path (`maturin build -i
/// /usr/bin/pypy3.11`, the abi3t wheel's `-i /usr/bin/python3.15`): one per interpreter, kept as
/// the slots are. Such a build shows PyO3 the same path every time, whatever the project.
pub fn interpreter_target_dir(python: &str) -> Result<PathBuf> {
    let dir = slots_dir()?.join(python).join("interpreter");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

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
        assert!(fibonacci.tools.pin("pytest").is_ok());
        let facts = crate::facts::facts().unwrap();
        assert_eq!(fibonacci.pyo3, facts.crates["pyo3"]);
        assert_eq!(fibonacci.python, facts.default_python);
        // The mixed layout's module-name is `fastfib._core`; abi3 is a feature of a pyo3 table.
        let fast_fib = ProjectFacts::read(&examples_dir().join("fast-fib")).unwrap();
        assert_eq!(fast_fib.module, "fastfib");
        assert!(fast_fib.abi3);
        assert_eq!(fast_fib.pyo3, facts.crates["pyo3"]);
        assert_eq!(fast_fib.compiled_module, "fastfib._core");
        assert_eq!(fibonacci.tool, Tool::Pipenv);
        // A uv project: its tools are pyproject.toml's `dev` group, its Python .python-version.
        let uv = ProjectFacts::read(&examples_dir().join("uv-fib")).unwrap();
        assert_eq!(uv.tool, Tool::Uv);
        assert_eq!(uv.name, "uv-fib");
        assert_eq!(
            (uv.module.as_str(), uv.compiled_module.as_str()),
            ("fibonacci", "fibonacci._core")
        );
        assert_eq!(uv.python, facts.default_python);
        assert_eq!(uv.maturin, format!("=={}", facts.python_tools["maturin"]));
        let pytest = format!("=={}", facts.python_tools["pytest"]);
        assert_eq!(uv.tools.pin("pytest").unwrap(), pytest);
        // A pin with extras: a table in the Pipfile, a requirement in the dev group.
        let validate = format!("[all]=={}", facts.python_tools["validate-pyproject"]);
        assert_eq!(fibonacci.tools.pin("validate-pyproject").unwrap(), validate);
        assert_eq!(uv.tools.pin("validate-pyproject").unwrap(), validate);
        // A pin it lacks is named with where the pins are.
        let missing = format!("{:#}", uv.tools.pin("poetry").unwrap_err());
        assert_eq!(missing, "pyproject.toml's `dev` group pins no poetry");
    }

    #[test]
    fn a_python_has_one_slot_per_project_at_a_time_and_each_gets_a_new_virtualenv() {
        let python = "slot-test";
        let first = Slot::take(python).unwrap();
        std::fs::create_dir_all(first.venv().join("bin")).unwrap();
        let second = Slot::take(python).unwrap();
        assert_ne!(first.dir, second.dir);
        assert!(first.target().is_dir() && second.target().is_dir());
        let first_dir = first.dir.clone();
        drop(first);
        // Free again: taken by the next project, without the last one's virtualenv.
        let again = Slot::take(python).unwrap();
        assert_eq!(again.dir, first_dir);
        assert!(!again.venv().exists());
        drop((second, again));
        std::fs::remove_dir_all(slots_dir().unwrap().join(python)).unwrap();
    }

    #[test]
    fn a_new_virtualenv_of_the_same_python_keeps_the_last_ones_pyvenv_cfg_date() {
        let slot = Slot::take("pyvenv-test").unwrap();
        let cfg = slot.venv().join("pyvenv.cfg");
        // A virtualenv made in year `year` of the 2000s; the date its pyvenv.cfg is left with.
        let made = |year: u64, prompt: &str, version: &str| {
            std::fs::create_dir_all(slot.venv()).unwrap();
            let text = format!("home = /usr/bin\nversion = {version}\nprompt = \"{prompt}\"\n");
            std::fs::write(&cfg, text).unwrap();
            let date = std::time::UNIX_EPOCH + std::time::Duration::from_secs(year * 31_556_952);
            let file = std::fs::File::options().write(true).open(&cfg).unwrap();
            file.set_modified(date).unwrap();
            slot.keep_pyvenv_cfg_date().unwrap();
            (date, std::fs::metadata(&cfg).unwrap().modified().unwrap())
        };
        let (first, kept) = made(31, "gil", "3.11.7");
        assert_eq!(kept, first);
        // Another project, the same Python: the first date, so PyO3's build script does not rerun.
        assert_eq!(made(32, "fibonacci", "3.11.7").1, first);
        // Another interpreter behind the same path: its own date, and PyO3 is configured again.
        let (third, kept) = made(33, "fibonacci", "3.11.8");
        assert_eq!(kept, third);
        drop(slot);
        std::fs::remove_dir_all(slots_dir().unwrap().join("pyvenv-test")).unwrap();
    }

    #[test]
    fn a_requirement_splits_into_its_name_and_pin() {
        let split = split_requirement;
        assert_eq!(split("pytest==9.2.0"), ("pytest".into(), "==9.2.0".into()));
        assert_eq!(
            split("maturin>=1.16,<2"),
            ("maturin".into(), ">=1.16,<2".into())
        );
        assert_eq!(split("ruff"), ("ruff".into(), String::new()));
    }
}
