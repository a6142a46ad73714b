//! Exercise 6: real parallelism, `count_primes_parallel(limit, threads)`.
//! Read docs/{{language}}/06-parallel.md, then replace the body below.

use pyo3::prelude::*;

/// The same count as count_primes(limit), split over `threads` Rust threads, GIL released.
#[pyfunction]
pub fn count_primes_parallel(py: Python<'_>, limit: u64, threads: usize) -> PyResult<u64> {
    let _ = (py, limit, threads);
    Err(super::not_done(
{%- if language == "ko" %}
        "연습 문제 6: 러스트 스레드로 나눠 세는 count_primes_parallel을 아직 구현하지 않았습니다. docs/{{language}}/06-parallel.md를 보세요",
{%- else %}
        "exercise 6: count_primes_parallel, Rust threads; see docs/{{language}}/06-parallel.md",
{%- endif %}
    ))
}
