//! Classification markings end to end with the real binary: a marked document name
//! is reported in every format that carries attachment names, and with default flags
//! no file a scan writes (reports, history, state, shard parts) holds the words of a
//! message marked in any of the recognised forms, nor of a marked document's name.

use crate::common;

use std::path::Path;

use common::{files_by_path, files_under, onrecord, put, read_csv, written_text};

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
    // (talk by the learnt talk model's word, not a hand-written cue's)
    (
        "UK EYES ONLY on a doc going to the Wellerby office makes no sense, someone has got it wrong",
        "Wellerby",
    ),
    (
        "DECISION: SoS agreed the TOP SECRET Saltmarsh option goes to Cabinet",
        "Saltmarsh",
    ),
    // capitals opening ordinary text; an unlisted codeword before lower case; single
    // quotes; a portion mark after a paragraph number
    ("TOP SECRET the Quillhaven plan is attached", "Quillhaven"),
    ("SECRET DUSKFERN pls delete after reading", "DUSKFERN"),
    ("'TOP SECRET' – Wrenfold timings", "Wrenfold"),
    ("3. (S) Thornaby timings remain under review.", "Thornaby"),
    // forms added in rounds 9–14: run together, NATO SECRET abbreviated, `REL` without
    // `TO`, a formula upper-casing its text, a bullet emoji after a portion mark, a
    // sentence of its own in page furniture, `as`, a paper at hand in a question
    ("TOPSECRET – Ashlowe timeline, read and delete", "Ashlowe"),
    ("NS – Brindleford exercise orders", "Brindleford"),
    ("SECRET – REL USA/GBR Carrowmere summary", "Carrowmere"),
    ("=UPPER(\"secret – uk eyes only: Dunmallow\")", "DUNMALLOW"),
    (
        "(S) ✅ agreed with Elspeth on the Fairhope numbers",
        "Fairhope",
    ),
    (
        "Copy 1 of 2. TOP SECRET. Garrowby figures follow.",
        "Garrowby",
    ),
    (
        "treat this thread as SECRET from here on, Hexworthy moves Tuesday",
        "Hexworthy",
    ),
    (
        "Can you bring the SECRET pack on Islebrook to the 2pm?",
        "Islebrook",
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
        "12/03/2021, 10:00 - Sam Patel: Readout_TOP_SECRET_Tamberlin_v2.pdf • 3 pages document omitted\n\
         12/03/2021, 10:01 - Sam Patel: TOPSECRET_Merrowby_options_DO_NOT_CIRCULATE.docx • 2 pages document omitted\n",
    );
    put(&drive, "No10/WhatsApp Chat with Policy Unit.txt", &chat);
    let mut words: Vec<&str> = MARKED.iter().map(|(_, w)| *w).collect();
    words.extend(["Tamberlin", "Merrowby"]);

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
            let text = written_text(&file);
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
    let book = written_text(&full.join("report.xlsx"));
    assert!(words.iter().filter(|w| book.contains(**w)).count() >= MARKED.len());
}

/// Where a canary goes, and the text carrying it (a marking and a word of its own).
struct Canary {
    word: &'static str,
    /// Quoted somewhere with `--excerpts full` (attachment names never are).
    shown_in_full: bool,
}

const CANARIES: &[Canary] = &[
    // WhatsApp: a message, a sender, a system event naming a marked sender, a
    // system event quoting a marked group name, an attached file's name.
    Canary {
        word: "Amberleigh",
        shown_in_full: true,
    },
    Canary {
        word: "Brackenrig",
        shown_in_full: true,
    },
    Canary {
        word: "Cawdermoor",
        shown_in_full: true,
    },
    Canary {
        word: "Dunsgarth",
        shown_in_full: true,
    },
    Canary {
        word: "Elmstead",
        shown_in_full: false,
    },
    // Telegram: the chat's title, a sender, the actor of a service event, a file name.
    Canary {
        word: "Fernhollow",
        shown_in_full: true,
    },
    Canary {
        word: "Gillyhope",
        shown_in_full: true,
    },
    Canary {
        word: "Harrowby",
        shown_in_full: true,
    },
    Canary {
        word: "Inchbrook",
        shown_in_full: false,
    },
    // E-mail: the subject, the sender's name, an attachment's name, and a malformed
    // message whose parse error quotes its boundary.
    Canary {
        word: "Jessamyn",
        shown_in_full: true,
    },
    Canary {
        word: "Kestlewood",
        shown_in_full: true,
    },
    Canary {
        word: "Lowthorpe",
        shown_in_full: false,
    },
    Canary {
        word: "Mirrowdale",
        shown_in_full: true,
    },
    // SMS: the contact's name (the conversation's title).
    Canary {
        word: "Nettlecombe",
        shown_in_full: true,
    },
];

/// A drive with every canary of [`CANARIES`] in its place.
fn canary_drive(drive: &Path) {
    put(
        drive,
        "wa/WhatsApp Chat with Policy Unit.txt",
        "15/04/2021, 09:14 - Jo Bloggs: Morning all\n\
         15/04/2021, 09:15 - Jo Bloggs: TOP SECRET – Amberleigh timings below\n\
         15/04/2021, 09:16 - TOP SECRET Brackenrig: Decision: we go ahead with option B\n\
         15/04/2021, 09:17 - TOP SECRET Cawdermoor turned on disappearing messages. New messages will disappear from this chat 7 days after they're sent, except when kept.\n\
         15/04/2021, 09:18 - Jo Bloggs changed the group name to \"TOP SECRET Dunsgarth\"\n\
         15/04/2021, 09:19 - Jo Bloggs: TOP_SECRET_Elmstead_v2.pdf (file attached)\n",
    );
    put(
        drive,
        "tg/result.json",
        r#"{"name": "TOP SECRET Fernhollow", "type": "private_group", "id": 1, "messages": [
 {"id": 1, "type": "message", "date": "2024-03-05T10:01:00", "date_unixtime": "1709632860", "from": "TOP SECRET Gillyhope", "from_id": "user1", "text": "Decision: we go ahead with option B", "text_entities": []},
 {"id": 2, "type": "service", "date": "2024-03-05T10:02:00", "date_unixtime": "1709632920", "actor": "TOP SECRET Harrowby", "actor_id": "user2", "action": "set_messages_ttl", "period": 86400, "text": "", "text_entities": []},
 {"id": 3, "type": "message", "date": "2024-03-05T10:03:00", "date_unixtime": "1709632980", "from": "Bob Sample", "from_id": "user3", "text": "see attached", "text_entities": [], "file": "files/TOP_SECRET_Inchbrook.pdf", "file_name": "TOP_SECRET_Inchbrook.pdf"}
]}"#,
    );
    put(
        drive,
        "mail/note.eml",
        "From: \"TOP SECRET Kestlewood\" <a@example.gov.uk>\r\n\
         To: b@example.gov.uk\r\n\
         Subject: TOP SECRET Jessamyn readout\r\n\
         Date: Tue, 5 Mar 2024 10:00:00 +0000\r\n\
         Message-ID: <1@example.gov.uk>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n\
         --XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Decision: we go ahead with option B.\r\n\
         --XX\r\nContent-Type: application/pdf\r\n\
         Content-Disposition: attachment; filename=\"TOP-SECRET-Lowthorpe.pdf\"\r\n\r\n\
         JVBERi0=\r\n--XX--\r\n",
    );
    put(
        drive,
        "mail/broken.eml",
        "From: a@example.gov.uk\r\nSubject: hello\r\nDate: Tue, 5 Mar 2024 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"TOP SECRET Mirrowdale\"\r\n\r\n\
         --TOP SECRET Mirrowdale\r\nContent-Type: text/plain\r\n\r\nhello\r\n",
    );
    put(
        drive,
        "sms/sms-20240106.xml",
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n  \
         <sms protocol=\"0\" address=\"+447700900123\" date=\"1704448800000\" type=\"1\" \
         subject=\"null\" body=\"Decision: we go ahead with option B\" read=\"1\" status=\"-1\" \
         contact_name=\"TOP SECRET Nettlecombe\" />\n</smses>\n",
    );
}

/// Every file under `dirs` that holds `word`.
fn holding(dirs: &[&Path], word: &str) -> Vec<String> {
    dirs.iter()
        .flat_map(|d| files_under(d))
        .filter(|f| written_text(f).contains(word))
        .map(|f| f.display().to_string())
        .collect()
}

/// A marked canary in every source of export text — message, system events,
/// titles, subject, senders, file and attachment names, a malformed record — in
/// WhatsApp, Telegram, e-mail and SMS: with default flags no file onrecord writes
/// (reports, history, state, run.csv, shard parts) holds a canary's word, over two
/// nights; with `--excerpts full` the words are there (so the search can see them).
#[test]
fn a_marked_canary_in_every_source_of_text_is_written_nowhere_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let drive = tmp.path().join("drive");
    canary_drive(&drive);
    let nightly = tmp.path().join("nightly");
    scan(&drive, &nightly, &[]);
    scan(&drive, &nightly, &[]);
    let shard = tmp.path().join("shard");
    scan(&drive, &shard, &["--shard", "1/1"]);
    assert!(shard.join("part/entries.jsonl").exists());
    // Every canary's item was read and reported (the cells exist, redacted).
    let files = files_by_path(&nightly);
    assert_eq!(files["mail/broken.eml"]["status"], "error");
    assert!(files["mail/broken.eml"]["detail"].contains("[redacted"));
    let findings = read_csv(&nightly.join("findings.csv"));
    let redacted = |column: &str| {
        findings
            .iter()
            .filter(|f| f[column].contains("[redacted: carries a classification marking]"))
            .count()
    };
    assert!(redacted("sender") >= 5, "{findings:#?}");
    assert!(redacted("conversation") >= 3, "{findings:#?}");
    for canary in CANARIES {
        let found = holding(&[&nightly, &shard], canary.word);
        assert!(found.is_empty(), "{:?} written to {found:?}", canary.word);
    }
    let full = tmp.path().join("full");
    scan(&drive, &full, &["--excerpts", "full"]);
    for canary in CANARIES.iter().filter(|c| c.shown_in_full) {
        let found = holding(&[&full], canary.word);
        assert!(
            found.iter().any(|f| f.ends_with(".csv")),
            "{:?} not quoted with --excerpts full: {found:?}",
            canary.word
        );
    }
}
