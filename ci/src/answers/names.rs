//! The table of names and values the generator must accept or refuse, checked through the
//! cargo-generate library and, when installed, the CLI.

use std::path::Path;

use anyhow::{Result, bail};

use crate::cmd::Cmd;
use crate::facts::fill;
use crate::project::{ProjectFacts, Tool};
use crate::render::{Render, cli_version};

/// What a case must give.
pub enum Expect {
    /// A project: its Cargo/PyPI package name and its Python module name.
    Accept {
        package: &'static str,
        module: &'static str,
    },
    /// A refusal whose message contains this fragment.
    Refuse(&'static str),
}
use Expect::{Accept, Refuse};

pub struct Case {
    pub name: &'static str,
    pub defines: Defines,
    pub expect: Expect,
}

/// A case's answers besides the name, as `-d key=value` gives them.
pub type Defines = &'static [(&'static str, &'static str)];

/// `name` with `defines` (`-d key=value`) makes a project named `package` with the module `module`.
const fn accept(
    name: &'static str,
    defines: Defines,
    package: &'static str,
    module: &'static str,
) -> Case {
    Case {
        name,
        defines,
        expect: Accept { package, module },
    }
}

/// `name` with `defines` is refused with a message that contains `fragment`.
const fn refuse(name: &'static str, defines: Defines, fragment: &'static str) -> Case {
    Case {
        name,
        defines,
        expect: Refuse(fragment),
    }
}

const TRICKY_TEXT: &str =
    r#"Fast "fib" \ #1 {{ not_liquid }} {% raw %} <b>*x*</b> & ünïcode 한국어"#;
const TRICKY_AUTHOR: &str = r#"Zoë O'Brien "Z" \ {{ me }}"#;
/// A name of 65 characters: longer than any limit a tool might have (none of ours has one).
const LONG: &str = "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcde";

/// The cases. A Python version is written as facts::fill() spells it (`{newest}`, `{after-newest}`):
/// the table follows hooks/facts.rhai's range.
#[rustfmt::skip]
pub const CASES: &[Case] = &[
    // Accepted: the package keeps the name; the module is its snake_case unless given.
    accept("fibonacci", &[], "fibonacci", "fibonacci"),
    accept("gil", &[], "gil", "gil"),
    accept("my-project", &[], "my-project", "my_project"),
    accept("my_project", &[], "my_project", "my_project"),
    accept("py3-fib", &[], "py3-fib", "py3_fib"),
    accept("a", &[], "a", "a"),
    accept("fib2", &[], "fib2", "fib2"),
    accept("fast-fib", &[("module", "fastfib")], "fast-fib", "fastfib"),
    accept("timer", &[("module", "my_time")], "timer", "my_time"),
    accept("matcher", &[], "matcher", "matcher"),
    accept("typed", &[("module", "typed_list")], "typed", "typed_list"),
    // `None` is a Python keyword, but `none` is not: `import none` works.
    accept("none", &[], "none", "none"),
    accept("text", &[("description", TRICKY_TEXT), ("author", TRICKY_AUTHOR)], "text", "text"),
    accept("no-email", &[("email", "")], "no-email", "no_email"),
    accept("mixed-one", &[("layout", "mixed"), ("abi3", "true")], "mixed-one", "mixed_one"),
    accept("newest", &[("python_version", "{newest}"), ("min_python", "{newest}"), ("license", "none")], "newest", "newest"),
    accept("oldest", &[("python_version", "{oldest}"), ("license", "Apache-2.0")], "oldest", "oldest"),
    // cargo-generate renames a project whose name is not snake_case or kebab-case (and says so);
    // the name it makes works, so these are accepted under that name.
    accept("My-Project", &[], "my-project", "my_project"),
    accept("my project", &[], "my-project", "my_project"),
    accept("my.project", &[], "my-project", "my_project"),
    accept("my--project", &[], "my-project", "my_project"),
    accept("my-project-", &[], "my-project", "my_project"),
    accept("my-pro_ject", &[], "my-pro-ject", "my_pro_ject"),
    accept("_fib", &[], "fib", "fib"),
    // Neither Cargo nor PyPI limits a name's length (crates.io does, but nothing here publishes there).
    accept(LONG, &[], LONG, LONG),
    // Refused project names: checked before cargo-generate creates the directory.
    refuse("123abc", &[], r#"starts with a digit, which Cargo does not allow in a package name; try "py-123abc""#),
    refuse("café", &[], "contains 'é'"),
    refuse("Café", &[], r#"project name "Café" (cargo-generate makes it "café") contains 'é'"#),
    refuse("!!!", &[], "has no letters or digits"),
    // Refused module names, derived from the project name or given.
    refuse("fn", &[], r#"module name "fn" is a Rust keyword"#),
    refuse("match", &[], r#"module name "match" is a Rust keyword"#),
    // A crate of Rust's own is no keyword: `mod std` builds.
    accept("std", &[], "std", "std"),
    refuse("pyo3", &[], r#"module name "pyo3" is the crate src/lib.rs builds on"#),
    refuse("ok", &[("module", "_")], r#"module name "_" is a Rust keyword or reserved word"#),
    refuse("class", &[], r#"module name "class" is a Python keyword, so "import class" is a syntax error; try "my_class""#),
    refuse("time", &[], r#"module name "time" is taken by Python's standard library or a tool the project uses, which Python finds first, so "from time import run" fails; try "my_time""#),
    refuse("json", &[], r#"module name "json" is taken"#),
    refuse("threading", &[], r#"module name "threading" is taken"#),
    refuse("test", &[], r#"module name "test" is taken"#),
    refuse("pytest", &[], r#"module name "pytest" is taken"#),
    refuse("ok", &[("module", "import")], r#"module name "import" is a Python keyword"#),
    refuse("ok", &[("module", "type")], r#"module name "type" is a Rust keyword"#),
    refuse("ok", &[("module", "123abc")], r#"module name "123abc" must start with a letter or '_'"#),
    accept("ok", &[("module", "_1abc")], "ok", "_1abc"),
    refuse("ok", &[("module", "Fib")], r#"module name "Fib" contains 'F'"#),
    refuse("ok", &[("module", "my-mod")], "contains '-': a module name is a Python identifier"),
    refuse("ok", &[("module", "modülé")], "contains 'ü'"),
    // Refused values. The hooks check every answer (cargo-generate checks none: the template
    // declares no placeholders): each refusal names the question, the value, the rule and a fix.
    // cargo-generate itself refuses a -d value it cannot parse, before it creates anything.
    refuse("ok", &[("description", "two\nlines")], "Failed to parse value: description=two"),
    refuse("ok", &[("author", "bell\u{7}")], "author contains the control character U+0007: it is one line in Cargo.toml and pyproject.toml, which cannot hold it; write it on one line, without control characters"),
    refuse("ok", &[("email", "a@b\u{1b}[31m.org")], "email contains the control character U+001B"),
    // Nothing breaks with an empty description, a tab or an address no mail server takes.
    accept("ok", &[("description", "")], "ok", "ok"),
    accept("ok", &[("email", "not-an-email")], "ok", "ok"),
    accept("ok", &[("author", "tab\there")], "ok", "ok"),
    accept("ok", &[("email", r#""zoe"@example.org"#)], "ok", "ok"),
    refuse("ok", &[("python_version", "{default}"), ("min_python", "{above-default}")], "lowest supported Python {above-default} is newer than the development Python {default}"),
    refuse("ok", &[("license", "GPL-3.0")], "license \"GPL-3.0\" is not one of the answers the template offers (MIT, Apache-2.0, MIT OR Apache-2.0 or none): the project ships their license files (for another license, pick none and add your own); pick one of them (-d license=MIT)"),
    // The version before the range's oldest has reached its end of life (PyO3 may still build
    // for it), and the one after its newest is not known to PyO3.
    refuse("ok", &[("min_python", "{before-oldest}")], r#"min_python "{before-oldest}": Python {before-oldest} has reached its end of life and gets no more fixes, so new projects leave it out (the pinned pipenv, pytest and mypy need {oldest} or newer); pick one of {oldest} to {newest}"#),
    refuse("ok", &[("python_version", "{after-newest}")], "supports CPython up to {newest}"),
    refuse("ok", &[("python_version", "3.010")], r#"python_version "3.010" is not a Python version of the form 3.N"#),
    refuse("ok", &[("python_version", "3.x")], r#"python_version "3.x" is not a Python version of the form 3.N"#),
    refuse("ok", &[("layout", "both")], "layout \"both\" is not one of the answers the template offers (pure-rust or mixed)"),
    accept("no-ci", &[("github_ci", "false")], "no-ci", "no_ci"),
    accept("no-ci-upper", &[("github_ci", "FALSE")], "no-ci-upper", "no_ci_upper"),
    refuse("ok", &[("github_ci", "maybe")], "github_ci \"maybe\" is not true or false, the answers of a yes/no question; write -d github_ci=true or -d github_ci=false"),
    refuse("ok", &[("abi3", "yes")], "abi3 \"yes\" is not true or false"),
    // The workshop kits: each kind and language renders; other answers are refused.
    accept("kit-ko", &[("workshop", "instructor"), ("language", "ko")], "kit-ko", "kit_ko"),
    refuse("ok", &[("workshop", "teacher")], "workshop \"teacher\" is not one of the answers the template offers (none, attendee or instructor)"),
    // The development tool: pipenv (the default) or uv, for a project or a kit.
    accept("uv-project", &[("tool", "uv")], "uv-project", "uv_project"),
    accept("uv-mixed", &[("tool", "uv"), ("layout", "mixed"), ("abi3", "true"), ("python_version", "{newest}")], "uv-mixed", "uv_mixed"),
    refuse("ok", &[("tool", "poetry")], "tool \"poetry\" is not one of the answers the template offers (pipenv or uv)"),
    accept("uv-kit-ko", &[("tool", "uv"), ("workshop", "instructor"), ("language", "ko")], "uv-kit-ko", "uv_kit_ko"),
    refuse("ok", &[("workshop", "attendee"), ("language", "fr")], "language \"fr\" is not one of the answers the template offers (en or ko): the README, the messages and a kit's pages are written in these; pick one of them (-d language=en)"),
];

impl Case {
    fn render(&self) -> Render {
        self.defines
            .iter()
            .fold(Render::named(self.name), |r, (k, v)| r.define(k, &fill(v)))
    }
}

/// Check every case; returns how many passed.
pub fn check_table() -> Result<usize> {
    let cli = cli_version();
    let mut problems = Vec::new();
    for case in CASES {
        if let Err(e) = check_library(case) {
            problems.push(format!("{} {:?} (library): {e:#}", case.name, case.defines));
        }
        if cli.is_some()
            && let Err(e) = check_cli(case)
        {
            problems.push(format!("{} {:?} (CLI): {e:#}", case.name, case.defines));
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} of {} cases failed:\n{}",
            problems.len(),
            CASES.len(),
            problems.join("\n")
        );
    }
    Ok(CASES.len())
}

fn check_library(case: &Case) -> Result<()> {
    let parent = tempfile::tempdir()?;
    let result = case.render().with_library(parent.path());
    match (&case.expect, result) {
        (Accept { package, module }, Ok(dir)) => check_project(&dir, package, module, case),
        (Accept { .. }, Err(e)) => bail!("refused: {e:#}"),
        (Refuse(_), Ok(_)) => bail!("accepted, but should be refused"),
        (Refuse(fragment), Err(e)) => {
            let fragment = fill(fragment);
            let message = format!("{e:#}");
            if !message.contains(&fragment) {
                bail!("refused with {message:?}, which lacks {fragment:?}");
            }
            nothing_written(parent.path(), &message)
        }
    }
}

fn check_cli(case: &Case) -> Result<()> {
    let parent = tempfile::tempdir()?;
    let out = case.render().with_cli(parent.path())?;
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match (&case.expect, out.status.success()) {
        (Accept { package, module }, true) => {
            // Under the name cargo-generate gives it (it renames "My Project" to "my-project").
            check_project(&parent.path().join(package), package, module, case)
        }
        (Accept { .. }, false) => bail!("refused: {said}"),
        (Refuse(_), true) => bail!("accepted, but should be refused"),
        (Refuse(fragment), false) => {
            let fragment = fill(fragment);
            if !said.contains(&fragment) {
                bail!("refused with {said:?}, which lacks {fragment:?}");
            }
            nothing_written(parent.path(), &said)
        }
    }
}

/// A refusal leaves at most the empty directory cargo-generate creates before the pre hooks run,
/// and then says so, naming it.
fn nothing_written(parent: &Path, said: &str) -> Result<()> {
    for entry in std::fs::read_dir(parent)? {
        let dir = entry?.path();
        if !dir.is_dir() || std::fs::read_dir(&dir)?.next().is_some() {
            bail!("a refused run left files behind in {}", dir.display());
        }
        let announced = format!(
            "cargo-generate has already created the empty directory {}; remove it before you run it again",
            dir.display()
        );
        if !said.contains(&announced) {
            bail!(
                "a refused run left the empty directory {} without saying so: {said:?}",
                dir.display()
            );
        }
    }
    Ok(())
}

/// The rendered project has the right names, its TOML parses with Python's tomllib and says
/// exactly what was typed, and its Python compiles.
fn check_project(dir: &Path, package: &str, module: &str, case: &Case) -> Result<()> {
    let cargo: toml::Table = std::fs::read_to_string(dir.join("Cargo.toml"))?.parse()?;
    let pyproject: toml::Table = std::fs::read_to_string(dir.join("pyproject.toml"))?.parse()?;
    if cargo["package"]["name"].as_str() != Some(package)
        || pyproject["project"]["name"].as_str() != Some(package)
    {
        bail!("package name is not {package}");
    }
    let module_name = pyproject["tool"]["maturin"]["module-name"]
        .as_str()
        .unwrap_or_default();
    if module_name.split('.').next() != Some(module) {
        bail!("module-name is {module_name}, not {module}");
    }
    for (key, value) in case.defines {
        let typed = match *key {
            "description" => pyproject["project"]["description"].as_str(),
            "author" => pyproject["project"]["authors"][0]["name"].as_str(),
            "email" if !value.is_empty() => pyproject["project"]["authors"][0]
                .get("email")
                .and_then(|e| e.as_str()),
            _ => continue,
        };
        if typed != Some(value) {
            bail!("pyproject.toml says {key} = {typed:?}, but {value:?} was typed");
        }
        let readme = std::fs::read_to_string(dir.join("README.md"))?;
        if *key == "description" && !readme.contains(&markdown_escaped(value)) {
            bail!("README.md lacks the escaped description");
        }
    }
    // The development tool's files: a Pipfile, or uv's dependency group and, in a project but not
    // a kit, .python-version.
    let facts = ProjectFacts::read(dir)?;
    let tool = case
        .defines
        .iter()
        .find(|(k, _)| *k == "tool")
        .map_or("pipenv", |(_, v)| v);
    let wanted = if tool == "uv" { Tool::Uv } else { Tool::Pipenv };
    // uv's .python-version names the development Python; a kit takes any of its range.
    let kit = case
        .defines
        .iter()
        .any(|(k, v)| *k == "workshop" && *v != "none");
    let python_version = wanted == Tool::Uv && !kit;
    if facts.tool != wanted || dir.join(".python-version").exists() != python_version {
        bail!(
            "tool = {tool}, but the files make a {:?} project",
            facts.tool
        );
    }
    let dir_arg = dir.display().to_string();
    Cmd::new("python3", &["-c", PYTHON_CHECK, &dir_arg])
        .cwd(dir)
        .run()?;
    Ok(())
}

fn markdown_escaped(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if "\\`*_[]<>#|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

/// Parses every TOML file (and the Pipfile, if any) with tomllib and compiles every Python file.
const PYTHON_CHECK: &str = r#"
import pathlib, sys, tomllib
root = pathlib.Path(sys.argv[1])
for path in [*root.rglob("*.toml"), *root.glob("Pipfile")]:
    tomllib.loads(path.read_text(encoding="utf-8"))
for path in [*root.rglob("*.py"), *root.rglob("*.pyi")]:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
"#;
