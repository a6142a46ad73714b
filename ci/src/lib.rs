//! The pyo3-starter test harness (the cargo `xtask` pattern): everything CI checks, as a library
//! that `cargo test` (tests/) and the command line (src/main.rs, `cargo ci`) share.
//!
//! Modules only import modules listed above them here: the shared base first (fs and cmd at its
//! bottom), then the jobs, each a folder, then main at the top. A job's folder imports the base
//! and the jobs above it, never one below.

pub mod cmd;
pub mod facts;
pub mod fs;

pub mod sid;

pub mod pythons;
pub mod render;
pub mod uv;

pub mod examples;
pub mod project;

// The jobs: the static checks of the renders, the answers' table with its refusals, the
// end-to-end builds; perf's figures, the pins, the GitHub workflows.
pub mod static_checks;

pub mod answers;
pub mod e2e;
pub mod perf;
pub mod pins;
pub mod workflows;

use std::path::{Path, PathBuf};

/// The repository root: ci/ lives directly below it. `PYO3_STARTER_ROOT` names another copy of
/// the repository instead: the harness's own tests break a copy on purpose to see the checks fail.
pub fn repo_root() -> PathBuf {
    if let Some(root) = std::env::var_os("PYO3_STARTER_ROOT") {
        return root.into();
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What the harness reads of the repository besides itself: the template, its hooks, the
/// examples, and the files that quote the facts (quotes.rs). And docs/, which quotes none: the
/// facts test proves that a changed fact is nowhere in the copy any more, docs/ included.
pub const READ_BY_THE_HARNESS: &[&str] = &[
    "template",
    "hooks",
    "examples",
    ".github",
    "README.md",
    "CONTRIBUTING.md",
    "docs",
    "rust-toolchain.toml",
];

/// A copy of [`READ_BY_THE_HARNESS`] in `to`: a repository to break on purpose, or to change a
/// fact of, then run the harness on (with `PYO3_STARTER_ROOT`).
pub fn copy_repository(to: &Path) -> anyhow::Result<()> {
    for part in READ_BY_THE_HARNESS {
        let from = repo_root().join(part);
        if from.is_dir() {
            fs::copy_tree(&from, &to.join(part))?;
        } else {
            std::fs::copy(&from, to.join(part))?;
        }
    }
    Ok(())
}

/// The template files cargo-generate renders.
pub fn template_dir() -> PathBuf {
    repo_root().join("template")
}

/// examples/: each `<name>.toml` values file renders the project checked in as `<name>/`.
pub fn examples_dir() -> PathBuf {
    repo_root().join("examples")
}

/// The template's configuration file: cargo-generate reads it, and leaves it out of the output.
pub const CONFIG_FILE: &str = "cargo-generate.toml";

/// template/cargo-generate.toml, parsed.
pub fn template_config() -> anyhow::Result<toml::Table> {
    let text = std::fs::read_to_string(template_dir().join(CONFIG_FILE))?;
    Ok(text.parse()?)
}

/// The answers of the `language` question, as hooks/questions.rhai offers them.
pub fn languages() -> anyhow::Result<Vec<String>> {
    let questions = facts::questions()?;
    let choices = questions["language"]["choices"]
        .as_array()
        .ok_or_else(|| anyhow::anyhow!("hooks/questions.rhai: language has no choices"))?;
    Ok(choices
        .iter()
        .filter_map(|c| c.as_str().map(String::from))
        .collect())
}
