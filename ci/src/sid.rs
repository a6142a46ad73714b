//! Debian sid in a chroot: real CPython 3.14 and 3.15 on a machine whose own C library is too old
//! for them (python.org serves no binaries for Linux, and Debian 12 has no such packages), and
//! Debian's PyPy.
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

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cmd::{self, Cmd};
use crate::facts::facts;

const SUITE: &str = "sid";
const MIRROR: &str = "http://deb.debian.org/debian";

/// The CPythons the chroot has, oldest first: hooks/facts.rhai's sid_pythons(), the range's
/// Pythons newer than this machine's.
pub fn pythons() -> Result<Vec<String>> {
    Ok(facts()?.sid_pythons)
}

/// The chroot's PyPy as an interpreter's name, `pypy3.11`: Debian's pypy3, whose Python version
/// is hooks/facts.rhai's sid_pypy().
pub fn pypy() -> Result<String> {
    Ok(format!("pypy{}", facts()?.sid_pypy))
}

/// What debootstrap installs: each Python with its venv module (pipenv and the harness make
/// virtualenvs) and its libpython (`cargo test` links a PyO3 project's tests with it), PyPy with
/// its venv module and headers (pypy3 itself holds its libpypy), and the C compiler and C library
/// that rustc links with (`cc`).
fn packages() -> Result<Vec<String>> {
    let mut packages = Vec::new();
    for python in pythons()? {
        packages.extend([
            format!("python{python}"),
            format!("python{python}-venv"),
            format!("libpython{python}-dev"),
        ]);
    }
    packages.extend(["pypy3", "pypy3-dev", "pypy3-venv"].map(String::from));
    packages.extend(["gcc".to_string(), "libc6-dev".to_string()]);
    Ok(packages)
}
/// Written last when the chroot is made: it holds what the chroot was made with.
const MARKER: &str = "etc/pyo3-starter-ready";
/// Where pipenv is installed in the chroot (a virtualenv of its first Python), linked from
/// /usr/local/bin/pipenv.
const PIPENV_VENV: &str = "/opt/pipenv";
/// The Python of the chroot's pipenv virtualenv, which has pip: the chroot's own Pythons have none.
pub fn pip_python() -> String {
    format!("{PIPENV_VENV}/bin/python")
}
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

/// `$XDG_CACHE_HOME/pyo3-starter`, or `~/.cache/pyo3-starter`: what the harness keeps between
/// runs and between clones (the chroot, the end-to-end builds' slots).
pub fn cache_dir() -> Result<PathBuf> {
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
        packages()?.join(" "),
        pipenv_version()?
    ))
}

/// pipenv's pin (hooks/facts.rhai), for the generated projects and the chroot alike.
fn pipenv_version() -> Result<String> {
    facts()?.get("pipenv")
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
        let root_run =
            |program: &str, args: &[&str]| -> Result<String> { cmd::as_root(program, args)?.run() };
        for dir in [&partial, &self.root] {
            if dir.exists() {
                root_run(
                    "rm",
                    &["-rf", "--one-file-system", &dir.display().to_string()],
                )?;
            }
        }
        let include = format!("--include={}", packages()?.join(","));
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
            first = pythons()?[0],
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
        building
            .wrap_as(
                Some("0:0"),
                Cmd::new("sh", &["-ec", &script]).cwd(Path::new("/")),
                &[],
            )?
            .run()?;
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

    /// The command that runs `cmd` in the chroot as the calling user, in its directory (a path
    /// that `visible` makes the same inside), with its environment added; `visible` are this
    /// machine's directories mounted at the same paths inside.
    pub fn wrap(&self, cmd: Cmd, visible: &[&Path]) -> Result<Cmd> {
        self.wrap_as(None, cmd, visible)
    }

    /// `wrap`, as `user` (`uid:gid`) rather than the calling user (see [`SCRIPT`]).
    fn wrap_as(&self, user: Option<&str>, cmd: Cmd, visible: &[&Path]) -> Result<Cmd> {
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
            cmd.cwd.display().to_string(),
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
            cmd.env
                .iter()
                .map(|(k, v)| format!("{k}={}", v.to_string_lossy())),
        );
        argv.push(cmd.program.clone());
        argv.extend(cmd.args.iter().cloned());
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let mut wrapped = cmd::as_root("unshare", &argv)?
            .shown(&format!("[sid] {}", cmd.shown))
            // The host side of unshare starts in / : the command's own directory is set inside.
            .cwd(Path::new("/"));
        wrapped.log = cmd.log;
        Ok(wrapped)
    }
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
        let packages = packages().unwrap();
        for python in pythons().unwrap() {
            for wanted in [
                format!("python{python}"),
                format!("python{python}-venv"),
                format!("libpython{python}-dev"),
            ] {
                assert!(packages.contains(&wanted), "{wanted}");
            }
        }
    }

    #[test]
    fn the_chroots_pypy_is_installed_with_its_venv_module() {
        let packages = packages().unwrap();
        for wanted in ["pypy3", "pypy3-venv"] {
            assert!(packages.iter().any(|p| p == wanted), "{wanted}");
        }
        assert!(pypy().unwrap().starts_with("pypy3."));
    }

    #[test]
    fn a_command_runs_last_in_the_chroot_with_its_directories_mounted() {
        let sid = Sid {
            root: PathBuf::from("/cache/sid"),
        };
        let here = std::env::temp_dir();
        let cmd = Cmd::new("pipenv", &["run", "check"])
            .cwd(&here)
            .env("WORKON_HOME", "/tmp/venvs");
        let wrapped = sid.wrap_as(Some("0:0"), cmd, &[&here]).unwrap();
        let mut argv = vec![wrapped.program.clone()];
        argv.extend(wrapped.args.iter().cloned());
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
        assert_eq!(wrapped.shown, "[sid] pipenv run check");
    }
}
