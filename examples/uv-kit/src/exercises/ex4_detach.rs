//! Exercise 4: `double_list_detached(values, result, idx)`, releasing the GIL with `py.detach`.
//! Read its page, 04-detach.md in docs/, then replace the body below.

use pyo3::prelude::*;
use pyo3::types::PyList;

/// Store the doubled values at result[idx], releasing the GIL while it works.
#[pyfunction]
pub fn double_list_detached(
    py: Python<'_>,
    values: Vec<i64>,
    result: &Bound<'_, PyList>,
    idx: usize,
) -> PyResult<()> {
    let _ = (py, values, result, idx);
    Err(super::not_done(file!()))
}
