//! Exercise 6: real parallelism, `count_primes_parallel(limit, threads)`. (Solution.)

use std::thread;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use super::is_prime;

/// The numbers are dealt out to the threads in blocks of this many.
const BLOCK: u64 = 1024;

/// The same count as count_primes(limit), split over `threads` Rust threads, GIL released.
#[pyfunction]
pub fn count_primes_parallel(py: Python<'_>, limit: u64, threads: usize) -> PyResult<u64> {
    if threads == 0 {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    let blocks = limit.div_ceil(BLOCK);
    Ok(py.detach(|| {
        // Thread i takes blocks i, i + threads, i + 2 * threads, ...: every thread gets small and
        // large numbers alike, so they finish together (large numbers take longer to test). A
        // scope's threads may borrow from the function, and all of them end before it returns.
        thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|i| {
                    scope.spawn(move || {
                        (i as u64..blocks)
                            .step_by(threads)
                            .flat_map(|block| {
                                block * BLOCK..(block * BLOCK).saturating_add(BLOCK).min(limit)
                            })
                            .filter(|&n| is_prime(n))
                            .count() as u64
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|worker| worker.join().expect("a worker thread panicked"))
                .sum()
        })
    }))
}
