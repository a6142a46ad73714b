//! Whether a command a text names runs: pipenv's, uv's and cargo's commands, the Pipfile's
//! scripts and their arguments, a Python's modules and scripts.

use std::collections::BTreeSet;

use super::names::{is_placeholder, listed, path_like};
use super::paths::check_path;
use super::tree::Tree;

/// The programs whose lines are commands to check.
pub(super) const PROGRAMS: &[&str] = &["pipenv", "uv", "cargo", "sh", "bash", "powershell", "pwsh"];

/// pipenv's commands (`pipenv --help`, 2026.10.3).
pub(super) const PIPENV_COMMANDS: &str = "install remove upgrade uninstall lock shell activate run check \
    audit update graph open sync clean scripts verify requirements pylock";

/// uv's commands (`uv --help`, 0.13.9).
pub(super) const UV_COMMANDS: &str = "auth run init add remove version sync lock export tree format check \
    audit tool python pip venv build publish workspace cache self help";

/// `uv run`'s options that take a value, before the command it runs.
const UV_RUN_VALUES: &str = "--python -p --with --group --package --directory --extra --project";

/// Cargo's commands that a text may name (`cargo --list`: the built-in ones used here), besides
/// `generate` (cargo-generate) and `ci` (the harness, in the repository only).
pub(super) const CARGO_COMMANDS: &str = "build check clean clippy doc fmt generate-lockfile install \
    metadata new init run test tree update vendor add remove publish bench";

/// cargo-generate's options (`cargo generate --help`, 0.23.14).
const CARGO_GENERATE_OPTIONS: &str = "--test --list-favorites -v --verbose -q --quiet \
    --continue-on-error -s --silent -c --config -h --help -V --version -g --git -p --path \
    --favorite -b --branch -t --tag -r --revision -i --identity --gitconfig --skip-submodules -n \
    --name -f --force --values-file --vcs --lib --bin -d --define --init --destination \
    --force-git-init -a --allow-commands -o --overwrite --no-workspace";

/// Programs every Unix has, which `pipenv run` and `uv run` find on PATH: docs/performance.md
/// times `pipenv run true`.
const SYSTEM_PROGRAMS: &[&str] = &["true"];

/// Modules a Python runs with `-m` that are not the project's: the standard library's and the
/// pinned tools' (a module of the project's own folders must exist).
const TOOL_MODULES: &str = "pip venv pytest mypy mypy.stubtest uv pipenv maturin ruff";

/// What is wrong with a command, if anything: see the module's comment.
pub(super) fn check_command(tree: &Tree, words: &[String], text: &str) -> Option<String> {
    let program = words[0].as_str();
    let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let problem = match program {
        "pipenv" => pipenv(tree, &args),
        "uv" => uv(tree, &args),
        "cargo" => cargo(tree, &args),
        "sh" | "bash" => args
            .iter()
            .find(|a| !a.starts_with('-'))
            .and_then(|script| path_problem(tree, script, text)),
        "powershell" | "pwsh" => args
            .iter()
            .position(|a| a.eq_ignore_ascii_case("-File"))
            .and_then(|i| args.get(i + 1))
            .and_then(|script| path_problem(tree, script, text)),
        _ => python(tree, &args, text),
    };
    if problem.is_some() {
        return problem;
    }
    // Any other argument that is a path.
    args.iter()
        .filter(|a| path_like(a, tree))
        .find_map(|a| path_problem(tree, a, text))
}

fn path_problem(tree: &Tree, path: &str, text: &str) -> Option<String> {
    if is_placeholder(path) {
        return None;
    }
    check_path(tree, path, text).map(|why| format!("whose {path} {why}"))
}

fn pipenv(tree: &Tree, args: &[&str]) -> Option<String> {
    let Some(scripts) = &tree.scripts else {
        return Some("but the project has no Pipfile: it uses uv".into());
    };
    let command = *args.first()?;
    if command.starts_with('-') {
        return None;
    }
    if !listed(PIPENV_COMMANDS, command) {
        return Some(format!("which is no command of pipenv ({command})"));
    }
    if command != "run" {
        return None;
    }
    let run = *args.get(1)?;
    if is_placeholder(run) {
        return None;
    }
    if scripts.contains(run) {
        return script_arguments(tree, run, &args[2..]);
    }
    if tree.programs.contains(run) || SYSTEM_PROGRAMS.contains(&run) {
        return None;
    }
    Some(format!(
        "which runs {run}: not a script of the Pipfile ({}) nor a program of its tools ({})",
        join(scripts),
        join(&tree.programs)
    ))
}

/// A script's arguments that name something: check.py's checks, progress's exercise.
fn script_arguments(tree: &Tree, script: &str, args: &[&str]) -> Option<String> {
    if script == "progress" || script == "progress.py" {
        let number = args.iter().find_map(|a| a.parse::<usize>().ok())?;
        return (number >= tree.exercises).then(|| {
            format!(
                "whose exercise {number} is not one of the kit's, 0 to {}",
                tree.exercises.saturating_sub(1)
            )
        });
    }
    let check = script == "check" || script == "check.py";
    if !check || tree.checks.is_empty() {
        return None;
    }
    args.iter()
        .filter(|a| !a.starts_with('-') && !is_placeholder(a))
        .find(|a| !tree.checks.contains(**a))
        .map(|a| {
            format!(
                "whose {a} is not a check of check.py ({})",
                join(&tree.checks)
            )
        })
}

fn uv(tree: &Tree, args: &[&str]) -> Option<String> {
    if !tree.uv {
        return Some("but the project has a Pipfile: it uses pipenv".into());
    }
    let command = *args.first()?;
    if command.starts_with('-') {
        return None;
    }
    if !listed(UV_COMMANDS, command) {
        return Some(format!("which is no command of uv ({command})"));
    }
    if command != "run" {
        return None;
    }
    let mut rest = &args[1..];
    while let Some(option) = rest.first().filter(|a| a.starts_with('-') && **a != "-m") {
        let skip = if listed(UV_RUN_VALUES, option) { 2 } else { 1 };
        rest = rest.get(skip..).unwrap_or_default();
    }
    let run = *rest.first()?;
    if is_placeholder(run) {
        return None;
    }
    if run == "-m" {
        return module_problem(tree, rest.get(1)?);
    }
    if run.ends_with(".py") {
        if !tree.has(run, false) {
            return Some(format!("whose {run} is not in {}", tree.what()));
        }
        return script_arguments(tree, run, &rest[1..]);
    }
    if tree.programs.contains(run) || SYSTEM_PROGRAMS.contains(&run) {
        return None;
    }
    Some(format!(
        "which runs {run}: not a file of the project nor a program of its pinned tools ({})",
        join(&tree.programs)
    ))
}

fn cargo(tree: &Tree, args: &[&str]) -> Option<String> {
    let command = *args.first()?;
    if command.starts_with('-') {
        return None;
    }
    match (command, &tree.repository) {
        ("ci", None) => Some("but `cargo ci` is pyo3-starter's harness, not the project's".into()),
        ("ci", Some(repository)) => {
            let ci = *args.get(1)?;
            (!is_placeholder(ci) && !repository.ci_commands.contains(ci)).then(|| {
                format!(
                    "whose {ci} is no command of the harness ({})",
                    join(&repository.ci_commands)
                )
            })
        }
        ("generate", repository) => {
            for (i, arg) in args.iter().enumerate().skip(1) {
                if arg.starts_with('-') && !listed(CARGO_GENERATE_OPTIONS, arg) {
                    return Some(format!("whose {arg} is no option of cargo-generate"));
                }
                if (*arg == "-d" || *arg == "--define")
                    && let Some(repository) = repository
                {
                    let (key, value) = args.get(i + 1)?.split_once('=')?;
                    match repository.questions.get(key) {
                        None => return Some(format!("whose -d {key} is no question")),
                        Some(Some(choices)) if !choices.iter().any(|c| c == value) => {
                            return Some(format!(
                                "whose -d {key}={value} is not an answer ({})",
                                choices.join(", ")
                            ));
                        }
                        _ => {}
                    }
                }
            }
            None
        }
        _ => (!listed(CARGO_COMMANDS, command))
            .then(|| format!("which is no cargo command ({command})")),
    }
}

/// A Python's arguments: `-m module` must be a module of the project or of its tools, `file.py`
/// a file.
fn python(tree: &Tree, args: &[&str], text: &str) -> Option<String> {
    for (i, arg) in args.iter().enumerate() {
        match *arg {
            "-m" => return module_problem(tree, args.get(i + 1)?),
            "-c" => return None,
            a if a.starts_with('-') => continue,
            a if a.ends_with(".py") => return path_problem(tree, a, text),
            _ => return None,
        }
    }
    None
}

fn module_problem(tree: &Tree, module: &str) -> Option<String> {
    if is_placeholder(module) || listed(TOOL_MODULES, module) {
        return None;
    }
    let path = module.replace('.', "/");
    let found = tree.has(&format!("{path}.py"), false)
        || tree.has(&format!("{path}/__init__.py"), false)
        || tree.has(&format!("{path}/__main__.py"), false);
    (!found).then(|| format!("whose module {module} is neither the project's nor a tool's"))
}

pub(super) fn join(items: &BTreeSet<String>) -> String {
    items.iter().cloned().collect::<Vec<_>>().join(", ")
}
