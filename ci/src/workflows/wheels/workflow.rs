//! A workflow file as GitHub reads it ([`Workflow`]): its jobs, each taken once per entry of its
//! matrix ([`Run`]) with the `${{ matrix.* }}` expressions filled in, and the actions its steps use.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value};

/// A workflow file, parsed, and how reports name it.
pub struct Workflow {
    pub shown: String,
    pub yaml: Value,
}

impl Workflow {
    pub fn read(path: &Path, shown: &str) -> Result<Workflow> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{shown}: cannot read it"))?;
        let yaml = serde_yaml_ng::from_str(&text).with_context(|| format!("{shown}: not YAML"))?;
        Ok(Workflow {
            shown: shown.to_string(),
            yaml,
        })
    }

    /// The jobs, by name.
    pub fn jobs(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.yaml["jobs"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, job)| (name.as_str(), job))
    }

    /// Every job once per entry of its matrix.
    pub(super) fn runs(&self) -> Result<Vec<Run<'_>>> {
        let mut runs = Vec::new();
        for (name, job) in self.jobs() {
            for matrix in matrix_entries(&job["strategy"]["matrix"])
                .with_context(|| format!("{}: job {name}'s matrix", self.shown))?
            {
                runs.push(Run {
                    job: name,
                    spec: job,
                    matrix,
                });
            }
        }
        Ok(runs)
    }
}

/// A job's `needs`, one name or a list.
pub fn needs(job: &Value) -> Vec<&str> {
    match &job["needs"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    }
}

/// The entries of a matrix: the product of its lists, or its `include` list alone.
fn matrix_entries(matrix: &Value) -> Result<Vec<Value>> {
    let Some(matrix) = matrix.as_object() else {
        return Ok(vec![Value::Object(Map::new())]);
    };
    if matrix.contains_key("exclude") {
        bail!("`exclude` is not expanded here: list the entries with `include`");
    }
    let mut entries = vec![Map::new()];
    for (key, values) in matrix.iter().filter(|(k, _)| *k != "include") {
        let Some(values) = values.as_array() else {
            bail!("{key} is no list");
        };
        entries = entries
            .iter()
            .flat_map(|entry| {
                values.iter().map(move |value| {
                    let mut entry = entry.clone();
                    entry.insert(key.clone(), value.clone());
                    entry
                })
            })
            .collect();
    }
    if let Some(include) = matrix.get("include") {
        if matrix.len() > 1 {
            bail!("`include` beside other lists is not expanded here");
        }
        let include = include.as_array().context("include is no list")?;
        entries = include
            .iter()
            .filter_map(|e| e.as_object().cloned())
            .collect();
    }
    Ok(entries.into_iter().map(Value::Object).collect())
}

/// One job, run for one matrix entry.
pub(super) struct Run<'a> {
    pub(super) job: &'a str,
    pub(super) spec: &'a Value,
    matrix: Value,
}

impl Run<'_> {
    /// `text` with every `${{ matrix.x.y }}` replaced by the entry's value (empty where it has
    /// none, as on GitHub); other expressions are kept as written.
    pub(super) fn resolve(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            let Some(length) = rest[start..].find("}}") else {
                break;
            };
            let expression = rest[start + 3..start + length].trim();
            out.push_str(&rest[..start]);
            match expression.strip_prefix("matrix.") {
                Some(path) => out.push_str(&self.lookup(path)),
                None => out.push_str(&rest[start..start + length + 2]),
            }
            rest = &rest[start + length + 2..];
        }
        out.push_str(rest);
        out
    }

    /// A matrix value by its path (`platform.target`), as text.
    pub(super) fn lookup(&self, path: &str) -> String {
        let mut value = &self.matrix;
        for key in path.split('.') {
            value = &value[key];
        }
        match value {
            Value::Null => String::new(),
            Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    pub(super) fn steps(&self) -> impl Iterator<Item = &Value> {
        self.spec["steps"].as_array().into_iter().flatten()
    }

    /// A step's input, or one of its environment variables (`key` "with" or "env").
    pub(super) fn field(&self, step: &Value, key: &str, name: &str) -> Option<String> {
        match &step[key][name] {
            Value::Null => None,
            Value::String(text) => Some(self.resolve(text)),
            other => Some(other.to_string()),
        }
    }

    pub(super) fn script(&self, step: &Value) -> Option<String> {
        step["run"].as_str().map(|s| self.resolve(s))
    }

    /// Whether the step runs for this entry, as far as its `if:` is a plain `matrix.x.y` (other
    /// conditions are taken as true).
    pub(super) fn runs_step(&self, step: &Value) -> bool {
        match step["if"].as_str().map(str::trim) {
            Some(condition) => match condition.strip_prefix("matrix.") {
                Some(path) if !path.contains(' ') => {
                    let value = self.lookup(path);
                    !value.is_empty() && value != "false"
                }
                _ => true,
            },
            None => true,
        }
    }
}

/// The action a step uses, without its version: `PyO3/maturin-action`.
pub(super) fn action(step: &Value) -> &str {
    step["uses"]
        .as_str()
        .and_then(|u| u.split('@').next())
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_matrix_is_expanded_and_its_values_filled_in() {
        let job: Value = serde_yaml_ng::from_str(
            "strategy:\n  matrix:\n    platform:\n      - { target: x86_64, pypy: yes }\n      - { target: armv7 }\n    python: [\"3.10\", \"3.11\"]\n",
        )
        .unwrap();
        let entries = matrix_entries(&job["strategy"]["matrix"]).unwrap();
        assert_eq!(entries.len(), 4);
        let run = Run {
            job: "linux",
            spec: &job,
            matrix: entries[3].clone(),
        };
        assert_eq!(
            run.resolve("-i python${{ matrix.python }} ${{ matrix.platform.pypy }} ${{ env.X }}"),
            "-i python3.11  ${{ env.X }}"
        );
    }
}
