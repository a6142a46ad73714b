//! A project's own commands beyond `check`, as its README gives them: the coverage command (every
//! Rust file of src/ reached by the Python tests), the hooks before each commit (`prek run
//! --all-files`), and, in one example, what `check` says when the code and its stub or its
//! format part ways.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use crate::project::Project;

/// The example whose copy the edits below change: one is enough, each costs seconds.
pub const EDITED_EXAMPLE: &str = "fibonacci";

/// The coverage command (`pipenv run coverage`, `uv run cover.py`): its Rust table must have a
/// row above 0 % for every Rust file of src/. Returns the table's rows, for the log.
pub fn coverage(project: &Project) -> Result<String> {
    let printed = project.script("coverage", &[])?;
    let rows = rust_rows(&printed);
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(project.dir.join("src"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".rs") {
            continue;
        }
        match rows.get(&name) {
            None => problems.push(format!("{name}: no row")),
            Some(cover) if *cover <= 0.0 => problems.push(format!("{name}: {cover} %")),
            Some(_) => {}
        }
    }
    if !problems.is_empty() {
        bail!(
            "the coverage command should report each Rust file of src/ above 0 %: {}; it \
             printed:\n{printed}",
            problems.join(", ")
        );
    }
    Ok(rows
        .iter()
        .map(|(name, cover)| format!("{name} {cover:.2} %"))
        .collect::<Vec<_>>()
        .join(", "))
}

/// The rows of llvm-cov's table: a file name ending in `.rs`, its line coverage last (`89.47%`).
fn rust_rows(printed: &str) -> BTreeMap<String, f64> {
    printed
        .lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let name = words.first().filter(|w| w.ends_with(".rs"))?;
            let cover = words.last()?.strip_suffix('%')?.parse().ok()?;
            Some((name.to_string(), cover))
        })
        .collect()
}

/// `prek run --all-files` in the project made a git repository (prek reads the files git
/// lists), as the README's "Check before each commit" has it.
pub fn pre_commit(project: &Project) -> Result<()> {
    project.run("git", &["init", "--quiet"])?;
    project.run("git", &["add", "--all"])?;
    project
        .run("prek", &["run", "--all-files"])
        .context("the project's own hooks should pass on a fresh render")?;
    Ok(())
}

/// A function no longer exported (its `#[pyfunction]` removed): `check stubs` fails and names
/// the command that regenerates the stub. The code is put back after.
pub fn stub_drift(project: &Project) -> Result<()> {
    let lib = project.dir.join("src/lib.rs");
    let code = std::fs::read_to_string(&lib)?;
    let exported = "#[pyfunction]\n    fn run_gil_held(";
    if !code.contains(exported) {
        bail!("{}: no `{exported}` to remove", lib.display());
    }
    std::fs::write(&lib, code.replacen(exported, "fn run_gil_held(", 1))?;
    let out = project.script_output("check", &["stubs"])?;
    std::fs::write(&lib, &code)?;
    let said = printed(&out);
    let regenerate = project.facts.tool.script_line("stubs")?;
    if out.status.success() || !said.contains(&format!("`{regenerate}`")) {
        bail!(
            "with run_gil_held no longer exported, `check stubs` should fail naming \
             `{regenerate}`; it said:\n{said}"
        );
    }
    Ok(())
}

/// What a command printed: its stderr, then its stdout.
fn printed(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

/// Badly formatted Rust and Python: each format check of `check` fails naming the format
/// command; after that command, both pass.
pub fn format(project: &Project) -> Result<()> {
    let edits = [
        ("src/double.rs", "pub fn ", "pub  fn "),
        ("tests/test_run.py", "import ", "import  "),
    ];
    for (file, good, bad) in edits {
        let path = project.dir.join(file);
        let code = std::fs::read_to_string(&path)?;
        if !code.contains(good) {
            bail!("{file}: no `{good}` to spoil");
        }
        std::fs::write(&path, code.replacen(good, bad, 1))?;
    }
    let format = project.facts.tool.script_line("format")?;
    for check in ["ruff-format", "rustfmt"] {
        let out = project.script_output("check", &[check])?;
        let said = printed(&out);
        if out.status.success() || !said.contains(&format!("`{format}`")) {
            bail!(
                "on badly formatted code, `check {check}` should fail naming `{format}`; it said:\n{said}"
            );
        }
    }
    project.script("format", &[])?;
    project
        .script("check", &["ruff-format", "rustfmt"])
        .with_context(|| format!("after `{format}`, the format checks should pass"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_llvm_covs_rows() {
        let printed = "\
Filename   Functions  Missed Functions  Executed   Lines  Missed Lines     Cover
--------------------------------------------------------------------------------
fib.rs             2                 0   100.00%      13             0   100.00%
lib.rs            15                 0   100.00%      95            10    89.47%
--------------------------------------------------------------------------------
TOTAL             17                 0   100.00%     108            10    90.74%
tests/test_run.py     49      3    94%";
        let rows = rust_rows(printed);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows["lib.rs"], 89.47);
    }
}
