//! A workshop with the network cable pulled: an instructor kit's offline bundle (its `pipenv run
//! bundle`, in offline/bundle.py) installed and used on a seat with no network, no cache and no
//! home; and the attendee kit in it, the same files as `-d workshop=attendee` renders, for the
//! kit in every language ([`check_attendee_twins`]: seconds, no build).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use crate::cmd::{self, Cmd};
use crate::examples::{BUILDS, Example, Kit, example_named};
use crate::fs::{diff_trees, read_tree};
use crate::project::Project;
use crate::pythons::{python_interpreter, real_path};
use crate::render::{Render, render_to_temp};
use crate::sid::rust_homes;

/// What the bundle adds to the attendee kit as rendered: the two locks, so that every seat gets
/// the versions tried here, and cargo's source replacement pointing at vendor/.
const ADDED_TO_THE_KIT: &[&str] = &["Pipfile.lock", "Cargo.lock", ".cargo/config.toml"];

/// In an instructor kit as handed to the instructor (installed, no exercise solved), run `pipenv
/// run bundle`; check that its kit is the attendee kit of the same answers (`render`); then, on a
/// seat with no network (`unshare --net`), an empty HOME and CARGO_HOME and nothing but Rust and
/// Python, unpack the .tar.gz, run install-offline.sh and `pipenv run progress --json` (exercise
/// 0 done), type exercise 1's solution in and see it done, the rebuild included.
pub fn check_bundle(project: &Project, render: &Render) -> Result<()> {
    project.run("pipenv", &["run", "bundle"])?;
    let name = project
        .dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let bundle = project.dir.join("dist").join(format!("{name}-offline"));
    let archive = bundle.with_file_name(format!("{name}-offline.tar.gz"));
    same_as_rendered(
        &bundle.join(&name),
        &render.clone().define("workshop", "attendee"),
    )?;
    println!(
        "    bundle: {:.0} MB, {:.0} MB as .tar.gz",
        bytes_below(&bundle)? as f64 / 1e6,
        std::fs::metadata(&archive)?.len() as f64 / 1e6
    );

    let seat = tempfile::tempdir()?;
    let python_dir = kit_python(project)?;
    let started = Instant::now();
    offline(
        seat.path(),
        &python_dir,
        &format!(
            "tar xzf {} && cd {name}-offline && sh install-offline.sh",
            archive.display()
        ),
    )?;
    println!(
        "    offline install: {:.0} s",
        started.elapsed().as_secs_f64()
    );
    let kit = seat.path().join(format!("{name}-offline")).join(&name);
    let progress = "cd \"$KIT\" && python3 -m pipenv run progress --json";
    let ladder = |when: &str, done: u64| -> Result<()> {
        let out = offline(
            seat.path(),
            &python_dir,
            &progress.replace("$KIT", &kit.to_string_lossy()),
        )?;
        let report: serde_json::Value = serde_json::from_str(&out)
            .with_context(|| format!("progress --json {when} printed {out:?}"))?;
        let exercises = report["exercises"].as_array().context("exercises")?;
        for exercise in exercises {
            let number = exercise["number"].as_u64().unwrap_or(u64::MAX);
            let expected = if number <= done { "done" } else { "todo" };
            if exercise["status"] != expected {
                bail!(
                    "offline, progress --json {when}: exercise {number} is not {expected}:\n{out}"
                );
            }
        }
        println!(
            "    offline progress {when}: {} of {} done",
            done + 1,
            exercises.len()
        );
        Ok(())
    };
    ladder("after the install", 0)?;
    // As an attendee would type it: exercise 1's file, from the instructor kit's solution.
    std::fs::copy(
        project.dir.join("solutions/ex1_run.rs"),
        kit.join("src/exercises/ex1_run.rs"),
    )?;
    ladder("after exercise 1", 1)
}

/// `cargo ci offline`: [`check_bundle`] alone, on a copy of the examples' instructor kit.
pub fn check_example() -> Result<String> {
    let example = instructor_example()?;
    let project = Project::copy_of(&example.dir)?;
    project.run("pipenv", &["install", "--dev"])?;
    check_bundle(&project, &example.render())?;
    Ok(example.name)
}

/// The instructor kit of examples.rs's table.
fn instructor_example() -> Result<Example> {
    let Some(row) = BUILDS.iter().find(|b| b.kit == Some(Kit::Instructor)) else {
        bail!("no instructor kit among the examples");
    };
    example_named(row.example)
}

/// With the solutions in place (`pipenv run solve`), `pipenv run bundle` refuses, naming the
/// exercise files, and leaves the bundle it made before as it was.
pub fn refuses_to_bundle_solutions(project: &Project) -> Result<()> {
    let dist = project.dir.join("dist");
    let before = read_tree(&dist)?;
    let out = project.output("pipenv", &["run", "bundle"])?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || !said.contains("src/exercises/ex1_run.rs") {
        bail!(
            "`pipenv run bundle` after `solve` ({}):\n{said}",
            out.status
        );
    }
    if read_tree(&dist)? != before {
        bail!("`pipenv run bundle` refused, but changed dist/");
    }
    Ok(())
}

/// A shell command on the seat: no network (loopback only, and down), an environment of nothing
/// but these variables, HOME and CARGO_HOME empty directories of the seat; only Rust (rustup's
/// toolchains, read-only use) and the kit's Python on PATH besides the system's /usr/bin.
fn offline(seat: &Path, python_dir: &Path, script: &str) -> Result<String> {
    let home = seat.join("home");
    let cargo_home = seat.join("cargo-home");
    std::fs::create_dir_all(&home)?;
    std::fs::create_dir_all(&cargo_home)?;
    let [rustup_home, real_cargo_home] = rust_homes()?;
    let path = format!(
        "{}:{}:/usr/bin:/bin",
        python_dir.display(),
        real_cargo_home.join("bin").display()
    );
    let env = [
        format!("HOME={}", home.display()),
        format!("CARGO_HOME={}", cargo_home.display()),
        format!("RUSTUP_HOME={}", rustup_home.display()),
        format!("PATH={path}"),
        "LANG=C.UTF-8".to_string(),
    ];
    let mut args = vec!["--net", "--", "env", "-i"];
    args.extend(env.iter().map(String::as_str));
    args.extend(["sh", "-c", script]);
    cmd::as_root("unshare", &args)?
        .shown(&format!("(offline) {script}"))
        .cwd(seat)
        .run()
}

/// The directory of the Python the kit's Pipfile requires (so pipenv finds it on PATH).
fn kit_python(project: &Project) -> Result<PathBuf> {
    let kit = &project.dir;
    // pyenv's interpreter, or `python3.X` on PATH (GitHub's setup-python): asked for its own path.
    let interpreter = python_interpreter(&project.facts.python)?;
    let real = real_path(&interpreter.to_string_lossy(), kit)?;
    Ok(real
        .parent()
        .context("the interpreter's directory")?
        .to_path_buf())
}

/// The bundle's kit is exactly what `render` renders, plus [`ADDED_TO_THE_KIT`].
fn same_as_rendered(kit: &Path, render: &Render) -> Result<()> {
    let (_parent, rendered) = render_to_temp(render)?;
    let files = read_tree(kit)?;
    for added in ADDED_TO_THE_KIT {
        if !files.contains_key(Path::new(added)) {
            bail!("the bundle's kit has no {added}");
        }
    }
    let without = tempfile::tempdir()?;
    for (path, bytes) in files {
        if !ADDED_TO_THE_KIT.iter().any(|a| Path::new(a) == path) {
            let target = without.path().join(&path);
            std::fs::create_dir_all(target.parent().unwrap())?;
            std::fs::write(target, bytes)?;
        }
    }
    let diff = diff_trees(&rendered, without.path())?;
    if !diff.is_empty() {
        bail!(
            "the bundle's kit is not the attendee kit (`-d {}`; \"checked in\" is the rendering, \"rendered\" the bundle's):\n{diff}",
            render.defines.join(" -d ")
        );
    }
    println!(
        "    the bundle's kit: {} files, the attendee kit's exactly, and {}",
        read_tree(&rendered)?.len(),
        ADDED_TO_THE_KIT.join(", ")
    );
    Ok(())
}

/// For the instructor kit of the examples, rendered in each language: the attendee kit that its
/// bundle.py derives (its `attendee_files()`, written out without building anything) is the
/// attendee kit of the same answers, file for file. Returns how many languages were compared.
pub fn check_attendee_twins() -> Result<usize> {
    let example = instructor_example()?;
    let derive = "import sys; from pathlib import Path\n\
                  sys.path.insert(0, 'offline'); import bundle\n\
                  for path, data in bundle.attendee_files().items():\n    \
                  target = Path(sys.argv[1]) / path\n    \
                  target.parent.mkdir(parents=True, exist_ok=True)\n    \
                  target.write_bytes(data)\n";
    let languages = crate::languages()?;
    for language in &languages {
        let render = example.render().define("language", language);
        let (_instructor_parent, instructor) = render_to_temp(&render)?;
        let derived = tempfile::tempdir()?;
        let out = derived.path().to_string_lossy().into_owned();
        Cmd::new("python3", &["-c", derive, &out])
            .cwd(&instructor)
            .quiet()
            .run()?;
        let (_attendee_parent, attendee) = render_to_temp(&render.define("workshop", "attendee"))?;
        let diff = diff_trees(&attendee, derived.path())?;
        if !diff.is_empty() {
            bail!(
                "the attendee kit that the {language} instructor kit's bundle.py derives differs from the rendered one (\"checked in\" is the rendering):\n{diff}"
            );
        }
    }
    Ok(languages.len())
}

/// How many bytes the files below `dir` hold.
fn bytes_below(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in WalkDir::new(dir) {
        let entry = entry?;
        if entry.file_type().is_file() {
            total += entry.metadata()?.len();
        }
    }
    Ok(total)
}
