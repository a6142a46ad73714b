//! The names in a line of text ([`Name`]): the commands it runs and the words that are paths.

use super::commands::{CARGO_COMMANDS, PIPENV_COMMANDS, PROGRAMS, UV_COMMANDS};
use super::tree::Tree;

/// The files an extension marks as a path (`bench.py`, `docs/en/01-run.md`); [`NAMED_FILES`]
/// have none.
const EXTENSIONS: &str = "md py pyi rs toml txt sh ps1 bat cmd yml yaml lock html json rhai whl \
    typed cfg";

/// Files without an extension whose name alone is a path.
const NAMED_FILES: &str = "Pipfile .python-version .gitignore LICENSE-MIT LICENSE-APACHE";

/// A name a text says.
#[derive(Debug, PartialEq)]
pub(super) enum Name {
    Path(String),
    /// A command line's words, up to where the command ends.
    Command(Vec<String>),
}

/// Whether `word` starts a command: one of [`PROGRAMS`](super::commands::PROGRAMS), or a Python (`python`, `python3.12`,
/// `py`, `pypy3`, `/tmp/x/bin/python`).
fn is_program(word: &str) -> bool {
    PROGRAMS.contains(&word) || python_like(word)
}

/// Whether a program's name in prose is followed by one of its commands (see [`Said::Prose`](super::said::Said::Prose)).
fn starts_a_command(words: &[String]) -> bool {
    let next = words[1].as_str();
    match words[0].as_str() {
        "pipenv" => listed(PIPENV_COMMANDS, next) || next.starts_with("--"),
        "uv" => listed(UV_COMMANDS, next) || next.starts_with("--"),
        "cargo" => listed(CARGO_COMMANDS, next) || next == "generate" || next == "ci",
        "sh" | "bash" => next.ends_with(".sh"),
        "powershell" | "pwsh" => next.starts_with('-'),
        _ => next.starts_with('-') || next.ends_with(".py"),
    }
}

fn python_like(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    name == "py"
        || ["python", "pypy"].iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
}

/// The names in a line of text: its commands, and the other words that are paths. `code`: the
/// line is code (see [`Said`](super::said::Said)) up to a `#` that starts a word.
pub(super) fn names_in(line: &str, tree: &Tree, code: bool) -> Vec<Name> {
    let mut names = Vec::new();
    let mut code = code;
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        let skipped = rest.len() - rest.trim_start().len();
        at += skipped;
        if at >= line.len() {
            break;
        }
        let word_end = line[at..]
            .find(char::is_whitespace)
            .map_or(line.len(), |e| at + e);
        let word = &line[at..word_end];
        if word.starts_with('#') {
            code = false;
        }
        let bare = word.trim_start_matches(['(', '`', '"', '\'']);
        if is_program(bare) && word_end < line.len() {
            let start = at + (word.len() - bare.len());
            let (words, used) = command_words(&line[start..]);
            if words.len() > 1 && (code || starts_a_command(&words)) {
                names.push(Name::Command(words));
                at = start + used.max(1);
                continue;
            }
        }
        let cleaned = clean(word);
        if path_like(&cleaned, tree) {
            names.push(Name::Path(cleaned));
        }
        at = word_end;
    }
    names
}

/// A word without what surrounds it in a sentence: brackets, quotes, backticks, emphasis, the
/// punctuation after it, and a Korean particle (`docs/ko/01-run.md를`).
pub(super) fn clean(word: &str) -> String {
    let word = word.trim_start_matches(['(', '`', '"', '\'', '[']);
    let ascii_end = word
        .char_indices()
        .find(|(_, c)| !c.is_ascii())
        .map_or(word.len(), |(i, _)| i);
    let punctuation = [')', '`', '"', '\'', ',', ';', ':', '!', '?', ']'];
    let word = word[..ascii_end].trim_end_matches(punctuation);
    if word.ends_with("...") {
        return word.to_string(); // a placeholder: `/tmp/...`
    }
    let word = word.trim_end_matches('.');
    word.trim_end_matches(punctuation).to_string()
}

/// A command line's words as a shell splits them (quotes removed), up to where the command ends:
/// `&&`, `;`, `|`, a `#` comment, a backtick, an unmatched `)`, or text that is not ASCII. Returns
/// the words and how many bytes of `line` they took.
fn command_words(line: &str) -> (Vec<String>, usize) {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0;
    let mut end = line.len();
    for (i, c) in line.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                word.push(c);
            }
            continue;
        }
        let stop = match c {
            '&' | ';' | '|' | '`' => true,
            '#' => word.is_empty(),
            ')' => depth == 0,
            _ => !c.is_ascii(),
        };
        if stop {
            end = i;
            break;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            '(' => {
                depth += 1;
                word.push(c);
            }
            ')' => {
                depth -= 1;
                word.push(c);
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    // Punctuation that ends a sentence is not the last argument's.
    if let Some(last) = words.last_mut() {
        let trimmed = last.trim_end_matches([',', ':', '.', '!', '?']);
        if !trimmed.is_empty() {
            *last = trimmed.to_string();
        }
    }
    (words, end)
}

/// A placeholder, not a name: `<module>`, `{page}`, `{{module}}`, `$kit`, `%VAR%`, `NN-....md`,
/// `X.Y.Z`, an optional argument (`[--list]`).
pub(super) fn is_placeholder(word: &str) -> bool {
    ["<", ">", "{", "}", "$", "%", "...", "…", "NN", "X.Y", "["]
        .iter()
        .any(|p| word.contains(p))
}

/// Whether a word (cleaned) names a path: see the module's comment.
pub(super) fn path_like(word: &str, tree: &Tree) -> bool {
    if word.is_empty()
        || word.chars().all(|c| c == '/' || c == '.')
        || word.contains("://")
        || word.starts_with(['-', '@', '#', '~'])
        // Relative to a folder the text does not name (`directory = "../vendor"`); a Markdown
        // link is relative to its page, and read as a link.
        || word.starts_with("../")
        || word.contains(['\\', '(', ')', '[', ']', '^', '|', '=', '?', ';', ',', '"', '\''])
        || is_placeholder(word)
    {
        return false;
    }
    if listed(NAMED_FILES, word) {
        return true;
    }
    if let Some((stem, extension)) = word.rsplit_once('.')
        && listed(EXTENSIONS, extension)
        && !stem.is_empty()
        && !stem.ends_with('/')
    {
        return true;
    }
    if word.starts_with('/') {
        return word.starts_with("/tmp/") || tree.run_time;
    }
    word.contains('/')
        && (word.ends_with('/') || word.starts_with("./") || tree.starts_with_an_entry(word))
}

/// Whether `word` is one of the words of `list`.
pub(super) fn listed(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn tree() -> Tree {
        Tree {
            roots: vec![],
            paths: ["src/exercises/ex1_run.rs".to_string()].into(),
            names: ["ex1_run.rs".to_string()].into(),
            scripts: None,
            uv: false,
            programs: BTreeSet::new(),
            checks: BTreeSet::new(),
            exercises: 9,
            bundle: false,
            project: "kit".into(),
            run_time: false,
            repository: None,
        }
    }

    #[test]
    fn commands_end_where_a_sentence_goes_on() {
        let t = tree();
        let said = names_in(
            "다음: docs/ko/01-run.md (테스트 출력 전체: pipenv run progress 1)",
            &t,
            false,
        );
        assert_eq!(
            said,
            [
                Name::Path("docs/ko/01-run.md".into()),
                Name::Command(vec![
                    "pipenv".into(),
                    "run".into(),
                    "progress".into(),
                    "1".into()
                ])
            ]
        );
        let said = names_in("cd fibonacci && uv sync && uv run check.py.", &t, true);
        assert_eq!(
            said,
            [
                Name::Command(vec!["uv".into(), "sync".into()]),
                Name::Command(vec!["uv".into(), "run".into(), "check.py".into()])
            ]
        );
        let said = names_in(
            r#"pipenv run python -c "import kit; print(kit.run(3))""#,
            &t,
            true,
        );
        assert_eq!(said.len(), 1);
    }

    #[test]
    fn placeholders_and_words_with_a_slash_are_no_paths() {
        let t = tree();
        for word in [
            "<owner>/<repository>",
            "docs/<language>/",
            "NN-....md",
            "pass/fail",
            "actions/checkout",
            "$kit/pyproject.toml",
            "~/.profile",
            ".ps1",
            "/usr/bin/python",
            "/tmp/...",
        ] {
            assert!(!path_like(&clean(word), &t), "{word}");
        }
        for word in [
            "docs/en/02-profiles.md",
            "main.py",
            "target/",
            "/tmp/try/bin/pip",
        ] {
            assert!(path_like(&clean(word), &t), "{word}");
        }
    }
}
