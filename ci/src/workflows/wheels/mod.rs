//! What a generated project's workflow (its CI.yml) does with the wheels, which no linter sees:
//! it builds at least the targets of `maturin generate-ci github`, every wheel it uploads is
//! installed and tested on an interpreter that loads it before `release` publishes it, and it
//! builds with the maturin and tests with the pytest that the project pins (its Pipfile, or the dev
//! group of a uv project's pyproject.toml).
//!
//! The workflow is read as GitHub reads it (YAML), and each job is taken once per entry of its
//! matrix, with the `${{ matrix.* }}` expressions filled in; the other expressions stay as text.

use std::path::Path;

use anyhow::Result;

use crate::facts::Facts;

mod targets;
mod tested;
mod versions;
mod workflow;

use targets::targets;
pub use targets::{GENERATE_CI_TARGETS, Platform};
pub use tested::loads;
use tested::tested;
use versions::versions;
pub use workflow::Workflow;

/// The actions the checks look for in a workflow's steps.
const MATURIN_ACTION: &str = "PyO3/maturin-action";
const UPLOAD: &str = "actions/upload-artifact";
const DOWNLOAD: &str = "actions/download-artifact";
const PUBLISH: &str = "pypa/gh-action-pypi-publish";

/// Every check of this module on one generated project's workflow (`dir` holds the project, its
/// pins among it); the problems found, each naming the workflow.
pub fn problems(workflow: &Workflow, dir: &Path, facts: &Facts) -> Result<Vec<String>> {
    let runs = workflow.runs()?;
    let mut problems = targets(&runs);
    problems.extend(tested(workflow, &runs));
    problems.extend(versions(workflow, &runs, dir, facts)?);
    Ok(problems
        .into_iter()
        .map(|p| format!("{}: {p}", workflow.shown))
        .collect())
}
