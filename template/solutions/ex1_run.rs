//! Exercise 1: the chapter's recursive Fibonacci, `run(n)`. (Solution.)

use pyo3::prelude::*;

/// The n-th Fibonacci number, computed recursively.
#[pyfunction]
pub fn run(n: u64) -> PyResult<u64> {
    Ok(fib(n))
}

/// Plain Rust, no PyO3: exponential on purpose, it is the CPU-bound work the chapter times.
fn fib(n: u64) -> u64 {
    match n {
        0 => 0,
        1 => 1,
        _ => fib(n - 1) + fib(n - 2),
    }
}
