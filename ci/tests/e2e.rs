//! The slow check: `cargo test --test e2e` builds every example as its README says (minutes).

use pyo3_starter_ci::e2e::build;

#[test]
fn every_example_builds_and_passes_its_tests_checks_and_benchmark() {
    build::build_examples(None).unwrap_or_else(|e| panic!("{e:#}"));
}
