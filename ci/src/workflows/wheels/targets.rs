//! The targets a workflow builds: at least those of `maturin generate-ci github`
//! ([`GENERATE_CI_TARGETS`]), each Linux one with a named manylinux.

use std::collections::BTreeSet;

use super::MATURIN_ACTION;
use super::workflow::{Run, action};

/// A platform of `maturin generate-ci github`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Platform {
    Manylinux,
    Musllinux,
    Windows,
    Macos,
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Platform::Manylinux => "manylinux",
            Platform::Musllinux => "musllinux",
            Platform::Windows => "Windows",
            Platform::Macos => "macOS",
        })
    }
}

/// The targets `maturin generate-ci github` writes by default, with maturin-action's names for
/// them: maturin 1.16.0's `Platform::default_targets` (src/ci/mod.rs of its sdist on PyPI; the
/// opt-in emscripten and android platforms left out). Every generated workflow builds at least
/// these, so that nobody gets fewer wheels from it than from maturin's own.
pub const GENERATE_CI_TARGETS: &[(Platform, &str)] = &[
    (Platform::Manylinux, "x86_64"),
    (Platform::Manylinux, "x86"),
    (Platform::Manylinux, "aarch64"),
    (Platform::Manylinux, "armv7"),
    (Platform::Manylinux, "s390x"),
    (Platform::Manylinux, "ppc64le"),
    (Platform::Musllinux, "x86_64"),
    (Platform::Musllinux, "x86"),
    (Platform::Musllinux, "aarch64"),
    (Platform::Musllinux, "armv7"),
    (Platform::Windows, "x64"),
    (Platform::Windows, "x86"),
    (Platform::Windows, "aarch64"),
    (Platform::Macos, "x86_64"),
    (Platform::Macos, "aarch64"),
];

/// Every target of [`GENERATE_CI_TARGETS`] is built, each Linux one with a named manylinux.
pub(super) fn targets(runs: &[Run]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut built = BTreeSet::new();
    for run in runs {
        let runner = run.resolve(run.spec["runs-on"].as_str().unwrap_or(""));
        for step in run.steps().filter(|s| action(s) == MATURIN_ACTION) {
            if run
                .field(step, "with", "command")
                .is_some_and(|c| c != "build")
            {
                continue;
            }
            let target = run.field(step, "with", "target").unwrap_or_default();
            let platform = if runner.starts_with("windows") {
                Platform::Windows
            } else if runner.starts_with("macos") {
                Platform::Macos
            } else {
                let manylinux = run.field(step, "with", "manylinux").unwrap_or_default();
                if manylinux.is_empty() || manylinux == "auto" {
                    problems.push(format!(
                        "job {} builds Linux {target} wheels with manylinux {manylinux:?}: name it (\"2014\", musllinux_1_2), so that a new container cannot change it",
                        run.job
                    ));
                }
                if manylinux.starts_with("musllinux") {
                    Platform::Musllinux
                } else {
                    Platform::Manylinux
                }
            };
            built.insert((platform, target));
        }
    }
    for (platform, target) in GENERATE_CI_TARGETS {
        if !built.contains(&(*platform, target.to_string())) {
            problems.push(format!(
                "no job builds {platform} {target} wheels, a target of maturin generate-ci 1.16's default list"
            ));
        }
    }
    problems
}
