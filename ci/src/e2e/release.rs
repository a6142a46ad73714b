//! The release artefacts a generated project's README and workflow describe: `maturin build
//! --release` and `maturin sdist` (by `pipenv run` or `uv run`, as the README says), each
//! installed into a clean virtualenv (not the project's own) that must import the module from
//! there; with the wheel, the project's own tests must pass too. An abi3 wheel must work on
//! every Python it claims, up to the newest this machine runs (those of the sid chroot try the
//! wheel built here). An abi3 project's workflow also builds an abi3t wheel (PEP 803) for
//! free-threaded CPython from hooks/facts.rhai's abi3t_from() on: built the same way on that
//! CPython (with the GIL, which loads abi3t as well), it must pass the tests there too.
//!
//! A project without abi3 also builds wheels for PyPy: one is built on the chroot's PyPy (Debian's
//! pypy3) as the generated workflow builds them (`maturin build --release -i pypy3.X`) and tested
//! in a clean PyPy virtualenv ([`check_pypy_wheel`]).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::facts::{facts, minor};
use crate::project::{Project, ProjectFacts, Slot, interpreter_target_dir, remove_dir_if_present};
use crate::pythons::{Place, Venv, newest_run_here, python_interpreter};

/// The size budget of the default project's release wheel: what LTO, one codegen unit and
/// stripping buy (`maturin new -b pyo3`'s wheel of the same code is bigger; `cargo ci perf`
/// measures both side by side and prints them). A budget, not a measurement: a change of the
/// release profile that grows the wheel past it fails CI. PyO3's `experimental-inspect`, which
/// the stubs are written from, adds under 1 KB of introspection data to it (200,363 bytes with,
/// 199,579 without): the budget leaves room for that, not for a lost `strip` or LTO.
pub const WHEEL_BUDGET_BYTES: u64 = 205_000;

/// The one file in `dir` whose name ends with `suffix`.
fn only_file(dir: &Path, suffix: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    let mut found = found
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(suffix));
    match (found.next(), found.next()) {
        (Some(path), None) => Ok(path),
        _ => bail!("expected exactly one *{suffix} in {}", dir.display()),
    }
}

/// The sdist, built after the wheel into dist/, packs nothing of dist/ though git does not
/// track the project yet (where .gitignore's `/dist/` would not count): "Publish it" before a
/// first commit.
fn sdist_leaves_out_dist(project: &Project, sdist: &Path) -> Result<()> {
    if project.dir.join(".git").exists() {
        bail!(
            "{}: the sdist check needs a project that is no git repository",
            project.dir.display()
        );
    }
    let listed = crate::cmd::Cmd::new("tar", &["tzf", &sdist.display().to_string()]).run()?;
    let packed: Vec<&str> = listed
        .lines()
        .filter(|entry| entry.split('/').nth(1) == Some("dist"))
        .collect();
    if !packed.is_empty() {
        bail!(
            "{} packs dist/ ({}): pyproject.toml's [tool.maturin] exclude should leave it out",
            sdist.display(),
            packed.join(", ")
        );
    }
    Ok(())
}

/// A release artefact to install into a clean virtualenv.
enum Artefact<'a> {
    /// A wheel: installed with pytest, and the project's tests must pass against it.
    Wheel(&'a Path),
    /// An sdist: it must compile from its own files, in the Cargo target directory of the
    /// project's sdists ([`Slot::sdist_target`]), which the harness makes forget this project
    /// first: maturin dates every file of an sdist 2006, so Cargo would otherwise take any earlier
    /// build of a crate of that name for the build of these files.
    Sdist(&'a Path),
}

/// Build the wheel and the sdist, install each into clean virtualenvs and test it there; returns
/// the wheel's size in bytes.
pub fn check_artefacts(project: &Project) -> Result<u64> {
    let facts = &project.facts;
    let dist = project.dir.join("dist");
    project.in_env(&["maturin", "build", "--release", "--out", "dist"])?;
    project.in_env(&["maturin", "sdist", "--out", "dist"])?;
    let wheel = only_file(&dist, ".whl")?;
    let sdist = only_file(&dist, ".tar.gz")?;
    sdist_leaves_out_dist(project, &sdist)?;
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    if facts.abi3 != name.contains("-abi3-") {
        bail!("{name}: abi3 is {} in Cargo.toml", facts.abi3);
    }

    // An abi3 wheel claims every CPython from min_python on: try each up to the newest here.
    let pythons = if facts.abi3 {
        let newest = minor(&newest_run_here()?)?;
        let mut claimed = Vec::new();
        for python in crate::facts::facts()?.pythons_from(&facts.min_python)? {
            if minor(&python)? <= newest {
                claimed.push(python);
            }
        }
        claimed
    } else {
        vec![facts.python.clone()]
    };
    for python in &pythons {
        install_in_clean_venv(project, python, Artefact::Wheel(&wheel))?;
    }
    install_in_clean_venv(project, &facts.python, Artefact::Sdist(&sdist))?;
    if facts.abi3 {
        check_abi3t_wheel(project, facts)?;
    }
    Ok(std::fs::metadata(&wheel)?.len())
}

/// Build the abi3t wheel as the generated workflow does (`maturin build --release --features
/// pyo3/abi3t-py3XY`, with the project's maturin pin), on the first CPython with abi3t, and test
/// it there in a clean virtualenv. Free-threaded CPython itself runs only on GitHub (tests.yml).
fn check_abi3t_wheel(project: &Project, project_facts: &ProjectFacts) -> Result<()> {
    let facts = facts()?;
    let python = facts.abi3t_from.clone();
    let place = Place::of(&python)?;
    let tools = project.scratch()?;
    let run = |cmd: Cmd| project.at_place(place, cmd)?.run();
    let maturin = format!("maturin{}", project_facts.maturin);
    let venv = maturin_venv(&python, place, &tools.path().join("maturin"), &maturin, run)?;
    let dist = tools.path().join("dist");
    let interpreter = python_interpreter(&python)?.display().to_string();
    let features = format!("pyo3/{}", facts.abi3t_feature());
    let build = venv.cmd(
        "maturin",
        &[
            "build",
            "--release",
            "--features",
            &features,
            "-i",
            &interpreter,
            "--out",
            &dist.display().to_string(),
        ],
    );
    // Built with `-i` on the chroot's interpreter: the target directory of that interpreter (the
    // project's own is this machine's, for another Python).
    let build = build
        .cwd(&project.dir)
        .env("CARGO_TARGET_DIR", interpreter_target_dir(&python)?);
    project.at_place(place, build)?.run()?;
    let wheel = only_file(&dist, ".whl")?;
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    if !name.contains(".abi3t-") {
        bail!("{name}: built with {features}, it is no abi3t wheel");
    }
    install_in_clean_venv(project, &python, Artefact::Wheel(&wheel)).map(drop)
}

/// A new virtualenv of this Python with the artefact installed: the module must come from it,
/// and a wheel must pass the project's pytest suite there. A Python of the chroot runs there,
/// with the wheel built here.
fn install_in_clean_venv(project: &Project, python: &str, artefact: Artefact) -> Result<CleanVenv> {
    let place = Place::of(python)?;
    let run = |cmd: Cmd| project.at_place(place, cmd.cwd(&project.dir))?.run();
    // A wheel's virtualenv: a new folder, gone with the returned CleanVenv. The sdist's: its
    // slot's, where PyO3 is built for the same interpreter path every time.
    let (dir, scratch) = match artefact {
        Artefact::Wheel(_) => {
            let scratch = project.scratch()?;
            (scratch.path().join(format!("py{python}")), Some(scratch))
        }
        Artefact::Sdist(_) => {
            let dir = sdist_slot(project)?.sdist_venv();
            remove_dir_if_present(&dir)?;
            (dir, None)
        }
    };
    let venv = Venv::create_without_pip(python, &dir, run)?;
    let pip = ["install", "--quiet", "--disable-pip-version-check"];
    match artefact {
        Artefact::Wheel(wheel) => {
            let wheel = wheel.display().to_string();
            // The project's pytest pin, as the generated workflow's wheel tests install it: from
            // pip's cache after the first time (a wheel file is never built, so never cached).
            let pytest = format!("pytest{}", project.facts.tools.pin("pytest")?);
            run(venv.pip(place, &[&pip[..], &[&wheel, &pytest]].concat()))?;
            imported_from(project, place, &venv, python)?;
            run(venv.cmd("python", &["-m", "pytest", "-q", "-p", "no:cacheprovider"]))?;
        }
        Artefact::Sdist(path) => {
            let sdist = path.display().to_string();
            if place != project.place {
                bail!("the sdist is built with the project's own Python, not {python}");
            }
            let target = sdist_slot(project)?.sdist_target();
            let package = cargo_package(&project.dir)?;
            for record in fingerprints(&target, &package)? {
                remove_dir_if_present(&record)?;
            }
            // No pip cache: an sdist must really be built here, not answered by an earlier wheel.
            let install = venv
                .pip(place, &[&pip[..], &["--no-cache-dir", &sdist]].concat())
                .env("CARGO_TARGET_DIR", &target);
            run(install)?;
            // Cargo's record of the crate, removed before the install, is back: it compiled.
            if fingerprints(&target, &package)?.is_empty() {
                bail!(
                    "installing the sdist compiled no crate {package} in {}",
                    target.display()
                );
            }
            imported_from(project, place, &venv, python)?;
        }
    }
    Ok(CleanVenv {
        venv,
        _dir: scratch,
    })
}

/// The slot of a project whose sdist is built: the end-to-end builds' projects have one.
fn sdist_slot(project: &Project) -> Result<&Slot> {
    project
        .slot()
        .context("a project whose sdist is built needs a slot (ci/src/project/slot.rs)")
}

/// Cargo.toml's `[package] name`.
fn cargo_package(dir: &Path) -> Result<String> {
    let cargo: toml::Table = std::fs::read_to_string(dir.join("Cargo.toml"))?.parse()?;
    Ok(cargo
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(toml::Value::as_str)
        .context("Cargo.toml has no [package] name")?
        .to_string())
}

/// Cargo's records of the release builds of the crate `package` in `target`:
/// release/.fingerprint/<package>-<hash>/.
fn fingerprints(target: &Path, package: &str) -> Result<Vec<PathBuf>> {
    let dir = target.join("release").join(".fingerprint");
    if !dir.is_dir() {
        return Ok(vec![]);
    }
    let prefix = format!("{package}-");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Then the hash, hex digits only: fast-fib- must not match fast-fib-extra-1a2b.
        let ours = name
            .strip_prefix(&prefix)
            .is_some_and(|hash| !hash.is_empty() && hash.chars().all(|c| c.is_ascii_hexdigit()));
        if ours {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// A new virtualenv of `python` at `dir` with the project's maturin pin in it, for a build
/// given an interpreter (`-i`): made without pip, and the pin installed with pip from outside.
fn maturin_venv(
    python: &str,
    place: Place,
    dir: &Path,
    maturin: &str,
    run: impl Fn(Cmd) -> Result<String>,
) -> Result<Venv> {
    let venv = Venv::create_without_pip(python, dir, &run)?;
    let install = ["install", "--quiet", "--disable-pip-version-check", maturin];
    run(venv.pip(place, &install).cwd(dir.parent().unwrap_or(dir)))?;
    Ok(venv)
}

/// A virtualenv with a release artefact installed, kept for more commands until it is dropped.
pub struct CleanVenv {
    pub venv: Venv,
    _dir: Option<tempfile::TempDir>,
}

/// Build the project's wheel on the chroot's PyPy as the generated workflow builds its PyPy
/// wheels (`maturin build --release -i pypy3.X`, with the project's maturin pin), install it into
/// a clean PyPy virtualenv and pass the project's tests there; returns that virtualenv, for the
/// benchmark and the demo. The chroot's pypy3 must be the PyPy of hooks/facts.rhai's sid_pypy().
pub fn check_pypy_wheel(project: &Project) -> Result<CleanVenv> {
    if project.facts.abi3 {
        bail!("an abi3 project builds no PyPy wheel (PyPy has no abi3)");
    }
    let python = crate::sid::pypy()?;
    let place = Place::of(&python)?;
    let interpreter = python_interpreter(&python)?.display().to_string();
    let run = |cmd: Cmd| project.at_place(place, cmd)?.run();
    let version = "import sys; print(sys.implementation.name + '%d.%d' % sys.version_info[:2])";
    let found = run(Cmd::new(&interpreter, &["-c", version]).cwd(&project.dir))?;
    if found.trim() != python {
        bail!(
            "the chroot's {interpreter} is {}, not {python}: change sid_pypy() in hooks/facts.rhai",
            found.trim()
        );
    }
    let tools = project.scratch()?;
    let maturin = format!("maturin{}", project.facts.maturin);
    let venv = maturin_venv(&python, place, &tools.path().join("maturin"), &maturin, run)?;
    let dist = tools.path().join("dist");
    let build = venv
        .cmd(
            "maturin",
            &[
                "build",
                "--release",
                "-i",
                &interpreter,
                "--out",
                &dist.display().to_string(),
            ],
        )
        .cwd(&project.dir)
        // PyPy's build of PyO3 differs from every CPython's: a target directory of its own, so
        // that the chroot's CPython builds and this one do not rebuild each other.
        .env("CARGO_TARGET_DIR", interpreter_target_dir(&python)?);
    project.at_place(place, build)?.run()?;
    let wheel = only_file(&dist, ".whl")?;
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    let tag = format!(
        "-pp{0}-pypy{0}_",
        crate::facts::facts()?.sid_pypy.replace('.', "")
    );
    if !name.contains(&tag) {
        bail!("{name}: built with {python}, it has no {tag} tag");
    }
    println!("    PyPy wheel: {name}");
    install_in_clean_venv(project, &python, Artefact::Wheel(&wheel))
}

/// The project's module works in the virtualenv `venv` and is imported from there.
fn imported_from(project: &Project, place: Place, venv: &Venv, python: &str) -> Result<()> {
    let m = project.module();
    let check = format!("import {m}; assert {m}.run(35) == 9227465; print({m}.__file__)");
    let from = project
        .at_place(place, venv.cmd("python", &["-c", &check]).cwd(&project.dir))?
        .run()?;
    if !from.trim().starts_with(&venv.dir.display().to_string()) {
        bail!("Python {python} imported {m} from {from:?}, not from the clean virtualenv");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crates_records_are_its_own_and_no_longer_named_crates() {
        let target = tempfile::tempdir().unwrap();
        let records = target.path().join("release").join(".fingerprint");
        assert!(fingerprints(target.path(), "fast-fib").unwrap().is_empty());
        for name in [
            "fast-fib-0a1b2c",
            "fast-fib-extra-3d4e5f",
            "fibonacci-6a7b8c",
            "pyo3-9d0e1f",
        ] {
            std::fs::create_dir_all(records.join(name)).unwrap();
        }
        let found = fingerprints(target.path(), "fast-fib").unwrap();
        assert_eq!(found, [records.join("fast-fib-0a1b2c")]);
    }
}
