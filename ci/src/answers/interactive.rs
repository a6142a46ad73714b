//! An interactive run of the cargo-generate CLI in a pseudo-terminal, answered as a user types:
//! a refused answer is explained and asked again, nothing is on disk until every answer is
//! valid, and the run ends with the project the answers describe (`cargo ci interactive`).

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use rexpect::reader::{ReadUntil, Regex};
use rexpect::session::{PtySession, spawn_command};

use crate::render::{empty_app_config, template_source};

/// Answer the questions with one refused project name and one refused module name; returns the
/// number of questions answered.
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

    answer(&mut session, "Project name", "2 Fast")?;
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
    // Every other question takes its default: Enter on a text prompt ("[default]: ") or on a
    // list (its yellow "?"), until cargo-generate says it is done.
    let prompt = Regex::new(r"\]: |\x1b\[33m\?").unwrap();
    loop {
        let (_, seen) = session
            .exp_any(vec![
                ReadUntil::String("New project created".into()),
                ReadUntil::Regex(prompt.clone()),
            ])
            .context("waiting for the next question")?;
        if seen == "New project created" {
            break;
        }
        session.send("\r")?;
        session.flush()?;
        asked += 1;
    }
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
