//! Whether a pin is behind: versions compared as releases (pre-releases left out), a Cargo
//! requirement against the newest release, an action's commit against its tag.

use std::collections::BTreeMap;
use std::fmt;

use super::{Pin, Spec};

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

/// How a pin compares with its registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Current,
    Behind,
    /// Behind, on purpose: the reason hooks/facts.rhai's held() gives.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pins::Registry;

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
        let tags = crate::pins::ls_remote_tags(out);
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
}
