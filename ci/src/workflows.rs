//! The GitHub Actions workflows, this repository's and every example's, pass the ecosystem's
//! workflow linters: check-jsonschema (the structure GitHub accepts) and zizmor (security:
//! template injection, permissions, unpinned actions, cache poisoning, credentials). Both come
//! from PyPI; .ci/run installs the pinned versions.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::render::examples;
use crate::{lint, repo_root};

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
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .with_context(|| format!("cannot run {program}: install it with .ci/run"))?;
    if !out.status.success() {
        bail!(
            "{program} {} {}:\n{}{}",
            args.join(" "),
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Lint every workflow; returns how many files passed. An example has a workflow exactly when
/// its `github_ci` answer (its values file's, or the question's default) is true.
pub fn check() -> Result<usize> {
    let default = lint::config()?["placeholders"]["github_ci"]["default"]
        .as_bool()
        .context("github_ci's default in cargo-generate.toml")?;
    let mut files = workflows_in(&repo_root())?;
    for example in examples()? {
        let values: toml::Table = std::fs::read_to_string(&example.values_file)?.parse()?;
        let wanted = values["values"]
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
        files.extend(found);
    }
    let mut problems = Vec::new();
    for file in &files {
        let checks = [
            lint(
                "check-jsonschema",
                &["--builtin-schema", "vendor.github-workflows"],
                file,
            ),
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
