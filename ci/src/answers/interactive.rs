//! An interactive run of the cargo-generate CLI in a pseudo-terminal, answered as a user types:
//! a refused answer is explained and asked again, nothing is on disk until every question is
//! answered (hooks/init.rhai asks them all), and the run ends with the project the answers
//! describe (`cargo ci interactive`).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use rexpect::session::{PtySession, spawn_command};

use crate::render::{empty_app_config, template_source};
use crate::static_checks::lint::{Hooks, hook_questions_answered};
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
    let mut asked = 0;
    let mut answer = |session: &mut PtySession, question: &str, typed: &str| -> Result<()> {
        session
            .exp_string(question)
            .with_context(|| format!("waiting for the question {question:?}"))?;
        // A terminal's Enter key sends a carriage return.
        session.send(&format!("{typed}\r"))?;
        session.flush()?;
        asked += 1;
        Ok(())
    };
    let refused = |session: &mut PtySession, reason: &str| -> Result<()> {
        session
            .exp_string(reason)
            .with_context(|| format!("waiting for the refusal {reason:?}"))?;
        nothing_on_disk(parent.path())
    };

    answer(
        &mut session,
        "Project name (the PyPI and Cargo package)",
        "2 Fast",
    )?;
    refused(
        &mut session,
        r#"project name "2 Fast" (cargo-generate makes it "2-fast") starts with a digit"#,
    )?;
    // A name cargo-generate would rename is renamed here, as `--name` would be.
    answer(&mut session, "Project name", "Pty Demo")?;
    session
        .exp_string("Renaming project called Pty Demo to pty-demo")
        .context("waiting for the rename")?;
    answer(&mut session, "Python module (import) name", "class")?;
    refused(
        &mut session,
        r#"module name "class" is a Python keyword, so "import class" is a syntax error; try "my_class""#,
    )?;
    answer(&mut session, "Python module (import) name", "klass")?;
    // Every other question (as hooks/init.rhai asks them: the lint runs it with the defaults)
    // takes its default: Enter on a text prompt or a list. The author is first typed with a
    // control character (Ctrl-G), which the README's one line cannot hold. hooks/init.rhai asks
    // every question before cargo-generate creates the project's directory.
    let hooks = Hooks::from_config(&template_config()?)?;
    let mut author_refused = false;
    for question in hook_questions_answered(&hooks, false)?.iter().skip(2) {
        session
            .exp_string(&question.prompt)
            .with_context(|| format!("waiting for the question {:?}", question.prompt))?;
        nothing_on_disk(parent.path())?;
        if question.prompt == "Author" {
            session.send("bell\x07\r")?;
            session.flush()?;
            refused(
                &mut session,
                "author contains the control character U+0007: it is one line in Cargo.toml and pyproject.toml",
            )?;
            author_refused = true;
            session.exp_string(&question.prompt)?;
        }
        session.send("\r")?;
        session.flush()?;
        asked += 1;
    }
    if !author_refused {
        bail!("no question asked for the author");
    }
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

fn nothing_on_disk(parent: &Path) -> Result<()> {
    if let Some(entry) = std::fs::read_dir(parent)?.next() {
        bail!(
            "{} exists before every answer is valid",
            entry?.path().display()
        );
    }
    Ok(())
}
