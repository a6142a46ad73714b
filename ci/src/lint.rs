//! The template lint: every template file must render with Liquid in strict mode, for every
//! combination of the template's choices, with exactly the variables cargo-generate will have.
//!
//! cargo-generate itself is lenient: an unknown variable renders as "", and a file that fails to
//! parse (an unescaped GitHub `${{ }}` for one) is copied unrendered. Both are errors here.

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

use crate::{CONFIG_FILE, repo_root, template_config, template_dir};

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

/// The hooks' results so far, script by script: a hook is deterministic, so for the values of
/// the variables it looks at it sets the same variables (or refuses) every time, and runs once
/// per distinct set of those values. (check.rhai looks at every answer; the others at a few.)
#[derive(Default)]
struct HookCache {
    scripts: BTreeMap<String, ScriptRuns>,
}

/// One script's runs: by the names it read, then by those variables' values, what it set (or
/// the refusal).
type ScriptRuns = Vec<(BTreeSet<String>, BTreeMap<Vec<String>, Option<Object>>)>;

impl HookCache {
    /// The variables cargo-generate renders with, after running the template's hooks as it does;
    /// `None` when a hook refuses the answers.
    fn variables(
        &mut self,
        answers: &BTreeMap<String, Value>,
        hooks: &Hooks,
    ) -> Result<Option<Object>> {
        let project_name = "lint-project";
        let mut object = Object::new();
        object.insert(
            "project-name".into(),
            Value::scalar(project_name.to_string()),
        );
        object.insert("is_init".into(), Value::scalar(false));
        for script in &hooks.init {
            if !self.run(script, &mut object)? {
                return Ok(None);
            }
        }
        // cargo-generate sets these between the init hooks and the questions.
        object.insert(
            "crate_name".into(),
            Value::scalar(project_name.to_snake_case()),
        );
        object.insert("within_cargo_project".into(), Value::scalar(false));
        for (name, value) in answers {
            object.insert(KString::from(name.clone()), value.clone());
        }
        for script in &hooks.pre {
            // A refusal: a combination the hooks refuse, such as min_python above python_version.
            if !self.run(script, &mut object)? {
                return Ok(None);
            }
        }
        Ok(Some(object))
    }

    /// Run one hook script on `object` (or apply what it did before with the same values);
    /// false when it refuses.
    fn run(&mut self, script: &str, object: &mut Object) -> Result<bool> {
        let key = |reads: &BTreeSet<String>, object: &Object| -> Vec<String> {
            reads
                .iter()
                .map(|r| format!("{:?}", object.get(r.as_str())))
                .collect()
        };
        let runs = self.scripts.entry(script.to_string()).or_default();
        let known = runs
            .iter()
            .find_map(|(reads, results)| results.get(&key(reads, object)));
        let set = match known {
            Some(set) => set.clone(),
            None => {
                let shared = Arc::new(Mutex::new(object.clone()));
                let reads = Arc::new(Mutex::new(BTreeSet::new()));
                let engine = hook_engine(shared.clone(), reads.clone());
                let set = match run_scripts(&engine, &[script.to_string()]) {
                    Ok(()) => {
                        let after = shared.lock().unwrap();
                        let mut set = Object::new();
                        for (name, value) in after.iter() {
                            if object.get(name.as_str()) != Some(value) {
                                set.insert(name.clone(), value.clone());
                            }
                        }
                        Some(set)
                    }
                    Err(HookError::Refused(_)) => None,
                    Err(broken) => bail!("{broken}"),
                };
                let reads = reads.lock().unwrap().clone();
                let k = key(&reads, object);
                match runs.iter_mut().find(|(r, _)| *r == reads) {
                    Some((_, results)) => {
                        results.insert(k, set.clone());
                    }
                    None => runs.push((reads, BTreeMap::from([(k, set.clone())]))),
                }
                set
            }
        };
        let Some(set) = set else {
            return Ok(false);
        };
        for (name, value) in set {
            object.insert(name, value);
        }
        Ok(true)
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

/// A hook's path relative to the repository, `..` resolved (`hooks/check.rhai`).
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
    file.set_native_fn("exists", |path: &str| -> Result<bool, Box<EvalAltResult>> {
        Ok(template_dir().join(path).exists())
    });
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
        .set_module_resolver(SharedModules)
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

/// The hooks' modules (facts.rhai, rules.rhai...), compiled once for every engine of the process:
/// the lint runs the hooks thousands of times, each run with an engine of its own.
struct SharedModules;

thread_local! {
    static MODULES: FileModuleResolver = FileModuleResolver::new_with_path(template_dir());
}

impl rhai::ModuleResolver for SharedModules {
    fn resolve(
        &self,
        engine: &Engine,
        source: Option<&str>,
        path: &str,
        pos: Position,
    ) -> Result<rhai::Shared<Module>, Box<EvalAltResult>> {
        MODULES.with(|modules| modules.resolve(engine, source, path, pos))
    }
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
    for path in template_files()? {
        let text = std::fs::read_to_string(template_dir().join(&path))
            .with_context(|| format!("template/{} is not UTF-8 text", path.display()))?;
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
    let config = template_config()?;
    let hooks = Hooks::from_config(&config)?;
    let mut renders = 0;
    // A file renders the same for two answer sets that agree on every variable it names, so each
    // file is rendered once per distinct set of values of the words in it (its variables among them).
    let mut seen: Vec<BTreeSet<Vec<String>>> = vec![BTreeSet::new(); templates.len()];
    let mut cache = HookCache::default();
    for answers in answer_sets()? {
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
