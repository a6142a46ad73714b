//! Workshop kits (the `workshop` question; examples.rs's [`Kit`] marks their rows): each built
//! as its README says, proving what the kit promises; and, from the checked-in examples alone,
//! that the pages of the two languages mirror each other and that no solution's text is in an
//! attendee kit. The same mirror check holds the two languages' READMEs (the `language` question,
//! for every project, kit or not) to each other: [`check_readmes`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd;
use crate::examples::{BUILDS, Kit, example_named, examples};
use crate::fs::read_tree;
use crate::project::Project;
use crate::pythons::real_path;
use crate::render::{Render, render_to_temp};
use crate::{ladder, offline};

/// Exercise 0, the chapter's exercises (1 to 6), a class and errors (7 and 8, #21): a kit has these.
const MIN_EXERCISES: usize = 9;

/// A line of a solution at least this long (trimmed) is the solution's own text; shorter lines
/// (`}`, `Ok(())`, `count += 1;`) are too common to tell anything.
const MIN_SOLUTION_LINE: usize = 12;

/// The last of the kit's checks (its check.py): the exercises' tests, which fail until every
/// exercise is done.
const EXERCISES_CHECK: &str = "exercises";

/// Build a kit as its README says and prove what it promises: the ladder as handed out (exercise
/// 0 done, every other todo), every check but the exercises' tests passing on the stubs, a
/// compile error reported as one; for the instructor's kit, its offline bundle installed and used
/// with no network (offline.rs), then `solve N` and `solve` making exercises done, then every
/// check passing. `render` renders the kit: the bundle's attendee kit must be its attendee twin.
pub fn build_and_check(project: &Project, kit: Kit, render: &Render) -> Result<()> {
    preflight(project)?;
    project.run("pipenv", &["install", "--dev"])?;
    expect_ladder(project, "as handed out", |n| {
        if n == 0 { "done" } else { "todo" }
    })?;
    checks_pass_but_the_exercises(project)?;
    a_build_error_is_reported(project)?;
    ladder::on_the_stubs(project, render)?;
    if kit == Kit::Instructor {
        // Before any `solve`: the bundle refuses to hand out a solution.
        offline::check_bundle(project, render)?;
        project.run("pipenv", &["run", "solve", "1"])?;
        expect_ladder(project, "after `solve 1`", |n| {
            if n <= 1 { "done" } else { "todo" }
        })?;
        project.run("pipenv", &["run", "solve"])?;
        expect_ladder(project, "after `solve`", |_| "done")?;
        ladder::after_solve(project)?;
        offline::refuses_to_bundle_solutions(project)?;
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

/// The kit's preflight.py, as an attendee runs it a week before, with the machine's python3: on
/// this machine every check is ok; with a PATH that has nothing but python3, `cargo` is missing,
/// the fix named, and the exit status 1.
fn preflight(project: &Project) -> Result<()> {
    let checks = |out: &[u8]| -> Result<Vec<serde_json::Value>> {
        let report: serde_json::Value = serde_json::from_slice(out).with_context(|| {
            format!(
                "preflight.py --json printed {:?}",
                String::from_utf8_lossy(out)
            )
        })?;
        Ok(report["checks"].as_array().cloned().unwrap_or_default())
    };
    let here = project.run("python3", &["preflight.py", "--json"])?;
    let not_ok: Vec<_> = checks(here.as_bytes())?
        .into_iter()
        .filter(|c| c["status"] != "ok")
        .collect();
    if not_ok.is_empty() {
        println!("    preflight: every check ok");
    } else {
        bail!("preflight.py on this machine: {not_ok:?}");
    }
    let only_python = project.scratch()?;
    let python = real_path("python3", &project.dir)?;
    std::os::unix::fs::symlink(python, only_python.path().join("python3"))?;
    let out = cmd::output(
        "python3",
        &["preflight.py", "--json"],
        &project.dir,
        &[("PATH", only_python.path().as_os_str())],
    )?;
    let cargo = checks(&out.stdout)?
        .into_iter()
        .find(|c| c["name"] == "cargo")
        .context("preflight.py has no cargo check")?;
    if out.status.code() != Some(1)
        || cargo["status"] != "missing"
        || !cargo["fix"]
            .as_str()
            .is_some_and(|f| f.contains("https://rustup.rs"))
    {
        bail!(
            "preflight.py with no cargo on PATH ({}): {cargo}",
            out.status
        );
    }
    println!(
        "    preflight with only python3 on PATH: cargo missing, fix {}",
        cargo["fix"]
    );
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
    if out.status.success() || !ladder::names_the_failed_check(&said, EXERCISES_CHECK) {
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

/// Answers rendered in both languages besides the examples' own: a project with no license and
/// no GitHub workflow, in the mixed layout (the README's branches that no plain example takes).
const README_ANSWERS: &[&[(&str, &str)]] = &[&[
    ("license", "none"),
    ("github_ci", "false"),
    ("layout", "mixed"),
]];

/// A project's README in one language: where it came from, as the report names it.
struct Readme {
    language: String,
    dir: PathBuf,
    shown: String,
}

/// The README of every project in English and in Korean (the `language` question) mirror each
/// other as the kits' pages do ([`mirror_difference`]: the same code blocks, commands, outline),
/// and each is written in its own language, with no README.ko.md left beside it. Compared: each
/// checked-in example against its own answers rendered in the other language, and
/// [`README_ANSWERS`] rendered in both. Returns how many pairs were compared.
pub fn check_readmes() -> Result<usize> {
    let config = crate::template_config()?;
    let question = &config["placeholders"]["language"];
    let default = question["default"].as_str().context("language: default")?;
    let languages: Vec<&str> = question["choices"]
        .as_array()
        .context("language: choices")?
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    if languages != ["en", "ko"] {
        bail!("the language question offers {languages:?}; check_readmes compares en and ko");
    }
    let other = |language: &str| if language == "ko" { "en" } else { "ko" };
    let mut problems = Vec::new();
    // The renders' temporary directories, kept until the READMEs in them are read.
    let mut renders = Vec::new();
    let mut pairs = Vec::new();
    for example in examples()? {
        let values: toml::Table = std::fs::read_to_string(&example.values_file)?.parse()?;
        let language = values
            .get("values")
            .and_then(|v| v.get("language"))
            .and_then(|l| l.as_str())
            .unwrap_or(default);
        let (parent, dir) = render_to_temp(&example.render().define("language", other(language)))?;
        let checked_in = Readme {
            language: language.to_string(),
            dir: example.dir.clone(),
            shown: format!("examples/{}/README.md", example.name),
        };
        let rendered = Readme {
            language: other(language).to_string(),
            shown: format!(
                "the README of examples/{}.toml rendered with language = {:?}",
                example.name,
                other(language)
            ),
            dir,
        };
        renders.push(parent);
        pairs.push((checked_in, rendered));
    }
    for answers in README_ANSWERS {
        let mut both = Vec::new();
        for language in languages.iter().copied() {
            let mut render = Render::named("readme-pair").define("language", language);
            for (key, value) in answers.iter() {
                render = render.define(key, value);
            }
            let (parent, dir) = render_to_temp(&render)?;
            renders.push(parent);
            both.push(Readme {
                language: language.to_string(),
                shown: format!(
                    "the README rendered with -d {}",
                    render.defines.join(" -d ")
                ),
                dir,
            });
        }
        pairs.push((both.remove(0), both.remove(0)));
    }
    for (a, b) in &pairs {
        let mut texts = Vec::new();
        for readme in [a, b] {
            if readme.dir.join("README.ko.md").exists() {
                problems.push(format!(
                    "{}: README.ko.md is left beside it in the project",
                    readme.shown
                ));
            }
            let text = std::fs::read_to_string(readme.dir.join("README.md"))
                .with_context(|| format!("{}: no README.md", readme.shown))?;
            // Past the title and the description (a Korean project's default one is Korean).
            let body = text.lines().skip(3).collect::<Vec<_>>().join("\n");
            let hangul = body.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
            if hangul != (readme.language == "ko") {
                problems.push(format!(
                    "{} is not in the project's language, {:?}",
                    readme.shown, readme.language
                ));
            }
            texts.push(text);
        }
        if let Some(difference) =
            mirror_difference((&a.language, &texts[0]), (&b.language, &texts[1]))
        {
            problems.push(format!("{} and {}: {difference}", a.shown, b.shown));
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(pairs.len())
}

/// docs/<language>/ of a kit: every language has the same pages, each mirroring the others
/// ([`mirror_difference`]: the same code blocks, the same commands, the same outline).
fn mirror_problems(name: &str, dir: &Path, kit: Kit) -> Result<Vec<String>> {
    let mut pages: BTreeMap<String, BTreeMap<PathBuf, String>> = BTreeMap::new();
    for (path, bytes) in read_tree(&dir.join("docs"))? {
        let mut parts = path.components();
        let language = parts
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let page = parts.as_path().to_path_buf();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        pages.entry(language).or_default().insert(page, text);
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
        for (page, text) in first_pages {
            let Some(other) = other_pages.get(page) else {
                continue;
            };
            if let Some(difference) = mirror_difference((first, text), (language, other)) {
                problems.push(format!(
                    "examples/{name}/docs/{{{first},{language}}}/{}: {difference}",
                    page.display()
                ));
            }
        }
    }
    Ok(problems)
}

/// How two Markdown texts, the same one in two languages, fail to mirror each other: their fenced
/// code blocks differ, or the commands in their prose (inline code starting with one of
/// [`COMMANDS`], in order), or their outlines (the kinds of their headings, table rows, list items
/// and code blocks, in order). `None` when they mirror. Each side is (its language, its text).
fn mirror_difference(a: (&str, &str), b: (&str, &str)) -> Option<String> {
    // Items are (what must be the same, what to show).
    let first_difference = |what: &str, xs: Vec<(String, String)>, ys: Vec<(String, String)>| {
        let count = xs.len().max(ys.len());
        let at = (0..count).find(|&i| xs.get(i).map(|x| &x.0) != ys.get(i).map(|y| &y.0))?;
        let show = |language: &str, item: Option<&(String, String)>| match item {
            Some((_, shown)) => format!("{language} has {:?}", shown.trim_end()),
            None => format!("{language} has none"),
        };
        Some(format!(
            "the {what} differ at number {} of {count}: {}; {}",
            at + 1,
            show(a.0, xs.get(at)),
            show(b.0, ys.get(at))
        ))
    };
    let itself = |items: Vec<String>| items.into_iter().map(|i| (i.clone(), i)).collect();
    first_difference(
        "code blocks",
        itself(code_blocks(a.1)),
        itself(code_blocks(b.1)),
    )
    .or_else(|| first_difference("commands", itself(commands(a.1)), itself(commands(b.1))))
    .or_else(|| first_difference("outlines", outline(a.1), outline(b.1)))
}

/// A page's outline: each heading (by its level), table row, list item and code block, in order,
/// with the line that makes it.
fn outline(markdown: &str) -> Vec<(String, String)> {
    let mut in_block = false;
    let mut items = Vec::new();
    for line in markdown.lines() {
        let kind = if line.trim_start().starts_with("```") {
            in_block = !in_block;
            if !in_block {
                continue;
            }
            "code block".to_string()
        } else if in_block {
            continue;
        } else if let Some(level) = line.split_once(' ').map(|(hashes, _)| hashes)
            && !level.is_empty()
            && level.chars().all(|c| c == '#')
        {
            format!("heading {level}")
        } else if line.starts_with('|') {
            "table row".to_string()
        } else if line.starts_with("- ")
            || line.starts_with("* ")
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        {
            "list item".to_string()
        } else {
            continue;
        };
        items.push((kind, line.to_string()));
    }
    items
}

/// The programs whose command lines, quoted as inline code in a page's prose, must be the same in
/// every language. Only a span with an argument counts: `pipenv run check --list` and
/// `python3.11 --version` do; `python` alone, a word in a sentence, does not.
const COMMANDS: &[&str] = &[
    "pipenv ", "maturin ", "cargo ", "pip ", "git ", "gh ", "rustc ", "pyenv ", "python",
];

/// The command lines quoted as inline code outside the fenced code blocks, in order: every
/// `` `...` `` span that starts with one of [`COMMANDS`] and has an argument. A span may run over
/// a line break; its white space counts as one space.
fn commands(markdown: &str) -> Vec<String> {
    let mut in_block = false;
    let mut prose = String::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
        } else if !in_block {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    prose
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|span| span.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|span| COMMANDS.iter().any(|c| span.starts_with(c)) && span.contains(' '))
        .collect()
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
