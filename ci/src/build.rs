//! End to end: build each example exactly as its README says, then run its tests, its checks,
//! its benchmark, its release artefacts and the tutorial's scripts, in a copy outside the repository.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::golden::copy_tree;
use crate::render::{Render, examples, render_to_temp};
use crate::{release, repo_root};

/// One Cargo target directory for every project, kept between runs, so that PyO3 compiles once
/// per configuration; it lives with the harness's own build output, out of examples/.
fn shared_target_dir() -> PathBuf {
    repo_root().join("ci").join("target").join("e2e")
}

/// A generated project, copied or rendered into a temporary directory, and the commands to run in it.
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
        let shown = format!("{program} {}", args.join(" "));
        let started = Instant::now();
        let out = Command::new(program)
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target)
            .env("WORKON_HOME", self.parent.path().join("venvs"))
            .env("PIPENV_IGNORE_VIRTUALENVS", "1")
            .env("PIPENV_NOSPIN", "1")
            .env("PIPENV_YES", "1")
            .env("PIPENV_VERBOSITY", "-1")
            .output()
            .with_context(|| format!("cannot run {shown}"))?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            bail!(
                "`{shown}` failed in {}:\n{stdout}\n{}",
                self.dir.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        println!(
            "    ok  {shown}  ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
        Ok(stdout)
    }

    /// The README's walk-through, its checks and the quick benchmark; returns the benchmark's JSON.
    pub fn build_and_check(&self) -> Result<serde_json::Value> {
        let m = &self.module;
        self.run("pipenv", &["install", "--dev"])?;
        self.run("pipenv", &["run", "maturin", "develop", "--release"])?;
        let printed = self.run(
            "pipenv",
            &[
                "run",
                "python",
                "-c",
                &format!("import {m}; print({m}.run(35))"),
            ],
        )?;
        if printed.trim() != "9227465" {
            bail!("{m}.run(35) printed {printed:?}, the README promises 9227465");
        }
        self.run("pipenv", &["run", "test"])?;
        self.run("cargo", &["test"])?;
        self.run("pipenv", &["run", "lint"])?;
        self.run("pipenv", &["run", "format", "--check"])?;
        self.run("pipenv", &["run", "typecheck"])?;
        self.run("pipenv", &["run", "stubtest"])?;
        self.run("cargo", &["fmt", "--check"])?;
        self.run(
            "cargo",
            &["clippy", "--all-targets", "--", "-D", "warnings"],
        )?;
        let report: serde_json::Value =
            serde_json::from_str(&self.run("pipenv", &["run", "bench", "--quick", "--json"])?)?;
        if report["correct"] != true {
            bail!("the benchmark found wrong results: {}", report["errors"]);
        }
        check_report(&report)?;
        Ok(report)
    }

    /// Run one of the tutorial's scripts (ci/tutorial/) unchanged in the project.
    pub fn run_tutorial_script(&self, script: &str) -> Result<String> {
        std::fs::copy(
            repo_root().join("ci/tutorial").join(script),
            self.dir.join(script),
        )?;
        self.run("pipenv", &["run", "python", script])
    }
}

/// The benchmark's JSON has every figure the README promises, each a positive number.
fn check_report(report: &serde_json::Value) -> Result<()> {
    let positive = |v: &serde_json::Value| v.as_f64().is_some_and(|x| x > 0.0);
    let mut missing = Vec::new();
    for (what, value) in [
        ("speed.speedup", &report["speed"]["speedup"]),
        ("speed.python_s", &report["speed"]["python_s"]),
        ("speed.rust_s", &report["speed"]["rust_s"]),
        ("cpu_count", &report["cpu_count"]),
    ] {
        if !positive(value) {
            missing.push(what.to_string());
        }
    }
    if !report["free_threaded"].is_boolean() {
        missing.push("free_threaded".into());
    }
    let threads = report["threads"]["threads"].as_array().map_or(0, Vec::len);
    for name in ["rust_gil_released", "rust_gil_held", "python"] {
        let row = report["threads"]["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["name"] == name));
        let complete = row.is_some_and(|r| {
            ["seconds", "speedup"].iter().all(|key| {
                r[key]
                    .as_array()
                    .is_some_and(|v| v.len() == threads && v.iter().all(positive))
            })
        });
        if threads < 3 || !complete {
            missing.push(format!("threads.rows[{name}]"));
        }
    }
    for name in ["python", "rust_gil_held", "rust_gil_released"] {
        if !positive(&report["overhead"]["ns_per_call"][name]) {
            missing.push(format!("overhead.ns_per_call.{name}"));
        }
    }
    if !missing.is_empty() {
        bail!("the benchmark's JSON lacks {}", missing.join(", "));
    }
    Ok(())
}

/// One line of benchmark figures, for the log.
pub fn summary(report: &serde_json::Value) -> String {
    let rows = report["threads"]["rows"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let at_two = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .map(|r| r["speedup"][1].as_f64().unwrap_or(0.0))
            .unwrap_or(0.0)
    };
    format!(
        "Rust/Python {:.0}x; 2 threads: GIL released {:.2}x, held {:.2}x; call: Python {:.0} ns, Rust {:.0} ns",
        report["speed"]["speedup"].as_f64().unwrap_or(0.0),
        at_two("rust_gil_released"),
        at_two("rust_gil_held"),
        report["overhead"]["ns_per_call"]["python"]
            .as_f64()
            .unwrap_or(0.0),
        report["overhead"]["ns_per_call"]["rust_gil_held"]
            .as_f64()
            .unwrap_or(0.0),
    )
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

/// Examples built again, rendered for another development Python: the abi3 `gil` on the oldest
/// Python PyO3 0.30 supports and on the newest here, and `fast-fib` (mixed layout and abi3, made
/// for 3.12) on the machine's 3.11, so that every layout x abi3 combination is built on 3.11.
const VARIANTS: &[(&str, &str)] = &[("gil", "3.9"), ("gil", "3.13"), ("fast-fib", "3.11")];

/// Build every example (or only the one named), then the variants.
pub fn build_examples(only: Option<&str>) -> Result<()> {
    // Where the sdists compile: new for this run, shared by the examples so PyO3 compiles once.
    let sdist_target = tempfile::tempdir()?;
    for example in examples()? {
        if only.is_some_and(|name| name != example.name) {
            continue;
        }
        println!("{}:", example.name);
        let project = Project::copy_of(&example.dir, &module_of(&example.dir)?)?;
        let report = project.build_and_check()?;
        println!("    benchmark: {}", summary(&report));
        let wheel_bytes = release::check_artefacts(&project, sdist_target.path())?;
        println!("    release wheel: {wheel_bytes} bytes");
        if example.name == "fibonacci" {
            if wheel_bytes > release::MATURIN_NEW_WHEEL_BYTES {
                bail!(
                    "the default project's wheel has {wheel_bytes} bytes, more than the {} of `maturin new`'s",
                    release::MATURIN_NEW_WHEEL_BYTES
                );
            }
            let out = project.run_tutorial_script("main.py")?;
            if out.matches("result: 9227465").count() != 2 {
                bail!("the tutorial's main.py printed:\n{out}");
            }
        }
        if example.name == "gil" {
            let out = project.run_tutorial_script("gil_threads.py")?;
            if !(out.contains("Py: [2, 4, 6]") && out.contains("Rust: [2, 4, 6]")) {
                bail!("the tutorial's threading script printed:\n{out}");
            }
        }
    }
    for (name, python) in VARIANTS
        .iter()
        .filter(|(name, _)| only.is_none_or(|only| only == *name))
    {
        println!("{name} on Python {python}:");
        let render = crate::render::example_render(name)?.define("python_version", python);
        let module = module_of(&crate::examples_dir().join(name))?;
        let project = Project::rendered(&render, &module)?;
        let report = project.build_and_check()?;
        println!("    benchmark: {}", summary(&report));
    }
    Ok(())
}
