//! The binary on fixture trees: every file accounted for in files.csv, bad input
//! turned into rows, exit codes, determinism and Excel safety.

use crate::common;

use common::*;

const ANDROID: &str = "15/04/2021, 09:14 - Jo Bloggs: Morning all\n\
15/04/2021, 09:15 - Sam Patel: Morning\n\
second line of Sam's message\n\
15/04/2021, 09:16 - Jo Bloggs turned on disappearing messages. All new messages will disappear from this chat 7 days after they're sent. Tap to change.\n";

const IOS: &str = "[15/04/2021, 09:14:00] PM Updates: \u{200e}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\r\n\
[15/04/2021, 09:14:05] Jo Bloggs: Weekly grid attached\r\n\
\u{200e}[15/04/2021, 09:20:01] Sam Patel: \u{200e}image omitted\r\n";

fn bad_input_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put(root, "No10/WhatsApp Chat with Jo Bloggs.txt", ANDROID);
    put(root, "No10/renamed export.txt", ANDROID);
    put(
        root,
        "No10/WhatsApp Chat - PM Updates.zip",
        zip_bytes(&[
            ("_chat.txt", IOS.as_bytes()),
            (
                "00000012-PHOTO-2021-04-15-09-20-01.jpg",
                b"\xff\xd8\xff\xe0 jpeg",
            ),
        ]),
    );
    let good_zip = zip_bytes(&[("_chat.txt", IOS.as_bytes())]);
    put(root, "HMT/truncated.zip", &good_zip[..good_zip.len() / 2]);
    put(root, "HMT/binary.txt", b"\x00\x01\x02binary\x00data");
    put(root, "HMT/empty.txt", b"");
    put(root, "HMT/WhatsApp Chat with Nobody.txt", b"");
    put(
        root,
        "HMT/notes.txt",
        "Minutes of the weekly meeting.\nNothing here is a chat.\n",
    );
    let mut utf16 = vec![0xff, 0xfe];
    for u in ANDROID.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    put(root, "HMT/chat backup.txt", utf16);
    // 20 MiB of zeros deflates to ~20 KiB: a ratio far past the limit.
    let zeros = vec![0u8; 20 * 1024 * 1024];
    put(root, "HMT/bomb.zip", zip_bytes(&[("_chat.txt", &zeros)]));
    let inner = zip_bytes(&[("_chat.txt", IOS.as_bytes())]);
    put(
        root,
        "HMT/outer.zip",
        zip_bytes(&[("inner/WhatsApp Chat - Inner.zip", &inner)]),
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(root.join("HMT"), root.join("HMT/loop")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", root.join("HMT/outside")).unwrap();
    }
    dir
}

#[test]
fn every_file_gets_a_row_and_bad_input_does_not_stop_the_run() {
    let tree = bad_input_tree();
    let out = tempfile::tempdir().unwrap();
    let run = onrecord(
        &["scan", tree.path().to_str().unwrap(), "--quiet"],
        out.path(),
    );
    assert_eq!(
        run.code, 5,
        "incomplete scan with findings at high exits 5: {}",
        run.stderr
    );
    let rows = files_by_path(out.path());
    let status = |p: &str| {
        let r = rows
            .get(p)
            .unwrap_or_else(|| panic!("no row for {p}: {:#?}", rows.keys()));
        (
            r["status"].as_str(),
            r["format"].as_str(),
            r["detail"].as_str(),
        )
    };
    let expect = [
        (
            "No10/WhatsApp Chat with Jo Bloggs.txt",
            "scanned",
            "whatsapp",
        ),
        ("No10/renamed export.txt", "scanned", "whatsapp"),
        ("No10/WhatsApp Chat - PM Updates.zip", "scanned", "zip"),
        (
            "No10/WhatsApp Chat - PM Updates.zip!/_chat.txt",
            "scanned",
            "whatsapp",
        ),
        (
            "No10/WhatsApp Chat - PM Updates.zip!/00000012-PHOTO-2021-04-15-09-20-01.jpg",
            "skipped",
            "",
        ),
        ("HMT/truncated.zip", "error", "zip"),
        ("HMT/binary.txt", "skipped", ""),
        ("HMT/empty.txt", "skipped", ""),
        ("HMT/WhatsApp Chat with Nobody.txt", "error", ""),
        ("HMT/notes.txt", "skipped", ""),
        ("HMT/chat backup.txt", "scanned", "whatsapp"),
        ("HMT/bomb.zip", "error", "zip"),
        ("HMT/outer.zip", "scanned", "zip"),
        (
            "HMT/outer.zip!/inner/WhatsApp Chat - Inner.zip",
            "scanned",
            "zip",
        ),
        (
            "HMT/outer.zip!/inner/WhatsApp Chat - Inner.zip!/_chat.txt",
            "scanned",
            "whatsapp",
        ),
        ("HMT/loop", "skipped", ""),
        ("HMT/outside", "skipped", ""),
    ];
    for (path, want_status, want_format) in expect {
        let (s, f, d) = status(path);
        assert_eq!((s, f), (want_status, want_format), "{path}: {d}");
    }
    assert_eq!(
        rows.len(),
        expect.len(),
        "no extra or missing rows: {:#?}",
        rows.keys()
    );
    assert!(status("HMT/bomb.zip").2.contains("zip bomb"));
    assert!(status("HMT/binary.txt").2.contains("binary"));
    assert!(status("HMT/truncated.zip").2.contains("cannot read zip"));
    assert!(status("HMT/outside").2.contains("outside the roots"));
    assert!(status("HMT/loop").2.contains("symbolic link"));
    let chat = &rows["No10/WhatsApp Chat with Jo Bloggs.txt"];
    assert_eq!(
        (chat["conversations"].as_str(), chat["messages"].as_str()),
        ("1", "2")
    );
    assert_eq!(chat["size_bytes"], ANDROID.len().to_string());
    let zip = &rows["No10/WhatsApp Chat - PM Updates.zip"];
    assert_eq!(
        zip["detail"],
        "archive of 2 file(s): 1 scanned, 1 skipped, 0 error(s)"
    );
    assert_eq!(
        rows["HMT/chat backup.txt"]["messages"], "2",
        "UTF-16 export read"
    );
}

#[test]
fn same_input_gives_byte_identical_reports() {
    let tree = bad_input_tree();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let root = tree.path().to_str().unwrap();
    onrecord(&["scan", root, "--quiet", "--jobs", "1"], a.path());
    onrecord(&["scan", root, "--quiet", "--jobs", "2"], b.path());
    for name in [
        "files.csv",
        "findings.csv",
        "summary.csv",
        "summary-detail.csv",
        "report.xlsx",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert!(x == y, "{name} differs between runs");
    }
}

#[test]
fn exclude_and_size_limit_are_reported_not_silent() {
    let tree = bad_input_tree();
    // Over the 1KiB limit (the smallest --max-file-size takes).
    for name in ["WhatsApp Chat with Jo Bloggs.txt", "renamed export.txt"] {
        put(tree.path(), &format!("No10/{name}"), ANDROID.repeat(4));
    }
    let out = tempfile::tempdir().unwrap();
    let run = onrecord(
        &[
            "scan",
            tree.path().to_str().unwrap(),
            "--quiet",
            "--exclude",
            "HMT",
            "--max-file-size",
            "1KiB",
        ],
        out.path(),
    );
    let rows = files_by_path(out.path());
    assert_eq!(rows["HMT"]["status"], "skipped");
    assert!(rows["HMT"]["detail"].contains("excluded"));
    assert!(!rows.keys().any(|k| k.starts_with("HMT/")));
    let big = &rows["No10/WhatsApp Chat with Jo Bloggs.txt"];
    assert_eq!(big["status"], "skipped");
    assert!(big["detail"].contains("size limit"), "{}", big["detail"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn configuration_errors_exit_2_before_scanning() {
    let out = tempfile::tempdir().unwrap();
    let cfg = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        cfg.path(),
        "timezone = \"Mars/Olympus\"\n[[legal-holds]]\nname = \"x\"\ndate = \"soon\"\n",
    )
    .unwrap();
    let run = onrecord(
        &[
            "scan",
            "/definitely/not/here",
            "--config",
            cfg.path().to_str().unwrap(),
            "--fail-on",
            "urgent",
        ],
        out.path(),
    );
    assert_eq!(run.code, 2);
    for needle in [
        "Mars/Olympus",
        "legal-holds[0] (x).date",
        "/definitely/not/here",
        "--fail-on",
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle} missing from: {}",
            run.stderr
        );
    }
    assert!(
        !out.path().join("files.csv").exists(),
        "nothing written on a configuration error"
    );
}

#[test]
fn formula_injection_is_neutralised_in_every_text_cell() {
    let dir = tempfile::tempdir().unwrap();
    let chat = "15/04/2021, 09:14 - =HYPERLINK(\"http://evil\",\"x\"): You deleted this message\n\
15/04/2021, 09:15 - +44 7700 900123: This message was deleted\n\
15/04/2021, 09:16 - @admin turned on disappearing messages. All new messages will disappear from this chat 7 days after they're sent.\n\
15/04/2021, 09:17 - \u{ff1d}1+1: This message was deleted\n";
    put(dir.path(), "-cmd/WhatsApp Chat with =SUM(A1).txt", chat);
    // Not an exact copy of the first (a copy's findings are not reported again).
    let other = format!("{chat}15/04/2021, 09:18 - Jo Bloggs: This message was deleted\n");
    put(dir.path(), "-cmd/WhatsApp Chat with \tTab.txt", other);
    let out = tempfile::tempdir().unwrap();
    onrecord(
        &["scan", dir.path().to_str().unwrap(), "--quiet", "--no-bom"],
        out.path(),
    );
    let mut cells = 0;
    for name in [
        "files.csv",
        "findings.csv",
        "summary.csv",
        "conversations.csv",
    ] {
        for row in read_csv(&out.path().join(name)) {
            for (col, value) in row {
                cells += 1;
                let first = value.trim_start_matches([' ', '\u{a0}']).chars().next();
                let dangerous = matches!(
                    first,
                    Some(
                        '=' | '+'
                            | '-'
                            | '@'
                            | '\t'
                            | '\r'
                            | '\n'
                            | '\u{ff1d}'
                            | '\u{ff0b}'
                            | '\u{ff0d}'
                            | '\u{ff20}'
                    )
                );
                assert!(
                    !dangerous,
                    "{name}.{col} starts with a formula trigger: {value:?}"
                );
            }
        }
    }
    assert!(cells > 30, "the test looked at real cells ({cells})");
    let findings = read_csv(&out.path().join("findings.csv"));
    assert!(findings.iter().any(|f| f["conversation"] == "'=SUM(A1)"));
    assert!(findings.iter().any(|f| f["sender"] == "'@admin"));
}

/// Names that are not valid UTF-8 are read from their real path (reports show
/// them lossily), with several roots labelled and a file given as a root.
#[cfg(unix)]
#[test]
fn odd_names_several_roots_and_file_roots_are_all_read() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tree = tempfile::tempdir().unwrap();
    let (one, two) = (tree.path().join("a/Office"), tree.path().join("b/Office"));
    let odd = one.join(OsStr::from_bytes(b"caf\xe9 chat.txt"));
    std::fs::create_dir_all(&one).unwrap();
    std::fs::write(&odd, ANDROID).unwrap();
    std::fs::create_dir(one.join(OsStr::from_bytes(b"dir\xff"))).unwrap();
    put(
        &one.join(OsStr::from_bytes(b"dir\xff")),
        "inner.txt",
        ANDROID,
    );
    put(&two, "chat.txt", ANDROID);
    let file = put(tree.path(), "loose/WhatsApp Chat with Jo.txt", ANDROID);
    let out = tempfile::tempdir().unwrap();
    let run = onrecord(
        &[
            "scan",
            one.to_str().unwrap(),
            two.to_str().unwrap(),
            file.to_str().unwrap(),
            "--quiet",
        ],
        out.path(),
    );
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let rows = files_by_path(out.path());
    let paths: Vec<&str> = rows.keys().map(String::as_str).collect();
    assert_eq!(
        paths,
        [
            "Office-2/chat.txt",
            // Bytes that are not UTF-8 are escaped losslessly (`\xHH`).
            "Office/caf\\xE9 chat.txt",
            "Office/dir\\xFF/inner.txt",
            "WhatsApp Chat with Jo.txt",
        ]
    );
    for (path, row) in &rows {
        assert_eq!(
            (row["status"].as_str(), row["messages"].as_str()),
            ("scanned", "2"),
            "{path}"
        );
    }
}
