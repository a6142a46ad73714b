//! The pyo3-starter test harness (the cargo `xtask` pattern): everything CI checks, as a library
//! that `cargo test` (tests/) and the `ci` command line (src/main.rs) share.

pub mod build;
pub mod golden;
pub mod lint;
pub mod names;
pub mod render;

use std::path::{Path, PathBuf};

/// The repository root: ci/ lives directly below it.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The template files cargo-generate renders.
pub fn template_dir() -> PathBuf {
    repo_root().join("template")
}

/// examples/: each `<name>.toml` values file renders the project checked in as `<name>/`.
pub fn examples_dir() -> PathBuf {
    repo_root().join("examples")
}
