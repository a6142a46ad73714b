//! The exercise ladder of a workshop kit, beyond what kit.rs proves of it: that `progress` cannot
//! be fooled (a wrong answer, a build that warns), and that a Korean kit speaks Korean.
//!
//! - [`on_the_stubs`], in every kit as handed out: an exercise whose file compiles with a warning
//!   is `failing`, with the warning on its line, on the build that warned and on the next one
//!   (cargo replays the warnings of a file it does not recompile), and `done` again without it;
//!   the kit's own messages (`progress`, `compare`, `chapter`, `check`, the stubs'
//!   NotImplementedError) hold no English sentence in a Korean kit, and do in an English one (so
//!   that the check is seen to catch one); a Korean instructor kit, rendered, says the same of
//!   `solve` and gets the Korean default description.
//! - [`after_solve`], in the instructor kit with every exercise solved: one deliberate mistake in
//!   each of four solutions (a warning in 1, the answers of 2 swapped, an off-by-one in 7, a
//!   remainder let through in 8) makes each of them `failing` and nothing else, in the `develop`
//!   build and in the `dev` build alike; put right, every exercise is `done` in the `dev` build
//!   (kit.rs's `check` then rebuilds `develop` and runs every test).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::project::Project;
use crate::render::{Render, render_to_temp};
use crate::static_checks::mirror::english_in;

/// The exercises, 0 to 8.
const EXERCISES: u64 = 9;

/// A language's word for an exercise, as the stubs' NotImplementedError messages start:
/// `exercise 3: ...` or `연습 문제 3: ...`.
fn exercise_marker(language: &str, number: u64) -> String {
    match language {
        "ko" => format!("연습 문제 {number}:"),
        _ => format!("exercise {number}:"),
    }
}

/// Whether check.py's message on stderr names `check` as the one that failed, in either language
/// (`check failed: exercises (pytest)`, `검사 실패: exercises (pytest)`).
pub fn names_the_failed_check(stderr: &str, check: &str) -> bool {
    stderr.lines().any(|line| {
        ["check failed: ", "검사 실패: "]
            .iter()
            .any(|said| line.starts_with(&format!("{said}{check} (")))
    })
}

/// In a kit as handed out, installed, on its stubs: see the module's comment.
pub fn on_the_stubs(project: &Project, render: &Render) -> Result<()> {
    a_warning_is_not_done(project)?;
    let language = language_of(render)?;
    let said = own_messages(project, &language)?;
    // Every path and command they name is the kit's (but the missing script `chapter` was given).
    let named = said
        .iter()
        .filter(|(w, _)| w != "chapter missing.py")
        .cloned();
    crate::static_checks::reads::names_exist(&[&project.dir], &named.collect::<Vec<_>>())?;
    if language == "ko" {
        no_english(&said, "the Korean kit")?;
        korean_instructor_kit(project.module())?;
    } else if !said.iter().any(|(_, text)| english_in(text).is_some()) {
        bail!(
            "the English kit's own messages hold no English sentence: the check of the Korean kit's cannot be trusted"
        );
    }
    Ok(())
}

/// In the instructor kit after `solve`: see the module's comment.
pub fn after_solve(project: &Project) -> Result<()> {
    let mistakes: [Mistake; 4] = [
        Mistake {
            file: "ex1_run.rs",
            what: "a warning (unreachable code after a return)",
            edit: |s| replace_once(s, "    Ok(fib(n))\n", "    return Ok(fib(n));\n    Ok(0)\n"),
        },
        Mistake {
            file: "ex2_profile.rs",
            what: "the answers swapped",
            edit: |s| {
                let swapped = s
                    .replace("\"debug\"", "\u{0}")
                    .replace("\"release\"", "\"debug\"")
                    .replace('\u{0}', "\"release\"");
                if swapped == s {
                    bail!("no \"debug\" or \"release\" to swap");
                }
                Ok(swapped)
            },
        },
        Mistake {
            file: "ex7_class.rs",
            what: "an off-by-one in negative indices",
            edit: |s| {
                replace_once(
                    s,
                    "len.checked_sub(index.unsigned_abs())",
                    "len.checked_sub(index.unsigned_abs() + 1)",
                )
            },
        },
        Mistake {
            file: "ex8_errors.rs",
            what: "a negative remainder let through",
            edit: |s| replace_once(s, "if remainder != 0 {", "if remainder > 0 {"),
        },
    ];
    let exercises = project.dir.join("src/exercises");
    let mut originals = Vec::new();
    for mistake in &mistakes {
        let path = exercises.join(mistake.file);
        let original = std::fs::read_to_string(&path)?;
        let wrong = (mistake.edit)(&original)
            .with_context(|| format!("making {} in {}", mistake.what, mistake.file))?;
        originals.push((path.clone(), original));
        std::fs::write(&path, wrong)?;
    }
    let wrong: Vec<u64> = mistakes.iter().map(|m| number_of(m.file)).collect();
    let expected = |n: u64| {
        if wrong.contains(&n) {
            "failing"
        } else {
            "done"
        }
    };
    let checked = (|| -> Result<()> {
        for profile in [None, Some("dev")] {
            let when = format!(
                "with mistakes in {wrong:?}, {}",
                profile.map_or("the develop build".to_string(), |p| format!(
                    "--profile {p}"
                ))
            );
            let ladder = ladder(project, profile, &when, expected)?;
            let warnings = &ladder[&1].1;
            if !warnings.iter().any(|w| w.contains("unreachable")) {
                bail!("progress --json {when}: exercise 1's warning is not shown: {warnings:?}");
            }
        }
        Ok(())
    })();
    for (path, original) in originals {
        std::fs::write(path, original)?;
    }
    checked?;
    ladder(project, Some("dev"), "put right, --profile dev", |_| "done")?;
    for mistake in &mistakes {
        println!(
            "    exercise {}: {} is failing, never done",
            number_of(mistake.file),
            mistake.what
        );
    }
    Ok(())
}

/// A deliberate mistake in a solution: `edit` makes it from the solution's text.
struct Mistake {
    file: &'static str,
    what: &'static str,
    edit: fn(&str) -> Result<String>,
}

/// The exercise of a file named exN_...
fn number_of(file: &str) -> u64 {
    file[2..file.find('_').unwrap()].parse().unwrap()
}

fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    if text.matches(from).count() != 1 {
        bail!("{from:?} is not in the file exactly once");
    }
    Ok(text.replacen(from, to, 1))
}

/// Exercise 0, done from the start, with a warning added: unreachable code after a `return`, as
/// an attendee leaves the stub's last line behind. `failing` with the warning on its line, twice
/// (the second build has nothing to compile and replays it), then `done` once it is gone.
fn a_warning_is_not_done(project: &Project) -> Result<()> {
    let path = project.dir.join("src/exercises/ex0_hello.rs");
    let original = std::fs::read_to_string(&path)?;
    let line = "    format!(\"Hello, {name}, from Rust!\")\n";
    let warned = replace_once(
        &original,
        line,
        "    return format!(\"Hello, {name}, from Rust!\");\n    String::new()\n",
    )?;
    std::fs::write(&path, warned)?;
    let checked = (|| -> Result<()> {
        let expected = |n: u64| if n == 0 { "failing" } else { "todo" };
        let ladder = ladder(project, None, "with a warning in exercise 0", expected)?;
        let warnings = &ladder[&0].1;
        if !warnings
            .iter()
            .any(|w| w.contains("unreachable") && w.contains("ex0_hello.rs"))
        {
            bail!("progress --json: exercise 0's warning is not shown: {warnings:?}");
        }
        // Nothing to compile this time: cargo replays the warning from its cache.
        let text = project.script("progress", &[])?;
        let zero = text
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("0 "))
            .take(2)
            .collect::<Vec<_>>();
        if zero.len() != 2 || !zero[0].contains("failing") || !zero[1].contains("unreachable") {
            bail!(
                "`progress` again, nothing changed: exercise 0 is not failing with its warning on the line below:\n{text}"
            );
        }
        Ok(())
    })();
    std::fs::write(&path, original)?;
    checked?;
    ladder(project, None, "with the warning gone", |n| {
        if n == 0 { "done" } else { "todo" }
    })?;
    Ok(())
}

/// `progress --json` (with `--profile`), which must show `expected(n)` for every
/// exercise n; returns each exercise's status and warnings.
fn ladder(
    project: &Project,
    profile: Option<&str>,
    when: &str,
    expected: impl Fn(u64) -> &'static str,
) -> Result<BTreeMap<u64, (String, Vec<String>)>> {
    let mut args = vec!["--json"];
    if let Some(profile) = profile {
        args.extend(["--profile", profile]);
    }
    let out = project.script("progress", &args)?;
    let report: serde_json::Value =
        serde_json::from_str(&out).with_context(|| format!("progress --json printed {out:?}"))?;
    let mut found = BTreeMap::new();
    for exercise in report["exercises"].as_array().into_iter().flatten() {
        let number = exercise["number"]
            .as_u64()
            .context("an exercise's number")?;
        let status = exercise["status"].as_str().unwrap_or_default().to_string();
        let warnings = exercise["warnings"]
            .as_array()
            .context("an exercise's warnings")?
            .iter()
            .filter_map(|w| w.as_str().map(str::to_string))
            .collect();
        found.insert(number, (status, warnings));
    }
    let problems: Vec<String> = (0..EXERCISES)
        .filter_map(|n| {
            let status = found.get(&n).map(|(s, _)| s.as_str());
            (status != Some(expected(n)))
                .then(|| format!("exercise {n} is {status:?}, expected {:?}", expected(n)))
        })
        .collect();
    if !problems.is_empty() || found.len() as u64 != EXERCISES {
        bail!("progress --json {when}: {}\n{out}", problems.join("; "));
    }
    println!("    progress {when}: as expected");
    Ok(found)
}

/// The kit's language: the `language` answer of its rendering (`-d`, else its values file), else
/// the template's default, English.
fn language_of(render: &Render) -> Result<String> {
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
fn own_messages(project: &Project, language: &str) -> Result<Vec<(String, String)>> {
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
fn no_english(said: &[(String, String)], whose: &str) -> Result<()> {
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
fn korean_instructor_kit(module: &str) -> Result<()> {
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
    fn the_failed_check_is_named_in_either_language() {
        assert!(names_the_failed_check(
            "check failed: exercises (pytest)\n",
            "exercises"
        ));
        assert!(names_the_failed_check(
            "검사 실패: exercises (pytest)",
            "exercises"
        ));
        assert!(!names_the_failed_check(
            "검사 실패: ruff (ruff check)",
            "exercises"
        ));
    }

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
