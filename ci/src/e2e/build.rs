//! End to end: build each example exactly as its README says and run its tests, its checks and
//! its benchmark, outside the repository; examples.rs's table adds the variants, the release
//! artefacts and the tutorial's scripts, and a uv project then shows that it rebuilds after an
//! edit by itself (rebuild.rs).

use anyhow::{Result, bail};

use super::{kit, rebuild, release, tools};
use crate::examples::{Build, Script, example_named};
use crate::project::{Project, Tool};
use crate::pythons::Place;
use crate::repo_root;

/// The README's walk-through, its checks and the quick benchmark; returns the benchmark's JSON.
/// With pipenv: `pipenv install --dev`, `pipenv run check` (whose first check is `maturin
/// develop`), `pipenv run ...`; with uv: `uv sync` (which builds the module), `uv run check.py`,
/// `uv run ...`.
pub fn build_and_check(project: &Project) -> Result<serde_json::Value> {
    let m = project.module();
    project.install()?;
    // The project's own list of checks (its check.py), as its README and its workflow run it:
    // the build first, then the tests and the linters.
    project.script("check", &[])?;
    let printed = project.in_env(&["python", "-c", &format!("import {m}; print({m}.run(35))")])?;
    if printed.trim() != "9227465" {
        bail!("{m}.run(35) printed {printed:?}, the README promises 9227465");
    }
    let report: serde_json::Value =
        serde_json::from_str(&project.script("bench", &["--quick", "--json"])?)?;
    if report["correct"] != true {
        bail!("the benchmark found wrong results: {}", report["errors"]);
    }
    check_report(&report)?;
    Ok(report)
}

/// The project's tests once more, with the harness's pytest plugin ci/pytest/coarse_clock.py
/// loaded (Windows' 15.6 ms timer ticks); returns pytest's summary line. The plugin is copied
/// beside the project, not into it, where the sid chroot sees it too.
fn test_on_a_coarse_clock(project: &Project) -> Result<String> {
    let plugins = project.scratch()?;
    std::fs::copy(
        repo_root().join("ci/pytest/coarse_clock.py"),
        plugins.path().join("coarse_clock.py"),
    )?;
    let pytest = project
        .in_env_cmd(&["pytest", "-p", "coarse_clock"])?
        .env("PYTHONPATH", plugins.path());
    let out = pytest.run()?;
    let summary = out.lines().last().unwrap_or_default();
    Ok(summary.trim_matches(['=', ' ']).to_string())
}

/// Run one of the tutorial's scripts (template/chapter/) unchanged in the project and check what
/// it prints. A workshop kit ships them in chapter/ and runs them as its pages say, with `pipenv
/// run chapter`: the chapter's module names (`fibonacci`, `gil`) stand for the kit's one module
/// there. Into another project the script is copied, as a reader of the chapter would.
fn run_tutorial_script(project: &Project, script: &Script, in_kit: bool) -> Result<()> {
    let out = if in_kit {
        project.script("chapter", &[script.name])?
    } else {
        std::fs::copy(
            repo_root().join("template/chapter").join(script.name),
            project.dir.join(script.name),
        )?;
        project.in_env(&["python", script.name])?
    };
    if !(script.prints_right)(&out) {
        bail!("the tutorial's {} printed:\n{out}", script.name);
    }
    Ok(())
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
    for name in ["python", "rust"] {
        if !positive(&report["overhead"]["ns_per_call"][name]) {
            missing.push(format!("overhead.ns_per_call.{name}"));
        }
    }
    // A difference of two timings: any number, since noise may push it below zero.
    if !report["overhead"]["release_gil_ns"].is_number() {
        missing.push("overhead.release_gil_ns".into());
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
        "Rust/Python {:.0}x; 2 threads: GIL released {:.2}x, held {:.2}x; call: Python {:.0} ns, Rust {:.0} ns, releasing the GIL {:+.0} ns",
        report["speed"]["speedup"].as_f64().unwrap_or(0.0),
        at_two("rust_gil_released"),
        at_two("rust_gil_held"),
        report["overhead"]["ns_per_call"]["python"]
            .as_f64()
            .unwrap_or(0.0),
        report["overhead"]["ns_per_call"]["rust"]
            .as_f64()
            .unwrap_or(0.0),
        report["overhead"]["release_gil_ns"].as_f64().unwrap_or(0.0),
    )
}

/// One row of the table, on the example's own Python or on `python`: the project, the README's
/// build and checks, then the row's extras.
pub fn run_build(build: &Build, python: Option<&str>) -> Result<()> {
    let example = example_named(build.example)?;
    let mut render = example.render();
    let project = match python {
        None => {
            println!("{}:", example.name);
            Project::copy_of(&example.dir)?
        }
        Some(python) => {
            render = render.define("python_version", python);
            let project = Project::rendered(&render)?;
            match project.place {
                Place::Here => println!("{} on Python {python}:", example.name),
                Place::Sid => println!("{} on Python {python}, in the sid chroot:", example.name),
            }
            project
        }
    };
    let mut cpython_report = None;
    match build.kit {
        Some(kind) => kit::build_and_check(&project, kind, &render)?,
        None => {
            let report = build_and_check(&project)?;
            println!("    benchmark: {}", summary(&report));
            if build.coarse_clock {
                let tests = test_on_a_coarse_clock(&project)?;
                println!("    tests on a coarse clock: {tests}");
            }
            cpython_report = Some(report);
        }
    }
    if build.release {
        let wheel_bytes = release::check_artefacts(&project)?;
        println!("    release wheel: {wheel_bytes} bytes");
        if build.wheel_limit && wheel_bytes > release::WHEEL_BUDGET_BYTES {
            bail!(
                "the {} wheel has {wheel_bytes} bytes, more than its budget of {}",
                example.name,
                release::WHEEL_BUDGET_BYTES
            );
        }
    }
    if build.pypy {
        check_on_pypy(&project, cpython_report.as_ref())?;
    }
    // The project's other commands, on the checked-in example (its variants differ in their
    // Python only); after the release check, whose sdist is built where git tracks nothing.
    if python.is_none() && build.kit.is_none() {
        own_commands(&project, &example.name)?;
    }
    for script in build.tutorial_scripts {
        run_tutorial_script(&project, script, build.kit.is_some())?;
    }
    // A uv kit's edits are kit.rs's (its exercises, not the project's src/lib.rs).
    if project.facts.tool == Tool::Uv && build.kit.is_none() {
        println!("    {}", rebuild::check(&project)?);
    }
    Ok(())
}

/// The coverage command and the hooks before each commit (tools.rs), and in one example what
/// `check` says on a stale stub and on badly formatted code; prints each one's seconds.
fn own_commands(project: &Project, example: &str) -> Result<()> {
    let started = std::time::Instant::now();
    let rows = tools::coverage(project)?;
    println!(
        "    coverage of the Rust: {rows} ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    let started = std::time::Instant::now();
    tools::pre_commit(project)?;
    println!(
        "    prek run --all-files: passed ({:.0} s)",
        started.elapsed().as_secs_f64()
    );
    if example == tools::EDITED_EXAMPLE {
        let started = std::time::Instant::now();
        tools::stub_drift(project)?;
        tools::format(project)?;
        println!(
            "    a stale stub and badly formatted code fail check, naming the fix ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// The project's PyPy wheel (release.rs: built on the chroot's PyPy, its tests passed in a clean
/// PyPy virtualenv), then the benchmark and the GIL demo in that virtualenv, as the README's
/// PyPy section shows them. Prints the benchmark's Rust/Python ratio beside CPython's.
fn check_on_pypy(project: &Project, cpython: Option<&serde_json::Value>) -> Result<()> {
    let started = std::time::Instant::now();
    let clean = release::check_pypy_wheel(project)?;
    let run = |script: &str, args: &[&str]| -> Result<String> {
        let cmd = clean
            .venv
            .cmd("python", &[&[script][..], args].concat())
            .cwd(&project.dir);
        project.at_place(Place::Sid, cmd)?.run()
    };
    let report: serde_json::Value =
        serde_json::from_str(&run("bench.py", &["--quick", "--json"])?)?;
    if report["correct"] != true {
        bail!(
            "the benchmark on PyPy found wrong results: {}",
            report["errors"]
        );
    }
    check_report(&report)?;
    // The GIL lesson on PyPy: the Python thread finishes after Rust while Rust holds the GIL,
    // and before Rust takes it back when Rust released it.
    let demo = run("gil_demo.py", &[])?;
    let order: Vec<&str> = demo
        .lines()
        .filter_map(|l| {
            ["Py: Exit...", "Rust: Acquire GIL..."]
                .into_iter()
                .find(|e| l.ends_with(e))
        })
        .collect();
    if order
        != [
            "Rust: Acquire GIL...",
            "Py: Exit...",
            "Py: Exit...",
            "Rust: Acquire GIL...",
        ]
    {
        bail!("gil_demo.py on PyPy printed:\n{demo}");
    }
    println!("    benchmark on PyPy: {}", summary(&report));
    // fib(n) in Python against run(n): what the README's PyPy section quotes.
    let ratio = |r: &serde_json::Value| {
        format!(
            "{:.1}x on {} {} (fib({}): Python {:.2} ms, Rust {:.2} ms)",
            r["speed"]["speedup"].as_f64().unwrap_or(0.0),
            r["implementation"].as_str().unwrap_or("?"),
            r["python"].as_str().unwrap_or("?"),
            r["speed"]["n"],
            r["speed"]["python_s"].as_f64().unwrap_or(0.0) * 1e3,
            r["speed"]["rust_s"].as_f64().unwrap_or(0.0) * 1e3,
        )
    };
    println!("    Rust/Python: {}", ratio(&report));
    if let Some(cpython) = cpython {
        println!("    Rust/Python: {}", ratio(cpython));
    }
    println!("    PyPy took {:.0} s", started.elapsed().as_secs_f64());
    Ok(())
}
