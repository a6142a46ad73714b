//! Nothing a user already has is overwritten: generating into an existing directory is refused,
//! and `--init` into a non-empty directory keeps every file that is already there. Checked through
//! the cargo-generate library and, when installed, the CLI.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::fs::read_tree;
use crate::render::{Render, cli_version};

/// A user's own files, some of them at paths the template also writes.
const USERS_FILES: &[(&str, &str)] = &[
    ("notes.txt", "my notes\n"),
    ("Cargo.toml", "[package]\nname = \"mine\"\n"),
    ("README.md", "# My own README\n"),
    ("src/lib.rs", "// my own code\n"),
];

/// What cargo-generate says when the project's directory already exists (0.23 and 0.26 alike).
const EXISTS: &str = "Target directory already exists";

fn users_dir(parent: &Path, name: &str) -> Result<PathBuf> {
    let dir = parent.join(name);
    for (path, text) in USERS_FILES {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap())?;
        std::fs::write(file, text)?;
    }
    Ok(dir)
}

/// Every file of the user's is still there, byte for byte.
fn users_files_kept(dir: &Path) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let tree = read_tree(dir)?;
    for (path, text) in USERS_FILES {
        match tree.get(Path::new(path)) {
            Some(bytes) if bytes == text.as_bytes() => {}
            Some(_) => bail!("{path} was overwritten"),
            None => bail!("{path} was deleted"),
        }
    }
    Ok(tree)
}

/// Generating a project whose directory exists is refused, and the directory is left as it was.
fn existing_directory_refused(via: &str, generate: impl Fn(&Path) -> Result<String>) -> Result<()> {
    let parent = tempfile::tempdir()?;
    let dir = users_dir(parent.path(), "fibonacci")?;
    match generate(parent.path()) {
        Ok(said) if said.contains(EXISTS) => {}
        Ok(said) => bail!("{via}: generating into an existing directory was not refused: {said}"),
        Err(e) => bail!("{via}: {e:#}"),
    }
    let tree = users_files_kept(&dir)?;
    if tree.len() != USERS_FILES.len() {
        bail!("{via}: files were added to the existing directory");
    }
    Ok(())
}

/// `--init` into a non-empty directory keeps the user's files and adds the rest of the project.
fn init_keeps_files(via: &str, generate: impl Fn(&Path) -> Result<()>) -> Result<()> {
    let parent = tempfile::tempdir()?;
    let dir = users_dir(parent.path(), "fibonacci")?;
    generate(&dir).map_err(|e| anyhow::anyhow!("{via}: --init failed: {e:#}"))?;
    let tree = users_files_kept(&dir).map_err(|e| anyhow::anyhow!("{via}: --init: {e:#}"))?;
    if !tree.contains_key(Path::new("pyproject.toml")) {
        bail!("{via}: --init did not add the template's other files");
    }
    Ok(())
}

/// Both checks, with the library and (when on PATH) the CLI; returns how many runs passed.
pub fn check() -> Result<usize> {
    let render = Render::named("fibonacci");
    let mut runs = 0;
    existing_directory_refused("library", |parent| match render.with_library(parent) {
        Ok(dir) => bail!("rendered into {}", dir.display()),
        Err(e) => Ok(format!("{e:#}")),
    })?;
    init_keeps_files("library", |dir| {
        render.clone().init().with_library(dir).map(|_| ())
    })?;
    runs += 2;
    if let Some(version) = cli_version() {
        existing_directory_refused(&version, |parent| {
            let out = render.with_cli(parent)?;
            if out.status.success() {
                bail!("exited 0");
            }
            Ok(String::from_utf8_lossy(&out.stderr).into_owned())
        })?;
        init_keeps_files(&version, |dir| {
            let out = render.clone().init().with_cli(dir)?;
            if !out.status.success() {
                bail!("{}", String::from_utf8_lossy(&out.stderr));
            }
            Ok(())
        })?;
        runs += 2;
    }
    Ok(runs)
}
