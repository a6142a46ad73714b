//! Every refusal is earned: for each rule of the answers (a `// rule: <name>` in
//! hooks/rules.rhai), a value it refuses, and the failure that value causes once the rule is
//! switched off (`cargo ci refusals`).
//! A rule nothing breaks without does not belong in the template.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::facts::fill;
use crate::fs::copy_tree;
use crate::project;
use crate::pythons::Venv;
use crate::render::Render;
use crate::repo_root;

/// Where a refused value breaks, tried as a user would go on.
#[derive(Debug)]
pub enum Breaks {
    /// cargo-generate cannot render it.
    Render,
    /// `cargo check`: Cargo or rustc rejects the project.
    Cargo,
    /// The development tools the Pipfile pins have no release for the project's Python.
    DevTools,
    /// `maturin develop` builds the module but cannot install it.
    Install,
    /// `maturin develop` installs it, but `from <module> import run` fails.
    Import,
    /// The README's first commands (its first `sh` block, line by line) fail, run as it says in
    /// a fresh shell.
    Readme,
    /// `python check.py --list`: the project's own checks cannot even start.
    Checks,
    /// `maturin develop` installs the module, but the project's tests fail (pytest, pinned as the
    /// project pins it).
    Tests,
    /// The wheel `maturin build` makes fails `twine check`, which the release job's upload runs
    /// (pypa/gh-action-pypi-publish): PyPI would refuse it.
    Publish,
    /// A pipenv project's command of this name (hooks/facts.rhai's commands()) is not among its
    /// Pipfile's scripts: `pipenv run <name>` finds nothing to run.
    Script(&'static str),
}

/// A rule, a value it refuses, and a fragment of the failure with the rule switched off.
pub struct Earned {
    /// A `// rule: <name>` of hooks/rules.rhai.
    pub rule: &'static str,
    pub name: &'static str,
    pub defines: &'static [(&'static str, &'static str)],
    pub breaks: Breaks,
    pub failure: &'static str,
}

const fn earned(
    rule: &'static str,
    name: &'static str,
    defines: &'static [(&'static str, &'static str)],
    breaks: Breaks,
    failure: &'static str,
) -> Earned {
    Earned {
        rule,
        name,
        defines,
        breaks,
        failure,
    }
}

/// One row per rule.
pub const EARNED: &[Earned] = &[
    // cargo-generate renames "!!!" to "" and would render into the destination itself.
    earned(
        "project-name-has-letters",
        "!!!",
        &[],
        Breaks::Render,
        "Target directory already exists",
    ),
    earned(
        "project-name-starts-with-a-letter",
        "123abc",
        &[("module", "fib")],
        Breaks::Cargo,
        "the name cannot start with a digit",
    ),
    earned(
        "project-name-is-ascii",
        "café",
        &[("module", "cafe")],
        Breaks::Install,
        "Invalid requirement",
    ),
    earned(
        "module-name-is-an-identifier",
        "ok",
        &[("module", "my-mod")],
        Breaks::Cargo,
        "library target names cannot contain hyphens",
    ),
    earned(
        "module-name-starts-with-a-letter",
        "ok",
        &[("module", "2fast")],
        Breaks::Cargo,
        "expected identifier",
    ),
    earned(
        "module-name-is-no-python-keyword",
        "ok",
        &[("module", "class")],
        Breaks::Import,
        "SyntaxError",
    ),
    earned(
        "module-name-is-no-rust-keyword",
        "ok",
        &[("module", "fn")],
        Breaks::Cargo,
        "expected identifier, found keyword `fn`",
    ),
    earned(
        "module-name-is-not-pyo3",
        "ok",
        &[("module", "pyo3")],
        Breaks::Cargo,
        "`pyo3` is ambiguous",
    ),
    earned(
        "module-name-is-free",
        "ok",
        &[("module", "json")],
        Breaks::Import,
        "cannot import name 'run' from 'json'",
    ),
    earned(
        "python-is-3-n",
        "ok",
        &[("python_version", "3.x")],
        Breaks::Render,
        "Failed executing script",
    ),
    earned(
        "python-is-alive",
        "ok",
        &[
            ("python_version", "{before-oldest}"),
            ("min_python", "{before-oldest}"),
        ],
        Breaks::DevTools,
        "No matching distribution found",
    ),
    earned(
        "python-is-known-to-pyo3",
        "ok",
        &[
            ("python_version", "{after-newest}"),
            ("min_python", "{after-newest}"),
            ("abi3", "true"),
        ],
        Breaks::Cargo,
        "abi3-py{after-newest-digits}",
    ),
    earned(
        "min-python-not-above-python",
        "ok",
        &[
            ("python_version", "{default}"),
            ("min_python", "{above-default}"),
        ],
        Breaks::Install,
        "requires a different Python",
    ),
    earned(
        "text-is-one-line",
        "ok",
        &[("description", "bell\u{7}")],
        Breaks::Cargo,
        "Cargo.toml",
    ),
    // The hooks make the template's booleans of "true" and "false" only; of "maybe", nothing.
    earned(
        "yes-no-is-true-or-false",
        "ok",
        &[("abi3", "maybe")],
        Breaks::Render,
        "Function not found: variable::set",
    ),
    // An SPDX expression names no license "GPL" (GPL-3.0-only is one); maturin writes it into the
    // wheel's License-Expression as it is, and pip installs it, but the upload checks it.
    earned(
        "license-is-offered",
        "ok",
        &[("license", "GPL")],
        Breaks::Publish,
        "Invalid distribution metadata: 'GPL' is invalid for 'license-expression'",
    ),
    // Neither layout's files are left out: a pure-Rust module with the mixed layout's tests.
    earned(
        "layout-is-offered",
        "ok",
        &[("layout", "both")],
        Breaks::Tests,
        "cannot import name '_core'",
    ),
    // No pin of a tool named poetry (hooks/facts.rhai's python_tools()).
    earned(
        "tool-is-offered",
        "ok",
        &[("tool", "poetry")],
        Breaks::Render,
        "Function not found: variable::set",
    ),
    // Neither an attendee's kit nor an instructor's: it ships the solutions (only an attendee kit
    // leaves them out) without the `solve` command that applies them (only an instructor kit has it).
    earned(
        "workshop-is-offered",
        "ok",
        &[("workshop", "teacher")],
        Breaks::Script("solve"),
        "the Pipfile has no script solve",
    ),
    // check.py's messages exist in English and Korean.
    earned(
        "language-is-offered",
        "ok",
        &[("language", "fr")],
        Breaks::Checks,
        "KeyError: 'fr'",
    ),
];

/// The rules of the template: the `// rule:` names in hooks/rules.rhai. (cargo-generate checks
/// nothing itself: the template declares no placeholders.)
pub fn rules() -> Result<Vec<String>> {
    let rhai = std::fs::read_to_string(repo_root().join("hooks/rules.rhai"))?;
    Ok(rhai
        .lines()
        .filter_map(|line| {
            line.split_once("{ // rule: ")
                .map(|(_, r)| r.trim().to_string())
        })
        .collect())
}

/// Check that every rule has one row and every row refuses its value and breaks as it says (or
/// only the row of the rule `only`); returns how many rules were shown to be earned.
pub fn check(only: Option<&str>) -> Result<usize> {
    let rules = rules()?;
    let mut problems = Vec::new();
    for rule in &rules {
        let rows = EARNED.iter().filter(|e| e.rule == rule).count();
        if rows != 1 {
            problems.push(format!(
                "rule {rule} has {rows} rows in ci/src/answers/refusals.rs's EARNED; it needs one showing what it prevents"
            ));
        }
    }
    for row in EARNED.iter().filter(|e| !rules.iter().any(|r| r == e.rule)) {
        problems.push(format!(
            "ci/src/answers/refusals.rs's EARNED has a row for {}, which is no rule of the template",
            row.rule
        ));
    }
    if let Some(rule) = only
        && !rules.iter().any(|r| r == rule)
    {
        problems.push(format!(
            "no rule named {rule}; the rules are {}",
            rules.join(", ")
        ));
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    let mut venvs = Venvs::default();
    let rows: Vec<&Earned> = EARNED
        .iter()
        .filter(|e| only.is_none_or(|r| r == e.rule))
        .collect();
    for row in &rows {
        println!("refusals: {} ({} {:?})", row.rule, row.name, row.defines);
        show(row, &mut venvs).with_context(|| format!("rule {}", row.rule))?;
    }
    Ok(rows.len())
}

fn render(row: &Earned, source: Option<PathBuf>) -> Render {
    let mut render = Render::named(row.name);
    for (key, value) in row.defines {
        render = render.define(key, &fill(value));
    }
    render.source = source;
    render
}

/// The rule refuses the value; with the rule switched off, the value breaks where the row says.
fn show(row: &Earned, venvs: &mut Venvs) -> Result<()> {
    let parent = tempfile::tempdir()?;
    if render(row, None).with_library(parent.path()).is_ok() {
        bail!("the template accepts {:?} {:?}", row.name, row.defines);
    }
    let source = tempfile::tempdir()?;
    for dir in ["template", "hooks"] {
        copy_tree(&repo_root().join(dir), &source.path().join(dir))?;
    }
    switch_off(row.rule, source.path())?;
    let parent = tempfile::tempdir()?;
    let rendered = render(row, Some(source.path().to_path_buf())).with_library(parent.path());
    let failure = match (&row.breaks, rendered) {
        (Breaks::Render, Ok(_)) => bail!("renders with the rule off"),
        (Breaks::Render, Err(e)) => format!("{e:#}"),
        (_, Err(e)) => bail!("does not render with the rule off: {e:#}"),
        (breaks, Ok(dir)) => match breaks_at(breaks, &dir, row, venvs)? {
            Some(failure) => failure,
            None => bail!("works with the rule off: {breaks:?} passes"),
        },
    };
    let expected = fill(row.failure);
    // Whitespace runs as one space: a tool may wrap its message at the terminal's width (rich,
    // twine's, takes 80 columns under TERM=dumb, whatever COLUMNS says).
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !flat(&failure).contains(&flat(&expected)) {
        bail!(
            "with the rule off, {:?} fails without {:?}:\n{failure}",
            row.breaks,
            expected
        );
    }
    let line = first_line_with(&failure, &expected);
    println!(
        "    earned: {}",
        if line.is_empty() { &expected } else { line }
    );
    Ok(())
}

/// Switch the rule off in a copy: its `if` never refuses.
fn switch_off(rule: &str, root: &Path) -> Result<()> {
    let path = root.join("hooks/rules.rhai");
    let text = std::fs::read_to_string(&path)?;
    let marker = format!("{{ // rule: {rule}\n");
    let at = text.find(&marker).context("no such rule")?;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let condition = line_start
        + text[line_start..at]
            .find("if ")
            .context("a rule's line is an if")?
        + 3;
    std::fs::write(
        &path,
        format!("{}false {}", &text[..condition], &text[at..]),
    )?;
    Ok(())
}

/// Go as far as `breaks` in the project; `Some(output)` when it fails there.
fn breaks_at(
    breaks: &Breaks,
    dir: &Path,
    row: &Earned,
    venvs: &mut Venvs,
) -> Result<Option<String>> {
    let target = repo_root().join("ci/target/refusals");
    let failed = |out: std::process::Output| -> Option<String> {
        (!out.status.success()).then(|| {
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        })
    };
    match breaks {
        Breaks::Render => unreachable!("a render is tried before"),
        Breaks::Checks => Ok(failed(
            Cmd::new("python3", &["check.py", "--list"])
                .cwd(dir)
                .output()?,
        )),
        Breaks::Script(name) => {
            let pipfile: toml::Table = std::fs::read_to_string(dir.join("Pipfile"))
                .context("a pipenv project's Pipfile")?
                .parse()?;
            let has = pipfile
                .get("scripts")
                .and_then(|s| s.as_table())
                .is_some_and(|s| s.contains_key(*name));
            Ok((!has).then(|| {
                format!("`pipenv run {name}`: the Pipfile has no script {name}, nothing to run")
            }))
        }
        Breaks::Publish => {
            let development = project::development(dir)?;
            let maturin = development.tools.pin("maturin")?;
            let venv = venvs.for_python(&development.python, maturin)?;
            let wheels = tempfile::tempdir()?;
            let out = wheels.path().display().to_string();
            if let Some(out) = failed(
                venv.cmd("maturin", &["build", "--out", &out])
                    .cwd(dir)
                    .env("CARGO_TARGET_DIR", &target)
                    .output()?,
            ) {
                bail!("`maturin build` fails before the upload's check can:\n{out}");
            }
            // The check pypa/gh-action-pypi-publish runs before it uploads; any recent twine.
            venv.cmd("python", &["-m", "pip", "install", "--quiet", "twine"])
                .run()?;
            let wheels: Vec<String> = std::fs::read_dir(wheels.path())?
                .map(|e| e.map(|e| e.path().display().to_string()))
                .collect::<std::io::Result<_>>()?;
            let mut args = vec!["-m", "twine", "check"];
            args.extend(wheels.iter().map(String::as_str));
            // Wide, so that twine's rich output does not wrap its message.
            Ok(failed(
                venv.cmd("python", &args)
                    .cwd(dir)
                    .env("COLUMNS", "300")
                    .env("NO_COLOR", "1")
                    .output()?,
            ))
        }
        Breaks::Cargo => Ok(failed(
            Cmd::new("cargo", &["check"])
                .cwd(dir)
                .env("CARGO_TARGET_DIR", &target)
                .output()?,
        )),
        Breaks::DevTools => {
            // What `pipenv install --dev` would fetch, asked of PyPI for the project's Python.
            let development = project::development(dir)?;
            let tools = development.tools.requirements();
            let dest = tempfile::tempdir()?;
            let dest = dest.path().display().to_string();
            let mut args = vec![
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--python-version",
                &development.python,
                "--dest",
                &dest,
            ];
            args.extend(tools.iter().map(String::as_str));
            Ok(failed(Cmd::new("python3", &args).cwd(dir).output()?))
        }
        Breaks::Readme => {
            let readme = std::fs::read_to_string(dir.join("README.md"))?;
            let block = readme
                .split("```sh\n")
                .nth(1)
                .and_then(|rest| rest.split("```").next())
                .context("the README has no `sh` block")?;
            let venvs = tempfile::tempdir()?;
            for line in block.lines().filter(|l| !l.trim().is_empty()) {
                let words: Vec<&str> = line.split_whitespace().collect();
                let out = Cmd::new(words[0], &words[1..])
                    .cwd(dir)
                    .env("WORKON_HOME", venvs.path())
                    .env("PIPENV_IGNORE_VIRTUALENVS", "1")
                    .env("PIPENV_YES", "1")
                    .env("PIPENV_NOSPIN", "1")
                    .env("CARGO_TARGET_DIR", &target)
                    .output()?;
                if let Some(failure) = failed(out) {
                    return Ok(Some(format!("`{line}`: {failure}")));
                }
            }
            Ok(None)
        }
        Breaks::Install | Breaks::Import | Breaks::Tests => {
            // Not ProjectFacts::read: a refused answer may leave pyproject.toml for maturin to
            // reject, and that failure is the one to show.
            let development = project::development(dir)?;
            let maturin = development.tools.pin("maturin")?;
            let venv = venvs.for_python(&development.python, maturin)?;
            let installed = venv
                .cmd("maturin", &["develop"])
                .cwd(dir)
                .env("CARGO_TARGET_DIR", &target)
                .output()?;
            if matches!(breaks, Breaks::Install) {
                return Ok(failed(installed));
            }
            if let Some(out) = failed(installed) {
                bail!("`maturin develop` fails before the import can:\n{out}");
            }
            if matches!(breaks, Breaks::Tests) {
                let pytest = format!(
                    "pytest{}",
                    development.tools.pin("pytest").unwrap_or_default()
                );
                venv.cmd("python", &["-m", "pip", "install", "--quiet", &pytest])
                    .run()?;
                return Ok(failed(
                    venv.cmd("python", &["-m", "pytest", "-q"])
                        .cwd(dir)
                        .output()?,
                ));
            }
            let module = row
                .defines
                .iter()
                .find(|(k, _)| *k == "module")
                .map_or(row.name, |(_, m)| m);
            let code = format!("from {module} import run");
            Ok(failed(
                venv.cmd("python", &["-c", &code]).cwd(dir).output()?,
            ))
        }
    }
}

/// One virtualenv per Python version, with the maturin the rendered Pipfile pins.
#[derive(Default)]
struct Venvs {
    made: BTreeMap<String, (tempfile::TempDir, Venv)>,
}

impl Venvs {
    fn for_python(&mut self, python: &str, maturin_pin: &str) -> Result<&Venv> {
        if !self.made.contains_key(python) {
            let dir = tempfile::tempdir()?;
            let maturin = format!("maturin{maturin_pin}");
            let venv = Venv::create(python, &dir.path().join("venv"), &[&maturin], |cmd| {
                cmd.run()
            })?;
            self.made.insert(python.to_string(), (dir, venv));
        }
        Ok(&self.made[python].1)
    }
}

fn first_line_with<'a>(text: &'a str, fragment: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(fragment))
        .unwrap_or_default()
        .trim()
}
