//! The checked-in workshop kits, read without a build (examples.rs's [`Kit`] marks their rows):
//! the pages of the two languages mirror each other (mirror.rs), and no solution's text is in an
//! attendee kit. Building a kit as its README says is e2e/kit.rs's.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::mirror;
use crate::examples::{BUILDS, Kit, example_named};
use crate::fs::read_tree;

/// A line of a solution at least this long (trimmed) is the solution's own text; shorter lines
/// (`}`, `Ok(())`, `count += 1;`) are too common to tell anything.
const MIN_SOLUTION_LINE: usize = 12;

/// The checked-in kits: the pages of every language mirror each other (the same files, the same
/// fenced code blocks), an instructor's kit has both languages and an attendee's one, and no line
/// of a solution is in an attendee kit. Returns how many kits were checked.
pub fn check_kits() -> Result<usize> {
    let mut problems = Vec::new();
    let mut solutions = Vec::new();
    let mut attendee_kits = Vec::new();
    let kits: Vec<(Kit, &str)> = BUILDS
        .iter()
        .filter(|b| b.python_version.is_none())
        .filter_map(|b| b.kit.map(|kit| (kit, b.example)))
        .collect();
    for &(kit, name) in &kits {
        let dir = example_named(name)?.dir;
        problems.extend(mirror::pages_problems(name, &dir, kit)?);
        match kit {
            Kit::Instructor => solutions.extend(solution_lines(&dir)?),
            Kit::Attendee => attendee_kits.push((name, dir)),
        }
    }
    if solutions.is_empty() {
        problems.push("no instructor kit among the examples has solutions to look for".into());
    }
    for (name, dir) in &attendee_kits {
        for (path, bytes) in read_tree(dir)? {
            if path.starts_with("solutions") {
                problems.push(format!(
                    "examples/{name}/{}: an attendee kit with solutions",
                    path.display()
                ));
            }
            let text = String::from_utf8_lossy(&bytes);
            for (solution, line) in &solutions {
                if text.contains(line.as_str()) {
                    problems.push(format!(
                        "examples/{name}/{} holds a line of {solution}: {line}",
                        path.display()
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(kits.len())
}

/// The solutions' own lines: each line of solutions/exN_*.rs (trimmed, long enough) that the stub
/// it replaces, src/exercises/exN_*.rs of the same kit, does not have. By solution file.
fn solution_lines(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut lines = Vec::new();
    for (path, bytes) in read_tree(&dir.join("solutions"))? {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stub_path = dir.join("src/exercises").join(&path);
        let stub = std::fs::read_to_string(&stub_path)
            .with_context(|| format!("solutions/{} replaces no stub", path.display()))?;
        let stub: BTreeSet<&str> = stub.lines().map(str::trim).collect();
        let solution = String::from_utf8_lossy(&bytes).into_owned();
        for line in solution.lines().map(str::trim) {
            if line.chars().count() >= MIN_SOLUTION_LINE && !stub.contains(line) {
                lines.push((format!("solutions/{}", path.display()), line.to_string()));
            }
        }
    }
    Ok(lines)
}
