//! What a generated project's workflow (its CI.yml) does with the wheels, which no linter sees:
//! it builds at least the targets of `maturin generate-ci github`, every wheel it uploads is
//! installed and tested on an interpreter that loads it before `release` publishes it, and it
//! builds with the maturin and tests with the pytest that the project pins (its Pipfile, or the dev
//! group of a uv project's pyproject.toml).
//!
//! The workflow is read as GitHub reads it (YAML), and each job is taken once per entry of its
//! matrix, with the `${{ matrix.* }}` expressions filled in; the other expressions stay as text.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

use crate::cmd::Cmd;
use crate::facts::Facts;

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

/// A workflow file, parsed, and how reports name it.
pub struct Workflow {
    pub shown: String,
    pub yaml: Value,
}

impl Workflow {
    pub fn read(path: &Path, shown: &str) -> Result<Workflow> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{shown}: cannot read it"))?;
        let yaml = serde_yaml_ng::from_str(&text).with_context(|| format!("{shown}: not YAML"))?;
        Ok(Workflow {
            shown: shown.to_string(),
            yaml,
        })
    }

    /// The jobs, by name.
    pub fn jobs(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.yaml["jobs"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, job)| (name.as_str(), job))
    }

    /// Every job once per entry of its matrix.
    fn runs(&self) -> Result<Vec<Run<'_>>> {
        let mut runs = Vec::new();
        for (name, job) in self.jobs() {
            for matrix in matrix_entries(&job["strategy"]["matrix"])
                .with_context(|| format!("{}: job {name}'s matrix", self.shown))?
            {
                runs.push(Run {
                    job: name,
                    spec: job,
                    matrix,
                });
            }
        }
        Ok(runs)
    }
}

/// A job's `needs`, one name or a list.
pub fn needs(job: &Value) -> Vec<&str> {
    match &job["needs"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// The entries of a matrix: the product of its lists, or its `include` list alone.
fn matrix_entries(matrix: &Value) -> Result<Vec<Value>> {
    let Some(matrix) = matrix.as_object() else {
        return Ok(vec![Value::Object(Map::new())]);
    };
    if matrix.contains_key("exclude") {
        bail!("`exclude` is not expanded here: list the entries with `include`");
    }
    let mut entries = vec![Map::new()];
    for (key, values) in matrix.iter().filter(|(k, _)| *k != "include") {
        let Some(values) = values.as_array() else {
            bail!("{key} is no list");
        };
        entries = entries
            .iter()
            .flat_map(|entry| {
                values.iter().map(move |value| {
                    let mut entry = entry.clone();
                    entry.insert(key.clone(), value.clone());
                    entry
                })
            })
            .collect();
    }
    if let Some(include) = matrix.get("include") {
        if matrix.len() > 1 {
            bail!("`include` beside other lists is not expanded here");
        }
        let include = include.as_array().context("include is no list")?;
        entries = include
            .iter()
            .filter_map(|e| e.as_object().cloned())
            .collect();
    }
    Ok(entries.into_iter().map(Value::Object).collect())
}

/// One job, run for one matrix entry.
struct Run<'a> {
    job: &'a str,
    spec: &'a Value,
    matrix: Value,
}

impl Run<'_> {
    /// `text` with every `${{ matrix.x.y }}` replaced by the entry's value (empty where it has
    /// none, as on GitHub); other expressions are kept as written.
    fn resolve(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            let Some(length) = rest[start..].find("}}") else {
                break;
            };
            let expression = rest[start + 3..start + length].trim();
            out.push_str(&rest[..start]);
            match expression.strip_prefix("matrix.") {
                Some(path) => out.push_str(&self.lookup(path)),
                None => out.push_str(&rest[start..start + length + 2]),
            }
            rest = &rest[start + length + 2..];
        }
        out.push_str(rest);
        out
    }

    /// A matrix value by its path (`platform.target`), as text.
    fn lookup(&self, path: &str) -> String {
        let mut value = &self.matrix;
        for key in path.split('.') {
            value = &value[key];
        }
        match value {
            Value::Null => String::new(),
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    fn steps(&self) -> impl Iterator<Item = &Value> {
        self.spec["steps"].as_array().into_iter().flatten()
    }

    /// A step's input, or one of its environment variables (`key` "with" or "env").
    fn field(&self, step: &Value, key: &str, name: &str) -> Option<String> {
        match &step[key][name] {
            Value::Null => None,
            Value::String(text) => Some(self.resolve(text)),
            other => Some(other.to_string()),
        }
    }

    fn script(&self, step: &Value) -> Option<String> {
        step["run"].as_str().map(|s| self.resolve(s))
    }

    /// Whether the step runs for this entry, as far as its `if:` is a plain `matrix.x.y` (other
    /// conditions are taken as true).
    fn runs_step(&self, step: &Value) -> bool {
        match step["if"].as_str().map(str::trim) {
            Some(condition) => match condition.strip_prefix("matrix.") {
                Some(path) if !path.contains(' ') => {
                    let value = self.lookup(path);
                    !value.is_empty() && value != "false"
                }
                _ => true,
            },
            None => true,
        }
    }
}

/// The action a step uses, without its version: `PyO3/maturin-action`.
fn action(step: &Value) -> &str {
    step["uses"]
        .as_str()
        .and_then(|u| u.split('@').next())
        .unwrap_or("")
}

const MATURIN_ACTION: &str = "PyO3/maturin-action";
const UPLOAD: &str = "actions/upload-artifact";
const DOWNLOAD: &str = "actions/download-artifact";
const PUBLISH: &str = "pypa/gh-action-pypi-publish";

/// The maturin and pytest a workflow must use: the `versions` job's outputs, read from the
/// project's pins, as GitHub writes them into `needs.versions.outputs.*`.
const MATURIN_VERSION: &str = "${{ needs.versions.outputs.maturin }}";
const PYTEST_VERSION: &str = "${{ needs.versions.outputs.pytest }}";

/// Every check of this module on one generated project's workflow (`dir` holds the project, its
/// pins among it); the problems found, each naming the workflow.
pub fn problems(workflow: &Workflow, dir: &Path, facts: &Facts) -> Result<Vec<String>> {
    let runs = workflow.runs()?;
    let mut problems = targets(&runs);
    problems.extend(tested(workflow, &runs));
    problems.extend(versions(workflow, &runs, dir, facts)?);
    Ok(problems
        .into_iter()
        .map(|p| format!("{}: {p}", workflow.shown))
        .collect())
}

/// Every target of [`GENERATE_CI_TARGETS`] is built, each Linux one with a named manylinux.
fn targets(runs: &[Run]) -> Vec<String> {
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

/// An artifact a job uploads, with the wheel tags its build step checks.
struct Upload {
    artifact: String,
    job: String,
    tags: Vec<String>,
}

/// A job that runs the project's tests on some interpreters, after installing artifacts.
struct Tester {
    job: String,
    artifacts: Vec<String>,
    interpreters: Vec<String>,
}

/// Every artifact the release publishes is installed and tested by a job that the release waits
/// for, and every wheel tag of it on an interpreter that loads it. (An artifact the release does
/// not download, such as a coverage report, is no release artefact.)
fn tested(workflow: &Workflow, runs: &[Run]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut uploads = Vec::new();
    let mut testers = Vec::new();
    for run in runs {
        let tags: Vec<String> = run
            .steps()
            .filter_map(|s| run.field(s, "env", "TAGS"))
            .flat_map(|t| t.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        let uploaded: Vec<String> = run
            .steps()
            .filter(|s| action(s) == UPLOAD)
            .filter_map(|s| run.field(s, "with", "name"))
            .collect();
        for artifact in &uploaded {
            uploads.push(Upload {
                artifact: artifact.clone(),
                job: run.job.to_string(),
                tags: tags.clone(),
            });
        }
        let runs_tests = run
            .steps()
            .filter_map(|s| run.script(s))
            .any(|s| s.contains("-m pytest"));
        if !runs_tests {
            continue;
        }
        // What it installs: what it downloads, or what it built and uploads itself (the sdist).
        let mut artifacts: Vec<String> = run
            .steps()
            .filter(|s| action(s) == DOWNLOAD)
            .filter_map(|s| run.field(s, "with", "name"))
            .collect();
        artifacts.extend(uploaded);
        // The interpreters: the matrix's setup-python version, and each step's PYTHONS.
        let mut interpreters: Vec<String> = run
            .steps()
            .filter(|s| run.runs_step(s))
            .filter_map(|s| run.field(s, "env", "PYTHONS"))
            .flat_map(|p| p.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        let python = run.lookup("python");
        if !python.is_empty() {
            interpreters.push(if python.starts_with("pypy") {
                python
            } else {
                format!("python{python}")
            });
        }
        testers.push(Tester {
            job: run.job.to_string(),
            artifacts,
            interpreters,
        });
    }
    let release_job = workflow.jobs().find(|(_, job)| {
        job["steps"]
            .as_array()
            .is_some_and(|steps| steps.iter().any(|s| action(s) == PUBLISH))
    });
    let release: Vec<&str> = release_job.map(|(_, job)| needs(job)).unwrap_or_default();
    // What the release downloads to publish: names, or patterns such as `wheels-*`.
    let published: Vec<&str> = release_job
        .and_then(|(_, job)| job["steps"].as_array())
        .into_iter()
        .flatten()
        .filter(|s| action(s) == DOWNLOAD)
        .filter_map(|s| s["with"]["pattern"].as_str().or(s["with"]["name"].as_str()))
        .collect();
    let is_published = |artifact: &str| {
        release_job.is_none()
            || published.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => artifact.starts_with(prefix),
                None => artifact == *p,
            })
    };
    for upload in uploads.iter().filter(|u| is_published(&u.artifact)) {
        let by: Vec<&Tester> = testers
            .iter()
            .filter(|t| t.artifacts.contains(&upload.artifact))
            .collect();
        if by.is_empty() {
            problems.push(format!(
                "{} (job {}) is uploaded, but no job installs it and runs the tests",
                upload.artifact, upload.job
            ));
            continue;
        }
        for tester in &by {
            if !release.contains(&tester.job.as_str()) {
                problems.push(format!(
                    "{} is tested by job {}, which the release job does not wait for (needs)",
                    upload.artifact, tester.job
                ));
            }
        }
        for tag in &upload.tags {
            let loaded = by
                .iter()
                .any(|t| t.interpreters.iter().any(|i| loads(i, tag)));
            if !loaded {
                problems.push(format!(
                    "{}: its {tag} wheel is built, but no job tests it on an interpreter that loads it (tested on: {})",
                    upload.artifact,
                    by.iter()
                        .flat_map(|t| t.interpreters.iter().map(String::as_str))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
        }
    }
    problems
}

/// Whether an interpreter (`python3.12`, `python3.14t`, `pypy3.11`) loads a wheel of this tag
/// (`cp312-cp312`, `cp314-cp314t`, `cp310-abi3`, `cp315-abi3.abi3t`, `pp311-pypy311_pp*`).
pub fn loads(interpreter: &str, tag: &str) -> bool {
    let (pypy, version) = match interpreter.strip_prefix("pypy3.") {
        Some(v) => (true, v),
        None => match interpreter.strip_prefix("python3.") {
            Some(v) => (false, v),
            None => return false,
        },
    };
    let free_threaded = version.ends_with('t');
    let Ok(minor) = version.trim_end_matches('t').parse::<u32>() else {
        return false;
    };
    let Some((python_tag, abi)) = tag.split_once('-') else {
        return false;
    };
    let tag_minor = |prefix: &str| {
        python_tag
            .strip_prefix(prefix)
            .and_then(|d| d.strip_prefix('3'))
            .and_then(|d| d.parse::<u32>().ok())
    };
    if pypy {
        return tag_minor("pp") == Some(minor) && abi.starts_with(&format!("pypy3{minor}_"));
    }
    let Some(wheel_minor) = tag_minor("cp") else {
        return false;
    };
    match abi {
        "abi3" => !free_threaded && minor >= wheel_minor,
        "abi3.abi3t" => minor >= wheel_minor,
        _ => {
            let own = format!("cp3{minor}{}", if free_threaded { "t" } else { "" });
            wheel_minor == minor && abi == own
        }
    }
}

/// The `versions` job reads maturin's and pytest's pins from the project (its script, run here on
/// the project's files, must give facts.rhai's pins); every maturin-action step builds with
/// its maturin and every pytest installed is its pytest.
fn versions(workflow: &Workflow, runs: &[Run], dir: &Path, facts: &Facts) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let Some((_, job)) = workflow.jobs().find(|(name, _)| *name == "versions") else {
        return Ok(vec![
            "no job `versions` reads the project's maturin and pytest pins".into(),
        ]);
    };
    let outputs = run_steps(job, dir)?;
    for (name, want) in [
        ("maturin", format!("v{}", facts.python_tools["maturin"])),
        ("pytest", facts.python_tools["pytest"].clone()),
    ] {
        let expression = job["outputs"][name].as_str().unwrap_or_default();
        let got = expression
            .trim_start_matches("${{")
            .trim_end_matches("}}")
            .trim()
            .strip_prefix("steps.")
            .and_then(|rest| rest.split_once(".outputs."))
            .and_then(|(step, output)| outputs.get(&(step.to_string(), output.to_string())));
        if got != Some(&want) {
            problems.push(format!(
                "job versions gives {name} {got:?} from the project's pins, not {want:?} (hooks/facts.rhai's pin)"
            ));
        }
    }
    for run in runs {
        let needs_versions = needs(run.spec).contains(&"versions");
        for step in run.steps() {
            if action(step) == MATURIN_ACTION {
                let version = run
                    .field(step, "with", "maturin-version")
                    .unwrap_or_default();
                if version != MATURIN_VERSION || !needs_versions {
                    problems.push(format!(
                        "job {} builds with maturin {version:?}, not the project's pin ({MATURIN_VERSION} of a job that needs versions)",
                        run.job
                    ));
                }
            }
            let Some(script) = run.script(step) else {
                continue;
            };
            let installs_pytest = script
                .lines()
                .any(|l| l.contains("pip install") && l.contains("pytest"));
            if installs_pytest
                && (!script.contains("\"pytest==$PYTEST\"")
                    || run.field(step, "env", "PYTEST").as_deref() != Some(PYTEST_VERSION)
                    || !needs_versions)
            {
                problems.push(format!(
                    "job {} installs a pytest other than the project's pin (\"pytest==$PYTEST\", with PYTEST: {PYTEST_VERSION})",
                    run.job
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    Ok(problems)
}

/// Run a job's `run` steps with bash in `dir`, as GitHub would on a runner (only for a job that
/// reads files, as `versions` does); returns each step's outputs by (step id, name).
fn run_steps(
    job: &Value,
    dir: &Path,
) -> Result<std::collections::BTreeMap<(String, String), String>> {
    let mut outputs = std::collections::BTreeMap::new();
    let scratch = tempfile::tempdir()?;
    for step in job["steps"].as_array().into_iter().flatten() {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let file = scratch.path().join("output");
        std::fs::write(&file, "")?;
        Cmd::new("bash", &["-e", "-c", script])
            .cwd(dir)
            .env("GITHUB_OUTPUT", &file)
            .quiet()
            .run()?;
        let id = step["id"].as_str().unwrap_or_default();
        for line in std::fs::read_to_string(&file)?.lines() {
            if let Some((name, value)) = line.split_once('=') {
                outputs.insert((id.to_string(), name.to_string()), value.to_string());
            }
        }
    }
    Ok(outputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_interpreter_loads_the_wheels_pip_would_give_it() {
        assert!(loads("python3.12", "cp312-cp312"));
        assert!(!loads("python3.12", "cp313-cp313"));
        assert!(!loads("python3.14t", "cp314-cp314"));
        assert!(loads("python3.14t", "cp314-cp314t"));
        assert!(loads("python3.13", "cp310-abi3"));
        assert!(!loads("python3.14t", "cp310-abi3"));
        assert!(loads("python3.15t", "cp315-abi3.abi3t"));
        assert!(!loads("python3.14t", "cp315-abi3.abi3t"));
        assert!(loads("pypy3.11", "pp311-pypy311_pp*"));
        assert!(!loads("pypy3.11", "pp312-pypy312_pp*"));
        assert!(!loads("python3.11", "pp311-pypy311_pp*"));
    }

    #[test]
    fn a_matrix_is_expanded_and_its_values_filled_in() {
        let job: Value = serde_yaml_ng::from_str(
            "strategy:\n  matrix:\n    platform:\n      - { target: x86_64, pypy: yes }\n      - { target: armv7 }\n    python: [\"3.10\", \"3.11\"]\n",
        )
        .unwrap();
        let entries = matrix_entries(&job["strategy"]["matrix"]).unwrap();
        assert_eq!(entries.len(), 4);
        let run = Run {
            job: "linux",
            spec: &job,
            matrix: entries[3].clone(),
        };
        assert_eq!(
            run.resolve("-i python${{ matrix.python }} ${{ matrix.platform.pypy }} ${{ env.X }}"),
            "-i python3.11  ${{ env.X }}"
        );
    }
}
