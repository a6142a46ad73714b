//! `cargo ci <command>` from the repository root (an alias, in .cargo/config.toml, of `cargo run`
//! in ci/): the harness's checks, one at a time.

use anyhow::{Context, Result, bail};
use pyo3_starter_ci::answers::{interactive, names, overwrite, refusals};
use pyo3_starter_ci::e2e::{offline, rows};
use pyo3_starter_ci::examples::example_named;
use pyo3_starter_ci::static_checks::{encodings, golden, kits, lint, mirror, reads, twins};
use pyo3_starter_ci::{facts, perf, pins, repo_root, workflows};

const USAGE: &str = "usage: cargo ci <command>   (from the repository root)

  lint             every template file renders in strict Liquid, for every combination of choices
                   (--fail-fast: stop after the first combination with a problem)
  check            examples/ is exactly what the template renders (and what the CLI renders);
                   every file is encoded as its reader expects; every path and command the
                   examples and the root docs name is there;
                   the kits' pages mirror each other and no solution is in an attendee kit;
                   the README in English and in Korean mirror each other; an instructor
                   kit's bundle derives exactly the attendee kit, in each language
  bless            re-render examples/ after a deliberate change of the template
  names            the table of accepted and refused names and values
  refusals [RULE]  switch each rule of the answers off in turn (or only RULE) and show what its
                   refused value breaks
  interactive      answer the questions in a pseudo-terminal: a refused answer is asked again
  overwrite        nothing a user has is overwritten (existing directory, --init)
  workflows        every GitHub workflow passes check-jsonschema and zizmor; each generated one
                   builds maturin generate-ci's targets, tests every wheel before the release
                   and uses the project's pinned maturin and pytest; tests.yml's kit job runs no harness
  pins             every version pin of the repository with the newest release of what it pins;
                   fails when one is behind (not part of .ci/run: GitHub runs it weekly)
  build [EXAMPLE]  build every example (or one) as its README says; run its tests, checks,
                   benchmark, and its wheel and sdist in clean virtualenvs; two rows of
                   ci/src/examples.rs's table at a time, each printed when it ends, then their times
  build-row INDEX [PYTHON]
                   one row of that table, by its index (what `build` runs in each process)
  offline          the instructor kit's offline bundle, installed and used with no network (also
                   part of `build`; minutes)
  perf [ROUNDS]    the default project, with pipenv and with uv, against `maturin new -b pyo3`
                   with the same Rust code: install, builds, the edit-to-test-result loop, wheel
                   size, run() timings; a table, not pass/fail (minutes)
  facts [NAME | --github]
                   the facts of hooks/facts.rhai (the Python range, every pin): all of them,
                   one by name, or as NAME=VALUE lines for GitHub's $GITHUB_OUTPUT
  generate EXAMPLE DIR [KEY=VALUE...]
                   render an example into DIR/<EXAMPLE>, with answers of its values file
                   replaced (`-d KEY=VALUE`): the free-threaded job of tests.yml uses it
";

fn main() -> Result<()> {
    let command = std::env::args().nth(1).unwrap_or_default();
    match command.as_str() {
        "lint" => {
            let stop = match std::env::args().nth(2).as_deref() {
                Some("--fail-fast") => lint::Stop::AtTheFirstProblem,
                None => lint::Stop::AtTheEnd,
                Some(other) => bail!("lint takes --fail-fast or nothing, not {other}"),
            };
            println!("lint: {} renders passed", lint::lint_until(stop)?);
        }
        "check" => {
            golden::check_examples()?;
            // Each of the checks of the renders, and everything they found.
            let mut failed = Vec::new();
            let mut count = |result: anyhow::Result<usize>| {
                result.unwrap_or_else(|e| {
                    failed.push(format!("{e:#}"));
                    0
                })
            };
            let files = count(encodings::check_encodings());
            let names = count(reads::check_reads());
            let kits = count(kits::check_kits());
            let readmes = count(mirror::check_readmes());
            let twins = count(twins::check_attendee_twins());
            if !failed.is_empty() {
                bail!("{}", failed.join("\n"));
            }
            println!(
                "check: examples/ matches the template; {files} files encoded as their readers expect; {names} names people read, each there; {kits} workshop kits' pages and solutions; {readmes} README pairs in English and Korean; the attendee kits the bundle derives, {twins} pairs"
            );
        }
        "bless" => println!("bless: re-rendered {}", golden::bless()?.join(", ")),
        "facts" => facts::print(std::env::args().nth(2).as_deref())?,
        "names" => println!("names: {} cases passed", names::check_table()?),
        "interactive" => println!("interactive: {} questions answered", interactive::check()?),
        "refusals" => println!(
            "refusals: {} rules earned",
            refusals::check(std::env::args().nth(2).as_deref())?
        ),
        "overwrite" => println!("overwrite: {} runs passed", overwrite::check()?),
        "workflows" => println!("workflows: {} files passed", workflows::check()?),
        "pins" => pins::pins(&repo_root())?,
        "build" => rows::build_examples(
            std::env::args().nth(2).as_deref(),
            &std::env::current_exe()?,
        )?,
        "build-row" => rows::run_row(&std::env::args().skip(2).collect::<Vec<_>>())?,
        "perf" => {
            let rounds = match std::env::args().nth(2) {
                Some(n) => n.parse().ok().filter(|n| *n > 0).with_context(|| {
                    format!("perf {n:?}: expected a number of rounds, 1 or more\n{USAGE}")
                })?,
                None => perf::ROUNDS,
            };
            perf::perf(rounds)?
        }
        "offline" => println!(
            "offline: the bundle of {} installs and works offline",
            offline::check_instructor_example()?
        ),
        "generate" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let [example, dir, defines @ ..] = args.as_slice() else {
                bail!("{USAGE}");
            };
            let mut render = example_named(example)?.render();
            for define in defines {
                let Some((key, value)) = define.split_once('=') else {
                    bail!("{define}: expected KEY=VALUE\n{USAGE}");
                };
                render = render.define(key, value);
            }
            std::fs::create_dir_all(dir)?;
            println!("{}", render.with_library(dir.as_ref())?.display());
        }
        _ => bail!("{USAGE}"),
    }
    Ok(())
}
