//! Workshop kits (the `workshop` question; examples.rs's [`Kit`] marks their rows): each built
//! as its README says, proving what the kit promises. What the checked-in kits show without a
//! build (their pages, no solution in an attendee kit) is static_checks/kits.rs's.

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{ladder, offline, site, watch};
use crate::cmd::Cmd;
use crate::examples::Kit;
use crate::project::{Project, Tool};
use crate::pythons::{Place, python_interpreter, real_path};
use crate::render::Render;

/// The last of the kit's checks (its check.py): the exercises' tests, which fail until every
/// exercise is done.
const EXERCISES_CHECK: &str = "exercises";

/// Build a kit as its README says and prove what it promises: the ladder as handed out (exercise
/// 0 done, every other todo), every check but the exercises' tests passing on the stubs, a
/// compile error reported as one; for an attendee kit, `progress --watch` in a pseudo-terminal
/// (watch.rs); for the instructor's kit, its offline bundle installed and used with no network
/// (offline.rs), its course site in both languages (site.rs), then `solve N` and `solve` making
/// exercises done, every wrong solution of ladder/mistakes.rs failing, then every check passing. `render` renders the kit: the bundle's attendee kit must be its attendee twin.
pub fn build_and_check(project: &Project, kit: Kit, render: &Render) -> Result<()> {
    preflight(project)?;
    project.install()?;
    expect_ladder(project, "as handed out", |n| {
        if n == 0 { "done" } else { "todo" }
    })?;
    checks_pass_but_the_exercises(project)?;
    a_build_error_is_reported(project)?;
    ladder::on_the_stubs(project, render)?;
    if kit == Kit::Attendee {
        watch::check(project)?;
        installs_on_every_python(render, project.facts.tool)?;
    }
    if kit == Kit::Attendee && project.facts.tool == Tool::Uv {
        // The uv kit's bundle: the instructor twin makes it, as the instructor of this kit would.
        let instructor = render.clone().define("workshop", "instructor");
        let twin = Project::rendered(&instructor)?;
        twin.install()?;
        offline::check_bundle(&twin, &instructor)?;
        an_edit_is_seen_by_the_next_uv_run(&twin)?;
    }
    if kit == Kit::Instructor {
        // Before any `solve`: the bundle refuses to hand out a solution.
        offline::check_bundle(project, render)?;
        site::check_site_command(project)?;
        project.script("solve", &["1"])?;
        expect_ladder(project, "after `solve 1`", |n| {
            if n <= 1 { "done" } else { "todo" }
        })?;
        project.script("solve", &[])?;
        expect_ladder(project, "after `solve`", |_| "done")?;
        ladder::after_solve(project)?;
        offline::refuses_to_bundle_solutions(project)?;
        // Every check, the exercises' tests last: clippy -D warnings, ruff, mypy, stubtest, rustfmt.
        project.script("check", &[])?;
        let compare = project.script("compare", &[])?;
        if compare.contains("skipped") || !compare.contains("build: release") {
            bail!("`compare` after `solve` skipped an exercise:\n{compare}");
        }
        for line in compare.lines().filter(|l| l.contains("times as fast")) {
            println!("    compare: {}", line.trim());
        }
    }
    Ok(())
}

/// The kit rendered as `render` says, in each language by turns, installed as its pages say on
/// every Python of the range but the default (the kit's own build uses that one; the newer ones
/// run in the sid chroot): `pipenv install --dev --python <it>` or `uv sync --python <it>`, then
/// `progress --json` shows exercise 0 done and every other one todo. The chroot has no uv: a uv
/// kit is installed on the Pythons of this machine (its offline seats add the oldest).
fn installs_on_every_python(render: &Render, tool: Tool) -> Result<()> {
    let facts = crate::facts::facts()?;
    let languages = crate::languages()?;
    let others = facts
        .python_versions
        .iter()
        .filter(|v| **v != facts.default_python);
    for (i, python) in others.enumerate() {
        let language = &languages[i % languages.len()];
        let place = Place::of(python)?;
        if tool == Tool::Uv && place == Place::Sid {
            continue;
        }
        let kit =
            Project::rendered(&render.clone().define("language", language))?.made_with(python)?;
        let interpreter = python_interpreter(python)?.display().to_string();
        // uv's Python for every command, as `--python` is for pipenv's first (and for pipenv's
        // kit nothing else: its maturin's `uv pip install` must keep to the virtualenv).
        let run = |args: &[&str]| {
            let mut cmd = Cmd::new(tool.program(), args).cwd(&kit.dir);
            if tool == Tool::Uv {
                cmd = cmd.env("UV_PYTHON", &interpreter);
            }
            kit.at_place(place, cmd)?.run()
        };
        let mut install = tool.install_args().to_vec();
        install.extend(["--python", &interpreter]);
        run(&install)?;
        let progress = tool.script_args("progress")?;
        let mut args: Vec<&str> = progress.iter().map(String::as_str).collect();
        args.push("--json");
        let when = format!("of the {language} kit on Python {python}, as handed out");
        read_ladder(&kit.dir, &run(&args)?, &when, |n| {
            if n == 0 { "done" } else { "todo" }
        })?;
    }
    Ok(())
}

/// The kit's preflight.py, as an attendee runs it a week before, with the machine's python3: on
/// this machine every check is ok; with a PATH that has nothing but python3, `cargo` is missing,
/// the fix named, and the exit status 1.
fn preflight(project: &Project) -> Result<()> {
    let checks = |out: &[u8]| -> Result<Vec<serde_json::Value>> {
        let report: serde_json::Value = serde_json::from_slice(out).with_context(|| {
            format!(
                "preflight.py --json printed {:?}",
                String::from_utf8_lossy(out)
            )
        })?;
        Ok(report["checks"].as_array().cloned().unwrap_or_default())
    };
    let here = project.run("python3", &["preflight.py", "--json"])?;
    let not_ok: Vec<_> = checks(here.as_bytes())?
        .into_iter()
        .filter(|c| c["status"] != "ok")
        .collect();
    if not_ok.is_empty() {
        println!("    preflight: every check ok");
    } else {
        bail!("preflight.py on this machine: {not_ok:?}");
    }
    let only_python = project.scratch()?;
    let python = real_path("python3", &project.dir)?;
    std::os::unix::fs::symlink(python, only_python.path().join("python3"))?;
    let out = Cmd::new("python3", &["preflight.py", "--json"])
        .cwd(&project.dir)
        .env("PATH", only_python.path())
        .output()?;
    let cargo = checks(&out.stdout)?
        .into_iter()
        .find(|c| c["name"] == "cargo")
        .context("preflight.py has no cargo check")?;
    if out.status.code() != Some(1)
        || cargo["status"] != "missing"
        || !cargo["fix"]
            .as_str()
            .is_some_and(|f| f.contains("https://rustup.rs"))
    {
        bail!(
            "preflight.py with no cargo on PATH ({}): {cargo}",
            out.status
        );
    }
    println!(
        "    preflight with only python3 on PATH: cargo missing, fix {}",
        cargo["fix"]
    );
    // The tool off PATH: missing. Installed for that python3 (`python3 -m pipenv` works), the
    // fix is the command that puts its folder on PATH; else it is pip's install of the pin.
    let tool = project.facts.tool.program();
    let check = checks(&out.stdout)?
        .into_iter()
        .find(|c| c["name"] == tool)
        .context("preflight.py has no check of the development tool")?;
    let installed = Cmd::new("python3", &["-m", tool, "--version"])
        .quiet()
        .output()?
        .status
        .success();
    let fix = check["fix"].as_str().unwrap_or_default();
    let right_fix = if installed {
        fix.contains("PATH") && fix.contains("export")
    } else {
        fix.contains(&format!(
            "pip install --user {tool}=={}",
            crate::facts::facts()?.get(tool)?
        ))
    };
    if check["status"] != "missing" || !right_fix {
        bail!("preflight.py with {tool} off PATH: {check}");
    }
    println!("    preflight with {tool} off PATH: missing, fix {fix}");
    intel_macs(project)
}

/// preflight.py on an Intel Mac (`platform.mac_ver` and `platform.machine` answer as one would):
/// for this Python, the macOS before the oldest that hooks/facts.rhai's intel_mac_oldest() allows
/// is missing, and its fix names that oldest macOS; the oldest itself is ok. For the newest
/// Python, a macOS that its tools refuse gets the Pythons of the kit that it can use.
fn intel_macs(project: &Project) -> Result<()> {
    let facts = crate::facts::facts()?;
    let python = project.run(
        "python3",
        &["-c", "import sys; print('{}.{}'.format(*sys.version_info))"],
    )?;
    let python = python.trim();
    let on_a_mac = |mac: &str, code: &str| {
        let script = format!(
            "import platform\nplatform.mac_ver = lambda: ({mac:?}, ('', '', ''), 'x86_64')\n\
             platform.machine = lambda: 'x86_64'\nimport preflight\n{code}"
        );
        project.run("python3", &["-c", &script])
    };
    let oldest = facts.intel_mac_oldest_for(python)?;
    let before = crate::facts::macos_before(oldest)?;
    let check = "print(preflight.check_python())";
    let refused = on_a_mac(&format!("{before}.6"), check)?;
    if !refused.starts_with("(False") || !refused.contains(oldest) {
        bail!("preflight.py on macOS {before} with Python {python}: {refused}");
    }
    let accepted = on_a_mac(&format!("{oldest}.1"), check)?;
    if !accepted.starts_with("(True") {
        bail!("preflight.py on macOS {oldest} with Python {python}: {accepted}");
    }
    let newest = facts.newest_python();
    let newest_before = crate::facts::macos_before(facts.intel_mac_oldest_for(newest)?)?;
    let fix = on_a_mac(
        &format!("{newest_before}.6"),
        &format!("print(preflight.intel_mac_fix({newest_before:?}, {newest:?}))"),
    )?;
    let usable: Vec<&str> = facts
        .python_versions
        .iter()
        .filter(|p| {
            let oldest = facts.intel_mac_oldest_for(p).unwrap_or_default();
            crate::facts::version_at_least(&newest_before, oldest)
        })
        .map(String::as_str)
        .collect();
    if usable.is_empty() || !fix.contains(&usable.join(", ")) {
        bail!(
            "preflight.py's fix on macOS {newest_before} for Python {newest} names not {usable:?}: {fix}"
        );
    }
    println!(
        "    preflight on an Intel Mac: macOS {before} missing for Python {python}, {oldest} ok; on {newest_before} for Python {newest}: {}",
        fix.trim()
    );
    Ok(())
}

/// `progress --json`, which must succeed and show `expected(n)` for every exercise n.
fn expect_ladder(
    project: &Project,
    when: &str,
    expected: impl Fn(u64) -> &'static str,
) -> Result<()> {
    let out = project.script("progress", &["--json"])?;
    read_ladder(&project.dir, &out, when, expected)
}

/// What `progress --json` printed (`out`) in the kit at `kit`: every exercise of src/exercises/,
/// numbered in order, titled, `expected(n)`, and the totals counting them.
fn read_ladder(
    kit: &Path,
    out: &str,
    when: &str,
    expected: impl Fn(u64) -> &'static str,
) -> Result<()> {
    let report: serde_json::Value =
        serde_json::from_str(out).with_context(|| format!("progress --json printed {out:?}"))?;
    let exercises = report["exercises"]
        .as_array()
        .context("progress --json: exercises")?;
    let mut problems = Vec::new();
    let files = exercise_files(kit)?;
    if exercises.len() != files {
        problems.push(format!(
            "{} exercises, but src/exercises/ has {files} exercise files",
            exercises.len()
        ));
    }
    let mut done = 0;
    for (i, exercise) in exercises.iter().enumerate() {
        let (number, status) = (exercise["number"].as_u64(), exercise["status"].as_str());
        if number != Some(i as u64) || exercise["title"].as_str().is_none_or(str::is_empty) {
            problems.push(format!("exercise {i} is {exercise}"));
            continue;
        }
        let page = exercise["page"].as_str().unwrap_or_default();
        if !kit.join(page).is_file() {
            problems.push(format!("exercise {i}'s page {page:?} is not in the kit"));
        }
        done += usize::from(status == Some("done"));
        if status != Some(expected(i as u64)) {
            problems.push(format!(
                "exercise {i} is {status:?}, expected {:?}",
                expected(i as u64)
            ));
        }
    }
    if report["done"] != done || report["total"] != exercises.len() {
        problems.push(format!(
            "done {} and total {} do not count the exercises",
            report["done"], report["total"]
        ));
    }
    if !problems.is_empty() {
        bail!("progress --json {when}: {}\n{out}", problems.join("; "));
    }
    println!("    progress {when}: {done} of {} done", exercises.len());
    Ok(())
}

/// How many exercises a kit has: its files src/exercises/exN_*.rs.
fn exercise_files(kit: &Path) -> Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(kit.join("src/exercises"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        count += usize::from(name.starts_with("ex") && name.ends_with(".rs") && name.contains('_'));
    }
    Ok(count)
}

/// On the stubs, every check of the kit's check.py but the exercises' tests passes (stubs build
/// without warnings, pass clippy, ruff, mypy, stubtest and rustfmt), and the exercises' tests,
/// the last check, fail, naming themselves.
fn checks_pass_but_the_exercises(project: &Project) -> Result<()> {
    let listed = project.script("check", &["--list"])?;
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let Some((&last, others)) = names.split_last() else {
        bail!("`check --list` lists no checks");
    };
    if last != EXERCISES_CHECK {
        bail!("the kit's last check is {last:?}, not {EXERCISES_CHECK:?}: {names:?}");
    }
    project.script("check", others)?;
    let out = project.script_output("check", &[EXERCISES_CHECK])?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || !ladder::names_the_failed_check(&said, EXERCISES_CHECK) {
        bail!("`check {EXERCISES_CHECK}` should fail on the stubs, naming it; it said:\n{said}");
    }
    Ok(())
}

/// In a synced uv kit, exercise 1's solution written into its file: the next `uv run python -c
/// ...` (no `progress`, no other command) runs it; the stub put back, the next one raises the
/// stub's NotImplementedError again.
fn an_edit_is_seen_by_the_next_uv_run(project: &Project) -> Result<()> {
    let file = project.dir.join("src/exercises/ex1_run.rs");
    let stub = std::fs::read_to_string(&file)?;
    let module = project.module();
    let code = format!(
        "import {module}\ntry:\n    print({module}.run(10))\nexcept NotImplementedError:\n    print('stub')"
    );
    let run =
        || -> Result<String> { Ok(project.in_env(&["python", "-c", &code])?.trim().to_string()) };
    let before = run()?;
    std::fs::copy(project.dir.join("solutions/ex1_run.rs"), &file)?;
    let solved = run();
    std::fs::write(&file, &stub)?;
    let (solved, after) = (solved?, run()?);
    if (before.as_str(), solved.as_str(), after.as_str()) != ("stub", "55", "stub") {
        bail!(
            "run(10) in a uv kit, by `uv run python -c`: {before:?} on the stub, {solved:?} solved, {after:?} with the stub back"
        );
    }
    println!("    uv kit: exercise 1 solved, then its stub back: each seen by the next `uv run`");
    Ok(())
}

/// A compile error in an exercise: `progress --json` exits 1 and reports the build failed, with
/// cargo's message (in a uv kit, `uv run`'s rebuild fails first, with cargo's message); the
/// exercise file is restored afterwards.
fn a_build_error_is_reported(project: &Project) -> Result<()> {
    let file = project.dir.join("src/exercises/ex1_run.rs");
    let original = std::fs::read_to_string(&file)?;
    std::fs::write(
        &file,
        format!("{original}\nfn broken() -> u64 {{ \"not a number\" }}\n"),
    )?;
    let out = project.script_output("progress", &["--json"]);
    std::fs::write(&file, original)?;
    let out = out?;
    if project.facts.tool == Tool::Uv {
        // `uv run` rebuilds first, and stops there with cargo's message: progress.py never runs.
        let said = String::from_utf8_lossy(&out.stderr);
        if out.status.success() || !said.contains("error[E0308]") || !said.contains("ex1_run.rs") {
            bail!(
                "`uv run progress.py` on a compile error ({}):\n{said}",
                out.status
            );
        }
        return Ok(());
    }
    let printed = String::from_utf8_lossy(&out.stdout);
    let report: serde_json::Value = serde_json::from_str(&printed)
        .with_context(|| format!("progress --json on a compile error printed {printed:?}"))?;
    let error = report["error"].as_str().unwrap_or_default();
    if out.status.code() != Some(1)
        || report["build"] != "failed"
        || !error.contains("error[E0308]")
        || !error.contains("ex1_run.rs")
    {
        bail!(
            "progress --json on a compile error ({}): {printed}",
            out.status
        );
    }
    Ok(())
}
