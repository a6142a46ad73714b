//! A project's development tool ([`Tool`]): pipenv or uv, and how each runs the project's
//! commands.

use anyhow::Result;

/// A project's development tool (the `tool` question): what makes its virtualenv and runs its
/// commands there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// A Pipfile: `pipenv install --dev`, then `pipenv run <script>` (the Pipfile's [scripts]).
    Pipenv,
    /// A dependency group of pyproject.toml that uv installs by default (a project's `dev`, a
    /// kit's `workshop`, which `[tool.uv] default-groups` names), and for a project, not a kit,
    /// `.python-version`: `uv sync`, then `uv run <file>`, which rebuilds the module first when a
    /// Rust source changed.
    Uv,
}

impl Tool {
    pub fn program(self) -> &'static str {
        match self {
            Tool::Pipenv => "pipenv",
            Tool::Uv => "uv",
        }
    }

    /// The arguments that make the virtualenv, as the README's first command.
    pub fn install_args(self) -> &'static [&'static str] {
        match self {
            Tool::Pipenv => &["install", "--dev"],
            Tool::Uv => &["sync"],
        }
    }

    /// The arguments that run one of the project's own commands (`check`, `progress`; hooks/
    /// facts.rhai's commands()): pipenv's script of that name, or what uv runs for it
    /// (`check.py`, `-m solutions.solve`).
    pub fn script_args(self, name: &str) -> Result<Vec<String>> {
        Ok(match self {
            Tool::Pipenv => vec!["run".into(), name.into()],
            Tool::Uv => {
                let facts = crate::facts::facts()?;
                let runs = facts.command_runs(name)?;
                ["run"]
                    .into_iter()
                    .chain(runs.split_whitespace())
                    .map(String::from)
                    .collect()
            }
        })
    }

    /// How the READMEs write that command: `pipenv run progress`, `uv run progress.py`.
    pub fn script_line(self, name: &str) -> Result<String> {
        Ok(format!(
            "{} {}",
            self.program(),
            self.script_args(name)?.join(" ")
        ))
    }
}
