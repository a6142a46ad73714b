//! The three routes `cargo ci perf` measures, each as its own README says to work: the default
//! project with pipenv, the same project with uv, and a `maturin new -b pyo3` project in a
//! virtualenv. Each method does its untimed preparation itself and returns the seconds of the
//! step measured.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::project::{Project, Tool};
use crate::pythons::Venv;

/// The `maturin new` project's name, and its module's.
pub const ANCHOR: &str = "anchor";

/// How a `maturin new` project is built while working on it: maturin's README says to run
/// `maturin develop` in a virtualenv; `--release` is ours, because a debug build would make the
/// run() figures meaningless (the template's `develop` profile is optimised too).
pub const ANCHOR_DEVELOP: [&str; 3] = ["maturin", "develop", "--release"];
/// How a `maturin new` project builds its release wheel (its generated CI runs the same).
const ANCHOR_WHEEL: [&str; 5] = ["maturin", "build", "--release", "--out", "dist"];

/// The tests every route runs after an edit: the default project's own tests of run(), which the
/// `maturin new` project gets too, with the same Rust code.
pub const TESTS: [&str; 3] = ["pytest", "-q", "tests/test_run.py"];
/// What the tests need besides the test file itself (pytest loads it first).
const TEST_FILES: [&str; 2] = ["tests/conftest.py", "tests/test_run.py"];

/// `cmd` in the environment of a user's shell as far as Python is concerned: without
/// `PYTHONDONTWRITEBYTECODE`, which CI machines may set (this repository's does). With it, Python never caches the
/// bytecode it compiles, so every command of the uv route compiled pytest again (uv, unlike pip,
/// compiles nothing when it installs), about 0.4 s of each edit-to-result loop that a user's
/// second run does not pay. Python reads an empty value as unset.
fn as_a_user(cmd: Cmd) -> Cmd {
    cmd.env("PYTHONDONTWRITEBYTECODE", "")
}

/// Seconds that `f` takes; its error, if any, is the measurement's.
pub fn timed(f: impl FnOnce() -> Result<()>) -> Result<f64> {
    let started = Instant::now();
    f()?;
    Ok(started.elapsed().as_secs_f64())
}

/// One line appended to src/lib.rs, different each time: cargo sees a changed file and rebuilds.
fn edit(dir: &Path, what: &str) -> Result<()> {
    let path = dir.join("src").join("lib.rs");
    let mut text = std::fs::read_to_string(&path)?;
    text += &format!("// cargo ci perf: edit {what}\n");
    std::fs::write(&path, text)?;
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(())
}

fn remove_file(file: &Path) -> Result<()> {
    if file.exists() {
        std::fs::remove_file(file).with_context(|| format!("removing {}", file.display()))?;
    }
    Ok(())
}

/// The one wheel in `dist`, by size.
fn wheel_size(dist: &Path) -> Result<f64> {
    let wheels: Vec<PathBuf> = std::fs::read_dir(dist)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|p| p.extension() == Some(OsStr::new("whl")))
        .collect();
    match wheels.as_slice() {
        [wheel] => Ok(std::fs::metadata(wheel)?.len() as f64),
        _ => bail!("expected one wheel in {}, found {wheels:?}", dist.display()),
    }
}

/// The first line of `readme` that starts with `prefix` (a command the README gives), split into
/// words: the project's own README is where its build commands are defined.
pub fn readme_command(readme: &str, prefix: &str) -> Result<Vec<String>> {
    let line = readme
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(prefix))
        .with_context(|| format!("the README gives no command starting with `{prefix}`"))?;
    Ok(line.split_whitespace().map(String::from).collect())
}

fn words(command: &[&str]) -> Vec<String> {
    command.iter().map(|w| w.to_string()).collect()
}

/// The default project, rendered with pipenv or uv, with a Cargo target directory of its own.
pub struct Starter {
    pub project: Project,
    target: PathBuf,
    /// What the README runs after an edit of the Rust code: pipenv's `maturin develop`, or for
    /// uv any `uv run`, here the README's `uv run python -c` (with a bare import).
    rebuild: Vec<String>,
    /// The README's first build: pipenv's `maturin develop`; uv's `uv sync`, here with
    /// `--reinstall-package` so that uv cannot reuse a build it cached (a newcomer has none).
    cold: Vec<String>,
    /// The README's release wheel.
    wheel: Vec<String>,
}

impl Starter {
    pub fn new(project: Project, target: PathBuf) -> Result<Self> {
        // A new virtualenv as a user gets one, beside the project (uv's in its .venv).
        let project = project.with_own_virtualenv();
        let readme = std::fs::read_to_string(project.dir.join("README.md"))?;
        let m = project.module().to_string();
        let (cold, rebuild, wheel) = match project.facts.tool {
            Tool::Pipenv => {
                let develop = readme_command(&readme, "pipenv run maturin develop")?;
                // "Publish it"'s wheel for this machine (the PyPy section builds one for PyPy, with -i).
                let wheel =
                    readme_command(&readme, "pipenv run maturin build --release --out dist")?;
                (develop.clone(), develop, wheel)
            }
            Tool::Uv => {
                let mut sync = readme_command(&readme, "uv sync")?;
                sync.extend(["--reinstall-package".into(), project.facts.name.clone()]);
                readme_command(&readme, "uv run python -c")?;
                let import = format!("import {m}");
                let run = words(&["uv", "run", "python", "-c", &import]);
                let wheel = readme_command(&readme, "uv run maturin build --release")?;
                (sync, run, wheel)
            }
        };
        Ok(Starter {
            project,
            target,
            rebuild,
            cold,
            wheel,
        })
    }

    pub fn tool(&self) -> Tool {
        self.project.facts.tool
    }

    fn dir(&self) -> &Path {
        &self.project.dir
    }

    pub fn run(&self, command: &[impl AsRef<str>]) -> Result<String> {
        let args: Vec<&str> = command[1..].iter().map(AsRef::as_ref).collect();
        let cmd = as_a_user(Cmd::new(command[0].as_ref(), &args))
            .cwd(self.dir())
            .env("CARGO_TARGET_DIR", &self.target);
        self.project.at_place(self.project.place, cmd)?.run()
    }

    /// The tool's run prefix and `args`: `pipenv run ARGS`, `uv run ARGS`.
    fn in_env(&self, args: &[&str]) -> Vec<String> {
        let mut command = words(&[self.tool().program(), "run"]);
        command.extend(words(args));
        command
    }

    /// The tools installed afresh, as a user first does it: `pipenv install --dev` with no
    /// virtualenv and no Pipfile.lock yet; `uv sync --no-install-project` with no .venv and no
    /// uv.lock (the project's own build is the cold build's row).
    pub fn fresh_install(&self) -> Result<f64> {
        match self.tool() {
            Tool::Pipenv => {
                self.run(&["pipenv", "--rm"]).ok(); // no virtualenv yet in the first round
                remove_file(&self.dir().join("Pipfile.lock"))?;
                timed(|| self.run(&["pipenv", "install", "--dev"]).map(drop))
            }
            Tool::Uv => {
                remove_dir(&self.dir().join(".venv"))?;
                remove_file(&self.dir().join("uv.lock"))?;
                timed(|| self.run(&["uv", "sync", "--no-install-project"]).map(drop))
            }
        }
    }

    /// The first build, from an empty target directory with the crates downloaded.
    pub fn cold_build(&self) -> Result<f64> {
        remove_dir(&self.target)?;
        timed(|| self.run(&self.cold).map(drop))
    }

    /// The tool's own start-up: `pipenv run true`, `uv run true` (with nothing to rebuild).
    pub fn start_up(&self) -> Result<f64> {
        let command = self.in_env(&["true"]);
        timed(|| self.run(&command).map(drop))
    }

    /// A one-line edit of src/lib.rs, then the README's rebuild.
    pub fn rebuild(&self, round: usize) -> Result<f64> {
        edit(self.dir(), &format!("{round}"))?;
        timed(|| self.run(&self.rebuild).map(drop))
    }

    /// The tests once, with nothing to rebuild: as a user has run them before the loop, so that
    /// Python has cached the bytecode of pytest and of the tests (uv installs none; pip does).
    pub fn tests_once(&self) -> Result<()> {
        self.run(&self.in_env(&TESTS)).map(drop)
    }

    /// A one-line edit of src/lib.rs, then the result of the tests: pipenv rebuilds first
    /// (`pipenv run maturin develop --uv`, then `pipenv run pytest ...`); uv's `uv run pytest
    /// ...` rebuilds by itself.
    pub fn edit_to_result(&self, round: usize) -> Result<f64> {
        edit(self.dir(), &format!("{round}, tests"))?;
        let tests = self.in_env(&TESTS);
        timed(|| {
            if self.tool() == Tool::Pipenv {
                self.run(&self.rebuild)?;
            }
            self.run(&tests).map(drop)
        })
    }

    /// The interpreter of the project's virtualenv.
    pub fn python(&self) -> Result<PathBuf> {
        let venv = match self.tool() {
            Tool::Pipenv => PathBuf::from(self.run(&["pipenv", "--venv"])?.trim()),
            Tool::Uv => self.dir().join(".venv"),
        };
        Ok(venv.join("bin").join("python"))
    }

    /// The README's release wheel, by size.
    pub fn wheel(&self) -> Result<f64> {
        self.run(&self.wheel)?;
        wheel_size(&self.dir().join("dist"))
    }

    /// The README's command of each measurement, for the table's last line.
    pub fn commands(&self) -> String {
        format!(
            "`{}`, then `{}` after an edit",
            self.cold.join(" "),
            self.rebuild.join(" ")
        )
    }
}

/// The `maturin new` project, with a virtualenv and a Cargo target directory of its own.
pub struct Anchor {
    pub dir: PathBuf,
    venv: PathBuf,
    target: PathBuf,
}

impl Anchor {
    pub fn new(work: &Path) -> Anchor {
        Anchor {
            dir: work.join(ANCHOR),
            venv: work.join("venv-anchor"),
            target: work.join("target-anchor"),
        }
    }

    /// A program in `cwd`: the virtualenv's own (`maturin`, `python`) if it has one, else from
    /// PATH, with the virtualenv active.
    fn cmd(&self, cwd: &Path, program: &str, args: &[&str]) -> Cmd {
        let venv = Venv {
            dir: self.venv.clone(),
        };
        let cmd = if self.venv.join("bin").join(program).exists() {
            venv.cmd(program, args)
        } else {
            Cmd::new(program, args).env("VIRTUAL_ENV", &self.venv)
        };
        as_a_user(cmd)
            .cwd(cwd)
            .env("CARGO_TARGET_DIR", &self.target)
    }

    pub fn run(&self, command: &[&str]) -> Result<String> {
        self.cmd(&self.dir, command[0], &command[1..]).run()
    }

    /// A fresh virtualenv with the pinned maturin: what `maturin new` users start from.
    pub fn fresh_install(&self, python: &str, maturin: &str) -> Result<f64> {
        remove_dir(&self.venv)?;
        timed(|| Venv::create(python, &self.venv, &[maturin], |cmd| as_a_user(cmd).run()).map(drop))
    }

    /// `maturin new -b pyo3` in the virtualenv the last install left, then made to build the
    /// default project's Rust code with its pyo3 pin, and to hold its tests of run(); plus
    /// the project's pytest pin in the virtualenv, for those tests.
    pub fn create(&self, from: &Project, pytest: &str) -> Result<()> {
        let work = self.dir.parent().context("the anchor's folder")?;
        self.cmd(
            work,
            "maturin",
            &["new", "-b", "pyo3", "--name", ANCHOR, ANCHOR],
        )
        .run()?;
        let cargo_toml = self.dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&cargo_toml)?;
        std::fs::write(&cargo_toml, pin_pyo3(&text, &from.facts.pyo3)?)?;
        let module = from.module();
        for file in ["src/fib.rs", "src/double.rs", "src/lib.rs"] {
            let text = std::fs::read_to_string(from.dir.join(file))?;
            let text = if file == "src/lib.rs" {
                rename_module(&text, module)?
            } else {
                text
            };
            std::fs::write(self.dir.join(file), text)?;
        }
        std::fs::create_dir_all(self.dir.join("tests"))?;
        for file in TEST_FILES {
            let text = std::fs::read_to_string(from.dir.join(file))?;
            std::fs::write(self.dir.join(file), text.replace(module, ANCHOR))?;
        }
        self.run(&[
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            pytest,
        ])?;
        Ok(())
    }

    pub fn cold_build(&self) -> Result<f64> {
        remove_dir(&self.target)?;
        timed(|| self.run(&ANCHOR_DEVELOP).map(drop))
    }

    pub fn rebuild(&self, round: usize) -> Result<f64> {
        edit(&self.dir, &format!("{round}"))?;
        timed(|| self.run(&ANCHOR_DEVELOP).map(drop))
    }

    /// The tests once, as [`Starter::tests_once`].
    pub fn tests_once(&self) -> Result<()> {
        self.run(&TESTS).map(drop)
    }

    /// `maturin develop --release`, then pytest in the virtualenv.
    pub fn edit_to_result(&self, round: usize) -> Result<f64> {
        edit(&self.dir, &format!("{round}, tests"))?;
        timed(|| {
            self.run(&ANCHOR_DEVELOP)?;
            self.run(&TESTS).map(drop)
        })
    }

    /// Where the virtualenv's packages are: the timing's Python imports the module from there.
    pub fn site_packages(&self) -> Result<String> {
        let code = "import sysconfig; print(sysconfig.get_paths()['purelib'])";
        Ok(self.run(&["python", "-c", code])?.trim().to_string())
    }

    pub fn wheel(&self) -> Result<f64> {
        self.run(&ANCHOR_WHEEL)?;
        wheel_size(&self.dir.join("dist"))
    }
}

/// The `maturin new` project's Cargo.toml with its pyo3 dependency replaced by `requirement`.
pub fn pin_pyo3(cargo_toml: &str, requirement: &str) -> Result<String> {
    let mut found = false;
    let lines: Vec<String> = cargo_toml
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("pyo3 =") {
                found = true;
                format!("pyo3 = \"{requirement}\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    if !found {
        bail!("the `maturin new` Cargo.toml has no `pyo3 = ...` line:\n{cargo_toml}");
    }
    Ok(lines.join("\n") + "\n")
}

/// The default project's src/lib.rs with its `#[pymodule] mod <module>` named as maturin new's.
pub fn rename_module(lib_rs: &str, module: &str) -> Result<String> {
    let declaration = format!("mod {module} {{");
    if lib_rs.matches(&declaration).count() != 1 {
        bail!("src/lib.rs has no single `{declaration}`");
    }
    Ok(lib_rs.replace(&declaration, &format!("mod {ANCHOR} {{")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_from_the_readme() {
        let readme = "Build:\n\n```sh\npipenv run maturin develop\n```\n\n```sh\npipenv run maturin build --release --out dist\n```\n";
        assert_eq!(
            readme_command(readme, "pipenv run maturin develop").unwrap(),
            ["pipenv", "run", "maturin", "develop"]
        );
        assert!(readme_command(readme, "pipenv run maturin sdist").is_err());
    }

    #[test]
    fn the_maturin_new_project_is_adapted() {
        let cargo = "[lib]\nname = \"anchor\"\n\n[dependencies]\npyo3 = \"0.29.0\"\n";
        assert!(
            pin_pyo3(cargo, "0.30.1")
                .unwrap()
                .ends_with("pyo3 = \"0.30.1\"\n")
        );
        assert!(pin_pyo3("[dependencies]\n", "0.30.1").is_err());
        let lib =
            std::fs::read_to_string(crate::examples_dir().join("fibonacci/src/lib.rs")).unwrap();
        let renamed = rename_module(&lib, "fibonacci").unwrap();
        assert!(renamed.contains("mod anchor {"));
        assert!(!renamed.contains("mod fibonacci {"));
        assert!(rename_module("fn main() {}\n", "fibonacci").is_err());
    }
}
