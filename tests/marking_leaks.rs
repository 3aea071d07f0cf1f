//! Classification markings end to end with the real binary: a marked document name
//! is reported in every format that carries attachment names, and with default flags
//! no file a scan writes (reports, history, state, shard parts) holds the words of a
//! message marked in any of the recognised forms, nor of a marked document's name.

mod common;

use std::path::Path;

use common::{files_under, onrecord, put, read_csv};

const AS_OF: &str = "2021-07-01";

/// Copies `from` (a file or a folder) to `to`, replacing `needle` with `with` in
/// every file's text.
fn copy_replacing(from: &Path, to: &Path, needle: &str, with: &str) {
    let files = if from.is_dir() {
        files_under(from)
    } else {
        vec![from.to_path_buf()]
    };
    for file in files {
        let target = if from.is_dir() {
            to.join(file.strip_prefix(from).unwrap())
        } else {
            to.to_path_buf()
        };
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let bytes = std::fs::read(&file).unwrap();
        match String::from_utf8(bytes.clone()) {
            Ok(text) => std::fs::write(&target, text.replace(needle, with)).unwrap(),
            Err(_) => std::fs::write(&target, bytes).unwrap(),
        }
    }
}

/// Findings of `classification-secret` that name an attachment.
fn secret_in_attachments(out: &Path) -> usize {
    read_csv(&out.join("findings.csv"))
        .iter()
        .filter(|f| f["rule_id"] == "classification-secret" && f["detail"].contains("attachment #"))
        .count()
}

fn scan(drive: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["scan", drive.to_str().unwrap(), "--as-of", AS_OF, "--quiet"];
    args.extend(extra);
    let run = onrecord(&args, out);
    assert!(
        matches!(run.code, 0 | 1 | 3 | 5),
        "exit {}: {}",
        run.code,
        run.stderr
    );
}

#[test]
fn a_marked_document_name_is_reported_in_every_format_with_attachment_names() {
    // (fixture, a document name it lists, a marked name in its place)
    let cases = [
        (
            "tests/fixtures/whatsapp/android-en-gb-24h/WhatsApp Chat with PM Updates.txt",
            "Submission draft v2.docx",
            "Submission_SECRET_UKEO_v2.docx",
        ),
        (
            "tests/fixtures/telegram/synthetic/single_chat.json",
            "Budget OFFICIAL-SENSITIVE.pdf",
            "Readout_TOP_SECRET_v2.pdf",
        ),
        (
            "tests/fixtures/slack/synthetic",
            "Budget OFFICIAL-SENSITIVE.xlsx",
            "Annex-SECRET-UKEO-draft.xlsx",
        ),
        (
            "tests/fixtures/signal/signal-export-2024",
            "IMG_0001.jpg",
            "SECRET.UK.EYES.ONLY.Sitrep.jpg",
        ),
        (
            "tests/fixtures/sms/sms-20240106.xml",
            "IMG_7.jpg",
            "2026-02-11_TOP-SECRET_STRAP2_map.jpg",
        ),
        (
            "tests/fixtures/imessage/Project Board - 42.txt",
            "IMG_0042.HEIC",
            "uk-secret-ukeo-brief.HEIC",
        ),
        (
            "tests/fixtures/email/synthetic/attachments.eml",
            "notes.txt",
            "SECRET-RECIPIENTS-ONLY-notes.txt",
        ),
    ];
    for (fixture, name, marked) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let from = Path::new(fixture);
        let leaf = from.file_name().unwrap();
        let (plain, changed) = (tmp.path().join("plain"), tmp.path().join("changed"));
        copy_replacing(from, &plain.join(leaf), name, name);
        copy_replacing(from, &changed.join(leaf), name, marked);
        let (out_plain, out_changed) = (tmp.path().join("out1"), tmp.path().join("out2"));
        scan(&plain, &out_plain, &[]);
        scan(&changed, &out_changed, &[]);
        assert_eq!(
            secret_in_attachments(&out_changed),
            secret_in_attachments(&out_plain) + 1,
            "{fixture}: {marked:?} in place of {name:?} is one more SECRET attachment"
        );
    }
}

/// One message per form, each with a word of its own that must not leave the drive.
const MARKED: &[(&str, &str)] = &[
    (
        "S E C R E T – readout: the ALDERMOSS crossing is on",
        "ALDERMOSS",
    ),
    ("S.E.C.R.E.T – BRAMBLEWICK numbers attached", "BRAMBLEWICK"),
    ("Top Secret: CORRIEDALE timings below", "CORRIEDALE"),
    ("secret – Fenwatch moves on Thursday", "Fenwatch"),
    (
        "=HYPERLINK(\"https://share.example.gov.uk/a.docx\",\"TOP SECRET – Glentarn readout\")",
        "Glentarn",
    ),
    (
        "this is SECRET so don't forward: the Hollowayne site list",
        "Hollowayne",
    ),
    ("TOP SECRET STRAP 2 – Kilnbrook assessment", "Kilnbrook"),
    ("TS – do not forward, Larchmere plan", "Larchmere"),
    (
        "(S) The Moorcroft delegation arrives on Thursday.",
        "Moorcroft",
    ),
    (
        "O F F I C I A L - S E N S I T I V E – Netherby bid scores",
        "Netherby",
    ),
    (
        "Page 3 of 8  |  TOP SECRET  |  Ref: Pendlebury/0417",
        "Pendlebury",
    ),
    ("OFFSEN: Quarrendon lines for the doorstep", "Quarrendon"),
    ("S//NF – Ottercombe partner summary", "Ottercombe"),
    ("S·E·C·R·E·T – Pickerell site list", "Pickerell"),
    (
        "TOP SECRET WHINCHAT RUSHBECK – Tumblewick timings",
        "RUSHBECK",
    ),
    (
        "all such material must be marked OFFICIAL-SENSITIVE, Ravensholt included",
        "Ravensholt",
    ),
    (
        "DECISION: SoS agreed the TOP SECRET Saltmarsh option goes to Cabinet",
        "Saltmarsh",
    ),
];

#[test]
fn no_file_a_scan_writes_holds_the_words_of_a_marked_message() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    let mut chat = String::from("12/03/2021, 09:14 - Sam Patel: Morning all\n");
    for (i, (text, _)) in MARKED.iter().enumerate() {
        chat.push_str(&format!(
            "12/03/2021, 09:{:02} - Sam Patel: {text}\n",
            20 + i
        ));
    }
    chat.push_str(
        "12/03/2021, 10:00 - Sam Patel: Readout_TOP_SECRET_Tamberlin_v2.pdf • 3 pages document omitted\n",
    );
    put(&drive, "No10/WhatsApp Chat with Policy Unit.txt", &chat);
    let mut words: Vec<&str> = MARKED.iter().map(|(_, w)| *w).collect();
    words.push("Tamberlin");

    // Reports, history and state (two nights), then shard parts.
    let nightly = tmp.path().join("nightly");
    scan(&drive, &nightly, &[]);
    scan(&drive, &nightly, &[]);
    let shard = tmp.path().join("shard");
    scan(&drive, &shard, &["--shard", "1/1"]);
    assert!(shard.join("part/entries.jsonl").exists());

    let findings = read_csv(&nightly.join("findings.csv"));
    for (i, (text, _)) in MARKED.iter().enumerate() {
        let minute = format!("2021-03-12T09:{:02}", 20 + i);
        assert!(
            findings
                .iter()
                .any(|f| f["category"] == "classification_marker"
                    && f["excerpt"].starts_with("[redacted")
                    && f["message_time"].starts_with(&minute)),
            "{text:?} is reported, redacted"
        );
    }
    let mention = findings
        .iter()
        .find(|f| f["rule_id"] == "classification-mention")
        .expect("the talk line is a mention");
    assert_eq!(mention["severity"], "info");
    assert!(!mention["confidence"].is_empty());
    let secret = findings
        .iter()
        .filter(|f| f["rule_id"] == "classification-secret")
        .count();
    assert!(secret >= 12, "{secret} SECRET findings: {findings:#?}");

    for dir in [&nightly, &shard] {
        for file in files_under(dir) {
            let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
            for word in &words {
                assert!(
                    !text.contains(word),
                    "{word:?} written to {}",
                    file.display()
                );
            }
        }
    }
    // The check can see them: with --excerpts full they are quoted.
    let full = tmp.path().join("full");
    scan(&drive, &full, &["--excerpts", "full"]);
    let text = std::fs::read_to_string(full.join("findings.csv")).unwrap();
    assert!(words.iter().filter(|w| text.contains(**w)).count() >= MARKED.len());
}
