//! A kit's course site (its instructor's `site` command, and the one `bundle` puts in the kit it
//! hands out), read as an attendee opens it from disk: ci/site_check.py follows every internal
//! link and, in headless Chromium (Debian's `chromium`), searches it and watches that nothing is
//! fetched from outside the site.

use std::path::Path;

use anyhow::Result;

use crate::cmd::Cmd;
use crate::project::Project;

/// ci/site_check.py on the site in `site`, each (term, page) of `searches` searched for; fails
/// with what it printed if a link is broken, a search misses its page, or a page asked for
/// anything outside the site.
pub fn check(site: &Path, searches: &[(&str, &str)]) -> Result<String> {
    let script = crate::repo_root().join("ci/site_check.py");
    let mut args = vec![script.display().to_string(), site.display().to_string()];
    for (term, page) in searches {
        args.extend(["--search".to_string(), format!("{term}={page}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let printed = Cmd::new("python3", &args).run()?;
    for line in printed.lines() {
        println!("    site {}: {line}", site.display());
    }
    Ok(printed)
}

/// The instructor's `site --language both`: a site in each language, each opened from disk,
/// its links followed; `detach` found in both, 획득 in the Korean one.
pub fn check_site_command(project: &Project) -> Result<()> {
    project.script("site", &["--language", "both"])?;
    let sites = project.dir.join("dist/site");
    check(&sites, &[])?;
    check(&sites.join("en"), &[("detach", "04-detach.html")])?;
    check(
        &sites.join("ko"),
        &[
            ("획득", "03-double-list.html"),
            ("detach", "04-detach.html"),
        ],
    )?;
    Ok(())
}
