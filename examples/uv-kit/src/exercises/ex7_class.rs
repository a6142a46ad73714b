//! Exercise 7: a Rust type as a Python class, `Fibonacci(count)`.
//! Read its page, 07-class.md in docs/, then give the struct its fields and write every method.

use pyo3::prelude::*;

/// The first `count` Fibonacci numbers, as a read-only Python sequence.
#[pyclass(module = "uv_kit", frozen)]
pub struct Fibonacci {
    // Its fields: what every method needs to know.
}

#[pymethods]
impl Fibonacci {
    /// Fibonacci(count): fib(0) to fib(count - 1), for a count of at most 94.
    #[new]
    fn new(count: usize) -> PyResult<Self> {
        let _ = count;
        Err(not_done())
    }

    /// How many numbers it holds: a read-only property.
    #[getter]
    fn count(&self) -> PyResult<usize> {
        Err(not_done())
    }

    /// len(f).
    fn __len__(&self) -> PyResult<usize> {
        Err(not_done())
    }

    /// f[index], counting from the end for a negative index, as a list does.
    fn __getitem__(&self, index: isize) -> PyResult<u64> {
        let _ = index;
        Err(not_done())
    }

    /// iter(f), which `for x in f` calls: an iterator over the numbers.
    fn __iter__(&self) -> PyResult<Py<PyAny>> {
        Err(not_done())
    }

    /// repr(f): `Fibonacci(10)`.
    fn __repr__(&self) -> PyResult<String> {
        Err(not_done())
    }

    /// The position of the first number equal to `value`; ValueError if there is none.
    fn index(&self, value: u64) -> PyResult<usize> {
        let _ = value;
        Err(not_done())
    }
}

/// The error of every method until you write it: Fibonacci(count) raises it first.
fn not_done() -> PyErr {
    super::not_done(file!())
}
