//! The template lint: every template file must render with Liquid in strict mode, for every
//! combination of the template's choices, with exactly the variables cargo-generate will have.
//!
//! cargo-generate itself is lenient: an unknown variable renders as "", and a file that fails to
//! parse (an unescaped GitHub `${{ }}` for one) is copied unrendered. Both are errors here.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result, bail};
use heck::{ToKebabCase, ToSnakeCase};
use liquid::model::{KString, Value, ValueView};
use liquid::{Object, ParserBuilder};
use rhai::{Dynamic, Engine, EvalAltResult, Module, module_resolvers::FileModuleResolver};
use walkdir::WalkDir;

use crate::{repo_root, template_dir};

/// The root cargo-generate.toml, parsed.
pub fn config() -> Result<toml::Table> {
    let text = std::fs::read_to_string(repo_root().join("cargo-generate.toml"))?;
    Ok(text.parse()?)
}

/// Every combination of answers: choice and bool questions take each of their values in turn,
/// free-text questions their default.
pub fn answer_sets(config: &toml::Table) -> Result<Vec<BTreeMap<String, Value>>> {
    let placeholders = config["placeholders"]
        .as_table()
        .context("[placeholders]")?;
    let mut sets = vec![BTreeMap::new()];
    for (name, spec) in placeholders {
        let options: Vec<Value> = match (spec.get("choices"), spec["type"].as_str()) {
            (Some(choices), _) => choices
                .as_array()
                .unwrap()
                .iter()
                .map(|c| Value::scalar(c.as_str().unwrap().to_string()))
                .collect(),
            (_, Some("bool")) => vec![Value::scalar(false), Value::scalar(true)],
            _ => vec![Value::scalar(spec["default"].as_str().unwrap().to_string())],
        };
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

/// The variables cargo-generate renders with, after running the template's hooks as it does:
/// `Err` carries the message of a hook that refused the answers.
pub fn variables(project_name: &str, answers: &BTreeMap<String, Value>) -> Result<Object, String> {
    let object = Arc::new(Mutex::new(Object::new()));
    {
        let mut o = object.lock().unwrap();
        o.insert(
            "project-name".into(),
            Value::scalar(project_name.to_string()),
        );
        o.insert("is_init".into(), Value::scalar(false));
    }
    let config = config().map_err(|e| e.to_string())?;
    let hooks = |stage: &str| -> Vec<String> {
        config["hooks"]
            .get(stage)
            .and_then(|h| h.as_array())
            .into_iter()
            .flatten()
            .map(|h| h.as_str().unwrap().to_string())
            .collect()
    };
    let engine = hook_engine(object.clone());
    run_scripts(&engine, &hooks("init"))?;
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
    run_scripts(&engine, &hooks("pre"))?;
    let object = object.lock().unwrap().clone();
    Ok(object)
}

fn run_scripts(engine: &Engine, scripts: &[String]) -> Result<(), String> {
    for script in scripts {
        engine
            .run_file(template_dir().join(script))
            .map_err(|e| hook_message(&e))?;
    }
    Ok(())
}

/// The message a hook gave to `abort`, without Rhai's position information.
fn hook_message(error: &EvalAltResult) -> String {
    match error {
        EvalAltResult::ErrorInFunctionCall(_, _, inner, _)
        | EvalAltResult::ErrorInModule(_, inner, _) => hook_message(inner),
        EvalAltResult::ErrorRuntime(value, _) => value.to_string(),
        other => other.to_string(),
    }
}

/// A Rhai engine with the parts of cargo-generate's hook API that our hooks use.
fn hook_engine(object: Arc<Mutex<Object>>) -> Engine {
    let mut engine = Engine::new();
    let mut variable = Module::new();
    let o = object.clone();
    variable.set_native_fn(
        "get",
        move |name: &str| -> Result<Dynamic, Box<EvalAltResult>> {
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
    let o = object;
    variable.set_native_fn(
        "set",
        move |name: &str, value: bool| -> Result<(), Box<EvalAltResult>> {
            o.lock()
                .unwrap()
                .insert(KString::from(name.to_string()), Value::scalar(value));
            Ok(())
        },
    );
    let mut env = Module::new();
    env.set_var("destination_directory", "<destination>".to_string());
    env.set_var("working_directory", template_dir().display().to_string());
    engine
        .set_module_resolver(FileModuleResolver::new_with_path(template_dir()))
        .register_static_module("variable", variable.into())
        .register_static_module("env", env.into())
        .register_fn("to_snake_case", |s: &str| s.to_snake_case())
        .register_fn("to_kebab_case", |s: &str| s.to_kebab_case())
        .register_fn(
            "abort",
            |message: &str| -> Result<String, Box<EvalAltResult>> { Err(message.into()) },
        );
    engine
}

/// Every file of the template, by its path relative to template/.
pub fn template_files() -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(template_dir()) {
        let entry = entry?;
        if entry.file_type().is_file() {
            files.push(entry.path().strip_prefix(template_dir())?.to_path_buf());
        }
    }
    files.sort();
    Ok(files)
}

/// Lint every template file under every combination of choices; returns how many renders passed.
pub fn lint() -> Result<usize> {
    let parser = ParserBuilder::with_stdlib().build()?;
    let mut templates = Vec::new();
    let mut problems = Vec::new();
    for path in template_files()? {
        let text = std::fs::read_to_string(template_dir().join(&path))
            .with_context(|| format!("template/{} is not UTF-8 text", path.display()))?;
        let name = path.display().to_string();
        match (parser.parse(&text), parser.parse(&name)) {
            (Ok(body), Ok(file_name)) => templates.push((path, body, file_name, hint(&text))),
            (Err(e), _) | (_, Err(e)) => problems.push(format!(
                "template/{name}: not valid Liquid, so cargo-generate would copy it unrendered: {e}"
            )),
        }
    }
    let mut renders = 0;
    for answers in answer_sets(&config()?)? {
        let Ok(globals) = variables("lint-project", &answers) else {
            continue; // a combination the hooks refuse, such as min_python above python_version
        };
        for (path, body, file_name, hint) in &templates {
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
