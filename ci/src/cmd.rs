//! Running a program: the one place the harness starts a process. A [`Cmd`] says what to run,
//! where and with what environment; [`Cmd::run`] requires success and returns stdout,
//! [`Cmd::output`] takes any exit status (for a failure the harness expects). Each logs one line,
//! `ok <command> (<secs> s)` or `exit N <command> (<secs> s)`, unless made [`Cmd::quiet`].
//! Running it in the sid chroot is [`crate::pythons::Place::wrap`]'s job: it turns a `Cmd` into
//! another `Cmd`.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// A command to run.
#[derive(Clone, Debug)]
pub struct Cmd {
    pub program: String,
    pub args: Vec<String>,
    pub cwd: PathBuf,
    /// Added to this process's environment; a later value of a name replaces an earlier one.
    pub env: Vec<(String, OsString)>,
    /// Start from an empty environment: only `env` (for a seat that has nothing of ours).
    pub clear_env: bool,
    /// How the log line and the error name the command.
    pub shown: String,
    pub log: bool,
}

impl Cmd {
    /// `program` with `args`, in the current directory.
    pub fn new(program: &str, args: &[&str]) -> Cmd {
        Cmd {
            program: program.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")),
            env: Vec::new(),
            clear_env: false,
            shown: short(program, args),
            log: true,
        }
    }

    pub fn cwd(mut self, dir: &Path) -> Cmd {
        self.cwd = dir.to_path_buf();
        self
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Cmd {
        self.env.retain(|(k, _)| k != key);
        self.env
            .push((key.to_string(), value.as_ref().to_os_string()));
        self
    }

    pub fn envs<K: AsRef<str>, V: AsRef<OsStr>>(
        mut self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Cmd {
        for (k, v) in vars {
            self = self.env(k.as_ref(), v);
        }
        self
    }

    /// Run with nothing of this process's environment but `env`.
    pub fn clear_env(mut self) -> Cmd {
        self.clear_env = true;
        self
    }

    /// Name the command `shown` in the log line and in the error (a command wrapped in another,
    /// whose real command line is mostly set-up).
    pub fn shown(mut self, shown: &str) -> Cmd {
        self.shown = shown.to_string();
        self
    }

    /// No log line: for a caller that prints its own report.
    pub fn quiet(mut self) -> Cmd {
        self.log = false;
        self
    }

    /// The command as the standard library's, to run some other way (in a pseudo-terminal).
    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).current_dir(&self.cwd);
        if self.clear_env {
            command.env_clear();
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    fn timed_output(&self) -> Result<(Output, f64)> {
        let started = Instant::now();
        let out = self
            .command()
            .output()
            .with_context(|| format!("cannot run `{}` in {}", self.shown, self.cwd.display()))?;
        Ok((out, started.elapsed().as_secs_f64()))
    }

    /// Run it, requiring success; returns its stdout. The error of a failure holds the command,
    /// the directory, stdout and stderr; that of a program that cannot start has the
    /// `std::io::Error` as its source.
    pub fn run(&self) -> Result<String> {
        let (out, seconds) = self.timed_output()?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            bail!(
                "`{}` failed ({}) in {}:\n{stdout}\n{}",
                self.shown,
                out.status,
                self.cwd.display(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        if self.log {
            println!("    ok  {}  ({seconds:.1} s)", self.shown);
        }
        Ok(stdout)
    }

    /// Run it whatever its exit status: for a failure that is expected. Only a program that
    /// cannot start is an error.
    pub fn output(&self) -> Result<Output> {
        let (out, seconds) = self.timed_output()?;
        if self.log {
            let status = match out.status.code() {
                Some(0) => "ok".to_string(),
                Some(code) => format!("exit {code}"),
                None => out.status.to_string(),
            };
            println!("    {status}  {}  ({seconds:.1} s)", self.shown);
        }
        Ok(out)
    }
}

impl Cmd {
    /// Start it and return at once, its output discarded, in a process group of its own: for a
    /// run the harness stops halfway ([`stop`]).
    pub fn spawn(&self) -> Result<std::process::Child> {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .current_dir(&self.cwd)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0);
        if self.log {
            println!("    started  {}", self.shown);
        }
        command
            .spawn()
            .with_context(|| format!("cannot start `{}` in {}", self.shown, self.cwd.display()))
    }
}

/// Kill a command [`Cmd::spawn`] started, and every process it started (its process group), as a
/// power cut would: nothing gets to clean up. Waits for it to end.
pub fn stop(child: &mut std::process::Child) -> Result<()> {
    let group = format!("-{}", child.id());
    Cmd::new("kill", &["-KILL", "--", &group]).quiet().run()?;
    child.wait()?;
    Ok(())
}

/// The command line for the log: an inline script (an argument of several lines) as `...`.
pub fn short(program: &str, args: &[&str]) -> String {
    let args: Vec<&str> = args
        .iter()
        .map(|a| if a.contains('\n') { "..." } else { a })
        .collect();
    format!("{program} {}", args.join(" "))
}

/// The calling user as `uid:gid` (whom the sid chroot runs its commands as).
pub fn calling_user() -> Result<String> {
    let id =
        |flag| -> Result<String> { Ok(Cmd::new("id", &[flag]).quiet().run()?.trim().to_string()) };
    Ok(format!("{}:{}", id("-u")?, id("-g")?))
}

/// A program run as root: itself when this is root, else through `sudo`.
pub fn as_root(program: &str, args: &[&str]) -> Result<Cmd> {
    if calling_user()?.starts_with("0:") {
        return Ok(Cmd::new(program, args));
    }
    let argv: Vec<&str> = ["--preserve-env", program]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    Ok(Cmd::new("sudo", &argv).shown(&short(program, args)))
}

/// `work` for each item, on as many threads as the machine has cores (for commands that wait
/// on the network or keep one core busy each); the first error, after every thread has ended.
pub fn on_every_core<T: Sync>(items: &[T], work: impl Fn(&T) -> Result<()> + Sync) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    let taken = || next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    while let Some(item) = items.get(taken()) {
                        work(item)?;
                    }
                    Ok(())
                })
            })
            .collect();
        // The scope waits for every thread, even after an error.
        workers
            .into_iter()
            .try_for_each(|worker| worker.join().expect("a worker thread panicked"))
    })
}
