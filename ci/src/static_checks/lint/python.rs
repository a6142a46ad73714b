//! The template's Python files, which must be Python where they sit ([`python_problems`]).

use std::path::PathBuf;

use anyhow::Result;

use crate::cmd::Cmd;
use crate::repo_root;

/// Why template Python files (path relative to template/, text) are not Python where they sit:
/// a Liquid tag (`{%`), or a syntax error once each printed value (`{{ ... }}`) is read as a name
/// (`from {{module}} import run`). A script decides at run time from the project's files (check.py:
/// a Pipfile means pipenv), so that it reads, lints and type-checks as the one file it is.
pub(super) fn python_problems(files: &[(PathBuf, String)]) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut untagged = Vec::new();
    for (path, text) in files {
        let tagged: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.contains("{%"))
            .map(|(i, _)| i + 1)
            .collect();
        for line in &tagged {
            problems.push(format!(
                "template/{}:{line}: a Liquid tag in a Python file: a script decides at run time \
                 from the project's files (as check.py does), and the template only prints values \
                 into it, so that it is Python where it sits",
                path.display()
            ));
        }
        if tagged.is_empty() {
            untagged.push(format!("template/{}", path.display()));
        }
    }
    // One Python for every file: each `{{ ... }}` becomes a name (its line breaks kept, so that
    // the line numbers hold), then the file must compile.
    let script = r#"import re, sys
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    code = re.sub(r"\{\{.*?\}\}", lambda m: "value" + "\n" * m[0].count("\n"), text, flags=re.S)
    try:
        compile(code, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        print(f"{path}:{error.lineno}: not Python where it sits ({error.msg})")
"#;
    let mut args = vec!["-c", script];
    args.extend(untagged.iter().map(String::as_str));
    let said = Cmd::new("python3", &args)
        .cwd(&repo_root())
        .shown("python3 -c <compile the template's Python files>")
        .quiet()
        .run()?;
    problems.extend(said.lines().map(String::from));
    Ok(problems)
}
