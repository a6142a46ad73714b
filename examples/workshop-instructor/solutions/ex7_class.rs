//! Exercise 7: a Rust type as a Python class, `Fibonacci(count)`. (Solution.)

use pyo3::exceptions::{PyIndexError, PyOverflowError, PyValueError};
use pyo3::prelude::*;

/// The most numbers a Fibonacci holds: fib(93) is the last that fits in a u64.
const MAX_COUNT: usize = 94;

/// The first `count` Fibonacci numbers, as a read-only Python sequence.
#[pyclass(module = "workshop_instructor", frozen)]
pub struct Fibonacci {
    numbers: Vec<u64>,
}

#[pymethods]
impl Fibonacci {
    /// Fibonacci(count): fib(0) to fib(count - 1), for a count of at most 94.
    #[new]
    fn new(count: usize) -> PyResult<Self> {
        if count > MAX_COUNT {
            return Err(PyOverflowError::new_err(format!(
                "Fibonacci({count}): fib({}) does not fit in 64 bits; the count is at most {MAX_COUNT}",
                count - 1
            )));
        }
        let mut numbers: Vec<u64> = Vec::with_capacity(count);
        for n in 0..count {
            let next = if n < 2 {
                n as u64
            } else {
                numbers[n - 1] + numbers[n - 2]
            };
            numbers.push(next);
        }
        Ok(Fibonacci { numbers })
    }

    /// How many numbers it holds: a read-only property.
    #[getter]
    fn count(&self) -> usize {
        self.numbers.len()
    }

    /// len(f).
    fn __len__(&self) -> usize {
        self.numbers.len()
    }

    /// f[index], counting from the end for a negative index, as a list does.
    fn __getitem__(&self, index: isize) -> PyResult<u64> {
        let len = self.numbers.len();
        let position = if index < 0 {
            len.checked_sub(index.unsigned_abs())
        } else {
            Some(index.unsigned_abs())
        };
        position
            .and_then(|p| self.numbers.get(p).copied())
            .ok_or_else(|| PyIndexError::new_err(format!("Fibonacci({len}) has no index {index}")))
    }

    /// iter(f), which `for x in f` calls: an iterator over the numbers.
    fn __iter__(&self) -> FibonacciIter {
        FibonacciIter {
            numbers: self.numbers.clone().into_iter(),
        }
    }

    /// repr(f): `Fibonacci(10)`.
    fn __repr__(&self) -> String {
        format!("Fibonacci({})", self.numbers.len())
    }

    /// The position of the first number equal to `value`; ValueError if there is none.
    fn index(&self, value: u64) -> PyResult<usize> {
        self.numbers
            .iter()
            .position(|&n| n == value)
            .ok_or_else(|| PyValueError::new_err(format!("{value} is not in {}", self.__repr__())))
    }
}

/// What iter(f) returns: a class of its own that Python need not import, so src/lib.rs does not
/// export it. Not frozen: __next__ changes it, through `&mut self`.
#[pyclass(module = "workshop_instructor")]
pub struct FibonacciIter {
    numbers: std::vec::IntoIter<u64>,
}

#[pymethods]
impl FibonacciIter {
    /// An iterator is its own iterator: `for` calls iter() on it too.
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    /// The next number, or None, which PyO3 turns into StopIteration.
    fn __next__(&mut self) -> Option<u64> {
        self.numbers.next()
    }
}
