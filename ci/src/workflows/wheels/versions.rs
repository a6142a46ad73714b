//! The maturin and pytest a workflow uses: the project's pins, which its `versions` job reads.

use std::path::Path;

use anyhow::Result;
use serde_json::Value;

use super::MATURIN_ACTION;
use super::workflow::{Run, Workflow, action, needs};
use crate::cmd::Cmd;
use crate::facts::Facts;

/// The maturin and pytest a workflow must use: the `versions` job's outputs, read from the
/// project's pins, as GitHub writes them into `needs.versions.outputs.*`.
const MATURIN_VERSION: &str = "${{ needs.versions.outputs.maturin }}";
const PYTEST_VERSION: &str = "${{ needs.versions.outputs.pytest }}";

/// The `versions` job reads maturin's and pytest's pins from the project (its script, run here on
/// the project's files, must give facts.rhai's pins); every maturin-action step builds with
/// its maturin and every pytest installed is its pytest.
pub(super) fn versions(
    workflow: &Workflow,
    runs: &[Run],
    dir: &Path,
    facts: &Facts,
) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let Some((_, job)) = workflow.jobs().find(|(name, _)| *name == "versions") else {
        return Ok(vec![
            "no job `versions` reads the project's maturin and pytest pins".into(),
        ]);
    };
    let outputs = run_steps(job, dir)?;
    for (name, want) in [
        ("maturin", format!("v{}", facts.python_tools["maturin"])),
        ("pytest", facts.python_tools["pytest"].clone()),
    ] {
        let expression = job["outputs"][name].as_str().unwrap_or_default();
        let got = expression
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim()
            .strip_prefix("steps.")
            .and_then(|rest| rest.split_once(".outputs."))
            .and_then(|(step, output)| outputs.get(&(step.to_string(), output.to_string())));
        if got != Some(&want) {
            problems.push(format!(
                "job versions gives {name} {got:?} from the project's pins, not {want:?} (hooks/facts.rhai's pin)"
            ));
        }
    }
    for run in runs {
        let needs_versions = needs(run.spec).contains(&"versions");
        for step in run.steps() {
            if action(step) == MATURIN_ACTION {
                let version = run
                    .field(step, "with", "maturin-version")
                    .unwrap_or_default();
                if version != MATURIN_VERSION || !needs_versions {
                    problems.push(format!(
                        "job {} builds with maturin {version:?}, not the project's pin ({MATURIN_VERSION} of a job that needs versions)",
                        run.job
                    ));
                }
            }
            let Some(script) = run.script(step) else {
                continue;
            };
            let installs_pytest = script
                .lines()
                .any(|l| l.contains("pip install") && l.contains("pytest"));
            if installs_pytest
                && (!script.contains("\"pytest==$PYTEST\"")
                    || run.field(step, "env", "PYTEST").as_deref() != Some(PYTEST_VERSION)
                    || !needs_versions)
            {
                problems.push(format!(
                    "job {} installs a pytest other than the project's pin (\"pytest==$PYTEST\", with PYTEST: {PYTEST_VERSION})",
                    run.job
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    Ok(problems)
}

/// Run a job's `run` steps with bash in `dir`, as GitHub would on a runner (only for a job that
/// reads files, as `versions` does); returns each step's outputs by (step id, name).
fn run_steps(
    job: &Value,
    dir: &Path,
) -> Result<std::collections::BTreeMap<(String, String), String>> {
    let mut outputs = std::collections::BTreeMap::new();
    let scratch = tempfile::tempdir()?;
    for step in job["steps"].as_array().into_iter().flatten() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let file = scratch.path().join("output");
        std::fs::write(&file, "")?;
        Cmd::new("bash", &["-e", "-c", script])
            .cwd(dir)
            .env("GITHUB_OUTPUT", &file)
            .quiet()
            .run()?;
        let id = step["id"].as_str().unwrap_or_default();
        for line in std::fs::read_to_string(&file)?.lines() {
            if let Some((name, value)) = line.split_once('=') {
                outputs.insert((id.to_string(), name.to_string()), value.to_string());
            }
        }
    }
    Ok(outputs)
}
