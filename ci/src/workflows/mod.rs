//! The GitHub Actions workflows, this repository's and every example's, pass the ecosystem's
//! workflow linters: check-jsonschema (the structure GitHub accepts) and zizmor (security:
//! template injection, permissions, unpinned actions, cache poisoning, credentials). Both come
//! from PyPI; .ci/run installs the pinned versions.
//!
//! Then what the linters cannot see: each generated workflow's wheels (wheels/: the targets of
//! `maturin generate-ci`, every wheel tested before the release, the project's pinned maturin and
//! pytest), and that tests.yml's job `kit`, which runs on Windows, never needs the harness,
//! which does not compile there.

mod wheels;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::examples::examples;
use crate::render::{Render, render_to_temp};
use crate::repo_root;

pub use wheels::{GENERATE_CI_TARGETS, Platform, loads};

/// The workflow files below `dir`/.github/workflows.
fn workflows_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let folder = dir.join(".github/workflows");
    if !folder.is_dir() {
        return Ok(vec![]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"));
    files.sort();
    Ok(files)
}

/// Run one linter on one file; its whole output is the error if it finds anything.
fn lint(program: &str, args: &[&str], file: &Path) -> Result<()> {
    let file = file.display().to_string();
    match Cmd::new(program, &[args, &[&file]].concat()).run() {
        Ok(_) => Ok(()),
        Err(e) if e.downcast_ref::<std::io::Error>().is_some() => {
            Err(e.context(format!("install {program} with .ci/run")))
        }
        Err(e) => Err(e),
    }
}

/// Lint every workflow and Dependabot configuration; returns how many files passed. An example has a workflow exactly when
/// its `github_ci` answer (its values file's, or the question's default) is true and it is not a
/// workshop kit (`workshop` other than "none"), whose checks fail until its exercises are done.
pub fn check() -> Result<usize> {
    let questions = crate::facts::questions()?;
    let default = questions["github_ci"]["default"]
        .as_bool()
        .context("github_ci's default in hooks/questions.rhai")?;
    let no_kit = questions["workshop"]["default"]
        .as_str()
        .context("workshop's default in hooks/questions.rhai")?;
    let mut files = workflows_in(&repo_root())?;
    let facts = crate::facts::facts()?;
    let mut logic = Vec::new();
    for example in examples()? {
        let values: toml::Table = std::fs::read_to_string(&example.values_file)?.parse()?;
        let kit = values["values"]
            .get("workshop")
            .and_then(|v| v.as_str())
            .is_some_and(|w| w != no_kit);
        let wanted = !kit
            && values["values"]
                .get("github_ci")
                .and_then(|v| v.as_bool())
                .unwrap_or(default);
        let found = workflows_in(&example.dir)?;
        if found.is_empty() == wanted {
            bail!(
                "examples/{}: github_ci is {wanted}, but it has {} workflow files",
                example.name,
                found.len()
            );
        }
        // Where there is a workflow, Dependabot keeps its pinned actions (and the rest) current.
        let dependabot = example.dir.join(".github/dependabot.yml");
        if wanted != dependabot.is_file() {
            bail!(
                "examples/{}: github_ci is {wanted}, but .github/dependabot.yml {}",
                example.name,
                if wanted { "is missing" } else { "is there" }
            );
        }
        if wanted {
            let shown = format!("examples/{}/.github/workflows/CI.yml", example.name);
            let workflow =
                wheels::Workflow::read(&example.dir.join(".github/workflows/CI.yml"), &shown)?;
            logic.extend(wheels::problems(&workflow, &example.dir, &facts)?);
        }
        files.extend(found);
        files.extend(wanted.then_some(dependabot));
    }
    logic.extend(kit_needs_no_harness()?);
    // A uv project with a workflow, which no example is: its test job runs uv, its `versions` job
    // reads pyproject.toml's dev group, and its Dependabot configuration has the `uv` ecosystem
    // where a pipenv project's has `pip`.
    let (_uv_parent, uv_project) = render_to_temp(&Render::named("uv-ci").define("tool", "uv"))?;
    let shown = "uv-ci (tool = \"uv\")/.github/workflows/CI.yml";
    let workflow = wheels::Workflow::read(&uv_project.join(".github/workflows/CI.yml"), shown)?;
    logic.extend(wheels::problems(&workflow, &uv_project, &facts)?);
    files.extend(workflows_in(&uv_project)?);
    files.push(uv_project.join(".github/dependabot.yml"));
    let mut problems = logic;
    for file in &files {
        let schema = if file.ends_with(".github/dependabot.yml") {
            "vendor.dependabot"
        } else {
            "vendor.github-workflows"
        };
        let checks = [
            lint("check-jsonschema", &["--builtin-schema", schema], file),
            lint("zizmor", &["--offline", "--persona", "pedantic"], file),
        ];
        problems.extend(
            checks
                .into_iter()
                .filter_map(Result::err)
                .map(|e| format!("{e:#}")),
        );
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(files.len())
}

/// The `cargo` commands that compile the harness (ci/).
const HARNESS_COMMANDS: &[&str] = &["cargo ci", "--manifest-path ci", "cargo run"];

/// tests.yml's job `kit` runs on Windows, where the harness does not compile (rexpect's pty and
/// `std::os::unix`): none of its steps may run it. It uses the checked-in example instead.
fn kit_needs_no_harness() -> Result<Vec<String>> {
    let shown = ".github/workflows/tests.yml";
    let workflow = wheels::Workflow::read(&repo_root().join(shown), shown)?;
    let Some((_, kit)) = workflow.jobs().find(|(name, _)| *name == "kit") else {
        return Ok(vec![format!("{shown}: no job `kit`")]);
    };
    let mut problems = Vec::new();
    for step in kit["steps"].as_array().into_iter().flatten() {
        let script = step["run"].as_str().unwrap_or_default();
        for command in HARNESS_COMMANDS {
            if script.contains(command) {
                problems.push(format!(
                    "{shown}: job kit runs `{command}`, which compiles ci/, on Windows, where ci/ does not compile (rexpect, std::os::unix): use the checked-in example"
                ));
            }
        }
    }
    Ok(problems)
}
