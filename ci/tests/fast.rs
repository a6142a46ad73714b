//! The fast checks: `cargo test --test fast` (seconds, plus a minute when the CLI is installed).

use pyo3_starter_ci::answers::{interactive, names, overwrite};
use pyo3_starter_ci::examples::{BUILDS, examples};
use pyo3_starter_ci::static_checks::{encodings, golden, kits, lint, mirror, reads, twins};
use pyo3_starter_ci::workflows;

fn ok<T>(result: anyhow::Result<T>) -> T {
    result.unwrap_or_else(|e| panic!("{e:#}"))
}

#[test]
fn every_template_file_renders_strictly_for_every_choice() {
    assert!(ok(lint::lint()) > 0);
}

#[test]
fn examples_are_exactly_what_the_template_renders() {
    ok(golden::check_examples());
}

#[test]
fn the_kits_pages_mirror_and_no_solution_is_in_an_attendee_kit() {
    // Every kit among the examples (examples.rs's table marks them).
    let kits = BUILDS
        .iter()
        .filter(|b| b.kit.is_some() && b.python_version.is_none())
        .count();
    assert_eq!(ok(kits::check_kits()), kits);
}

#[test]
fn every_readme_mirrors_in_english_and_korean() {
    // Each example against its other language, an instructor kit's two READMEs, and the extra
    // answers rendered in both.
    let instructors = BUILDS
        .iter()
        .filter(|b| b.kit == Some(pyo3_starter_ci::examples::Kit::Instructor))
        .filter(|b| b.python_version.is_none())
        .count();
    let pairs = ok(examples()).len() + instructors + mirror::README_ANSWERS.len();
    assert_eq!(ok(mirror::check_readmes()), pairs);
}

#[test]
fn an_instructor_kits_bundle_hands_out_exactly_the_attendee_kit_in_each_language() {
    // Each language's instructor kit, with its own description and the default one, and with uv,
    // derives the attendee kit in each language.
    let languages = ok(pyo3_starter_ci::languages()).len();
    assert_eq!(ok(twins::check_attendee_twins()), 3 * languages * languages);
}

#[test]
fn names_and_values_are_accepted_or_refused_as_the_table_says() {
    assert!(ok(names::check_table()) >= 40);
}

#[test]
fn an_interactive_run_explains_a_refused_answer_and_asks_again() {
    assert!(ok(interactive::check()) >= 10);
}

#[test]
fn nothing_a_user_has_is_overwritten() {
    assert!(ok(overwrite::check()) >= 2);
}

#[test]
fn every_workflow_passes_check_jsonschema_and_zizmor() {
    assert!(ok(workflows::check()) >= 3);
}

#[test]
fn every_path_and_command_people_read_is_there() {
    // The examples' READMEs, pages, scripts' messages and doc comments, and the root docs.
    assert!(ok(reads::check_reads()) > 1000);
}

#[test]
fn every_file_is_encoded_as_the_program_that_reads_it_expects() {
    // The template, every example, and the offline bundle's files.
    assert!(ok(encodings::check_encodings()) > 100);
}
