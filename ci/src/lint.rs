//! The template lint: every template file must render with Liquid in strict mode, for every
//! combination of the template's choices, with exactly the variables cargo-generate will have.
//!
//! cargo-generate itself is lenient: an unknown variable renders as "", and a file that fails to
//! parse (an unescaped GitHub `${{ }}` for one) is copied unrendered. Both are errors here.
//!
//! A template Python file must also be Python where it sits ([`python_problems`]): no Liquid tag,
//! and it compiles once each printed value is read as a name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use heck::{ToKebabCase, ToSnakeCase};
use liquid::model::{KString, Value, ValueView};
use liquid::{Object, ParserBuilder};
use rhai::{
    Dynamic, Engine, EvalAltResult, Module, Position, module_resolvers::FileModuleResolver,
};
use walkdir::WalkDir;

use crate::cmd::Cmd;
use crate::{CONFIG_FILE, repo_root, template_config, template_dir};

/// Every combination of answers: choice and bool questions take each of their values in turn,
/// free-text questions their default; the Python versions that hooks/init.rhai asks for take
/// each of hooks/facts.rhai's.
pub fn answer_sets(config: &toml::Table) -> Result<Vec<BTreeMap<String, Value>>> {
    let placeholders = config["placeholders"]
        .as_table()
        .context("[placeholders]")?;
    let mut questions: Vec<(String, Vec<Value>)> = Vec::new();
    for (name, spec) in placeholders {
        let options = match (spec.get("choices"), spec["type"].as_str()) {
            (Some(choices), _) => choices
                .as_array()
                .unwrap()
                .iter()
                .map(|c| Value::scalar(c.as_str().unwrap().to_string()))
                .collect(),
            (_, Some("bool")) => vec![Value::scalar(false), Value::scalar(true)],
            _ => vec![Value::scalar(spec["default"].as_str().unwrap().to_string())],
        };
        questions.push((name.clone(), options));
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

/// The hook scripts cargo-generate.toml lists, by stage; paths relative to template/.
pub struct Hooks {
    pub init: Vec<String>,
    pub pre: Vec<String>,
}

impl Hooks {
    pub fn from_config(config: &toml::Table) -> Result<Self> {
        let stage = |name: &str| -> Result<Vec<String>> {
            let Some(list) = config.get("hooks").and_then(|h| h.get(name)) else {
                return Ok(vec![]);
            };
            list.as_array()
                .and_then(|l| l.iter().map(|h| h.as_str().map(String::from)).collect())
                .with_context(|| format!("[hooks] {name} in cargo-generate.toml: a list of paths"))
        };
        Ok(Hooks {
            init: stage("init")?,
            pre: stage("pre")?,
        })
    }
}

/// Why the hooks gave no variables.
#[derive(Debug)]
pub enum HookError {
    /// A hook called `abort(message)`: it refuses these answers.
    Refused(String),
    /// Anything else (a syntax error, an unknown function, a type error): the hook is broken.
    Broken { hook: PathBuf, error: String },
}

impl std::fmt::Display for HookError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            HookError::Refused(message) => write!(f, "a hook refused the answers: {message}"),
            HookError::Broken { hook, error } => write!(f, "{} fails: {error}", hook.display()),
        }
    }
}

impl std::error::Error for HookError {}

/// The variables cargo-generate renders with, after running the template's hooks as it does,
/// and the names of the variables the hooks looked at (until they refused).
fn variables_and_reads(
    project_name: &str,
    answers: &BTreeMap<String, Value>,
    hooks: &Hooks,
) -> (Result<Object, HookError>, BTreeSet<String>) {
    let reads = Arc::new(Mutex::new(BTreeSet::new()));
    let result = run_hooks(project_name, answers, hooks, reads.clone());
    let reads = reads.lock().unwrap().clone();
    (result, reads)
}

fn run_hooks(
    project_name: &str,
    answers: &BTreeMap<String, Value>,
    hooks: &Hooks,
    reads: Arc<Mutex<BTreeSet<String>>>,
) -> Result<Object, HookError> {
    let object = Arc::new(Mutex::new(Object::new()));
    {
        let mut o = object.lock().unwrap();
        o.insert(
            "project-name".into(),
            Value::scalar(project_name.to_string()),
        );
        o.insert("is_init".into(), Value::scalar(false));
    }
    let engine = hook_engine(object.clone(), reads);
    run_scripts(&engine, &hooks.init)?;
    {
        // cargo-generate sets these between the init hooks and the questions.
        let mut o = object.lock().unwrap();
        o.insert(
            "crate_name".into(),
            Value::scalar(project_name.to_snake_case()),
        );
        o.insert("within_cargo_project".into(), Value::scalar(false));
        for (name, value) in answers {
            o.insert(KString::from(name.clone()), value.clone());
        }
    }
    run_scripts(&engine, &hooks.pre)?;
    let object = object.lock().unwrap().clone();
    Ok(object)
}

/// The hooks' results so far, for answer sets that differ only in answers the hooks never read:
/// the hooks are deterministic, so they run once per distinct set of values they look at.
#[derive(Default)]
struct HookCache {
    /// By the names the hooks read, then by those answers' values: the answers and the result
    /// (`None`: refused).
    runs: Vec<(BTreeSet<String>, Runs)>,
}

type Runs = BTreeMap<Vec<String>, (BTreeMap<String, Value>, Option<Object>)>;

impl HookCache {
    fn variables(
        &mut self,
        answers: &BTreeMap<String, Value>,
        hooks: &Hooks,
    ) -> Result<Option<Object>> {
        let key = |reads: &BTreeSet<String>| -> Vec<String> {
            reads
                .iter()
                .map(|r| format!("{:?}", answers.get(r)))
                .collect()
        };
        for (reads, runs) in &self.runs {
            let Some((cached_answers, result)) = runs.get(&key(reads)) else {
                continue;
            };
            let Some(mut object) = result.clone() else {
                return Ok(None);
            };
            // The answers the hooks did not read pass through, unless a hook changed one.
            let passed_through = answers.iter().all(|(name, _)| {
                reads.contains(name) || object.get(name.as_str()) == cached_answers.get(name)
            });
            if passed_through {
                for (name, value) in answers.iter().filter(|(n, _)| !reads.contains(*n)) {
                    object.insert(KString::from(name.clone()), value.clone());
                }
                return Ok(Some(object));
            }
        }
        let (result, reads) = match variables_and_reads("lint-project", answers, hooks) {
            (Ok(object), reads) => (Some(object), reads),
            // A combination the hooks refuse, such as min_python above python_version.
            (Err(HookError::Refused(_)), reads) => (None, reads),
            (Err(broken), _) => bail!("{broken}"),
        };
        let k = key(&reads);
        let entry = (answers.clone(), result.clone());
        match self.runs.iter_mut().find(|(r, _)| *r == reads) {
            Some((_, runs)) => {
                runs.insert(k, entry);
            }
            None => self.runs.push((reads, BTreeMap::from([(k, entry)]))),
        }
        Ok(result)
    }
}

fn run_scripts(engine: &Engine, scripts: &[String]) -> Result<(), HookError> {
    for script in scripts {
        let path = template_dir().join(script);
        engine
            .run_file(path.clone())
            .map_err(|e| match refusal(&e) {
                Some(message) => HookError::Refused(message),
                None => HookError::Broken {
                    hook: shown_path(&path),
                    error: e.to_string(),
                },
            })?;
    }
    Ok(())
}

/// What `abort` raises: a Rhai runtime error carrying this value rather than a plain string, so
/// that a refusal cannot be mistaken for any other error.
#[derive(Clone)]
struct Abort(String);

/// The message of the hook's `abort`, if that is what `error` is (perhaps from inside a function
/// or a module); `None` for any other error.
fn refusal(error: &EvalAltResult) -> Option<String> {
    match error {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
        | EvalAltResult::ErrorInModule(_, inner, _) => refusal(inner),
        EvalAltResult::ErrorRuntime(value, _) => value.clone().try_cast::<Abort>().map(|a| a.0),
        _ => None,
    }
}

/// A hook's path relative to the repository, `..` resolved (`hooks/pre.rhai`).
fn shown_path(path: &Path) -> PathBuf {
    let path = path.strip_prefix(repo_root()).unwrap_or(path);
    let mut shown = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir if shown.pop() => {}
            other => shown.push(other),
        }
    }
    shown
}

/// A Rhai engine with the parts of cargo-generate's hook API that our hooks use.
fn hook_engine(object: Arc<Mutex<Object>>, reads: Arc<Mutex<BTreeSet<String>>>) -> Engine {
    let mut engine = Engine::new();
    let mut variable = Module::new();
    let o = object.clone();
    let r = reads.clone();
    variable.set_native_fn(
        "get",
        move |name: &str| -> Result<Dynamic, Box<EvalAltResult>> {
            r.lock().unwrap().insert(name.to_string());
            Ok(match o.lock().unwrap().get(name) {
                Some(Value::Scalar(s)) => match s.to_bool() {
                    Some(b) => Dynamic::from(b),
                    None => Dynamic::from(s.to_kstr().to_string()),
                },
                Some(other) => return Err(format!("variable {name} is {other:?}").into()),
                None => Dynamic::from(String::new()),
            })
        },
    );
    let o = object.clone();
    variable.set_native_fn(
        "is_set",
        move |name: &str| -> Result<bool, Box<EvalAltResult>> {
            reads.lock().unwrap().insert(name.to_string());
            Ok(o.lock().unwrap().contains_key(name))
        },
    );
    let o = object.clone();
    variable.set_native_fn(
        "set",
        move |name: &str, value: &str| -> Result<(), Box<EvalAltResult>> {
            o.lock().unwrap().insert(
                KString::from(name.to_string()),
                Value::scalar(value.to_string()),
            );
            Ok(())
        },
    );
    let o = object.clone();
    variable.set_native_fn(
        "set",
        move |name: &str, value: bool| -> Result<(), Box<EvalAltResult>> {
            o.lock()
                .unwrap()
                .insert(KString::from(name.to_string()), Value::scalar(value));
            Ok(())
        },
    );
    // A list of strings, as cargo-generate turns it into a Liquid array.
    let o = object;
    variable.set_native_fn(
        "set",
        move |name: &str, value: rhai::Array| -> Result<(), Box<EvalAltResult>> {
            let items = value
                .into_iter()
                .map(|v| v.into_string().map(Value::scalar))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|t| format!("variable::set({name}, ...): a {t} in the list"))?;
            o.lock()
                .unwrap()
                .insert(KString::from(name.to_string()), Value::Array(items));
            Ok(())
        },
    );
    // The lint renders every template file where it is, so a rename only has to be possible:
    // its source must exist and its destination's folder too, as they will in cargo-generate's copy.
    let mut file = Module::new();
    file.set_native_fn(
        "rename",
        |from: &str, to: &str| -> Result<(), Box<EvalAltResult>> {
            let (from_path, to_path) = (template_dir().join(from), template_dir().join(to));
            if !from_path.is_file() {
                return Err(format!("file::rename: no template file {from}").into());
            }
            if !to_path.parent().is_some_and(Path::is_dir) {
                return Err(format!("file::rename: no template folder for {to}").into());
            }
            Ok(())
        },
    );
    file.set_native_fn(
        "listdir",
        |dir: &str| -> Result<rhai::Array, Box<EvalAltResult>> {
            let entries = std::fs::read_dir(template_dir().join(dir))
                .map_err(|e| format!("file::listdir({dir}): {e}"))?;
            Ok(entries
                .filter_map(|e| e.ok())
                .map(|e| Dynamic::from(e.path().display().to_string()))
                .collect())
        },
    );
    // Nothing is deleted: the lint renders every file where it is. The path must exist.
    file.set_native_fn("delete", |path: &str| -> Result<(), Box<EvalAltResult>> {
        if !template_dir().join(path).exists() {
            return Err(format!("file::delete: no template file or folder {path}").into());
        }
        Ok(())
    });
    let mut env = Module::new();
    env.set_var("destination_directory", "<destination>".to_string());
    env.set_var("working_directory", template_dir().display().to_string());
    engine
        .set_module_resolver(FileModuleResolver::new_with_path(template_dir()))
        .register_static_module("variable", variable.into())
        .register_static_module("env", env.into())
        .register_static_module("file", file.into())
        .register_fn("to_snake_case", |s: &str| s.to_snake_case())
        .register_fn("to_kebab_case", |s: &str| s.to_kebab_case())
        .register_fn(
            "abort",
            |message: &str| -> Result<String, Box<EvalAltResult>> {
                let abort = Dynamic::from(Abort(message.to_string()));
                Err(EvalAltResult::ErrorRuntime(abort, Position::NONE).into())
            },
        );
    engine
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
    let mut renders = 0;
    // A file renders the same for two answer sets that agree on every variable it names, so each
    // file is rendered once per distinct set of values of the words in it (its variables among them).
    let mut seen: Vec<BTreeSet<Vec<String>>> = vec![BTreeSet::new(); templates.len()];
    let mut cache = HookCache::default();
    for answers in answer_sets(&config)? {
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

/// Why template Python files (path relative to template/, text) are not Python where they sit:
/// a Liquid tag (`{%`), or a syntax error once each printed value (`{{ ... }}`) is read as a name
/// (`from {{module}} import run`). A script decides at run time from the project's files (check.py:
/// a Pipfile means pipenv), so that it reads, lints and type-checks as the one file it is.
fn python_problems(files: &[(PathBuf, String)]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut untagged = Vec::new();
    for (path, text) in files {
        let tagged: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains("{%"))
            .map(|(i, _)| i + 1)
            .collect();
        for line in &tagged {
            problems.push(format!(
                "template/{}:{line}: a Liquid tag in a Python file: a script decides at run time \
                 from the project's files (as check.py does), and the template only prints values \
                 into it, so that it is Python where it sits",
                path.display()
            ));
        }
        if tagged.is_empty() {
            untagged.push(format!("template/{}", path.display()));
        }
    }
    // One Python for every file: each `{{ ... }}` becomes a name (its line breaks kept, so that
    // the line numbers hold), then the file must compile.
    let script = r#"import re, sys
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    code = re.sub(r"\{\{.*?\}\}", lambda m: "value" + "\n" * m[0].count("\n"), text, flags=re.S)
    try:
        compile(code, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        print(f"{path}:{error.lineno}: not Python where it sits ({error.msg})")
"#;
    let mut args = vec!["-c", script];
    args.extend(untagged.iter().map(String::as_str));
    let said = Cmd::new("python3", &args)
        .cwd(&repo_root())
        .shown("python3 -c <compile the template's Python files>")
        .quiet()
        .run()?;
    problems.extend(said.lines().map(String::from));
    Ok(problems)
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
