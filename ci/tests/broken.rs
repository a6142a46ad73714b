//! The checks catch what they exist to catch: run the `ci` command on a copy of the repository
//! broken on purpose, and require a failure that names the file (`cargo test --test broken`).

use std::path::Path;
use std::process::Command;

use pyo3_starter_ci::copy_repository;
use pyo3_starter_ci::facts::fill;

/// Copy the repository (what the harness reads of it), apply `edit`, then run `ci <command>` on
/// the copy: it must fail, and what it says is returned.
fn fails_on_broken_copy(command: &str, edit: impl Fn(&Path)) -> String {
    let copy = tempfile::tempdir().unwrap();
    copy_repository(copy.path()).unwrap();
    edit(copy.path());
    // The lint stops at the first combination of answers with a problem: the same check, not the
    // 30,000 renders after it (minutes per broken copy).
    let args: &[&str] = match command {
        "lint" => &["lint", "--fail-fast"],
        _ => &[command],
    };
    let out = Command::new(env!("CARGO_BIN_EXE_pyo3-starter-ci"))
        .args(args)
        .env("PYO3_STARTER_ROOT", copy.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "`ci {command}` passed on a broken copy"
    );
    said
}

fn append(file: &Path, text: &str) {
    let mut contents = std::fs::read_to_string(file).unwrap();
    contents.push_str(text);
    std::fs::write(file, contents).unwrap();
}

fn assert_says(said: &str, fragments: &[&str]) {
    for fragment in fragments {
        assert!(
            said.contains(fragment),
            "{fragment:?} missing from:\n{said}"
        );
    }
}

#[test]
fn lint_names_the_file_and_an_unknown_variable() {
    let said = fails_on_broken_copy("lint", |root| {
        append(&root.join("template/src/lib.rs"), "// {{ modul }}\n");
    });
    assert_says(&said, &["template/src/lib.rs", "modul"]);
}

#[test]
fn lint_names_a_file_with_an_unescaped_github_expression() {
    let said = fails_on_broken_copy("lint", |root| {
        let file = root.join("template/.github/workflows/release.yml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, "run: echo ${{ github.ref_name }}\n").unwrap();
    });
    assert_says(
        &said,
        &[
            "template/.github/workflows/release.yml",
            "github",
            "{% raw %}",
        ],
    );
}

#[test]
fn check_shows_a_diff_naming_a_template_change_nobody_blessed() {
    let said = fails_on_broken_copy("check", |root| {
        append(
            &root.join("template/README.md"),
            "An edit nobody blessed.\n",
        );
    });
    assert_says(
        &said,
        &[
            "examples/fibonacci differs",
            "README.md (checked in)",
            "+An edit nobody blessed.",
            "cargo ci bless",
        ],
    );
}

#[test]
fn check_names_a_quote_and_a_table_of_the_facts_that_differ_from_the_facts() {
    // The README's range of Pythons ends too soon, and CONTRIBUTING.md's table lacks a row.
    let said = fails_on_broken_copy("check", |root| {
        let newest = fill("{newest}");
        let readme = root.join("README.md");
        let text = std::fs::read_to_string(&readme).unwrap();
        let quoted = fill("any CPython from {oldest} to {newest}");
        assert!(text.contains(&quoted));
        let shorter = quoted.replace(&newest, &fill("{above-default}"));
        std::fs::write(&readme, text.replace(&quoted, &shorter)).unwrap();
        let contributing = root.join("CONTRIBUTING.md");
        let text = std::fs::read_to_string(&contributing).unwrap();
        let row = text.lines().find(|l| l.contains("`pipenv` |")).unwrap();
        std::fs::write(&contributing, text.replace(&format!("{row}\n"), "")).unwrap();
    });
    assert_says(
        &said,
        &[
            "README.md:",
            &fill("`any CPython from {oldest} to {above-default}` quotes"),
            "CONTRIBUTING.md: its table of the facts is not hooks/facts.rhai's",
            "cargo ci bless",
        ],
    );
}

#[test]
fn lint_names_a_broken_hook() {
    let said = fails_on_broken_copy("lint", |root| {
        append(&root.join("hooks/wheels.rhai"), "no_such_function();\n");
    });
    assert_says(&said, &["hooks/wheels.rhai", "no_such_function"]);
}

#[test]
fn lint_names_a_question_wider_than_a_terminal() {
    let said = fails_on_broken_copy("lint", |root| {
        let file = root.join("hooks/questions.rhai");
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = text.replacen(
            "prompt: \"Development tool\"",
            "prompt: \"Development tool: pipenv (the course chapter's), or uv, which rebuilds by itself\"",
            1,
        );
        assert_ne!(edited, text);
        std::fs::write(file, edited).unwrap();
    });
    assert_says(
        &said,
        &[
            "\"Development tool: pipenv (the course chapter's), or uv, which rebuilds by itself\"",
            "columns wide as cargo-generate prints it, more than 76",
        ],
    );
}

#[test]
fn check_names_an_example_missing_from_the_table() {
    let said = fails_on_broken_copy("check", |root| {
        std::fs::write(root.join("examples/extra.toml"), "[values]\n").unwrap();
    });
    assert_says(&said, &["examples/extra.toml", "BUILDS"]);
}

/// Append `text` to a template file and to every example's rendering of it, so that the examples
/// still match the template and only the kit checks can object.
fn append_everywhere(root: &Path, file: &str, text: &str) {
    append(&root.join("template").join(file), text);
    for example in std::fs::read_dir(root.join("examples")).unwrap() {
        let rendered = example.unwrap().path().join(file);
        if rendered.is_file() {
            append(&rendered, text);
        }
    }
}

#[test]
fn check_names_a_solution_line_in_the_attendee_kit() {
    let said = fails_on_broken_copy("check", |root| {
        append_everywhere(
            root,
            "docs/ko/01-run.md",
            "\n_ => fib(n - 1) + fib(n - 2),\n",
        );
    });
    assert_says(
        &said,
        &[
            "examples/workshop-kit/docs/ko/01-run.md",
            "solutions/ex1_run.rs",
            "fib(n - 1) + fib(n - 2)",
        ],
    );
}

#[test]
fn check_names_a_page_whose_code_blocks_differ_between_languages() {
    let said = fails_on_broken_copy("check", |root| {
        append_everywhere(
            root,
            "docs/en/01-run.md",
            "\n```sh\npipenv run progress\n```\n",
        );
    });
    assert_says(
        &said,
        &[
            "examples/workshop-instructor/docs/{en,ko}/01-run.md",
            "code blocks differ",
        ],
    );
}

#[test]
fn check_names_a_readme_whose_commands_differ_between_languages() {
    // Only the Korean project README changes, and the Korean example with it (uv-fib): the README
    // check finds it.
    let said = fails_on_broken_copy("check", |root| {
        for (file, command) in [
            ("template/README.ko.md", "{{check_command}}"),
            ("examples/uv-fib/README.md", "uv run check.py"),
        ] {
            let file = root.join(file);
            let text = std::fs::read_to_string(&file).unwrap();
            let (from, to) = (format!("`{command} pytest`"), format!("`{command} ruff`"));
            assert!(text.contains(&from));
            std::fs::write(file, text.replace(&from, &to)).unwrap();
        }
    });
    assert_says(
        &said,
        &[
            "examples/fibonacci/README.md",
            "rendered with language = \"ko\"",
            "commands differ",
            "pipenv run check ruff",
        ],
    );
}

#[test]
fn check_names_a_korean_project_whose_readme_is_in_english() {
    // The Korean project README replaced by the English one: every command the same, the language not.
    let said = fails_on_broken_copy("check", |root| {
        // template/README.ko.md is the project's Korean README (kit/ has the kit's).
        std::fs::copy(
            root.join("template/README.md"),
            root.join("template/README.ko.md"),
        )
        .unwrap();
        // Blessed, so that the Korean example (uv-fib) is what the template renders: only the
        // language gives it away.
        let blessed = Command::new(env!("CARGO_BIN_EXE_pyo3-starter-ci"))
            .arg("bless")
            .env("PYO3_STARTER_ROOT", root)
            .output()
            .unwrap();
        assert!(
            blessed.status.success(),
            "{}",
            String::from_utf8_lossy(&blessed.stderr)
        );
    });
    assert_says(
        &said,
        &[
            "examples/fibonacci.toml rendered with language = \"ko\" is not in the project's language",
            "examples/uv-fib/README.md is not in the project's language, \"ko\"",
        ],
    );
}

/// Edit an example's generated workflow (`examples/<example>/.github/workflows/CI.yml`).
fn edit_workflow(root: &Path, example: &str, edit: impl Fn(String) -> String) {
    let file = root
        .join("examples")
        .join(example)
        .join(".github/workflows/CI.yml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = edit(text.clone());
    assert_ne!(edited, text, "the edit changed nothing");
    std::fs::write(file, edited).unwrap();
}

#[test]
fn workflows_names_a_target_of_maturin_generate_ci_that_is_not_built() {
    let said = fails_on_broken_copy("workflows", |root| {
        edit_workflow(root, "fibonacci", |text| {
            text.lines()
                .filter(|l| {
                    !l.contains("{ wheels: musllinux-armv7, runner: ubuntu-24.04, target: armv7")
                })
                .map(|l| format!("{l}\n"))
                .collect()
        });
    });
    assert_says(
        &said,
        &[
            "examples/fibonacci/.github/workflows/CI.yml",
            "no job builds musllinux armv7 wheels",
            "maturin generate-ci",
        ],
    );
}

#[test]
fn workflows_names_a_wheel_that_no_interpreter_tests() {
    // The macOS wheels' tests lose PyPy 3.12: its wheel is still built and published.
    let said = fails_on_broken_copy("workflows", |root| {
        edit_workflow(root, "fibonacci", |text| {
            text.lines()
                .filter(|l| {
                    !(l.contains("wheels: macos-x86_64") && l.contains("python: \"pypy3.12\""))
                })
                .map(|l| format!("{l}\n"))
                .collect()
        });
    });
    assert_says(
        &said,
        &[
            "examples/fibonacci/.github/workflows/CI.yml",
            "wheels-macos-x86_64: its pp312-pypy312_pp* wheel is built, but no job tests it",
        ],
    );
}

#[test]
fn workflows_names_a_maturin_other_than_the_projects_pin() {
    let said = fails_on_broken_copy("workflows", |root| {
        edit_workflow(root, "gil", |text| {
            text.replacen(
                "maturin-version: ${{ needs.versions.outputs.maturin }}",
                "maturin-version: v1.16.0",
                1,
            )
        });
    });
    assert_says(
        &said,
        &[
            "examples/gil/.github/workflows/CI.yml",
            "builds with maturin \"v1.16.0\", not the project's pin",
        ],
    );
}

#[test]
fn workflows_names_a_kit_job_that_needs_the_harness_on_windows() {
    let said = fails_on_broken_copy("workflows", |root| {
        let file = root.join(".github/workflows/tests.yml");
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = text.replacen(
            "cp -r examples/workshop-instructor \"$RUNNER_TEMP/\"",
            "cargo ci generate workshop-instructor \"$RUNNER_TEMP\"",
            1,
        );
        assert_ne!(edited, text);
        std::fs::write(file, edited).unwrap();
    });
    assert_says(
        &said,
        &[
            ".github/workflows/tests.yml: job kit runs `cargo ci`",
            "Windows",
        ],
    );
}

/// The number the next line appended to a template file will have (the copy starts equal to it).
fn next_line(template_file: &str) -> usize {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../template")
        .join(template_file);
    std::fs::read_to_string(file).unwrap().lines().count() + 1
}

#[test]
fn lint_names_a_liquid_tag_in_a_python_file() {
    let line = next_line("check.py");
    let said = fails_on_broken_copy("lint", |root| {
        append(
            &root.join("template/check.py"),
            "{% if tool == \"uv\" %}\nimport os\n{% endif %}\n",
        );
    });
    assert_says(
        &said,
        &[
            &format!("template/check.py:{line}: a Liquid tag in a Python file"),
            &format!("template/check.py:{}: a Liquid tag", line + 2),
        ],
    );
}

#[test]
fn lint_names_a_python_file_that_does_not_compile() {
    let line = next_line("progress.py");
    let said = fails_on_broken_copy("lint", |root| {
        append(&root.join("template/progress.py"), "def broken(:\n");
    });
    assert_says(
        &said,
        &[&format!(
            "template/progress.py:{line}: not Python where it sits"
        )],
    );
}

/// The number of the line after the last of a checked-in file (the copy starts equal to it).
fn after_the_end(file: &str) -> usize {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(file);
    std::fs::read_to_string(file).unwrap().lines().count() + 1
}

/// Each class of what people read, broken at once (`check` runs every check of the renders and
/// reports all it finds, so one run shows each): a kit page naming a page the kit lacks (as
/// progress once named 02-profiles.md), a README's `pipenv run` of a script the Pipfile lacks, a
/// root doc's `cargo ci` of no harness command, and install-offline.ps1 with Korean text and no
/// byte-order mark (the mark taken off the copy, if it has one).
#[test]
fn check_names_what_people_read_that_is_not_there_or_misread() {
    let page = after_the_end("examples/workshop-instructor/docs/en/01-run.md") + 1;
    let readme = after_the_end("examples/fibonacci/README.md") + 1;
    let doc = after_the_end("docs/workshops.md") + 1;
    let said = fails_on_broken_copy("check", |root| {
        append_everywhere(
            root,
            "docs/en/01-run.md",
            "\nThen read `docs/en/02-profiles.md`.\n",
        );
        let text = "\nLint it with `pipenv run lint`.\n";
        append(&root.join("template/README.md"), text);
        for example in ["fibonacci", "gil", "fast-fib"] {
            append(&root.join("examples").join(example).join("README.md"), text);
        }
        append(
            &root.join("docs/workshops.md"),
            "\nTry a kit with `cargo ci kit`.\n",
        );
        for file in [
            "template/offline/install-offline.ps1",
            "examples/workshop-instructor/offline/install-offline.ps1",
        ] {
            let file = root.join(file);
            let text = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
            assert!(text.contains("설치"), "{} holds no Korean", file.display());
            std::fs::write(&file, text.trim_start_matches('\u{feff}')).unwrap();
        }
    });
    assert_says(
        &said,
        &[
            &format!(
                "examples/workshop-instructor/docs/en/01-run.md:{page}: names docs/en/02-profiles.md, which does not exist in the render"
            ),
            &format!(
                "examples/fibonacci/README.md:{readme}: names `pipenv run lint`, which runs lint: not a script of the Pipfile (bench, check, coverage, demo, format, stubs)"
            ),
            &format!(
                "docs/workshops.md:{doc}: names `cargo ci kit`, whose kit is no command of the harness"
            ),
            "template/offline/install-offline.ps1: holds non-ASCII text (line",
            "examples/workshop-instructor/offline/install-offline.ps1: holds non-ASCII text",
            "Windows PowerShell 5.1",
            "EF BB BF",
        ],
    );
}
