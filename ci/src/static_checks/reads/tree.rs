//! Where a text's names are looked up ([`Tree`]): a render's files, scripts, tools and checks,
//! or the repository's with every example's, the harness's commands and the questions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::paths::glob_matches;
use crate::repo_root;

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

/// Where a text's names are looked up: one render, or the repository with every example.
pub struct Tree {
    /// Directories a path may be relative to: the render, or the repository, the harness's own
    /// repository (a broken copy has no ci/), examples/ and each example.
    pub(super) roots: Vec<PathBuf>,
    /// Every file and folder below the roots, as a relative path with `/`.
    pub(super) paths: BTreeSet<String>,
    /// Every file's and folder's own name.
    pub(super) names: BTreeSet<String>,
    /// The Pipfile's scripts; `None` without a Pipfile.
    pub(super) scripts: Option<BTreeSet<String>>,
    /// Whether `uv` commands fit: no Pipfile (or the repository, whose docs show both tools).
    pub(super) uv: bool,
    /// What `pipenv run` and `uv run` find in the virtualenv: the pinned tools' programs.
    pub(super) programs: BTreeSet<String>,
    /// check.py's checks (`check --list`).
    pub(super) checks: BTreeSet<String>,
    /// A kit's exercises (src/exercises/exN_*.rs), which `progress N` takes.
    pub(super) exercises: usize,
    /// A kit, or the repository: the offline bundle's files may be named ([`MADE_BY_THE_BUNDLE`](super::paths::MADE_BY_THE_BUNDLE),
    /// and the kit's own folder in it, named after the project).
    pub(super) bundle: bool,
    /// The project's name: its folder's.
    pub(super) project: String,
    /// What a script printed at run time: an absolute path names a file of this machine.
    pub(super) run_time: bool,
    /// The repository: `cargo ci` and `cargo generate` are its commands.
    pub(super) repository: Option<Repository>,
}

/// What the root docs may name besides a render's files: the harness's commands and the questions.
pub(super) struct Repository {
    pub(super) ci_commands: BTreeSet<String>,
    /// Each question's key, with its accepted answers where they are a list.
    pub(super) questions: BTreeMap<String, Option<Vec<String>>>,
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

    /// The Python files of a render, to read with [`read_python`](super::said::read_python).
    pub(super) fn python_files(&self) -> Vec<PathBuf> {
        let root = &self.roots[0];
        let files = self.paths.iter().filter(|p| p.ends_with(".py"));
        files.map(|p| root.join(p)).collect()
    }

    /// The repository, for its README, CONTRIBUTING.md and docs/: its own files and the harness's,
    /// every example's (the docs show what a project holds and runs), and examples/ (a project's
    /// folder, `fibonacci/`).
    pub(super) fn of_repository(renders: &[Tree]) -> Result<Tree> {
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
    pub(super) fn walk(&mut self, root: &Path) -> Result<()> {
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
    pub(super) fn has(&self, path: &str, folder: bool) -> bool {
        self.roots.iter().any(|root| {
            let full = root.join(path);
            if folder { full.is_dir() } else { full.exists() }
        })
    }

    /// Whether the first part of `path` (`tests` of `tests/exercises`) is a file or folder at the
    /// top of a root.
    pub(super) fn starts_with_an_entry(&self, path: &str) -> bool {
        let first = path.split('/').next().unwrap_or_default();
        !first.is_empty() && self.roots.iter().any(|r| r.join(first).exists())
    }
}

/// `cargo ci`'s commands, as its usage (ci/src/main.rs's `USAGE`) lists them: each line that
/// starts with two spaces and a word.
fn ci_commands() -> BTreeSet<String> {
    let main = include_str!("../../main.rs");
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

impl Tree {
    pub(super) fn what(&self) -> &'static str {
        if self.repository.is_some() {
            "the repository or an example"
        } else {
            "the render"
        }
    }
}
