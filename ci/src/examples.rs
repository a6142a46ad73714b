//! The examples and what the end-to-end build does with each: one table, [`BUILDS`].
//!
//! examples/<name>.toml is an example's values file, and examples/<name>/ what it renders. Every
//! values file must have exactly one row of its own in the table, and every row a values file.

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::examples_dir;
use crate::render::Render;

/// One build of an example.
pub struct Build {
    /// The example: examples/<example>.toml.
    pub example: &'static str,
    /// `None` builds the checked-in example; a pick renders it afresh with that Python of
    /// hooks/facts.rhai's range as its `python_version` (a variant).
    pub python_version: Option<Pick>,
    /// Build the release wheel and sdist and test each in clean virtualenvs.
    pub release: bool,
    /// The release wheel must fit e2e/release.rs's `WHEEL_BUDGET_BYTES` (needs `release`).
    pub wheel_limit: bool,
    /// Scripts of the tutorial's (template/chapter/) to run unchanged in the project.
    pub tutorial_scripts: &'static [Script],
    /// A workshop kit (the `workshop` question): e2e/kit.rs builds and checks it as its README
    /// says.
    pub kit: Option<Kit>,
    /// Run the project's tests once more on Windows' coarse clock (ci/pytest/coarse_clock.py:
    /// every sleep rounded up to 15.6 ms), so that none counts on a finer one.
    pub coarse_clock: bool,
    /// Also build the release wheel on the sid chroot's PyPy (a project without abi3 builds PyPy
    /// wheels), install it into a clean PyPy virtualenv, and run the project's tests, its
    /// benchmark and its GIL demo there (needs `release`).
    pub pypy: bool,
}

/// The two workshop kits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kit {
    /// The kit handed out: stubs, tests, pages, `pipenv run progress`; no solutions.
    Attendee,
    /// The attendee kit plus the solutions and `pipenv run solve`.
    Instructor,
}

/// A Python of the range (hooks/facts.rhai) that a variant is rendered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// The oldest a project can pick.
    Oldest,
    /// The development Python when none is picked (this machine's python3).
    Default,
    /// Each of those the harness runs in its Debian sid chroot: one build each.
    EachInChroot,
}

impl Pick {
    /// The versions picked.
    pub fn versions(self) -> Result<Vec<String>> {
        let facts = crate::facts::facts()?;
        Ok(match self {
            Pick::Oldest => vec![facts.oldest_python().to_string()],
            Pick::Default => vec![facts.default_python.clone()],
            Pick::EachInChroot => facts.sid_pythons.clone(),
        })
    }
}

/// A tutorial script and what its output must show.
pub struct Script {
    pub name: &'static str,
    pub prints_right: fn(&str) -> bool,
}

/// The chapter's first script: `from fibonacci import run`, then run(35) in Python and in Rust.
const MAIN_PY: Script = Script {
    name: "main.py",
    prints_right: |out| out.matches("result: 9227465").count() == 2,
};

/// The chapter's second script: `from gil import double_list`, called beside a Python thread.
const GIL_THREADS_PY: Script = Script {
    name: "gil_threads.py",
    prints_right: |out| out.contains("Py: [2, 4, 6]") && out.contains("Rust: [2, 4, 6]"),
};

const fn example(name: &'static str) -> Build {
    Build {
        example: name,
        python_version: None,
        release: true,
        wheel_limit: false,
        tutorial_scripts: &[],
        kit: None,
        coarse_clock: false,
        pypy: false,
    }
}

const fn variant(name: &'static str, python_version: Pick) -> Build {
    Build {
        example: name,
        python_version: Some(python_version),
        release: false,
        wheel_limit: false,
        tutorial_scripts: &[],
        kit: None,
        coarse_clock: false,
        pypy: false,
    }
}

/// Every build: each example, then the variants. The end-to-end build runs them longest first as
/// the last run timed them (e2e/rows.rs); on a machine with no such times, in this order, which
/// is that of the last run measured (CONTRIBUTING.md), so that the two kits' rows, a third of
/// the work, do not start last. The variants: the abi3 `gil` on the oldest Python
/// the template offers and on each of the sid chroot (a project made for one of those is built
/// and tested there: pythons.rs), and `fast-fib` (mixed layout and abi3, made for an older
/// Python) on the default one, so that every layout x abi3 combination is built on it. The abi3
/// wheels built here are tried on every Python from their lowest to the newest (those no row
/// builds for included: a project made for one differs from the others only in that version's
/// number).
pub const BUILDS: &[Build] = &[
    // The kits have no release: their tests fail until the exercises are done.
    Build {
        release: false,
        kit: Some(Kit::Instructor),
        // Run once every exercise is solved: the chapter's two scripts, both against the kit.
        tutorial_scripts: &[MAIN_PY, GIL_THREADS_PY],
        ..example("workshop-instructor")
    },
    // With uv: as the pipenv kits are checked, and its instructor twin's offline bundle
    // (e2e/kit.rs).
    Build {
        release: false,
        kit: Some(Kit::Attendee),
        ..example("uv-kit")
    },
    example("fast-fib"),
    Build {
        wheel_limit: true,
        tutorial_scripts: &[MAIN_PY],
        coarse_clock: true,
        pypy: true,
        ..example("fibonacci")
    },
    Build {
        tutorial_scripts: &[GIL_THREADS_PY],
        ..example("gil")
    },
    Build {
        release: false,
        kit: Some(Kit::Attendee),
        ..example("workshop-kit")
    },
    // uv instead of pipenv: its README's `uv sync` and `uv run`; then an edit of src/lib.rs that
    // the next `uv run` must pick up by itself (e2e/build.rs).
    Build {
        tutorial_scripts: &[MAIN_PY],
        ..example("uv-fib")
    },
    // The oldest: 3.10 is the last CPython whose sleeps on Windows end on the system timer's coarse
    // ticks, which the coarse-clock run stands for.
    Build {
        coarse_clock: true,
        ..variant("gil", Pick::Oldest)
    },
    variant("gil", Pick::EachInChroot),
    variant("fast-fib", Pick::Default),
];

/// A checked-in example: `examples/<name>.toml` renders `examples/<name>/`.
pub struct Example {
    pub name: String,
    pub values_file: PathBuf,
    pub dir: PathBuf,
}

impl Example {
    pub fn render(&self) -> Render {
        Render {
            name: self.name.clone(),
            values_file: Some(self.values_file.clone()),
            defines: vec![],
            init: false,
            source: None,
        }
    }
}

/// Every example, sorted by name; an error if examples/ and [`BUILDS`] disagree.
pub fn examples() -> Result<Vec<Example>> {
    let mut examples = Vec::new();
    for entry in std::fs::read_dir(examples_dir())? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let dir = examples_dir().join(&name);
            examples.push(Example {
                name,
                values_file: path,
                dir,
            });
        }
    }
    examples.sort_by(|a, b| a.name.cmp(&b.name));
    check_table(&examples)?;
    Ok(examples)
}

/// The example with this name.
pub fn example_named(name: &str) -> Result<Example> {
    match examples()?.into_iter().find(|e| e.name == name) {
        Some(example) => Ok(example),
        None => bail!("no example named {name}"),
    }
}

/// The instructor kit of [`BUILDS`]: the example whose row builds one.
pub fn instructor_example() -> Result<Example> {
    let Some(row) = BUILDS.iter().find(|b| b.kit == Some(Kit::Instructor)) else {
        bail!("no instructor kit among the examples");
    };
    example_named(row.example)
}

/// Each values file has one row building it as checked in, and each row a values file.
fn check_table(examples: &[Example]) -> Result<()> {
    let on_disk: BTreeSet<&str> = examples.iter().map(|e| e.name.as_str()).collect();
    let mut problems = Vec::new();
    for name in &on_disk {
        let rows = BUILDS
            .iter()
            .filter(|b| b.example == *name && b.python_version.is_none())
            .count();
        if rows != 1 {
            problems.push(format!(
                "examples/{name}.toml has {rows} rows in ci/src/examples.rs's BUILDS that build it as checked in; it needs one"
            ));
        }
    }
    for build in BUILDS {
        if !on_disk.contains(build.example) {
            problems.push(format!(
                "ci/src/examples.rs's BUILDS has a row for {}, but there is no examples/{}.toml",
                build.example, build.example
            ));
        }
        if build.kit.is_some() && build.release {
            problems.push(format!(
                "ci/src/examples.rs's BUILDS: {}'s row builds a release of a workshop kit, whose tests fail until its exercises are done",
                build.example
            ));
        }
        if build.coarse_clock && build.kit.is_some() {
            problems.push(format!(
                "ci/src/examples.rs's BUILDS: {}'s row runs a workshop kit's tests on a coarse clock, which e2e/kit.rs does not do",
                build.example
            ));
        }
        if build.wheel_limit && !build.release {
            problems.push(format!(
                "ci/src/examples.rs's BUILDS: {}'s row limits the wheel but builds none",
                build.example
            ));
        }
        if build.pypy && !build.release {
            problems.push(format!(
                "ci/src/examples.rs's BUILDS: {}'s row tries a PyPy wheel but builds no release",
                build.example
            ));
        }
    }
    problems.sort();
    problems.dedup();
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}
