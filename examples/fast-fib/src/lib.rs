//! The Python bindings of fast-fib. The work itself is plain Rust in `fib.rs` and
//! `double.rs`; this file converts arguments and results and decides who holds the GIL.

mod double;
mod fib;

use pyo3::prelude::*;

/// Recursive Fibonacci and a GIL example, written in Rust with PyO3: the compiled module of
/// fast-fib.
#[pymodule(name = "_core")]
mod fastfib {
    use std::thread;
    use std::time::Duration;

    use pyo3::exceptions::{PyIndexError, PyOverflowError};
    use pyo3::prelude::*;
    use pyo3::sync::PyOnceLock;
    use pyo3::types::PyList;

    use crate::double::double_all;
    use crate::fib::{fib, fib_checked};

    /// The largest n that run() accepts: fib(93) is the last Fibonacci number that fits in 64 bits.
    #[pymodule_export]
    const MAX_N: u64 = crate::fib::MAX_N;

    /// How long the GIL example works; the sleep stands in for real work.
    const WORK: Duration = Duration::from_millis(500);

    /// Below this n the work takes less time than releasing and re-taking the GIL (about 40 ns).
    const RELEASE_GIL_FROM_N: u64 = 10;

    /// The n-th Fibonacci number, computed recursively in Rust with the GIL released.
    ///
    /// Other Python threads run while it works, and Ctrl-C stops it.
    #[pyfunction]
    fn run(py: Python<'_>, n: u64) -> PyResult<u64> {
        check_n(n)?;
        if n < RELEASE_GIL_FROM_N {
            // Releasing the GIL has a price: for tiny work, paying it would double the call's cost.
            return Ok(fib(n));
        }
        // `detach` releases the GIL while the closure runs. Ctrl-C can only be seen while attached
        // to the interpreter, so every millisecond or so we attach for a moment to look.
        py.detach(|| fib_checked(n, &mut || Python::attach(check_signals)))
    }

    /// The same as run(n), but holding the GIL throughout: no other Python thread runs meanwhile.
    #[pyfunction]
    fn run_gil_held(py: Python<'_>, n: u64) -> PyResult<u64> {
        check_n(n)?;
        fib_checked(n, &mut || check_signals(py))
    }

    /// Let Python run its signal handlers now: after Ctrl-C, its handler raises KeyboardInterrupt,
    /// which comes back here as an error and stops the work.
    ///
    /// On CPython, `py.check_signals()` is all it takes. On PyPy that function does nothing (PyPy
    /// leaves it empty), so there we also call PyPy's `_signal.pthread_sigmask(SIG_BLOCK, ())`,
    /// which runs the waiting handlers on its way out; blocking no signal changes nothing else.
    /// (`_signal`'s, not `signal`'s: that one is Python code, and while running Python code PyPy
    /// may hand the GIL to another thread, which run_gil_held promises not to do.)
    fn check_signals(py: Python<'_>) -> PyResult<()> {
        py.check_signals()?;
        if let Some((pthread_sigmask, block)) =
            PYPY_SIGMASK.get_or_try_init(py, || pypy_sigmask(py))?
        {
            pthread_sigmask.call1(py, (block, ()))?;
        }
        Ok(())
    }

    /// PyPy's `_signal.pthread_sigmask` and `SIG_BLOCK`, looked up on the first check; None on
    /// CPython, and on a PyPy without pthread_sigmask (Windows).
    static PYPY_SIGMASK: PyOnceLock<Option<(Py<PyAny>, Py<PyAny>)>> = PyOnceLock::new();

    fn pypy_sigmask(py: Python<'_>) -> PyResult<Option<(Py<PyAny>, Py<PyAny>)>> {
        let implementation = py
            .import("sys")?
            .getattr("implementation")?
            .getattr("name")?;
        if implementation.extract::<String>()? != "pypy" {
            return Ok(None);
        }
        let signal = py.import("_signal")?;
        if !signal.hasattr("pthread_sigmask")? {
            return Ok(None);
        }
        let pthread_sigmask = signal.getattr("pthread_sigmask")?.unbind();
        let block = signal.getattr("SIG_BLOCK")?.unbind();
        Ok(Some((pthread_sigmask, block)))
    }

    fn check_n(n: u64) -> PyResult<()> {
        if n > crate::fib::MAX_N {
            return Err(PyOverflowError::new_err(format!(
                "fib({n}) does not fit in 64 bits: n must be at most {}",
                crate::fib::MAX_N
            )));
        }
        Ok(())
    }

    /// Store the doubled values at result[idx], releasing the GIL while it works (about 0.5 s).
    #[pyfunction]
    // result's type for the type stub (stubs.py): PyList alone says a bare `list`, which mypy
    // --strict refuses.
    #[pyo3(signature = (values, result: "list[object]", idx))]
    fn double_list(
        py: Python<'_>,
        values: Vec<i64>,
        result: &Bound<'_, PyList>,
        idx: usize,
    ) -> PyResult<()> {
        double_into(py, &values, result, idx, true)
    }

    /// The same as double_list, but holding the GIL while it works, as the tutorial's version did.
    #[pyfunction]
    #[pyo3(signature = (values, result: "list[object]", idx))]
    fn double_list_gil_held(
        py: Python<'_>,
        values: Vec<i64>,
        result: &Bound<'_, PyList>,
        idx: usize,
    ) -> PyResult<()> {
        double_into(py, &values, result, idx, false)
    }

    fn double_into(
        py: Python<'_>,
        values: &[i64],
        result: &Bound<'_, PyList>,
        idx: usize,
        release_gil: bool,
    ) -> PyResult<()> {
        say(py, "Rust: Enter double_list...")?;
        if idx >= result.len() {
            let len = result.len();
            return Err(PyIndexError::new_err(format!(
                "result has {len} items, so idx {idx} is out of range"
            )));
        }
        let work = || {
            thread::sleep(WORK);
            double_all(values)
        };
        // The one line that differs: run the work detached from the interpreter, or attached.
        let doubled = if release_gil { py.detach(work) } else { work() };
        // Python objects can only be touched while attached, which we are again here.
        say(py, "Rust: Acquire GIL...")?;
        let doubled = doubled
            .ok_or_else(|| PyOverflowError::new_err("a doubled value does not fit in 64 bits"))?;
        result.set_item(idx, doubled)?;
        say(py, "Rust: Exit...")
    }

    /// Print through Python's print(), not println!: the text goes to sys.stdout, where pytest and
    /// notebooks see it, and it cannot land in the middle of a line another thread is printing.
    fn say(py: Python<'_>, message: &str) -> PyResult<()> {
        py.import("builtins")?.getattr("print")?.call1((message,))?;
        Ok(())
    }
}
