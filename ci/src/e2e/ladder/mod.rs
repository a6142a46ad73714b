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
//! - [`after_solve`], in the instructor kit with every exercise solved: every requirement that an
//!   exercise's page lists under "What the tests check" has a wrong solution in [`MISTAKES`]
//!   (the counts must agree: a new requirement needs a new mistake), and each makes its exercise
//!   `failing` and nothing else, caught by a test (no warning shown) but for the one that is a
//!   warning; one mistake per exercise at a time, the first round in the `develop` build and in
//!   the `dev` build alike; put right, every exercise is `done` in the `dev` build (kit.rs's
//!   `check` then rebuilds `develop` and runs every test).

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::render::Render;
use crate::static_checks::mirror::english_in;

mod messages;
mod mistakes;

use messages::{korean_instructor_kit, language_of, no_english, own_messages};
pub use mistakes::{
    MISTAKES, Mistake, REQUIREMENTS_HEADINGS, mistakes_of, requirements_listed,
    requirements_match_mistakes,
};
use mistakes::{number_of, replace_once};

/// The exercises, 0 to 8.
const EXERCISES: u64 = 9;

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

/// In the instructor kit after `solve`: every wrong solution of [`MISTAKES`], one per exercise at
/// a time, makes its exercise `failing` and nothing else (with no warning, but for the one that
/// is a warning: a test caught it); the first round also with `--profile dev`. Put right, every
/// exercise is `done` in the `dev` build (kit.rs's `check` then rebuilds `develop`).
pub fn after_solve(project: &Project) -> Result<()> {
    requirements_match_mistakes(&project.dir)?;
    let exercises = project.dir.join("src/exercises");
    let rounds = (0..EXERCISES)
        .map(|n| mistakes_of(n).len())
        .max()
        .unwrap_or(0);
    for round in 0..rounds {
        let these: Vec<&Mistake> = (0..EXERCISES)
            .filter_map(|n| mistakes_of(n).get(round).copied())
            .collect();
        let mut originals = Vec::new();
        let made = (|| -> Result<()> {
            for mistake in &these {
                let path = exercises.join(mistake.file);
                let original = std::fs::read_to_string(&path)?;
                let wrong = (mistake.edit)(&original)
                    .with_context(|| format!("making {} in {}", mistake.what, mistake.file))?;
                originals.push((path.clone(), original));
                std::fs::write(&path, wrong)?;
            }
            Ok(())
        })();
        let wrong: Vec<u64> = these.iter().map(|m| number_of(m.file)).collect();
        let expected = |n: u64| {
            if wrong.contains(&n) {
                "failing"
            } else {
                "done"
            }
        };
        let profiles: &[Option<&str>] = if round == 0 {
            &[None, Some("dev")]
        } else {
            &[None]
        };
        let checked = made.and_then(|()| {
            for &profile in profiles {
                let when = format!(
                    "with mistakes in {wrong:?}, {}",
                    profile.map_or("the develop build".to_string(), |p| format!(
                        "--profile {p}"
                    ))
                );
                let ladder = ladder(project, profile, &when, expected)?;
                for mistake in &these {
                    let warnings = &ladder[&number_of(mistake.file)].1;
                    if mistake.warns == warnings.is_empty() {
                        bail!(
                            "progress --json {when}: exercise {}'s mistake ({}) {} a warning: {warnings:?}",
                            number_of(mistake.file),
                            mistake.what,
                            if mistake.warns { "shows no" } else { "is" }
                        );
                    }
                }
            }
            Ok(())
        });
        for (path, original) in originals {
            std::fs::write(path, original)?;
        }
        checked?;
        for mistake in &these {
            println!(
                "    exercise {}: {} is failing, never done",
                number_of(mistake.file),
                mistake.what
            );
        }
    }
    ladder(project, Some("dev"), "put right, --profile dev", |_| "done")?;
    Ok(())
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
}
