//! Exercise 2: debug against release builds, `build_profile()`. (Solution.)

use pyo3::prelude::*;

/// "debug" in a debug build, "release" in an optimised one.
#[pyfunction]
pub fn build_profile() -> PyResult<&'static str> {
    // debug_assertions are on in the dev profile (`maturin develop --profile dev`) and off in
    // the optimised ones (`release`, and this kit's `develop`).
    Ok(if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    })
}
