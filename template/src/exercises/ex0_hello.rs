//! Exercise 0: the toolchain works. This one is done already: if `{{progress_command}}` shows it
//! `done`, Rust, maturin and Python work together on this machine.

use pyo3::prelude::*;

/// A greeting from Rust.
#[pyfunction]
pub fn hello(name: &str) -> String {
    format!("Hello, {name}, from Rust!")
}
