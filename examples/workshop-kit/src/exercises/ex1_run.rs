//! Exercise 1: the chapter's recursive Fibonacci, `run(n)`.
//! Read docs/ko/01-run.md, then replace the body below.

use pyo3::prelude::*;

/// The n-th Fibonacci number, computed recursively.
#[pyfunction]
pub fn run(n: u64) -> PyResult<u64> {
    let _ = n;
    Err(super::not_done(
        "연습 문제 1: 재귀 피보나치 run(n)을 아직 구현하지 않았습니다. docs/ko/01-run.md를 보세요",
    ))
}
