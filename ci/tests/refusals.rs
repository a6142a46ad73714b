//! Every refusal is earned: with each rule switched off, its refused value breaks a build, an
//! install or an import (`cargo test --test refusals`; a few minutes: it builds and installs).

use pyo3_starter_ci::answers::refusals;

#[test]
fn every_rule_refuses_a_value_that_breaks_without_it() {
    refusals::check(None).unwrap_or_else(|e| panic!("{e:#}"));
}
