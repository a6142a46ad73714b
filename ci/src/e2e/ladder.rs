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

/// The heading of a page's list of requirements, by language: each item is a requirement that
/// [`MISTAKES`] breaks once.
pub const REQUIREMENTS_HEADINGS: &[&str] = &["## What the tests check", "## 테스트가 확인하는 것"];

/// A deliberate mistake in a solution, one for each requirement its exercise's page lists under
/// [`REQUIREMENTS_HEADINGS`] (in the page's order): `progress` must show the exercise `failing`.
pub struct Mistake {
    /// The exercise's file in src/exercises/.
    pub file: &'static str,
    /// What is wrong, as the log says it.
    pub what: &'static str,
    /// Whether it is a rustc warning (the only requirement `progress` checks without a test):
    /// every other mistake compiles without one, so that a test is what catches it.
    pub warns: bool,
    /// The mistake, made in the solution's text.
    pub edit: fn(&str) -> Result<String>,
}

const fn mistake(
    file: &'static str,
    what: &'static str,
    edit: fn(&str) -> Result<String>,
) -> Mistake {
    Mistake {
        file,
        what,
        warns: false,
        edit,
    }
}

/// The wrong solutions, by exercise, in the order of each page's list of requirements.
pub const MISTAKES: &[Mistake] = &[
    mistake("ex0_hello.rs", "a greeting from Python", |s| {
        replace_once(s, "from Rust!\")", "from Python!\")")
    }),
    Mistake {
        file: "ex0_hello.rs",
        what: "a warning (unreachable code after a return)",
        warns: true,
        edit: |s| {
            replace_once(
                s,
                "    format!(\"Hello, {name}, from Rust!\")\n",
                "    return format!(\"Hello, {name}, from Rust!\");\n    String::new()\n",
            )
        },
    },
    mistake("ex1_run.rs", "fib(1) taken as 2", |s| {
        replace_once(s, "1 => 1,", "1 => 2,")
    }),
    mistake("ex1_run.rs", "a float taken for n", |s| {
        replace_once(
            s,
            "run(n: u64) -> PyResult<u64> {\n    Ok(fib(n))",
            "run(n: f64) -> PyResult<u64> {\n    Ok(fib(n as u64))",
        )
    }),
    mistake("ex2_profile.rs", "the answers swapped", |s| {
        let swapped = s
            .replace("\"debug\"", "\u{0}")
            .replace("\"release\"", "\"debug\"")
            .replace('\u{0}', "\"release\"");
        if swapped == s {
            bail!("no \"debug\" or \"release\" to swap");
        }
        Ok(swapped)
    }),
    mistake("ex2_profile.rs", "a fixed \"release\"", |s| {
        replace_once(
            s,
            "Ok(if cfg!(debug_assertions) {\n        \"debug\"\n    } else {\n        \"release\"\n    })",
            "Ok(\"release\")",
        )
    }),
    mistake(
        "ex3_double_list.rs",
        "no `Rust: Acquire GIL...` line",
        |s| replace_once(s, "    say(py, \"Rust: Acquire GIL...\")?;\n", ""),
    ),
    mistake(
        "ex3_double_list.rs",
        "the values stored undoubled",
        undoubled,
    ),
    mistake(
        "ex3_double_list.rs",
        "a bad idx let through",
        bad_idx_let_through,
    ),
    mistake("ex3_double_list.rs", "an overflow wrapped", wrapped),
    mistake(
        "ex3_double_list.rs",
        "the GIL released for the sleep",
        |s| {
            replace_once(
                s,
                "    thread::sleep(WORK);\n",
                "    py.detach(|| thread::sleep(WORK));\n",
            )
        },
    ),
    mistake("ex4_detach.rs", "no `Rust: Acquire GIL...` line", |s| {
        replace_once(s, "    say(py, \"Rust: Acquire GIL...\")?;\n", "")
    }),
    mistake("ex4_detach.rs", "the values stored undoubled", undoubled),
    mistake(
        "ex4_detach.rs",
        "a bad idx let through",
        bad_idx_let_through,
    ),
    mistake("ex4_detach.rs", "an overflow wrapped", wrapped),
    mistake("ex4_detach.rs", "the work done holding the GIL", |s| {
        let s = replace_once(s, "py.detach(|| {", "(|| {")?;
        replace_once(
            &s,
            "    });\n    let doubled = doubled",
            "    })();\n    let doubled = doubled",
        )
    }),
    mistake("ex5_ctrl_c.rs", "limit itself counted", |s| {
        replace_once(s, "for n in 0..limit {", "for n in 0..=limit {")
    }),
    mistake("ex5_ctrl_c.rs", "Ctrl-C ignored", |s| {
        replace_once(s, "py.check_signals()?;", "let _ = py.check_signals();")
    }),
    mistake(
        "ex6_parallel.rs",
        "every other block skipped on one thread",
        |s| replace_once(s, ".step_by(threads)", ".step_by(threads.max(2))"),
    ),
    mistake("ex6_parallel.rs", "no threads let through", |s| {
        replace_once(s, "if threads == 0 {", "if threads == usize::MAX {")
    }),
    mistake("ex6_parallel.rs", "the count done holding the GIL", |s| {
        let s = replace_once(s, "Ok(py.detach(|| {", "let _ = py;\n    Ok((|| {")?;
        replace_once(&s, "    }))\n}", "    })())\n}")
    }),
    mistake("ex7_class.rs", "an off-by-one in negative indices", |s| {
        replace_once(
            s,
            "len.checked_sub(index.unsigned_abs())",
            "len.checked_sub(index.unsigned_abs() + 1)",
        )
    }),
    mistake("ex7_class.rs", "an index out of range clamped", |s| {
        replace_once(
            s,
            "self.numbers.get(p).copied()",
            "self.numbers.get(p.min(len.saturating_sub(1))).copied()",
        )
    }),
    mistake("ex7_class.rs", "the iterator walking backwards", |s| {
        replace_once(s, "self.numbers.next()", "self.numbers.next_back()")
    }),
    mistake("ex7_class.rs", "count under another name", |s| {
        replace_once(
            s,
            "#[getter]\n    fn count",
            "#[getter(size)]\n    fn count",
        )
    }),
    mistake("ex7_class.rs", "index() finding the last position", |s| {
        replace_once(
            s,
            ".position(|&n| n == value)",
            ".rposition(|&n| n == value)",
        )
    }),
    mistake("ex7_class.rs", "another repr", |s| {
        replace_once(
            s,
            "format!(\"Fibonacci({})\", self.numbers.len())",
            "format!(\"Fibonacci(count={})\", self.numbers.len())",
        )
    }),
    mistake("ex7_class.rs", "a count of 95 let through", |s| {
        replace_once(s, "if count > MAX_COUNT {", "if count > MAX_COUNT + 1 {")
    }),
    mistake("ex7_class.rs", "a class of no module", |s| {
        without_module(s)
    }),
    mistake("ex8_errors.rs", "every quotient negated", |s| {
        replace_once(s, "    Ok(quotient)\n", "    Ok(quotient.wrapping_neg())\n")
    }),
    mistake("ex8_errors.rs", "a negative remainder let through", |s| {
        replace_once(s, "if remainder != 0 {", "if remainder > 0 {")
    }),
    mistake("ex8_errors.rs", "a message without the remainder", |s| {
        let s = replace_once(
            s,
            "DivisionError::Remainder { a, b, remainder } => {",
            "DivisionError::Remainder { a, b, .. } => {",
        )?;
        replace_once(
            &s,
            "write!(f, \"{b} does not divide {a}: the remainder is {remainder}\")",
            "write!(f, \"{b} does not divide {a}\")",
        )
    }),
    mistake("ex8_errors.rs", "zero and overflow swapped", |s| {
        replace_once(
            s,
            "if b == 0 {\n        DivisionError::ByZero\n    } else {\n        DivisionError::TooLarge\n    }",
            "if b == 0 {\n        DivisionError::TooLarge\n    } else {\n        DivisionError::ByZero\n    }",
        )
    }),
    mistake(
        "ex8_errors.rs",
        "i64::MIN refused whatever the divisor",
        |s| {
            replace_once(
                s,
                "a.checked_div(b).ok_or(",
                "a.checked_div(b).filter(|_| a != i64::MIN).ok_or(",
            )
        },
    ),
    mistake(
        "ex8_errors.rs",
        "an Exception, not an ArithmeticError",
        |s| {
            replace_once(
                s,
                "use pyo3::exceptions::{PyArithmeticError,",
                "use pyo3::exceptions::{PyException as PyArithmeticError,",
            )
        },
    ),
];

/// Exercises 3 and 4: the list stored as it came.
fn undoubled(s: &str) -> Result<String> {
    replace_once(
        s,
        "result.set_item(idx, doubled)?;",
        "result.set_item(idx, doubled.iter().map(|x| x / 2).collect::<Vec<_>>())?;",
    )
}

/// Exercises 3 and 4: `result.set_item`'s IndexError dropped.
fn bad_idx_let_through(s: &str) -> Result<String> {
    replace_once(
        s,
        "result.set_item(idx, doubled)?;",
        "let _ = result.set_item(idx, doubled);",
    )
}

/// Exercises 3 and 4: a double that does not fit wraps around.
fn wrapped(s: &str) -> Result<String> {
    replace_once(s, "x.checked_mul(2)", "Some(x.wrapping_mul(2))")
}

/// Exercise 7: `#[pyclass(module = "...", frozen)]` without its module.
fn without_module(s: &str) -> Result<String> {
    let start = s
        .find("#[pyclass(module = \"")
        .context("no #[pyclass(module = ...)]")?;
    let end = start + s[start..].find(", frozen)]").context("no frozen pyclass")?;
    Ok(format!("{}#[pyclass({}", &s[..start], &s[end + 2..]))
}

/// The mistakes of one exercise, in its page's order.
pub fn mistakes_of(exercise: u64) -> Vec<&'static Mistake> {
    MISTAKES
        .iter()
        .filter(|m| number_of(m.file) == exercise)
        .collect()
}

/// How many requirements a page lists under [`REQUIREMENTS_HEADINGS`]: its list items there.
pub fn requirements_listed(page: &str) -> usize {
    let mut lines = page
        .lines()
        .skip_while(|l| !REQUIREMENTS_HEADINGS.contains(&l.trim_end()))
        .skip(1);
    let mut count = 0;
    for line in lines.by_ref() {
        if line.starts_with("## ") {
            break;
        }
        count += usize::from(line.starts_with("- "));
    }
    count
}

/// Every page of the kit at `kit` lists as many requirements as [`MISTAKES`] has wrong solutions
/// for its exercise.
pub fn requirements_match_mistakes(kit: &std::path::Path) -> Result<()> {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(kit.join("docs"))? {
        let language = entry?.path();
        for page in std::fs::read_dir(&language)? {
            let page = page?.path();
            let name = page.file_name().unwrap().to_string_lossy().into_owned();
            let Some(number) = name.get(..2).and_then(|n| n.parse::<u64>().ok()) else {
                continue;
            };
            let listed = requirements_listed(&std::fs::read_to_string(&page)?);
            let mistakes = mistakes_of(number).len();
            if listed == 0 || listed != mistakes {
                problems.push(format!(
                    "{} lists {listed} requirement(s) under {REQUIREMENTS_HEADINGS:?}, and ci/src/e2e/ladder.rs's MISTAKES has {mistakes} wrong solution(s) for exercise {number}: one each",
                    page.display()
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
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
    fn every_wrong_solution_applies_and_every_requirement_has_one() {
        let kit = crate::examples::instructor_example().unwrap().dir;
        for mistake in MISTAKES {
            let solution = kit.join("solutions").join(mistake.file);
            let file = if solution.exists() {
                solution
            } else {
                kit.join("src/exercises").join(mistake.file)
            };
            let text = std::fs::read_to_string(&file).unwrap();
            let wrong = (mistake.edit)(&text)
                .unwrap_or_else(|e| panic!("{} in {}: {e}", mistake.what, file.display()));
            assert_ne!(wrong, text, "{}", mistake.what);
        }
        requirements_match_mistakes(&kit).unwrap();
    }

    #[test]
    fn requirements_are_the_list_under_their_heading() {
        let page = "# 3. x\n\n## Check\n\n- not this\n\n## What the tests check\n\nIntro:\n\n- one\n  more\n- two\n\n## Done\n\n- not this\n";
        assert_eq!(requirements_listed(page), 2);
        assert_eq!(requirements_listed("# 0\n\n- a\n"), 0);
    }

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
