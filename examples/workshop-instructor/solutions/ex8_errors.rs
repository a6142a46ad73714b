//! Exercise 8: Rust errors as Python exceptions, `exact_div(a, b)`. (Solution.)

use std::fmt;

use pyo3::create_exception;
use pyo3::exceptions::{PyArithmeticError, PyOverflowError, PyZeroDivisionError};
use pyo3::prelude::*;

// The module's own exception, a subclass of ArithmeticError (as ZeroDivisionError and
// OverflowError are): src/lib.rs exports it, so Python code can `except InexactDivisionError`.
create_exception!(
    workshop_instructor,
    InexactDivisionError,
    PyArithmeticError,
    "exact_div(a, b) with a remainder: b does not divide a."
);

/// Why a / b has no exact answer: plain Rust, no PyO3.
#[derive(Debug, PartialEq)]
pub enum DivisionError {
    /// b is 0.
    ByZero,
    /// The one quotient of two i64 that is no i64: i64::MIN / -1.
    TooLarge,
    /// b does not divide a.
    Remainder { a: i64, b: i64, remainder: i64 },
}

impl fmt::Display for DivisionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DivisionError::ByZero => write!(f, "division by zero"),
            DivisionError::TooLarge => write!(f, "the quotient does not fit in 64 bits"),
            DivisionError::Remainder { a, b, remainder } => {
                write!(f, "{b} does not divide {a}: the remainder is {remainder}")
            }
        }
    }
}

/// Each Rust error becomes the Python exception that says what went wrong, with its message.
/// PyO3 calls this wherever `?` meets a DivisionError in a function that returns a PyResult.
impl From<DivisionError> for PyErr {
    fn from(error: DivisionError) -> PyErr {
        let message = error.to_string();
        match error {
            DivisionError::ByZero => PyZeroDivisionError::new_err(message),
            DivisionError::TooLarge => PyOverflowError::new_err(message),
            DivisionError::Remainder { .. } => InexactDivisionError::new_err(message),
        }
    }
}

/// a / b in plain Rust: checked_div is None for a zero divisor and for i64::MIN / -1, the two
/// divisions that would panic.
fn divide(a: i64, b: i64) -> Result<i64, DivisionError> {
    let quotient = a.checked_div(b).ok_or(if b == 0 {
        DivisionError::ByZero
    } else {
        DivisionError::TooLarge
    })?;
    let remainder = a % b;
    if remainder != 0 {
        return Err(DivisionError::Remainder { a, b, remainder });
    }
    Ok(quotient)
}

/// a / b, when b divides a exactly.
#[pyfunction]
pub fn exact_div(a: i64, b: i64) -> PyResult<i64> {
    Ok(divide(a, b)?)
}
