//! pyo3-starter's facts (hooks/facts.rhai: the Python range, every version pin), read with Rhai
//! as the hooks read them. This is the one reader of the table outside the hooks: the harness
//! uses it, and `.ci/run` and `.github/workflows/tests.yml` ask it through `cargo ci facts`.
//!
//! A few files outside template/ must spell a fact out (a command line in README.md, a `uses:`
//! line that GitHub reads literally, rust-toolchain.toml): [`QUOTES`] lists each such quote;
//! [`check_quotes`] (part of `cargo ci check`) proves each equal to the table, and
//! [`bless_quotes`] (part of `cargo ci bless`) rewrites them.

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
        held: table("held")?,
        actions: table("actions")?,
        sid_pythons: list("sid_pythons")?,
        sid_pypy: text("sid_pypy")?,
        commands: rows("commands")?,
    })
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

/// A place outside template/ that spells a fact out: in `file` (relative to the repository),
/// every occurrence of `before` is followed by the fact's value, which runs up to the first of the
/// characters of `until`, or to the end of the line.
pub struct Quote {
    pub file: &'static str,
    pub before: &'static str,
    pub until: &'static str,
    pub fact: fn(&Facts) -> String,
}

fn pin(facts: &Facts, name: &str) -> String {
    facts.pins().get(name).cloned().unwrap_or_default()
}

fn action(facts: &Facts, name: &str) -> String {
    let uses = facts.actions.get(name).cloned().unwrap_or_default();
    // What follows `owner/repo@`: the commit and its comment.
    uses.split_once('@')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default()
}

/// What ends a version quoted in prose or a command line.
const VERSION_END: &str = " `)\"',;";

/// A quote of a pin of the table, by its name, ended as a version is in prose.
const fn pin_quote(file: &'static str, before: &'static str, fact: fn(&Facts) -> String) -> Quote {
    Quote {
        file,
        before,
        until: VERSION_END,
        fact,
    }
}

/// A workflow's `uses: owner/repo@` line: the commit and its `# vX.Y.Z` comment follow.
const fn action_quote(before: &'static str, fact: fn(&Facts) -> String) -> Quote {
    Quote {
        file: ".github/workflows/tests.yml",
        before,
        until: "",
        fact,
    }
}

/// Every quote of a fact outside template/ (the examples are renderings, checked on their own).
pub const QUOTES: &[Quote] = &[
    Quote {
        file: "rust-toolchain.toml",
        before: "channel = \"",
        until: "\"",
        fact: |f| f.rust_toolchain.clone(),
    },
    Quote {
        file: "template/cargo-generate.toml",
        before: "cargo_generate_version = \">=",
        until: ",",
        fact: |f| pin(f, "cargo-generate"),
    },
    pin_quote("README.md", "pipenv==", |f| pin(f, "pipenv")),
    pin_quote("README.md", "uv==", |f| pin(f, "uv")),
    pin_quote("README.md", "cargo-generate@", |f| pin(f, "cargo-generate")),
    action_quote("uses: actions/checkout@", |f| action(f, "checkout")),
    action_quote("uses: actions/setup-python@", |f| action(f, "setup_python")),
    action_quote("uses: Swatinem/rust-cache@", |f| action(f, "rust_cache")),
];

/// README.md's table of the facts, between these two lines (written by [`bless_quotes`]).
pub const TABLE_START: &str = "<!-- facts: written by `cargo ci bless` from hooks/facts.rhai -->";
pub const TABLE_END: &str = "<!-- /facts -->";

/// The facts as README.md shows them: a Markdown table.
pub fn markdown_table(facts: &Facts) -> String {
    let list = |items: &[String]| items.join(", ");
    let mut rows = vec![
        ("the CPythons a project can pick".to_string(), list(&facts.python_versions)),
        ("the development Python when none is picked".into(), facts.default_python.clone()),
        (
            format!("the free-threaded CPythons (PyO3 supports them from {}t on)", facts.free_threaded_from),
            list(&facts.free_threaded().unwrap_or_default()),
        ),
        ("the first CPython with abi3t (PEP 803), and PyO3's feature".into(), format!("{}, `{}`", facts.abi3t_from, facts.abi3t_feature())),
        ("the oldest Rust a project builds with (its `rust-version`)".into(), facts.rust_version.clone()),
        ("the Rust everything is tested with (rust-toolchain.toml, each workflow's lint job)".into(), facts.rust_toolchain.clone()),
        ("the PyPys a project without abi3 builds wheels for (PyO3 supports them)".into(), list(&facts.pypy_versions)),
        ("the PyPys of pypa's manylinux images (the workflow tests those wheels there, the others on the runner)".into(), list(&facts.pypy_in_manylinux_images)),
        ("the first CPython with a Windows on Arm build (a project's Windows arm64 wheels start there)".into(), facts.windows_arm64_from.clone()),
        (
            "the oldest macOS of an Intel Mac for the tools, from each Python on (a kit's preflight.py checks it)".into(),
            facts.intel_mac_oldest.iter().map(|(python, mac)| format!("{python}: {mac}")).collect::<Vec<_>>().join(", "),
        ),
        ("the CPythons the harness runs in its Debian sid chroot".into(), list(&facts.sid_pythons)),
        ("the PyPy the harness runs in that chroot (Debian's pypy3)".into(), facts.sid_pypy.clone()),
    ];
    for (what, table) in [
        ("a project's crate", &facts.crates),
        ("a project's Python tool", &facts.python_tools),
        ("the harness's crate", &facts.harness_crates),
        ("the harness's Python tool", &facts.harness_python_tools),
    ] {
        for (name, version) in table {
            let held = facts
                .held
                .get(name)
                .map_or(String::new(), |why| format!(" (held: {why})"));
            rows.push((format!("{what} `{name}`"), format!("{version}{held}")));
        }
    }
    for (name, uses) in &facts.actions {
        let (repo, pin) = uses.split_once('@').unwrap_or((uses, ""));
        let tag = pin.rsplit(' ').next().unwrap_or("");
        rows.push((
            format!("the action `{repo}` (`{name}`)"),
            format!("{tag}, by commit"),
        ));
    }
    let mut table = String::from("| fact | value |\n| --- | --- |\n");
    for (what, value) in rows {
        table += &format!("| {what} | {value} |\n");
    }
    table
}

/// README.md with its table of the facts written afresh.
fn with_table(readme: &str, facts: &Facts) -> Result<String> {
    let start = readme
        .find(TABLE_START)
        .context("README.md has no table of the facts (its start line)")?
        + TABLE_START.len();
    let end = readme[start..]
        .find(TABLE_END)
        .context("README.md's table of the facts has no end line")?
        + start;
    Ok(format!(
        "{}\n{}{}",
        &readme[..start],
        markdown_table(facts),
        &readme[end..]
    ))
}

/// Each quote's occurrences in its file's text: (start, end) of the quoted value.
fn occurrences(text: &str, quote: &Quote) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(quote.before) {
        let start = from + at + quote.before.len();
        let line_end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let end = text[start..line_end]
            .find(|c| quote.until.contains(c))
            .map_or(line_end, |e| start + e);
        found.push((start, end));
        from = end;
    }
    found
}

/// Every quote equals its fact, and every quoted file quotes it at least once.
pub fn check_quotes() -> Result<usize> {
    let facts = facts()?;
    let mut problems = Vec::new();
    let mut count = 0;
    for quote in QUOTES {
        let path = repo_root().join(quote.file);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{}: cannot read it", quote.file))?;
        let want = (quote.fact)(&facts);
        let found = occurrences(&text, quote);
        if found.is_empty() {
            problems.push(format!(
                "{}: no `{}` quotes the fact {want:?}",
                quote.file, quote.before
            ));
        }
        for (start, end) in found {
            count += 1;
            if text[start..end] != want {
                let line = text[..start].lines().count();
                problems.push(format!(
                    "{}:{line}: `{}{}` quotes {want:?} of hooks/facts.rhai wrongly (run `cargo ci bless`)",
                    quote.file,
                    quote.before,
                    &text[start..end]
                ));
            }
        }
    }
    let readme = std::fs::read_to_string(repo_root().join("README.md"))?;
    if with_table(&readme, &facts)? != readme {
        problems.push(
            "README.md: its table of the facts is not hooks/facts.rhai's (run `cargo ci bless`)"
                .into(),
        );
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(count)
}

/// Rewrite every quote with its fact; returns the files changed.
pub fn bless_quotes() -> Result<Vec<String>> {
    let facts = facts()?;
    let mut changed = Vec::new();
    for quote in QUOTES {
        let path = repo_root().join(quote.file);
        let text = std::fs::read_to_string(&path)?;
        let want = (quote.fact)(&facts);
        let mut out = String::new();
        let mut last = 0;
        for (start, end) in occurrences(&text, quote) {
            out.push_str(&text[last..start]);
            out.push_str(&want);
            last = end;
        }
        out.push_str(&text[last..]);
        if out != text {
            std::fs::write(&path, out)?;
            changed.push(quote.file.to_string());
        }
    }
    let path = repo_root().join("README.md");
    let readme = std::fs::read_to_string(&path)?;
    let fresh = with_table(&readme, &facts)?;
    if fresh != readme {
        std::fs::write(&path, fresh)?;
        changed.push("README.md".into());
    }
    changed.sort();
    changed.dedup();
    Ok(changed)
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
    fn a_quote_runs_to_its_end_marker_or_the_end_of_the_line() {
        let quote = Quote {
            file: "x",
            before: "pipenv==",
            until: VERSION_END,
            fact: |_| String::new(),
        };
        let text = "pip install pipenv==1.2 && x\n`pipenv==3.4`\npipenv==5.6";
        let found: Vec<&str> = occurrences(text, &quote)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["1.2", "3.4", "5.6"]);
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
