//! One conversation, many exports (tests/fixtures/conversations, fictional): the
//! "Ops Team" group exported by three custodians — Ann (Android en-GB, one message
//! deleted for everyone), Ben (iOS en-US in a zip, a new phone from 16 January, a
//! member shown by number) and Cat (re-exported in March, after a 7-day timer took
//! the messages sent while it was on) — an exact copy of Ann's export in a handover
//! folder, and another office's group also called "Ops Team" that shares only a
//! new-year greeting with it. Checked: conversations.csv, counted-once findings and
//! decisions, each deletion finding; then the same drive in shards + merge, and two
//! nightly runs over one state.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{onrecord, put, read_csv, zip_bytes};

const FIXTURE: &str = "tests/fixtures/conversations";
const ANN: &str = "No10/Ann Example/WhatsApp Chat with Ops Team.txt";
const BEN: &str = "No10/Ben Sample/WhatsApp Chat - Ops Team.zip!/_chat.txt";
const CAT: &str = "No10/Cat Fictional/WhatsApp Chat with Ops Team.txt";
const COPY: &str = "No10/Handover/WhatsApp Chat with Ops Team.txt";
const DEE: &str = "HMT/Dee Person/WhatsApp Chat with Ops Team.txt";

/// The test drive in a temporary folder: the fixture files, and Ben's export zipped
/// as iOS writes it.
fn drive() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("drive");
    for rel in [ANN, CAT, COPY, DEE] {
        put(
            &root,
            rel,
            std::fs::read(Path::new(FIXTURE).join("drive").join(rel)).unwrap(),
        );
    }
    let chat = std::fs::read(Path::new(FIXTURE).join("ben/_chat.txt")).unwrap();
    put(
        &root,
        "No10/Ben Sample/WhatsApp Chat - Ops Team.zip",
        zip_bytes(&[("_chat.txt", &chat)]),
    );
    (tmp, root)
}

fn scan(root: &Path, out: &Path, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "scan",
        root.to_str().unwrap(),
        "--as-of",
        "2023-03-01",
        "--quiet",
    ];
    args.extend(extra);
    let run = onrecord(&args, out);
    assert_eq!(run.code, 1, "findings at the fail level: {}", run.stderr);
    run
}

/// `scan --shard K/N` of the drive for each K, into `dir/shard-K`.
fn shard_scans(root: &Path, dir: &Path, n: u32) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let out = dir.join(format!("shard-{k}"));
            let shard = format!("{k}/{n}");
            let args = [
                "scan",
                root.to_str().unwrap(),
                "--as-of",
                "2023-03-01",
                "--quiet",
                "--shard",
                &shard,
            ];
            let run = onrecord(&args, &out);
            assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
            out
        })
        .collect()
}

/// `merge` of the shards' outputs into `out` (findings at the fail level).
fn merge(parts: &[PathBuf], out: &Path) -> PathBuf {
    let mut args = vec!["merge", "--quiet"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    let run = onrecord(&args, out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    out.to_path_buf()
}

fn rows_of(out: &Path, name: &str, cols: &[&str]) -> Vec<Vec<String>> {
    read_csv(&out.join(name))
        .iter()
        .map(|r| cols.iter().map(|c| r[*c].clone()).collect())
        .collect()
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn one_group_from_three_custodians_is_one_conversation_counted_once() {
    let (tmp, root) = drive();
    let out = tmp.path().join("out");
    scan(&root, &out, &[]);

    let conversations = read_csv(&out.join("conversations.csv"));
    let want: Vec<BTreeMap<String, String>> = [
        [
            "583b949311cb3369",
            "whatsapp",
            "Ops Team",
            "HMT",
            "1",
            DEE,
            "Dee Person",
            "2023-01-01T00:00:00Z",
            "2023-02-20T10:04:00Z",
            "12",
            "0",
            "",
            "0",
            "1",
        ],
        [
            "5ccde27c97aefb8f",
            "whatsapp",
            "Ops Team",
            "No10",
            "3",
            &format!("{ANN}; {BEN}; {CAT}"),
            "Ann Example; Ben Sample; Cat Fictional",
            "2023-01-01T00:00:00Z",
            "2023-02-10T16:00:00Z",
            "20",
            "4",
            "off",
            "1",
            "7",
        ],
    ]
    .iter()
    .map(|row| {
        onrecord::report::conversations::HEADER
            .iter()
            .zip(row.iter())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    })
    .collect();
    assert_eq!(conversations, want);

    // The handover copy is listed, names its original, and adds nothing.
    let files = rows_of(&out, "files.csv", &["source_path", "duplicate_of"]);
    assert!(files.contains(&s(&[COPY, ANN])), "{files:?}");
    assert_eq!(
        files.iter().filter(|f| !f[1].is_empty()).count(),
        1,
        "{files:?}"
    );

    let findings = rows_of(
        &out,
        "findings.csv",
        &["rule_id", "source_path", "message_time", "also_in"],
    );
    let want = vec![
        s(&["unexplained-gap", DEE, "2023-01-06T14:04:00+00:00", ""]),
        s(&["deleted-messages", ANN, "", ""]),
        s(&[
            "decision-not-recorded",
            ANN,
            "2023-01-04T11:02:00+00:00",
            CAT,
        ]),
        s(&[
            "classification-official-sensitive",
            ANN,
            "2023-01-16T09:12:00+00:00",
            &format!("{BEN}; {CAT}"),
        ]),
        s(&[
            "deleted-text-survives",
            ANN,
            "2023-01-17T14:02:00+00:00",
            "",
        ]),
        s(&[
            "disappearing-messages-on",
            ANN,
            "2023-01-20T10:00:00+00:00",
            &format!("{BEN}; {CAT}"),
        ]),
        s(&["export-starts-late", BEN, "2023-01-16T09:00:00+00:00", ""]),
        s(&[
            "messages-missing-from-export",
            CAT,
            "2023-01-21T09:00:00+00:00",
            "",
        ]),
    ];
    assert_eq!(findings, want);

    let column = |name: &str| -> BTreeMap<String, String> {
        read_csv(&out.join("findings.csv"))
            .into_iter()
            .map(|f| (f["rule_id"].clone(), f[name].clone()))
            .collect()
    };
    let details = column("detail");
    assert_eq!(
        details["messages-missing-from-export"],
        format!(
            "4 message(s) sent from 2023-01-21T09:00:00Z to 2023-01-25T17:30:00Z, inside the time this export covers, are in {ANN} but not in this export"
        )
    );
    assert!(
        details["deleted-text-survives"]
            .contains(&format!("survives in {BEN} at 2023-01-17T14:02:00Z"))
    );
    // The text Ann's placeholder stands for, read again from Ben's zipped export.
    assert_eq!(
        column("excerpt")["deleted-text-survives"],
        "The supplier wants to drop the penalty clause"
    );
    assert!(
        details["export-starts-late"]
            .contains("15 day(s) after the conversation's first message (2023-01-01T00:00:00Z")
    );
    assert!(
        details["unexplained-gap"].contains("(40 day(s))"),
        "{}",
        details["unexplained-gap"]
    );

    // One decision, matched against the register once, with the other export named.
    let decisions = rows_of(&out, "decisions.csv", &["source_path", "status", "also_in"]);
    assert_eq!(decisions, vec![s(&[ANN, "overdue", CAT])]);
    let summary = read_csv(&out.join("summary.csv"));
    let all = summary
        .iter()
        .find(|r| r["office"] == "(all offices)")
        .unwrap();
    assert_eq!(
        (
            all["decisions_found"].as_str(),
            all["decisions_overdue"].as_str(),
            all["classification_marker"].as_str()
        ),
        ("1", "1", "1")
    );
}

#[test]
fn exports_in_different_shards_are_matched_in_the_merge() {
    let (tmp, root) = drive();
    let whole = tmp.path().join("whole");
    scan(&root, &whole, &[]);
    let parts = shard_scans(&root, tmp.path(), 3);
    // No shard holds all three exports of the group: only the merge can match them.
    let most: Vec<String> = parts
        .iter()
        .map(|p| {
            let rows = read_csv(&p.join("conversations.csv"));
            rows.iter()
                .map(|r| r["exports"].clone())
                .max()
                .unwrap_or_default()
        })
        .collect();
    assert!(most.iter().all(|n| n.as_str() < "3"), "{most:?}");
    let merged = merge(&parts, &tmp.path().join("merged"));
    for name in [
        "conversations.csv",
        "findings.csv",
        "decisions.csv",
        "files.csv",
        "summary.csv",
    ] {
        assert_eq!(
            std::fs::read_to_string(whole.join(name)).unwrap(),
            std::fs::read_to_string(merged.join(name)).unwrap(),
            "{name} differs between the merge and an unsharded scan"
        );
    }
}

#[test]
fn a_second_nightly_run_matches_from_the_state_without_reading_again() {
    let (tmp, root) = drive();
    let out = tmp.path().join("out");
    let state = tmp.path().join("state.sqlite");
    let state_flag = ["--state", state.to_str().unwrap()];
    scan(&root, &out, &state_flag);
    let first = std::fs::read_to_string(out.join("conversations.csv")).unwrap();
    let first_findings = rows_of(&out, "findings.csv", &["finding_id", "also_in"]);
    let run = scan(&root, &out, &state_flag);
    assert!(
        run.stderr
            .contains("0 parsed, 5 unchanged since the last run"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(out.join("conversations.csv")).unwrap(),
        first
    );
    let findings = read_csv(&out.join("findings.csv"));
    assert_eq!(
        findings
            .iter()
            .map(|f| vec![f["finding_id"].clone(), f["also_in"].clone()])
            .collect::<Vec<_>>(),
        first_findings
    );
    assert!(
        findings
            .iter()
            .all(|f| f["status_since_last_run"] == "open")
    );
}

/// Two exports of one group, Ben's under a folder whose name is not UTF-8: Ann's
/// shows three messages deleted for everyone; Ben's still has them, one marked TOP
/// SECRET and one with a caption under a document whose name is. Returns the
/// drive's root and Ben's file.
fn deletions_drive(tmp: &Path) -> (PathBuf, PathBuf) {
    use std::os::unix::ffi::OsStrExt;
    let root = tmp.join("drive");
    let lines = |fifth: &str, seventh: &str, ninth: &str| {
        [
            "09/02/2023, 10:01 - Ann Example: Morning all, agenda for the board is in the folder",
            "09/02/2023, 10:02 - Ben Sample: Thanks, I'll read it before the call",
            "09/02/2023, 10:03 - Ann Example: Item 3 needs a view from finance",
            "09/02/2023, 10:04 - Cy Nominal: Finance are fine with the figures",
            fifth,
            "09/02/2023, 10:06 - Ann Example: Let's take the rest on the call",
            seventh,
            "09/02/2023, 10:08 - Ben Sample: Noted, I'll tell the team",
            ninth,
        ]
        .join("\n")
            + "\n"
    };
    put(
        &root,
        "No10/Ann Example/WhatsApp Chat with Board.txt",
        lines(
            "09/02/2023, 10:05 - Cy Nominal: This message was deleted",
            "09/02/2023, 10:07 - Cy Nominal: This message was deleted",
            "09/02/2023, 10:09 - Cy Nominal: This message was deleted",
        ),
    );
    let folder = root
        .join("No10")
        .join(std::ffi::OsStr::from_bytes(b"Ben Caf\xe9"));
    std::fs::create_dir_all(&folder).unwrap();
    let ben = folder.join("WhatsApp Chat with Board.txt");
    std::fs::write(
        &ben,
        lines(
            "09/02/2023, 10:05 - Cy Nominal: TOP SECRET: the annex is in the box",
            "09/02/2023, 10:07 - Cy Nominal: Pilot budget agreed at 40k, go ahead",
            "09/02/2023, 10:09 - Cy Nominal: Annex_TOP_SECRET_v2.pdf (file attached)\nfigures for the call",
        ),
    )
    .unwrap();
    (root, ben)
}

/// The `deleted-text-survives` findings' excerpts and details, by message time.
fn survivors(out: &Path) -> Vec<(String, String, String)> {
    read_csv(&out.join("findings.csv"))
        .into_iter()
        .filter(|f| f["rule_id"] == "deleted-text-survives")
        .map(|f| {
            (
                f["message_time"].clone(),
                f["excerpt"].clone(),
                f["detail"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_deleted_message_is_quoted_from_the_export_that_kept_it_as_excerpts_allow() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, _) = deletions_drive(tmp.path());
    let run = |name: &str, extra: &[&str]| {
        let out = tmp.path().join(name);
        scan(&root, &out, extra);
        out
    };
    let excerpts = |out: &Path| -> Vec<(String, String)> {
        survivors(out)
            .into_iter()
            .map(|(time, excerpt, _)| (time, excerpt))
            .collect()
    };
    let time = |m: u32| format!("2023-02-09T10:0{m}:00+00:00");
    let redacted = onrecord::rules::REDACTED.to_string();

    let out = run("default", &[]);
    assert_eq!(
        excerpts(&out),
        vec![
            (time(5), redacted.clone()),
            (time(7), "Pilot budget agreed at 40k, go ahead".into()),
            (time(9), redacted.clone()),
        ]
    );
    let details = survivors(&out);
    assert!(
        details[0]
            .2
            .contains("No10/Ben Caf\\xE9/WhatsApp Chat with Board.txt"),
        "{details:?}"
    );
    // The marked text is in no file the scan wrote.
    for file in common::files_under(&out) {
        assert!(
            !common::written_text(&file).contains("annex is in the box"),
            "{} quotes the marked message",
            file.display()
        );
    }

    let full = run("full", &["--excerpts", "full"]);
    assert_eq!(
        excerpts(&full)[0],
        (time(5), "TOP SECRET: the annex is in the box".into())
    );
    assert_eq!(excerpts(&full)[2], (time(9), "figures for the call".into()));
    let none = run("none", &["--excerpts", "none"]);
    assert_eq!(
        excerpts(&none),
        vec![
            (time(5), String::new()),
            (time(7), String::new()),
            (time(9), String::new())
        ]
    );
    assert!(survivors(&none).iter().all(|s| !s.2.contains("not quoted")));
}

#[test]
fn a_merge_quotes_from_the_files_its_shards_read_and_says_when_one_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, ben) = deletions_drive(tmp.path());
    let whole = tmp.path().join("whole");
    scan(&root, &whole, &[]);
    let parts = shard_scans(&root, tmp.path(), 2);
    let merged = merge(&parts, &tmp.path().join("merged"));
    assert_eq!(
        std::fs::read_to_string(whole.join("findings.csv")).unwrap(),
        std::fs::read_to_string(merged.join("findings.csv")).unwrap()
    );
    assert_eq!(
        survivors(&merged)[1].1,
        "Pilot budget agreed at 40k, go ahead"
    );

    // Ben's export edited between the shards and the merge: the message is not
    // there to quote any more, and the finding says so.
    let edited = std::fs::read_to_string(&ben)
        .unwrap()
        .replace("Pilot budget agreed at 40k", "Pilot budget still open");
    std::fs::write(&ben, edited).unwrap();
    let merged = merge(&parts, &tmp.path().join("merged-after-edit"));
    let found = survivors(&merged);
    assert_eq!(found[0].1, onrecord::rules::REDACTED);
    assert_eq!(found[1].1, "");
    assert!(
        found[1]
            .2
            .contains("not quoted: that export could not be read again"),
        "{found:?}"
    );
}
