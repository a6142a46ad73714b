//! pyo3-starter's facts (hooks/facts.rhai: the Python range, every version pin), read with Rhai
//! as the hooks read them. This is the one reader of the table outside the hooks: the harness
//! uses it, and `.ci/run` and `.github/workflows/tests.yml` ask it through `cargo ci facts`.
//! The files outside template/ that spell a fact out are static_checks/quotes.rs's.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use rhai::{Array, Dynamic, Engine, Map, Scope};

use crate::repo_root;

/// The table, as hooks/facts.rhai defines it.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The CPythons a project can pick, oldest first.
    pub python_versions: Vec<String>,
    /// The development Python when none is given.
    pub default_python: String,
    /// The first CPython with a free-threaded build PyO3 supports, and the first with abi3t.
    pub free_threaded_from: String,
    pub abi3t_from: String,
    /// The PyPys PyO3 supports (a project without abi3 builds a wheel for each), and those pypa's
    /// manylinux images carry.
    pub pypy_versions: Vec<String>,
    pub pypy_in_manylinux_images: Vec<String>,
    /// The first CPython with a build for Windows on Arm.
    pub windows_arm64_from: String,
    /// The oldest macOS an Intel Mac needs for a project's tools, from each Python on.
    pub intel_mac_oldest: BTreeMap<String, String>,
    /// A generated project's crates and Python tools, by name.
    pub crates: BTreeMap<String, String>,
    pub python_tools: BTreeMap<String, String>,
    /// A generated project's oldest Rust (its rust-version), and the Rust everything is tested with.
    pub rust_version: String,
    pub rust_toolchain: String,
    /// The harness's own tools.
    pub harness_crates: BTreeMap<String, String>,
    pub harness_python_tools: BTreeMap<String, String>,
    /// The instructor's tools no seat installs: a kit's course-site generator.
    pub instructor_python_tools: BTreeMap<String, String>,
    /// Pins kept behind on purpose, and why.
    pub held: BTreeMap<String, String>,
    /// GitHub actions: name to `owner/repo@<commit> # vX.Y.Z`.
    pub actions: BTreeMap<String, String>,
    /// The Pythons of the range that run in the Debian sid chroot.
    pub sid_pythons: Vec<String>,
    /// The Python version of the chroot's PyPy (Debian's pypy3).
    pub sid_pypy: String,
    /// The project's own commands: name, what it runs (`check.py`, `-m solutions.solve`), who has
    /// it ("all", "project" or "kit").
    pub commands: Vec<[String; 3]>,
}

/// hooks/facts.rhai of the repository (or of the copy `PYO3_STARTER_ROOT` names).
pub fn facts_file() -> PathBuf {
    repo_root().join("hooks").join("facts.rhai")
}

/// The table: hooks/facts.rhai, evaluated (once per process).
pub fn facts() -> Result<Facts> {
    static FACTS: std::sync::OnceLock<Facts> = std::sync::OnceLock::new();
    if let Some(facts) = FACTS.get() {
        return Ok(facts.clone());
    }
    let facts = read()?;
    Ok(FACTS.get_or_init(|| facts).clone())
}

fn read() -> Result<Facts> {
    let path = facts_file();
    let engine = Engine::new();
    let ast = engine
        .compile_file(path.clone())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let call = |name: &str| -> Result<Dynamic> {
        engine
            .call_fn::<Dynamic>(&mut Scope::new(), &ast, name, ())
            .map_err(|e| anyhow::anyhow!("hooks/facts.rhai: {name}(): {e}"))
    };
    let text = |name: &str| -> Result<String> {
        call(name)?
            .into_string()
            .map_err(|t| anyhow::anyhow!("hooks/facts.rhai: {name}() is a {t}, not a string"))
    };
    let list = |name: &str| -> Result<Vec<String>> {
        let array: Array = call(name)?
            .try_cast()
            .with_context(|| format!("hooks/facts.rhai: {name}() is no list"))?;
        array
            .into_iter()
            .map(|v| {
                v.into_string()
                    .map_err(|t| anyhow::anyhow!("{name}(): a {t}"))
            })
            .collect()
    };
    let table = |name: &str| -> Result<BTreeMap<String, String>> {
        let map: Map = call(name)?
            .try_cast()
            .with_context(|| format!("hooks/facts.rhai: {name}() is no map"))?;
        map.into_iter()
            .map(|(k, v)| {
                let v = v
                    .into_string()
                    .map_err(|t| anyhow::anyhow!("{name}(): {k} is a {t}"))?;
                Ok((k.to_string(), v))
            })
            .collect()
    };
    let rows = |name: &str| -> Result<Vec<[String; 3]>> {
        let array: Array = call(name)?
            .try_cast()
            .with_context(|| format!("hooks/facts.rhai: {name}() is no list"))?;
        array
            .into_iter()
            .map(|row| {
                let row: Vec<String> = row
                    .try_cast::<Array>()
                    .with_context(|| format!("hooks/facts.rhai: {name}(): a row is no list"))?
                    .into_iter()
                    .map(|v| {
                        v.into_string()
                            .map_err(|t| anyhow::anyhow!("{name}(): a {t}"))
                    })
                    .collect::<Result<_>>()?;
                <[String; 3]>::try_from(row)
                    .map_err(|r| anyhow::anyhow!("{name}(): {r:?} is not three texts"))
            })
            .collect()
    };
    Ok(Facts {
        python_versions: list("python_versions")?,
        default_python: text("default_python")?,
        free_threaded_from: text("free_threaded_from")?,
        abi3t_from: text("abi3t_from")?,
        pypy_versions: list("pypy_versions")?,
        pypy_in_manylinux_images: list("pypy_in_manylinux_images")?,
        windows_arm64_from: text("windows_arm64_from")?,
        intel_mac_oldest: table("intel_mac_oldest")?,
        crates: table("crates")?,
        python_tools: table("python_tools")?,
        rust_version: text("rust_version")?,
        rust_toolchain: text("rust_toolchain")?,
        harness_crates: table("harness_crates")?,
        harness_python_tools: table("harness_python_tools")?,
        instructor_python_tools: table("instructor_python_tools")?,
        held: table("held")?,
        actions: table("actions")?,
        sid_pythons: list("sid_pythons")?,
        sid_pypy: text("sid_pypy")?,
        commands: rows("commands")?,
    })
}

/// The template's questions besides the name, the module and the two Pythons
/// (hooks/questions.rhai), by key: each a table of its `prompt`, its `default` (a boolean for a
/// yes/no question, else a string) and, for a choice, its `choices`.
pub fn questions() -> Result<toml::Table> {
    let path = repo_root().join("hooks").join("questions.rhai");
    let engine = Engine::new();
    let ast = engine
        .compile_file(path.clone())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let list: Array = engine
        .call_fn(&mut Scope::new(), &ast, "questions", ())
        .map_err(|e| anyhow::anyhow!("hooks/questions.rhai: questions(): {e}"))?;
    let value = |v: Dynamic| -> Result<toml::Value> {
        if let Ok(b) = v.as_bool() {
            return Ok(toml::Value::Boolean(b));
        }
        if v.is_array() {
            let items: Array = v.cast();
            return items
                .into_iter()
                .map(|i| {
                    i.into_string()
                        .map(toml::Value::String)
                        .map_err(|t| anyhow::anyhow!("a choice is a {t}"))
                })
                .collect::<Result<_>>()
                .map(toml::Value::Array);
        }
        v.into_string()
            .map(toml::Value::String)
            .map_err(|t| anyhow::anyhow!("a {t}"))
    };
    let mut questions = toml::Table::new();
    for question in list {
        let map: Map = question
            .try_cast()
            .context("hooks/questions.rhai: a question is no map")?;
        let mut entry = toml::Table::new();
        let mut key = None;
        for (name, v) in map {
            let v = value(v).with_context(|| format!("hooks/questions.rhai: {name}"))?;
            if name == "key" {
                key = v.as_str().map(String::from);
            } else {
                entry.insert(name.to_string(), v);
            }
        }
        let key = key.context("hooks/questions.rhai: a question without a key")?;
        questions.insert(key, toml::Value::Table(entry));
    }
    Ok(questions)
}

impl Facts {
    /// What the project's own command `name` runs (`check.py`, `-m solutions.solve`).
    pub fn command_runs(&self, name: &str) -> Result<&str> {
        self.commands
            .iter()
            .find(|[n, _, _]| n == name)
            .map(|[_, runs, _]| runs.as_str())
            .with_context(|| format!("hooks/facts.rhai's commands() has no {name:?}"))
    }
}

/// The macOS release before this one: 10.12 before 10.13, 10.15 before 11.0, 11.0 before 12.0.
pub fn macos_before(macos: &str) -> Result<String> {
    let (major, minor) = macos
        .split_once('.')
        .with_context(|| format!("macOS {macos:?}"))?;
    let (major, minor): (u32, u32) = (major.parse()?, minor.parse()?);
    Ok(match (major, minor) {
        (10, minor) => format!("10.{}", minor - 1),
        (11, _) => "10.15".into(),
        (major, _) => format!("{}.0", major - 1),
    })
}

/// Whether the dotted version `have` (a macOS: "10.13.6") is at least `need` ("10.13").
pub fn version_at_least(have: &str, need: &str) -> bool {
    let numbers = |v: &str| -> Vec<u32> { v.split('.').filter_map(|n| n.parse().ok()).collect() };
    numbers(have) >= numbers(need)
}

/// The minor number of a version such as "3.14".
pub fn minor(version: &str) -> Result<u32> {
    version
        .strip_prefix("3.")
        .and_then(|m| m.parse().ok())
        .with_context(|| format!("{version:?} is no Python version 3.N"))
}

impl Facts {
    /// The oldest macOS an Intel Mac needs for the tools on `python`: the entry of the newest
    /// Python of [`Facts::intel_mac_oldest`] not above it.
    pub fn intel_mac_oldest_for(&self, python: &str) -> Result<&str> {
        let mut oldest = None;
        for (from, mac) in &self.intel_mac_oldest {
            if minor(from)? <= minor(python)? {
                oldest = Some(mac.as_str());
            }
        }
        oldest.with_context(|| format!("intel_mac_oldest() has no entry for Python {python}"))
    }

    /// The newest Python a project can pick.
    pub fn newest_python(&self) -> &str {
        self.python_versions.last().map_or("", String::as_str)
    }

    /// The oldest Python a project can pick (min_python's default).
    pub fn oldest_python(&self) -> &str {
        self.python_versions.first().map_or("", String::as_str)
    }

    /// The versions of the range from `lowest` on.
    pub fn pythons_from(&self, lowest: &str) -> Result<Vec<String>> {
        let lowest = minor(lowest)?;
        let mut from = Vec::new();
        for version in &self.python_versions {
            if minor(version)? >= lowest {
                from.push(version.clone());
            }
        }
        Ok(from)
    }

    /// The Pythons of the range this machine runs itself (not in the chroot), the default last:
    /// what tests.yml's test job sets up, the last becoming `python3`.
    pub fn pythons_here(&self) -> Vec<String> {
        let mut here: Vec<String> = self
            .python_versions
            .iter()
            .filter(|v| !self.sid_pythons.contains(v) && **v != self.default_python)
            .cloned()
            .collect();
        here.push(self.default_python.clone());
        here
    }

    /// The free-threaded builds of the range (`3.14t`, ...).
    pub fn free_threaded(&self) -> Result<Vec<String>> {
        Ok(self
            .pythons_from(&self.free_threaded_from)?
            .into_iter()
            .map(|v| format!("{v}t"))
            .collect())
    }

    /// PyO3's feature for the abi3t wheel (`abi3t-py315`).
    pub fn abi3t_feature(&self) -> String {
        format!("abi3t-py{}", self.abi3t_from.replace('.', ""))
    }

    /// Every version pin by name: the project's, then the harness's, then the Rust toolchain.
    pub fn pins(&self) -> BTreeMap<String, String> {
        let mut pins = BTreeMap::new();
        for table in [
            &self.crates,
            &self.python_tools,
            &self.harness_crates,
            &self.harness_python_tools,
            &self.instructor_python_tools,
        ] {
            pins.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        pins
    }

    /// One fact by the name `cargo ci facts NAME` takes: a pin's name, or one of [`NAMED`].
    pub fn get(&self, name: &str) -> Result<String> {
        if let Some(pin) = self.pins().get(name) {
            return Ok(pin.clone());
        }
        Ok(match name {
            "default-python" => self.default_python.clone(),
            "oldest-python" => self.oldest_python().to_string(),
            "newest-python" => self.newest_python().to_string(),
            "rust-toolchain" => self.rust_toolchain.clone(),
            "rust-version" => self.rust_version.clone(),
            "abi3t-python" => self.abi3t_from.clone(),
            "abi3t-feature" => self.abi3t_feature(),
            "pythons-here" => json_list(&self.pythons_here()),
            "free-threaded" => json_list(&self.free_threaded()?),
            _ => bail!(
                "no fact named {name:?}; the facts are {}, {}",
                self.pins().keys().cloned().collect::<Vec<_>>().join(", "),
                NAMED.join(", ")
            ),
        })
    }
}

/// A text of the harness's tables with the Python versions of hooks/facts.rhai filled in:
/// `{oldest}`, `{newest}` and `{default}` of the range, `{before-oldest}` and `{after-newest}`
/// just outside it, `{above-default}` one above the default; `{after-newest-digits}` without
/// its dot (`316`). So that a table of cases follows the range when it moves.
pub fn fill(text: &str) -> String {
    let facts = facts().expect("hooks/facts.rhai");
    let minor = |v: &str| minor(v).expect("a 3.N version");
    let (oldest, newest) = (facts.oldest_python(), facts.newest_python());
    text.replace("{oldest}", oldest)
        .replace("{newest}", newest)
        .replace("{default}", &facts.default_python)
        .replace("{before-oldest}", &format!("3.{}", minor(oldest) - 1))
        .replace("{after-newest-digits}", &format!("3{}", minor(newest) + 1))
        .replace("{after-newest}", &format!("3.{}", minor(newest) + 1))
        .replace(
            "{above-default}",
            &format!("3.{}", minor(&facts.default_python) + 1),
        )
}

/// The facts [`Facts::get`] knows besides the pins.
pub const NAMED: &[&str] = &[
    "default-python",
    "oldest-python",
    "newest-python",
    "rust-toolchain",
    "rust-version",
    "abi3t-python",
    "abi3t-feature",
    "pythons-here",
    "free-threaded",
];

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap()
}

/// `cargo ci facts`: every fact as `name value`; `cargo ci facts NAME`: that value alone;
/// `cargo ci facts --github`: every one as `name=value`, for `$GITHUB_OUTPUT`, a list also as
/// `name-lines`, one item a line.
pub fn print(arg: Option<&str>) -> Result<()> {
    let facts = facts()?;
    let names: Vec<String> = facts
        .pins()
        .into_keys()
        .chain(NAMED.iter().map(|n| n.to_string()))
        .collect();
    match arg {
        None => {
            for name in &names {
                println!("{name:<18} {}", facts.get(name)?);
            }
        }
        Some("--github") => {
            for name in &names {
                let value = facts.get(name)?;
                println!("{name}={value}");
                // A list also one item a line, for an input that takes lines (setup-python's).
                if let Ok(items) = serde_json::from_str::<Vec<String>>(&value) {
                    println!("{name}-lines<<FACTS\n{}\nFACTS", items.join("\n"));
                }
            }
        }
        Some(name) => println!("{}", facts.get(name)?),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_its_lists_agree() {
        let facts = facts().unwrap();
        assert_eq!(facts.pythons_here().last(), Some(&facts.default_python));
        for sid in &facts.sid_pythons {
            assert!(facts.python_versions.contains(sid), "{sid}");
            assert!(!facts.pythons_here().contains(sid), "{sid}");
        }
        assert!(facts.python_versions.contains(&facts.default_python));
        assert!(
            facts
                .free_threaded()
                .unwrap()
                .iter()
                .all(|v| v.ends_with('t'))
        );
        assert!(facts.pins().contains_key("pipenv"));
        assert!(facts.get("no-such-fact").is_err());
    }

    #[test]
    fn intel_mac_versions_step_back_and_compare_as_numbers() {
        assert_eq!(macos_before("10.13").unwrap(), "10.12");
        assert_eq!(macos_before("11.0").unwrap(), "10.15");
        assert_eq!(macos_before("13.0").unwrap(), "12.0");
        assert!(version_at_least("10.13.6", "10.13"));
        assert!(version_at_least("10.15", "10.9"));
        assert!(!version_at_least("10.12.6", "10.13"));
        let facts = facts().unwrap();
        for python in &facts.python_versions {
            assert!(facts.intel_mac_oldest_for(python).is_ok(), "{python}");
        }
        assert_eq!(
            facts.intel_mac_oldest_for(facts.newest_python()).unwrap(),
            facts.intel_mac_oldest.values().last().unwrap()
        );
    }
}
