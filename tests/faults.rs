//! Faults real drives throw at a run: special files where regular files were
//! (a FIFO that would block a reader forever), checked through the library with a
//! real walk and through the binary under a watchdog.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use onrecord::discover::{self, WalkOptions};
use onrecord::examine::{self, Examiner};
use onrecord::formats::ParseOptions;
use onrecord::outcome::{FileOutcome, Status};
use onrecord::rules::{self, ExcerptMode};
use onrecord::source::archive::ZipLimits;

const CHAT: &str =
    "15/04/2021, 09:14 - Jo Bloggs: Morning all\n15/04/2021, 09:15 - Sam Patel: Morning\n";

/// How long anything here may take before it counts as a hang.
const WATCHDOG: Duration = Duration::from_secs(60);

/// Scans `drive` with `max-record-size = "4KiB"` (reports under `dir`) and returns
/// its files.csv rows.
fn scan_with_a_4k_record_cap(dir: &Path, drive: &Path) -> Vec<BTreeMap<String, String>> {
    let config = dir.join("onrecord.toml");
    std::fs::write(&config, "max-record-size = \"4KiB\"\n").unwrap();
    let out = dir.join("reports");
    let run = onrecord(
        &[
            "scan",
            drive.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--quiet",
        ],
        &out,
    );
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    read_csv(&out.join("files.csv"))
}

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// Waits for `child` under the watchdog; a run still going after it is killed
/// and the test fails.
fn wait_or_fail(mut child: Child) -> (std::process::ExitStatus, String) {
    let deadline = Instant::now() + WATCHDOG;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            return (status, stderr);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("onrecord still running after {WATCHDOG:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Files replaced by a FIFO between the walk and the read — small (read whole up
/// front), large (streamed) and an archive — each become an error row saying why,
/// promptly: opening a FIFO to read used to block until a writer came, forever.
#[test]
fn a_fifo_swapped_in_after_the_walk_is_an_error_row_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put(root, "small.txt", CHAT);
    put(root, "large.txt", CHAT.repeat(20_000));
    put(
        root,
        "chat.zip",
        zip_bytes(&[("_chat.txt", CHAT.as_bytes())]),
    );
    put(root, "steady.txt", CHAT);
    let roots = discover::label_roots(&[root.to_path_buf()]);
    let entries: Vec<_> = discover::discover(&roots, &WalkOptions::default(), 1)
        .iter()
        .map(|e| e.discovered(&roots))
        .collect();
    assert_eq!(entries.len(), 4);
    for name in ["small.txt", "large.txt", "chat.zip"] {
        mkfifo(&root.join(name));
    }
    let (send, receive) = mpsc::channel::<Vec<FileOutcome>>();
    std::thread::spawn(move || {
        let ctx = Examiner {
            parse: ParseOptions::default(),
            zip: ZipLimits::default(),
            rules: std::sync::Arc::new(rules::config::load(&[]).unwrap()),
            excerpts: ExcerptMode::Redacted,
            legal_holds: Vec::new(),
        };
        let rows = entries
            .iter()
            .map(|e| examine::examine(e, "office", &ctx).outcomes.remove(0))
            .collect();
        let _ = send.send(rows);
    });
    let rows = receive
        .recv_timeout(WATCHDOG)
        .expect("examining a FIFO hangs");
    let by = |p: &str| rows.iter().find(|r| r.source_path == p).unwrap();
    for name in ["small.txt", "large.txt", "chat.zip"] {
        assert_eq!(by(name).status, Status::Error, "{name}");
        assert!(
            by(name)
                .detail
                .contains("not a regular file: a named pipe (FIFO)"),
            "{name}: {}",
            by(name).detail
        );
    }
    assert_eq!(by("steady.txt").status, Status::Scanned);
    assert_eq!(by("steady.txt").messages, 2);
}

/// A FIFO on the drive when it is walked: the run finishes, with the FIFO's own
/// row in files.csv.
#[test]
fn a_run_over_a_fifo_finishes_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let drive = dir.path().join("drive");
    put(&drive, "office/WhatsApp Chat with Jo Bloggs.txt", CHAT);
    mkfifo(&drive.join("office/pipe.txt"));
    let out = dir.path().join("reports");
    let child = Command::new(env!("CARGO_BIN_EXE_onrecord"))
        .args(["scan", drive.to_str().unwrap(), "--quiet", "--out"])
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (status, stderr) = wait_or_fail(child);
    assert_eq!(status.code(), Some(0), "{stderr}");
    let files = read_csv(&out.join("files.csv"));
    let pipe = files
        .iter()
        .find(|r| r["source_path"] == "office/pipe.txt")
        .expect("the FIFO has a files.csv row");
    assert_eq!(pipe["status"], "skipped");
    assert!(pipe["detail"].contains("pipe"), "{pipe:?}");
    assert_eq!(files.len(), 2);
}

/// SIGTERM during a run over a drive holding FIFOs ends it promptly and releases
/// the lock: the next run on the same report folder is not refused.
#[test]
fn sigterm_ends_a_run_over_fifos_and_releases_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let drive = dir.path().join("drive");
    for i in 0..100 {
        put(
            &drive,
            &format!("office/WhatsApp Chat with Team {i}.txt"),
            CHAT.repeat(100),
        );
        if i % 10 == 0 {
            mkfifo(&drive.join(format!("office/pipe {i}.txt")));
        }
    }
    let out = dir.path().join("reports");
    let child = Command::new(env!("CARGO_BIN_EXE_onrecord"))
        .args(["scan", drive.to_str().unwrap(), "--jobs", "1", "--quiet"])
        .arg("--out")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lock = out.join(".onrecord.lock");
    let deadline = Instant::now() + WATCHDOG;
    // Wait until it holds the lock (it has started), then ask it to stop.
    while std::fs::read_to_string(&lock).map_or(true, |s| s.is_empty()) {
        assert!(Instant::now() < deadline, "run never started");
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let (status, stderr) = wait_or_fail(child);
    // Interrupted (130), or finished just before the signal came (0).
    assert!(matches!(status.code(), Some(130 | 0)), "{status}: {stderr}");
    let again = onrecord(&["scan", drive.to_str().unwrap(), "--quiet"], &out);
    assert_eq!(again.code, 0, "{}", again.stderr);
    let files = read_csv(&out.join("files.csv"));
    assert_eq!(files.len(), 110);
}

/// UTF-16 without a BOM (as some Windows tools save text) is read like UTF-16
/// with one, read whole (small) or streamed (over 1 MiB), in either byte order.
#[test]
fn utf16_without_a_bom_is_read_not_skipped_as_binary() {
    let dir = tempfile::tempdir().unwrap();
    let drive = dir.path().join("drive");
    let le: Vec<u8> = CHAT.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let big = CHAT.repeat(8_000);
    let be: Vec<u8> = big.encode_utf16().flat_map(u16::to_be_bytes).collect();
    assert!(be.len() > 1024 * 1024);
    put(&drive, "office/WhatsApp Chat with Jo Bloggs.txt", le);
    put(&drive, "office/WhatsApp Chat with Sam Patel.txt", be);
    let out = dir.path().join("reports");
    let run = onrecord(&["scan", drive.to_str().unwrap(), "--quiet"], &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_csv(&out.join("files.csv"));
    let row = |name: &str| {
        files
            .iter()
            .find(|r| r["source_path"] == format!("office/WhatsApp Chat with {name}.txt"))
            .unwrap()
    };
    for (name, messages) in [("Jo Bloggs", "2"), ("Sam Patel", "16000")] {
        assert_eq!(row(name)["status"], "scanned", "{:?}", row(name));
        assert_eq!(row(name)["format"], "whatsapp");
        assert_eq!(row(name)["messages"], messages);
    }
}

/// One over-long record in each format (a fixture with 20,000 characters
/// pasted into one message), under a 4 KiB `max-record-size`: the file is still
/// read whole — the same messages as the untouched fixture — and its files.csv
/// row says what was cut.
#[test]
fn an_over_long_record_is_cut_and_noted_in_every_format() {
    const CASES: [(&str, &str, &str); 8] = [
        (
            "whatsapp/android-en-gb-24h/WhatsApp Chat with PM Updates.txt",
            "should we turn on disappearing messages?",
            "line(s)",
        ),
        ("imessage/Project Board - 42.txt", "Hello world", "line(s)"),
        (
            "signal/signal-export-2024/Alice Example/chat.md",
            "See you at 3",
            "line(s)",
        ),
        (
            "signal/signalbackup-tools/Alice Example (_id12).txt",
            "message body",
            "line(s)",
        ),
        (
            "email/synthetic/threads.mbox",
            "Sam, can you draft the options?",
            "line(s)",
        ),
        (
            "telegram/synthetic/legacy_2020/result.json",
            "Morning all",
            "JSON string(s)",
        ),
        (
            "slack/synthetic/ops/2024-03-05.json",
            "This message was deleted.",
            "JSON string(s)",
        ),
        ("sms/sms-20240106.xml", "Who is this?", "XML value(s)"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let drive = dir.path().join("drive");
    for (fixture, needle, _) in CASES {
        let bytes = std::fs::read(Path::new("tests/fixtures").join(fixture)).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains(needle), "{fixture}");
        let long = text.replacen(needle, &format!("{needle} {}", "y".repeat(20_000)), 1);
        put(&drive, &format!("plain/{fixture}"), &text);
        put(&drive, &format!("long/{fixture}"), long);
    }
    // Slack day files name their users from the export's users.json.
    let users = std::fs::read("tests/fixtures/slack/synthetic/users.json").unwrap();
    put(&drive, "plain/slack/synthetic/users.json", &users);
    put(&drive, "long/slack/synthetic/users.json", &users);
    let files = scan_with_a_4k_record_cap(dir.path(), &drive);
    let row = |path: String| files.iter().find(|r| r["source_path"] == path).unwrap();
    for (fixture, _, what) in CASES {
        let (plain, long) = (
            row(format!("plain/{fixture}")),
            row(format!("long/{fixture}")),
        );
        assert_eq!(long["status"], "scanned", "{long:?}");
        assert_eq!(long["messages"], plain["messages"], "{fixture}");
        assert_ne!(long["messages"], "0", "{fixture}");
        let note = format!("1 {what} longer than 4096 bytes (max-record-size) cut to that length");
        assert!(
            long["detail"].contains(&note),
            "{fixture}: {}",
            long["detail"]
        );
        assert!(!plain["detail"].contains("max-record-size"), "{plain:?}");
    }
}

/// A message of many short lines past the 4 KiB `max-record-size`, in the
/// formats whose parsers gather a message's lines: cut, counted the same, noted.
#[test]
fn an_over_long_multi_line_message_is_cut_and_noted() {
    const CASES: [(&str, &str); 3] = [
        ("imessage/Project Board - 42.txt", "Hello world"),
        (
            "signal/signal-export-2024/Alice Example/chat.md",
            "See you at 3",
        ),
        (
            "signal/signalbackup-tools/Alice Example (_id12).txt",
            "message body",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let drive = dir.path().join("drive");
    let filler = format!("\n{}", "z".repeat(49)).repeat(200);
    for (fixture, needle) in CASES {
        let text = std::fs::read_to_string(Path::new("tests/fixtures").join(fixture)).unwrap();
        put(&drive, &format!("plain/{fixture}"), &text);
        put(
            &drive,
            &format!("long/{fixture}"),
            text.replacen(needle, &format!("{needle}{filler}"), 1),
        );
    }
    let files = scan_with_a_4k_record_cap(dir.path(), &drive);
    let row = |path: String| files.iter().find(|r| r["source_path"] == path).unwrap();
    for (fixture, _) in CASES {
        let (plain, long) = (
            row(format!("plain/{fixture}")),
            row(format!("long/{fixture}")),
        );
        assert_eq!(long["status"], "scanned", "{long:?}");
        assert_eq!(long["messages"], plain["messages"], "{fixture}");
        let note = "1 message(s) longer than 4096 bytes (max-record-size) cut to that length";
        assert!(
            long["detail"].contains(note),
            "{fixture}: {}",
            long["detail"]
        );
    }
}
