//! The release artefacts a generated project's README and workflow describe: `maturin build
//! --release` and `maturin sdist` (by `pipenv run` or `uv run`, as the README says), each
//! installed into a clean virtualenv (not the project's own) that must import the module from
//! there; with the wheel, the project's own tests must pass too. An abi3 wheel must work on
//! every Python it claims, up to the newest this machine runs (those of the sid chroot try the
//! wheel built here). An abi3 project's workflow also builds an abi3t wheel (PEP 803) for
//! free-threaded CPython from hooks/facts.rhai's abi3t_from() on: built the same way on that
//! CPython (with the GIL, which loads abi3t as well), it must pass the tests there too.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::cmd::Cmd;
use crate::facts::{facts, minor};
use crate::project::{Project, ProjectFacts};
use crate::pythons::{Place, Venv, newest_run_here, python_interpreter};

/// The size budget of the default project's release wheel: what LTO, one codegen unit and
/// stripping buy (`maturin new -b pyo3`'s wheel of the same code is bigger; `cargo ci perf`
/// measures both side by side and prints them). A budget, not a measurement: a change of the
/// release profile that grows the wheel past it fails CI.
pub const WHEEL_BUDGET_BYTES: u64 = 200_000;

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

/// A release artefact to install into a clean virtualenv.
enum Artefact<'a> {
    /// A wheel: installed with pytest, and the project's tests must pass against it.
    Wheel(&'a Path),
    /// An sdist: it must compile from its own files, in `target`, a Cargo target directory that
    /// has never seen this project (the shared one holds the same sources already built, so
    /// Cargo would compile nothing).
    Sdist { path: &'a Path, target: &'a Path },
}

/// Build the wheel and the sdist, install each into clean virtualenvs and test it there; returns
/// the wheel's size in bytes. `sdist_target` is the Cargo target directory for the sdist build.
pub fn check_artefacts(project: &Project, sdist_target: &Path) -> Result<u64> {
    let facts = &project.facts;
    let dist = project.dir.join("dist");
    project.in_env(&["maturin", "build", "--release", "--out", "dist"])?;
    project.in_env(&["maturin", "sdist", "--out", "dist"])?;
    let wheel = only_file(&dist, ".whl")?;
    let sdist = only_file(&dist, ".tar.gz")?;
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
    let sdist = Artefact::Sdist {
        path: &sdist,
        target: sdist_target,
    };
    install_in_clean_venv(project, &facts.python, sdist)?;
    if facts.abi3 {
        check_abi3t_wheel(project, facts)?;
    }
    Ok(std::fs::metadata(&wheel)?.len())
}

/// Build the abi3t wheel as the generated workflow does (`maturin build --release --features
/// pyo3/abi3t-py3XY`, with the project's maturin pin), on the first CPython with abi3t, and test it
/// there in a clean virtualenv. Free-threaded CPython itself runs only on GitHub (tests.yml).
fn check_abi3t_wheel(project: &Project, project_facts: &ProjectFacts) -> Result<()> {
    let facts = facts()?;
    let python = facts.abi3t_from.clone();
    let place = Place::of(&python)?;
    let tools = project.scratch()?;
    let run = |cmd: Cmd| project.at_place(place, cmd)?.run();
    let maturin = format!("maturin{}", project_facts.maturin);
    let venv = Venv::create(&python, &tools.path().join("maturin"), &[&maturin], run)?;
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
    project.at_place(place, build.cwd(&project.dir))?.run()?;
    let wheel = only_file(&dist, ".whl")?;
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    if !name.contains(".abi3t-") {
        bail!("{name}: built with {features}, it is no abi3t wheel");
    }
    install_in_clean_venv(project, &python, Artefact::Wheel(&wheel))
}

/// A new virtualenv of this Python with the artefact installed: the module must come from it,
/// and a wheel must pass the project's pytest suite there. A Python of the chroot runs there,
/// with the wheel built here.
fn install_in_clean_venv(project: &Project, python: &str, artefact: Artefact) -> Result<()> {
    let place = Place::of(python)?;
    let venvs = project.scratch()?;
    let run = |cmd: Cmd| project.at_place(place, cmd.cwd(&project.dir))?.run();
    let venv = Venv::create(python, &venvs.path().join(format!("py{python}")), &[], run)?;
    // No pip cache: an sdist must really be built here, not answered by an earlier wheel.
    let pip = ["-m", "pip", "install", "--quiet", "--no-cache-dir"];
    match artefact {
        Artefact::Wheel(wheel) => {
            let wheel = wheel.display().to_string();
            run(venv.cmd("python", &[&pip[..], &[&wheel, "pytest"]].concat()))?;
            imported_from(project, place, &venv, python)?;
            run(venv.cmd("python", &["-m", "pytest", "-q", "-p", "no:cacheprovider"]))?;
        }
        Artefact::Sdist { path, target } => {
            let sdist = path.display().to_string();
            if place != project.place {
                bail!("the sdist is built with the project's own Python, not {python}");
            }
            let install = venv
                .cmd("python", &[&pip[..], &[&sdist]].concat())
                .env("CARGO_TARGET_DIR", target);
            run(install)?;
            imported_from(project, place, &venv, python)?;
        }
    }
    Ok(())
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
