//! A uv project has no build step to remember: after an edit of src/lib.rs, the next `uv run`
//! rebuilds the module before it runs anything (pyproject.toml's `[tool.uv] cache-keys`). Shown on
//! a synced project: a new `#[pymodule_export]` constant and a changed return value, seen by
//! `uv run python -c ...` and then by `uv run pytest`, with no other command in between; then the
//! original file, seen again.

use anyhow::{Context, Result, bail};

use crate::project::{Project, Tool};

/// Where the new constant goes: after the module's first export, MAX_N.
const EXPORT: &str = "    const MAX_N: u64 = crate::fib::MAX_N;\n";
/// The return value changed: run(n) for n below 10, which keeps the GIL.
const RETURN: &str = "return Ok(fib(n));";

/// src/lib.rs with a new constant `EDITED = value` and run(n) for small n answering `extra` more.
fn edited(original: &str, value: u64, extra: u64) -> Result<String> {
    if !original.contains(EXPORT) || original.matches(RETURN).count() != 1 {
        bail!(
            "src/lib.rs has no `{}` or no single `{RETURN}` to edit",
            EXPORT.trim()
        );
    }
    Ok(original
        .replacen(
            EXPORT,
            &format!("{EXPORT}\n    #[pymodule_export]\n    const EDITED: u64 = {value};\n"),
            1,
        )
        .replacen(RETURN, &format!("return Ok(fib(n) + {extra});"), 1))
}

/// Edit, run, look; returns a line for the log.
pub fn check(project: &Project) -> Result<String> {
    if project.facts.tool != Tool::Uv {
        bail!("{}: not a uv project", project.dir.display());
    }
    let lib = project.dir.join("src").join("lib.rs");
    let original = std::fs::read_to_string(&lib)?;
    // The compiled module itself: a mixed layout's package re-exports only its own names.
    let m = &project.facts.compiled_module;

    // 1. `uv run python -c ...` right after the edit.
    std::fs::write(&lib, edited(&original, 42, 1000)?)?;
    let code = format!("import {m} as m; print(m.EDITED, m.run(5))");
    let seen = project.in_env(&["python", "-c", &code])?;
    if seen.trim() != "42 1005" {
        bail!(
            "after the edit, `uv run python -c` printed {seen:?}, not \"42 1005\": it ran the old module"
        );
    }

    // 2. `uv run pytest` right after the next edit: a test of the edit passes, and the project's
    // own test of run's first values fails, as it must with run(5) == 2005 (run_gil_held's
    // passes: it is not edited).
    std::fs::write(&lib, edited(&original, 43, 2000)?)?;
    let test = project.dir.join("tests").join("test_edited.py");
    std::fs::write(
        &test,
        format!(
            "import {m} as m\n\n\ndef test_the_edit_is_built() -> None:\n    assert m.EDITED == 43\n    assert m.run(5) == 2005\n"
        ),
    )?;
    let passed = project.in_env(&[
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_edited.py",
    ]);
    std::fs::remove_file(&test)?;
    passed.context("`uv run pytest` after the second edit")?;
    let own = project
        .in_env_cmd(&[
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_run.py",
            "-k",
            "first_values",
        ])?
        .output()?;
    let said = String::from_utf8_lossy(&own.stdout);
    if own.status.code() != Some(1)
        || !said.contains("FAILED tests/test_run.py::test_first_values[run]")
    {
        bail!(
            "with run(5) == 2005, the project's own test of run's first values did not fail under `uv run pytest` ({}):\n{said}",
            own.status
        );
    }

    // 3. The original file: the next `uv run` builds it again.
    std::fs::write(&lib, &original)?;
    let code = format!("import {m} as m; print(hasattr(m, 'EDITED'), m.run(5))");
    let seen = project.in_env(&["python", "-c", &code])?;
    if seen.trim() != "False 5" {
        bail!("with src/lib.rs as it was, `uv run python -c` printed {seen:?}, not \"False 5\"");
    }
    Ok("rebuilt by the next `uv run` after each edit of src/lib.rs: python -c saw EDITED = 42 and run(5) = 1005, pytest 43 and 2005 (and tests/test_run.py failing), then the original again".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edit_adds_a_constant_and_changes_a_return_value() {
        let lib = std::fs::read_to_string(crate::examples_dir().join("uv-fib/src/lib.rs")).unwrap();
        let text = edited(&lib, 7, 100).unwrap();
        assert!(text.contains("    #[pymodule_export]\n    const EDITED: u64 = 7;\n"));
        assert!(text.contains("return Ok(fib(n) + 100);"));
        assert!(!text.contains(RETURN));
        assert!(edited("fn main() {}", 7, 100).is_err());
    }
}
