//! Running a program: the one place the harness starts a process whose success it requires.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Run `program` with `args` in `cwd`, with `env` added to this process's environment. On
/// success, print `ok <command> (<secs> s)` and return its stdout; on failure (it cannot start,
/// or exits non-zero) the error holds the command line, the directory, stdout and stderr. An
/// error from a program that cannot start has the `std::io::Error` as its source.
pub fn run(program: &str, args: &[&str], cwd: &Path, env: &[(&str, &OsStr)]) -> Result<String> {
    let started = Instant::now();
    let stdout = quiet(program, args, cwd, env)?;
    println!(
        "    ok  {}  ({:.1} s)",
        short(program, args),
        started.elapsed().as_secs_f64()
    );
    Ok(stdout)
}

/// `run`, with `shown` as the command in the `ok` line and in the error: for a command wrapped in
/// another (the sid chroot's), whose real command line is mostly set-up.
pub fn run_shown(
    shown: &str,
    program: &str,
    args: &[&str],
    cwd: &Path,
    env: &[(&str, &OsStr)],
) -> Result<String> {
    let started = Instant::now();
    let stdout = quiet_shown(shown, program, args, cwd, env)?;
    println!(
        "    ok  {shown}  ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(stdout)
}

/// `run` without the `ok` line: for a caller that prints its own report (`cargo ci pins`).
pub fn quiet(program: &str, args: &[&str], cwd: &Path, env: &[(&str, &OsStr)]) -> Result<String> {
    let command_line = format!("{program} {}", args.join(" "));
    quiet_shown(&command_line, program, args, cwd, env)
}

/// `quiet`, naming the command `shown` in its error.
fn quiet_shown(
    shown: &str,
    program: &str,
    args: &[&str],
    cwd: &Path,
    env: &[(&str, &OsStr)],
) -> Result<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .output()
        .with_context(|| format!("cannot run `{shown}` in {}", cwd.display()))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        bail!(
            "`{shown}` failed ({}) in {}:\n{stdout}\n{}",
            out.status,
            cwd.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(stdout)
}

/// Run `program` as [`run`] does, but whatever its exit status: for a failure the harness expects.
/// Only a program that cannot start is an error.
pub fn output(
    program: &str,
    args: &[&str],
    cwd: &Path,
    env: &[(&str, &OsStr)],
) -> Result<std::process::Output> {
    output_shown(&short(program, args), program, args, cwd, env)
}

/// `output`, with `shown` as the command in the log line (see [`run_shown`]).
pub fn output_shown(
    shown: &str,
    program: &str,
    args: &[&str],
    cwd: &Path,
    env: &[(&str, &OsStr)],
) -> Result<std::process::Output> {
    let started = Instant::now();
    let out = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .output()
        .with_context(|| {
            format!(
                "cannot run `{program} {}` in {}",
                args.join(" "),
                cwd.display()
            )
        })?;
    let status = match out.status.code() {
        Some(0) => "ok".to_string(),
        Some(code) => format!("exit {code}"),
        None => out.status.to_string(),
    };
    println!(
        "    {status}  {shown}  ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(out)
}

/// The command line for the log: an inline script (an argument of several lines) as `...`.
fn short(program: &str, args: &[&str]) -> String {
    let args: Vec<&str> = args
        .iter()
        .map(|a| if a.contains('\n') { "..." } else { a })
        .collect();
    format!("{program} {}", args.join(" "))
}

/// The calling user as `uid:gid` (whom the sid chroot runs its commands as).
pub fn calling_user() -> Result<String> {
    let here = std::env::current_dir()?;
    let id = |flag| -> Result<String> { Ok(quiet("id", &[flag], &here, &[])?.trim().to_string()) };
    Ok(format!("{}:{}", id("-u")?, id("-g")?))
}

/// A program run as root: itself when this is root, else through `sudo`.
pub fn as_root(program: &str, args: &[&str]) -> Result<(String, Vec<String>)> {
    let mut argv: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if calling_user()?.starts_with("0:") {
        return Ok((program.to_string(), argv));
    }
    argv.insert(0, program.to_string());
    argv.insert(0, "--preserve-env".to_string());
    Ok(("sudo".to_string(), argv))
}
