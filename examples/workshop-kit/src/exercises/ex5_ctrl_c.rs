//! Exercise 5: Ctrl-C stops a long Rust loop, `count_primes(limit)`.
//! Read docs/ko/05-ctrl-c.md, then replace the body below.

use pyo3::prelude::*;

/// How many prime numbers are below `limit`; Ctrl-C stops it.
#[pyfunction]
pub fn count_primes(py: Python<'_>, limit: u64) -> PyResult<u64> {
    let _ = (py, limit);
    Err(super::not_done(
        "연습 문제 5: Ctrl-C로 멈추는 count_primes를 아직 구현하지 않았습니다. docs/ko/05-ctrl-c.md를 보세요",
    ))
}
