//! Exercise 6: real parallelism, `count_primes_parallel(limit, threads)`.
//! Read its page, 06-parallel.md in docs/, then replace the body below.

use pyo3::prelude::*;

/// The same count as count_primes(limit), split over `threads` Rust threads, GIL released.
#[pyfunction]
pub fn count_primes_parallel(py: Python<'_>, limit: u64, threads: usize) -> PyResult<u64> {
    let _ = (py, limit, threads);
    Err(super::not_done(file!()))
}
