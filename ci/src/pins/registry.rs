//! The releases of what is pinned: crates (the crates.io sparse index), PyPI packages (PyPI's
//! JSON API), GitHub actions (`git ls-remote` of their repository's tags).

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use crate::cmd::Cmd;

/// The releases of a crate, from the crates.io sparse index: every version not yanked.
pub fn crate_versions(name: &str) -> Result<Vec<String>> {
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
pub fn pypi_versions(name: &str) -> Result<Vec<String>> {
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
pub fn github_tags(repo: &str) -> Result<BTreeMap<String, String>> {
    let url = format!("https://github.com/{repo}");
    let out = Cmd::new(
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
    )
    .env("GIT_TERMINAL_PROMPT", "0")
    .quiet()
    .run()?;
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
    Cmd::new("curl", &["-sSfL", "--max-time", "60", url])
        .quiet()
        .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparse_index_leaves_out_yanked_versions() {
        let index = r#"{"name":"x","vers":"0.2.0","yanked":true}
{"name":"x","vers":"0.1.0","yanked":false}
"#;
        assert_eq!(sparse_index_versions(index).unwrap(), ["0.1.0"]);
    }

    #[test]
    fn ls_remote_peels_annotated_tags() {
        let out = "1111111111111111111111111111111111111111\trefs/tags/v7.0.2\n\
                   3333333333333333333333333333333333333333\trefs/tags/v7.0.2^{}\n";
        assert_eq!(
            ls_remote_tags(out)["v7.0.2"],
            "3333333333333333333333333333333333333333"
        );
    }
}
