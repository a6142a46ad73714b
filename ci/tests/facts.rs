//! One fact, one edit: in a copy of the repository, change a fact of hooks/facts.rhai, run
//! `ci bless`, and every place that uses the fact follows (the examples, the quotes, the table of
//! CONTRIBUTING.md), while nothing else changes (`cargo test --test facts`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use pyo3_starter_ci::facts::{facts, fill};
use pyo3_starter_ci::{READ_BY_THE_HARNESS, copy_repository, fs::read_tree, repo_root};
use similar::{ChangeTag, TextDiff};

/// A copy of the repository with `edit` applied to hooks/facts.rhai, then blessed.
fn blessed_copy(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let copy = tempfile::tempdir().unwrap();
    copy_repository(copy.path()).unwrap();
    let facts = copy.path().join("hooks/facts.rhai");
    let text = std::fs::read_to_string(&facts).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(&facts, edited).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_pyo3-starter-ci"))
        .arg("bless")
        .env("PYO3_STARTER_ROOT", copy.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bless failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    copy
}

/// Every file of the repository's copied parts, by path, as text.
fn texts(root: &Path) -> BTreeMap<PathBuf, String> {
    let mut files = BTreeMap::new();
    for part in READ_BY_THE_HARNESS {
        let path = root.join(part);
        if path.is_file() {
            files.insert(part.into(), std::fs::read_to_string(path).unwrap());
            continue;
        }
        for (below, bytes) in read_tree(&path).unwrap() {
            files.insert(
                Path::new(part).join(below),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        }
    }
    files
}

/// The lines each changed file lost and gained, hooks/facts.rhai left out.
fn changes(copy: &Path) -> BTreeMap<PathBuf, (Vec<String>, Vec<String>)> {
    let (before, after) = (texts(&repo_root()), texts(copy));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "bless added or removed files"
    );
    let mut changed = BTreeMap::new();
    for (path, old) in &before {
        let new = &after[path];
        if old == new || path.ends_with("hooks/facts.rhai") {
            continue;
        }
        let (mut lost, mut gained) = (Vec::new(), Vec::new());
        for change in TextDiff::from_lines(old, new).iter_all_changes() {
            match change.tag() {
                ChangeTag::Delete => lost.push(change.value().to_string()),
                ChangeTag::Insert => gained.push(change.value().to_string()),
                ChangeTag::Equal => {}
            }
        }
        changed.insert(path.clone(), (lost, gained));
    }
    changed
}

#[test]
fn a_new_pipenv_pin_reaches_every_place_and_nothing_else() {
    let old = facts().unwrap().get("pipenv").unwrap();
    let new = "2099.1.1";
    let copy = blessed_copy(|text| {
        text.replace(&format!("pipenv: \"{old}\""), &format!("pipenv: \"{new}\""))
    });
    let changed = changes(copy.path());
    for (path, (lost, gained)) in &changed {
        // Each changed line is an old one with the pin replaced.
        let mut replaced: Vec<String> = lost.iter().map(|l| l.replace(&old, new)).collect();
        let mut gained = gained.clone();
        replaced.sort();
        gained.sort();
        assert_eq!(
            replaced,
            gained,
            "{} changed more than the pin",
            path.display()
        );
    }
    // Every place followed: the old pin is nowhere any more.
    for (path, text) in texts(copy.path()) {
        assert!(!text.contains(&old), "{} still has {old}", path.display());
    }
    for place in [
        "README.md",
        "CONTRIBUTING.md",
        "examples/fibonacci/README.md",
        "examples/fibonacci/.github/workflows/CI.yml",
        "examples/workshop-instructor/preflight.py",
        "examples/workshop-instructor/offline/bundle.py",
    ] {
        assert!(
            changed.contains_key(Path::new(place)),
            "{place} did not follow"
        );
    }
}

#[test]
fn a_newer_python_reaches_every_place_and_nothing_else() {
    let newest = facts().unwrap().newest_python().to_string();
    let newer = fill("{after-newest}");
    // python_versions() ends with the newest: the newer one is added after it.
    let copy = blessed_copy(|text| {
        let line = text
            .lines()
            .find(|l| l.starts_with("fn python_versions()"))
            .unwrap();
        let longer = line.replace(
            &format!("\"{newest}\"] }}"),
            &format!("\"{newest}\", \"{newer}\"] }}"),
        );
        text.replace(line, &longer)
    });
    let changed = changes(copy.path());
    // A version as a list has it (3.16), or as a wheel's tag does (cp316).
    let has = |line: &str, version: &str| {
        line.contains(version) || line.contains(&format!("cp{}", version.replace('.', "")))
    };
    for (path, (lost, gained)) in &changed {
        // Lists grow by the new version; a range's end moves from the old newest to it.
        for line in gained {
            assert!(has(line, &newer), "{}: gained {line:?}", path.display());
        }
        for line in lost {
            assert!(has(line, &newest), "{}: lost {line:?}", path.display());
        }
    }
    for place in [
        "README.md",
        "CONTRIBUTING.md",
        "docs/workshops.md",
        "examples/fibonacci/pyproject.toml",
        "examples/fibonacci/.github/workflows/CI.yml",
        "examples/gil/.github/workflows/CI.yml",
        "examples/workshop-kit/pyproject.toml",
    ] {
        assert!(
            changed.contains_key(Path::new(place)),
            "{place} did not follow"
        );
    }
}
