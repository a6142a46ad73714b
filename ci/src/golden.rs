//! The checked-in examples are exactly what the template renders today.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use similar::TextDiff;
use walkdir::WalkDir;

use crate::render::{cli_version, examples, render_to_temp};

/// Every file below `dir`, by its path relative to `dir`.
pub fn read_tree(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(dir)?.to_path_buf();
            files.insert(relative, std::fs::read(entry.path())?);
        }
    }
    Ok(files)
}

/// What differs between two trees, as readable text: one unified diff per changed file.
pub fn diff_trees(expected: &Path, actual: &Path) -> Result<String> {
    let (want, got) = (read_tree(expected)?, read_tree(actual)?);
    let mut report = String::new();
    for (path, want_bytes) in &want {
        match got.get(path) {
            None => report += &format!("{}: no longer rendered\n", path.display()),
            Some(got_bytes) if got_bytes != want_bytes => {
                let (a, b) = (
                    String::from_utf8_lossy(want_bytes),
                    String::from_utf8_lossy(got_bytes),
                );
                let name = path.display().to_string();
                let diff = TextDiff::from_lines(&a, &b);
                report += &diff
                    .unified_diff()
                    .header(
                        &format!("{name} (checked in)"),
                        &format!("{name} (rendered)"),
                    )
                    .to_string();
            }
            Some(_) => {}
        }
    }
    for path in got.keys().filter(|p| !want.contains_key(*p)) {
        report += &format!("{}: rendered, but not checked in\n", path.display());
    }
    Ok(report)
}

/// Render every example afresh and compare it with examples/<name>/; with a `cargo-generate` CLI
/// on PATH, render it with the CLI as well and require the same files.
pub fn check_examples() -> Result<()> {
    let cli = cli_version();
    let mut problems = String::new();
    for example in examples()? {
        let (_parent, rendered) = render_to_temp(&example.render())?;
        let diff = diff_trees(&example.dir, &rendered)?;
        if !diff.is_empty() {
            problems += &format!(
                "examples/{} differs from what the template renders now (run `cargo run -- bless` in ci/ if the change is deliberate):\n{diff}\n",
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

/// Re-render every example into examples/, after a deliberate change of the template.
pub fn bless() -> Result<Vec<String>> {
    let mut blessed = Vec::new();
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

/// Copy every file below `from` to the same place below `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for (path, bytes) in read_tree(from)? {
        let target = to.join(path);
        std::fs::create_dir_all(target.parent().unwrap())?;
        std::fs::write(target, bytes)?;
    }
    Ok(())
}
