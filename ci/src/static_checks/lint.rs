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
use unicode_width::UnicodeWidthStr;
use walkdir::WalkDir;

use crate::cmd::Cmd;
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
fn hook_engine(
    object: Arc<Mutex<Object>>,
    reads: Arc<Mutex<BTreeSet<String>>>,
    asking: Arc<Mutex<Asking>>,
) -> Engine {
    let mut engine = Engine::new();
    let mut variable = Module::new();
    register_prompts(&mut variable, asking);
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

/// The widest a question may be, as cargo-generate prints it: a terminal of 80 columns, less a
/// margin. Wider, it wraps, and cargo-generate's prompts then print it twice, cut mid-word.
pub const PROMPT_COLUMNS: usize = 76;

/// A question a hook asked with `variable::prompt`.
#[derive(Clone, Debug, PartialEq)]
pub struct Asked {
    pub prompt: String,
    pub kind: Kind,
}

/// How cargo-generate asks a question.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A line of text, with the answer Enter gives, if any.
    Text(Option<String>),
    /// One of a list.
    Choice(Vec<String>),
    /// Yes or no.
    YesNo(bool),
}

/// The questions the hooks have asked so far, and which answer the prompts give: the default (or
/// the first choice), or the last choice (to reach the questions that follow another answer).
#[derive(Default)]
pub struct Asking {
    pub asked: Vec<Asked>,
    pub last_choice: bool,
}

/// `variable::prompt` in its five forms (cargo-generate's hooks/variable_mod.rs), answering as
/// `asking` says and noting every question.
fn register_prompts(variable: &mut Module, asking: Arc<Mutex<Asking>>) {
    // A text question without a default takes a name that passes every rule of a text answer.
    let a = asking.clone();
    variable.set_native_fn(
        "prompt",
        move |prompt: &str| -> Result<String, Box<EvalAltResult>> {
            a.lock().unwrap().asked.push(Asked {
                prompt: prompt.into(),
                kind: Kind::Text(None),
            });
            Ok("fibonacci".into())
        },
    );
    let a = asking.clone();
    variable.set_native_fn(
        "prompt",
        move |prompt: &str, default: &str| -> Result<String, Box<EvalAltResult>> {
            a.lock().unwrap().asked.push(Asked {
                prompt: prompt.into(),
                kind: Kind::Text(Some(default.into())),
            });
            Ok(default.into())
        },
    );
    let a = asking.clone();
    variable.set_native_fn(
        "prompt",
        move |prompt: &str, default: &str, _regex: &str| -> Result<String, Box<EvalAltResult>> {
            a.lock().unwrap().asked.push(Asked {
                prompt: prompt.into(),
                kind: Kind::Text(Some(default.into())),
            });
            Ok(default.into())
        },
    );
    let a = asking.clone();
    variable.set_native_fn(
        "prompt",
        move |prompt: &str, default: bool| -> Result<bool, Box<EvalAltResult>> {
            let mut a = a.lock().unwrap();
            a.asked.push(Asked {
                prompt: prompt.into(),
                kind: Kind::YesNo(default),
            });
            Ok(default != a.last_choice)
        },
    );
    variable.set_native_fn(
        "prompt",
        move |prompt: &str,
              default: &str,
              choices: rhai::Array|
              -> Result<String, Box<EvalAltResult>> {
            let choices = choices
                .into_iter()
                .map(|c| c.into_string())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|t| {
                    format!("variable::prompt({prompt:?}, ...): a {t} among the choices")
                })?;
            let mut a = asking.lock().unwrap();
            a.asked.push(Asked {
                prompt: prompt.into(),
                kind: Kind::Choice(choices.clone()),
            });
            let answer = match (a.last_choice, choices.last()) {
                (true, Some(last)) => last.clone(),
                _ => default.to_string(),
            };
            Ok(answer)
        },
    );
}

/// The questions the hooks ask in an interactive run (init.rhai without --name), in order, when
/// each is answered with its default (or its first choice), or with its last choice.
pub fn hook_questions_answered(hooks: &Hooks, last_choice: bool) -> Result<Vec<Asked>> {
    let object = Arc::new(Mutex::new(Object::new()));
    object
        .lock()
        .unwrap()
        .insert("is_init".into(), Value::scalar(false));
    let asking = Arc::new(Mutex::new(Asking {
        asked: vec![],
        last_choice,
    }));
    let mut engine = hook_engine(object, Arc::default(), asking.clone());
    engine.on_print(|_| {});
    run_scripts(&engine, &hooks.init).map_err(|e| anyhow::anyhow!("{e}"))?;
    let asked = std::mem::take(&mut asking.lock().unwrap().asked);
    Ok(asked)
}

/// Every question the hooks ask in an interactive run, answered with the defaults and again
/// with the last choices (which reach a question another answer leads to), in the order first asked.
pub fn hook_questions(hooks: &Hooks) -> Result<Vec<Asked>> {
    let mut all: Vec<Asked> = Vec::new();
    for last_choice in [false, true] {
        for asked in hook_questions_answered(hooks, last_choice)? {
            if !all.contains(&asked) {
                all.push(asked);
            }
        }
    }
    Ok(all)
}

/// The lines cargo-generate 0.23 and 0.26 print for a question (their interactive.rs and ui.rs,
/// with dialoguer 0.12's themes: a text question in the plain theme, a list in the colourful
/// one), without colours: while asking, and after the answer.
pub fn printed_lines(asked: &Asked) -> Vec<String> {
    // console's Emoji("🤷  ") and a space; console prints no emoji where LANG is not UTF-8.
    let shrug = format!("🤷   {}", asked.prompt);
    let select = |choices: &[String]| -> Vec<String> {
        let mut lines = vec![format!("? {shrug} ›")];
        for choice in choices {
            lines.push(format!("❯ {choice}"));
            lines.push(format!("✔ {shrug} · {choice}"));
        }
        lines
    };
    match &asked.kind {
        Kind::Text(None) => vec![format!("{shrug}: ")],
        Kind::Text(Some(default)) => vec![
            // 0.23: the prompt, then dialoguer's default.
            format!("{shrug} [{default}]: "),
            // 0.26: ui.rs adds "[default: …]", and dialoguer its own "[…]".
            format!("{shrug} [default: {default}] [{default}]: "),
        ],
        Kind::Choice(choices) => select(choices),
        Kind::YesNo(_) => {
            // 0.23: a list of false and true; 0.26: dialoguer's Confirm.
            let mut lines = select(&["false".to_string(), "true".to_string()]);
            for answer in ["yes", "no"] {
                lines.push(format!("? {shrug} (y/n) › {answer}"));
                lines.push(format!("✔ {shrug} · {answer}"));
            }
            lines
        }
    }
}

/// Every question that would not fit [`PROMPT_COLUMNS`]: cargo-generate.toml's placeholders, if
/// any, and the questions the hooks ask; each named, with its widest line and its width.
fn prompts_too_wide(config: &toml::Table, hooks: &Hooks) -> Result<Vec<String>> {
    let mut questions: Vec<(String, Asked)> = Vec::new();
    if let Some(placeholders) = config.get("placeholders").and_then(|p| p.as_table()) {
        for (name, spec) in placeholders {
            let prompt = spec.get("prompt").and_then(|p| p.as_str()).unwrap_or(name);
            let default = spec.get("default");
            let kind = match (spec.get("choices").and_then(|c| c.as_array()), default) {
                (Some(choices), _) => Kind::Choice(
                    choices
                        .iter()
                        .filter_map(|c| c.as_str().map(String::from))
                        .collect(),
                ),
                (_, Some(toml::Value::Boolean(b))) => Kind::YesNo(*b),
                (_, default) => Kind::Text(default.and_then(|d| d.as_str()).map(String::from)),
            };
            questions.push((
                format!("template/{CONFIG_FILE}'s placeholder {name}"),
                Asked {
                    prompt: prompt.into(),
                    kind,
                },
            ));
        }
    }
    for asked in hook_questions(hooks)? {
        questions.push(("the hooks' question".into(), asked));
    }
    let mut problems = Vec::new();
    for (whose, asked) in questions {
        let widest = printed_lines(&asked)
            .into_iter()
            .max_by_key(|l| l.width())
            .unwrap_or_default();
        if widest.width() > PROMPT_COLUMNS {
            problems.push(format!(
                "{whose} {:?} is {} columns wide as cargo-generate prints it, more than {PROMPT_COLUMNS}: {widest:?}; \
                 ask a shorter question (the README's table of the questions says the rest)",
                asked.prompt,
                widest.width()
            ));
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widest(prompt: &str, kind: Kind) -> usize {
        let asked = Asked {
            prompt: prompt.into(),
            kind,
        };
        printed_lines(&asked)
            .iter()
            .map(|l| l.width())
            .max()
            .unwrap()
    }

    #[test]
    fn a_text_question_with_a_default_is_widest_as_0_26_prints_it() {
        // 0.23: "🤷   Author [Your Name]: " (seen in a terminal); 0.26 adds "[default: Your Name]".
        let asked = Asked {
            prompt: "Author".into(),
            kind: Kind::Text(Some("Your Name".into())),
        };
        assert_eq!(printed_lines(&asked)[0], "🤷   Author [Your Name]: ");
        assert_eq!(
            widest("Author", Kind::Text(Some("Your Name".into()))),
            "🤷   Author [default: Your Name] [Your Name]: ".width()
        );
        assert_eq!("🤷   Author [Your Name]: ".width(), 25);
    }

    #[test]
    fn a_list_is_widest_once_answered_and_hangul_counts_twice() {
        // "✔ 🤷   License · MIT OR Apache-2.0": 2 + 5 + 7 + 3 + 17.
        let licenses = ["MIT", "MIT OR Apache-2.0"].map(String::from).to_vec();
        assert_eq!(widest("License", Kind::Choice(licenses)), 34);
        assert_eq!(
            widest("언어", Kind::Choice(vec!["en".into()])),
            2 + 5 + 4 + 3 + 2
        );
    }

    #[test]
    fn a_yes_no_question_is_widest_as_0_26_confirms_it() {
        // "? 🤷   Go? (y/n) › yes"
        assert_eq!(
            widest("Go?", Kind::YesNo(true)),
            "? 🤷   Go? (y/n) › yes".width()
        );
        assert_eq!("? 🤷   Go? (y/n) › yes".width(), 22);
    }
}
