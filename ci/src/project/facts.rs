//! What a generated project's own files say about it ([`ProjectFacts`], [`development`]): its
//! tool, names, Pythons, PyO3 and pinned tools.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::Tool;

/// What a generated project's own files say about it: the one reader of them.
#[derive(Clone, Debug)]
pub struct ProjectFacts {
    /// Its development tool: pipenv when it has a Pipfile, uv when its pyproject.toml has the
    /// dependency group uv installs instead.
    pub tool: Tool,
    /// The Cargo and PyPI package: pyproject.toml's `name`.
    pub name: String,
    /// The module users import (pyproject.toml's `module-name`, without a mixed layout's `._core`).
    pub module: String,
    /// The compiled module: pyproject.toml's `module-name` (`fastfib._core` in a mixed layout).
    pub compiled_module: String,
    /// The development Python: the Pipfile's `[requires] python_version`, or uv's
    /// `.python-version`; a workshop kit, which takes any Python of its range, names none: the
    /// default one then (hooks/facts.rhai).
    pub python: String,
    /// The lowest supported Python, from `requires-python = ">=3.x"`.
    pub min_python: String,
    /// One abi3 wheel per platform (PyO3's `abi3-py3x` feature in Cargo.toml).
    pub abi3: bool,
    /// The development tools' maturin pin, such as "==1.16.0".
    pub maturin: String,
    /// Cargo.toml's pyo3 requirement, such as "0.30.1".
    pub pyo3: String,
    /// The development tools with their pins.
    pub tools: ToolPins,
}

/// The development tools a project pins, such as ("pytest", "==9.2.0"): the Pipfile's
/// [dev-packages], or the dependency group of pyproject.toml that uv installs (`dev` in a
/// project, `workshop` in a kit).
#[derive(Clone, Debug)]
pub struct ToolPins {
    /// Where they are written, as a message names it: "the Pipfile's [dev-packages]",
    /// "pyproject.toml's `workshop` group".
    pub written_in: String,
    pub pins: Vec<(String, String)>,
}

impl ToolPins {
    /// The pin of one tool, such as "==1.16.0" for maturin.
    pub fn pin(&self, name: &str) -> Result<&str> {
        self.pins
            .iter()
            .find(|(tool, _)| tool == name)
            .map(|(_, pin)| pin.as_str())
            .with_context(|| format!("{} pins no {name}", self.written_in))
    }

    /// Each tool with its pin, as pip takes a requirement: "pytest==9.2.0".
    pub fn requirements(&self) -> Vec<String> {
        self.pins
            .iter()
            .map(|(name, pin)| format!("{name}{pin}"))
            .collect()
    }
}

/// A Pipfile's pin as pip reads it after the name: `"==9.2.0"`, or a table's extras and version
/// (`{ version = "==0.27", extras = ["all"] }`: "[all]==0.27").
fn pipfile_pin(pin: &toml::Value) -> String {
    if let Some(version) = pin.as_str() {
        return version.to_string();
    }
    let extras: Vec<&str> = pin
        .get("extras")
        .and_then(toml::Value::as_array)
        .map(|e| e.iter().filter_map(toml::Value::as_str).collect())
        .unwrap_or_default();
    let version = pin
        .get("version")
        .and_then(toml::Value::as_str)
        .unwrap_or_default();
    if extras.is_empty() {
        version.to_string()
    } else {
        format!("[{}]{version}", extras.join(","))
    }
}

/// A requirement of a dependency group, such as "pytest==9.2.0", as (name, pin).
fn split_requirement(requirement: &str) -> (String, String) {
    let at = requirement
        .find(['=', '<', '>', '!', '~', ' ', ';', '['])
        .unwrap_or(requirement.len());
    (
        requirement[..at].trim().to_string(),
        requirement[at..].trim().to_string(),
    )
}

/// The project's development tool, its Python and its pinned tools, such as ("pytest",
/// "==9.2.0"): the Pipfile's (`[requires] python_version`, or the default Python for a kit, which
/// names none; `[dev-packages]`), or else uv's (.python-version, or the default Python for a
/// kit; pyproject.toml's `dev` group, or the one `default-groups` names).
/// A pipenv project's pyproject.toml is not read: a refused answer may leave it unparsable, which
/// is for maturin to show (ci/src/answers/refusals.rs).
pub fn development(dir: &Path) -> Result<Development> {
    let read = |file: &str| -> Result<String> {
        std::fs::read_to_string(dir.join(file))
            .with_context(|| format!("{}: no {file}", dir.display()))
    };
    if dir.join("Pipfile").is_file() {
        let pipfile: toml::Table = read("Pipfile")?.parse()?;
        let python = match pipfile
            .get("requires")
            .and_then(|r| r.get("python_version"))
        {
            Some(version) => version
                .as_str()
                .with_context(|| format!("{}: the Pipfile's python_version", dir.display()))?
                .to_string(),
            None => crate::facts::facts()?.default_python,
        };
        let written_in = "the Pipfile's [dev-packages]";
        let pins = pipfile
            .get("dev-packages")
            .and_then(toml::Value::as_table)
            .context(written_in)?
            .iter()
            .map(|(name, pin)| (name.clone(), pipfile_pin(pin)))
            .collect();
        let tools = ToolPins {
            written_in: written_in.to_string(),
            pins,
        };
        return Ok(Development {
            tool: Tool::Pipenv,
            python,
            tools,
        });
    }
    let pyproject: toml::Table = read("pyproject.toml")?.parse()?;
    // uv installs the `dev` group, or those `[tool.uv] default-groups` names (a kit's `workshop`).
    let name = pyproject
        .get("tool")
        .and_then(|t| t.get("uv"))
        .and_then(|u| u.get("default-groups"))
        .and_then(|g| g.get(0))
        .and_then(toml::Value::as_str)
        .unwrap_or("dev");
    let group = pyproject
        .get("dependency-groups")
        .and_then(|g| g.get(name))
        .and_then(toml::Value::as_array)
        .with_context(|| {
            format!(
                "{}: no Pipfile (pipenv) and no `{name}` group in pyproject.toml (uv)",
                dir.display()
            )
        })?;
    // A kit takes any Python of its range and names none: the default.
    let python = match read(".python-version") {
        Ok(version) => version.trim().to_string(),
        Err(_) => crate::facts::facts()?.default_python,
    };
    let written_in = format!("pyproject.toml's `{name}` group");
    let pins = group
        .iter()
        .map(|r| r.as_str().map(split_requirement))
        .collect::<Option<Vec<_>>>()
        .with_context(|| format!("{}: {written_in}", dir.display()))?;
    let tools = ToolPins { written_in, pins };
    Ok(Development {
        tool: Tool::Uv,
        python,
        tools,
    })
}

/// What [`development`] reads: the tool, its Python ("3.11") and its pinned tools.
pub struct Development {
    pub tool: Tool,
    pub python: String,
    pub tools: ToolPins,
}

impl ProjectFacts {
    pub fn read(dir: &Path) -> Result<ProjectFacts> {
        let read = |file: &str| -> Result<String> {
            std::fs::read_to_string(dir.join(file))
                .with_context(|| format!("{}: no {file}", dir.display()))
        };
        let pyproject: toml::Table = read("pyproject.toml")?.parse()?;
        let cargo: toml::Table = read("Cargo.toml")?.parse()?;
        let text = |value: Option<&toml::Value>, what: &str| -> Result<String> {
            Ok(value
                .and_then(toml::Value::as_str)
                .with_context(|| format!("{}: {what}", dir.display()))?
                .to_string())
        };
        let module = text(
            pyproject
                .get("tool")
                .and_then(|t| t.get("maturin"))
                .and_then(|m| m.get("module-name")),
            "pyproject.toml's [tool.maturin] module-name",
        )?;
        let requires = text(
            pyproject
                .get("project")
                .and_then(|p| p.get("requires-python")),
            "pyproject.toml's requires-python",
        )?;
        let pyo3 = cargo
            .get("dependencies")
            .and_then(|d| d.get("pyo3"))
            .context("Cargo.toml: no pyo3 dependency")?;
        let (pyo3_version, features) = match pyo3 {
            toml::Value::String(version) => (version.clone(), vec![]),
            table => (
                text(table.get("version"), "Cargo.toml's pyo3 version")?,
                table
                    .get("features")
                    .and_then(toml::Value::as_array)
                    .map(|f| {
                        f.iter()
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
        };
        let development = development(dir)?;
        let maturin = development
            .tools
            .pin("maturin")
            .with_context(|| dir.display().to_string())?
            .to_string();
        let Development {
            tool,
            python,
            tools,
        } = development;
        if tool == Tool::Pipenv && pyproject.get("dependency-groups").is_some() {
            bail!(
                "{}: both a Pipfile and dependency groups in pyproject.toml: which tool is it?",
                dir.display()
            );
        }
        Ok(ProjectFacts {
            tool,
            name: text(
                pyproject.get("project").and_then(|p| p.get("name")),
                "pyproject.toml's [project] name",
            )?,
            module: module.split('.').next().unwrap().to_string(),
            compiled_module: module,
            python,
            min_python: requires.trim_start_matches(">=").to_string(),
            abi3: features.iter().any(|f| f.starts_with("abi3-py")),
            maturin,
            pyo3: pyo3_version,
            tools,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples_dir;

    #[test]
    fn a_projects_facts_are_read_from_its_files() {
        let fibonacci = ProjectFacts::read(&examples_dir().join("fibonacci")).unwrap();
        assert_eq!(fibonacci.module, "fibonacci");
        assert!(!fibonacci.abi3);
        assert!(fibonacci.maturin.starts_with("=="), "{}", fibonacci.maturin);
        assert!(fibonacci.tools.pin("pytest").is_ok());
        let facts = crate::facts::facts().unwrap();
        assert_eq!(fibonacci.pyo3, facts.crates["pyo3"]);
        assert_eq!(fibonacci.python, facts.default_python);
        // The mixed layout's module-name is `fastfib._core`; abi3 is a feature of a pyo3 table.
        let fast_fib = ProjectFacts::read(&examples_dir().join("fast-fib")).unwrap();
        assert_eq!(fast_fib.module, "fastfib");
        assert!(fast_fib.abi3);
        assert_eq!(fast_fib.pyo3, facts.crates["pyo3"]);
        assert_eq!(fast_fib.compiled_module, "fastfib._core");
        assert_eq!(fibonacci.tool, Tool::Pipenv);
        // A uv project: its tools are pyproject.toml's `dev` group, its Python .python-version.
        let uv = ProjectFacts::read(&examples_dir().join("uv-fib")).unwrap();
        assert_eq!(uv.tool, Tool::Uv);
        assert_eq!(uv.name, "uv-fib");
        assert_eq!(
            (uv.module.as_str(), uv.compiled_module.as_str()),
            ("fibonacci", "fibonacci._core")
        );
        assert_eq!(uv.python, facts.default_python);
        assert_eq!(uv.maturin, format!("=={}", facts.python_tools["maturin"]));
        let pytest = format!("=={}", facts.python_tools["pytest"]);
        assert_eq!(uv.tools.pin("pytest").unwrap(), pytest);
        // A pin with extras: a table in the Pipfile, a requirement in the dev group.
        let validate = format!("[all]=={}", facts.python_tools["validate-pyproject"]);
        assert_eq!(fibonacci.tools.pin("validate-pyproject").unwrap(), validate);
        assert_eq!(uv.tools.pin("validate-pyproject").unwrap(), validate);
        // A pin it lacks is named with where the pins are.
        let missing = format!("{:#}", uv.tools.pin("poetry").unwrap_err());
        assert_eq!(missing, "pyproject.toml's `dev` group pins no poetry");
    }

    #[test]
    fn a_requirement_splits_into_its_name_and_pin() {
        let split = split_requirement;
        assert_eq!(split("pytest==9.2.0"), ("pytest".into(), "==9.2.0".into()));
        assert_eq!(
            split("maturin>=1.16,<2"),
            ("maturin".into(), ">=1.16,<2".into())
        );
        assert_eq!(split("ruff"), ("ruff".into(), String::new()));
    }
}
