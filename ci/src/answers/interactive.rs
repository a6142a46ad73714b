//! An interactive run of the cargo-generate CLI in a pseudo-terminal, answered as a user types:
//! a refused answer is explained and asked again, nothing is on disk until every question is
//! answered (hooks/init.rhai asks them all), and the run ends with the project the answers
//! describe (`cargo ci interactive`).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use rexpect::session::{PtySession, spawn_command};
use unicode_width::UnicodeWidthStr;

use crate::render::{empty_app_config, template_source};
use crate::static_checks::lint::{Hooks, PROMPT_COLUMNS, hook_questions_answered};
use crate::template_config;

/// Answer the questions with a refused project name, module name and author; returns the number
/// of questions answered.
pub fn check() -> Result<usize> {
    let parent = tempfile::tempdir()?;
    let mut command = Command::new("cargo");
    command
        .args(["generate", "--path"])
        .arg(template_source())
        .args(["--vcs", "none", "--config"])
        .arg(empty_app_config()?)
        // The lists' prompts are found by their colour, which needs a terminal type.
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .current_dir(parent.path());
    let mut session = spawn_command(command, Some(120_000)).context("starting cargo generate")?;
    // Everything the terminal showed, to measure its lines at the end.
    let mut transcript = String::new();
    let mut asked = 0;
    // Wait for `question`, answer it with `typed` (a terminal's Enter key sends a carriage return).
    let mut answer = |session: &mut PtySession,
                      transcript: &mut String,
                      question: &str,
                      typed: &str|
     -> Result<()> {
        let before = session
            .exp_string(question)
            .with_context(|| format!("waiting for the question {question:?}"))?;
        transcript.push_str(&before);
        transcript.push_str(question);
        session.send(&format!("{typed}\r"))?;
        session.flush()?;
        asked += 1;
        Ok(())
    };
    // The answer just typed to `answered` is shown again beside it, then refused with `reason`
    // (its words, however the warning breaks its lines) before `question` is asked; nothing is on
    // disk.
    let refused = |session: &mut PtySession,
                   transcript: &mut String,
                   answered: &str,
                   reason: &str,
                   question: &str|
     -> Result<()> {
        transcript.push_str(&session.exp_string(answered)?);
        transcript.push_str(answered);
        let said = session
            .exp_string(question)
            .with_context(|| format!("waiting for the refusal {reason:?}"))?;
        transcript.push_str(&said);
        transcript.push_str(question);
        let words = said.split_whitespace().collect::<Vec<_>>().join(" ");
        if !words.contains(reason) {
            bail!("the refusal before {question:?} lacks {reason:?}:\n{said}");
        }
        nothing_on_disk(parent.path())
    };

    let name = "Project name (the PyPI and Cargo package)";
    answer(&mut session, &mut transcript, name, "2 Fast")?;
    refused(
        &mut session,
        &mut transcript,
        name,
        r#"project name "2 Fast" (cargo-generate makes it "2-fast") starts with a digit"#,
        name,
    )?;
    // A name cargo-generate would rename is renamed here, as `--name` would be.
    session.send("Pty Demo\r")?;
    session.flush()?;
    let module = "Python module (import) name";
    refused(
        &mut session,
        &mut transcript,
        name,
        "Renaming project called Pty Demo to pty-demo",
        module,
    )?;
    session.send("class\r")?;
    session.flush()?;
    refused(
        &mut session,
        &mut transcript,
        module,
        r#"module name "class" is a Python keyword, so "import class" is a syntax error; try "my_class""#,
        module,
    )?;
    session.send("klass\r")?;
    session.flush()?;
    asked += 2;
    // Every other question (as hooks/init.rhai asks them: the lint runs it with the defaults)
    // takes its default: Enter on a text prompt or a list. The author is first typed with a
    // control character (Ctrl-G), which the README's one line cannot hold. hooks/init.rhai asks
    // every question before cargo-generate creates the project's directory.
    let hooks = Hooks::from_config(&template_config()?)?;
    let mut author_refused = false;
    for question in hook_questions_answered(&hooks, false)?.iter().skip(2) {
        let before = session
            .exp_string(&question.prompt)
            .with_context(|| format!("waiting for the question {:?}", question.prompt))?;
        transcript.push_str(&before);
        transcript.push_str(&question.prompt);
        nothing_on_disk(parent.path())?;
        if question.prompt == "Author" {
            session.send("bell\x07\r")?;
            session.flush()?;
            refused(
                &mut session,
                &mut transcript,
                &question.prompt,
                "author contains the control character U+0007: it is one line in Cargo.toml and pyproject.toml",
                &question.prompt,
            )?;
            author_refused = true;
        }
        session.send("\r")?;
        session.flush()?;
        asked += 1;
    }
    if !author_refused {
        bail!("no question asked for the author");
    }
    // What the questions and the refusals printed (cargo-generate's own progress lines, which
    // follow, fill the terminal's width by design).
    too_wide(&transcript)?;
    session
        .exp_string("New project created")
        .context("waiting for the project")?;
    session.exp_eof()?;

    let pyproject = std::fs::read_to_string(parent.path().join("pty-demo/pyproject.toml"))
        .context("the project pty-demo")?;
    if !pyproject.contains(r#"module-name = "klass""#) {
        bail!("pty-demo/pyproject.toml does not name the module klass:\n{pyproject}");
    }
    Ok(asked)
}

/// Every line the terminal showed fits [`PROMPT_COLUMNS`] (colours and cursor movements taken
/// out): a wider one would wrap in an 80-column terminal, cut mid-word.
fn too_wide(transcript: &str) -> Result<()> {
    // rexpect hands over the terminal's bytes one char each: decode them as the terminal does.
    let bytes: Vec<u8> = transcript.chars().map(|c| c as u32 as u8).collect();
    let wide: Vec<String> = without_escapes(&String::from_utf8_lossy(&bytes))
        .split(['\n', '\r'])
        .filter(|line| line.width() > PROMPT_COLUMNS)
        .map(|line| format!("{} columns: {line:?}", line.width()))
        .collect();
    if !wide.is_empty() {
        bail!(
            "the interactive run printed lines wider than {PROMPT_COLUMNS} columns:\n{}",
            wide.join("\n")
        );
    }
    Ok(())
}

/// `text` without terminal escape sequences (ESC, then `[` and parameters up to a letter, or one
/// more character).
fn without_escapes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next_if_eq(&'[').is_some() {
            for p in chars.by_ref() {
                if p.is_ascii_alphabetic() || p == '~' {
                    break;
                }
            }
        } else {
            chars.next();
        }
    }
    out
}

fn nothing_on_disk(parent: &Path) -> Result<()> {
    if let Some(entry) = std::fs::read_dir(parent)?.next() {
        bail!(
            "{} exists before every answer is valid",
            entry?.path().display()
        );
    }
    Ok(())
}
