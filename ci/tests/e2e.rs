//! The slow check: `cargo test --test e2e` builds every example as its README says (minutes).

use std::path::Path;

use pyo3_starter_ci::e2e::rows;

#[test]
fn every_example_builds_and_passes_its_tests_checks_and_benchmark() {
    rows::build_examples(None, Path::new(env!("CARGO_BIN_EXE_pyo3-starter-ci")))
        .unwrap_or_else(|e| panic!("{e:#}"));
}
