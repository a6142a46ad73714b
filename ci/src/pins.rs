//! `cargo ci pins`: every version pin in the repository, with the newest release its registry
//! has, so that pins age visibly. Not part of `.ci/run` (an upstream release must not break a
//! submission): `.github/workflows/tests.yml` runs it weekly.
//!
//! The pins are found by reading the files, each kind by its format (the examples are left out:
//! they are rendered from template/, so their pins are the template's):
//! - `Cargo.toml`: the crates of every `[*dependencies]` table, as Cargo requirements;
//! - `Pipfile`: the `==` pins of `[packages]` and `[dev-packages]` (PyPI);
//! - `cargo-generate.toml`: `cargo_generate_version`, the CLI the template asks for (a crate);
//! - `*.rhai` hooks: `variable::set("<tool>_version", "X")`, the PyPI tool the template renders;
//! - shell scripts (`.ci/run`): `NAME_VERSION=X`, the package being the one installed as
//!   `pkg@$NAME_VERSION` (a crate, `cargo install`) or `pkg==$NAME_VERSION` (PyPI, pip);
//! - workflows (`.github/workflows/*.yml`, the template's too): `uses: owner/repo@<commit> # vX.Y.Z`.
//!
//! A value that is a Liquid placeholder (`{{maturin_version}}`) is not a pin: the hook that sets
//! it is.
//!
//! The newest release is the highest version that is neither yanked nor a pre-release: crates
//! from the crates.io sparse index, PyPI packages from PyPI's JSON API, actions from the tags
//! of their GitHub repository (`git ls-remote`, with the same number of parts as the pinned tag;
//! the pinned commit must also be the commit of its tag). A pin is behind when that release is
//! newer than an exact pin, or outside a Cargo requirement (`"0.30.1"` allows 0.30.2, not 0.31.0).
//!
//! A pin that must stay behind says why in a comment that starts with `held:`, on its line or in
//! the comment lines right above it (`# held: 0.24 needs rustc 1.96`); it is then reported as
//! held, not as behind. A registry that cannot be reached (GitHub, from a sandbox) makes its pins
//! "unresolvable from here", which is no failure either.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use crate::cmd;

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
    /// Why the pin is held back, from its `held:` comment.
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

/// Every pin below `root`, file by file in path order.
pub fn find(root: &Path) -> Result<Vec<Pin>> {
    let mut pins = Vec::new();
    let walk = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.depth() > 0 && [".git", "target", "examples"].contains(&name.as_ref()))
        });
    for entry in walk {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry.path().strip_prefix(root)?;
        let file = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let Some(kind) = kind_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(entry.path())?;
        if kind == Kind::Shell && !text.starts_with("#!") {
            continue;
        }
        pins.extend(
            parse(kind, &file, &text).with_context(|| format!("reading the pins of {file}"))?,
        );
    }
    Ok(pins)
}

/// The formats pins are read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    CargoManifest,
    Pipfile,
    CargoGenerateConfig,
    Rhai,
    Shell,
    Workflow,
}

/// Which format a file (its path relative to the root) is, if it can hold pins.
fn kind_of(file: &str) -> Option<Kind> {
    let name = file.rsplit('/').next().unwrap();
    let in_dir = |dir: &str| file.starts_with(dir) || file.contains(&format!("/{dir}"));
    Some(match name {
        "Cargo.toml" => Kind::CargoManifest,
        "Pipfile" => Kind::Pipfile,
        "cargo-generate.toml" => Kind::CargoGenerateConfig,
        _ if name.ends_with(".rhai") => Kind::Rhai,
        _ if name.ends_with(".sh") || in_dir(".ci/") => Kind::Shell,
        _ if in_dir(".github/workflows/")
            && (name.ends_with(".yml") || name.ends_with(".yaml")) =>
        {
            Kind::Workflow
        }
        _ => return None,
    })
}

/// The pins in `text`, the contents of `file` in the format `kind`; one per distinct pin, at its
/// first line, counting the lines that repeat it.
pub fn parse(kind: Kind, file: &str, text: &str) -> Result<Vec<Pin>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found: Vec<(usize, Registry, String, Spec)> = Vec::new();
    let mut section = "";
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && matches!(kind, Kind::CargoManifest | Kind::Pipfile) {
            section = trimmed;
            continue;
        }
        let pin = match kind {
            Kind::CargoManifest if section.ends_with("dependencies]") => key_and_version(trimmed)
                .map(|(name, version)| (Registry::Crates, name, Spec::Requirement(version))),
            Kind::Pipfile if section == "[packages]" || section == "[dev-packages]" => {
                key_and_version(trimmed).and_then(|(name, version)| {
                    let exact = version.strip_prefix("==")?.to_string();
                    Some((Registry::PyPI, name, Spec::Exact(exact)))
                })
            }
            Kind::CargoGenerateConfig => key_and_version(trimmed)
                .filter(|(key, _)| key == "cargo_generate_version")
                .map(|(_, req)| {
                    (
                        Registry::Crates,
                        "cargo-generate".into(),
                        Spec::Requirement(req),
                    )
                }),
            Kind::Rhai => rhai_version(trimmed)
                .map(|(tool, version)| (Registry::PyPI, tool, Spec::Exact(version))),
            Kind::Shell => match shell_version(trimmed) {
                Some((variable, version)) => {
                    let (registry, name) = installed_as(text, &variable).with_context(|| {
                        format!("{file}:{}: {variable} is installed neither as `<crate>@${variable}` nor as `<package>==${variable}`", i + 1)
                    })?;
                    Some((registry, name, Spec::Exact(version)))
                }
                None => None,
            },
            Kind::Workflow => action(line).map(|(repo, spec)| (Registry::GitHub, repo, spec)),
            _ => None,
        };
        if let Some((registry, name, spec)) = pin {
            found.push((i, registry, name, spec));
        }
    }
    let mut pins: Vec<Pin> = Vec::new();
    for (i, registry, name, spec) in found {
        if let Some(same) = pins
            .iter_mut()
            .find(|p| p.registry == registry && p.name == name && p.spec == spec)
        {
            same.uses += 1;
            continue;
        }
        pins.push(Pin {
            file: file.to_string(),
            line: i + 1,
            uses: 1,
            registry,
            name,
            spec,
            held: held(&lines, i),
        });
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

/// A Rhai hook's `variable::set("<tool>_version", "X");`: the PyPI tool and X.
fn rhai_version(line: &str) -> Option<(String, String)> {
    let args = line.strip_prefix("variable::set(\"")?;
    let (variable, rest) = args.split_once('"')?;
    let tool = variable.strip_suffix("_version")?;
    Some((tool.replace('_', "-"), literal(rest)?))
}

/// A shell assignment `NAME_VERSION=X` with a literal version: the variable and X.
fn shell_version(line: &str) -> Option<(String, String)> {
    let (variable, rest) = line.split_once('=')?;
    let valid = variable.ends_with("_VERSION")
        && variable
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let version: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '#')
        .collect();
    let version = version.trim_matches(|c| c == '"' || c == '\'');
    (valid && version.starts_with(|c: char| c.is_ascii_digit()))
        .then(|| (variable.to_string(), version.to_string()))
}

/// How a shell script installs the package `$variable` pins: `pkg@$variable` is a crate
/// (`cargo install`), `pkg==$variable` a PyPI package.
fn installed_as(text: &str, variable: &str) -> Option<(Registry, String)> {
    for reference in [format!("${variable}"), format!("${{{variable}}}")] {
        for (operator, registry) in [("==", Registry::PyPI), ("@", Registry::Crates)] {
            let needle = format!("{operator}{reference}");
            if let Some(at) = text.find(&needle) {
                let name: String = text[..at]
                    .chars()
                    .rev()
                    .take_while(|c| !c.is_whitespace() && !"\"'".contains(*c))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                if !name.is_empty() {
                    return Some((registry, name));
                }
            }
        }
    }
    None
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

/// The reason of a `held:` comment on line `i` or in the comment lines right above it.
fn held(lines: &[&str], i: usize) -> Option<String> {
    let reason = |line: &str| {
        ["# held:", "// held:"]
            .iter()
            .find_map(|marker| line.split_once(marker))
            .map(|(_, why)| why.trim().to_string())
    };
    if let Some(why) = reason(lines[i]) {
        return Some(why);
    }
    for line in lines[..i].iter().rev() {
        let trimmed = line.trim_start();
        if !(trimmed.starts_with('#') || trimmed.starts_with("//")) {
            break;
        }
        if let Some(why) = reason(trimmed) {
            return Some(why);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Versions.

/// A version of any of the three registries, comparable within one: its numeric parts (a
/// PEP 440 epoch first), None for a pre-release, a dev or local version, or no version at all.
pub fn release(version: &str) -> Option<Vec<u64>> {
    let version = version.trim().trim_start_matches('v').to_ascii_lowercase();
    // Cargo's build metadata (`1.2.1+spec-1.1.0`) does not order versions.
    let version = version.split('+').next().unwrap();
    let (epoch, rest) = match version.split_once('!') {
        Some((epoch, rest)) => (epoch.parse().ok()?, rest),
        None => (0, version),
    };
    // PEP 440 post-releases (`1.0.post1`) are releases; anything else with letters is not.
    let (main, post) = match rest.split_once(".post") {
        Some((main, post)) => (main, post.parse().ok()?),
        None => (rest, 0),
    };
    let mut parts = vec![epoch];
    for part in main.split('.') {
        parts.push(part.parse().ok()?);
    }
    while parts.len() > 2 && parts.last() == Some(&0) {
        parts.pop();
    }
    parts.push(post);
    Some(parts)
}

/// The highest of `versions` that is a release (see [`release`]).
pub fn newest<'a>(versions: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    versions
        .into_iter()
        .filter_map(|v| Some((release(v)?, v)))
        .max()
        .map(|(_, v)| v)
}

// ---------------------------------------------------------------------------------------------
// Looking up the releases.

/// The releases of a crate, from the crates.io sparse index: every version not yanked.
fn crate_versions(name: &str) -> Result<Vec<String>> {
    let lower = name.to_ascii_lowercase();
    let prefix = match lower.len() {
        1 => "1".to_string(),
        2 => "2".to_string(),
        3 => format!("3/{}", &lower[..1]),
        _ => format!("{}/{}", &lower[..2], &lower[2..4]),
    };
    let index = fetch(&format!("https://index.crates.io/{prefix}/{lower}"))?;
    sparse_index_versions(&index)
}

/// The versions not yanked of a sparse-index file: one JSON object per line.
pub fn sparse_index_versions(index: &str) -> Result<Vec<String>> {
    let mut versions = Vec::new();
    for line in index.lines().filter(|l| !l.trim().is_empty()) {
        let entry: serde_json::Value = serde_json::from_str(line)?;
        if entry["yanked"].as_bool() != Some(true) {
            versions.push(
                entry["vers"]
                    .as_str()
                    .context("a version without vers")?
                    .to_string(),
            );
        }
    }
    Ok(versions)
}

/// The releases of a PyPI package, from its JSON API: every version with a file not yanked.
fn pypi_versions(name: &str) -> Result<Vec<String>> {
    let json: serde_json::Value =
        serde_json::from_str(&fetch(&format!("https://pypi.org/pypi/{name}/json"))?)?;
    let releases = json["releases"]
        .as_object()
        .context("PyPI's answer has no releases")?;
    Ok(releases
        .iter()
        .filter(|(_, files)| {
            files
                .as_array()
                .is_some_and(|files| files.iter().any(|f| f["yanked"].as_bool() != Some(true)))
        })
        .map(|(version, _)| version.clone())
        .collect())
}

/// The tags of a GitHub repository with their commits (an annotated tag's peeled commit).
fn github_tags(repo: &str) -> Result<BTreeMap<String, String>> {
    let url = format!("https://github.com/{repo}");
    let out = cmd::quiet(
        "git",
        &[
            "-c",
            "http.lowSpeedLimit=1",
            "-c",
            "http.lowSpeedTime=30",
            "ls-remote",
            "--tags",
            &url,
        ],
        &std::env::temp_dir(),
        &[("GIT_TERMINAL_PROMPT", "0".as_ref())],
    )?;
    Ok(ls_remote_tags(&out))
}

/// `git ls-remote --tags` output as tag -> commit; an annotated tag's `^{}` line (the commit it
/// points to) wins over the tag object.
pub fn ls_remote_tags(out: &str) -> BTreeMap<String, String> {
    let mut tags = BTreeMap::new();
    for line in out.lines() {
        let Some((sha, reference)) = line.split_once('\t') else {
            continue;
        };
        let Some(tag) = reference.strip_prefix("refs/tags/") else {
            continue;
        };
        match tag.strip_suffix("^{}") {
            Some(tag) => {
                tags.insert(tag.to_string(), sha.to_string());
            }
            None => {
                tags.entry(tag.to_string())
                    .or_insert_with(|| sha.to_string());
            }
        }
    }
    tags
}

fn fetch(url: &str) -> Result<String> {
    cmd::quiet(
        "curl",
        &["-sSfL", "--max-time", "60", url],
        &std::env::temp_dir(),
        &[],
    )
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/// How a pin compares with its registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Current,
    Behind,
    /// Behind, on purpose: the `held:` comment's reason.
    Held(String),
    /// The registry could not be asked: why.
    Unresolvable(String),
    /// The pin itself is wrong: what is wrong.
    Wrong(String),
}

impl Status {
    /// Whether `cargo ci pins` fails for this pin.
    pub fn fails(&self) -> bool {
        matches!(self, Status::Behind | Status::Wrong(_))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Status::Current => write!(f, "current"),
            Status::Behind => write!(f, "BEHIND"),
            Status::Held(why) => write!(f, "held: {why}"),
            Status::Unresolvable(why) => write!(f, "unresolvable from here ({why})"),
            Status::Wrong(what) => write!(f, "WRONG: {what}"),
        }
    }
}

/// Compare a crate or PyPI pin with the releases of its package; returns the newest release too.
pub fn compare_version(pin: &Pin, releases: &[String]) -> (Option<String>, Status) {
    let Some(newest) = newest(releases.iter().map(String::as_str)).map(str::to_string) else {
        return (None, Status::Wrong("no release found".into()));
    };
    let behind = match &pin.spec {
        Spec::Exact(version) => {
            let pinned = release(version);
            if pinned.is_none() || !releases.iter().any(|r| release(r) == pinned) {
                return (
                    Some(newest),
                    Status::Wrong(format!("{version} is not a release")),
                );
            }
            release(&newest) > pinned
        }
        Spec::Requirement(requirement) => {
            let Ok(requirement) = semver::VersionReq::parse(requirement) else {
                return (
                    Some(newest),
                    Status::Wrong(format!("`{requirement}` is no Cargo requirement")),
                );
            };
            let matches =
                |v: &str| semver::Version::parse(v).is_ok_and(|v| requirement.matches(&v));
            if !releases.iter().any(|r| release(r).is_some() && matches(r)) {
                return (Some(newest), Status::Wrong("it allows no release".into()));
            }
            !matches(&newest)
        }
        Spec::Action { .. } => unreachable!("actions are compared by compare_action"),
    };
    (Some(newest), behind_or_held(pin, behind))
}

/// Compare an action pin with its repository's tags (tag -> commit).
pub fn compare_action(pin: &Pin, tags: &BTreeMap<String, String>) -> (Option<String>, Status) {
    let Spec::Action { commit, tag } = &pin.spec else {
        unreachable!("compare_action compares actions")
    };
    let Some(pinned) = release(tag) else {
        return (
            None,
            Status::Wrong(format!("`{tag}` names no release: add `# vX.Y.Z`")),
        );
    };
    // Compare like with like: v7.0.1 with the three-part tags, not with the moving v7.
    let parts = tag.trim_start_matches('v').split('.').count();
    let same_shape = tags
        .keys()
        .map(String::as_str)
        .filter(|t| t.trim_start_matches('v').split('.').count() == parts);
    let newest = newest(same_shape).map(str::to_string);
    let Some(tagged) = tags.get(tag) else {
        return (newest, Status::Wrong(format!("no tag {tag}")));
    };
    match commit {
        Some(commit) if commit != tagged => {
            let wrong = format!(
                "{} is not {tag} ({})",
                &commit[..7],
                &tagged[..7.min(tagged.len())]
            );
            return (newest, Status::Wrong(wrong));
        }
        None => {
            return (
                newest,
                Status::Wrong(format!("pinned by tag {tag}, not by commit")),
            );
        }
        Some(_) => {}
    }
    let behind = newest.as_deref().and_then(release) > Some(pinned);
    (newest, behind_or_held(pin, behind))
}

fn behind_or_held(pin: &Pin, behind: bool) -> Status {
    match (&pin.held, behind) {
        (_, false) => Status::Current,
        (Some(why), true) => Status::Held(why.clone()),
        (None, true) => Status::Behind,
    }
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
                    .or_insert_with(|| github_tags(&pin.name).map_err(last_line));
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
                            Registry::Crates => crate_versions(&pin.name),
                            _ => pypi_versions(&pin.name),
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

    fn pin(file: &str, line: usize, registry: Registry, name: &str, spec: Spec) -> Pin {
        Pin {
            file: file.into(),
            line,
            uses: 1,
            registry,
            name: name.into(),
            spec,
            held: None,
        }
    }

    #[test]
    fn a_pipfile_pins_its_exact_packages_but_not_placeholders_or_sources() {
        let pipfile = r#"[[source]]
url = "https://pypi.org/simple"
verify_ssl = true

[dev-packages]
maturin = "=={{maturin_version}}"
ruff = "==0.17.6"
pytest = { version = "==9.2.0", extras = ["x"] }
anything = "*"

[scripts]
check = "python check.py"
"#;
        let pins = parse(Kind::Pipfile, "Pipfile", pipfile).unwrap();
        let exact = |v: &str| Spec::Exact(v.into());
        assert_eq!(
            pins,
            [
                pin("Pipfile", 7, Registry::PyPI, "ruff", exact("0.17.6")),
                pin("Pipfile", 8, Registry::PyPI, "pytest", exact("9.2.0")),
            ]
        );
    }

    #[test]
    fn a_workflow_pins_each_action_once_with_its_tag_and_its_uses_counted() {
        let sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
        let workflow = format!(
            "jobs:\n  a:\n    steps:\n      - uses: actions/checkout@{sha} # v7.0.1\n      - uses: ./local\n  b:\n    steps:\n      - name: x\n        uses: github/codeql-action/init@v3\n      - uses: actions/checkout@{sha} # v7.0.1\n"
        );
        let pins = parse(Kind::Workflow, "ci.yml", &workflow).unwrap();
        let checkout = Spec::Action {
            commit: Some(sha.into()),
            tag: "v7.0.1".into(),
        };
        let codeql = Spec::Action {
            commit: None,
            tag: "v3".into(),
        };
        let mut first = pin("ci.yml", 4, Registry::GitHub, "actions/checkout", checkout);
        first.uses = 2;
        assert_eq!(
            pins,
            [
                first,
                pin(
                    "ci.yml",
                    9,
                    Registry::GitHub,
                    "github/codeql-action",
                    codeql
                )
            ]
        );
    }

    #[test]
    fn a_script_pin_is_the_package_it_installs_and_a_held_comment_holds_it() {
        let script = r#"#!/usr/bin/env bash
TOOL_VERSION=$(sed -n 1p file)
# held: 0.24 needs rustc 1.96
CARGO_GENERATE_VERSION=0.23.14
ZIZMOR_VERSION=1.32.0  # the linter
pip install "zizmor==$ZIZMOR_VERSION" tool==$TOOL_VERSION
cargo install --locked "cargo-generate@$CARGO_GENERATE_VERSION"
"#;
        let pins = parse(Kind::Shell, ".ci/run", script).unwrap();
        let mut cli = pin(
            ".ci/run",
            4,
            Registry::Crates,
            "cargo-generate",
            Spec::Exact("0.23.14".into()),
        );
        cli.held = Some("0.24 needs rustc 1.96".into());
        let zizmor = pin(
            ".ci/run",
            5,
            Registry::PyPI,
            "zizmor",
            Spec::Exact("1.32.0".into()),
        );
        assert_eq!(pins, [cli, zizmor]);

        let unknown = "#!/bin/sh\nFOO_VERSION=1.0\n";
        assert!(
            parse(Kind::Shell, "x.sh", unknown).is_err(),
            "a pin of nothing installed"
        );
    }

    #[test]
    fn newest_skips_pre_releases_and_orders_by_number() {
        let versions = [
            "1.9.6",
            "1.10.0",
            "1.11.0rc1",
            "2.0.0-alpha.1",
            "1.10.0.post1",
            "1.2.1+spec",
        ];
        assert_eq!(newest(versions), Some("1.10.0.post1"));
        assert_eq!(release("v7.0"), release("7.0.0"));
        let index = r#"{"name":"x","vers":"0.2.0","yanked":true}
{"name":"x","vers":"0.1.0","yanked":false}
"#;
        assert_eq!(sparse_index_versions(index).unwrap(), ["0.1.0"]);
    }

    #[test]
    fn a_pin_is_behind_when_the_newest_release_is_outside_it() {
        let releases: Vec<String> = ["0.30.1", "0.30.2", "0.31.0-rc.1"].map(String::from).into();
        let caret = pin(
            "Cargo.toml",
            1,
            Registry::Crates,
            "pyo3",
            Spec::Requirement("0.30.1".into()),
        );
        assert_eq!(
            compare_version(&caret, &releases),
            (Some("0.30.2".into()), Status::Current)
        );
        let exact = pin(
            "Cargo.toml",
            1,
            Registry::Crates,
            "pyo3",
            Spec::Requirement("=0.30.1".into()),
        );
        assert_eq!(compare_version(&exact, &releases).1, Status::Behind);
        let mut held = exact.clone();
        held.held = Some("why".into());
        assert_eq!(
            compare_version(&held, &releases).1,
            Status::Held("why".into())
        );
        let missing = pin(
            "Pipfile",
            1,
            Registry::PyPI,
            "x",
            Spec::Exact("0.29.0".into()),
        );
        assert!(compare_version(&missing, &releases).1.fails());
    }

    #[test]
    fn an_action_is_compared_with_its_tags_and_its_commit_with_its_tag() {
        let out = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\trefs/tags/v7\n\
                   1111111111111111111111111111111111111111\trefs/tags/v7.0.1\n\
                   2222222222222222222222222222222222222222\trefs/tags/v7.0.2\n\
                   3333333333333333333333333333333333333333\trefs/tags/v7.0.2^{}\n\
                   4444444444444444444444444444444444444444\trefs/tags/v8.0.0-beta\n";
        let tags = ls_remote_tags(out);
        assert_eq!(tags["v7.0.2"], "3333333333333333333333333333333333333333");
        let action = |commit: &str, tag: &str| Spec::Action {
            commit: Some(commit.repeat(40)),
            tag: tag.into(),
        };
        let behind = pin(
            "ci.yml",
            1,
            Registry::GitHub,
            "actions/checkout",
            action("1", "v7.0.1"),
        );
        assert_eq!(
            compare_action(&behind, &tags),
            (Some("v7.0.2".into()), Status::Behind)
        );
        let current = pin(
            "ci.yml",
            1,
            Registry::GitHub,
            "actions/checkout",
            action("3", "v7.0.2"),
        );
        assert_eq!(compare_action(&current, &tags).1, Status::Current);
        let mislabelled = pin(
            "ci.yml",
            1,
            Registry::GitHub,
            "actions/checkout",
            action("2", "v7.0.2"),
        );
        assert!(compare_action(&mislabelled, &tags).1.fails());
    }

    #[test]
    fn the_repository_pins_are_found_in_every_file_that_has_them() {
        let pins = find(&crate::repo_root()).unwrap();
        let files: std::collections::BTreeSet<&str> =
            pins.iter().map(|p| p.file.as_str()).collect();
        for file in [
            ".ci/run",
            ".github/workflows/tests.yml",
            "ci/Cargo.toml",
            "hooks/pre.rhai",
            "template/.github/workflows/CI.yml",
            "template/Cargo.toml",
            "template/Pipfile",
            "template/cargo-generate.toml",
        ] {
            assert!(files.contains(file), "no pin found in {file}");
        }
        assert!(pins.iter().all(|p| !p.file.starts_with("examples/")));
        let has = |name: &str| pins.iter().any(|p| p.name == name);
        assert!(
            [
                "pyo3",
                "maturin",
                "pipenv",
                "cargo-generate",
                "zizmor",
                "actions/checkout"
            ]
            .iter()
            .all(|n| has(n))
        );
    }
}
