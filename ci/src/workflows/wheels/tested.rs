//! Every wheel the release publishes is installed and tested first, on an interpreter that
//! [`loads`] it.

use std::collections::BTreeSet;

use super::workflow::{Run, Workflow, action, needs};
use super::{DOWNLOAD, PUBLISH, UPLOAD};

/// An artifact a job uploads, with the wheel tags its build step checks.
struct Upload {
    artifact: String,
    job: String,
    tags: Vec<String>,
}

/// A job that runs the project's tests on some interpreters, after installing artifacts.
struct Tester {
    job: String,
    artifacts: Vec<String>,
    interpreters: Vec<String>,
}

/// Every artifact the release publishes is installed and tested by a job that the release waits
/// for, and every wheel tag of it on an interpreter that loads it. (An artifact the release does
/// not download, such as a coverage report, is no release artefact.)
pub(super) fn tested(workflow: &Workflow, runs: &[Run]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut uploads = Vec::new();
    let mut testers = Vec::new();
    for run in runs {
        let tags: Vec<String> = run
            .steps()
            .filter_map(|s| run.field(s, "env", "TAGS"))
            .flat_map(|t| t.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        let uploaded: Vec<String> = run
            .steps()
            .filter(|s| action(s) == UPLOAD)
            .filter_map(|s| run.field(s, "with", "name"))
            .collect();
        for artifact in &uploaded {
            uploads.push(Upload {
                artifact: artifact.clone(),
                job: run.job.to_string(),
                tags: tags.clone(),
            });
        }
        let runs_tests = run
            .steps()
            .filter_map(|s| run.script(s))
            .any(|s| s.contains("-m pytest"));
        if !runs_tests {
            continue;
        }
        // What it installs: what it downloads, or what it built and uploads itself (the sdist).
        let mut artifacts: Vec<String> = run
            .steps()
            .filter(|s| action(s) == DOWNLOAD)
            .filter_map(|s| run.field(s, "with", "name"))
            .collect();
        artifacts.extend(uploaded);
        // The interpreters: the matrix's setup-python version, and each step's PYTHONS.
        let mut interpreters: Vec<String> = run
            .steps()
            .filter(|s| run.runs_step(s))
            .filter_map(|s| run.field(s, "env", "PYTHONS"))
            .flat_map(|p| p.split_whitespace().map(String::from).collect::<Vec<_>>())
            .collect();
        let python = run.lookup("python");
        if !python.is_empty() {
            interpreters.push(if python.starts_with("pypy") {
                python
            } else {
                format!("python{python}")
            });
        }
        testers.push(Tester {
            job: run.job.to_string(),
            artifacts,
            interpreters,
        });
    }
    let release_job = workflow.jobs().find(|(_, job)| {
        job["steps"]
            .as_array()
            .is_some_and(|steps| steps.iter().any(|s| action(s) == PUBLISH))
    });
    let release: Vec<&str> = release_job.map(|(_, job)| needs(job)).unwrap_or_default();
    // What the release downloads to publish: names, or patterns such as `wheels-*`.
    let published: Vec<&str> = release_job
        .and_then(|(_, job)| job["steps"].as_array())
        .into_iter()
        .flatten()
        .filter(|s| action(s) == DOWNLOAD)
        .filter_map(|s| s["with"]["pattern"].as_str().or(s["with"]["name"].as_str()))
        .collect();
    let is_published = |artifact: &str| {
        release_job.is_none()
            || published.iter().any(|p| match p.strip_suffix('*') {
                Some(prefix) => artifact.starts_with(prefix),
                None => artifact == *p,
            })
    };
    for upload in uploads.iter().filter(|u| is_published(&u.artifact)) {
        let by: Vec<&Tester> = testers
            .iter()
            .filter(|t| t.artifacts.contains(&upload.artifact))
            .collect();
        if by.is_empty() {
            problems.push(format!(
                "{} (job {}) is uploaded, but no job installs it and runs the tests",
                upload.artifact, upload.job
            ));
            continue;
        }
        for tester in &by {
            if !release.contains(&tester.job.as_str()) {
                problems.push(format!(
                    "{} is tested by job {}, which the release job does not wait for (needs)",
                    upload.artifact, tester.job
                ));
            }
        }
        for tag in &upload.tags {
            let loaded = by
                .iter()
                .any(|t| t.interpreters.iter().any(|i| loads(i, tag)));
            if !loaded {
                problems.push(format!(
                    "{}: its {tag} wheel is built, but no job tests it on an interpreter that loads it (tested on: {})",
                    upload.artifact,
                    by.iter()
                        .flat_map(|t| t.interpreters.iter().map(String::as_str))
                        .collect::<BTreeSet<_>>()
                        .into_iter()
                        .collect::<Vec<_>>()
                        .join(" ")
                ));
            }
        }
    }
    problems
}

/// Whether an interpreter (`python3.12`, `python3.14t`, `pypy3.11`) loads a wheel of this tag
/// (`cp312-cp312`, `cp314-cp314t`, `cp310-abi3`, `cp315-abi3.abi3t`, `pp311-pypy311_pp*`).
pub fn loads(interpreter: &str, tag: &str) -> bool {
    let (pypy, version) = match interpreter.strip_prefix("pypy3.") {
        Some(v) => (true, v),
        None => match interpreter.strip_prefix("python3.") {
            Some(v) => (false, v),
            None => return false,
        },
    };
    let free_threaded = version.ends_with('t');
    let Ok(minor) = version.trim_end_matches('t').parse::<u32>() else {
        return false;
    };
    let Some((python_tag, abi)) = tag.split_once('-') else {
        return false;
    };
    let tag_minor = |prefix: &str| {
        python_tag
            .strip_prefix(prefix)
            .and_then(|d| d.strip_prefix('3'))
            .and_then(|d| d.parse::<u32>().ok())
    };
    if pypy {
        return tag_minor("pp") == Some(minor) && abi.starts_with(&format!("pypy3{minor}_"));
    }
    let Some(wheel_minor) = tag_minor("cp") else {
        return false;
    };
    match abi {
        "abi3" => !free_threaded && minor >= wheel_minor,
        "abi3.abi3t" => minor >= wheel_minor,
        _ => {
            let own = format!("cp3{minor}{}", if free_threaded { "t" } else { "" });
            wheel_minor == minor && abi == own
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_interpreter_loads_the_wheels_pip_would_give_it() {
        assert!(loads("python3.12", "cp312-cp312"));
        assert!(!loads("python3.12", "cp313-cp313"));
        assert!(!loads("python3.14t", "cp314-cp314"));
        assert!(loads("python3.14t", "cp314-cp314t"));
        assert!(loads("python3.13", "cp310-abi3"));
        assert!(!loads("python3.14t", "cp310-abi3"));
        assert!(loads("python3.15t", "cp315-abi3.abi3t"));
        assert!(!loads("python3.14t", "cp315-abi3.abi3t"));
        assert!(loads("pypy3.11", "pp311-pypy311_pp*"));
        assert!(!loads("pypy3.11", "pp312-pypy312_pp*"));
        assert!(!loads("python3.11", "pp311-pypy311_pp*"));
    }
}
