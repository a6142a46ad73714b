//! Exercise 4: `double_list_detached(values, result, idx)`, releasing the GIL with `py.detach`.
//! (Solution.)

use std::thread;

use pyo3::exceptions::PyOverflowError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use super::{WORK, say};

/// Store the doubled values at result[idx], releasing the GIL while it works.
#[pyfunction]
pub fn double_list_detached(
    py: Python<'_>,
    values: Vec<i64>,
    result: &Bound<'_, PyList>,
    idx: usize,
) -> PyResult<()> {
    say(py, "Rust: Enter double_list...")?;
    // Detached from the interpreter, the closure may touch no Python object (`values` is a Rust
    // Vec), and every other Python thread runs meanwhile.
    let doubled: Option<Vec<i64>> = py.detach(|| {
        thread::sleep(WORK);
        values.iter().map(|x| x.checked_mul(2)).collect()
    });
    let doubled = doubled.ok_or_else(|| PyOverflowError::new_err("a double is too big"))?;
    // Attached again: now `result`, a Python list, may be touched.
    say(py, "Rust: Acquire GIL...")?;
    result.set_item(idx, doubled)?;
    say(py, "Rust: Exit...")
}
