//! The exit codes a scheduler reads (README, "Exit codes"): one code per outcome,
//! so "reports written" is never claimed for a run that wrote none, and findings at
//! `--fail-on` are never hidden by unreadable files. Each test runs the real binary.

use crate::common;

use std::path::Path;

use common::{Run, onrecord, put, read_csv, zip_bytes};

/// A WhatsApp chat with a TOP SECRET marking (a critical finding).
const MARKED: &str = "15/04/2021, 09:14 - Jo Bloggs: Morning all\n\
15/04/2021, 09:15 - Sam Patel: The grid for Thursday is attached, TOP SECRET, not for the wider office\n";

/// A WhatsApp chat with nothing to report.
const PLAIN: &str = "15/04/2021, 09:14 - Jo Bloggs: Morning all\n\
15/04/2021, 09:15 - Sam Patel: Morning, see you at ten\n";

/// A drive with a chat (marked or not) and, if `broken`, a zip cut in half.
fn drive(dir: &Path, marked: bool, broken: bool) -> std::path::PathBuf {
    let root = dir.join("drive");
    let text = if marked { MARKED } else { PLAIN };
    put(&root, "No10/WhatsApp Chat with Sam Patel.txt", text);
    if broken {
        let zip = zip_bytes(&[("_chat.txt", PLAIN.as_bytes())]);
        put(&root, "HMT/truncated.zip", &zip[..zip.len() / 2]);
    }
    root
}

fn scan(root: &Path, out: &Path) -> Run {
    onrecord(
        &["scan", root.to_str().unwrap(), "--no-state", "--quiet"],
        out,
    )
}

fn statuses(out: &Path) -> Vec<String> {
    read_csv(&out.join("files.csv"))
        .into_iter()
        .map(|r| r["status"].clone())
        .collect()
}

#[test]
fn each_outcome_of_a_written_run_has_its_own_code() {
    // (marked, broken) → code
    let cases = [
        ((false, false), 0),
        ((true, false), 1),
        ((false, true), 3),
        ((true, true), 5),
    ];
    for ((marked, broken), want) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let root = drive(tmp.path(), marked, broken);
        let out = tmp.path().join("reports");
        let run = scan(&root, &out);
        assert_eq!(
            run.code, want,
            "marked={marked} broken={broken}: {}",
            run.stderr
        );
        // Reports are written in every one of these cases.
        let rows = statuses(&out);
        assert_eq!(rows.contains(&"error".to_string()), broken, "{rows:?}");
        let findings = read_csv(&out.join("findings.csv"));
        assert_eq!(
            findings.iter().any(|f| f["severity"] == "critical"),
            marked,
            "{findings:#?}"
        );
        if broken {
            assert!(
                run.stderr
                    .contains("1 file(s) could not be read, first HMT/truncated.zip"),
                "{}",
                run.stderr
            );
        }
    }
}

#[test]
fn findings_and_a_broken_file_say_both() {
    let tmp = tempfile::tempdir().unwrap();
    let root = drive(tmp.path(), true, true);
    let out = tmp.path().join("reports");
    let run = scan(&root, &out);
    assert_eq!(run.code, 5, "{}", run.stderr);
    // The closing line counts findings by severity and those at --fail-on.
    assert!(
        run.stderr.contains("1 finding(s): 1 critical")
            && run.stderr.contains("1 at or above --fail-on"),
        "{}",
        run.stderr
    );
    // run.csv keeps the code the run exited with.
    let runs = read_csv(&out.join("run.csv"));
    assert_eq!(runs[0]["exit_code"], "5");
}

#[test]
fn a_report_folder_that_is_a_file_exits_6_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let root = drive(tmp.path(), true, false);
    let out = tmp.path().join("reports");
    std::fs::write(&out, b"not a folder").unwrap();
    let run = scan(&root, &out);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("no reports written"), "{}", run.stderr);
    assert_eq!(std::fs::read(&out).unwrap(), b"not a folder");
}

#[test]
fn a_report_folder_that_cannot_be_written_exits_6_and_keeps_last_nights_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let root = drive(tmp.path(), true, false);
    let out = tmp.path().join("reports");
    assert_eq!(scan(&root, &out).code, 1);
    let last_night = std::fs::read(out.join("findings.csv")).unwrap();
    // The dated history folder is where every run stages its reports: a file in its
    // place stops the run after the lock is taken, however privileged the runner is.
    std::fs::remove_dir_all(out.join("history")).unwrap();
    std::fs::write(out.join("history"), b"").unwrap();
    put(&root, "No10/new.txt", PLAIN);
    let run = scan(&root, &out);
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(run.stderr.contains("no reports written"), "{}", run.stderr);
    assert_eq!(std::fs::read(out.join("findings.csv")).unwrap(), last_night);
    assert_eq!(
        read_csv(&out.join("files.csv")).len(),
        1,
        "files.csv untouched"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_report_folder_exits_6() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let tmp = tempfile::tempdir().unwrap();
    let root = drive(tmp.path(), true, false);
    let out = tmp.path().join("reports");
    std::fs::create_dir(&out).unwrap();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, PermissionsExt::from_mode(m));
    mode(tmp.path(), 0o755).unwrap();
    mode(&out, 0o555).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_onrecord"));
    cmd.args([
        "scan",
        root.to_str().unwrap(),
        "--no-state",
        "--quiet",
        "--out",
    ])
    .arg(&out);
    // Root writes anywhere: run as `nobody` then, so the folder's mode holds.
    if effective_uid() == 0 {
        cmd.uid(65534).gid(65534);
    }
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(6), "{stderr}");
    assert!(stderr.contains("no reports written"), "{stderr}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0);
}

/// The effective user id, read from /proc (no `unsafe` libc call in tests).
fn effective_uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(u32::MAX)
}
