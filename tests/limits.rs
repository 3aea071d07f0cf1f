//! Limits a run keeps whatever it is given (issue #18, point 3): `--jobs` within a
//! sane maximum and the open-file limit, open files bounded by the workers (not the
//! drive), and rule packs whose patterns together compile too large refused with
//! the rules named. Checked with the real binary.

use crate::common;

use std::process::Command;

use common::*;

const CHAT: &str =
    "15/04/2021, 09:14 - Jo Bloggs: Morning all\n15/04/2021, 09:15 - Sam Patel: Morning\n";

/// Runs the binary with `args` under `ulimit -n limit`; (exit code, stderr).
fn under_open_file_limit(limit: u32, args: &[&str]) -> (i32, String) {
    let mut script = format!("ulimit -n {limit} && exec \"$0\"");
    for i in 0..args.len() {
        script.push_str(&format!(" \"${}\"", i + 1));
    }
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_onrecord"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn jobs_beyond_the_maximum_are_refused_before_scanning() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "drive/WhatsApp Chat with Jo.txt", CHAT);
    let drive = tmp.path().join("drive");
    let out = tmp.path().join("out");
    let run = onrecord(
        &[
            "scan",
            drive.to_str().unwrap(),
            "--jobs",
            "100000",
            "--quiet",
        ],
        &out,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--jobs: 100000 is more than the most onrecord runs (256 workers)"),
        "{}",
        run.stderr
    );
    assert!(!out.join("files.csv").exists(), "nothing scanned");
}

/// Under `ulimit -n 64`, two workers read 300 files and a zip of 300 members:
/// every one is scanned (open files do not grow with the drive); asking for more
/// workers than the limit allows is refused, naming the limit.
#[test]
fn open_files_are_bounded_by_the_workers_not_the_drive() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    for i in 0..300 {
        put(
            &drive,
            &format!("office/WhatsApp Chat with Person {i:03}.txt"),
            CHAT,
        );
    }
    let names: Vec<String> = (0..300)
        .map(|i| format!("chats/WhatsApp Chat with Member {i:03}.txt"))
        .collect();
    let members: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), CHAT.as_bytes()))
        .collect();
    put(&drive, "archive/export.zip", zip_bytes(&members));
    let out = tmp.path().join("out");
    let (code, stderr) = under_open_file_limit(
        64,
        &[
            "scan",
            drive.to_str().unwrap(),
            "--jobs",
            "2",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(matches!(code, 0 | 1), "exit {code}: {stderr}");
    let rows = read_csv(&out.join("files.csv"));
    assert_eq!(rows.len(), 601, "300 files, the zip and its 300 members");
    let not_scanned: Vec<_> = rows.iter().filter(|r| r["status"] != "scanned").collect();
    assert!(not_scanned.is_empty(), "{not_scanned:#?}");
    let (code, stderr) = under_open_file_limit(
        64,
        &[
            "scan",
            drive.to_str().unwrap(),
            "--jobs",
            "20",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("over this process's limit of 64 (`ulimit -n`)"),
        "{stderr}"
    );
}

/// A pack of pattern rules each acceptable alone but together compiling beyond
/// the budget is refused before scanning, with the heaviest rules named.
#[test]
fn rule_packs_whose_patterns_compile_too_large_together_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    put(tmp.path(), "drive/WhatsApp Chat with Jo.txt", CHAT);
    let mut pack = String::from("[pack]\nname = \"heavy\"\n");
    for i in 0..12 {
        pack.push_str(&format!(
            "\n[[rule]]\nid = \"heavy-{i:02}\"\nkind = \"pattern\"\ndescription = \"d\"\n\
             severity = \"low\"\nmust-match = [\"word\"]\nmust-not-match = [\"!!!\"]\n\
             patterns = ['{HEAVY}']\ncategory = \"coverage\"\n"
        ));
    }
    let rules = put(tmp.path(), "heavy.toml", pack);
    let drive = tmp.path().join("drive");
    let out = tmp.path().join("out");
    let run = onrecord(
        &[
            "scan",
            drive.to_str().unwrap(),
            "--rules",
            rules.to_str().unwrap(),
            "--quiet",
        ],
        &out,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("the pattern rules compile to")
            && run.stderr.contains("over the limit of 32.0 MiB")
            && run.stderr.contains("heavy-00 ("),
        "{}",
        run.stderr
    );
    assert!(!out.join("files.csv").exists(), "nothing scanned");
}

/// A pattern that compiles to about 3.4 MiB (a long run of Unicode word
/// characters), within the `regex` crate's own limit per pattern: 12 copies are
/// about 40 MiB.
const HEAVY: &str = r"\w{1,200}";
