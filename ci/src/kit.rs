//! Workshop kits (the `workshop` question; examples.rs's [`Kit`] marks their rows): each built
//! as its README says, proving what the kit promises; and, from the checked-in examples alone,
//! that the pages of the two languages mirror each other and that no solution's text is in an
//! attendee kit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::examples::{BUILDS, Kit, example_named};
use crate::fs::read_tree;
use crate::project::Project;

/// The exercises of the issue (1 to 6) and exercise 0: a kit has at least these.
const MIN_EXERCISES: usize = 7;

/// A line of a solution at least this long (trimmed) is the solution's own text; shorter lines
/// (`}`, `Ok(())`, `count += 1;`) are too common to tell anything.
const MIN_SOLUTION_LINE: usize = 12;

/// The last of the kit's checks (its check.py): the exercises' tests, which fail until every
/// exercise is done.
const EXERCISES_CHECK: &str = "exercises";

/// Build a kit as its README says and prove what it promises: the ladder as handed out (exercise
/// 0 done, every other todo), every check but the exercises' tests passing on the stubs, a
/// compile error reported as one; for the instructor's kit, `solve N` and `solve` making exercises
/// done, then every check passing.
pub fn build_and_check(project: &Project, kit: Kit) -> Result<()> {
    project.run("pipenv", &["install", "--dev"])?;
    expect_ladder(project, "as handed out", |n| {
        if n == 0 { "done" } else { "todo" }
    })?;
    checks_pass_but_the_exercises(project)?;
    a_build_error_is_reported(project)?;
    if kit == Kit::Instructor {
        project.run("pipenv", &["run", "solve", "1"])?;
        expect_ladder(project, "after `solve 1`", |n| {
            if n <= 1 { "done" } else { "todo" }
        })?;
        project.run("pipenv", &["run", "solve"])?;
        expect_ladder(project, "after `solve`", |_| "done")?;
        // Every check, the exercises' tests last: clippy -D warnings, ruff, mypy, stubtest, rustfmt.
        project.run("pipenv", &["run", "check"])?;
        let compare = project.run("pipenv", &["run", "compare"])?;
        if compare.contains("skipped") || !compare.contains("build: release") {
            bail!("`pipenv run compare` after `solve` skipped an exercise:\n{compare}");
        }
        for line in compare.lines().filter(|l| l.contains("times as fast")) {
            println!("    compare: {}", line.trim());
        }
    }
    Ok(())
}

/// `pipenv run progress --json`, which must succeed and show `expected(n)` for every exercise n.
fn expect_ladder(
    project: &Project,
    when: &str,
    expected: impl Fn(u64) -> &'static str,
) -> Result<()> {
    let out = project.run("pipenv", &["run", "progress", "--json"])?;
    let report: serde_json::Value =
        serde_json::from_str(&out).with_context(|| format!("progress --json printed {out:?}"))?;
    let exercises = report["exercises"]
        .as_array()
        .context("progress --json: exercises")?;
    let mut problems = Vec::new();
    if exercises.len() < MIN_EXERCISES {
        problems.push(format!(
            "{} exercises, fewer than {MIN_EXERCISES}",
            exercises.len()
        ));
    }
    let mut done = 0;
    for (i, exercise) in exercises.iter().enumerate() {
        let (number, status) = (exercise["number"].as_u64(), exercise["status"].as_str());
        if number != Some(i as u64) || exercise["title"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("exercise {i} is {exercise}"));
            continue;
        }
        done += usize::from(status == Some("done"));
        if status != Some(expected(i as u64)) {
            problems.push(format!(
                "exercise {i} is {status:?}, expected {:?}",
                expected(i as u64)
            ));
        }
    }
    if report["done"] != done || report["total"] != exercises.len() {
        problems.push(format!(
            "done {} and total {} do not count the exercises",
            report["done"], report["total"]
        ));
    }
    if !problems.is_empty() {
        bail!("progress --json {when}: {}\n{out}", problems.join("; "));
    }
    println!("    progress {when}: {done} of {} done", exercises.len());
    Ok(())
}

/// On the stubs, every check of the kit's check.py but the exercises' tests passes (stubs build
/// without warnings, pass clippy, ruff, mypy, stubtest and rustfmt), and the exercises' tests,
/// the last check, fail, naming themselves.
fn checks_pass_but_the_exercises(project: &Project) -> Result<()> {
    let listed = project.run("pipenv", &["run", "check", "--list"])?;
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let Some((&last, others)) = names.split_last() else {
        bail!("`pipenv run check --list` lists no checks");
    };
    if last != EXERCISES_CHECK {
        bail!("the kit's last check is {last:?}, not {EXERCISES_CHECK:?}: {names:?}");
    }
    project.run("pipenv", &[&["run", "check"], others].concat())?;
    let out = project.output("pipenv", &["run", "check", EXERCISES_CHECK])?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || !said.contains(&format!("check failed: {EXERCISES_CHECK}")) {
        bail!(
            "`pipenv run check {EXERCISES_CHECK}` should fail on the stubs, naming it; it said:\n{said}"
        );
    }
    Ok(())
}

/// A compile error in an exercise: `progress --json` exits 1 and reports the build failed, with
/// cargo's message; the exercise file is restored afterwards.
fn a_build_error_is_reported(project: &Project) -> Result<()> {
    let file = project.dir.join("src/exercises/ex1_run.rs");
    let original = std::fs::read_to_string(&file)?;
    std::fs::write(
        &file,
        format!("{original}\nfn broken() -> u64 {{ \"not a number\" }}\n"),
    )?;
    let out = project.output("pipenv", &["run", "progress", "--json"]);
    std::fs::write(&file, original)?;
    let out = out?;
    let printed = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&printed)
        .with_context(|| format!("progress --json on a compile error printed {printed:?}"))?;
    let error = report["error"].as_str().unwrap_or_default();
    if out.status.code() != Some(1)
        || report["build"] != "failed"
        || !error.contains("error[E0308]")
        || !error.contains("ex1_run.rs")
    {
        bail!(
            "progress --json on a compile error ({}): {printed}",
            out.status
        );
    }
    Ok(())
}

/// The checked-in kits: the pages of every language mirror each other (the same files, the same
/// fenced code blocks), an instructor's kit has both languages and an attendee's one, and no line
/// of a solution is in an attendee kit. Returns how many kits were checked.
pub fn check_examples() -> Result<usize> {
    let mut problems = Vec::new();
    let mut solutions = Vec::new();
    let mut attendee_kits = Vec::new();
    let kits: Vec<(Kit, &str)> = BUILDS
        .iter()
        .filter(|b| b.python_version.is_none())
        .filter_map(|b| b.kit.map(|kit| (kit, b.example)))
        .collect();
    for &(kit, name) in &kits {
        let dir = example_named(name)?.dir;
        problems.extend(mirror_problems(name, &dir, kit)?);
        match kit {
            Kit::Instructor => solutions.extend(solution_lines(&dir)?),
            Kit::Attendee => attendee_kits.push((name, dir)),
        }
    }
    if solutions.is_empty() {
        problems.push("no instructor kit among the examples has solutions to look for".into());
    }
    for (name, dir) in &attendee_kits {
        for (path, bytes) in read_tree(dir)? {
            if path.starts_with("solutions") {
                problems.push(format!(
                    "examples/{name}/{}: an attendee kit with solutions",
                    path.display()
                ));
            }
            let text = String::from_utf8_lossy(&bytes);
            for (solution, line) in &solutions {
                if text.contains(line.as_str()) {
                    problems.push(format!(
                        "examples/{name}/{} holds a line of {solution}: {line}",
                        path.display()
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(kits.len())
}

/// docs/<language>/ of a kit: every language has the same pages, each with the same code blocks.
fn mirror_problems(name: &str, dir: &Path, kit: Kit) -> Result<Vec<String>> {
    let mut pages: BTreeMap<String, BTreeMap<PathBuf, Vec<String>>> = BTreeMap::new();
    for (path, bytes) in read_tree(&dir.join("docs"))? {
        let mut parts = path.components();
        let language = parts
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let page = parts.as_path().to_path_buf();
        let blocks = code_blocks(&String::from_utf8_lossy(&bytes));
        pages.entry(language).or_default().insert(page, blocks);
    }
    let languages: Vec<&String> = pages.keys().collect();
    let wanted = match kit {
        Kit::Instructor => 2,
        Kit::Attendee => 1,
    };
    let mut problems = Vec::new();
    if languages.len() != wanted {
        problems.push(format!(
            "examples/{name}/docs has pages in {languages:?}, expected {wanted} language(s)"
        ));
    }
    let Some((first, first_pages)) = pages.iter().next() else {
        return Ok(problems);
    };
    if first_pages.len() < MIN_EXERCISES {
        problems.push(format!(
            "examples/{name}/docs/{first} has {} pages, fewer than {MIN_EXERCISES}",
            first_pages.len()
        ));
    }
    for (language, other_pages) in pages.iter().skip(1) {
        let (a, b): (BTreeSet<_>, BTreeSet<_>) =
            (first_pages.keys().collect(), other_pages.keys().collect());
        for page in a.symmetric_difference(&b) {
            problems.push(format!(
                "examples/{name}/docs: {} is in only one of {first} and {language}",
                page.display()
            ));
        }
        for (page, blocks) in first_pages {
            if other_pages.get(page).is_some_and(|other| other != blocks) {
                problems.push(format!(
                    "examples/{name}/docs/{{{first},{language}}}/{}: the code blocks differ",
                    page.display()
                ));
            }
        }
    }
    Ok(problems)
}

/// Every fenced code block of a Markdown page, its opening fence (with the language) included.
fn code_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start().starts_with("```");
        match (&mut open, fence) {
            (None, true) => open = Some(format!("{}\n", line.trim())),
            (Some(block), true) => {
                blocks.push(std::mem::take(block));
                open = None;
            }
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// The solutions' own lines: each line of solutions/exN_*.rs (trimmed, long enough) that the stub
/// it replaces, src/exercises/exN_*.rs of the same kit, does not have. By solution file.
fn solution_lines(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut lines = Vec::new();
    for (path, bytes) in read_tree(&dir.join("solutions"))? {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stub_path = dir.join("src/exercises").join(&path);
        let stub = std::fs::read_to_string(&stub_path)
            .with_context(|| format!("solutions/{} replaces no stub", path.display()))?;
        let stub: BTreeSet<&str> = stub.lines().map(str::trim).collect();
        let solution = String::from_utf8_lossy(&bytes).into_owned();
        for line in solution.lines().map(str::trim) {
            if line.chars().count() >= MIN_SOLUTION_LINE && !stub.contains(line) {
                lines.push((format!("solutions/{}", path.display()), line.to_string()));
            }
        }
    }
    Ok(lines)
}
