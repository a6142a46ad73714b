//! `cargo ci perf`: the default project against a `maturin new -b pyo3` project with the same
//! recursive `run`, measured side by side on this machine (issue 14). Both use the maturin and
//! pyo3 the template pins (read from the rendered project) and the same CPython.
//!
//! Every measurement is interleaved (pyo3-starter, maturin new, pyo3-starter, ...) over `ROUNDS`
//! rounds and the table shows medians, so that a build elsewhere on the machine disturbs both
//! sides alike. It prints a table, never a verdict: timings are noisy. Only a failing command (a
//! build that breaks, a wrong result) is an error. About 3 to 4 minutes on 2 idle cores.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::project::Project;
use crate::pythons::Venv;
use crate::render::Render;

/// Rounds of each measurement. Three, so that the median drops one disturbed run; the cold
/// builds and `pipenv install` dominate the runtime, about a minute per round on 2 cores.
pub const ROUNDS: usize = 3;

/// The default project, as `cargo generate --name fibonacci` with every default renders it.
const NAME: &str = "fibonacci";
/// The `maturin new` project.
const ANCHOR: &str = "anchor";

/// How a `maturin new` project is built while working on it: maturin's README says to run
/// `maturin develop` in a virtualenv; `--release` is ours, because a debug build would make the
/// run() figures meaningless (the template's `develop` profile is optimised too).
const ANCHOR_DEVELOP: [&str; 3] = ["maturin", "develop", "--release"];
/// How a `maturin new` project builds its release wheel (its generated CI runs the same).
const ANCHOR_WHEEL: [&str; 5] = ["maturin", "build", "--release", "--out", "dist"];

/// The recursive `run` added to the `maturin new` project's module: the tutorial's Fibonacci.
const ANCHOR_RUN: &str =
    "    /// The n-th Fibonacci number, computed recursively (added by `cargo ci perf`).
    #[pyfunction]
    fn run(n: u64) -> u64 {
        fib(n)
    }

    fn fib(n: u64) -> u64 {
        match n {
            0 => 0,
            1 => 1,
            _ => fib(n - 1) + fib(n - 2),
        }
    }

";

/// How many times each `run()` timing is taken, alternating between the two modules: they are
/// cheap, and the median of many is steadier than of `ROUNDS`.
pub const TIMING_ROUNDS: usize = 9;

/// The timing code: one Python process imports both modules (the `maturin new` one from its
/// virtualenv's site-packages, argv[1]) and times `run(32)` and `run(0)` in each, alternating,
/// `TIMING_ROUNDS` times; each timing is the best of 5 `timeit` repeats, and the medians are
/// printed. One process for both, so that both meet the same interpreter and machine.
const TIMING: &str = r#"
import importlib, json, platform, statistics, sys, timeit
sys.path.append(sys.argv[1])
runs = {name: importlib.import_module(name).run for name in sys.argv[3:]}
for run in runs.values():
    assert run(32) == 2178309 and run(0) == 0
t32 = {name: [] for name in runs}
t0 = {name: [] for name in runs}
for _ in range(int(sys.argv[2])):
    for name, run in runs.items():
        t32[name].append(min(timeit.Timer("f(32)", globals={"f": run}).repeat(5, 3)) / 3)
        t0[name].append(min(timeit.Timer("f(0)", globals={"f": run}).repeat(5, 200_000)) / 200_000)
print(json.dumps({
    "python": platform.python_version(),
    "run32_s": {name: statistics.median(t) for name, t in t32.items()},
    "run0_s": {name: statistics.median(t) for name, t in t0.items()},
}))
"#;

/// One row of the table: a figure for each project, medians of the rounds.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub metric: String,
    pub ours: f64,
    /// None where a `maturin new` project has no counterpart.
    pub anchor: Option<f64>,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Seconds,
    Bytes,
}

/// The median of some figures: the middle one, or the mean of the middle two.
pub fn median(values: &[f64]) -> f64 {
    assert!(!values.is_empty(), "the median of nothing");
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// A duration in the unit that suits it: `14.5 s`, `0.69 s`, `4.59 ms`, `812 µs`, `50 ns`.
pub fn format_seconds(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.1} s")
    } else if s >= 0.1 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else if s >= 1e-6 {
        format!("{:.0} µs", s * 1e6)
    } else {
        format!("{:.0} ns", s * 1e9)
    }
}

/// A size in bytes with thousands separators: `193,772 B`.
pub fn format_bytes(bytes: f64) -> String {
    let digits = format!("{:.0}", bytes);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} B")
}

/// pyo3-starter's figure over maturin new's: `1.21x`; below 1 ours is faster or smaller.
pub fn format_ratio(ours: f64, anchor: f64) -> String {
    if anchor > 0.0 {
        format!("{:.2}x", ours / anchor)
    } else {
        "—".to_string()
    }
}

/// The table, in Markdown.
pub fn table(rows: &[Row]) -> String {
    let mut out =
        String::from("| metric | pyo3-starter | maturin new | ratio |\n|---|---|---|---|\n");
    for row in rows {
        let show = |v: f64| match row.unit {
            Unit::Seconds => format_seconds(v),
            Unit::Bytes => format_bytes(v),
        };
        let (anchor, ratio) = match row.anchor {
            Some(anchor) => (show(anchor), format_ratio(row.ours, anchor)),
            None => ("—".to_string(), "—".to_string()),
        };
        out += &format!(
            "| {} | {} | {anchor} | {ratio} |\n",
            row.metric,
            show(row.ours),
        );
    }
    out
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

/// The `maturin new` project's src/lib.rs with `run` added to its module, before its first
/// function.
pub fn add_run(lib_rs: &str) -> Result<String> {
    let at = lib_rs
        .find("    /// Formats the sum")
        .or_else(|| lib_rs.find("    #[pyfunction]"))
        .with_context(|| format!("no #[pyfunction] in the `maturin new` src/lib.rs:\n{lib_rs}"))?;
    Ok(format!("{}{ANCHOR_RUN}{}", &lib_rs[..at], &lib_rs[at..]))
}

/// Seconds that `f` takes; its error, if any, is the measurement's.
fn timed(f: impl FnOnce() -> Result<()>) -> Result<f64> {
    let started = Instant::now();
    f()?;
    Ok(started.elapsed().as_secs_f64())
}

/// One line appended to src/lib.rs, different each time: cargo sees a changed file and rebuilds.
fn edit(dir: &Path, round: usize) -> Result<()> {
    let path = dir.join("src").join("lib.rs");
    let mut text = std::fs::read_to_string(&path)?;
    text += &format!("// cargo ci perf: edit {round}\n");
    std::fs::write(&path, text)?;
    Ok(())
}

fn remove_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
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

/// The medians of [`TIMING`], for the two modules.
struct Timing {
    python: String,
    run32: [f64; 2],
    run0: [f64; 2],
}

fn parse_timing(stdout: &str) -> Result<Timing> {
    let line = stdout
        .lines()
        .last()
        .context("the timing code printed nothing")?;
    let v: serde_json::Value = serde_json::from_str(line)?;
    let both = |key: &str| -> Result<[f64; 2]> {
        let get = |module: &str| {
            v[key][module]
                .as_f64()
                .with_context(|| format!("{key} {module}"))
        };
        Ok([get(NAME)?, get(ANCHOR)?])
    };
    Ok(Timing {
        python: v["python"].as_str().context("python")?.to_string(),
        run32: both("run32_s")?,
        run0: both("run0_s")?,
    })
}

/// The default project, with its pipenv virtualenv and a Cargo target directory of its own.
struct Ours {
    project: Project,
    target: PathBuf,
    develop: Vec<String>,
    wheel: Vec<String>,
}

impl Ours {
    fn run(&self, command: &[impl AsRef<str>]) -> Result<String> {
        let args: Vec<&str> = command[1..].iter().map(AsRef::as_ref).collect();
        let cmd = Cmd::new(command[0].as_ref(), &args)
            .cwd(&self.project.dir)
            .env("CARGO_TARGET_DIR", &self.target);
        self.project.at_place(self.project.place, cmd)?.run()
    }

    fn python(&self) -> Result<PathBuf> {
        let venv = self.run(&["pipenv", "--venv"])?;
        Ok(PathBuf::from(venv.trim()).join("bin").join("python"))
    }
}

/// The `maturin new` project, with a virtualenv and a Cargo target directory of its own.
struct Anchor {
    dir: PathBuf,
    venv: PathBuf,
    target: PathBuf,
}

impl Anchor {
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
        cmd.cwd(cwd).env("CARGO_TARGET_DIR", &self.target)
    }

    fn run_in(&self, cwd: &Path, program: &str, args: &[&str]) -> Result<String> {
        self.cmd(cwd, program, args).run()
    }

    fn run(&self, command: &[&str]) -> Result<String> {
        self.run_in(&self.dir, command[0], &command[1..])
    }

    /// A fresh virtualenv with the pinned maturin: what `maturin new` users start from.
    fn install(&self, python: &str, maturin: &str) -> Result<()> {
        remove_dir(&self.venv)?;
        Venv::create(python, &self.venv, &[maturin], |cmd| cmd.run())?;
        Ok(())
    }
}

/// Render both projects, measure them, and return the table's rows plus a line that says what
/// was measured where.
pub fn measure() -> Result<(Vec<Row>, String)> {
    let started = Instant::now();
    println!("perf: rendering the default project ({NAME})");
    let project = Project::rendered(&Render::named(NAME))?;
    let dir = project.dir.clone();
    let readme = std::fs::read_to_string(dir.join("README.md"))?;
    let maturin = format!("maturin{}", project.facts.maturin);
    let pyo3 = project.facts.pyo3.clone();
    let python = project.facts.python.clone();

    let work = tempfile::tempdir()?;
    let ours = Ours {
        develop: readme_command(&readme, "pipenv run maturin develop")?,
        // "Publish it"'s wheel for this machine (the PyPy section builds one for PyPy, with -i).
        wheel: readme_command(&readme, "pipenv run maturin build --release --out dist")?,
        target: work.path().join("target-ours"),
        project,
    };
    let anchor = Anchor {
        dir: work.path().join(ANCHOR),
        venv: work.path().join("venv-anchor"),
        target: work.path().join("target-anchor"),
    };

    // `pipenv install --dev` as a user first runs it (a fresh virtualenv, no Pipfile.lock yet),
    // against a fresh virtualenv with the pinned maturin.
    let (mut install_ours, mut install_anchor) = (vec![], vec![]);
    for _ in 0..ROUNDS {
        ours.run(&["pipenv", "--rm"]).ok(); // no virtualenv yet in the first round
        let lock = dir.join("Pipfile.lock");
        if lock.exists() {
            std::fs::remove_file(lock)?;
        }
        install_ours.push(timed(|| {
            ours.run(&["pipenv", "install", "--dev"]).map(drop)
        })?);
        install_anchor.push(timed(|| anchor.install(&python, &maturin))?);
    }

    println!("perf: `maturin new -b pyo3 {ANCHOR}`, with `run` and pyo3 {pyo3}");
    anchor.run_in(
        work.path(),
        "maturin",
        &["new", "-b", "pyo3", "--name", ANCHOR, ANCHOR],
    )?;
    let cargo_toml = anchor.dir.join("Cargo.toml");
    std::fs::write(
        &cargo_toml,
        pin_pyo3(&std::fs::read_to_string(&cargo_toml)?, &pyo3)?,
    )?;
    let lib_rs = anchor.dir.join("src").join("lib.rs");
    std::fs::write(&lib_rs, add_run(&std::fs::read_to_string(&lib_rs)?)?)?;

    // The crates downloaded once, so that a cold build compiles and never downloads.
    ours.run(&["cargo", "fetch"])?;
    anchor.run(&["cargo", "fetch"])?;

    let (mut cold_ours, mut cold_anchor) = (vec![], vec![]);
    let (mut rebuild_ours, mut rebuild_anchor) = (vec![], vec![]);
    let mut pipenv_run = vec![];
    for round in 0..ROUNDS {
        remove_dir(&ours.target)?;
        cold_ours.push(timed(|| ours.run(&ours.develop).map(drop))?);
        remove_dir(&anchor.target)?;
        cold_anchor.push(timed(|| anchor.run(&ANCHOR_DEVELOP).map(drop))?);
        pipenv_run.push(timed(|| ours.run(&["pipenv", "run", "true"]).map(drop))?);
        edit(&dir, round)?;
        rebuild_ours.push(timed(|| ours.run(&ours.develop).map(drop))?);
        edit(&anchor.dir, round)?;
        rebuild_anchor.push(timed(|| anchor.run(&ANCHOR_DEVELOP).map(drop))?);
    }

    // run(), on the builds as the last round left them, in one process.
    let python_ours = ours.python()?.to_string_lossy().into_owned();
    let anchor_packages = anchor.run(&[
        "python",
        "-c",
        "import sysconfig; print(sysconfig.get_paths()['purelib'])",
    ])?;
    let timing = parse_timing(&ours.run(&[
        python_ours.as_str(),
        "-c",
        TIMING,
        anchor_packages.trim(),
        &TIMING_ROUNDS.to_string(),
        NAME,
        ANCHOR,
    ])?)?;

    // The release wheels, built once: their size does not change from one build to the next.
    ours.run(&ours.wheel)?;
    anchor.run(&ANCHOR_WHEEL)?;
    let wheel_ours = wheel_size(&dir.join("dist"))?;
    let wheel_anchor = wheel_size(&anchor.dir.join("dist"))?;

    let develop = ours.develop.join(" ");
    let row = |metric: String, ours: f64, anchor: f64, unit| Row {
        metric,
        ours,
        anchor: Some(anchor),
        unit,
    };
    let rows = vec![
        row(
            format!(
                "`pipenv install --dev` (fresh, no Pipfile.lock) / `python -m venv` + `pip install {maturin}`"
            ),
            median(&install_ours),
            median(&install_anchor),
            Unit::Seconds,
        ),
        row(
            "cold build (target cleaned, crates downloaded)".into(),
            median(&cold_ours),
            median(&cold_anchor),
            Unit::Seconds,
        ),
        row(
            "rebuild after a one-line edit of `src/lib.rs`".into(),
            median(&rebuild_ours),
            median(&rebuild_anchor),
            Unit::Seconds,
        ),
        Row {
            metric: "of which `pipenv run`'s own start-up (`pipenv run true`)".into(),
            ours: median(&pipenv_run),
            anchor: None,
            unit: Unit::Seconds,
        },
        row(
            "release wheel (`maturin build --release`)".into(),
            wheel_ours,
            wheel_anchor,
            Unit::Bytes,
        ),
        row(
            "`run(32)`, the develop build".into(),
            timing.run32[0],
            timing.run32[1],
            Unit::Seconds,
        ),
        row(
            "one call of `run(0)`, the develop build".into(),
            timing.run0[0],
            timing.run0[1],
            Unit::Seconds,
        ),
    ];
    let about = format!(
        "{ROUNDS} rounds, interleaved, medians; run(): {TIMING_ROUNDS} rounds alternating in one \
         process, each the best of 5 repeats; builds: \
         `{develop}` against `{}` in a virtualenv; {maturin}, pyo3 {pyo3}, CPython {}; \
         {} cores, {}; {:.0} s in all",
        ANCHOR_DEVELOP.join(" "),
        timing.python,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        Cmd::new("rustc", &["--version"]).quiet().run()?.trim(),
        started.elapsed().as_secs_f64()
    );
    Ok((rows, about))
}

/// `cargo ci perf`: measure and print the table.
pub fn perf() -> Result<()> {
    let (rows, about) = measure()?;
    println!("\n{}\n{about}", table(&rows));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0]), 3.0);
        assert_eq!(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn figures() {
        assert_eq!(format_seconds(14.54), "14.5 s");
        assert_eq!(format_seconds(0.691), "0.69 s");
        assert_eq!(format_seconds(0.004_591), "4.59 ms");
        assert_eq!(format_seconds(0.000_812_4), "812 µs");
        assert_eq!(format_seconds(50.2e-9), "50 ns");
        assert_eq!(format_bytes(193_772.0), "193,772 B");
        assert_eq!(format_bytes(999.0), "999 B");
        assert_eq!(format_bytes(1_000.0), "1,000 B");
        assert_eq!(format_ratio(3.78, 0.69), "5.48x");
        assert_eq!(format_ratio(1.0, 0.0), "—");
    }

    #[test]
    fn a_table_row() {
        let rows = [Row {
            metric: "wheel".into(),
            ours: 193_772.0,
            anchor: Some(229_273.0),
            unit: Unit::Bytes,
        }];
        assert!(table(&rows).ends_with("| wheel | 193,772 B | 229,273 B | 0.85x |\n"));
        let rows = [Row {
            metric: "pipenv".into(),
            ours: 0.8,
            anchor: None,
            unit: Unit::Seconds,
        }];
        assert!(table(&rows).ends_with("| pipenv | 0.80 s | — | — |\n"));
    }

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
        let lib = "#[pymodule]\nmod anchor {\n    use pyo3::prelude::*;\n\n    /// Formats the sum of two numbers as string.\n    #[pyfunction]\n    fn sum_as_string() {}\n}\n";
        let added = add_run(lib).unwrap();
        assert!(added.contains("fn run(n: u64) -> u64"));
        assert!(added.find("fn run").unwrap() < added.find("fn sum_as_string").unwrap());
        assert!(add_run("fn main() {}\n").is_err());
    }
}
