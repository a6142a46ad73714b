//! What a person reads names what is there (issue 29): every path, page and command that a
//! render's READMEs and pages, its scripts' messages and docstrings, its shell scripts' lines and
//! its Rust doc comments name must exist in that render, or be a command its tool has. The root
//! README, CONTRIBUTING.md and docs/ are held to the repository and its examples.
//!
//! - [`check_reads`] (`cargo ci check`): every example, read without building anything.
//! - [`names_exist`]: the same rules for what a script printed at run time, in a built project
//!   (the e2e calls it on the kits' messages and on what the offline install prints).
//!
//! What is read: Markdown's inline code, its links and its shell and text code blocks (prose is
//! English, not names); Python's string literals (docstrings and messages; an f-string's fields
//! are placeholders); the comments and quoted strings of shell and PowerShell scripts; Rust doc
//! comments; the comments of the Pipfile, pyproject.toml and Cargo.toml, and the Pipfile's
//! scripts. A name is
//! - a path: a word with a known file extension, or with a `/` that ends a folder, starts with
//!   `./` or `/tmp/`, or starts with a file or folder of the render (`pass/fail`, `actions/checkout`
//!   are no paths). With a `/` it is relative to the render's root (a Markdown link: to its page);
//!   a bare file name may be anywhere in the render; `*` is a glob and `N` a number in one.
//! - a command: a line that starts with `pipenv`, `uv`, `cargo`, a Python (`python`, `python3.12`,
//!   `py`, `.../bin/python`), `sh`, `bash` or `powershell`.
//!
//! Placeholders (`<module>`, `{page}`, `$kit`, `NN-....md`) are no names. A few paths are made by
//! a command rather than rendered: [`MADE_BY`] lists them with the command.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::examples::examples;
use crate::repo_root;

/// The files an extension marks as a path (`bench.py`, `docs/en/01-run.md`); [`NAMED_FILES`]
/// have none.
const EXTENSIONS: &str = "md py pyi rs toml txt sh ps1 bat cmd yml yaml lock html json rhai whl \
    typed cfg";

/// Files without an extension whose name alone is a path.
const NAMED_FILES: &str = "Pipfile .python-version .gitignore LICENSE-MIT LICENSE-APACHE";

/// Paths that no render holds, each with the command that makes it: build output, locks, the
/// virtualenv, and the offline bundle of a kit. A name matches an entry equal to it, or an entry
/// ending in `/` that is its first folder.
const MADE_BY: &[(&str, &str)] = &[
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
const MADE_BY_THE_BUNDLE: &[&str] = &[
    "README.txt",
    "vendor/",
    "wheelhouse/",
    ".cargo/config.toml",
    // The pages as a site to read offline, which a kit's bundle holds.
    "site/",
];

/// The programs whose lines are commands to check.
const PROGRAMS: &[&str] = &["pipenv", "uv", "cargo", "sh", "bash", "powershell", "pwsh"];

/// pipenv's commands (`pipenv --help`, 2026.10.3).
const PIPENV_COMMANDS: &str = "install remove upgrade uninstall lock shell activate run check \
    audit update graph open sync clean scripts verify requirements pylock";

/// uv's commands (`uv --help`, 0.13.9).
const UV_COMMANDS: &str = "auth run init add remove version sync lock export tree format check \
    audit tool python pip venv build publish workspace cache self help";

/// `uv run`'s options that take a value, before the command it runs.
const UV_RUN_VALUES: &str = "--python -p --with --group --package --directory --extra --project";

/// Cargo's commands that a text may name (`cargo --list`: the built-in ones used here), besides
/// `generate` (cargo-generate) and `ci` (the harness, in the repository only).
const CARGO_COMMANDS: &str = "build check clean clippy doc fmt generate-lockfile install \
    metadata new init run test tree update vendor add remove publish bench";

/// cargo-generate's options (`cargo generate --help`, 0.23.14).
const CARGO_GENERATE_OPTIONS: &str = "--test --list-favorites -v --verbose -q --quiet \
    --continue-on-error -s --silent -c --config -h --help -V --version -g --git -p --path \
    --favorite -b --branch -t --tag -r --revision -i --identity --gitconfig --skip-submodules -n \
    --name -f --force --values-file --vcs --lib --bin -d --define --init --destination \
    --force-git-init -a --allow-commands -o --overwrite --no-workspace";

/// The answers init.rhai asks for itself, besides hooks/questions.rhai's questions.
const OWN_QUESTIONS: &[&str] = &["module", "python_version", "min_python"];

/// The programs each pinned Python tool puts in a virtualenv.
const TOOL_PROGRAMS: &[(&str, &[&str])] = &[
    ("maturin", &["maturin"]),
    ("uv", &["uv", "uvx"]),
    ("pytest", &["pytest", "py.test"]),
    ("ruff", &["ruff"]),
    ("mypy", &["mypy", "stubtest", "dmypy"]),
];

/// Programs every Unix has, which `pipenv run` and `uv run` find on PATH: docs/performance.md
/// times `pipenv run true`.
const SYSTEM_PROGRAMS: &[&str] = &["true"];

/// Modules a Python runs with `-m` that are not the project's: the standard library's and the
/// pinned tools' (a module of the project's own folders must exist).
const TOOL_MODULES: &str = "pip venv pytest mypy mypy.stubtest uv pipenv maturin ruff";

/// Where a text's names are looked up: one render, or the repository with every example.
pub struct Tree {
    /// Directories a path may be relative to: the render, or the repository, the harness's own
    /// repository (a broken copy has no ci/), examples/ and each example.
    roots: Vec<PathBuf>,
    /// Every file and folder below the roots, as a relative path with `/`.
    paths: BTreeSet<String>,
    /// Every file's and folder's own name.
    names: BTreeSet<String>,
    /// The Pipfile's scripts; `None` without a Pipfile.
    scripts: Option<BTreeSet<String>>,
    /// Whether `uv` commands fit: no Pipfile (or the repository, whose docs show both tools).
    uv: bool,
    /// What `pipenv run` and `uv run` find in the virtualenv: the pinned tools' programs.
    programs: BTreeSet<String>,
    /// check.py's checks (`check --list`).
    checks: BTreeSet<String>,
    /// A kit's exercises (src/exercises/exN_*.rs), which `progress N` takes.
    exercises: usize,
    /// A kit, or the repository: the offline bundle's files may be named ([`MADE_BY_THE_BUNDLE`],
    /// and the kit's own folder in it, named after the project).
    bundle: bool,
    /// The project's name: its folder's.
    project: String,
    /// What a script printed at run time: an absolute path names a file of this machine.
    run_time: bool,
    /// The repository: `cargo ci` and `cargo generate` are its commands.
    repository: Option<Repository>,
}

/// What the root docs may name besides a render's files: the harness's commands and the questions.
struct Repository {
    ci_commands: BTreeSet<String>,
    /// Each question's key, with its accepted answers where they are a list.
    questions: BTreeMap<String, Option<Vec<String>>>,
}

impl Tree {
    /// A render (an example, or a project the e2e built) at `dir`.
    pub fn of_render(dir: &Path) -> Result<Tree> {
        let mut tree = Tree {
            roots: vec![dir.to_path_buf()],
            paths: BTreeSet::new(),
            names: BTreeSet::new(),
            scripts: None,
            uv: false,
            programs: ["python".to_string()].into(),
            checks: BTreeSet::new(),
            exercises: 0,
            bundle: dir.join("kit_language.py").is_file(),
            project: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            run_time: false,
            repository: None,
        };
        tree.walk(dir)?;
        tree.exercises = tree
            .paths
            .iter()
            .filter(|p| glob_matches("src/exercises/exN_*.rs", p))
            .count();
        let pipfile = dir.join("Pipfile");
        let pyproject = dir.join("pyproject.toml");
        if !pipfile.is_file() && !pyproject.is_file() {
            bail!("{}: neither a Pipfile nor a pyproject.toml", dir.display());
        }
        if pipfile.is_file() {
            let pipfile: toml::Table = std::fs::read_to_string(&pipfile)?.parse()?;
            let table = |name: &str| pipfile.get(name).and_then(|t| t.as_table()).cloned();
            tree.scripts = Some(
                table("scripts")
                    .unwrap_or_default()
                    .keys()
                    .cloned()
                    .collect(),
            );
            let tools = table("dev-packages").unwrap_or_default();
            tree.add_tools(tools.keys().map(String::as_str));
        } else {
            tree.uv = true;
            let pyproject: toml::Table = std::fs::read_to_string(pyproject)?.parse()?;
            let groups = pyproject
                .get("dependency-groups")
                .and_then(|g| g.as_table())
                .cloned()
                .unwrap_or_default();
            let requirements: Vec<String> = groups
                .values()
                .filter_map(|g| g.as_array())
                .flatten()
                .filter_map(|r| r.as_str())
                .map(|r| {
                    r.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect();
            tree.add_tools(requirements.iter().map(String::as_str));
        }
        Ok(tree)
    }

    /// The Python files of a render, to read with [`read_python`].
    fn python_files(&self) -> Vec<PathBuf> {
        let root = &self.roots[0];
        let files = self.paths.iter().filter(|p| p.ends_with(".py"));
        files.map(|p| root.join(p)).collect()
    }

    /// The repository, for its README, CONTRIBUTING.md and docs/: its own files and the harness's,
    /// every example's (the docs show what a project holds and runs), and examples/ (a project's
    /// folder, `fibonacci/`).
    fn of_repository(renders: &[Tree]) -> Result<Tree> {
        let harness = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("the harness's repository")?
            .to_path_buf();
        let mut tree = Tree {
            roots: vec![repo_root(), harness, crate::examples_dir()],
            paths: BTreeSet::new(),
            names: BTreeSet::new(),
            scripts: Some(BTreeSet::new()),
            uv: true,
            programs: BTreeSet::new(),
            checks: BTreeSet::new(),
            exercises: 0,
            bundle: true,
            project: String::new(),
            run_time: false,
            repository: Some(Repository {
                ci_commands: ci_commands(),
                questions: questions()?,
            }),
        };
        for root in tree.roots.clone() {
            tree.walk(&root)?;
        }
        for render in renders {
            tree.roots.extend(render.roots.iter().cloned());
            tree.paths.extend(render.paths.iter().cloned());
            tree.names.extend(render.names.iter().cloned());
            if let (Some(all), Some(scripts)) = (&mut tree.scripts, &render.scripts) {
                all.extend(scripts.iter().cloned());
            }
            tree.programs.extend(render.programs.iter().cloned());
            tree.checks.extend(render.checks.iter().cloned());
            tree.exercises = tree.exercises.max(render.exercises);
        }
        Ok(tree)
    }

    fn add_tools<'a>(&mut self, tools: impl Iterator<Item = &'a str>) {
        for tool in tools {
            let programs = TOOL_PROGRAMS
                .iter()
                .find(|(name, _)| *name == tool)
                .map_or(&[][..], |(_, programs)| *programs);
            self.programs.extend(programs.iter().map(|p| p.to_string()));
        }
    }

    /// Every file and folder below `root`, but build output and version control.
    fn walk(&mut self, root: &Path) -> Result<()> {
        let skipped = ["target", ".git", ".venv", "__pycache__", "node_modules"];
        let walker = walkdir::WalkDir::new(root)
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| !skipped.contains(&e.file_name().to_string_lossy().as_ref()));
        for entry in walker {
            let entry = entry?;
            let relative = entry.path().strip_prefix(root)?;
            let relative = relative.to_string_lossy().replace('\\', "/");
            self.names
                .insert(entry.file_name().to_string_lossy().into_owned());
            self.paths.insert(relative);
        }
        Ok(())
    }

    /// Whether `path` (relative, `/`-separated, no trailing `/`) is below a root; `folder`: as a
    /// folder.
    fn has(&self, path: &str, folder: bool) -> bool {
        self.roots.iter().any(|root| {
            let full = root.join(path);
            if folder { full.is_dir() } else { full.exists() }
        })
    }

    /// Whether the first part of `path` (`tests` of `tests/exercises`) is a file or folder at the
    /// top of a root.
    fn starts_with_an_entry(&self, path: &str) -> bool {
        let first = path.split('/').next().unwrap_or_default();
        !first.is_empty() && self.roots.iter().any(|r| r.join(first).exists())
    }
}

/// `cargo ci`'s commands, as its usage (ci/src/main.rs's `USAGE`) lists them: each line that
/// starts with two spaces and a word.
fn ci_commands() -> BTreeSet<String> {
    let main = include_str!("../main.rs");
    let usage = main
        .split("const USAGE: &str = \"")
        .nth(1)
        .and_then(|rest| rest.split("\";").next())
        .unwrap_or_default();
    usage
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .map(String::from)
        .collect()
}

/// Every question's key (hooks/questions.rhai's, and those init.rhai asks itself), with its
/// answers where they are a choice (`true`/`false` for a yes/no question).
fn questions() -> Result<BTreeMap<String, Option<Vec<String>>>> {
    let mut keys: BTreeMap<String, Option<Vec<String>>> = OWN_QUESTIONS
        .iter()
        .map(|k| (k.to_string(), None))
        .collect();
    for (key, question) in crate::facts::questions()? {
        let choices = if let Some(choices) = question.get("choices").and_then(|c| c.as_array()) {
            Some(
                choices
                    .iter()
                    .filter_map(|c| c.as_str().map(String::from))
                    .collect(),
            )
        } else if question.get("default").is_some_and(|d| d.is_bool()) {
            Some(vec!["true".into(), "false".into()])
        } else {
            None
        };
        keys.insert(key, choices);
    }
    Ok(keys)
}

/// One thing a text says, at a line of its file.
#[derive(Debug)]
enum Said {
    /// Code: inline code, a shell block's line, a Pipfile script. A program's name starts a
    /// command; after a `#`, the rest of a line is prose.
    Code(String),
    /// Prose that may hold names: a message, a docstring, a comment, a text block. A program's
    /// name starts a command only before one of its commands (`pipenv run`, `uv sync`, `cargo
    /// build`, `python x.py`): "cargo says" or "uv resolves" is English.
    Prose(String),
    /// A Markdown link's target, relative to its page.
    Link(String),
}

/// What the file `relative` of a render says, by line: by its kind (see the module's comment).
/// Python files are read separately ([`python_strings`]).
fn said_in(relative: &str, text: &str) -> Vec<(usize, Said)> {
    let extension = relative
        .rsplit_once('.')
        .map(|(_, e)| e)
        .unwrap_or_default();
    let name = relative.rsplit('/').next().unwrap_or(relative);
    match extension {
        "md" => markdown(text),
        "sh" | "ps1" => shell(text),
        "rs" => text
            .lines()
            .enumerate()
            .filter_map(|(i, line)| {
                let line = line.trim_start();
                let doc = line
                    .strip_prefix("//!")
                    .or_else(|| line.strip_prefix("///"))?;
                Some((i + 1, Said::Prose(doc.to_string())))
            })
            .collect(),
        "toml" => comments(text),
        _ if name == "Pipfile" => {
            // The comments, and each script's command (`check = "python check.py"`).
            let mut said = comments(text);
            let mut in_scripts = false;
            for (i, line) in text.lines().enumerate() {
                if line.starts_with('[') {
                    in_scripts = line.trim() == "[scripts]";
                } else if in_scripts && let Some((_, command)) = line.split_once(" = ") {
                    said.push((i + 1, Said::Code(command.trim_matches('"').to_string())));
                }
            }
            said
        }
        _ => Vec::new(),
    }
}

/// The `#` comments of a TOML file.
fn comments(text: &str) -> Vec<(usize, Said)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (_, comment) = line.split_once('#')?;
            Some((i + 1, Said::Prose(comment.to_string())))
        })
        .collect()
}

/// A shell or PowerShell script's comments and double-quoted strings (what it says).
fn shell(text: &str) -> Vec<(usize, Said)> {
    let mut said = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            said.push((i + 1, Said::Prose(comment.to_string())));
            continue;
        }
        for quoted in line.split('"').skip(1).step_by(2) {
            said.push((i + 1, Said::Prose(quoted.to_string())));
        }
    }
    said
}

/// The code blocks whose lines are commands; a `text` block (what a command prints, a tree of
/// files) is read as prose; other blocks (rust, python, toml) are code that compilers read.
const SHELL_BLOCKS: &[&str] = &["", "sh", "shell", "bash", "console", "powershell"];

/// A Markdown page's inline code (a span may run over a line break), its links, and the lines of
/// its shell and text blocks.
fn markdown(text: &str) -> Vec<(usize, Said)> {
    let mut said = Vec::new();
    // In a block: whether it is a shell block, a text block, or neither.
    let mut block: Option<Option<bool>> = None;
    let mut prose: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (block, fence) {
            (None, Some(language)) => {
                let language = language.trim();
                block = Some(if SHELL_BLOCKS.contains(&language) {
                    Some(true)
                } else {
                    (language == "text").then_some(false)
                });
            }
            (Some(_), Some(_)) => block = None,
            (Some(Some(true)), None) => {
                let command = line.trim_start().trim_start_matches("$ ");
                said.push((i + 1, Said::Code(command.to_string())));
            }
            (Some(Some(false)), None) => said.push((i + 1, Said::Prose(line.to_string()))),
            (Some(None), None) => {}
            (None, None) => prose.push((i + 1, line)),
        }
    }
    // Inline code, across lines: the text between a run of backticks and the next run as long.
    let mut joined = String::new();
    let mut line_of = Vec::new();
    for (number, line) in &prose {
        for _ in 0..=line.len() {
            line_of.push(*number);
        }
        joined.push_str(line);
        joined.push('\n');
    }
    let bytes = joined.as_bytes();
    let mut at = 0;
    let mut outside = String::new();
    let mut outside_lines = Vec::new();
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
            let fence = "`".repeat(run);
            let start = at + run;
            if let Some(length) = joined[start..].find(&fence) {
                let span = joined[start..start + length].replace('\n', " ");
                said.push((line_of[at], Said::Code(span.trim().to_string())));
                at = start + length + run;
                continue;
            }
        }
        let c = joined[at..].chars().next().unwrap();
        outside.push(c);
        for _ in 0..c.len_utf8() {
            outside_lines.push(line_of[at]);
        }
        at += c.len_utf8();
    }
    // Links, outside inline code: `[text](target)`.
    let mut rest = 0;
    while let Some(found) = outside[rest..].find("](") {
        let start = rest + found + 2;
        let Some(end) = outside[start..].find(')') else {
            break;
        };
        let target = &outside[start..start + end];
        said.push((outside_lines[start], Said::Link(target.to_string())));
        rest = start + end;
    }
    said
}

/// What the Python files of some renders say, and each render's checks.
struct Python {
    /// By file and line: the module's docstring (its usage), and every other string literal with
    /// a space in it (a message, a command line it prints), whole (an f-string with `{}` for each
    /// field). Left out: a function's docstring, which is for whoever changes the script, and a
    /// one-word literal, a value the code uses (a file it opens, which the code itself checks
    /// for: `stubtest-allowlist.txt` "where there is one").
    strings: Vec<(PathBuf, usize, String)>,
    /// What `check.py --list` lists, by render.
    checks: BTreeMap<PathBuf, BTreeSet<String>>,
}

/// [`Python`] of these files and these renders' check.py: one `python3` for them all.
fn read_python(files: &[PathBuf], renders: &[PathBuf]) -> Result<Python> {
    const READ: &str = r#"
import ast, contextlib, io, json, os, runpy, sys
files, renders = json.loads(sys.argv[1])
found = []
for path in files:
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read())
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            text = node.value
        else:
            continue
        module_docstring = ast.get_docstring(tree, clean=False) == text and node.lineno <= 2
        if id(node) in docstrings or not (module_docstring or len(text.split()) > 1):
            continue
        found.append([path, node.lineno, text])
checks = {}
for render in renders:
    script = os.path.join(render, "check.py")
    if not os.path.exists(script):
        continue
    # `check.py --list`, in this process: each render's own kit_language, if it has one.
    sys.path.insert(0, render)
    sys.modules.pop("kit_language", None)
    sys.argv = [script, "--list"]
    listed = io.StringIO()
    with contextlib.redirect_stdout(listed):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit:
            pass
    sys.path.remove(render)
    checks[render] = [line.split()[0] for line in listed.getvalue().splitlines() if line.strip()]
print(json.dumps([found, checks]))
"#;
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let renders: Vec<String> = renders.iter().map(|r| r.display().to_string()).collect();
    let argument = serde_json::to_string(&(files, renders))?;
    let printed = Cmd::new("python3", &["-c", READ, &argument])
        .quiet()
        .run()?;
    type Found = Vec<(String, usize, String)>;
    let (found, checks): (Found, BTreeMap<String, Vec<String>>) = serde_json::from_str(&printed)?;
    Ok(Python {
        strings: found
            .into_iter()
            .map(|(path, line, text)| (PathBuf::from(path), line, text))
            .collect(),
        checks: checks
            .into_iter()
            .map(|(render, checks)| (PathBuf::from(render), checks.into_iter().collect()))
            .collect(),
    })
}

/// Every example, and the root docs: each name they say exists, or each command runs, as the
/// module's comment says. Returns how many names were checked.
pub fn check_reads() -> Result<usize> {
    let mut problems = Vec::new();
    let mut checked = 0;
    let examples = examples()?;
    let mut renders = Vec::new();
    for example in &examples {
        renders.push(Tree::of_render(&example.dir)?);
    }
    let files: Vec<PathBuf> = renders.iter().flat_map(Tree::python_files).collect();
    let dirs: Vec<PathBuf> = examples.iter().map(|e| e.dir.clone()).collect();
    let mut python = read_python(&files, &dirs)?;
    for (example, tree) in examples.iter().zip(&mut renders) {
        tree.checks = python.checks.remove(&example.dir).unwrap_or_default();
        let shown = format!("examples/{}", example.name);
        checked += read_render(tree, &example.dir, &shown, &python.strings, &mut problems)?;
    }
    let repository = Tree::of_repository(&renders)?;
    let root = repo_root();
    let mut docs = vec![root.join("README.md"), root.join("CONTRIBUTING.md")];
    for entry in std::fs::read_dir(root.join("docs"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    docs.sort();
    for doc in docs {
        let relative = doc.strip_prefix(&root)?.to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&doc)?;
        for (line, said) in said_in(&relative, &text) {
            let base = Path::new(&relative).parent().unwrap_or(Path::new(""));
            checked += check_said(&repository, &said, base, &text, |p| {
                problems.push(format!("{relative}:{line}: names {p}"))
            });
        }
    }
    if !problems.is_empty() {
        bail!(
            "what people read names what is not there:\n{}",
            problems.join("\n")
        );
    }
    Ok(checked)
}

/// Every file of the render at `dir` that a person reads; problems as `<shown>/<file>:<line>:
/// names ...`. Returns how many names were checked.
fn read_render(
    tree: &Tree,
    dir: &Path,
    shown: &str,
    strings: &[(PathBuf, usize, String)],
    problems: &mut Vec<String>,
) -> Result<usize> {
    let mut checked = 0;
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (relative, bytes) in crate::fs::read_tree(dir)? {
        let name = relative.to_string_lossy().replace('\\', "/");
        if name.starts_with("target/") || name.starts_with(".venv/") || name.starts_with("dist/") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if name.ends_with(".py") {
            texts.insert(dir.join(&relative), text);
            continue;
        }
        let base = relative.parent().unwrap_or(Path::new("")).to_path_buf();
        for (line, said) in said_in(&name, &text) {
            checked += check_said(tree, &said, &base, &text, |p| {
                problems.push(format!("{shown}/{name}:{line}: names {p}"))
            });
        }
    }
    for (path, line, string) in strings.iter().filter(|(p, _, _)| p.starts_with(dir)) {
        let name = path.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        let text = &texts[path];
        for (offset, piece) in string.lines().enumerate() {
            let said = Said::Prose(piece.to_string());
            checked += check_said(tree, &said, Path::new(""), text, |p| {
                problems.push(format!("{shown}/{name}:{}: names {p}", line + offset))
            });
        }
    }
    Ok(checked)
}

/// What a script of the project at `dirs[0]` printed (`said`: where it came from, and the text):
/// every path and command it names is there, by the rules of [`check_reads`], a path relative to
/// the project or to one of the other `dirs` (an offline bundle's folder); an absolute path must
/// exist on this machine. The e2e asks it of the kits' messages and of the offline bundle's.
pub fn names_exist(dirs: &[&Path], said: &[(String, String)]) -> Result<usize> {
    let dir = dirs.first().context("names_exist: no project")?;
    let mut tree = Tree::of_render(dir)?;
    tree.run_time = true;
    tree.checks = read_python(&[], &[dir.to_path_buf()])?
        .checks
        .remove(*dir)
        .unwrap_or_default();
    for other in &dirs[1..] {
        tree.roots.push(other.to_path_buf());
        tree.walk(other)?;
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (whose, text) in said {
        for line in text.lines() {
            checked += check_said(
                &tree,
                &Said::Prose(line.to_string()),
                Path::new(""),
                "",
                |p| problems.push(format!("{whose}: names {p}")),
            );
        }
    }
    if !problems.is_empty() {
        bail!(
            "what the scripts of {} print names what is not there:\n{}",
            dir.display(),
            problems.join("\n")
        );
    }
    Ok(checked)
}

/// Check each name `said` holds; each problem is `report`ed as "<name>, which ...". `base`: the
/// folder of the file, for its links; `text`: the whole file, for what its commands make.
/// Returns how many names were checked.
fn check_said(
    tree: &Tree,
    said: &Said,
    base: &Path,
    text: &str,
    mut report: impl FnMut(String),
) -> usize {
    match said {
        Said::Link(target) => {
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains(':') || is_placeholder(target) {
                return 0;
            }
            let path = normalize(&base.join(target));
            if !tree.has(&path, target.ends_with('/')) {
                report(format!(
                    "{target} (a link), which does not exist in {}",
                    tree.what()
                ));
            }
            1
        }
        Said::Code(words) | Said::Prose(words) => {
            let mut checked = 0;
            for name in names_in(words, tree, matches!(said, Said::Code(_))) {
                checked += 1;

                let problem = match &name {
                    Name::Path(path) => {
                        check_path(tree, path, text).map(|why| format!("{path}, which {why}"))
                    }
                    Name::Command(command) => check_command(tree, command, text)
                        .map(|why| format!("`{}`, {why}", command.join(" "))),
                };
                if let Some(problem) = problem {
                    report(problem);
                }
            }
            checked
        }
    }
}

impl Tree {
    fn what(&self) -> &'static str {
        if self.repository.is_some() {
            "the repository or an example"
        } else {
            "the render"
        }
    }
}

/// `a/./b/../c` as `a/c`, with `/`.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// A name a text says.
#[derive(Debug, PartialEq)]
enum Name {
    Path(String),
    /// A command line's words, up to where the command ends.
    Command(Vec<String>),
}

/// Whether `word` starts a command: one of [`PROGRAMS`], or a Python (`python`, `python3.12`,
/// `py`, `pypy3`, `/tmp/x/bin/python`).
fn is_program(word: &str) -> bool {
    PROGRAMS.contains(&word) || python_like(word)
}

/// Whether a program's name in prose is followed by one of its commands (see [`Said::Prose`]).
fn starts_a_command(words: &[String]) -> bool {
    let next = words[1].as_str();
    match words[0].as_str() {
        "pipenv" => listed(PIPENV_COMMANDS, next) || next.starts_with("--"),
        "uv" => listed(UV_COMMANDS, next) || next.starts_with("--"),
        "cargo" => listed(CARGO_COMMANDS, next) || next == "generate" || next == "ci",
        "sh" | "bash" => next.ends_with(".sh"),
        "powershell" | "pwsh" => next.starts_with('-'),
        _ => next.starts_with('-') || next.ends_with(".py"),
    }
}

fn python_like(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    name == "py"
        || ["python", "pypy"].iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
}

/// The names in a line of text: its commands, and the other words that are paths. `code`: the
/// line is code (see [`Said`]) up to a `#` that starts a word.
fn names_in(line: &str, tree: &Tree, code: bool) -> Vec<Name> {
    let mut names = Vec::new();
    let mut code = code;
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        let skipped = rest.len() - rest.trim_start().len();
        at += skipped;
        if at >= line.len() {
            break;
        }
        let word_end = line[at..]
            .find(char::is_whitespace)
            .map_or(line.len(), |e| at + e);
        let word = &line[at..word_end];
        if word.starts_with('#') {
            code = false;
        }
        let bare = word.trim_start_matches(['(', '`', '"', '\'']);
        if is_program(bare) && word_end < line.len() {
            let start = at + (word.len() - bare.len());
            let (words, used) = command_words(&line[start..]);
            if words.len() > 1 && (code || starts_a_command(&words)) {
                names.push(Name::Command(words));
                at = start + used.max(1);
                continue;
            }
        }
        let cleaned = clean(word);
        if path_like(&cleaned, tree) {
            names.push(Name::Path(cleaned));
        }
        at = word_end;
    }
    names
}

/// A word without what surrounds it in a sentence: brackets, quotes, backticks, emphasis, the
/// punctuation after it, and a Korean particle (`docs/ko/01-run.md를`).
fn clean(word: &str) -> String {
    let word = word.trim_start_matches(['(', '`', '"', '\'', '[']);
    let ascii_end = word
        .char_indices()
        .find(|(_, c)| !c.is_ascii())
        .map_or(word.len(), |(i, _)| i);
    let punctuation = [')', '`', '"', '\'', ',', ';', ':', '!', '?', ']'];
    let word = word[..ascii_end].trim_end_matches(punctuation);
    if word.ends_with("...") {
        return word.to_string(); // a placeholder: `/tmp/...`
    }
    let word = word.trim_end_matches('.');
    word.trim_end_matches(punctuation).to_string()
}

/// A command line's words as a shell splits them (quotes removed), up to where the command ends:
/// `&&`, `;`, `|`, a `#` comment, a backtick, an unmatched `)`, or text that is not ASCII. Returns
/// the words and how many bytes of `line` they took.
fn command_words(line: &str) -> (Vec<String>, usize) {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.push(c);
            }
            continue;
        }
        let stop = match c {
            '&' | ';' | '|' | '`' => true,
            '#' => word.is_empty(),
            ')' => depth == 0,
            _ => !c.is_ascii(),
        };
        if stop {
            end = i;
            break;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            '(' => {
                depth += 1;
                word.push(c);
            }
            ')' => {
                depth -= 1;
                word.push(c);
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    // Punctuation that ends a sentence is not the last argument's.
    if let Some(last) = words.last_mut() {
        let trimmed = last.trim_end_matches([',', ':', '.', '!', '?']);
        if !trimmed.is_empty() {
            *last = trimmed.to_string();
        }
    }
    (words, end)
}

/// A placeholder, not a name: `<module>`, `{page}`, `{{module}}`, `$kit`, `%VAR%`, `NN-....md`,
/// `X.Y.Z`, an optional argument (`[--list]`).
fn is_placeholder(word: &str) -> bool {
    ["<", ">", "{", "}", "$", "%", "...", "…", "NN", "X.Y", "["]
        .iter()
        .any(|p| word.contains(p))
}

/// Whether a word (cleaned) names a path: see the module's comment.
fn path_like(word: &str, tree: &Tree) -> bool {
    if word.is_empty()
        || word.chars().all(|c| c == '/' || c == '.')
        || word.contains("://")
        || word.starts_with(['-', '@', '#', '~'])
        // Relative to a folder the text does not name (`directory = "../vendor"`); a Markdown
        // link is relative to its page, and read as a link.
        || word.starts_with("../")
        || word.contains(['\\', '(', ')', '[', ']', '^', '|', '=', '?', ';', ',', '"', '\''])
        || is_placeholder(word)
    {
        return false;
    }
    if listed(NAMED_FILES, word) {
        return true;
    }
    if let Some((stem, extension)) = word.rsplit_once('.')
        && listed(EXTENSIONS, extension)
        && !stem.is_empty()
        && !stem.ends_with('/')
    {
        return true;
    }
    if word.starts_with('/') {
        return word.starts_with("/tmp/") || tree.run_time;
    }
    word.contains('/')
        && (word.ends_with('/') || word.starts_with("./") || tree.starts_with_an_entry(word))
}

/// What is wrong with a path, if anything: it must be in the tree (by its path, or a bare name
/// anywhere), be made by a command of [`MADE_BY`], or be a scratch folder under /tmp that the same
/// text makes. Absolute paths in run-time output (`text` empty) must exist on this machine.
fn check_path(tree: &Tree, path: &str, text: &str) -> Option<String> {
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
fn glob_matches(pattern: &str, name: &str) -> bool {
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

/// What is wrong with a command, if anything: see the module's comment.
fn check_command(tree: &Tree, words: &[String], text: &str) -> Option<String> {
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

/// Whether `word` is one of the words of `list`.
fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

fn join(items: &BTreeSet<String>) -> String {
    items.iter().cloned().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        Tree {
            roots: vec![],
            paths: ["src/exercises/ex1_run.rs".to_string()].into(),
            names: ["ex1_run.rs".to_string()].into(),
            scripts: None,
            uv: false,
            programs: BTreeSet::new(),
            checks: BTreeSet::new(),
            exercises: 9,
            bundle: false,
            project: "kit".into(),
            run_time: false,
            repository: None,
        }
    }

    #[test]
    fn commands_end_where_a_sentence_goes_on() {
        let t = tree();
        let said = names_in(
            "다음: docs/ko/01-run.md (테스트 출력 전체: pipenv run progress 1)",
            &t,
            false,
        );
        assert_eq!(
            said,
            [
                Name::Path("docs/ko/01-run.md".into()),
                Name::Command(vec![
                    "pipenv".into(),
                    "run".into(),
                    "progress".into(),
                    "1".into()
                ])
            ]
        );
        let said = names_in("cd fibonacci && uv sync && uv run check.py.", &t, true);
        assert_eq!(
            said,
            [
                Name::Command(vec!["uv".into(), "sync".into()]),
                Name::Command(vec!["uv".into(), "run".into(), "check.py".into()])
            ]
        );
        let said = names_in(
            r#"pipenv run python -c "import kit; print(kit.run(3))""#,
            &t,
            true,
        );
        assert_eq!(said.len(), 1);
    }

    #[test]
    fn placeholders_and_words_with_a_slash_are_no_paths() {
        let t = tree();
        for word in [
            "<owner>/<repository>",
            "docs/<language>/",
            "NN-....md",
            "pass/fail",
            "actions/checkout",
            "$kit/pyproject.toml",
            "~/.profile",
            ".ps1",
            "/usr/bin/python",
            "/tmp/...",
        ] {
            assert!(!path_like(&clean(word), &t), "{word}");
        }
        for word in [
            "docs/en/02-profiles.md",
            "main.py",
            "target/",
            "/tmp/try/bin/pip",
        ] {
            assert!(path_like(&clean(word), &t), "{word}");
        }
    }

    #[test]
    fn what_progress_prints_names_a_page_and_an_exercise_of_the_kit() {
        let kit = crate::examples_dir().join("workshop-instructor");
        let said = |text: &str| [("progress".to_string(), text.to_string())];
        let right =
            "next: docs/en/02-profile.md (its tests' output in full: pipenv run progress 2)";
        assert_eq!(names_exist(&[&kit], &said(right)).unwrap(), 2);
        let wrong = "next: docs/en/02-profiles.md (its tests' output in full: pipenv run progress 9)\n\
                     every exercise is done! Every check of the kit: pipenv run check pytest";
        let error = format!("{:#}", names_exist(&[&kit], &said(wrong)).unwrap_err());
        for expected in [
            "progress: names docs/en/02-profiles.md, which does not exist in the render",
            "progress: names `pipenv run progress 9`, whose exercise 9 is not one of the kit's, 0 to 8",
            "progress: names `pipenv run check pytest`, whose pytest is not a check of check.py (build,",
        ] {
            assert!(
                error.contains(expected),
                "{expected:?} missing from {error}"
            );
        }
    }

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

    #[test]
    fn markdown_gives_inline_code_across_lines_links_and_shell_lines() {
        let said = markdown(
            "See `pipenv run\nprogress` and [the page](docs/en/01-run.md).\n\n```sh\n$ uv sync\n```\n\n```rust\nlet a = \"x.py\";\n```\n",
        );
        let shown: Vec<String> = said.iter().map(|(l, s)| format!("{l} {s:?}")).collect();
        assert_eq!(
            shown,
            [
                "5 Code(\"uv sync\")",
                "1 Code(\"pipenv run progress\")",
                "2 Link(\"docs/en/01-run.md\")"
            ]
        );
    }
}
