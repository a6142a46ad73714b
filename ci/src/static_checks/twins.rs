//! The attendee kits an instructor kit's offline bundle hands out (offline/bundle.py's
//! `attendee_files`), derived without building anything and compared with the attendee kits the
//! template renders, for the kit in every language (`cargo ci check`; seconds). The bundle made,
//! installed and used with no network is e2e/offline.rs's.

use anyhow::{Context, Result, bail};

use crate::cmd::Cmd;
use crate::examples::instructor_example;
use crate::fs::diff_trees;
use crate::render::render_to_temp;

/// For the instructor kit of the examples, rendered in each language, with its own description
/// and with the default one, and as a uv kit: the attendee kit that its bundle.py derives in each language (its
/// `attendee_files(language)`, written out without building anything) is the attendee kit of the
/// same answers in that language, file for file. Returns how many pairs were compared.
pub fn check_attendee_twins() -> Result<usize> {
    let example = instructor_example()?;
    let derive = "import sys; from pathlib import Path\n\
                  from offline import bundle\n\
                  for path, data in bundle.attendee_files(sys.argv[2]).items():\n    \
                  target = Path(sys.argv[1]) / path\n    \
                  target.parent.mkdir(parents=True, exist_ok=True)\n    \
                  target.write_bytes(data)\n";
    let languages = crate::languages()?;
    let default_description = crate::facts::questions()?["description"]["default"]
        .as_str()
        .context("description: default")?
        .to_string();
    let mut pairs = 0;
    for (tool, description) in [
        ("pipenv", None),
        ("pipenv", Some(default_description.as_str())),
        ("uv", None),
    ] {
        for own in &languages {
            let mut render = example
                .render()
                .define("tool", tool)
                .define("language", own);
            if let Some(description) = description {
                render = render.define("description", description);
            }
            let (_instructor_parent, instructor) = render_to_temp(&render)?;
            for language in &languages {
                let derived = tempfile::tempdir()?;
                let out = derived.path().to_string_lossy().into_owned();
                Cmd::new("python3", &["-c", derive, &out, language])
                    .cwd(&instructor)
                    .quiet()
                    .run()?;
                let attendee = render
                    .clone()
                    .define("workshop", "attendee")
                    .define("language", language);
                let (_attendee_parent, rendered) = render_to_temp(&attendee)?;
                let diff = diff_trees(&rendered, derived.path())?;
                if !diff.is_empty() {
                    bail!(
                        "the {language} attendee kit that the {own} instructor kit's bundle.py derives differs from the rendered one (`-d {}`; \"checked in\" is the rendering):\n{diff}",
                        attendee.defines.join(" -d ")
                    );
                }
                pairs += 1;
            }
        }
    }
    Ok(pairs)
}
