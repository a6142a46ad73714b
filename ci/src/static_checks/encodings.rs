//! Every file is encoded as the program that reads it expects (issue 29): the template, every
//! example, and an offline bundle's files as bundle.py writes them (`cargo ci check`; the e2e
//! asks [`problems_in`] of a bundle it made).
//!
//! - A PowerShell script (`.ps1`) that holds anything but ASCII starts with a UTF-8 byte-order
//!   mark: Windows PowerShell 5.1, the `powershell` the kits' READMEs name, reads a script without
//!   one in the system's ANSI code page (PowerShell 7 reads UTF-8 either way).
//! - A batch file (`.bat`, `.cmd`) is ASCII: cmd.exe reads it in the console's OEM code page.
//! - A shell script (`.sh`) has no byte-order mark: sh would read it as part of the first line.
//! - Every other text file is UTF-8, with no byte-order mark needed: Python reads its sources as
//!   UTF-8, rustc, cargo and TOML require it, and the scripts open the files they read with
//!   `encoding="utf-8"`. A bundle's README.txt is UTF-8 too: Notepad, which opens it on Windows,
//!   reads UTF-8 without a mark (Windows 10 1903 and later), as every macOS and Linux editor and
//!   terminal does.

use std::path::Path;

use anyhow::{Result, bail};

use crate::examples::examples;
use crate::fs::read_tree;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What is wrong with the encoding of the file `name` holding `bytes`, if anything.
pub fn problem(name: &str, bytes: &[u8]) -> Option<String> {
    if bytes.contains(&0) {
        return None; // not text
    }
    let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let ascii = bytes.is_ascii();
    // The line of the first byte that is not ASCII.
    let line = || {
        let first = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        1 + bytes[..first].iter().filter(|b| **b == b'\n').count()
    };
    match extension.as_deref() {
        Some("ps1") if !ascii && !bytes.starts_with(BOM) => Some(format!(
            "holds non-ASCII text (line {}) without a UTF-8 byte-order mark: Windows PowerShell \
             5.1 (`powershell`) reads it in the ANSI code page; start the file with EF BB BF",
            line()
        )),
        Some("bat" | "cmd") if !ascii => Some(format!(
            "holds non-ASCII text (line {}): cmd.exe reads a batch file in the OEM code page; \
             keep it ASCII",
            line()
        )),
        Some("sh") if bytes.starts_with(BOM) => {
            Some("starts with a byte-order mark, which sh reads as part of its first line".into())
        }
        _ if std::str::from_utf8(bytes).is_err() => {
            Some("is not UTF-8, which Python, rustc, cargo and the kit's scripts read it as".into())
        }
        _ => None,
    }
}

/// Every file below `dir` whose encoding is not what its reader expects, as `<shown>/<file>:
/// <problem>`; `skip`: folders below `dir` not to read (a bundle's crates and wheels).
pub fn problems_in(dir: &Path, shown: &str, skip: &[&str]) -> Result<(usize, Vec<String>)> {
    let mut problems = Vec::new();
    let mut files = 0;
    for (path, bytes) in read_tree(dir)? {
        if skip.iter().any(|s| path.starts_with(s)) {
            continue;
        }
        files += 1;
        let name = path.to_string_lossy().replace('\\', "/");
        if let Some(problem) = problem(&name, &bytes) {
            problems.push(format!("{shown}/{name}: {problem}"));
        }
    }
    Ok((files, problems))
}

/// template/ and every example. Returns how many files were read.
pub fn check_encodings() -> Result<usize> {
    let (mut files, mut problems) = problems_in(&crate::template_dir(), "template", &[])?;
    for example in examples()? {
        let (count, found) = problems_in(&example.dir, &format!("examples/{}", example.name), &[])?;
        files += count;
        problems.extend(found);
    }
    if !problems.is_empty() {
        bail!(
            "files not encoded as the program that reads them expects:\n{}",
            problems.join("\n")
        );
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_powershell_script_with_korean_needs_a_byte_order_mark() {
        let korean = "Say \"1/4 pipenv\" \"1/4 pipenv 설치\"\n".as_bytes();
        assert!(problem("install-offline.ps1", korean).is_some());
        assert_eq!(
            problem("install-offline.ps1", &[BOM, korean].concat()),
            None
        );
        assert_eq!(problem("install-offline.ps1", b"Write-Output 'ok'\n"), None);
    }

    #[test]
    fn batch_files_are_ascii_and_shell_scripts_have_no_mark() {
        assert!(problem("run.cmd", "echo 설치\r\n".as_bytes()).is_some());
        assert!(problem("install-offline.sh", &[BOM, b"#!/bin/sh\n"].concat()).is_some());
        assert!(problem("README.txt", &[0xC0, 0x20]).is_some());
        assert_eq!(problem("README.txt", "설치합니다\n".as_bytes()), None);
    }
}
