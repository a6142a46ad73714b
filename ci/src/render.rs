//! Rendering the template, with cargo-generate as a library and, when installed, as the CLI.
//! Both need $USER; when it is unset, .cargo/config.toml gives one to whatever cargo runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use cargo_generate::{GenerateArgs, TemplatePath, Vcs};

use crate::fs::copy_tree;
use crate::repo_root;

/// One rendering: a project name plus the answers to the template's questions.
#[derive(Clone, Debug)]
pub struct Render {
    pub name: String,
    /// A cargo-generate values file (`[values]` table), as `--values-file` reads it.
    pub values_file: Option<PathBuf>,
    /// `key=value` answers, as `-d` takes them; they win over the values file.
    pub defines: Vec<String>,
    /// `--init`: render into the destination itself rather than into a new `<name>` below it.
    pub init: bool,
    /// Another copy of template/ and hooks/ to render, such as one with a rule switched off;
    /// `None`: this repository's ([`template_source`]).
    pub source: Option<PathBuf>,
}

impl Render {
    pub fn named(name: &str) -> Self {
        Render {
            name: name.to_string(),
            values_file: None,
            defines: vec![],
            init: false,
            source: None,
        }
    }

    pub fn define(mut self, key: &str, value: &str) -> Self {
        self.defines.push(format!("{key}={value}"));
        self
    }

    pub fn init(mut self) -> Self {
        self.init = true;
        self
    }

    /// Render with the cargo-generate library into `parent/<name>` (into `parent` itself with
    /// `init`); returns that directory.
    pub fn with_library(&self, parent: &Path) -> Result<PathBuf> {
        let args = GenerateArgs {
            template_path: TemplatePath {
                path: Some(self.source().display().to_string()),
                ..TemplatePath::default()
            },
            name: Some(self.name.clone()),
            silent: true,
            quiet: false,
            vcs: Some(Vcs::None),
            template_values_file: self.values_file.as_ref().map(|p| p.display().to_string()),
            define: self.defines.clone(),
            destination: Some(parent.to_path_buf()),
            init: self.init,
            no_workspace: true,
            // An app config of our own, so that the user's favorites cannot change the output.
            config: Some(empty_app_config()?),
            ..GenerateArgs::default()
        };
        cargo_generate::generate(args)
    }

    /// The arguments of the `cargo generate` command line that renders the same project.
    pub fn cli_args(&self, parent: &Path) -> Vec<String> {
        let mut args = vec![
            "generate".to_string(),
            "--path".into(),
            self.source().display().to_string(),
        ];
        args.extend([
            format!("--name={}", self.name),
            "--silent".into(),
            "--vcs".into(),
            "none".into(),
        ]);
        if let Some(values) = &self.values_file {
            args.extend(["--values-file".into(), values.display().to_string()]);
        }
        for define in &self.defines {
            args.extend(["-d".into(), define.clone()]);
        }
        if self.init {
            args.push("--init".into());
        }
        args.extend(["--destination".into(), parent.display().to_string()]);
        args
    }

    fn source(&self) -> &Path {
        self.source.as_deref().unwrap_or(template_source())
    }

    /// Render with the `cargo generate` CLI, returning its output whether it succeeded or not.
    pub fn with_cli(&self, parent: &Path) -> Result<std::process::Output> {
        Command::new("cargo")
            .args(self.cli_args(parent))
            .output()
            .context("running `cargo generate`")
    }
}

/// What `cargo generate --path` reads: a copy of the template's own files. cargo-generate copies
/// the whole folder it is given before rendering, and the repository also holds ci/target.
pub fn template_source() -> &'static Path {
    static SOURCE: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let copy = tempfile::tempdir().expect("a temporary directory");
            for dir in ["template", "hooks"] {
                copy_tree(&repo_root().join(dir), &copy.path().join(dir))
                    .expect("copying the template");
            }
            copy
        })
        .path()
}

/// The version of the `cargo-generate` CLI on PATH, if there is one.
pub fn cli_version() -> Option<String> {
    let out = Command::new("cargo-generate")
        .arg("--version")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

pub fn empty_app_config() -> Result<PathBuf> {
    let path = std::env::temp_dir().join("pyo3-starter-ci-cargo-generate.toml");
    if !path.exists() {
        std::fs::write(&path, "")?;
    }
    Ok(path)
}

/// Render into a fresh temporary directory, failing with cargo-generate's message.
pub fn render_to_temp(render: &Render) -> Result<(tempfile::TempDir, PathBuf)> {
    let parent = tempfile::tempdir()?;
    match render.with_library(parent.path()) {
        Ok(dir) => Ok((parent, dir)),
        Err(e) => bail!("rendering {render:?} failed: {e:#}"),
    }
}
