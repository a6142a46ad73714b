//! The template lint: every template file must render with Liquid in strict mode, for every
//! combination of the template's choices, with exactly the variables cargo-generate will have.
//!
//! cargo-generate itself is lenient: an unknown variable renders as "", and a file that fails to
//! parse (an unescaped GitHub `${{ }}` for one) is copied unrendered. Both are errors here.
//!
//! A template Python file must also be Python where it sits ([`python_problems`]): no Liquid tag,
//! and it compiles once each printed value is read as a name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use liquid::ParserBuilder;
use liquid::model::Value;
use walkdir::WalkDir;

use crate::{CONFIG_FILE, template_config, template_dir};

mod hooks;
mod prompts;
mod python;

use hooks::HookCache;
pub use hooks::{HookError, Hooks};
pub use prompts::{
    Asked, Asking, Kind, PROMPT_COLUMNS, hook_questions, hook_questions_answered, printed_lines,
};
use prompts::{prompts_too_wide, readme_table_out_of_order};
use python::python_problems;

/// Every combination of answers (hooks/questions.rhai): choice and yes/no questions take each of
/// their values in turn, free-text questions their default; the Python versions that
/// hooks/init.rhai asks for take each of hooks/facts.rhai's.
pub fn answer_sets() -> Result<Vec<BTreeMap<String, Value>>> {
    let mut questions: Vec<(String, Vec<Value>)> = Vec::new();
    for (name, spec) in crate::facts::questions()? {
        let options = match (spec.get("choices"), &spec["default"]) {
            (Some(choices), _) => choices
                .as_array()
                .context("choices")?
                .iter()
                .filter_map(|c| c.as_str().map(|c| Value::scalar(c.to_string())))
                .collect(),
            (_, toml::Value::Boolean(_)) => vec![Value::scalar(false), Value::scalar(true)],
            (_, default) => vec![Value::scalar(
                default.as_str().context("a default")?.to_string(),
            )],
        };
        questions.push((name, options));
    }
    let pythons: Vec<Value> = crate::facts::facts()?
        .python_versions
        .into_iter()
        .map(Value::scalar)
        .collect();
    questions.push(("python_version".into(), pythons.clone()));
    questions.push(("min_python".into(), pythons));
    let mut sets = vec![BTreeMap::new()];
    for (name, options) in &questions {
        sets = sets
            .into_iter()
            .flat_map(|set| {
                options.iter().map(move |option| {
                    let mut set = set.clone();
                    set.insert(name.clone(), option.clone());
                    set
                })
            })
            .collect();
    }
    Ok(sets)
}

/// Every file of the template, by its path relative to template/ (not its configuration file).
pub fn template_files() -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(template_dir()) {
        let entry = entry?;
        if entry.file_type().is_file() && entry.path() != template_dir().join(CONFIG_FILE) {
            files.push(entry.path().strip_prefix(template_dir())?.to_path_buf());
        }
    }
    files.sort();
    Ok(files)
}

/// Lint every template file under every combination of choices; returns how many distinct renders
/// passed (a file renders once per distinct value of the variables it names).
pub fn lint() -> Result<usize> {
    lint_until(Stop::AtTheEnd)
}

/// When the lint stops.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// After every combination: each problem of every file, once.
    AtTheEnd,
    /// After the first combination of answers that shows a problem (`cargo ci lint --fail-fast`):
    /// what a maintainer fixing one mistake, and tests/broken.rs, need (minutes sooner).
    AtTheFirstProblem,
}

/// [`lint`], stopping as `stop` says.
pub fn lint_until(stop: Stop) -> Result<usize> {
    let parser = ParserBuilder::with_stdlib().build()?;
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    let mut python = Vec::new();
    for path in template_files()? {
        let text = std::fs::read_to_string(template_dir().join(&path))
            .with_context(|| format!("template/{} is not UTF-8 text", path.display()))?;
        if path.extension().is_some_and(|e| e == "py") {
            python.push((path.clone(), text.clone()));
        }
        let name = path.display().to_string();
        match (parser.parse(&text), parser.parse(&name)) {
            (Ok(body), Ok(file_name)) => {
                let words = words(&format!("{text} {name}"));
                templates.push((path, body, file_name, hint(&text), words));
            }
            (Err(e), _) | (_, Err(e)) => problems.push(format!(
                "template/{name}: not valid Liquid, so cargo-generate would copy it unrendered: {e}"
            )),
        }
    }
    problems.extend(python_problems(&python)?);
    let config = template_config()?;
    let hooks = Hooks::from_config(&config)?;
    // The questions first: a question too wide fails before the renders of every combination.
    let too_wide = prompts_too_wide(&config, &hooks)?;
    if !too_wide.is_empty() {
        bail!("{}", too_wide.join("\n"));
    }
    let readme = std::fs::read_to_string(crate::repo_root().join("README.md"))?;
    if let Some(problem) = readme_table_out_of_order(&readme, &hooks)? {
        bail!("{problem}");
    }
    let mut renders = 0;
    // A file renders the same for two answer sets that agree on every variable it names, so each
    // file is rendered once per distinct set of values of the words in it (its variables among them).
    let mut seen: Vec<BTreeSet<Vec<String>>> = vec![BTreeSet::new(); templates.len()];
    let mut cache = HookCache::default();
    for answers in answer_sets()? {
        if stop == Stop::AtTheFirstProblem && !problems.is_empty() {
            break;
        }
        // None: a combination the hooks refuse, such as min_python above python_version.
        let Some(globals) = cache.variables(&answers, &hooks)? else {
            continue;
        };
        for ((path, body, file_name, hint, words), seen) in templates.iter().zip(&mut seen) {
            let values = words
                .iter()
                .filter_map(|w| globals.get(w.as_str()).map(|v| format!("{w}={v:?}")))
                .collect();
            if !seen.insert(values) {
                continue;
            }
            for (what, template) in [("contents", body), ("name", file_name)] {
                match template.render(&globals) {
                    Ok(_) => renders += 1,
                    Err(e) => problems.push(format!(
                        "template/{}: its {what} does not render: {}{hint}",
                        path.display(),
                        first_line(&e.to_string())
                    )),
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(renders)
}

/// Every word (a possible variable name: letters, digits, `_` and `-`) in a template's text.
fn words(text: &str) -> Vec<String> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut words = BTreeSet::new();
    for word in text.split(|c| !is_word(c)).filter(|w| !w.is_empty()) {
        words.insert(word);
        words.extend(word.split('-').filter(|w| !w.is_empty()));
    }
    words.into_iter().map(String::from).collect()
}

/// What to say beside a render error in a file with GitHub Actions expressions, which share
/// Liquid's `{{ }}` and which cargo-generate would silently leave unrendered.
fn hint(text: &str) -> &'static str {
    if text.contains("${{") {
        " (a GitHub `${{ }}` expression? wrap it in {% raw %}...{% endraw %})"
    } else {
        ""
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
