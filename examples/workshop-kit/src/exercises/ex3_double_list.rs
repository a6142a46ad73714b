//! Exercise 3: the chapter's `double_list(values, result, idx)`, holding the GIL.
//! Read docs/ko/03-double-list.md, then replace the body below.

use pyo3::prelude::*;
use pyo3::types::PyList;

/// Store the doubled values at result[idx], holding the GIL while it works.
#[pyfunction]
pub fn double_list(
    py: Python<'_>,
    values: Vec<i64>,
    result: &Bound<'_, PyList>,
    idx: usize,
) -> PyResult<()> {
    let _ = (py, values, result, idx);
    Err(super::not_done(
        "연습 문제 3: GIL을 획득한 채 일하는 double_list를 아직 구현하지 않았습니다. docs/ko/03-double-list.md를 보세요",
    ))
}
