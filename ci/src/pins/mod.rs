//! `cargo ci pins`: every version pin of the repository, with the newest release its registry
//! has, so that pins age visibly. Not part of `.ci/run` (an upstream release must not break a
//! submission): `.github/workflows/tests.yml` runs it weekly.
//!
//! The pins are hooks/facts.rhai's (facts.rs reads them: the generated projects' crates and
//! Python tools, the harness's tools, the GitHub actions; a pin kept behind on purpose says why
//! in its held()) and the harness's own crates in ci/Cargo.toml. compare.rs says whether each is
//! behind, registry.rs asks crates.io, PyPI and GitHub.
//!
//! A registry that cannot be reached (GitHub, from a sandbox) makes its pins "unresolvable from
//! here", which is no failure.

mod compare;
mod registry;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, bail};

pub use compare::{Status, compare_action, compare_version, newest, release};
pub use registry::{ls_remote_tags, sparse_index_versions};

use crate::facts::{facts, facts_file};

/// Where a pinned thing is released.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Registry {
    Crates,
    PyPI,
    GitHub,
}

/// What a pin says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// A Cargo version requirement: `=0.26.0`, `0.30.1` (caret), `>=0.23.14, <0.27`.
    Requirement(String),
    /// Exactly this version.
    Exact(String),
    /// A GitHub action: the commit it is pinned to (none if it is pinned by tag only) and the
    /// tag that commit is named by.
    Action { commit: Option<String>, tag: String },
}

/// One pin, at the first line of its file that has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The file, relative to the repository root, with `/` separators.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// How many lines of the file have this same pin.
    pub uses: usize,
    pub registry: Registry,
    /// The crate, the PyPI package, or the action's `owner/repo`.
    pub name: String,
    pub spec: Spec,
    /// Why the pin is held back, from hooks/facts.rhai's held().
    pub held: Option<String>,
}

impl fmt::Display for Spec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Spec::Requirement(req) => write!(f, "{req}"),
            Spec::Exact(version) => write!(f, "={version}"),
            Spec::Action {
                commit: Some(sha),
                tag,
            } => write!(f, "{tag} @{}", &sha[..7]),
            Spec::Action { commit: None, tag } => write!(f, "{tag} (no commit)"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Finding the pins.

/// Every pin: hooks/facts.rhai's, then ci/Cargo.toml's crates (below `root`).
pub fn find(root: &Path) -> Result<Vec<Pin>> {
    let facts = facts()?;
    let facts_text = std::fs::read_to_string(facts_file())?;
    // The line of the table that has `value`, for the report.
    let line_of = |value: &str| {
        facts_text
            .lines()
            .position(|l| l.contains(value))
            .map_or(0, |i| i + 1)
    };
    let mut pins = Vec::new();
    let mut add = |registry: Registry, name: &str, spec: Spec, value: &str| {
        pins.push(Pin {
            file: "hooks/facts.rhai".into(),
            line: line_of(value),
            uses: 1,
            registry,
            name: name.to_string(),
            spec,
            held: facts.held.get(name).cloned(),
        });
    };
    for (tables, registry) in [
        (vec![&facts.crates, &facts.harness_crates], Registry::Crates),
        (
            vec![
                &facts.python_tools,
                &facts.harness_python_tools,
                &facts.instructor_python_tools,
            ],
            Registry::PyPI,
        ),
    ] {
        for table in tables {
            for (name, version) in table {
                add(registry, name, Spec::Exact(version.clone()), version);
            }
        }
    }
    for uses in facts.actions.values() {
        let (repo, spec) = action(&format!("uses: {uses}"))
            .with_context(|| format!("facts.rhai: action {uses:?}"))?;
        add(Registry::GitHub, &repo, spec, uses);
    }
    let manifest = "ci/Cargo.toml";
    let text = std::fs::read_to_string(root.join(manifest))?;
    let mut section = "";
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed;
        } else if section.ends_with("dependencies]")
            && let Some((name, version)) = key_and_version(trimmed)
        {
            pins.push(Pin {
                file: manifest.into(),
                line: i + 1,
                uses: 1,
                registry: Registry::Crates,
                name,
                spec: Spec::Requirement(version),
                held: None,
            });
        }
    }
    Ok(pins)
}

/// The first string literal of `s` (after the opening `"`), if it is a literal version rather
/// than a Liquid placeholder.
fn literal(s: &str) -> Option<String> {
    let (_, rest) = s.split_once('"')?;
    let (value, _) = rest.split_once('"')?;
    (!value.contains("{{") && !value.is_empty()).then(|| value.to_string())
}

/// A TOML line `name = "version"` or `name = { version = "version", ... }`: the name and the
/// version; None for comments, Liquid tags and dependencies without a version (path, git).
fn key_and_version(line: &str) -> Option<(String, String)> {
    if line.starts_with('#') || line.starts_with("{%") {
        return None;
    }
    let (key, value) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    let value = value.trim();
    let version = if value.starts_with('"') {
        literal(value)?
    } else if value.starts_with('{') {
        literal(value.split_once("version")?.1)?
    } else {
        return None;
    };
    Some((key.to_string(), version))
}

/// A workflow line `uses: owner/repo[/path]@ref # vX.Y.Z`: `owner/repo` and the pin. Local
/// actions (`./`) and Docker images are not pins of a release.
fn action(line: &str) -> Option<(String, Spec)> {
    let (_, rest) = line.split_once("uses:")?;
    let (target, comment) = rest.split_once('#').unwrap_or((rest, ""));
    let (path, reference) = target
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .split_once('@')?;
    if path.starts_with("./") || path.starts_with("docker://") {
        return None;
    }
    let mut parts = path.split('/');
    let repo = format!("{}/{}", parts.next()?, parts.next()?);
    let is_commit = reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit());
    let spec = if is_commit {
        let tag = comment
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(',');
        Spec::Action {
            commit: Some(reference.to_string()),
            tag: tag.to_string(),
        }
    } else {
        Spec::Action {
            commit: None,
            tag: reference.to_string(),
        }
    };
    Some((repo, spec))
}

// ---------------------------------------------------------------------------------------------
// The command.

/// One row of the report.
pub struct Row {
    pub pin: Pin,
    pub newest: Option<String>,
    pub status: Status,
}

/// Look every pin of the repository up; one lookup per package or action.
pub fn check(root: &Path) -> Result<Vec<Row>> {
    let pins = find(root)?;
    let mut versions: BTreeMap<(Registry, String), Result<Vec<String>, String>> = BTreeMap::new();
    let mut tags: BTreeMap<String, Result<BTreeMap<String, String>, String>> = BTreeMap::new();
    let last_line = |e: anyhow::Error| {
        let text = format!("{e:#}");
        let line = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        // git names the URL, which the row already says: keep what went wrong.
        line.rsplit_once("': ")
            .map_or(line, |(_, why)| why)
            .to_string()
    };
    let mut rows = Vec::new();
    for pin in pins {
        let (newest, status) = match pin.registry {
            Registry::GitHub => {
                let found = tags
                    .entry(pin.name.clone())
                    .or_insert_with(|| registry::github_tags(&pin.name).map_err(last_line));
                match found {
                    Ok(tags) => compare_action(&pin, tags),
                    Err(why) => (None, Status::Unresolvable(why.clone())),
                }
            }
            registry => {
                let found = versions
                    .entry((registry, pin.name.clone()))
                    .or_insert_with(|| {
                        let lookup = match registry {
                            Registry::Crates => registry::crate_versions(&pin.name),
                            _ => registry::pypi_versions(&pin.name),
                        };
                        lookup.map_err(last_line)
                    });
                match found {
                    Ok(releases) => compare_version(&pin, releases),
                    Err(why) => (None, Status::Unresolvable(why.clone())),
                }
            }
        };
        rows.push(Row {
            pin,
            newest,
            status,
        });
    }
    Ok(rows)
}

/// The report: an aligned table, one row per pin.
pub fn table(rows: &[Row]) -> String {
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|row| {
            let pin = &row.pin;
            let place = match pin.uses {
                1 => format!("{}:{}", pin.file, pin.line),
                n => format!("{}:{} (x{n})", pin.file, pin.line),
            };
            let what = match pin.registry {
                Registry::Crates => format!("crate {}", pin.name),
                Registry::PyPI => format!("pypi {}", pin.name),
                Registry::GitHub => format!("action {}", pin.name),
            };
            let newest = row.newest.clone().unwrap_or_else(|| "?".into());
            [
                place,
                what,
                pin.spec.to_string(),
                newest,
                row.status.to_string(),
            ]
        })
        .collect();
    let header = ["where", "what", "pinned", "newest", "status"].map(String::from);
    let mut widths = [0; 5];
    for row in std::iter::once(&header).chain(&cells) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&cells) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:width$}"))
            .collect();
        out += line.join("  ").trim_end();
        out += "\n";
    }
    out
}

/// `cargo ci pins`: print the table; fail when a pin is behind (or wrong).
pub fn pins(root: &Path) -> Result<()> {
    let rows = check(root)?;
    print!("{}", table(&rows));
    let count = |f: fn(&Status) -> bool| rows.iter().filter(|r| f(&r.status)).count();
    let failing = count(Status::fails);
    let summary = format!(
        "pins: {} pins, {} current, {} behind or wrong, {} held, {} unresolvable from here",
        rows.len(),
        count(|s| *s == Status::Current),
        failing,
        count(|s| matches!(s, Status::Held(_))),
        count(|s| matches!(s, Status::Unresolvable(_))),
    );
    if failing > 0 {
        bail!("{summary}");
    }
    println!("{summary}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workflow_line_pins_an_action_with_its_tag() {
        let sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
        let (repo, spec) =
            action(&format!("      - uses: actions/checkout@{sha} # v7.0.1")).unwrap();
        assert_eq!(repo, "actions/checkout");
        assert_eq!(
            spec,
            Spec::Action {
                commit: Some(sha.into()),
                tag: "v7.0.1".into()
            }
        );
        let (_, by_tag) = action("uses: github/codeql-action/init@v3").unwrap();
        assert_eq!(
            by_tag,
            Spec::Action {
                commit: None,
                tag: "v3".into()
            }
        );
        assert!(action("uses: ./local").is_none());
    }

    #[test]
    fn a_cargo_line_gives_its_crate_and_requirement() {
        assert_eq!(
            key_and_version(r#"rhai = "1.27""#),
            Some(("rhai".into(), "1.27".into()))
        );
        assert_eq!(
            key_and_version(
                r#"cargo-generate = { version = "=0.26.0", default-features = false }"#
            ),
            Some(("cargo-generate".into(), "=0.26.0".into()))
        );
        assert_eq!(key_and_version("# a comment"), None);
    }

    #[test]
    fn every_pin_is_found_with_its_registry_and_held_reason() {
        let pins = find(&crate::repo_root()).unwrap();
        let get = |name: &str| pins.iter().find(|p| p.name == name).unwrap();
        for name in [
            "pyo3",
            "maturin",
            "pipenv",
            "uv",
            "cargo-generate",
            "zizmor",
            "actions/checkout",
            "rhai",
        ] {
            get(name);
        }
        assert_eq!(get("pyo3").registry, Registry::Crates);
        assert_eq!(get("pipenv").registry, Registry::PyPI);
        assert_eq!(get("actions/checkout").registry, Registry::GitHub);
        assert!(get("cargo-generate").held.is_some());
        assert_eq!(get("rhai").file, "ci/Cargo.toml");
        assert!(get("pipenv").line > 0);
    }
}
