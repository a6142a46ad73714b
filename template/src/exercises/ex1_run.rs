//! Exercise 1: the chapter's recursive Fibonacci, `run(n)`.
//! Read docs/{{language}}/01-run.md, then replace the body below.

use pyo3::prelude::*;

/// The n-th Fibonacci number, computed recursively.
#[pyfunction]
pub fn run(n: u64) -> PyResult<u64> {
    let _ = n;
    Err(super::not_done(
{%- if language == "ko" %}
        "연습 문제 1: 재귀 피보나치 run(n)을 아직 구현하지 않았습니다. docs/{{language}}/01-run.md를 보세요",
{%- else %}
        "exercise 1: run(n), the recursive Fibonacci; see docs/{{language}}/01-run.md",
{%- endif %}
    ))
}
