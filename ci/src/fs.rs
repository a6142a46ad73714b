//! File trees: read, copy and compare whole directories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use similar::TextDiff;
use walkdir::WalkDir;

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

/// Copy every file below `from` to the same place below `to`.
pub fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    for (path, bytes) in read_tree(from)? {
        let target = to.join(path);
        std::fs::create_dir_all(target.parent().unwrap())?;
        std::fs::write(target, bytes)?;
    }
    Ok(())
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
