//! The checked-in examples are exactly what the template renders today, and every quote of a
//! fact outside template/ equals hooks/facts.rhai (static_checks/quotes.rs).

use anyhow::{Result, bail};

use super::quotes::{bless_quotes, check_quotes};
use crate::examples::examples;
use crate::fs::{copy_tree, diff_trees};
use crate::render::{cli_version, render_to_temp};

/// Render every example afresh and compare it with examples/<name>/; with a `cargo-generate` CLI
/// on PATH, render it with the CLI as well and require the same files. Then the quotes of the
/// facts outside template/.
pub fn check_examples() -> Result<()> {
    let cli = cli_version();
    let mut problems = String::new();
    if let Err(e) = check_quotes() {
        problems += &format!("{e:#}\n");
    }
    for example in examples()? {
        let (_parent, rendered) = render_to_temp(&example.render())?;
        let diff = diff_trees(&example.dir, &rendered)?;
        if !diff.is_empty() {
            problems += &format!(
                "examples/{} differs from what the template renders now (run `cargo ci bless` if the change is deliberate):\n{diff}\n",
                example.name
            );
        }
        if let Some(version) = &cli {
            let parent = tempfile::tempdir()?;
            let out = example.render().with_cli(parent.path())?;
            if !out.status.success() {
                problems += &format!(
                    "{version} failed on examples/{}:\n{}\n",
                    example.name,
                    String::from_utf8_lossy(&out.stderr)
                );
                continue;
            }
            let diff = diff_trees(&rendered, &parent.path().join(&example.name))?;
            if !diff.is_empty() {
                problems += &format!(
                    "{version} renders examples/{} differently from the library:\n{diff}\n",
                    example.name
                );
            }
        }
    }
    if !problems.is_empty() {
        bail!("{problems}");
    }
    Ok(())
}

/// Re-render every example into examples/, after a deliberate change of the template, and
/// rewrite the quotes of the facts outside template/.
pub fn bless() -> Result<Vec<String>> {
    let mut blessed = bless_quotes()?;
    for example in examples()? {
        let (_parent, rendered) = render_to_temp(&example.render())?;
        if example.dir.exists() {
            std::fs::remove_dir_all(&example.dir)?;
        }
        copy_tree(&rendered, &example.dir)?;
        blessed.push(example.name);
    }
    Ok(blessed)
}
