//! The questions the hooks ask (`variable::prompt`), how cargo-generate prints each, and which
//! are too wide for its terminal ([`PROMPT_COLUMNS`]).

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use liquid::Object;
use liquid::model::Value;
use rhai::{EvalAltResult, Module};
use unicode_width::UnicodeWidthStr;

use super::hooks::{Hooks, hook_engine, run_scripts};
use crate::CONFIG_FILE;

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
    /// The variables the hooks set (`variable::set`), in order.
    pub set: Vec<String>,
}

/// `variable::prompt` in its five forms (cargo-generate's hooks/variable_mod.rs), answering as
/// `asking` says and noting every question.
pub(super) fn register_prompts(variable: &mut Module, asking: Arc<Mutex<Asking>>) {
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
            Ok(text_with_default(&a, prompt, default))
        },
    );
    let a = asking.clone();
    variable.set_native_fn(
        "prompt",
        move |prompt: &str, default: &str, _regex: &str| -> Result<String, Box<EvalAltResult>> {
            Ok(text_with_default(&a, prompt, default))
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

/// A text question with a default, with or without a pattern (the default passes it): noted,
/// and answered with the default.
fn text_with_default(asking: &Mutex<Asking>, prompt: &str, default: &str) -> String {
    asking.lock().unwrap().asked.push(Asked {
        prompt: prompt.into(),
        kind: Kind::Text(Some(default.into())),
    });
    default.into()
}

/// An interactive run of init.rhai (no --name), each question answered with its default (or its
/// first choice), or with its last choice: what it asked and what it set, in order.
fn interactive_run(hooks: &Hooks, last_choice: bool) -> Result<Asking> {
    let object = Arc::new(Mutex::new(Object::new()));
    object
        .lock()
        .unwrap()
        .insert("is_init".into(), Value::scalar(false));
    let asking = Arc::new(Mutex::new(Asking {
        last_choice,
        ..Asking::default()
    }));
    let mut engine = hook_engine(object, Arc::default(), asking.clone());
    engine.on_print(|_| {});
    run_scripts(&engine, &hooks.init).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(std::mem::take(&mut *asking.lock().unwrap()))
}

/// The questions the hooks ask in an interactive run, in order, when each is answered with its
/// default (or its first choice), or with its last choice.
pub fn hook_questions_answered(hooks: &Hooks, last_choice: bool) -> Result<Vec<Asked>> {
    Ok(interactive_run(hooks, last_choice)?.asked)
}

/// The keys of the questions in the order an interactive run asks them (init.rhai sets each answer
/// as it comes, and nothing else), with the project's name as `--name`, as the README's table
/// says it.
fn keys_in_asked_order(hooks: &Hooks) -> Result<Vec<String>> {
    let mut keys: Vec<String> = Vec::new();
    for key in interactive_run(hooks, false)?.set {
        let key = if key == "project-name" {
            "--name".to_string()
        } else {
            key
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// The README's table of the questions ("## The questions": a row per key, `` | `key` | ``) lists
/// every question init.rhai asks, in the order it asks them, as its sentence above the table
/// promises; an error names both orders.
pub(super) fn readme_table_out_of_order(readme: &str, hooks: &Hooks) -> Result<Option<String>> {
    let table: Vec<String> = readme
        .split("\n## ")
        .find(|section| section.starts_with("The questions\n"))
        .context("README.md: no section \"## The questions\"")?
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once("` |").map(|(key, _)| key.to_string()))
        .collect();
    let asked = keys_in_asked_order(hooks)?;
    Ok((table != asked).then(|| {
        format!(
            "README.md's table of the questions must list them as cargo-generate asks them (hooks/init.rhai, then hooks/questions.rhai's order):\n  asked:  {}\n  README: {}",
            asked.join(", "),
            table.join(", ")
        )
    }))
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
pub(super) fn prompts_too_wide(config: &toml::Table, hooks: &Hooks) -> Result<Vec<String>> {
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

    #[test]
    fn the_readme_lists_the_questions_in_the_order_asked_and_a_swap_fails() {
        let hooks = Hooks::from_config(&crate::template_config().unwrap()).unwrap();
        let readme = std::fs::read_to_string(crate::repo_root().join("README.md")).unwrap();
        assert_eq!(readme_table_out_of_order(&readme, &hooks).unwrap(), None);
        // The answers' table with `author` and `email` swapped, as a hand edit might leave it.
        let author = readme
            .lines()
            .find(|l| l.starts_with("| `author` |"))
            .unwrap();
        let email = readme
            .lines()
            .find(|l| l.starts_with("| `email` |"))
            .unwrap();
        let swapped = readme
            .replace(author, "AUTHOR")
            .replace(email, author)
            .replace("AUTHOR", email);
        let problem = readme_table_out_of_order(&swapped, &hooks)
            .unwrap()
            .unwrap();
        assert!(
            problem.contains("description, author, email")
                && problem.contains("description, email, author"),
            "{problem}"
        );
    }
}
