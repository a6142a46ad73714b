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
    /// `None` builds the checked-in example; a version renders it afresh with this
    /// `python_version` instead of its own (a variant).
    pub python_version: Option<&'static str>,
    /// Build the release wheel and sdist and test each in clean virtualenvs.
    pub release: bool,
    /// The release wheel may be no bigger than `maturin new`'s (needs `release`).
    pub wheel_limit: bool,
    /// A script of the tutorial's (ci/tutorial/) to run unchanged in the project.
    pub tutorial_script: Option<Script>,
}

/// A tutorial script and what its output must show.
pub struct Script {
    pub name: &'static str,
    pub prints_right: fn(&str) -> bool,
}

const fn example(name: &'static str) -> Build {
    Build {
        example: name,
        python_version: None,
        release: true,
        wheel_limit: false,
        tutorial_script: None,
    }
}

const fn variant(name: &'static str, python_version: &'static str) -> Build {
    Build {
        example: name,
        python_version: Some(python_version),
        release: false,
        wheel_limit: false,
        tutorial_script: None,
    }
}

/// Every build, in order: each example, then the variants: the abi3 `gil` on the oldest Python
/// the template offers and on the newest here, and `fast-fib` (mixed layout and abi3, made for
/// 3.12) on the machine's 3.11, so that every layout x abi3 combination is built on 3.11.
pub const BUILDS: &[Build] = &[
    example("fast-fib"),
    Build {
        wheel_limit: true,
        tutorial_script: Some(Script {
            name: "main.py",
            prints_right: |out| out.matches("result: 9227465").count() == 2,
        }),
        ..example("fibonacci")
    },
    Build {
        tutorial_script: Some(Script {
            name: "gil_threads.py",
            prints_right: |out| out.contains("Py: [2, 4, 6]") && out.contains("Rust: [2, 4, 6]"),
        }),
        ..example("gil")
    },
    example("workshop-kit"),
    variant("gil", "3.10"),
    variant("gil", "3.13"),
    variant("fast-fib", "3.11"),
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
        if build.wheel_limit && !build.release {
            problems.push(format!(
                "ci/src/examples.rs's BUILDS: {}'s row limits the wheel but builds none",
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
