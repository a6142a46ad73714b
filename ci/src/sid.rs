//! Debian sid in a chroot: real CPython 3.14 and 3.15 on a machine whose own C library is too old
//! for them (python.org serves no binaries for Linux, and Debian 12 has no such packages).
//!
//! The chroot is made once with `debootstrap` from Debian's archive and kept in a cache directory
//! outside the repository (`$XDG_CACHE_HOME/pyo3-starter/sid`, or `~/.cache/...`), so that
//! `cargo generate --path .` never copies it; it is made again only when it is missing or was
//! made for another package list or pipenv pin (the marker file, written last, says which).
//!
//! Every command runs through `unshare --mount`: the bind mounts it needs (this machine's Rust
//! toolchain, the project's directory, the Cargo target directory, /dev, /proc, the DNS and CA
//! configuration) exist only in that process's mount namespace and vanish with it, on failure
//! too. Needs root: as another user (a GitHub runner), `sudo` runs unshare and debootstrap, and
//! the command itself runs as the calling user.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Output;

use anyhow::{Context, Result, bail};

use crate::{cmd, repo_root};

/// The CPythons the chroot has, oldest first: those newer than this machine's.
pub const PYTHONS: &[&str] = &["3.14", "3.15"];

const SUITE: &str = "sid";
const MIRROR: &str = "http://deb.debian.org/debian";
/// Each Python with its venv module (pipenv and the harness make virtualenvs) and its libpython
/// (`cargo test` links a PyO3 project's tests with it), and the C compiler and C library that
/// rustc links with (`cc`).
const PACKAGES: &[&str] = &[
    "python3.14",
    "python3.14-venv",
    "libpython3.14-dev",
    "python3.15",
    "python3.15-venv",
    "libpython3.15-dev",
    "gcc",
    "libc6-dev",
];
/// Written last when the chroot is made: it holds what the chroot was made with.
const MARKER: &str = "etc/pyo3-starter-ready";
/// Where pipenv is installed in the chroot (a virtualenv of its first Python), linked from
/// /usr/local/bin/pipenv.
const PIPENV_VENV: &str = "/opt/pipenv";
/// The home directory inside the chroot: pip's and pipenv's caches stay there between runs.
const HOME: &str = "/home/ci";
/// This machine's CA certificates, mounted over the chroot's: pip must trust what this machine
/// trusts (a proxy's certificate, say).
const CA_DIR: &str = "/etc/ssl/certs";
const CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// The mount namespace's set-up, then the command: `sh -ec SCRIPT sh ROOT USER CWD N DIR... --
/// ENV... PROGRAM ARGS...`. Each DIR is mounted at the same path inside the chroot.
const SCRIPT: &str = r#"
root=$1 user=$2 cwd=$3 n=$4
shift 4
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs tmpfs "$root/tmp"
mount --bind /etc/resolv.conf "$root/etc/resolv.conf"
if [ -d /etc/ssl/certs ]; then mount --bind /etc/ssl/certs "$root/etc/ssl/certs"; fi
while [ "$n" -gt 0 ]; do
    mkdir -p "$root$1"
    mount --bind "$1" "$root$1"
    shift
    n=$((n - 1))
done
shift
chown "$user" "$root/home/ci"
exec chroot --userspec="$user" "$root" /usr/bin/env --chdir="$cwd" "$@"
"#;

/// The chroot, ready to run commands in.
pub struct Sid {
    root: PathBuf,
}

/// The cached chroot, made first if it is missing or incomplete.
pub fn sid() -> Result<Sid> {
    let cache = cache_dir()?;
    std::fs::create_dir_all(&cache)?;
    // One maker at a time (two worktrees may test at once); the others wait, then use it.
    let lock = std::fs::File::create(cache.join("sid.lock"))?;
    lock.lock()?;
    let sid = Sid {
        root: cache.join(SUITE),
    };
    let wanted = marker_text()?;
    let made = std::fs::read_to_string(sid.root.join(MARKER)).ok();
    if made.as_deref() != Some(wanted.as_str()) {
        sid.make(&cache, &wanted)?;
    }
    Ok(sid)
}

/// `$XDG_CACHE_HOME/pyo3-starter`, or `~/.cache/pyo3-starter`.
fn cache_dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_CACHE_HOME") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => home()?.join(".cache"),
    };
    Ok(base.join("pyo3-starter"))
}

fn home() -> Result<PathBuf> {
    Ok(std::env::var_os("HOME").context("HOME is not set")?.into())
}

/// What the marker holds: the suite, the packages and the pipenv pin.
fn marker_text() -> Result<String> {
    Ok(format!(
        "{SUITE} {MIRROR}\npackages {}\npipenv {}\n",
        PACKAGES.join(" "),
        pipenv_version()?
    ))
}

/// pipenv's one pin, in hooks/pre.rhai (the generated projects' and .ci/run's).
fn pipenv_version() -> Result<String> {
    let hook = std::fs::read_to_string(repo_root().join("hooks/pre.rhai"))?;
    hook.lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix(r#"variable::set("pipenv_version", ""#)?
                .strip_suffix(r#"");"#)
                .map(str::to_string)
        })
        .context("no pipenv_version in hooks/pre.rhai")
}

/// This machine's Rust toolchain: rustup's and cargo's homes.
pub fn rust_homes() -> Result<[PathBuf; 2]> {
    let or_home = |var: &str, dir: &str| -> Result<PathBuf> {
        Ok(match std::env::var_os(var) {
            Some(path) if !path.is_empty() => path.into(),
            _ => home()?.join(dir),
        })
    };
    Ok([
        or_home("RUSTUP_HOME", ".rustup")?,
        or_home("CARGO_HOME", ".cargo")?,
    ])
}

impl Sid {
    /// debootstrap into a new directory, install pipenv, write the marker, then put it in place.
    fn make(&self, cache: &Path, marker: &str) -> Result<()> {
        println!(
            "sid: making the chroot in {} (a minute)",
            self.root.display()
        );
        let partial = cache.join(format!("{SUITE}.partial"));
        let here = std::env::current_dir()?;
        let root_run = |program: &str, args: &[&str]| -> Result<String> {
            let (program, args) = cmd::as_root(program, args)?;
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            cmd::run(&program, &args, &here, &[])
        };
        for dir in [&partial, &self.root] {
            if dir.exists() {
                root_run(
                    "rm",
                    &["-rf", "--one-file-system", &dir.display().to_string()],
                )?;
            }
        }
        let include = format!("--include={}", PACKAGES.join(","));
        let target = partial.display().to_string();
        root_run(
            "debootstrap",
            &["--variant=minbase", &include, SUITE, &target, MIRROR],
        )?;
        let building = Sid { root: partial };
        let script = format!(
            "rm -f /var/cache/apt/archives/*.deb && \
             python{first} -m venv {PIPENV_VENV} && \
             {PIPENV_VENV}/bin/pip install --quiet pipenv=={pipenv} && \
             ln -sf {PIPENV_VENV}/bin/pipenv /usr/local/bin/pipenv && pipenv --version",
            first = PYTHONS[0],
            pipenv = pipenv_version()?,
        );
        // Before the mounts: the chroot has neither the mount points nor its home yet. Then, as
        // root inside: drop the downloaded packages (130 MB), install pipenv.
        root_run(
            "chroot",
            &[
                &target,
                "sh",
                "-ec",
                &format!("touch /etc/resolv.conf && mkdir -p {CA_DIR} {HOME}"),
            ],
        )?;
        building.run_as(
            Some("0:0"),
            "sh",
            &["-ec", &script],
            Path::new("/"),
            &[],
            &[],
        )?;
        std::fs::write(building.root.join(MARKER), marker).or_else(|_| {
            // Not root: the chroot is root's; write the marker through sudo.
            let staged = cache.join("marker");
            std::fs::write(&staged, marker)?;
            let to = building.root.join(MARKER).display().to_string();
            root_run("cp", &[&staged.display().to_string(), &to]).map(drop)
        })?;
        root_run("mv", &[&target, &self.root.display().to_string()])?;
        Ok(())
    }

    /// Run `program` in the chroot as the calling user, in `cwd` (a path that `visible` makes
    /// the same inside), with `env` added; `visible` are this machine's directories mounted at
    /// the same paths inside. Fails as [`cmd::run`] does; returns stdout.
    pub fn run(
        &self,
        program: &str,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &OsStr)],
        visible: &[&Path],
    ) -> Result<String> {
        self.run_as(None, program, args, cwd, env, visible)
    }

    /// `run`, whatever the exit status (see [`cmd::output`]).
    pub fn output(
        &self,
        program: &str,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &OsStr)],
        visible: &[&Path],
    ) -> Result<Output> {
        let (unshare, argv) = self.command(None, program, args, cwd, env, visible)?;
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        cmd::output_shown(&shown(program, args), &unshare, &argv, cwd, &[])
    }

    fn run_as(
        &self,
        user: Option<&str>,
        program: &str,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &OsStr)],
        visible: &[&Path],
    ) -> Result<String> {
        let (unshare, argv) = self.command(user, program, args, cwd, env, visible)?;
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        // The host side of unshare starts in / : the command's own directory is set inside.
        cmd::run_shown(&shown(program, args), &unshare, &argv, Path::new("/"), &[])
    }

    /// The command line that runs `program` in the chroot (see [`SCRIPT`]).
    fn command(
        &self,
        user: Option<&str>,
        program: &str,
        args: &[&str],
        cwd: &Path,
        env: &[(&str, &OsStr)],
        visible: &[&Path],
    ) -> Result<(String, Vec<String>)> {
        let [rustup, cargo] = rust_homes()?;
        let mut dirs: Vec<PathBuf> = vec![rustup.clone(), cargo.clone()];
        dirs.extend(visible.iter().map(|p| p.to_path_buf()));
        for dir in &dirs {
            if !dir.is_absolute() || !dir.is_dir() {
                bail!("{} is no directory to mount in the chroot", dir.display());
            }
        }
        let user = match user {
            Some(user) => user.to_string(),
            None => cmd::calling_user()?,
        };
        let mut argv: Vec<String> = vec![
            "--mount".into(),
            "--".into(),
            "sh".into(),
            "-ec".into(),
            SCRIPT.into(),
            "sh".into(),
            self.root.display().to_string(),
            user,
            cwd.display().to_string(),
            dirs.len().to_string(),
        ];
        argv.extend(dirs.iter().map(|d| d.display().to_string()));
        argv.push("--".into());
        // This process's environment passes through (proxies, pip's settings); these replace
        // what points at this machine's own files.
        let path = format!("{}/bin:/usr/local/bin:/usr/bin:/bin", cargo.display());
        let fixed = [
            ("HOME", HOME.to_string()),
            ("PATH", path),
            ("RUSTUP_HOME", rustup.display().to_string()),
            ("CARGO_HOME", cargo.display().to_string()),
            ("PIP_CERT", CA_BUNDLE.into()),
            ("REQUESTS_CA_BUNDLE", CA_BUNDLE.into()),
            ("SSL_CERT_FILE", CA_BUNDLE.into()),
        ];
        // This machine's wheel directory (pip's setting here, if any) is not in the chroot.
        argv.extend(["-u".into(), "PIP_FIND_LINKS".into()]);
        argv.extend(fixed.iter().map(|(k, v)| format!("{k}={v}")));
        argv.extend(
            env.iter()
                .map(|(k, v)| format!("{k}={}", v.to_string_lossy())),
        );
        argv.push(program.into());
        argv.extend(args.iter().map(|a| a.to_string()));
        cmd::as_root(
            "unshare",
            &argv.iter().map(String::as_str).collect::<Vec<_>>(),
        )
    }
}

/// The command as the log shows it.
fn shown(program: &str, args: &[&str]) -> String {
    let args: Vec<&str> = args
        .iter()
        .map(|a| if a.contains('\n') { "..." } else { a })
        .collect();
    format!("[sid] {program} {}", args.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pipenv_pin_is_read_from_the_hook() {
        let version = pipenv_version().unwrap();
        assert!(version.split('.').count() >= 2, "{version}");
        assert!(
            marker_text()
                .unwrap()
                .contains(&format!("pipenv {version}\n"))
        );
    }

    #[test]
    fn every_python_of_the_chroot_is_installed_there_with_its_venv_and_libpython() {
        for python in PYTHONS {
            for wanted in [
                format!("python{python}"),
                format!("python{python}-venv"),
                format!("libpython{python}-dev"),
            ] {
                assert!(PACKAGES.contains(&wanted.as_str()), "{wanted}");
            }
        }
    }

    #[test]
    fn a_command_runs_last_in_the_chroot_with_its_directories_mounted() {
        let sid = Sid {
            root: PathBuf::from("/cache/sid"),
        };
        let here = std::env::temp_dir();
        let (_, argv) = sid
            .command(
                Some("0:0"),
                "pipenv",
                &["run", "check"],
                &here,
                &[("WORKON_HOME", OsStr::new("/tmp/venvs"))],
                &[&here],
            )
            .unwrap();
        let at = argv.iter().position(|a| a == "/cache/sid").unwrap();
        assert_eq!(argv[at + 1], "0:0");
        assert_eq!(argv[at + 2], here.display().to_string());
        assert_eq!(
            argv[at + 3],
            "3",
            "rustup, cargo and the one visible directory"
        );
        assert_eq!(argv[at + 6], here.display().to_string());
        assert_eq!(argv[at + 7], "--");
        assert!(argv.contains(&"WORKON_HOME=/tmp/venvs".to_string()));
        assert!(argv.contains(&format!("HOME={HOME}")));
        assert_eq!(argv[argv.len() - 3..], ["pipenv", "run", "check"]);
    }
}
