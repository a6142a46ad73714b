//! Where a project's virtualenv and Cargo builds go ([`Slot`]): a numbered folder of its Python
//! below ~/.cache/pyo3-starter/slots/, kept between runs and clones.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Where a project's virtualenv and its Cargo builds go: a numbered folder of its Python below
/// `~/.cache/pyo3-starter/slots/` (`3.11/0/`), kept between runs and clones, held by one project
/// at a time.
///
/// PyO3's build script runs again, and PyO3 and every crate above it compile again, whenever the
/// interpreter it is shown moves: maturin's PYO3_PYTHON, or VIRTUAL_ENV for `cargo test` and
/// clippy, each a path into the project's virtualenv. A virtualenv beside each project, in a new
/// temporary folder, compiled PyO3 again for every project in every profile, and again on every
/// run. So each project's virtualenv is made at the same path, `<slot>/venv` (removed first: every
/// project still gets a new one), with the Cargo target directory `<slot>/target` beside it: PyO3
/// compiles once per Python and configuration, and not at all on a warm run. One slot per
/// Python, not one for all: PyO3's build script sees a path, not what is behind it.
///
/// A project of that Python made while another holds slot 0 (an instructor kit's twin, rows built
/// side by side) takes slot 1, and so on: a lock file per slot says which are held, by any process.
pub struct Slot {
    pub dir: PathBuf,
    /// Held, with its lock, as long as the slot.
    _lock: std::fs::File,
}

impl Slot {
    /// The first free slot of `python` ("3.11", "pypy3.11"), its virtualenv removed.
    pub fn take(python: &str) -> Result<Slot> {
        let base = slots_dir()?.join(python);
        std::fs::create_dir_all(&base)?;
        for number in 0.. {
            let lock = std::fs::File::create(base.join(format!("{number}.lock")))?;
            match lock.try_lock() {
                Ok(()) => {
                    let slot = Slot {
                        dir: base.join(number.to_string()),
                        _lock: lock,
                    };
                    remove_dir_if_present(&slot.venv())?;
                    std::fs::create_dir_all(slot.target())?;
                    return Ok(slot);
                }
                Err(std::fs::TryLockError::WouldBlock) => continue,
                Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
            }
        }
        unreachable!("a slot is always free in the end")
    }

    /// The project's virtualenv: pipenv's (`WORKON_HOME` the slot, `PIPENV_CUSTOM_VENV_NAME`
    /// "venv"), or uv's (`UV_PROJECT_ENVIRONMENT`).
    pub fn venv(&self) -> PathBuf {
        self.dir.join("venv")
    }

    /// The Cargo target directory of the project's commands.
    pub fn target(&self) -> PathBuf {
        self.dir.join("target")
    }

    /// Give the new virtualenv's pyvenv.cfg the date of the last one, when it says the same but
    /// for its `prompt` (the project's name, which PyO3 never reads). Without PYO3_CONFIG_FILE
    /// (which maturin sets, `cargo test` and clippy do not) pyo3-ffi's build script reruns when
    /// that file is newer than its last run (`rerun-if-changed`), and PyO3 compiles again: a new
    /// virtualenv at the same path would still cost a compile per project.
    pub(super) fn keep_pyvenv_cfg_date(&self) -> Result<()> {
        let cfg = self.venv().join("pyvenv.cfg");
        let last = self.dir.join("pyvenv.cfg.last");
        let Ok(text) = std::fs::read_to_string(&cfg) else {
            return Ok(()); // no virtualenv made
        };
        let settings = |text: &str| -> Vec<String> {
            let lines = text.lines().filter(|l| !l.starts_with("prompt ="));
            lines.map(String::from).collect()
        };
        let set_date = |file: &Path, date| -> Result<()> {
            let file = std::fs::File::options().write(true).open(file)?;
            Ok(file.set_modified(date)?)
        };
        let unchanged =
            std::fs::read_to_string(&last).is_ok_and(|before| settings(&before) == settings(&text));
        if unchanged {
            set_date(&cfg, std::fs::metadata(&last)?.modified()?)
        } else {
            std::fs::write(&last, &text)?;
            set_date(&last, std::fs::metadata(&cfg)?.modified()?)
        }
    }

    /// The clean virtualenv the project's sdist is built and installed in, at the same path each
    /// time (the harness removes it first): the interpreter pip builds it with is PyO3's.
    pub fn sdist_venv(&self) -> PathBuf {
        self.dir.join("sdist-venv")
    }

    /// The Cargo target directory of the sdist's build: its own, as that build shows PyO3 another
    /// interpreter than the project's commands do.
    pub fn sdist_target(&self) -> PathBuf {
        self.dir.join("sdist-target")
    }
}

/// Remove a directory and what it holds, if it is there.
pub fn remove_dir_if_present(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// The end-to-end builds' folders, by Python: `slots/` of the harness's cache (beside the sid
/// chroot, `~/.cache/pyo3-starter/`), kept between runs and between clones, so that CI on a fresh
/// clone of a warm machine compiles no PyO3.
fn slots_dir() -> Result<PathBuf> {
    Ok(crate::sid::cache_dir()?.join("slots"))
}

/// The Cargo target directory of the builds given an interpreter by its path (`maturin build -i
/// /usr/bin/pypy3.11`, the abi3t wheel's `-i /usr/bin/python3.15`): one per interpreter, kept as
/// the slots are. Such a build shows PyO3 the same path every time, whatever the project.
pub fn interpreter_target_dir(python: &str) -> Result<PathBuf> {
    let dir = slots_dir()?.join(python).join("interpreter");
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_python_has_one_slot_per_project_at_a_time_and_each_gets_a_new_virtualenv() {
        let python = "slot-test";
        let first = Slot::take(python).unwrap();
        std::fs::create_dir_all(first.venv().join("bin")).unwrap();
        let second = Slot::take(python).unwrap();
        assert_ne!(first.dir, second.dir);
        assert!(first.target().is_dir() && second.target().is_dir());
        let first_dir = first.dir.clone();
        drop(first);
        // Free again: taken by the next project, without the last one's virtualenv.
        let again = Slot::take(python).unwrap();
        assert_eq!(again.dir, first_dir);
        assert!(!again.venv().exists());
        drop((second, again));
        std::fs::remove_dir_all(slots_dir().unwrap().join(python)).unwrap();
    }

    #[test]
    fn a_new_virtualenv_of_the_same_python_keeps_the_last_ones_pyvenv_cfg_date() {
        let slot = Slot::take("pyvenv-test").unwrap();
        let cfg = slot.venv().join("pyvenv.cfg");
        // A virtualenv made in year `year` of the 2000s; the date its pyvenv.cfg is left with.
        let made = |year: u64, prompt: &str, version: &str| {
            std::fs::create_dir_all(slot.venv()).unwrap();
            let text = format!("home = /usr/bin\nversion = {version}\nprompt = \"{prompt}\"\n");
            std::fs::write(&cfg, text).unwrap();
            let date = std::time::UNIX_EPOCH + std::time::Duration::from_secs(year * 31_556_952);
            let file = std::fs::File::options().write(true).open(&cfg).unwrap();
            file.set_modified(date).unwrap();
            slot.keep_pyvenv_cfg_date().unwrap();
            (date, std::fs::metadata(&cfg).unwrap().modified().unwrap())
        };
        let (first, kept) = made(31, "gil", "3.11.7");
        assert_eq!(kept, first);
        // Another project, the same Python: the first date, so PyO3's build script does not rerun.
        assert_eq!(made(32, "fibonacci", "3.11.7").1, first);
        // Another interpreter behind the same path: its own date, and PyO3 is configured again.
        let (third, kept) = made(33, "fibonacci", "3.11.8");
        assert_eq!(kept, third);
        drop(slot);
        std::fs::remove_dir_all(slots_dir().unwrap().join("pyvenv-test")).unwrap();
    }
}
