//! Nightly operation, end to end with the real binary on a copy of the example
//! drive: the state makes the second run read nothing, a changed export is read
//! again alone, findings are tracked new → open → resolved, reviews hide findings
//! until they expire, a corrupt state degrades to a full run, a second concurrent
//! run is refused, and a signal stops a run without writing reports.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Run, onrecord, put, read_csv};

const AS_OF: &str = "2021-07-01";

/// A scratch copy of examples/drive, plus a report folder.
struct Night {
    _tmp: tempfile::TempDir,
    drive: PathBuf,
    out: PathBuf,
    register: PathBuf,
}

impl Night {
    fn new() -> Night {
        let tmp = tempfile::tempdir().unwrap();
        let drive = tmp.path().join("drive");
        copy_tree(Path::new("examples/drive"), &drive);
        let register = tmp.path().join("register.csv");
        std::fs::copy("examples/register.csv", &register).unwrap();
        Night {
            out: tmp.path().join("reports"),
            drive,
            register,
            _tmp: tmp,
        }
    }

    fn scan(&self, extra: &[&str]) -> Run {
        let mut args = vec![
            "scan",
            self.drive.to_str().unwrap(),
            "--config",
            "examples/onrecord.toml",
            "--register",
            self.register.to_str().unwrap(),
            "--quiet",
        ];
        if !extra.contains(&"--as-of") {
            args.extend(["--as-of", AS_OF]);
        }
        args.extend(extra);
        let run = onrecord(&args, &self.out);
        assert!(
            matches!(run.code, 1 | 3 | 5),
            "exit {}: {}",
            run.code,
            run.stderr
        );
        run
    }

    fn report(&self, name: &str) -> Vec<BTreeMap<String, String>> {
        read_csv(&self.out.join(name))
    }

    /// The last line of run.csv.
    fn last_run(&self) -> BTreeMap<String, String> {
        self.report("run.csv").pop().expect("run.csv has a line")
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in common::files_under(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &target).unwrap();
    }
}

fn column(rows: &[BTreeMap<String, String>], name: &str) -> Vec<String> {
    rows.iter().map(|r| r[name].clone()).collect()
}

/// Rows without the history columns, to compare two runs' findings.
fn without_history(rows: &[BTreeMap<String, String>]) -> Vec<BTreeMap<String, String>> {
    rows.iter()
        .map(|r| {
            let mut r = r.clone();
            r.remove("status_since_last_run");
            r.remove("first_seen");
            r
        })
        .collect()
}

fn count(run: &BTreeMap<String, String>, col: &str) -> u64 {
    run[col].parse().unwrap()
}

#[test]
fn second_run_reads_nothing_and_reports_the_same_findings_as_open() {
    let n = Night::new();
    n.scan(&[]);
    let first = n.report("findings.csv");
    let first_run = n.last_run();
    assert!(!first.is_empty());
    assert!(
        column(&first, "status_since_last_run")
            .iter()
            .all(|s| s == "new")
    );
    assert!(column(&first, "first_seen").iter().all(|s| s == AS_OF));
    let parsed = count(&first_run, "files_parsed");
    assert_eq!(parsed, 16, "every regular file is read the first time");
    assert_eq!(count(&first_run, "files_reused"), 0);
    let first_decisions = n.report("decisions.csv");

    n.scan(&[]);
    let second_run = n.last_run();
    assert_eq!(count(&second_run, "files_parsed"), 0, "{second_run:?}");
    assert_eq!(count(&second_run, "files_reused"), parsed);
    let second = n.report("findings.csv");
    assert_eq!(without_history(&first), without_history(&second));
    assert!(
        column(&second, "status_since_last_run")
            .iter()
            .all(|s| s == "open")
    );
    assert!(column(&second, "first_seen").iter().all(|s| s == AS_OF));
    assert_eq!(count(&second_run, "findings_new"), 0);
    let second_decisions = n.report("decisions.csv");
    assert_eq!(
        without_history(&first_decisions),
        without_history(&second_decisions)
    );
    assert!(
        column(&second_decisions, "status_since_last_run")
            .iter()
            .all(|s| s == "open")
    );
    // Files, summary and the rest are byte-identical between the two runs.
    let history: Vec<_> = std::fs::read_dir(n.out.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(history.len(), 2, "one dated folder per run");
    for name in ["files.csv", "register-unmatched.csv", "summary-detail.csv"] {
        let a = std::fs::read(history[0].join(name)).unwrap();
        let b = std::fs::read(history[1].join(name)).unwrap();
        assert_eq!(a, b, "{name}");
    }
    assert_eq!(n.report("run.csv").len(), 2);
}

#[test]
fn a_changed_export_is_the_only_file_read_again() {
    let n = Night::new();
    n.scan(&[]);
    let chat = n
        .drive
        .join("No10-Private-Office/WhatsApp Chat with Sam Patel.txt");
    // Only the time moves: the content hash shows nothing changed.
    let f = std::fs::File::options().write(true).open(&chat).unwrap();
    f.set_modified(std::time::SystemTime::now()).unwrap();
    drop(f);
    n.scan(&[]);
    let run = n.last_run();
    assert_eq!(count(&run, "files_parsed"), 0, "{run:?}");
    assert_eq!(count(&run, "files_reused"), 16);
    let files = n.report("files.csv");
    let row = files
        .iter()
        .find(|r| r["source_path"].ends_with("Sam Patel.txt"))
        .unwrap();
    let year = chrono::Utc::now().format("%Y").to_string();
    assert!(
        row["modified"].starts_with(&year),
        "files.csv shows the new time: {row:?}"
    );

    // A new message appended: that file alone is parsed, and its new marker is new.
    let mut text = std::fs::read_to_string(&chat).unwrap();
    text.push_str("26/11/2020, 10:02 - Sam Patel: The annex is marked SECRET UK EYES ONLY so not on here please\n");
    std::fs::write(&chat, text).unwrap();
    n.scan(&[]);
    let run = n.last_run();
    assert_eq!(count(&run, "files_parsed"), 1, "{run:?}");
    assert_eq!(count(&run, "files_reused"), 15);
    let findings = n.report("findings.csv");
    let new: Vec<_> = findings
        .iter()
        .filter(|r| r["status_since_last_run"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0]["rule_id"], "classification-secret");
    assert!(new[0]["source_path"].ends_with("Sam Patel.txt"));
    assert!(
        findings
            .iter()
            .filter(|r| r["finding_id"] != new[0]["finding_id"])
            .all(|r| r["status_since_last_run"] == "open")
    );
}

#[test]
fn a_decision_recorded_since_last_night_moves_to_resolved() {
    let n = Night::new();
    n.scan(&[]);
    let overdue = n
        .report("findings.csv")
        .into_iter()
        .find(|r| {
            r["rule_id"] == "decision-not-recorded" && r["source_path"].ends_with("Sam Patel.txt")
        })
        .expect("the Sam Patel decision is overdue");
    assert!(n.report("resolved.csv").is_empty());

    let mut register = std::fs::read_to_string(&n.register).unwrap();
    register.push_str("DEC-2020-101,25/11/2020,26/11/2020,Permanent Secretary,Sam Patel,WhatsApp,Pricing annex to go in the PM's box: Permanent Secretary content\n");
    std::fs::write(&n.register, register).unwrap();
    n.scan(&[]);
    let run = n.last_run();
    assert_eq!(count(&run, "files_parsed"), 0, "the register alone changed");
    assert!(
        !n.report("findings.csv")
            .iter()
            .any(|r| r["finding_id"] == overdue["finding_id"])
    );
    let resolved = n.report("resolved.csv");
    assert_eq!(resolved.len(), 1, "{resolved:?}");
    assert_eq!(resolved[0]["finding_id"], overdue["finding_id"]);
    assert_eq!(
        resolved[0]["resolution"],
        "decision now recorded as DEC-2020-101"
    );
    assert_eq!(resolved[0]["first_seen"], AS_OF);
    assert_eq!(resolved[0]["last_seen"], AS_OF);
    let decision = n
        .report("decisions.csv")
        .into_iter()
        .find(|r| r["decision_id"] == overdue["finding_id"])
        .unwrap();
    assert_eq!(decision["status"], "recorded");
    assert_eq!(decision["status_since_last_run"], "open");
    let total = n.report("summary.csv").pop().unwrap();
    assert_eq!(total["findings_resolved"], "1");
    // The next night it is no longer "resolved since the last run".
    n.scan(&[]);
    assert!(n.report("resolved.csv").is_empty());
}

#[test]
fn a_reviewed_finding_leaves_the_report_and_returns_when_the_review_expires() {
    let n = Night::new();
    n.scan(&[]);
    let findings = n.report("findings.csv");
    let target = findings
        .iter()
        .find(|r| r["rule_id"] == "classification-official-sensitive")
        .unwrap()
        .clone();
    let id = &target["finding_id"];
    let reviewed = put(
        n.out.parent().unwrap(),
        "reviewed.csv",
        format!(
            "finding_id,disposition,reviewer,date,note,expires\r\n\
             {id},accepted_risk,A. Records-Manager,30/06/2021,\"discussed with the SIRO\",10/07/2021\r\n\
             ffffffffffffffff,false_positive,A. Records-Manager,30/06/2021,typo,\r\n\
             1.23457E+15,false_positive,A. Records-Manager,30/06/2021,Excel,\r\n"
        ),
    );
    let reviewed = reviewed.to_str().unwrap();

    let run = n.scan(&["--reviewed", reviewed]);
    let now = n.report("findings.csv");
    assert_eq!(now.len(), findings.len() - 1);
    assert!(!now.iter().any(|r| &r["finding_id"] == id));
    let total = n.report("summary.csv").pop().unwrap();
    assert_eq!(total["findings_reviewed"], "1");
    let office = n
        .report("summary.csv")
        .into_iter()
        .find(|r| r["office"] == target["office"])
        .unwrap();
    assert_eq!(office["findings_reviewed"], "1");
    let reviews = n.report("reviews.csv");
    assert_eq!(
        column(&reviews, "review_status"),
        ["active", "unknown finding id", "unknown finding id"]
    );
    assert!(
        run.stderr.contains(
            "line 4: finding id 1.23457E+15 is not a finding this or an earlier run reported (a spreadsheet turned the id into a number"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(reviews[0]["rule_id"], "classification-official-sensitive");
    assert!(
        run.stderr
            .contains("line 3: finding id ffffffffffffffff is not a finding"),
        "{}",
        run.stderr
    );
    // Under review is not resolved.
    assert!(n.report("resolved.csv").is_empty());

    // Still held on the expiry day; back the day after.
    n.scan(&["--reviewed", reviewed, "--as-of", "2021-07-10"]);
    assert!(
        !n.report("findings.csv")
            .iter()
            .any(|r| &r["finding_id"] == id)
    );
    n.scan(&["--reviewed", reviewed, "--as-of", "2021-07-11"]);
    let back = n.report("findings.csv");
    let row = back
        .iter()
        .find(|r| &r["finding_id"] == id)
        .expect("back after expiry");
    assert_eq!(row["first_seen"], AS_OF, "it keeps its history");
    assert_eq!(row["status_since_last_run"], "new");
    assert_eq!(n.report("reviews.csv")[0]["review_status"], "expired");
}

#[test]
fn a_bad_review_row_is_listed_and_the_other_rows_applied() {
    let n = Night::new();
    n.scan(&[]);
    let findings = n.report("findings.csv");
    let id = findings
        .iter()
        .find(|r| r["rule_id"] == "classification-official-sensitive")
        .unwrap()["finding_id"]
        .clone();
    let reviewed = put(
        n.out.parent().unwrap(),
        "reviewed.csv",
        format!(
            "finding_id,disposition,reviewer,date\n\
             abc,looks fine,Jo,2021-06-30\n\
             {id},false_positive,Jo,2021-06-30\n"
        ),
    );
    let run = n.scan(&["--reviewed", reviewed.to_str().unwrap()]);
    assert!(
        run.stderr
            .contains("reviewed.csv line 2: not applied: disposition \"looks fine\" is not one of"),
        "{}",
        run.stderr
    );
    assert_eq!(
        n.report("findings.csv").len(),
        findings.len() - 1,
        "the good row applied"
    );
    let reviews = n.report("reviews.csv");
    assert_eq!(column(&reviews, "review_status"), ["not applied", "active"]);
    assert_eq!(reviews[0]["finding_id"], "abc");
    assert_eq!(reviews[0]["review_line"], "2");
    assert!(
        reviews[0]["problem"].contains("looks fine"),
        "{:?}",
        reviews[0]
    );
}

#[test]
fn an_unusable_reviews_file_stops_the_run_before_scanning() {
    let n = Night::new();
    let reviewed = put(
        n.out.parent().unwrap(),
        "reviewed.csv",
        "id,disposition,reviewer,date\nabc,false_positive,Jo,2021-06-30\n",
    );
    let run = onrecord(
        &[
            "scan",
            n.drive.to_str().unwrap(),
            "--reviewed",
            reviewed.to_str().unwrap(),
        ],
        &n.out,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("missing column(s) finding_id"),
        "{}",
        run.stderr
    );
    assert!(!n.out.join("files.csv").exists());
}

#[test]
fn a_corrupt_state_is_a_warning_and_a_full_run() {
    let n = Night::new();
    n.scan(&[]);
    let state = n.out.join("onrecord-state.sqlite");
    let len = std::fs::metadata(&state).unwrap().len() as usize;
    std::fs::write(&state, vec![0x5au8; len]).unwrap();
    let run = n.scan(&[]);
    assert!(
        run.stderr.contains("warning: state file") && run.stderr.contains("unusable"),
        "{}",
        run.stderr
    );
    let last = n.last_run();
    assert_eq!(count(&last, "files_parsed"), 16);
    assert!(
        column(&n.report("findings.csv"), "status_since_last_run")
            .iter()
            .all(|s| s == "new")
    );
    assert!(n.out.join("onrecord-state.sqlite.unusable-1").exists());
    // The rebuilt state works the next night.
    n.scan(&[]);
    assert_eq!(count(&n.last_run(), "files_parsed"), 0);
}

#[test]
fn a_second_run_on_the_same_report_folder_is_refused() {
    let n = Night::new();
    let held = onrecord::lock::acquire(&n.out, "2021-07-01T02:00:00Z").unwrap();
    let run = onrecord(&["scan", n.drive.to_str().unwrap(), "--quiet"], &n.out);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another onrecord run is using this report folder")
            && run.stderr.contains(&format!("pid {}", std::process::id())),
        "{}",
        run.stderr
    );
    assert!(!n.out.join("files.csv").exists());
    drop(held);
    n.scan(&[]);
    assert!(n.out.join("files.csv").exists());
}

#[test]
fn no_state_means_every_file_is_read_and_nothing_is_remembered() {
    let n = Night::new();
    n.scan(&["--no-state"]);
    n.scan(&["--no-state"]);
    assert_eq!(count(&n.last_run(), "files_parsed"), 16);
    assert!(!n.out.join("onrecord-state.sqlite").exists());
}

#[cfg(unix)]
#[test]
fn a_signal_stops_the_run_and_writes_no_reports() {
    // A release build can finish a small drive before the signal lands, so the drive
    // grows until a run is caught part-way through its files.
    for files in [150, 600, 2400, 9600] {
        if signal_mid_run(files) {
            return;
        }
    }
    panic!("every run finished before the signal arrived");
}

/// Scans a drive of `files` small exports and sends SIGTERM once the run holds its lock.
/// False when the run had already read every file; otherwise asserts what an
/// interrupted run leaves behind, and that the next run reads only the rest.
#[cfg(unix)]
fn signal_mid_run(files: usize) -> bool {
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    let mut line = String::new();
    for i in 0..200 {
        line.push_str(&format!(
            "01/03/2021, 09:{:02} - Sam Patel: Morning all, update {i} on the plan\n",
            i % 60
        ));
    }
    for i in 0..files {
        put(
            &drive,
            &format!("office/WhatsApp Chat with Team {i}.txt"),
            &line,
        );
    }
    let out = tmp.path().join("reports");
    let child = Command::new(env!("CARGO_BIN_EXE_onrecord"))
        .args([
            "scan",
            drive.to_str().unwrap(),
            "--jobs",
            "1",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it holds the lock (it has started), then ask it to stop.
    let lock = out.join(".onrecord.lock");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::fs::read_to_string(&lock).map_or(true, |s| s.is_empty()) {
        assert!(std::time::Instant::now() < deadline, "run never started");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(130) {
        // Finished first (kill may then find no process): a clean run, reports written.
        assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
        assert!(out.join("files.csv").exists(), "{stderr}");
        return false;
    }
    assert!(killed.success());
    assert!(stderr.contains("interrupted after"), "{stderr}");
    for report in ["files.csv", "findings.csv", "summary.csv"] {
        assert!(
            !out.join(report).exists(),
            "{report} written by an interrupted run"
        );
    }
    let runs = read_csv(&out.join("run.csv"));
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["outcome"], "interrupted");
    assert_eq!(runs[0]["exit_code"], "130");
    let done: usize = runs[0]["files_parsed"].parse().unwrap();
    if done == files {
        // Stopped while writing the reports: nothing to resume; try a bigger drive.
        return false;
    }
    // What was read is remembered: the next run only reads the rest.
    let rerun = onrecord(&["scan", drive.to_str().unwrap(), "--quiet"], &out);
    assert!(matches!(rerun.code, 0 | 1), "{}", rerun.stderr);
    let runs = read_csv(&out.join("run.csv"));
    assert_eq!(runs[1]["files_reused"], done.to_string());
    assert_eq!(runs[1]["files_parsed"], (files - done).to_string());
    true
}

#[test]
fn a_report_folder_inside_the_drive_is_never_scanned() {
    let n = Night::new();
    let out = n.drive.join("onrecord-reports");
    let args = [
        "scan",
        n.drive.to_str().unwrap(),
        "--quiet",
        "--as-of",
        AS_OF,
    ];
    for _ in 0..2 {
        let run = onrecord(&args, &out);
        assert!(matches!(run.code, 1 | 3 | 5), "{}", run.stderr);
    }
    let files = read_csv(&out.join("files.csv"));
    let own: Vec<_> = files
        .iter()
        .filter(|r| r["source_path"].starts_with("onrecord-reports"))
        .collect();
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["status"], "skipped");
    assert_eq!(
        own[0]["detail"],
        "onrecord's own report folder (not entered)"
    );
    // The second night read nothing: its own reports did not count as new files.
    assert_eq!(count(&read_csv(&out.join("run.csv"))[1], "files_parsed"), 0);
}

#[test]
fn resolved_findings_say_why_they_went_away() {
    let n = Night::new();
    n.scan(&[]);
    let chat = n
        .drive
        .join("DHSC-Perm-Sec-Office/iMessage/Alex Reid - 7.txt");
    let rule_of = |rows: &[BTreeMap<String, String>]| {
        rows.iter()
            .map(|r| (r["rule_id"].clone(), r["resolution"].clone()))
            .collect::<Vec<_>>()
    };
    // Night 2: the marking is edited out of the export; the file stays.
    let text = std::fs::read_to_string(&chat).unwrap();
    let edited = text.replace(
        "Staff survey results are Official-Sensitive [PERSONAL], please keep them off the team channel",
        "Staff survey results are out, please keep them off the team channel",
    );
    assert_ne!(text, edited);
    std::fs::write(&chat, edited).unwrap();
    n.scan(&[]);
    assert_eq!(
        rule_of(&n.report("resolved.csv")),
        [(
            "classification-official-sensitive".to_string(),
            "no longer found in the file (the export or the rules changed)".to_string()
        )]
    );
    // Night 3: the export is deleted; its other finding goes too, and says so.
    std::fs::remove_file(&chat).unwrap();
    n.scan(&[]);
    let resolved = n.report("resolved.csv");
    assert_eq!(
        rule_of(&resolved),
        [(
            "deleted-messages".to_string(),
            "the file is no longer on the drive (moved, renamed or deleted)".to_string()
        )]
    );
    assert!(resolved[0]["source_path"].ends_with("Alex Reid - 7.txt"));
    let office = n
        .report("summary.csv")
        .into_iter()
        .find(|r| r["office"] == resolved[0]["office"])
        .unwrap();
    assert_eq!(office["findings_resolved"], "1");
}

#[test]
fn a_marked_decision_leaves_no_words_in_the_state_or_the_shard_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    put(
        &drive,
        "No10/WhatsApp Chat with Policy Unit.txt",
        "12/03/2021, 09:14 - Sam Patel: Morning all\n\
         12/03/2021, 09:20 - Sam Patel: DECISION: SoS agreed the SECRET UK EYES ONLY annex on Project KESTREL goes to Cabinet\n",
    );
    let scan = |out: &Path, excerpts: &str| {
        let args = [
            "scan",
            drive.to_str().unwrap(),
            "--shard",
            "1/1",
            "--excerpts",
            excerpts,
            "--as-of",
            AS_OF,
            "--quiet",
        ];
        let run = onrecord(&args, out);
        assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    };
    let holds_the_words = |out: &Path| {
        common::files_under(out).into_iter().any(|f| {
            let bytes = std::fs::read(&f).unwrap();
            bytes.windows(7).any(|w| w == b"KESTREL")
        })
    };
    let redacted = tmp.path().join("redacted");
    scan(&redacted, "redacted");
    let decisions = read_csv(&redacted.join("decisions.csv"));
    assert_eq!(decisions.len(), 1, "the decision is still reported");
    assert!(
        decisions[0]["excerpt"].starts_with("[redacted"),
        "{decisions:?}"
    );
    assert!(redacted.join("part/entries.jsonl").exists());
    assert!(
        !holds_the_words(&redacted),
        "marked words written under {}",
        redacted.display()
    );
    // The check can see them: with --excerpts full they are kept (state, parts, reports).
    let full = tmp.path().join("full");
    scan(&full, "full");
    assert!(holds_the_words(&full));
}
