//! Whether a path a text names is there: in the tree, made by a command ([`MADE_BY`]), or a
//! scratch folder the same text makes; and the globs paths are matched with.

use std::path::Path;

use super::tree::Tree;

/// Paths that no render holds, each with the command that makes it: build output, locks, the
/// virtualenv, and the offline bundle of a kit. A name matches an entry equal to it, or an entry
/// ending in `/` that is its first folder.
pub(super) const MADE_BY: &[(&str, &str)] = &[
    // Cargo's build folder: `cargo build`, `maturin develop`, `uv sync`, the harness's builds.
    ("target/", "cargo, when it builds"),
    ("ci/target/", "cargo, when it builds the harness"),
    ("Cargo.lock", "cargo, at the first build"),
    ("Pipfile.lock", "`pipenv install`"),
    ("uv.lock", "`uv sync`"),
    (".venv/", "`uv sync`"),
    // The wheels and the sdist (`maturin build --out dist`), a kit's offline bundle.
    ("dist/", "`maturin build --out dist` or a kit's `bundle`"),
    // A project without a workflow (`github_ci = false`) tells how to get one: render the same
    // answers with `-d github_ci=true` and copy its `.github/` (the workflow, dependabot's file).
    (".github/", "a render with `-d github_ci=true`"),
];

/// What only a kit's offline bundle holds (offline/bundle.py writes it): named by a kit's texts
/// and the root docs, nowhere else.
pub(super) const MADE_BY_THE_BUNDLE: &[&str] = &[
    "README.txt",
    "vendor/",
    "wheelhouse/",
    ".cargo/config.toml",
    // The pages as a site to read offline, which a kit's bundle holds.
    "site/",
];

/// What is wrong with a path, if anything: it must be in the tree (by its path, or a bare name
/// anywhere), be made by a command of [`MADE_BY`], or be a scratch folder under /tmp that the same
/// text makes. Absolute paths in run-time output (`text` empty) must exist on this machine.
pub(super) fn check_path(tree: &Tree, path: &str, text: &str) -> Option<String> {
    if tree.run_time && path.starts_with('/') {
        return (!Path::new(path).exists()).then(|| "does not exist".to_string());
    }
    if let Some(scratch) = path.strip_prefix("/tmp/") {
        let folder = scratch.split('/').next().unwrap_or_default();
        let made = format!("venv /tmp/{folder}");
        return (!text.contains(&made))
            .then(|| format!("no command of this text makes (`python -m {made}`)"));
    }
    let path = path.strip_prefix("./").unwrap_or(path);
    let folder = path.ends_with('/');
    let trimmed = path.trim_end_matches('/');
    let found = if path.contains('*') {
        let candidates = if trimmed.contains('/') {
            &tree.paths
        } else {
            &tree.names
        };
        candidates.iter().any(|c| glob_matches(trimmed, c))
    } else if trimmed.contains('/') {
        tree.has(trimmed, folder)
    } else {
        tree.names.contains(trimmed)
    };
    let bundled = tree.bundle && trimmed == tree.project;
    if found || bundled || made_by(tree, path).is_some() {
        return None;
    }
    Some(format!("does not exist in {}", tree.what()))
}

/// The command that makes `path`, if it is one that a command makes (see [`MADE_BY`]).
fn made_by(tree: &Tree, path: &str) -> Option<&'static str> {
    let bundle = MADE_BY_THE_BUNDLE
        .iter()
        .filter(|_| tree.bundle)
        .map(|p| (*p, "a kit's offline bundle (`bundle`)"));
    MADE_BY
        .iter()
        .copied()
        .chain(bundle)
        .find_map(|(made, by)| {
            let folder = made.strip_suffix('/');
            let matches =
                path == made || folder.is_some_and(|f| path == f || path.starts_with(made));
            matches.then_some(by)
        })
}

/// Whether `name` matches the glob `pattern`: `*` any text but `/`, `**/` any folders, `N` a
/// number (`exN_*.rs`).
pub(super) fn glob_matches(pattern: &str, name: &str) -> bool {
    fn go(p: &[u8], n: &[u8]) -> bool {
        match p.split_first() {
            None => n.is_empty(),
            Some((b'*', rest)) if rest.first() == Some(&b'*') => {
                let rest = rest[1..].strip_prefix(b"/").unwrap_or(&rest[1..]);
                (0..=n.len()).any(|i| (i == 0 || n[i - 1] == b'/') && go(rest, &n[i..]))
            }
            Some((b'*', rest)) => (0..=n.len())
                .take_while(|&i| i == 0 || n[i - 1] != b'/')
                .any(|i| go(rest, &n[i..])),
            Some((b'N', rest)) => {
                let digits = n.iter().take_while(|c| c.is_ascii_digit()).count();
                (1..=digits).any(|i| go(rest, &n[i..]))
            }
            Some((c, rest)) => n.first() == Some(c) && go(rest, &n[1..]),
        }
    }
    go(pattern.as_bytes(), name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_paths_and_numbers() {
        assert!(glob_matches(
            "src/exercises/exN_*.rs",
            "src/exercises/ex12_x.rs"
        ));
        assert!(glob_matches("src/**/*.rs", "src/a/b.rs"));
        assert!(glob_matches("src/**/*.rs", "src/b.rs"));
        assert!(!glob_matches("src/*.rs", "src/a/b.rs"));
        assert!(!glob_matches("exN_*.rs", "exN_.py"));
    }
}
