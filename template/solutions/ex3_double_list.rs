//! Exercise 3: the chapter's `double_list(values, result, idx)`, holding the GIL. (Solution.)

use std::thread;

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::{WORK, say};

/// Store the doubled values at result[idx], holding the GIL while it works.
#[pyfunction]
pub fn double_list(
    py: Python<'_>,
    values: Vec<i64>,
    result: &Bound<'_, PyList>,
    idx: usize,
) -> PyResult<()> {
    say(py, "Rust: Enter double_list...")?;
    // The chapter's stand-in for real work, done attached to the interpreter: no other Python
    // thread runs meanwhile.
    thread::sleep(WORK);
    let doubled: Option<Vec<i64>> = values.iter().map(|x| x.checked_mul(2)).collect();
    let doubled = doubled.ok_or_else(|| PyOverflowError::new_err("a double is too big"))?;
    say(py, "Rust: Acquire GIL...")?;
    result.set_item(idx, doubled)?;
    say(py, "Rust: Exit...")
}
