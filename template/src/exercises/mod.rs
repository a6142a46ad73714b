//! The workshop's exercises, one file each: you write the function bodies in those files.
//! This file and src/lib.rs stay as they are (src/lib.rs exports every exercise to Python).
//! Until you write it, an exercise raises `NotImplementedError` naming itself and its page: a
//! Python exception, not a panic or a compile error, so an unfinished exercise never blocks the
//! next one.
//!
//! The helpers below are for the exercises to use.

pub mod ex0_hello;
pub mod ex1_run;
pub mod ex2_profile;
pub mod ex3_double_list;
pub mod ex4_detach;
pub mod ex5_ctrl_c;
pub mod ex6_parallel;
pub mod ex7_class;
pub mod ex8_errors;

use std::time::Duration;

use pyo3::exceptions::PyNotImplementedError;
use pyo3::prelude::*;

/// The error of an exercise that is not done yet, raised by the exercise in the file `file` (its
/// `file!()`): a NotImplementedError naming the exercise and its page, in the kit's language.
pub fn not_done(file: &str) -> PyErr {
    // "src/exercises/ex3_double_list.rs" is exercise 3, whose page is docs/<language>/03-double-list.md.
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let (number, slug) = name
        .trim_start_matches("ex")
        .trim_end_matches(".rs")
        .split_once('_')
        .unwrap_or(("?", name));
    let number: u32 = number.parse().unwrap_or(0);
    let page = format!(
        "docs/{}/{number:02}-{}.md",
        language(),
        slug.replace('_', "-")
    );
    PyNotImplementedError::new_err(match language() {
        "ko" => format!("연습 문제 {number}: 아직 풀지 않았습니다. {page}를 읽고 풀어 보세요"),
        _ => format!("exercise {number}: not done yet; read {page}, then write it"),
    })
}

/// The kit's language: pyproject.toml's `[tool.workshop] language` ("en" or "ko"), read when the
/// module is compiled (cargo rebuilds it when pyproject.toml changes).
fn language() -> &'static str {
    let pyproject = include_str!("../../pyproject.toml");
    let workshop = pyproject.split("[tool.workshop]").nth(1).unwrap_or("");
    let line = workshop.lines().find(|l| l.starts_with("language = "));
    line.and_then(|l| l.split('"').nth(1)).unwrap_or("en")
}

/// Print a line through Python's sys.stdout, not println!: pytest and notebooks see it, in order
/// with what Python prints. The line and its end go in one write, which no other thread's can
/// split (print() writes them one after the other).
pub fn say(py: Python<'_>, message: &str) -> PyResult<()> {
    let stdout = py.import("sys")?.getattr("stdout")?;
    stdout.call_method1("write", (format!("{message}\n"),))?;
    Ok(())
}

/// How long the GIL exercises (3 and 4) work: a sleep stands in for real work.
pub const WORK: Duration = Duration::from_millis(500);

/// Whether `n` is a prime number, by trial division: slow on purpose (exercises 5 and 6).
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    let mut divisor = 2;
    while divisor <= n / divisor {
        if n % divisor == 0 {
            return false;
        }
        divisor += 1;
    }
    true
}
