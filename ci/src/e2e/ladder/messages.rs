//! What a kit's own code says to an attendee on its stubs ([`own_messages`]), in the kit's
//! language, and that a Korean kit, and a Korean instructor kit, say no English sentence.

use anyhow::{Context, Result, bail};

use super::EXERCISES;
use crate::cmd::Cmd;
use crate::project::Project;
use crate::render::{Render, render_to_temp};
use crate::static_checks::mirror::english_in;

/// A language's word for an exercise, as the stubs' NotImplementedError messages start:
/// `exercise 3: ...` or `연습 문제 3: ...`.
fn exercise_marker(language: &str, number: u64) -> String {
    match language {
        "ko" => format!("연습 문제 {number}:"),
        _ => format!("exercise {number}:"),
    }
}

/// The kit's language: the `language` answer of its rendering (`-d`, else its values file), else
/// the template's default, English.
pub(super) fn language_of(render: &Render) -> Result<String> {
    if let Some(language) = render
        .defines
        .iter()
        .rev()
        .find_map(|d| d.strip_prefix("language="))
    {
        return Ok(language.to_string());
    }
    if let Some(file) = &render.values_file {
        let values: toml::Table = std::fs::read_to_string(file)?.parse()?;
        if let Some(language) = values
            .get("values")
            .and_then(|v| v.get("language"))
            .and_then(|l| l.as_str())
        {
            return Ok(language.to_string());
        }
    }
    Ok("en".to_string())
}

/// What the kit's own code says to an attendee on its stubs, by where it came from: `progress`
/// (the ladder, its JSON's titles, a bad argument), `compare`, `chapter` (no script, a missing
/// one), `check` (its list, a bad name, the exercises' check failing) and every stub's
/// NotImplementedError message (from the exercises' tests, as `progress N` shows them). Tool
/// output (pytest's, argparse's usage line) is left out where it is easily told apart.
pub(super) fn own_messages(project: &Project, language: &str) -> Result<Vec<(String, String)>> {
    let mut said = Vec::new();
    let stderr = |command: &str, args: &[&str]| -> Result<String> {
        let out = project.script_output(command, args)?;
        Ok(String::from_utf8_lossy(&out.stderr).into_owned())
    };
    said.push(("progress".into(), project.script("progress", &[])?));
    let json = project.script("progress", &["--json"])?;
    let report: serde_json::Value = serde_json::from_str(&json)?;
    for exercise in report["exercises"].as_array().into_iter().flatten() {
        let title = exercise["title"].as_str().unwrap_or_default();
        said.push(("progress --json, a title".into(), title.to_string()));
    }
    said.push((
        "progress 99".into(),
        without_usage(&stderr("progress", &["99"])?),
    ));
    said.push(("compare".into(), project.script("compare", &[])?));
    said.push(("chapter".into(), stderr("chapter", &[])?));
    said.push((
        "chapter missing.py".into(),
        stderr("chapter", &["missing.py"])?,
    ));
    said.push(("check --list".into(), project.script("check", &["--list"])?));
    said.push((
        "check nothing".into(),
        without_usage(&stderr("check", &["nothing"])?),
    ));
    said.push(("check exercises".into(), stderr("check", &["exercises"])?));

    let scratch = project.scratch()?;
    let report = scratch.path().join("report.xml");
    let junit = format!("--junitxml={}", report.display());
    project
        .in_env_cmd(&[
            "pytest",
            "tests/exercises",
            "-q",
            "-p",
            "no:cacheprovider",
            &junit,
        ])?
        .output()?;
    let xml = std::fs::read_to_string(&report).context("pytest's JUnit report")?;
    let messages = not_implemented_messages(&xml);
    for number in 1..EXERCISES {
        let marker = exercise_marker(language, number);
        let Some(message) = messages.iter().find(|m| m.starts_with(&marker)) else {
            bail!("no stub raised NotImplementedError({marker:?} ...); they said {messages:?}");
        };
        // The page it sends the attendee to is one of the kit's.
        // ("... read docs/en/02-profile.md, then ...", "... docs/ko/02-profile.md를 읽고 ...")
        let page = message
            .split_whitespace()
            .filter(|w| w.starts_with("docs/"))
            .find_map(|w| w.find(".md").map(|end| &w[..end + 3]))
            .with_context(|| format!("exercise {number}'s stub names no page: {message:?}"))?;
        if !project.dir.join(page).is_file() {
            bail!(
                "exercise {number}'s stub names {page}, which the kit does not have: {message:?}"
            );
        }
        said.push((format!("exercise {number}'s stub"), message.clone()));
    }
    Ok(said)
}

/// Every `NotImplementedError: <message>` of a JUnit report, each once, its XML unescaped.
fn not_implemented_messages(xml: &str) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    for piece in xml.split("NotImplementedError: ").skip(1) {
        // A message ends where its line does (in an attribute, a line break is `&#10;`).
        let end = ["\"", "\n", "<", "&#10;", "&#xA;"]
            .iter()
            .filter_map(|stop| piece.find(stop))
            .min()
            .unwrap_or(piece.len());
        let message = piece[..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        if !messages.contains(&message) {
            messages.push(message);
        }
    }
    messages
}

/// argparse's error output without its own `usage: ...` line.
fn without_usage(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| !l.starts_with("usage: ") && !l.starts_with("       "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every message English-free, or an error naming each that is not.
pub(super) fn no_english(said: &[(String, String)], whose: &str) -> Result<()> {
    let english: Vec<String> = said
        .iter()
        .filter_map(|(source, text)| english_in(text).map(|line| format!("{source}: {line:?}")))
        .collect();
    if !english.is_empty() {
        bail!("{whose} says English sentences:\n{}", english.join("\n"));
    }
    println!("    {whose}: {} messages, no English sentence", said.len());
    Ok(())
}

/// A Korean instructor kit, rendered with the template's default description (not built: the
/// scripts below need only Python's standard library): its README and Cargo.toml describe it in
/// Korean, and `solve`, `check --list`, `chapter` and `progress` with a bad argument say nothing
/// in English.
pub(super) fn korean_instructor_kit(module: &str) -> Result<()> {
    let (_parent, dir) = render_to_temp(
        &Render::named("ladder-ko")
            .define("workshop", "instructor")
            .define("language", "ko")
            .define("module", module),
    )?;
    let questions = crate::facts::questions()?;
    let default = questions["description"]["default"]
        .as_str()
        .context("description: default")?;
    for file in ["README.md", "Cargo.toml", "pyproject.toml"] {
        let text = std::fs::read_to_string(dir.join(file))?;
        if text.contains(default) || english_in(&description_line(&text, file)).is_some() {
            bail!("the Korean kit's {file} has the English default description");
        }
    }
    let python = |args: &[&str]| -> Result<String> {
        let out = Cmd::new("python3", args).cwd(&dir).output()?;
        Ok(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            without_usage(&String::from_utf8_lossy(&out.stderr))
        ))
    };
    let said = vec![
        (
            "solve 3".to_string(),
            python(&["-m", "solutions.solve", "3"])?,
        ),
        (
            "solve 99".to_string(),
            python(&["-m", "solutions.solve", "99"])?,
        ),
        ("check --list".to_string(), python(&["check.py", "--list"])?),
        ("chapter".to_string(), python(&["chapter.py"])?),
        ("progress 99".to_string(), python(&["progress.py", "99"])?),
    ];
    if !said[0].1.contains("ex3_double_list.rs") {
        bail!("solve.py 3 in the Korean instructor kit: {}", said[0].1);
    }
    no_english(&said, "the Korean instructor kit")
}

/// The description as a file states it: the line after the README's title, or the
/// `description = "..."` line of a TOML file.
fn description_line(text: &str, file: &str) -> String {
    if file.ends_with(".md") {
        return text.lines().nth(2).unwrap_or_default().to_string();
    }
    text.lines()
        .find(|l| l.starts_with("description = "))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_come_out_of_a_junit_report() {
        let xml = r#"<failure message="AssertionError: NotImplementedError: exercise 1: run(n), &quot;x&quot;; see docs/en/01-run.md&#10;assert 'KeyboardInterrupt' in stderr">
E   NotImplementedError: exercise 1: run(n), &quot;x&quot;; see docs/en/01-run.md
</failure>"#;
        assert_eq!(
            not_implemented_messages(xml),
            ["exercise 1: run(n), \"x\"; see docs/en/01-run.md"]
        );
    }
}
