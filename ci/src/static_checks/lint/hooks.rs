//! The template's hooks as cargo-generate runs them: [`Hooks`] lists them, a Rhai engine with
//! the parts of its hook API that they use runs them, and [`HookCache`] keeps what each set.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use heck::{ToKebabCase, ToSnakeCase};
use liquid::Object;
use liquid::model::{KString, Value, ValueView};
use rhai::{
    Dynamic, Engine, EvalAltResult, Module, Position, module_resolvers::FileModuleResolver,
};

use super::prompts::{Asking, register_prompts};
use crate::{repo_root, template_dir};

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
pub(super) struct HookCache {
    scripts: BTreeMap<String, ScriptRuns>,
}

/// One script's runs: by the names it read, then by those variables' values, what it set (or
/// the refusal).
type ScriptRuns = Vec<(BTreeSet<String>, BTreeMap<Vec<String>, Option<Object>>)>;

impl HookCache {
    /// The variables cargo-generate renders with, after running the template's hooks as it does;
    /// `None` when a hook refuses the answers.
    pub(super) fn variables(
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
                let engine = hook_engine(shared.clone(), reads.clone(), Arc::default());
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

pub(super) fn run_scripts(engine: &Engine, scripts: &[String]) -> Result<(), HookError> {
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
pub(super) fn hook_engine(
    object: Arc<Mutex<Object>>,
    reads: Arc<Mutex<BTreeSet<String>>>,
    asking: Arc<Mutex<Asking>>,
) -> Engine {
    let mut engine = Engine::new();
    let mut variable = Module::new();
    register_prompts(&mut variable, asking.clone());
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
    let (o, a) = (object.clone(), asking.clone());
    variable.set_native_fn(
        "set",
        move |name: &str, value: &str| -> Result<(), Box<EvalAltResult>> {
            a.lock().unwrap().set.push(name.to_string());
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
            asking.lock().unwrap().set.push(name.to_string());
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
