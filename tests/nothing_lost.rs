//! Findings never vanish or go unlisted (issue #18, point 1), checked with the
//! real binary over two nights: file names that are not valid UTF-8, zip members
//! sharing a name, a report folder that is itself the root, and a state file that
//! is another program's SQLite database.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const AS_OF: &str = "2021-07-01";

/// A WhatsApp chat with one TOP SECRET message carrying `word`.
fn secret_chat(word: &str) -> String {
    format!(
        "15/04/2021, 09:14 - Jo Bloggs: Morning all\n\
         15/04/2021, 09:15 - Sam Patel: TOP SECRET – {word} timings below\n"
    )
}

/// One night's scan of `root` into `out` (more flags in `extra`); the run must
/// have written its reports.
fn night(root: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["scan", root.to_str().unwrap(), "--quiet", "--as-of", AS_OF];
    args.extend(extra);
    let run = onrecord(&args, out);
    assert!(
        out.join("files.csv").exists() && !matches!(run.code, 2 | 4),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    run.stderr
}

fn secret_findings(out: &Path) -> Vec<BTreeMap<String, String>> {
    read_csv(&out.join("findings.csv"))
        .into_iter()
        .filter(|f| f["rule_id"] == "classification-secret")
        .collect()
}

/// Two chats whose names differ only in a byte that is not UTF-8 (é and è in
/// Latin-1): each keeps its own files.csv row, state row and finding, and on the
/// second night, nothing having changed, both findings are still open (they used
/// to share one lossy path, so one of them came back "resolved").
#[cfg(unix)]
#[test]
fn names_differing_only_in_invalid_bytes_keep_their_own_rows_and_findings() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    std::fs::create_dir_all(&drive).unwrap();
    for (byte, word) in [(0xE9u8, "ALDERMOSS"), (0xE8, "BRAMBLEWICK")] {
        let mut name = b"WhatsApp Chat with Caf".to_vec();
        name.extend([byte]);
        name.extend(b".txt");
        std::fs::write(
            drive.join(std::ffi::OsStr::from_bytes(&name)),
            secret_chat(word),
        )
        .unwrap();
    }
    let out = tmp.path().join("out");
    for n in 1..=2 {
        night(&drive, &out, &[]);
        let files = files_by_path(&out);
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            [
                "WhatsApp Chat with Caf\\xE8.txt",
                "WhatsApp Chat with Caf\\xE9.txt"
            ],
            "night {n}"
        );
        assert!(
            files
                .values()
                .all(|r| r["status"] == "scanned" && r["messages"] == "2")
        );
        let secret = secret_findings(&out);
        assert_eq!(secret.len(), 2, "night {n}: {secret:#?}");
        assert_ne!(secret[0]["finding_id"], secret[1]["finding_id"]);
        let expected = if n == 1 { "new" } else { "open" };
        assert!(
            secret
                .iter()
                .all(|f| f["status_since_last_run"] == expected),
            "night {n}: {secret:#?}"
        );
        assert!(read_csv(&out.join("resolved.csv")).is_empty(), "night {n}");
    }
    let state = rusqlite::Connection::open(out.join("onrecord-state.sqlite")).unwrap();
    let rows: i64 = state
        .query_row("SELECT count(*) FROM files", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, 2, "one state row per file");
    // Shard parts carry both, apart.
    let shard = tmp.path().join("shard");
    night(&drive, &shard, &["--shard", "1/1"]);
    let part = std::fs::read_to_string(shard.join("part/entries.jsonl")).unwrap();
    for name in ["Caf\\\\xE8.txt", "Caf\\\\xE9.txt"] {
        assert!(part.contains(name), "{name} in the part");
    }
}

/// `bytes` with every occurrence of `from` replaced by `to` (same length): how an
/// archive with two members of one name is made (zip writers refuse to).
fn renamed(mut bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from.as_bytes() {
            bytes[i..i + from.len()].copy_from_slice(to.as_bytes());
        }
        i += 1;
    }
    bytes
}

/// A WhatsApp export zipped twice into one archive under the same member name:
/// both members are listed, under names of their own, and both are scanned.
#[test]
fn zip_members_sharing_a_name_each_get_a_row_and_are_scanned() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    let zip = zip_bytes(&[
        ("_chat.txt", secret_chat("ALDERMOSS").as_bytes()),
        ("_chat.tx2", secret_chat("BRAMBLEWICK").as_bytes()),
    ]);
    put(
        &drive,
        "WhatsApp Chat - Jo Bloggs.zip",
        renamed(zip, "_chat.tx2", "_chat.txt"),
    );
    let out = tmp.path().join("out");
    night(&drive, &out, &["--excerpts", "full"]);
    let files = files_by_path(&out);
    let members: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.contains("!/"))
        .map(|(p, r)| (p.as_str(), r["status"].as_str(), r["messages"].as_str()))
        .collect();
    assert_eq!(
        members,
        [
            (
                "WhatsApp Chat - Jo Bloggs.zip!/_chat.txt (zip entry 1)",
                "scanned",
                "2"
            ),
            (
                "WhatsApp Chat - Jo Bloggs.zip!/_chat.txt (zip entry 2)",
                "scanned",
                "2"
            ),
        ]
    );
    let secret = secret_findings(&out);
    assert_eq!(secret.len(), 2, "{secret:#?}");
    for word in ["ALDERMOSS", "BRAMBLEWICK"] {
        assert!(secret.iter().any(|f| f["excerpt"].contains(word)), "{word}");
    }
}

/// `--out` equal to the root, with `--state` in a folder of the root: night after
/// night every one of onrecord's files is a `skipped` row saying it is its own
/// output, none is read or in error, and the export is scanned as before.
#[test]
fn a_report_folder_that_is_the_root_is_never_scanned() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("share");
    put(
        &root,
        "office/WhatsApp Chat with Jo.txt",
        secret_chat("ALDERMOSS"),
    );
    let state = root.join("office/state/nightly.sqlite");
    let flags = ["--state", state.to_str().unwrap()];
    night(&root, &root, &flags);
    // A state file found unusable is set aside next to it: onrecord's too.
    std::fs::write(root.join("office/state/nightly.sqlite.unusable-1"), "old").unwrap();
    night(&root, &root, &flags);
    night(&root, &root, &flags);
    let files = files_by_path(&root);
    let own: Vec<&str> = files
        .iter()
        .filter(|(_, r)| r["detail"].starts_with("onrecord's own output"))
        .map(|(p, _)| p.as_str())
        .collect();
    for name in [
        "files.csv",
        "findings.csv",
        "run.csv",
        "history",
        ".onrecord.lock",
        ".onrecord-published",
        "office/state/nightly.sqlite",
        "office/state/nightly.sqlite.unusable-1",
    ] {
        assert!(own.contains(&name), "{name} not skipped as own: {own:?}");
    }
    assert!(files.values().all(|r| r["status"] != "error"), "{files:#?}");
    let scanned: Vec<&str> = files
        .iter()
        .filter(|(_, r)| r["status"] == "scanned")
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(scanned, ["office/WhatsApp Chat with Jo.txt"]);
    // Nothing of its own was read: no rows but the export's and its own skips.
    assert!(
        files
            .keys()
            .all(|p| own.contains(&p.as_str()) || scanned.contains(&p.as_str())),
        "{files:#?}"
    );
    assert_eq!(secret_findings(&root)[0]["status_since_last_run"], "open");
}

/// A state file that is another program's SQLite database with our schema number:
/// set aside with a warning (its data kept), a fresh state used, and the second
/// night's findings are "open", not "new" for ever.
#[test]
fn another_programs_database_as_state_is_set_aside_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    put(
        &drive,
        "WhatsApp Chat with Jo.txt",
        secret_chat("ALDERMOSS"),
    );
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let state = out.join("onrecord-state.sqlite");
    {
        let db = rusqlite::Connection::open(&state).unwrap();
        db.execute_batch(
            "CREATE TABLE bookmarks (url TEXT, title TEXT);
             INSERT INTO bookmarks VALUES ('https://example.org', 'kept');
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let stderr = night(&drive, &out, &[]);
    assert!(
        stderr.contains("not an onrecord state") && stderr.contains("lacks table"),
        "{stderr}"
    );
    let aside = rusqlite::Connection::open(out.join("onrecord-state.sqlite.unusable-1")).unwrap();
    let title: String = aside
        .query_row("SELECT title FROM bookmarks", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "kept");
    let stderr = night(&drive, &out, &[]);
    assert!(!stderr.contains("unusable"), "{stderr}");
    assert_eq!(secret_findings(&out)[0]["status_since_last_run"], "open");
}
