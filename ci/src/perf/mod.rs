//! `cargo ci perf`: the default project, with pipenv and with uv (the `tool` question), against a
//! `maturin new -b pyo3` project given the same Rust code and the same tests of run(), measured
//! side by side on this machine (issues 14 and 22). All use the maturin and pyo3 the template
//! pins (read from the rendered project) and the same CPython.
//!
//! Every measurement is interleaved (pipenv, uv, maturin new, pipenv, ...) over `ROUNDS` rounds
//! and the table shows medians, so that a build elsewhere on the machine disturbs every side
//! alike. It prints a table, never a verdict: timings are noisy. Only a failing command (a build
//! that breaks, a wrong result) is an error. About 6 minutes on 2 idle cores.
//!
//! The parts: routes.rs, how each project installs, builds, rebuilds and tests as its README
//! says; timing.rs, run() timed in one process; table.rs, the figures as a table.

mod routes;
mod table;
mod timing;

use std::time::Instant;

use anyhow::Result;

use crate::cmd::Cmd;
use crate::project::Project;
use crate::render::Render;

pub use routes::{pin_pyo3, readme_command, rename_module};
pub use table::{Row, Unit, format_bytes, format_ratio, format_seconds, median, table};
pub use timing::{TIMING_ROUNDS, parse_timing};

use routes::{ANCHOR, ANCHOR_DEVELOP, Anchor, Starter, TESTS};

/// Rounds of each measurement by default. Three, so that the median drops one disturbed run (the
/// table of docs/performance.md); the cold builds dominate the runtime, about a minute and a half
/// per round on 2 cores. `.ci/run` asks for one: its table is printed, never a verdict.
pub const ROUNDS: usize = 3;

/// The default project, as `cargo generate --name fibonacci` with every default renders it.
const NAME: &str = "fibonacci";

/// Each side's figure of one measurement, over the rounds.
#[derive(Default)]
struct Figures {
    pipenv: Vec<f64>,
    uv: Vec<f64>,
    anchor: Vec<f64>,
}

impl Figures {
    fn row(&self, metric: String) -> Row {
        let median_of = |v: &Vec<f64>| (!v.is_empty()).then(|| median(v));
        Row {
            metric,
            pipenv: median_of(&self.pipenv),
            uv: median_of(&self.uv),
            anchor: median_of(&self.anchor),
            unit: Unit::Seconds,
        }
    }
}

/// Render the projects, measure them, and return the table's rows plus a line that says what
/// was measured where.
pub fn measure(rounds: usize) -> Result<(Vec<Row>, String)> {
    let started = Instant::now();
    let work = tempfile::tempdir()?;
    println!("perf: rendering the default project ({NAME}), with pipenv and with uv");
    let pipenv = Starter::new(
        Project::rendered(&Render::named(NAME))?,
        work.path().join("target-pipenv"),
    )?;
    let uv = Starter::new(
        Project::rendered(&Render::named(NAME).define("tool", "uv"))?,
        work.path().join("target-uv"),
    )?;
    let facts = pipenv.project.facts.clone();
    let maturin = format!("maturin{}", facts.maturin);
    let pytest = facts
        .tools
        .pin("pytest")
        .map_or_else(|_| "pytest".into(), |pin| format!("pytest{pin}"));
    let anchor = Anchor::new(work.path());

    let mut install = Figures::default();
    for _ in 0..rounds {
        install.pipenv.push(pipenv.fresh_install()?);
        install.uv.push(uv.fresh_install()?);
        install
            .anchor
            .push(anchor.fresh_install(&facts.python, &maturin)?);
    }

    println!(
        "perf: `maturin new -b pyo3 {ANCHOR}`, with {NAME}'s src/ and tests, pyo3 {}",
        facts.pyo3
    );
    anchor.create(&pipenv.project, &pytest)?;

    // The crates downloaded once, so that a cold build compiles and never downloads.
    pipenv.run(&["cargo", "fetch"])?;
    uv.run(&["cargo", "fetch"])?;
    anchor.run(&["cargo", "fetch"])?;

    let mut cold = Figures::default();
    let mut start_up = Figures::default();
    let mut rebuild = Figures::default();
    let mut to_result = Figures::default();
    for round in 0..rounds {
        cold.pipenv.push(pipenv.cold_build()?);
        cold.uv.push(uv.cold_build()?);
        cold.anchor.push(anchor.cold_build()?);
        start_up.pipenv.push(pipenv.start_up()?);
        start_up.uv.push(uv.start_up()?);
        rebuild.pipenv.push(pipenv.rebuild(round)?);
        rebuild.uv.push(uv.rebuild(round)?);
        rebuild.anchor.push(anchor.rebuild(round)?);
        if round == 0 {
            pipenv.tests_once()?;
            uv.tests_once()?;
            anchor.tests_once()?;
        }
        to_result.pipenv.push(pipenv.edit_to_result(round)?);
        to_result.uv.push(uv.edit_to_result(round)?);
        to_result.anchor.push(anchor.edit_to_result(round)?);
    }

    // run(), on the builds as the last round left them, in one process: the pipenv project's
    // module against maturin new's (the uv project's is the same code, built the same way).
    let python = pipenv.python()?.to_string_lossy().into_owned();
    let timing = parse_timing(
        &pipenv.run(&[
            python.as_str(),
            "-c",
            timing::TIMING,
            &anchor.site_packages()?,
            &TIMING_ROUNDS.to_string(),
            NAME,
            ANCHOR,
        ])?,
        NAME,
        ANCHOR,
    )?;

    // The release wheels, built once: their size does not change from one build to the next.
    // The uv project's Cargo.toml is the pipenv one's: the same wheel.
    let wheel_pipenv = pipenv.wheel()?;
    let wheel_anchor = anchor.wheel()?;

    let tests = TESTS.join(" ");
    let both = |metric: &str, ours: f64, theirs: f64, unit| Row {
        metric: metric.to_string(),
        pipenv: Some(ours),
        uv: None,
        anchor: Some(theirs),
        unit,
    };
    let rows = vec![
        install.row(format!(
            "fresh install of the tools: `pipenv install --dev` (no Pipfile.lock) / `uv sync --no-install-project` (no uv.lock, no .venv) / `python -m venv` + `pip install {maturin}`"
        )),
        cold.row("cold build (target cleaned, crates downloaded)".into()),
        rebuild.row("rebuild after a one-line edit of `src/lib.rs`, as the README says".into()),
        start_up.row("of which the tool's own start-up (`pipenv run true`, `uv run true`)".into()),
        to_result.row(format!("one-line edit of `src/lib.rs` to the result of `{tests}`")),
        both(
            "release wheel (`maturin build --release`)",
            wheel_pipenv,
            wheel_anchor,
            Unit::Bytes,
        ),
        both(
            "`run(32)`, the develop build",
            timing.run32[0],
            timing.run32[1],
            Unit::Seconds,
        ),
        both(
            "one call of `run(0)`, the develop build",
            timing.run0[0],
            timing.run0[1],
            Unit::Seconds,
        ),
    ];
    let about = format!(
        "{rounds} round{}, interleaved, medians; run(): {TIMING_ROUNDS} rounds alternating in one \
         process, each the best of 5 repeats; builds: pipenv {}; uv {}; maturin new `{}` in a \
         virtualenv; {maturin}, pyo3 {}, CPython {}; {} cores, {}; {:.0} s in all",
        if rounds == 1 { "" } else { "s" },
        pipenv.commands(),
        uv.commands(),
        ANCHOR_DEVELOP.join(" "),
        facts.pyo3,
        timing.python,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        Cmd::new("rustc", &["--version"]).quiet().run()?.trim(),
        started.elapsed().as_secs_f64()
    );
    Ok((rows, about))
}

/// `cargo ci perf [ROUNDS]`: measure (over [`ROUNDS`] rounds unless told) and print the table.
pub fn perf(rounds: usize) -> Result<()> {
    let (rows, about) = measure(rounds)?;
    println!("\n{}\n{about}", table(&rows));
    Ok(())
}
