//! The facts spelled out outside template/ (hooks/facts.rhai is read by facts.rs): a few files
//! must quote one (a command line in README.md or CONTRIBUTING.md, a `uses:` line that GitHub
//! reads literally, rust-toolchain.toml), and CONTRIBUTING.md shows the whole table
//! ([`TABLE_FILE`]). [`QUOTES`] lists each quote; [`check_quotes`] (part of `cargo ci check`)
//! proves each quote and the table equal to the facts, and [`bless_quotes`] (part of
//! `cargo ci bless`) rewrites them.

use anyhow::{Context, Result, bail};

use crate::facts::{Facts, facts};
use crate::repo_root;

/// A place outside template/ that spells a fact out: in `file` (relative to the repository),
/// every occurrence of `before` is followed by the fact's value, which runs up to the first of the
/// characters of `until`, or to the end of the line, less the spaces before that end.
pub struct Quote {
    pub file: &'static str,
    pub before: &'static str,
    pub until: &'static str,
    pub fact: fn(&Facts) -> String,
}

fn pin(facts: &Facts, name: &str) -> String {
    facts.pins().get(name).cloned().unwrap_or_default()
}

fn cargo_generate(facts: &Facts) -> String {
    pin(facts, "cargo-generate")
}

/// A pin's release series, as prose names it: `0.30` of `0.30.1`.
fn series(facts: &Facts, name: &str) -> String {
    pin(facts, name)
        .split('.')
        .take(2)
        .collect::<Vec<_>>()
        .join(".")
}

/// The development Python when none is picked.
fn default_python(facts: &Facts) -> String {
    facts.default_python.clone()
}

/// The CPythons a project can pick, as prose names them: `3.10 to 3.15`.
fn python_range(facts: &Facts) -> String {
    format!("{} to {}", facts.oldest_python(), facts.newest_python())
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

/// What ends a value in a Markdown table's cell, or at a parenthesis, a comma or a semicolon:
/// a value here may hold spaces (`3.10 to 3.15`).
const CELL_END: &str = "|(),;";

/// A quote of a fact that may hold spaces, ended as a table's cell or a clause is.
const fn cell_quote(file: &'static str, before: &'static str, fact: fn(&Facts) -> String) -> Quote {
    Quote {
        file,
        before,
        until: CELL_END,
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
        fact: cargo_generate,
    },
    // The root README, for users: the commands that install the pinned tools, the versions it
    // names, the Python it needs and the range the questions accept.
    pin_quote("README.md", "pipenv==", |f| pin(f, "pipenv")),
    pin_quote("README.md", "uv==", |f| pin(f, "uv")),
    pin_quote("README.md", "cargo-generate@", cargo_generate),
    pin_quote("README.md", "[maturin](https://www.maturin.rs) ", |f| {
        series(f, "maturin")
    }),
    pin_quote("README.md", "[PyO3](https://pyo3.rs) ", |f| {
        series(f, "pyo3")
    }),
    pin_quote("README.md", "`rustc --version` should print ", |f| {
        f.rust_version.clone()
    }),
    pin_quote("README.md", "- Python ", default_python),
    pin_quote("README.md", "`pyenv install ", default_python),
    pin_quote("README.md", "`uv python install ", default_python),
    cell_quote("README.md", "| `python_version` | ", default_python),
    cell_quote("README.md", "| `min_python` | ", |f| {
        f.oldest_python().into()
    }),
    cell_quote("README.md", "any CPython from ", python_range),
    // For maintainers (besides the table, TABLE_FILE): the command that installs the CLI.
    pin_quote("CONTRIBUTING.md", "cargo-generate@", cargo_generate),
    // The instructors' guide: the Pythons a kit takes by default.
    cell_quote("docs/workshops.md", "any CPython from ", python_range),
    action_quote("uses: actions/checkout@", |f| action(f, "checkout")),
    action_quote("uses: actions/setup-python@", |f| action(f, "setup_python")),
    action_quote("uses: Swatinem/rust-cache@", |f| action(f, "rust_cache")),
    action_quote("uses: actions/cache/restore@", |f| action(f, "cache")),
    action_quote("uses: actions/cache/save@", |f| action(f, "cache")),
];

/// The file that shows the table of the facts, for maintainers.
pub const TABLE_FILE: &str = "CONTRIBUTING.md";

/// [`TABLE_FILE`]'s table of the facts, between these two lines (written by [`bless_quotes`]).
pub const TABLE_START: &str = "<!-- facts: written by `cargo ci bless` from hooks/facts.rhai -->";
pub const TABLE_END: &str = "<!-- /facts -->";

/// The facts as [`TABLE_FILE`] shows them: a Markdown table.
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
        (
            "a kit instructor's Python tool",
            &facts.instructor_python_tools,
        ),
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

/// [`TABLE_FILE`]'s text with its table of the facts written afresh.
fn with_table(text: &str, facts: &Facts) -> Result<String> {
    let start = text
        .find(TABLE_START)
        .with_context(|| format!("{TABLE_FILE} has no table of the facts (its start line)"))?
        + TABLE_START.len();
    let end = text[start..]
        .find(TABLE_END)
        .with_context(|| format!("{TABLE_FILE}'s table of the facts has no end line"))?
        + start;
    Ok(format!(
        "{}\n{}{}",
        &text[..start],
        markdown_table(facts),
        &text[end..]
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
        let end = start + text[start..end].trim_end().len();
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
    let text = std::fs::read_to_string(repo_root().join(TABLE_FILE))
        .with_context(|| format!("{TABLE_FILE}: cannot read it"))?;
    if with_table(&text, &facts)? != text {
        problems.push(format!(
            "{TABLE_FILE}: its table of the facts is not hooks/facts.rhai's (run `cargo ci bless`)"
        ));
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
    let path = repo_root().join(TABLE_FILE);
    let text = std::fs::read_to_string(&path)?;
    let fresh = with_table(&text, &facts)?;
    if fresh != text {
        std::fs::write(&path, fresh)?;
        changed.push(TABLE_FILE.into());
    }
    changed.sort();
    changed.dedup();
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_cell_quote_holds_spaces_but_not_the_spaces_before_its_end() {
        let quote = cell_quote("x", "any CPython from ", |_| String::new());
        let text = "| any CPython from 3.10 to 3.15 |\nany CPython from 3.10 to 3.15, at most\n\
                    (any CPython from 3.10 to 3.15)";
        let found: Vec<&str> = occurrences(text, &quote)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["3.10 to 3.15"; 3]);
    }

    #[test]
    fn prose_names_a_pin_by_its_series_and_the_range_by_its_ends() {
        let facts = facts().unwrap();
        let pyo3 = series(&facts, "pyo3");
        assert_eq!(pyo3.matches('.').count(), 1, "{pyo3}");
        assert!(pin(&facts, "pyo3").starts_with(&format!("{pyo3}.")));
        assert_eq!(
            python_range(&facts),
            format!("{} to {}", facts.oldest_python(), facts.newest_python())
        );
    }
}
