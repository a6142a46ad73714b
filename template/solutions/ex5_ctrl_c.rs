//! Exercise 5: Ctrl-C stops a long Rust loop, `count_primes(limit)`. (Solution.)

use pyo3::prelude::*;

use super::is_prime;

/// Look for Ctrl-C once per this many numbers: often enough to stop at once, rarely enough to
/// cost nothing.
const CHECK_EVERY: u64 = 10_000;

/// How many prime numbers are below `limit`; Ctrl-C stops it.
#[pyfunction]
pub fn count_primes(py: Python<'_>, limit: u64) -> PyResult<u64> {
    let mut count = 0;
    for n in 0..limit {
        if n % CHECK_EVERY == 0 {
            // Ctrl-C only sets a flag; check_signals runs Python's handler, whose
            // KeyboardInterrupt `?` passes on.
            py.check_signals()?;
        }
        if is_prime(n) {
            count += 1;
        }
    }
    Ok(count)
}
