//! What a person reads names what is there (issue 29): every path, page and command that a
//! render's READMEs and pages, its scripts' messages and docstrings, its shell scripts' lines and
//! its Rust doc comments name must exist in that render, or be a command its tool has. The root
//! README, CONTRIBUTING.md and docs/ are held to the repository and its examples.
//!
//! - [`check_reads`] (`cargo ci check`): every example, read without building anything.
//! - [`names_exist`]: the same rules for what a script printed at run time, in a built project
//!   (the e2e calls it on the kits' messages and on what the offline install prints).
//!
//! What is read: Markdown's inline code, its links and its shell and text code blocks (prose is
//! English, not names); Python's string literals (docstrings and messages; an f-string's fields
//! are placeholders); the comments and quoted strings of shell and PowerShell scripts; Rust doc
//! comments; the comments of the Pipfile, pyproject.toml and Cargo.toml, and the Pipfile's
//! scripts. A name is
//! - a path: a word with a known file extension, or with a `/` that ends a folder, starts with
//!   `./` or `/tmp/`, or starts with a file or folder of the render (`pass/fail`, `actions/checkout`
//!   are no paths). With a `/` it is relative to the render's root (a Markdown link: to its page);
//!   a bare file name may be anywhere in the render; `*` is a glob and `N` a number in one.
//! - a command: a line that starts with `pipenv`, `uv`, `cargo`, a Python (`python`, `python3.12`,
//!   `py`, `.../bin/python`), `sh`, `bash` or `powershell`.
//!
//! Placeholders (`<module>`, `{page}`, `$kit`, `NN-....md`) are no names. A few paths are made by
//! a command rather than rendered: [`MADE_BY`](paths::MADE_BY) lists them with the command.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::examples::examples;
use crate::repo_root;

mod commands;
mod names;
mod paths;
mod said;
mod tree;

use commands::check_command;
use names::{Name, is_placeholder, names_in};
use paths::check_path;
use said::{Said, read_python, said_in};
pub use tree::Tree;

/// Every example, and the root docs: each name they say exists, or each command runs, as the
/// module's comment says. Returns how many names were checked.
pub fn check_reads() -> Result<usize> {
    let mut problems = Vec::new();
    let mut checked = 0;
    let examples = examples()?;
    let mut renders = Vec::new();
    for example in &examples {
        renders.push(Tree::of_render(&example.dir)?);
    }
    let files: Vec<PathBuf> = renders.iter().flat_map(Tree::python_files).collect();
    let dirs: Vec<PathBuf> = examples.iter().map(|e| e.dir.clone()).collect();
    let mut python = read_python(&files, &dirs)?;
    for (example, tree) in examples.iter().zip(&mut renders) {
        tree.checks = python.checks.remove(&example.dir).unwrap_or_default();
        let shown = format!("examples/{}", example.name);
        checked += read_render(tree, &example.dir, &shown, &python.strings, &mut problems)?;
    }
    let repository = Tree::of_repository(&renders)?;
    let root = repo_root();
    let mut docs = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    for entry in std::fs::read_dir(root.join("docs"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    docs.sort();
    for doc in docs {
        let relative = doc.strip_prefix(&root)?.to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&doc)?;
        for (line, said) in said_in(&relative, &text) {
            let base = Path::new(&relative).parent().unwrap_or(Path::new(""));
            checked += check_said(&repository, &said, base, &text, |p| {
                problems.push(format!("{relative}:{line}: names {p}"))
            });
        }
    }
    if !problems.is_empty() {
        bail!(
            "what people read names what is not there:\n{}",
            problems.join("\n")
        );
    }
    Ok(checked)
}

/// Every file of the render at `dir` that a person reads; problems as `<shown>/<file>:<line>:
/// names ...`. Returns how many names were checked.
fn read_render(
    tree: &Tree,
    dir: &Path,
    shown: &str,
    strings: &[(PathBuf, usize, String)],
    problems: &mut Vec<String>,
) -> Result<usize> {
    let mut checked = 0;
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (relative, bytes) in crate::fs::read_tree(dir)? {
        let name = relative.to_string_lossy().replace('\\', "/");
        if name.starts_with("target/") || name.starts_with(".venv/") || name.starts_with("dist/") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if name.ends_with(".py") {
            texts.insert(dir.join(&relative), text);
            continue;
        }
        let base = relative.parent().unwrap_or(Path::new("")).to_path_buf();
        for (line, said) in said_in(&name, &text) {
            checked += check_said(tree, &said, &base, &text, |p| {
                problems.push(format!("{shown}/{name}:{line}: names {p}"))
            });
        }
    }
    for (path, line, string) in strings.iter().filter(|(p, _, _)| p.starts_with(dir)) {
        let name = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        let text = &texts[path];
        for (offset, piece) in string.lines().enumerate() {
            let said = Said::Prose(piece.to_string());
            checked += check_said(tree, &said, Path::new(""), text, |p| {
                problems.push(format!("{shown}/{name}:{}: names {p}", line + offset))
            });
        }
    }
    Ok(checked)
}

/// What a script of the project at `dirs[0]` printed (`said`: where it came from, and the text):
/// every path and command it names is there, by the rules of [`check_reads`], a path relative to
/// the project or to one of the other `dirs` (an offline bundle's folder); an absolute path must
/// exist on this machine. The e2e asks it of the kits' messages and of the offline bundle's.
pub fn names_exist(dirs: &[&Path], said: &[(String, String)]) -> Result<usize> {
    let dir = dirs.first().context("names_exist: no project")?;
    let mut tree = Tree::of_render(dir)?;
    tree.run_time = true;
    tree.checks = read_python(&[], &[dir.to_path_buf()])?
        .checks
        .remove(*dir)
        .unwrap_or_default();
    for other in &dirs[1..] {
        tree.roots.push(other.to_path_buf());
        tree.walk(other)?;
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (whose, text) in said {
        for line in text.lines() {
            checked += check_said(
                &tree,
                &Said::Prose(line.to_string()),
                Path::new(""),
                "",
                |p| problems.push(format!("{whose}: names {p}")),
            );
        }
    }
    if !problems.is_empty() {
        bail!(
            "what the scripts of {} print names what is not there:\n{}",
            dir.display(),
            problems.join("\n")
        );
    }
    Ok(checked)
}

/// Check each name `said` holds; each problem is `report`ed as "<name>, which ...". `base`: the
/// folder of the file, for its links; `text`: the whole file, for what its commands make.
/// Returns how many names were checked.
fn check_said(
    tree: &Tree,
    said: &Said,
    base: &Path,
    text: &str,
    mut report: impl FnMut(String),
) -> usize {
    match said {
        Said::Link(target) => {
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains(':') || is_placeholder(target) {
                return 0;
            }
            let path = normalize(&base.join(target));
            if !tree.has(&path, target.ends_with('/')) {
                report(format!(
                    "{target} (a link), which does not exist in {}",
                    tree.what()
                ));
            }
            1
        }
        Said::Code(words) | Said::Prose(words) => {
            let mut checked = 0;
            for name in names_in(words, tree, matches!(said, Said::Code(_))) {
                checked += 1;

                let problem = match &name {
                    Name::Path(path) => {
                        check_path(tree, path, text).map(|why| format!("{path}, which {why}"))
                    }
                    Name::Command(command) => check_command(tree, command, text)
                        .map(|why| format!("`{}`, {why}", command.join(" "))),
                };
                if let Some(problem) = problem {
                    report(problem);
                }
            }
            checked
        }
    }
}

/// `a/./b/../c` as `a/c`, with `/`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_progress_prints_names_a_page_and_an_exercise_of_the_kit() {
        let kit = crate::examples_dir().join("workshop-instructor");
        let said = |text: &str| [("progress".to_string(), text.to_string())];
        let right =
            "next: docs/en/02-profile.md (its tests' output in full: pipenv run progress 2)";
        assert_eq!(names_exist(&[&kit], &said(right)).unwrap(), 2);
        let wrong = "next: docs/en/02-profiles.md (its tests' output in full: pipenv run progress 9)\n\
                     every exercise is done! Every check of the kit: pipenv run check pytest";
        let error = format!("{:#}", names_exist(&[&kit], &said(wrong)).unwrap_err());
        for expected in [
            "progress: names docs/en/02-profiles.md, which does not exist in the render",
            "progress: names `pipenv run progress 9`, whose exercise 9 is not one of the kit's, 0 to 8",
            "progress: names `pipenv run check pytest`, whose pytest is not a check of check.py (build,",
        ] {
            assert!(
                error.contains(expected),
                "{expected:?} missing from {error}"
            );
        }
    }
}
