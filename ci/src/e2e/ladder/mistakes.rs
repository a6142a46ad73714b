//! The wrong solutions ([`MISTAKES`]): one for each requirement an exercise's page lists under
//! [`REQUIREMENTS_HEADINGS`], each an edit of the solution's text, and the check that the pages'
//! lists and the mistakes agree.

use anyhow::{Context, Result, bail};

/// The heading of a page's list of requirements, by language: each item is a requirement that
/// [`MISTAKES`] breaks once.
pub const REQUIREMENTS_HEADINGS: &[&str] = &["## What the tests check", "## 테스트가 확인하는 것"];

/// A deliberate mistake in a solution, one for each requirement its exercise's page lists under
/// [`REQUIREMENTS_HEADINGS`] (in the page's order): `progress` must show the exercise `failing`.
pub struct Mistake {
    /// The exercise's file in src/exercises/.
    pub file: &'static str,
    /// What is wrong, as the log says it.
    pub what: &'static str,
    /// Whether it is a rustc warning (the only requirement `progress` checks without a test):
    /// every other mistake compiles without one, so that a test is what catches it.
    pub warns: bool,
    /// The mistake, made in the solution's text.
    pub edit: fn(&str) -> Result<String>,
}

const fn mistake(
    file: &'static str,
    what: &'static str,
    edit: fn(&str) -> Result<String>,
) -> Mistake {
    Mistake {
        file,
        what,
        warns: false,
        edit,
    }
}

/// The wrong solutions, by exercise, in the order of each page's list of requirements.
pub const MISTAKES: &[Mistake] = &[
    mistake("ex0_hello.rs", "a greeting from Python", |s| {
        replace_once(s, "from Rust!\")", "from Python!\")")
    }),
    Mistake {
        file: "ex0_hello.rs",
        what: "a warning (unreachable code after a return)",
        warns: true,
        edit: |s| {
            replace_once(
                s,
                "    format!(\"Hello, {name}, from Rust!\")\n",
                "    return format!(\"Hello, {name}, from Rust!\");\n    String::new()\n",
            )
        },
    },
    mistake("ex1_run.rs", "fib(1) taken as 2", |s| {
        replace_once(s, "1 => 1,", "1 => 2,")
    }),
    mistake("ex1_run.rs", "a float taken for n", |s| {
        replace_once(
            s,
            "run(n: u64) -> PyResult<u64> {\n    Ok(fib(n))",
            "run(n: f64) -> PyResult<u64> {\n    Ok(fib(n as u64))",
        )
    }),
    mistake("ex2_profile.rs", "the answers swapped", |s| {
        let swapped = s
            .replace("\"debug\"", "\u{0}")
            .replace("\"release\"", "\"debug\"")
            .replace('\u{0}', "\"release\"");
        if swapped == s {
            bail!("no \"debug\" or \"release\" to swap");
        }
        Ok(swapped)
    }),
    mistake("ex2_profile.rs", "a fixed \"release\"", |s| {
        replace_once(
            s,
            "Ok(if cfg!(debug_assertions) {\n        \"debug\"\n    } else {\n        \"release\"\n    })",
            "Ok(\"release\")",
        )
    }),
    mistake(
        "ex3_double_list.rs",
        "no `Rust: Acquire GIL...` line",
        |s| replace_once(s, "    say(py, \"Rust: Acquire GIL...\")?;\n", ""),
    ),
    mistake(
        "ex3_double_list.rs",
        "the values stored undoubled",
        undoubled,
    ),
    mistake(
        "ex3_double_list.rs",
        "a bad idx let through",
        bad_idx_let_through,
    ),
    mistake("ex3_double_list.rs", "an overflow wrapped", wrapped),
    mistake(
        "ex3_double_list.rs",
        "the GIL released for the sleep",
        |s| {
            replace_once(
                s,
                "    thread::sleep(WORK);\n",
                "    py.detach(|| thread::sleep(WORK));\n",
            )
        },
    ),
    mistake("ex4_detach.rs", "no `Rust: Acquire GIL...` line", |s| {
        replace_once(s, "    say(py, \"Rust: Acquire GIL...\")?;\n", "")
    }),
    mistake("ex4_detach.rs", "the values stored undoubled", undoubled),
    mistake(
        "ex4_detach.rs",
        "a bad idx let through",
        bad_idx_let_through,
    ),
    mistake("ex4_detach.rs", "an overflow wrapped", wrapped),
    mistake("ex4_detach.rs", "the work done holding the GIL", |s| {
        let s = replace_once(s, "py.detach(|| {", "(|| {")?;
        replace_once(
            &s,
            "    });\n    let doubled = doubled",
            "    })();\n    let doubled = doubled",
        )
    }),
    mistake("ex5_ctrl_c.rs", "limit itself counted", |s| {
        replace_once(s, "for n in 0..limit {", "for n in 0..=limit {")
    }),
    mistake("ex5_ctrl_c.rs", "Ctrl-C ignored", |s| {
        replace_once(s, "py.check_signals()?;", "let _ = py.check_signals();")
    }),
    mistake(
        "ex6_parallel.rs",
        "every other block skipped on one thread",
        |s| replace_once(s, ".step_by(threads)", ".step_by(threads.max(2))"),
    ),
    mistake("ex6_parallel.rs", "no threads let through", |s| {
        replace_once(s, "if threads == 0 {", "if threads == usize::MAX {")
    }),
    mistake("ex6_parallel.rs", "the count done holding the GIL", |s| {
        let s = replace_once(s, "Ok(py.detach(|| {", "let _ = py;\n    Ok((|| {")?;
        replace_once(&s, "    }))\n}", "    })())\n}")
    }),
    mistake("ex7_class.rs", "an off-by-one in negative indices", |s| {
        replace_once(
            s,
            "len.checked_sub(index.unsigned_abs())",
            "len.checked_sub(index.unsigned_abs() + 1)",
        )
    }),
    mistake("ex7_class.rs", "an index out of range clamped", |s| {
        replace_once(
            s,
            "self.numbers.get(p).copied()",
            "self.numbers.get(p.min(len.saturating_sub(1))).copied()",
        )
    }),
    mistake("ex7_class.rs", "the iterator walking backwards", |s| {
        replace_once(s, "self.numbers.next()", "self.numbers.next_back()")
    }),
    mistake("ex7_class.rs", "count under another name", |s| {
        replace_once(
            s,
            "#[getter]\n    fn count",
            "#[getter(size)]\n    fn count",
        )
    }),
    mistake("ex7_class.rs", "index() finding the last position", |s| {
        replace_once(
            s,
            ".position(|&n| n == value)",
            ".rposition(|&n| n == value)",
        )
    }),
    mistake("ex7_class.rs", "another repr", |s| {
        replace_once(
            s,
            "format!(\"Fibonacci({})\", self.numbers.len())",
            "format!(\"Fibonacci(count={})\", self.numbers.len())",
        )
    }),
    mistake("ex7_class.rs", "a count of 95 let through", |s| {
        replace_once(s, "if count > MAX_COUNT {", "if count > MAX_COUNT + 1 {")
    }),
    mistake("ex7_class.rs", "a class of no module", |s| {
        without_module(s)
    }),
    mistake("ex8_errors.rs", "every quotient negated", |s| {
        replace_once(s, "    Ok(quotient)\n", "    Ok(quotient.wrapping_neg())\n")
    }),
    mistake("ex8_errors.rs", "a negative remainder let through", |s| {
        replace_once(s, "if remainder != 0 {", "if remainder > 0 {")
    }),
    mistake("ex8_errors.rs", "a message without the remainder", |s| {
        let s = replace_once(
            s,
            "DivisionError::Remainder { a, b, remainder } => {",
            "DivisionError::Remainder { a, b, .. } => {",
        )?;
        replace_once(
            &s,
            "write!(f, \"{b} does not divide {a}: the remainder is {remainder}\")",
            "write!(f, \"{b} does not divide {a}\")",
        )
    }),
    mistake("ex8_errors.rs", "zero and overflow swapped", |s| {
        replace_once(
            s,
            "if b == 0 {\n        DivisionError::ByZero\n    } else {\n        DivisionError::TooLarge\n    }",
            "if b == 0 {\n        DivisionError::TooLarge\n    } else {\n        DivisionError::ByZero\n    }",
        )
    }),
    mistake(
        "ex8_errors.rs",
        "i64::MIN refused whatever the divisor",
        |s| {
            replace_once(
                s,
                "a.checked_div(b).ok_or(",
                "a.checked_div(b).filter(|_| a != i64::MIN).ok_or(",
            )
        },
    ),
    mistake(
        "ex8_errors.rs",
        "an Exception, not an ArithmeticError",
        |s| {
            replace_once(
                s,
                "use pyo3::exceptions::{PyArithmeticError,",
                "use pyo3::exceptions::{PyException as PyArithmeticError,",
            )
        },
    ),
];

/// Exercises 3 and 4: the list stored as it came.
fn undoubled(s: &str) -> Result<String> {
    replace_once(
        s,
        "result.set_item(idx, doubled)?;",
        "result.set_item(idx, doubled.iter().map(|x| x / 2).collect::<Vec<_>>())?;",
    )
}

/// Exercises 3 and 4: `result.set_item`'s IndexError dropped.
fn bad_idx_let_through(s: &str) -> Result<String> {
    replace_once(
        s,
        "result.set_item(idx, doubled)?;",
        "let _ = result.set_item(idx, doubled);",
    )
}

/// Exercises 3 and 4: a double that does not fit wraps around.
fn wrapped(s: &str) -> Result<String> {
    replace_once(s, "x.checked_mul(2)", "Some(x.wrapping_mul(2))")
}

/// Exercise 7: `#[pyclass(module = "...", frozen)]` without its module.
fn without_module(s: &str) -> Result<String> {
    let start = s
        .find("#[pyclass(module = \"")
        .context("no #[pyclass(module = ...)]")?;
    let end = start + s[start..].find(", frozen)]").context("no frozen pyclass")?;
    Ok(format!("{}#[pyclass({}", &s[..start], &s[end + 2..]))
}

/// The mistakes of one exercise, in its page's order.
pub fn mistakes_of(exercise: u64) -> Vec<&'static Mistake> {
    MISTAKES
        .iter()
        .filter(|m| number_of(m.file) == exercise)
        .collect()
}

/// How many requirements a page lists under [`REQUIREMENTS_HEADINGS`]: its list items there.
pub fn requirements_listed(page: &str) -> usize {
    let mut lines = page
        .lines()
        .skip_while(|l| !REQUIREMENTS_HEADINGS.contains(&l.trim_end()))
        .skip(1);
    let mut count = 0;
    for line in lines.by_ref() {
        if line.starts_with("## ") {
            break;
        }
        count += usize::from(line.starts_with("- "));
    }
    count
}

/// Every page of the kit at `kit` lists as many requirements as [`MISTAKES`] has wrong solutions
/// for its exercise.
pub fn requirements_match_mistakes(kit: &std::path::Path) -> Result<()> {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(kit.join("docs"))? {
        let language = entry?.path();
        for page in std::fs::read_dir(&language)? {
            let page = page?.path();
            let name = page.file_name().unwrap().to_string_lossy().into_owned();
            let Some(number) = name.get(..2).and_then(|n| n.parse::<u64>().ok()) else {
                continue;
            };
            let listed = requirements_listed(&std::fs::read_to_string(&page)?);
            let mistakes = mistakes_of(number).len();
            if listed == 0 || listed != mistakes {
                problems.push(format!(
                    "{} lists {listed} requirement(s) under {REQUIREMENTS_HEADINGS:?}, and ci/src/e2e/ladder/mistakes.rs's MISTAKES has {mistakes} wrong solution(s) for exercise {number}: one each",
                    page.display()
                ));
            }
        }
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("\n"));
    }
    Ok(())
}

/// The exercise of a file named exN_...
pub(super) fn number_of(file: &str) -> u64 {
    file[2..file.find('_').unwrap()].parse().unwrap()
}

pub(super) fn replace_once(text: &str, from: &str, to: &str) -> Result<String> {
    if text.matches(from).count() != 1 {
        bail!("{from:?} is not in the file exactly once");
    }
    Ok(text.replacen(from, to, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_wrong_solution_applies_and_every_requirement_has_one() {
        let kit = crate::examples::instructor_example().unwrap().dir;
        for mistake in MISTAKES {
            let solution = kit.join("solutions").join(mistake.file);
            let file = if solution.exists() {
                solution
            } else {
                kit.join("src/exercises").join(mistake.file)
            };
            let text = std::fs::read_to_string(&file).unwrap();
            let wrong = (mistake.edit)(&text)
                .unwrap_or_else(|e| panic!("{} in {}: {e}", mistake.what, file.display()));
            assert_ne!(wrong, text, "{}", mistake.what);
        }
        requirements_match_mistakes(&kit).unwrap();
    }

    #[test]
    fn requirements_are_the_list_under_their_heading() {
        let page = "# 3. x\n\n## Check\n\n- not this\n\n## What the tests check\n\nIntro:\n\n- one\n  more\n- two\n\n## Done\n\n- not this\n";
        assert_eq!(requirements_listed(page), 2);
        assert_eq!(requirements_listed("# 0\n\n- a\n"), 0);
    }
}
