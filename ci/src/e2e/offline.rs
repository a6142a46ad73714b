//! A workshop with the network cable pulled: an instructor kit's offline bundle (its `bundle`
//! command, offline/bundle.py; pipenv's or uv's) made in the other language, installed and used on seats with
//! no network, no cache and no home, on two Pythons of the kit's range, the next command it
//! prints run as printed in a new shell; a bundle stopped halfway that blocks nothing, a refused
//! one whose fix works; the bundle for the platforms of a room, complete for every Python of the
//! range; and the attendee kit in it, the same files as `-d workshop=attendee` renders. That the
//! kit's bundle.py derives that attendee kit in every language, without a build, is
//! static_checks/twins.rs's.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use walkdir::WalkDir;

use crate::cmd::{self, Cmd};
use crate::examples::instructor_example;
use crate::facts::facts;
use crate::fs::{diff_trees, read_tree};
use crate::project::{Project, Tool};
use crate::pythons::{Place, python_interpreter, real_path};
use crate::render::{Render, render_to_temp};
use crate::sid::rust_homes;
use crate::static_checks::{encodings, reads};

use super::site;

/// What the bundle adds to the attendee kit as rendered: Cargo.lock, so that every seat builds
/// the crates of vendor/, cargo's source replacement pointing at vendor/, and the course site
/// (site/, a folder: its name ends in `/`); for a uv kit, uv.lock, which every seat's `uv run`
/// checks.
fn added_to_the_kit(tool: Tool) -> &'static [&'static str] {
    match tool {
        Tool::Pipenv => &["Cargo.lock", ".cargo/config.toml", "site/"],
        Tool::Uv => &["Cargo.lock", ".cargo/config.toml", "site/", "uv.lock"],
    }
}

/// Whether `path`, a file of the kit, is one of `added` (a file, or a file in an added folder).
fn is_added(added: &[&str], path: &Path) -> bool {
    added.iter().any(|a| match a.strip_suffix('/') {
        Some(folder) => path.starts_with(folder),
        None => path == Path::new(a),
    })
}

/// The platforms of a room besides this machine, as wheel platform tags: Windows, Apple silicon
/// and Intel Macs, ARM Linux. The Intel Macs' wheels are downloaded as macOS 10.15 sees them (the
/// newest of hooks/facts.rhai's intel_mac_oldest()); the room check then installs each Python's
/// on the oldest macOS that table allows for it.
pub const ROOM_PLATFORMS: &[&str] = &[
    "win_amd64",
    "macosx_11_0_arm64",
    "macosx_10_15_x86_64",
    "manylinux_2_17_aarch64",
];

/// pip's platform tag of an Intel Mac of this macOS: 10.13 is macosx_10_13_x86_64.
fn mac_platform(macos: &str) -> Result<String> {
    let (major, minor) = macos
        .split_once('.')
        .with_context(|| format!("macOS {macos:?}"))?;
    Ok(format!("macosx_{major}_{minor}_x86_64"))
}

/// The kit's name (its folder's).
fn name_of(project: &Project) -> String {
    project
        .dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// In an instructor kit as handed to the instructor (installed, no exercise solved): a bundle
/// stopped halfway blocks nothing; `bundle --language <the other>` makes that
/// language's attendee kit (`render`'s answers in it) with a README.txt that starts with the
/// install script; then on seats with no network, for the oldest Python of the range and the
/// newest run here besides the default, the .tar.gz is unpacked and install-offline.sh run; the
/// command it prints last runs as printed in a new login shell (PATH as the seat had it, so the
/// script's own PATH change is what finds pipenv or uv) and shows exercise 0 done; exercise 1's
/// solution typed in, it is done, the rebuild included.
pub fn check_bundle(project: &Project, render: &Render) -> Result<()> {
    let name = name_of(project);
    let own = facts()?;
    let languages = crate::languages()?;
    let kit_language = read_language(&project.dir)?;
    let other = languages
        .iter()
        .find(|l| **l != kit_language)
        .context("a second language")?
        .clone();
    stopped_halfway_blocks_nothing(project)?;
    // The one full bundle: the other language, this machine and a room's platforms, every
    // Python of the range.
    let mut args = vec!["--language", &other];
    for platform in ROOM_PLATFORMS {
        args.extend(["--platform", platform]);
    }
    let started = Instant::now();
    project.script("bundle", &args)?;
    let made_in = started.elapsed().as_secs_f64();
    let bundle = project
        .dir
        .join("dist")
        .join(format!("{name}-{other}-offline"));
    let archive = bundle.with_file_name(format!("{name}-{other}-offline.tar.gz"));
    let attendee = render
        .clone()
        .define("workshop", "attendee")
        .define("language", &other);
    same_as_rendered(&bundle.join(&name), &attendee, project.facts.tool)?;
    let readme = std::fs::read_to_string(bundle.join("README.txt"))?;
    let first = readme
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("sh ") || l.starts_with("powershell "))
        .unwrap_or_default();
    if !first.starts_with("sh install-offline.sh") {
        bail!("the bundle's README.txt does not start with the install script:\n{readme}");
    }
    // What it names is in the bundle; each file is encoded as its reader expects.
    let said = [("the bundle's README.txt".to_string(), readme.clone())];
    reads::names_exist(&[&bundle.join(&name), &bundle], &said)?;
    let (_, wrong) = encodings::problems_in(&bundle, "the bundle", &["vendor", "wheelhouse"])?;
    if !wrong.is_empty() {
        bail!("{}", wrong.join("\n"));
    }
    println!(
        "    bundle ({other}, {} platforms, {} Pythons): {:.0} MB, {:.0} MB as .tar.gz, made in {made_in:.0} s",
        ROOM_PLATFORMS.len() + 1,
        own.python_versions.len(),
        bytes_below(&bundle)? as f64 / 1e6,
        std::fs::metadata(&archive)?.len() as f64 / 1e6
    );
    complete_for_the_room(project, &bundle)?;
    // The course site in the bundle's language: its links, its search in Korean and English, and
    // nothing fetched from outside it (its language's search term: 획득 is Korean's).
    let mut searches = vec![("detach", "04-detach.html")];
    if other == "ko" {
        searches.push(("획득", "03-double-list.html"));
    }
    site::check(&bundle.join(&name).join("site"), &searches)?;
    scripts_as_their_readers_expect(&bundle)?;

    // Two Pythons of the range, neither the default: the oldest, and the newest run here.
    let oldest = own.oldest_python().to_string();
    let newest_here = own
        .pythons_here()
        .into_iter()
        .rfind(|v| *v != own.default_python && *v != oldest)
        .context("a second Python run here")?;
    for (seat_number, python) in [oldest, newest_here].iter().enumerate() {
        let seat = tempfile::tempdir()?;
        let python_dir = python_dir(python)?;
        if seat_number == 0 {
            refuses_an_active_virtualenv(seat.path(), &python_dir, &archive, &name, &other)?;
            a_failed_step_is_named(seat.path(), &python_dir, &bundle, &name)?;
        }
        let started = Instant::now();
        let printed = offline(
            seat.path(),
            &python_dir,
            &format!(
                "tar xzf {} && cd {name}-{other}-offline && sh install-offline.sh",
                archive.display()
            ),
        )?;
        println!(
            "    offline install on Python {python}: {:.0} s",
            started.elapsed().as_secs_f64()
        );
        // What the script prints last: "... In a new terminal: cd <kit> && pipenv run progress".
        let progress = project.facts.tool.script_line("progress")?;
        let next = printed
            .lines()
            .last()
            .and_then(|l| l.split_once(": ").map(|(_, command)| command.trim()))
            .filter(|c| c.starts_with("cd ") && c.ends_with(&progress))
            .with_context(|| format!("install-offline.sh printed no next command:\n{printed}"))?
            .to_string();
        let shown = new_shell(seat.path(), &python_dir, &next)?;
        let kit = seat
            .path()
            .join(format!("{name}-{other}-offline"))
            .join(&name);
        let said = [
            ("install-offline.sh".into(), next.clone()),
            (next.clone(), shown.clone()),
        ];
        reads::names_exist(&[&kit], &said)?;
        let done = |number: u64, out: &str| {
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{number} ")) && l.contains(" done "))
        };
        if !done(0, &shown) || done(1, &shown) {
            bail!("`{next}` in a new shell on Python {python}:\n{shown}");
        }
        println!("    `{next}` in a new shell: exercise 0 done");
        // The site as installed: every page the bundle carried, its links whole.
        let kit = seat
            .path()
            .join(format!("{name}-{other}-offline"))
            .join(&name);
        site::check(&kit.join("site"), &[])?;
        if seat_number == 0 {
            // As an attendee would type it: exercise 1's file, from the instructor's solution.
            std::fs::copy(
                project.dir.join("solutions/ex1_run.rs"),
                kit.join("src/exercises/ex1_run.rs"),
            )?;
            let shown = new_shell(seat.path(), &python_dir, &next)?;
            if !done(1, &shown) {
                bail!("offline, after exercise 1 was typed in:\n{shown}");
            }
            println!("    offline, exercise 1 typed in: done, after the rebuild");
        }
    }
    Ok(())
}

/// The `bundle` command stopped a few seconds in (as Ctrl-C would, or a full disk), then run
/// again, with the site generator as an install stopped halfway leaves it: the second one
/// succeeds, and nothing of the first is left in dist/ but its bundles.
fn stopped_halfway_blocks_nothing(project: &Project) -> Result<()> {
    let dist = project.dir.join("dist");
    // One Python's wheels only: the bundle itself is checked in full below.
    let one = ["--python", &project.facts.python];
    let mut child = project
        .script_cmd("bundle", &one)?
        .spawn()
        .context("starting the bundle")?;
    std::thread::sleep(Duration::from_secs(8));
    cmd::stop(&mut child)?;
    println!("    the bundle, stopped after 8 s");
    // Where the stop lands depends on the machine; the one step that leaves something the next
    // run reuses is the site generator's install. Left as a stop between `uv venv` and its
    // `uv pip install` leaves it, its program there but not its packages, it is installed again.
    let zensical = facts()?.instructor_python_tools["zensical"].clone();
    let generator = dist.join(format!("zensical-{zensical}"));
    let _ = std::fs::remove_dir_all(&generator);
    std::fs::create_dir_all(generator.join("bin"))?;
    std::fs::write(generator.join("bin/zensical"), "")?;
    project.script("bundle", &one)?;
    let leftovers: Vec<String> = std::fs::read_dir(&dist)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    if !leftovers.is_empty() {
        bail!("dist/ keeps what a stopped bundle left: {leftovers:?}");
    }
    Ok(())
}

/// The bundle's wheelhouse is complete for [`ROOM_PLATFORMS`] and every Python of the range:
/// for each platform and Python, from the wheelhouse alone, pip resolves the kit's pinned tools
/// and pipenv or uv (their markers: tomli for 3.10, colorama for Windows) and installs them in a
/// dry run as its `--platform` and `--python-version` see that seat, as the seat's install will.
/// An Intel Mac is taken as old as hooks/facts.rhai's intel_mac_oldest() allows for each Python,
/// and the macOS before that must be refused (the table, which preflight.py tells attendees, is
/// exact).
fn complete_for_the_room(project: &Project, bundle: &Path) -> Result<()> {
    let started = Instant::now();
    let tool = project.facts.tool.program();
    let wheelhouse = bundle.join("wheelhouse").display().to_string();
    let mut tools = project.facts.tools.requirements();
    tools.push(format!("{tool}=={}", facts()?.get(tool)?));
    let scratch = project.scratch()?;
    let requirements = scratch.path().join("requirements.txt");
    std::fs::write(&requirements, tools.join("\n") + "\n")?;
    let requirements = requirements.display().to_string();
    let dry_run = |platform: &str, python: &str| {
        let target = scratch.path().join(format!("{platform}-{python}"));
        let args = [
            "-m",
            "pip",
            "install",
            "--quiet",
            "--dry-run",
            "--no-index",
            "--find-links",
            &wheelhouse,
            "--platform",
            platform,
            "--python-version",
            python,
            "--only-binary",
            ":all:",
            "--target",
            &target.display().to_string(),
            "--requirement",
            &requirements,
        ];
        Cmd::new("python3", &args).quiet()
    };
    let facts = facts()?;
    // Each platform of the room with each Python; an Intel Mac as old as intel_mac_oldest()
    // allows for each Python, and, refused, the macOS before that.
    let mut pairs = Vec::new();
    let mut too_old = Vec::new();
    for python in &facts.python_versions {
        for platform in ROOM_PLATFORMS {
            if platform.ends_with("_x86_64") && platform.starts_with("macosx_") {
                let oldest = facts.intel_mac_oldest_for(python)?;
                pairs.push((mac_platform(oldest)?, python.as_str()));
                too_old.push((
                    mac_platform(&crate::facts::macos_before(oldest)?)?,
                    python.as_str(),
                ));
            } else {
                pairs.push((platform.to_string(), python.as_str()));
            }
        }
    }
    cmd::on_every_core(&pairs, |(platform, python)| {
        dry_run(platform, python)
            .run()
            .map(drop)
            .with_context(|| format!("pip, for {platform}, Python {python}"))
    })?;
    cmd::on_every_core(&too_old, |(platform, python)| {
        let out = dry_run(platform, python).output()?;
        let said = String::from_utf8_lossy(&out.stderr);
        if out.status.success() || !said.contains("No matching distribution found for") {
            bail!(
                "pip installed the tools for {platform}, Python {python}, older than hooks/facts.rhai's intel_mac_oldest() allows:\n{said}"
            );
        }
        Ok(())
    })?;
    println!(
        "    the wheelhouse is complete for {} platform x Python pairs ({}), an Intel Mac as old as hooks/facts.rhai says ({}), and not one macOS older ({:.0} s)",
        pairs.len(),
        ROOM_PLATFORMS.join(", "),
        facts
            .intel_mac_oldest
            .iter()
            .map(|(python, mac)| format!("{mac} from Python {python}"))
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}

/// The kit's language: its pyproject.toml's `[tool.workshop] language`.
fn read_language(kit: &Path) -> Result<String> {
    let pyproject: toml::Table = std::fs::read_to_string(kit.join("pyproject.toml"))?.parse()?;
    Ok(pyproject["tool"]["workshop"]["language"]
        .as_str()
        .context("[tool.workshop] language")?
        .to_string())
}

/// `cargo ci offline`: [`check_bundle`] alone, on a copy of the examples' instructor kit.
pub fn check_instructor_example() -> Result<String> {
    let example = instructor_example()?;
    let project = Project::copy_of(&example.dir)?;
    project.install()?;
    check_bundle(&project, &example.render())?;
    Ok(example.name)
}

/// With the solutions in place (`solve`), `bundle` refuses, naming the
/// exercise files and a fix, and leaves the bundles it made before as they were; the fix, run
/// as the refusal prints it, puts the stubs back and the next bundle succeeds; `solve` then puts
/// the solutions back for what follows.
pub fn refuses_to_bundle_solutions(project: &Project) -> Result<()> {
    let dist = project.dir.join("dist");
    let before = read_tree(&dist)?;
    let out = project.script_output("bundle", &["--python", &project.facts.python])?;
    let said = String::from_utf8_lossy(&out.stderr);
    if out.status.success() || !said.contains("src/exercises/ex1_run.rs") {
        bail!("the bundle after `solve` ({}):\n{said}", out.status);
    }
    if read_tree(&dist)? != before {
        bail!("the bundle refused, but changed dist/");
    }
    // The fix it names, in backquotes: run it as printed.
    let fix = said
        .split('`')
        .nth(1)
        .filter(|f| f.starts_with(&format!("{} run ", project.facts.tool.program())))
        .with_context(|| format!("the refusal names no fix to run:\n{said}"))?;
    let words: Vec<&str> = fix.split_whitespace().collect();
    project.run(words[0], &words[1..])?;
    project.script("bundle", &["--python", &project.facts.python])?;
    println!("    the refusal's fix, `{fix}`, then the bundle: made");
    project.script("solve", &[])?;
    Ok(())
}

/// The directory of a Python of the range (so that a seat has it as `python3` on PATH).
fn python_dir(version: &str) -> Result<PathBuf> {
    if Place::of(version)? == Place::Sid {
        bail!("a seat runs on this machine: no Python {version} here");
    }
    // pyenv's interpreter, or `python3.X` on PATH (GitHub's setup-python): asked for its own path.
    let interpreter = python_interpreter(version)?;
    let real = real_path(&interpreter.to_string_lossy(), Path::new("/"))?;
    Ok(real
        .parent()
        .context("the interpreter's directory")?
        .to_path_buf())
}

/// The PATH of a seat: its Python, Rust, and the system's own folders; nothing of ours.
fn seat_path(python_dir: &Path) -> Result<String> {
    let [_, real_cargo_home] = rust_homes()?;
    Ok(format!(
        "{}:{}:/usr/bin:/bin",
        python_dir.display(),
        real_cargo_home.join("bin").display()
    ))
}

/// A shell command on the seat: no network (loopback only, and down), an environment of nothing
/// but these variables, HOME and CARGO_HOME empty directories of the seat; only Rust (rustup's
/// toolchains, read-only use) and the seat's Python on PATH besides the system's /usr/bin.
fn offline(seat: &Path, python_dir: &Path, script: &str) -> Result<String> {
    on_seat(seat, python_dir, &["sh", "-c", script], script)
}

/// `command` as an attendee types it into a new terminal of the seat: a login shell (`bash -l`,
/// which reads ~/.profile as a terminal's does) with the PATH the seat started with.
fn new_shell(seat: &Path, python_dir: &Path, command: &str) -> Result<String> {
    on_seat(seat, python_dir, &["bash", "-l", "-c", command], command)
}

fn on_seat(seat: &Path, python_dir: &Path, argv: &[&str], shown: &str) -> Result<String> {
    seat_cmd(seat, python_dir, argv, shown)?.run()
}

/// The same, whatever its exit status, for a failure that is expected.
fn on_seat_output(
    seat: &Path,
    python_dir: &Path,
    argv: &[&str],
    shown: &str,
) -> Result<std::process::Output> {
    seat_cmd(seat, python_dir, argv, shown)?.output()
}

fn seat_cmd(seat: &Path, python_dir: &Path, argv: &[&str], shown: &str) -> Result<Cmd> {
    let home = seat.join("home");
    let cargo_home = seat.join("cargo-home");
    std::fs::create_dir_all(&cargo_home)?;
    if !home.exists() {
        // The startup file an attendee's new terminal reads, as Python's and Rust's installers
        // leave it (rustup adds cargo's bin folder so): the seat's PATH. A login shell starts
        // from /etc/profile's PATH, then this.
        std::fs::create_dir_all(&home)?;
        let profile = format!("export PATH=\"{}:$PATH\"\n", seat_path(python_dir)?);
        std::fs::write(home.join(".profile"), profile)?;
    }
    let [rustup_home, _] = rust_homes()?;
    let env = [
        format!("HOME={}", home.display()),
        format!("CARGO_HOME={}", cargo_home.display()),
        format!("RUSTUP_HOME={}", rustup_home.display()),
        format!("PATH={}", seat_path(python_dir)?),
        "SHELL=/bin/bash".to_string(),
        "LANG=C.UTF-8".to_string(),
    ];
    let mut args = vec!["--net", "--", "env", "-i"];
    args.extend(env.iter().map(String::as_str));
    args.extend(argv);
    Ok(cmd::as_root("unshare", &args)?
        .shown(&format!("(offline) {shown}"))
        .cwd(seat))
}

/// The bundle's kit is exactly what `render` renders, plus [`added_to_the_kit`].
fn same_as_rendered(kit: &Path, render: &Render, tool: Tool) -> Result<()> {
    let (_parent, rendered) = render_to_temp(render)?;
    let added = added_to_the_kit(tool);
    let files = read_tree(kit)?;
    for file in added {
        if !files.keys().any(|path| is_added(&[file], path)) {
            bail!("the bundle's kit has no {file}");
        }
    }
    let without = tempfile::tempdir()?;
    for (path, bytes) in files {
        if !is_added(added, &path) {
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
        added.join(", ")
    );
    Ok(())
}

/// The install scripts as their programs read them: install-offline.ps1 starts with UTF-8's
/// byte-order mark, without which Windows PowerShell 5.1 (`powershell`, which README.txt names)
/// reads it in the system's ANSI code page and garbles its Korean lines; install-offline.sh has
/// none, which sh would take for a command.
fn scripts_as_their_readers_expect(bundle: &Path) -> Result<()> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let ps1 = std::fs::read(bundle.join("install-offline.ps1"))?;
    let sh = std::fs::read(bundle.join("install-offline.sh"))?;
    if !ps1.starts_with(BOM) || sh.starts_with(BOM) {
        bail!(
            "the bundle's install-offline.ps1 must start with a UTF-8 byte-order mark, and install-offline.sh must not"
        );
    }
    println!("    install-offline.ps1 starts with EF BB BF; install-offline.sh with #!");
    Ok(())
}

/// install-offline.sh with a virtualenv active (VIRTUAL_ENV set, as `source .venv/bin/activate`
/// leaves it): it refuses before it installs anything, naming `deactivate`, with exit status 1.
fn refuses_an_active_virtualenv(
    seat: &Path,
    python_dir: &Path,
    archive: &Path,
    name: &str,
    language: &str,
) -> Result<()> {
    let venv = seat.join("some-venv");
    let script = format!(
        "tar xzf {} && cd {name}-{language}-offline && VIRTUAL_ENV={} sh install-offline.sh",
        archive.display(),
        venv.display()
    );
    let out = on_seat_output(seat, python_dir, &["sh", "-c", &script], &script)?;
    let said = String::from_utf8_lossy(&out.stdout);
    let installed = seat.join("home/.local").exists();
    if out.status.code() != Some(1) || !said.contains("`deactivate`") || installed {
        bail!(
            "install-offline.sh with a virtualenv active ({}; ~/.local made: {installed}):\n{said}{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    println!(
        "    install-offline.sh with VIRTUAL_ENV set: refused, `deactivate` named: {}",
        said.trim()
    );
    Ok(())
}

/// install-offline.sh whose first step fails (a copy of the bundle without its wheelhouse): after
/// pip's own messages, a line in the kit's language names the step and sends the attendee to the
/// instructor.
fn a_failed_step_is_named(seat: &Path, python_dir: &Path, bundle: &Path, name: &str) -> Result<()> {
    let broken = seat.join("no-wheels");
    std::fs::create_dir_all(broken.join(name))?;
    std::fs::create_dir_all(broken.join("wheelhouse"))?;
    std::fs::copy(
        bundle.join("install-offline.sh"),
        broken.join("install-offline.sh"),
    )?;
    std::fs::copy(
        bundle.join(name).join("pyproject.toml"),
        broken.join(name).join("pyproject.toml"),
    )?;
    let script = "sh no-wheels/install-offline.sh";
    let out = on_seat_output(seat, python_dir, &["sh", "-c", script], script)?;
    let said = String::from_utf8_lossy(&out.stderr);
    let named = ["installation failed at step 1/4", "설치가 1/4("];
    let last = said.lines().last().unwrap_or_default();
    if out.status.success() || !named.iter().any(|n| last.starts_with(n)) {
        bail!(
            "install-offline.sh without its wheels ({}):\n{said}",
            out.status
        );
    }
    println!("    install-offline.sh, step 1 failing: {last}");
    std::fs::remove_dir_all(seat.join("home"))?;
    std::fs::remove_dir_all(&broken)?;
    Ok(())
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
