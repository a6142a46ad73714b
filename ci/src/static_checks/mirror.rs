//! One text in two languages (the `language` question): the English and the Korean of a page
//! must mirror each other: the same fenced code blocks, the same commands quoted in the prose, in
//! order, and the same outline (headings, table rows, list items). Held to it: every project's
//! README in both languages ([`check_readmes`]) and a workshop kit's pages ([`pages_problems`]).
//! And a text in Korean holds no English sentence ([`english_in`]: e2e/ladder/messages.rs asks it of a
//! Korean kit's messages).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::examples::{Kit, examples};
use crate::fs::read_tree;
use crate::render::{Render, render_to_temp};

/// Answers rendered in both languages besides the examples' own: a project with no license and
/// no GitHub workflow, in the mixed layout (the README's branches that no plain example takes).
pub const README_ANSWERS: &[&[(&str, &str)]] = &[&[
    ("license", "none"),
    ("github_ci", "false"),
    ("layout", "mixed"),
]];

/// A project's README in one language: where it came from, as the report names it.
struct Readme {
    language: String,
    dir: PathBuf,
    /// README.md, or an instructor kit's README in its other language, README.<language>.md.
    file: String,
    shown: String,
}

/// The READMEs a project has besides README.md: none, but an instructor kit (its solutions/)
/// keeps the other language's as README.<language>.md, for its bundle in that language.
fn other_readmes(dir: &Path, language: &str, languages: &[String]) -> Result<Vec<String>> {
    let instructor = dir.join("solutions").is_dir();
    let wanted: Vec<String> = languages
        .iter()
        .filter(|l| instructor && *l != language)
        .map(|l| format!("README.{l}.md"))
        .collect();
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with("README.") && name != "README.md" {
            found.push(name);
        }
    }
    found.sort();
    if found != wanted {
        bail!(
            "{}: README files {found:?} beside README.md, expected {wanted:?}",
            dir.display()
        );
    }
    Ok(wanted)
}

/// The README of every project in English and in Korean (the `language` question) mirror each
/// other as the kits' pages do ([`mirror_difference`]: the same code blocks, commands, outline),
/// and each is written in its own language, with no other README beside it but an instructor
/// kit's in its other language. Compared: each checked-in example against its own answers
/// rendered in the other language, an instructor kit's two READMEs, and [`README_ANSWERS`]
/// rendered in both. Returns how many pairs were compared.
pub fn check_readmes() -> Result<usize> {
    let questions = crate::facts::questions()?;
    let question = &questions["language"];
    let default = question["default"].as_str().context("language: default")?;
    let languages = crate::languages()?;
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
        // An instructor kit's README in the other language: the same text as the rendering's.
        for file in other_readmes(&example.dir, language, &languages)? {
            pairs.push((
                Readme {
                    language: language.to_string(),
                    dir: example.dir.clone(),
                    file: "README.md".into(),
                    shown: format!("examples/{}/README.md", example.name),
                },
                Readme {
                    language: other(language).to_string(),
                    dir: example.dir.clone(),
                    shown: format!("examples/{}/{file}", example.name),
                    file,
                },
            ));
        }
        other_readmes(&dir, other(language), &languages)?;
        let checked_in = Readme {
            language: language.to_string(),
            dir: example.dir.clone(),
            file: "README.md".into(),
            shown: format!("examples/{}/README.md", example.name),
        };
        let rendered = Readme {
            language: other(language).to_string(),
            file: "README.md".into(),
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
        for language in &languages {
            let mut render = Render::named("readme-pair").define("language", language);
            for (key, value) in answers.iter() {
                render = render.define(key, value);
            }
            let (parent, dir) = render_to_temp(&render)?;
            renders.push(parent);
            other_readmes(&dir, language, &languages)?;
            both.push(Readme {
                language: language.to_string(),
                file: "README.md".into(),
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
            let text = std::fs::read_to_string(readme.dir.join(&readme.file))
                .with_context(|| format!("{}: no {}", readme.shown, readme.file))?;
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
pub fn pages_problems(name: &str, dir: &Path, kit: Kit) -> Result<Vec<String>> {
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
    "pipenv ", "uv ", "maturin ", "cargo ", "pip ", "git ", "gh ", "rustc ", "pyenv ", "python",
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

/// A line of code without its comment's words: from `# ` or `// ` (at the line's start, after
/// its indentation, or after two spaces) to its end. The marker stays, so that a comment cannot
/// be in one language's page alone; doc comments (`///`) are code, the same in every language.
fn without_comment(line: &str) -> &str {
    let indent = line.len() - line.trim_start().len();
    for marker in ["# ", "// "] {
        if line[indent..].starts_with(marker) {
            return &line[..indent + marker.len()];
        }
        if let Some(at) = line.find(&format!("  {marker}")) {
            return &line[..at + 2 + marker.len()];
        }
    }
    line
}

/// Every fenced code block of a Markdown page, its opening fence (with the language) included,
/// each comment's words left out ([`without_comment`]): a page writes those in its language.
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
                block.push_str(without_comment(line));
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// Programs whose name starts a command line in a message (`pipenv run progress 3`, `maturin
/// develop --uv`): the lowercase words after one are its arguments, not English.
const PROGRAMS: &[&str] = &[
    "pipenv",
    "uv",
    "maturin",
    "cargo",
    "python",
    "python3",
    "py",
    "pytest",
    "ruff",
    "mypy",
    "uv",
    "rustc",
    "rustup",
    "pip",
    "pipx",
    "git",
    "sh",
    "powershell",
];

/// The first line of `text` that holds an English sentence: three or more English words in a row,
/// an English word being a token of ASCII letters only (punctuation around it aside). Identifiers
/// (`double_list`, `run(n)`, `Ctrl-C`), paths, numbers, and command lines (a program of
/// [`PROGRAMS`] and the lowercase arguments after it) break a row and are no words.
pub fn english_in(text: &str) -> Option<String> {
    for line in text.lines() {
        let mut row = 0;
        let mut in_command = false;
        for token in line.split_whitespace() {
            let word = token.trim_matches(|c: char| "()[]{}\"'`,.;:!?".contains(c));
            if PROGRAMS.contains(&word) {
                (row, in_command) = (0, true);
                continue;
            }
            let argument = !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_./=".contains(c));
            if in_command && (argument || word.is_empty()) {
                continue;
            }
            in_command = false;
            if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) {
                row += 1;
                if row >= 3 {
                    return Some(line.to_string());
                }
            } else {
                row = 0;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_comment_may_be_in_the_pages_language() {
        let en = "```python\nlen(numbers)  # 10, its length\n# a whole line\n```\n";
        let ko = "```python\nlen(numbers)  # 10: 길이\n# 한 줄 전체\n```\n";
        assert_eq!(code_blocks(en), code_blocks(ko));
        let no_comment = "```python\nlen(numbers)\n# 한 줄 전체\n```\n";
        assert_ne!(code_blocks(en), code_blocks(no_comment));
        let code = "```rust\n/// Doc.\n#[pyfunction]\nfn f() {} // note\n```\n";
        assert_eq!(
            code_blocks(code),
            ["```rust\n/// Doc.\n#[pyfunction]\nfn f() {} // note\n"]
        );
    }

    #[test]
    fn english_sentences_are_found() {
        for english in [
            "    (skipped: exercise 1: run(n), the recursive Fibonacci; see docs/en/01-run.md)",
            "every exercise is done! Every check of the kit: pipenv run check",
            "check.py: error: no check named nothing; the checks are build, ruff",
            "cannot tell which profile built the imported module",
        ] {
            assert!(english_in(english).is_some(), "{english}");
        }
    }

    #[test]
    fn korean_with_identifiers_and_commands_is_not_english() {
        for korean in [
            "빌드 중 (maturin develop --uv --profile dev)...",
            "  1  run(n): 재귀 피보나치                  todo     docs/ko/01-run.md",
            "다음: docs/ko/01-run.md (테스트 출력 전체: pipenv run progress 1)",
            "    (건너뜀: 연습 문제 6: 러스트 스레드로 나눠 세는 count_primes_parallel을 아직 구현하지 않았습니다. docs/ko/06-parallel.md를 보세요)",
            "clippy       cargo clippy --all-targets -- -D warnings",
            "stubtest     python -m mypy.stubtest kit",
            "check.py: error: 그런 이름의 검사는 없습니다: nothing (사용할 수 있는 검사: build, ruff, ruff-format, mypy, stubtest, rustfmt, clippy, exercises)",
            "빌드: ? (연습 문제 2: build_profile()을 아직 구현하지 않았습니다.)",
            "검사 실패: exercises (pytest)",
        ] {
            assert_eq!(english_in(korean), None, "{korean}");
        }
    }
}
