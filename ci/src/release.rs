//! The release artefacts a generated project's README and workflow describe: `maturin build
//! --release` and `maturin sdist`, each installed into a clean virtualenv (not the pipenv one)
//! that must import the module from there; with the wheel, the project's own tests must pass too.
//! An abi3 wheel must work on every Python it claims, up to the newest this machine runs: 3.14
//! and 3.15 in the sid chroot try the wheel built here. An abi3 project's workflow also builds an
//! abi3t wheel (PEP 803) for free-threaded CPython 3.15 and newer: built the same way on the
//! chroot's 3.15, it must pass the tests there too (a 3.15 with the GIL loads abi3t as well).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::pythons::{NEWEST_PYTHON, Place, python_interpreter};

/// The size budget of the default project's release wheel: what LTO, one codegen unit and
/// stripping buy (`maturin new -b pyo3`'s wheel with the same `run` is bigger; `cargo ci perf`
/// measures both side by side and prints them). A budget, not a measurement: a change of the
/// release profile that grows the wheel past it fails CI.
pub const WHEEL_BUDGET_BYTES: u64 = 200_000;

/// The Python of the abi3t wheel: the first with PEP 803's stable ABI for free-threaded builds,
/// and PyO3's feature for it, as the generated workflow names them.
const ABI3T_PYTHON: &str = "3.15";
const ABI3T_FEATURE: &str = "pyo3/abi3t-py315";

/// What the project's files say about its release.
struct Facts {
    /// The Pipfile's `[requires] python_version`.
    python: String,
    /// The lowest supported Python, from `requires-python = ">=3.x"`.
    min_python: String,
    abi3: bool,
    /// The Pipfile's maturin pin, such as "==1.16.0".
    maturin: String,
}

fn facts(dir: &Path) -> Result<Facts> {
    let pipfile: toml::Table = std::fs::read_to_string(dir.join("Pipfile"))?.parse()?;
    let pyproject: toml::Table = std::fs::read_to_string(dir.join("pyproject.toml"))?.parse()?;
    let cargo = std::fs::read_to_string(dir.join("Cargo.toml"))?;
    let requires = pyproject["project"]["requires-python"]
        .as_str()
        .context("requires-python")?;
    Ok(Facts {
        python: pipfile["requires"]["python_version"]
            .as_str()
            .context("python_version")?
            .to_string(),
        min_python: requires.trim_start_matches(">=").to_string(),
        abi3: cargo.contains("\"abi3-py"),
        maturin: pipfile["dev-packages"]["maturin"]
            .as_str()
            .context("maturin in the Pipfile")?
            .to_string(),
    })
}

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
    let facts = facts(&project.dir)?;
    let dist = project.dir.join("dist");
    project.run(
        "pipenv",
        &["run", "maturin", "build", "--release", "--out", "dist"],
    )?;
    project.run("pipenv", &["run", "maturin", "sdist", "--out", "dist"])?;
    let wheel = only_file(&dist, ".whl")?;
    let sdist = only_file(&dist, ".tar.gz")?;
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    if facts.abi3 != name.contains("-abi3-") {
        bail!("{name}: abi3 is {} in Cargo.toml", facts.abi3);
    }

    // An abi3 wheel claims every CPython from min_python on: try each up to the newest here.
    let pythons = if facts.abi3 {
        let minor = |v: &str| -> Result<u32> {
            v.trim_start_matches("3.").parse().context("a 3.x version")
        };
        (minor(&facts.min_python)?..=minor(NEWEST_PYTHON)?)
            .map(|m| format!("3.{m}"))
            .collect()
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
        check_abi3t_wheel(project, &facts)?;
    }
    Ok(std::fs::metadata(&wheel)?.len())
}

/// Build the abi3t wheel as the generated workflow does (`maturin build --release --features
/// pyo3/abi3t-py315`, with the Pipfile's maturin), on [`ABI3T_PYTHON`], and test it there in a
/// clean virtualenv. Free-threaded CPython itself runs only on GitHub (tests.yml).
fn check_abi3t_wheel(project: &Project, facts: &Facts) -> Result<()> {
    let place = Place::of(ABI3T_PYTHON);
    let tools = project.scratch()?;
    let venv = tools.path().join("maturin");
    let interpreter = python_interpreter(ABI3T_PYTHON)?.display().to_string();
    project.run_at(
        place,
        &interpreter,
        &["-m", "venv", &venv.display().to_string()],
    )?;
    let maturin = format!("maturin{}", facts.maturin);
    let pip = venv.join("bin/pip").display().to_string();
    project.run_at(place, &pip, &["install", "--quiet", &maturin])?;
    let dist = tools.path().join("dist");
    project.run_at(
        place,
        &venv.join("bin/maturin").display().to_string(),
        &[
            "build",
            "--release",
            "--features",
            ABI3T_FEATURE,
            "-i",
            &interpreter,
            "--out",
            &dist.display().to_string(),
        ],
    )?;
    let wheel = only_file(&dist, ".whl")?;
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    if !name.contains(".abi3t-") {
        bail!("{name}: built with {ABI3T_FEATURE}, it is no abi3t wheel");
    }
    install_in_clean_venv(project, ABI3T_PYTHON, Artefact::Wheel(&wheel))
}

/// A new virtualenv of this Python with the artefact installed: the module must come from it,
/// and a wheel must pass the project's pytest suite there. A Python of the chroot runs there,
/// with the wheel built here.
fn install_in_clean_venv(project: &Project, python: &str, artefact: Artefact) -> Result<()> {
    let place = Place::of(python);
    let venvs = project.scratch()?;
    let venv = venvs.path().join(format!("py{python}"));
    let interpreter = python_interpreter(python)?;
    project.run_at(
        place,
        &interpreter.display().to_string(),
        &["-m", "venv", &venv.display().to_string()],
    )?;
    let venv_python = venv.join("bin/python").display().to_string();
    // No pip cache: an sdist must really be built here, not answered by an earlier wheel.
    let pip = ["-m", "pip", "install", "--quiet", "--no-cache-dir"];
    match artefact {
        Artefact::Wheel(wheel) => {
            let wheel = wheel.display().to_string();
            project.run_at(
                place,
                &venv_python,
                &[&pip[..], &[&wheel, "pytest"]].concat(),
            )?;
            imported_from(project, place, &venv, &venv_python, python)?;
            project.run_at(
                place,
                &venv_python,
                &["-m", "pytest", "-q", "-p", "no:cacheprovider"],
            )?;
        }
        Artefact::Sdist { path, target } => {
            let sdist = path.display().to_string();
            if place != project.place {
                bail!("the sdist is built with the project's own Python, not {python}");
            }
            project.run_in_target(&venv_python, &[&pip[..], &[&sdist]].concat(), target)?;
            imported_from(project, place, &venv, &venv_python, python)?;
        }
    }
    Ok(())
}

/// The project's module works in the virtualenv `venv` and is imported from there.
fn imported_from(
    project: &Project,
    place: Place,
    venv: &Path,
    venv_python: &str,
    python: &str,
) -> Result<()> {
    let m = &project.module;
    let from = project.run_at(
        place,
        venv_python,
        &[
            "-c",
            &format!("import {m}; assert {m}.run(35) == 9227465; print({m}.__file__)"),
        ],
    )?;
    if !from.trim().starts_with(&venv.display().to_string()) {
        bail!("Python {python} imported {m} from {from:?}, not from the clean virtualenv");
    }
    Ok(())
}
