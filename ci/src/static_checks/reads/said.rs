//! What a text says ([`Said`]), by the kind of its file: Markdown's inline code, links and shell
//! and text blocks, comments, a Pipfile's scripts, and the string literals of Python files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::Result;

use crate::cmd::Cmd;

/// One thing a text says, at a line of its file.
#[derive(Debug)]
pub(super) enum Said {
    /// Code: inline code, a shell block's line, a Pipfile script. A program's name starts a
    /// command; after a `#`, the rest of a line is prose.
    Code(String),
    /// Prose that may hold names: a message, a docstring, a comment, a text block. A program's
    /// name starts a command only before one of its commands (`pipenv run`, `uv sync`, `cargo
    /// build`, `python x.py`): "cargo says" or "uv resolves" is English.
    Prose(String),
    /// A Markdown link's target, relative to its page.
    Link(String),
}

/// What the file `relative` of a render says, by line: by its kind (see the module's comment).
/// Python files are read separately ([`read_python`]).
pub(super) fn said_in(relative: &str, text: &str) -> Vec<(usize, Said)> {
    let extension = relative
        .rsplit_once('.')
        .map(|(_, e)| e)
        .unwrap_or_default();
    let name = relative.rsplit('/').next().unwrap_or(relative);
    match extension {
        "md" => markdown(text),
        "sh" | "ps1" => shell(text),
        "rs" => text
            .lines()
            .enumerate()
            .filter_map(|(i, line)| {
                let line = line.trim_start();
                let doc = line
                    .strip_prefix("//!")
                    .or_else(|| line.strip_prefix("///"))?;
                Some((i + 1, Said::Prose(doc.to_string())))
            })
            .collect(),
        "toml" => comments(text),
        _ if name == "Pipfile" => {
            // The comments, and each script's command (`check = "python check.py"`).
            let mut said = comments(text);
            let mut in_scripts = false;
            for (i, line) in text.lines().enumerate() {
                if line.starts_with('[') {
                    in_scripts = line.trim() == "[scripts]";
                } else if in_scripts && let Some((_, command)) = line.split_once(" = ") {
                    said.push((i + 1, Said::Code(command.trim_matches('"').to_string())));
                }
            }
            said
        }
        _ => Vec::new(),
    }
}

/// The `#` comments of a TOML file.
fn comments(text: &str) -> Vec<(usize, Said)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (_, comment) = line.split_once('#')?;
            Some((i + 1, Said::Prose(comment.to_string())))
        })
        .collect()
}

/// A shell or PowerShell script's comments and double-quoted strings (what it says).
fn shell(text: &str) -> Vec<(usize, Said)> {
    let mut said = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(comment) = trimmed.strip_prefix('#') {
            said.push((i + 1, Said::Prose(comment.to_string())));
            continue;
        }
        for quoted in line.split('"').skip(1).step_by(2) {
            said.push((i + 1, Said::Prose(quoted.to_string())));
        }
    }
    said
}

/// The code blocks whose lines are commands; a `text` block (what a command prints, a tree of
/// files) is read as prose; other blocks (rust, python, toml) are code that compilers read.
const SHELL_BLOCKS: &[&str] = &["", "sh", "shell", "bash", "console", "powershell"];

/// A Markdown page's inline code (a span may run over a line break), its links, and the lines of
/// its shell and text blocks.
fn markdown(text: &str) -> Vec<(usize, Said)> {
    let mut said = Vec::new();
    // In a block: whether it is a shell block, a text block, or neither.
    let mut block: Option<Option<bool>> = None;
    let mut prose: Vec<(usize, &str)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let fence = line.trim_start().strip_prefix("```");
        match (block, fence) {
            (None, Some(language)) => {
                let language = language.trim();
                block = Some(if SHELL_BLOCKS.contains(&language) {
                    Some(true)
                } else {
                    (language == "text").then_some(false)
                });
            }
            (Some(_), Some(_)) => block = None,
            (Some(Some(true)), None) => {
                let command = line.trim_start().trim_start_matches("$ ");
                said.push((i + 1, Said::Code(command.to_string())));
            }
            (Some(Some(false)), None) => said.push((i + 1, Said::Prose(line.to_string()))),
            (Some(None), None) => {}
            (None, None) => prose.push((i + 1, line)),
        }
    }
    // Inline code, across lines: the text between a run of backticks and the next run as long.
    let mut joined = String::new();
    let mut line_of = Vec::new();
    for (number, line) in &prose {
        for _ in 0..=line.len() {
            line_of.push(*number);
        }
        joined.push_str(line);
        joined.push('\n');
    }
    let bytes = joined.as_bytes();
    let mut at = 0;
    let mut outside = String::new();
    let mut outside_lines = Vec::new();
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
            let fence = "`".repeat(run);
            let start = at + run;
            if let Some(length) = joined[start..].find(&fence) {
                let span = joined[start..start + length].replace('\n', " ");
                said.push((line_of[at], Said::Code(span.trim().to_string())));
                at = start + length + run;
                continue;
            }
        }
        let c = joined[at..].chars().next().unwrap();
        outside.push(c);
        for _ in 0..c.len_utf8() {
            outside_lines.push(line_of[at]);
        }
        at += c.len_utf8();
    }
    // Links, outside inline code: `[text](target)`.
    let mut rest = 0;
    while let Some(found) = outside[rest..].find("](") {
        let start = rest + found + 2;
        let Some(end) = outside[start..].find(')') else {
            break;
        };
        let target = &outside[start..start + end];
        said.push((outside_lines[start], Said::Link(target.to_string())));
        rest = start + end;
    }
    said
}

/// What the Python files of some renders say, and each render's checks.
pub(super) struct Python {
    /// By file and line: the module's docstring (its usage), and every other string literal with
    /// a space in it (a message, a command line it prints), whole (an f-string with `{}` for each
    /// field). Left out: a function's docstring, which is for whoever changes the script, and a
    /// one-word literal, a value the code uses (a file it opens, which the code itself checks
    /// for: `stubtest-allowlist.txt` "where there is one").
    pub(super) strings: Vec<(PathBuf, usize, String)>,
    /// What `check.py --list` lists, by render.
    pub(super) checks: BTreeMap<PathBuf, BTreeSet<String>>,
}

/// [`Python`] of these files and these renders' check.py: one `python3` for them all.
pub(super) fn read_python(files: &[PathBuf], renders: &[PathBuf]) -> Result<Python> {
    const READ: &str = r#"
import ast, contextlib, io, json, os, runpy, sys
files, renders = json.loads(sys.argv[1])
found = []
for path in files:
    with open(path, encoding="utf-8") as file:
        tree = ast.parse(file.read())
    parts = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            text = node.value
        else:
            continue
        module_docstring = ast.get_docstring(tree, clean=False) == text and node.lineno <= 2
        if id(node) in docstrings or not (module_docstring or len(text.split()) > 1):
            continue
        found.append([path, node.lineno, text])
checks = {}
for render in renders:
    script = os.path.join(render, "check.py")
    if not os.path.exists(script):
        continue
    # `check.py --list`, in this process: each render's own kit_language, if it has one.
    sys.path.insert(0, render)
    sys.modules.pop("kit_language", None)
    sys.argv = [script, "--list"]
    listed = io.StringIO()
    with contextlib.redirect_stdout(listed):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit:
            pass
    sys.path.remove(render)
    checks[render] = [line.split()[0] for line in listed.getvalue().splitlines() if line.strip()]
print(json.dumps([found, checks]))
"#;
    let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let renders: Vec<String> = renders.iter().map(|r| r.display().to_string()).collect();
    let argument = serde_json::to_string(&(files, renders))?;
    let printed = Cmd::new("python3", &["-c", READ, &argument])
        .quiet()
        .run()?;
    type Found = Vec<(String, usize, String)>;
    let (found, checks): (Found, BTreeMap<String, Vec<String>>) = serde_json::from_str(&printed)?;
    Ok(Python {
        strings: found
            .into_iter()
            .map(|(path, line, text)| (PathBuf::from(path), line, text))
            .collect(),
        checks: checks
            .into_iter()
            .map(|(render, checks)| (PathBuf::from(render), checks.into_iter().collect()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_gives_inline_code_across_lines_links_and_shell_lines() {
        let said = markdown(
            "See `pipenv run\nprogress` and [the page](docs/en/01-run.md).\n\n```sh\n$ uv sync\n```\n\n```rust\nlet a = \"x.py\";\n```\n",
        );
        let shown: Vec<String> = said.iter().map(|(l, s)| format!("{l} {s:?}")).collect();
        assert_eq!(
            shown,
            [
                "5 Code(\"uv sync\")",
                "1 Code(\"pipenv run progress\")",
                "2 Link(\"docs/en/01-run.md\")"
            ]
        );
    }
}
