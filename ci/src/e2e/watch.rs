//! `progress --watch` in a pseudo-terminal, as an attendee leaves it running beside an editor:
//! a save that solves exercise 1 turns its line `done` on the next screen, a compile error shows
//! cargo's message, and Ctrl-C ends it at once with exit status 0 or 130 and no traceback.

use std::time::Instant;

use anyhow::{Context, Result, bail};
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

use crate::project::Project;

/// Exercise 1 solved, as an attendee types it: the kit's page asks for the chapter's recursion
/// in a plain Rust function (an attendee kit has no solutions/ to copy it from).
const EXERCISE_1: &str = "use pyo3::prelude::*;

#[pyfunction]
pub fn run(n: u64) -> PyResult<u64> {
    Ok(fib(n))
}

fn fib(n: u64) -> u64 {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}
";

/// The end of every screen: the line that says it waits, by the words it has in either language
/// ("(Ctrl-C stops)", "(Ctrl-C로 멈춤)"). ASCII: rexpect takes each byte the terminal sends for a
/// character, so a Korean pattern never matches the UTF-8 it reads.
const WAITING: &str = r"\(Ctrl-C";

/// The watch loop on the kit at `project`, its exercises as handed out; exercise 1's file is
/// put back as it was. Returns the seconds from the save that solved exercise 1 to the screen
/// that shows it done.
pub fn check(project: &Project) -> Result<f64> {
    let file = project.dir.join("src/exercises/ex1_run.rs");
    let stub = std::fs::read_to_string(&file)?;
    // SIGINT at its default action, as a terminal's shell starts a program (coreutils' `env
    // --default-signal`): a harness started in the background (`nohup ... &`) ignores SIGINT, its
    // children inherit that, and pipenv's Python would never see the Ctrl-C below.
    let mut watch = project.script_cmd("progress", &["--watch"])?;
    watch
        .args
        .splice(0..0, ["--default-signal=INT".to_string(), watch.program]);
    watch.program = "env".to_string();
    let mut command = watch.command();
    command.env("TERM", "xterm-256color");
    // Generous: the first screen may build the module, and a build on a busy machine is slow.
    let mut session = spawn_command(command, Some(300_000)).context("starting progress --watch")?;
    let checked = drive(&mut session, &file, &stub);
    if checked.is_err() {
        // drive() puts the stub back last when it succeeds; a second write would start a run
        // that the Ctrl-C below would then meet halfway.
        std::fs::write(&file, &stub)?;
    }
    let seconds = checked?;
    // Ctrl-C, as a terminal sends it: the whole foreground group gets SIGINT.
    session.send_control('c')?;
    let rest = session.exp_eof().context("progress --watch after Ctrl-C")?;
    let status = session.process().wait()?;
    let exited = matches!(status, WaitStatus::Exited(_, 0 | 130));
    if !exited || rest.contains("Traceback") {
        bail!("progress --watch after Ctrl-C: {status:?}, printed:\n{rest}");
    }
    println!(
        "    progress --watch: exercise 1 done {seconds:.1} s after the save, cargo's error shown, Ctrl-C: {status:?}, no traceback"
    );
    Ok(seconds)
}

/// The screens: first the ladder as handed out; a save of exercise 1's solution, then the next
/// screen has it done; a compile error, then the next shows cargo's error.
fn drive(session: &mut PtySession, file: &std::path::Path, stub: &str) -> Result<f64> {
    let first = next_screen(session).context("the first screen")?;
    if !exercise_line(&first, 1).is_some_and(|l| l.contains("todo")) {
        bail!("progress --watch, the first screen: exercise 1 is not todo:\n{first}");
    }
    let saved = Instant::now();
    std::fs::write(file, EXERCISE_1)?;
    let solved = next_screen(session).context("the screen after exercise 1's solution")?;
    let seconds = saved.elapsed().as_secs_f64();
    if !exercise_line(&solved, 1).is_some_and(|l| l.contains("done")) {
        bail!("progress --watch, the screen after exercise 1's solution was saved:\n{solved}");
    }
    std::fs::write(
        file,
        format!("{stub}\nfn broken() -> u64 {{ \"not a number\" }}\n"),
    )?;
    let broken = next_screen(session).context("the screen after a compile error")?;
    if !broken.contains("error[E0308]") || !broken.contains("ex1_run.rs") {
        bail!("progress --watch, the screen after a compile error:\n{broken}");
    }
    std::fs::write(file, stub)?;
    next_screen(session).context("the screen after the stub was put back")?;
    Ok(seconds)
}

/// What the loop shows up to its next line that says it waits.
fn next_screen(session: &mut PtySession) -> Result<String> {
    let (screen, _) = session.exp_regex(WAITING)?;
    Ok(screen.replace('\r', ""))
}

/// An exercise's line of the ladder on a screen: `  1  run(n): ...  done  docs/...`.
fn exercise_line(screen: &str, number: u64) -> Option<&str> {
    screen
        .lines()
        .rfind(|l| l.trim_start().starts_with(&format!("{number}  ")))
}
