//! The rows of examples.rs's table on each of their Pythons, run two at a time ([`LANES`]), each
//! in a process of the harness's own (`build-row`), the longest first as the last run timed them.
//!
//! A row spends most of its time on one core: pipenv and pip, pytest, mypy and stubtest, the
//! benchmark, one crate's compile, tests that sleep. Two rows side by side use the second core,
//! and a row keeps its own slots (project/slot.rs takes the next free one), temporary folders and
//! output. Each row's output is printed when it ends, whole, under its name and time.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{Context, Result, bail};

use super::build::run_build;
use crate::examples::{BUILDS, example_named};

/// How many rows run at once: this machine's and GitHub's runners' two cores.
pub const LANES: usize = 2;

/// One row of examples.rs's [`BUILDS`] on one Python: the checked-in example (`python` None), or
/// a variant rendered for that Python.
#[derive(Clone, Debug)]
struct Row {
    index: usize,
    python: Option<String>,
}

impl Row {
    /// The row's name in the log and in the file of times: `gil`, `gil on Python 3.14`.
    fn label(&self) -> String {
        let example = BUILDS[self.index].example;
        match &self.python {
            None => example.to_string(),
            Some(python) => format!("{example} on Python {python}"),
        }
    }

    /// The arguments of `build-row` that run it.
    fn args(&self) -> Vec<String> {
        let mut args = vec!["build-row".to_string(), self.index.to_string()];
        args.extend(self.python.clone());
        args
    }
}

/// Every row of the table, or only those of the example named, in the table's order.
fn rows(only: Option<&str>) -> Result<Vec<Row>> {
    if let Some(name) = only {
        example_named(name)?;
    }
    let mut rows = Vec::new();
    for (index, build) in BUILDS.iter().enumerate() {
        if only.is_some_and(|n| n != build.example) {
            continue;
        }
        match build.python_version {
            None => rows.push(Row {
                index,
                python: None,
            }),
            Some(pick) => rows.extend(pick.versions()?.into_iter().map(|python| Row {
                index,
                python: Some(python),
            })),
        }
    }
    Ok(rows)
}

/// `build-row INDEX [PYTHON]`: one row, in this process.
pub fn run_row(args: &[String]) -> Result<()> {
    let [index, python @ ..] = args else {
        bail!("build-row takes a row's index in BUILDS and, for a variant, its Python");
    };
    let index: usize = index.parse().context("build-row: the row's index")?;
    let build = BUILDS
        .get(index)
        .with_context(|| format!("build-row {index}: BUILDS has {} rows", BUILDS.len()))?;
    run_build(build, python.first().map(String::as_str))
}

/// Build every row (or only those of the example named), [`LANES`] at a time, each by `exe
/// build-row` (the harness's binary); print each row's output when it ends, then the rows'
/// times on stderr, which a test's capture does not hold back, so that every CI log shows where
/// the time went. Fails after the last row if any failed, naming them.
pub fn build_examples(only: Option<&str>, exe: &Path) -> Result<()> {
    let mut rows = rows(only)?;
    let last = read_times();
    // The longest first, as the last run timed them; a row never timed before goes first, and
    // with no times at all (a new machine) BUILDS's order stands, which lists the longest first.
    rows.sort_by_cached_key(|r| {
        let time = last.iter().find(|(l, _)| *l == r.label()).map(|(_, s)| *s);
        std::cmp::Reverse(time.unwrap_or(u64::MAX))
    });
    let started = Instant::now();
    let queue = Mutex::new(rows.into_iter());
    let done: Mutex<Vec<(String, u64, bool)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..LANES {
            scope.spawn(|| {
                loop {
                    let Some(row) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let began = Instant::now();
                    let out = Command::new(exe)
                        .args(row.args())
                        .stdin(Stdio::null())
                        .output();
                    let seconds = began.elapsed().as_secs();
                    let (ok, printed) = match out {
                        Ok(out) => (
                            out.status.success(),
                            format!(
                                "{}{}",
                                String::from_utf8_lossy(&out.stdout),
                                String::from_utf8_lossy(&out.stderr)
                            ),
                        ),
                        Err(e) => (false, format!("could not start {}: {e}\n", exe.display())),
                    };
                    let verdict = if ok { "passed" } else { "FAILED" };
                    print!(
                        "── {} {verdict} in {} ──\n{printed}",
                        row.label(),
                        minutes(seconds)
                    );
                    done.lock().unwrap().push((row.label(), seconds, ok));
                }
            });
        }
    });
    let done = done.into_inner().unwrap();
    let mut table = format!(
        "e2e: {} rows, {LANES} at a time, in {}:\n",
        done.len(),
        minutes(started.elapsed().as_secs())
    );
    for (label, seconds, ok) in &done {
        let failed = if *ok { "" } else { "  FAILED" };
        table += &format!("  {:>8}  {label}{failed}\n", minutes(*seconds));
    }
    // Straight to stderr, once: a test's capture holds back print!, not this.
    let _ = std::io::stderr().write_all(table.as_bytes());
    write_times(&done);
    let failed: Vec<&str> = done
        .iter()
        .filter(|(_, _, ok)| !ok)
        .map(|(label, _, _)| label.as_str())
        .collect();
    if !failed.is_empty() {
        bail!("rows failed (their output is above): {}", failed.join(", "));
    }
    Ok(())
}

/// `7 min 05 s`, `42 s`.
fn minutes(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds} s")
    } else {
        format!("{} min {:02} s", seconds / 60, seconds % 60)
    }
}

/// Where the last run's times of the rows are kept, beside the slots: one `seconds<TAB>label`
/// line a row.
fn times_file() -> Option<PathBuf> {
    crate::sid::cache_dir()
        .ok()
        .map(|d| d.join("row-times.tsv"))
}

fn read_times() -> Vec<(String, u64)> {
    let Some(text) = times_file().and_then(|f| std::fs::read_to_string(f).ok()) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|line| {
            let (seconds, label) = line.split_once('\t')?;
            Some((label.to_string(), seconds.parse().ok()?))
        })
        .collect()
}

/// Keep the times of the rows that passed (a failed row may have stopped early), and the last
/// known time of the others.
fn write_times(done: &[(String, u64, bool)]) {
    let mut times = read_times();
    for (label, seconds, _) in done.iter().filter(|(_, _, ok)| *ok) {
        times.retain(|(l, _)| l != label);
        times.push((label.clone(), *seconds));
    }
    let text: String = times.iter().map(|(l, s)| format!("{s}\t{l}\n")).collect();
    if let Some(file) = times_file() {
        let _ = std::fs::create_dir_all(file.parent().unwrap_or(Path::new(".")));
        let _ = std::fs::write(file, text);
    }
}
