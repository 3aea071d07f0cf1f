//! E-mail: the real mail-parser `.eml` samples and cpython's mbox (read from
//! `../shared/fixtures`, skipped when absent), plus synthetic messages and mailboxes
//! covering FORMATS.md §6 (fictional names).

use crate::common;

use std::path::Path;

use onrecord::formats::{Collector, Format, ParseError, ParseOptions, detect, email};
use onrecord::model::{Conversation, Item, ItemKind, Location, ParseStats, Platform};
use onrecord::source::MemoryInput;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(FIXTURES).join("email").join(rel)).unwrap()
}

type Parsed = (
    Result<ParseStats, ParseError>,
    Vec<(Conversation, Vec<Item>)>,
);

fn parse_file(rel: &str) -> Parsed {
    parse_bytes(rel, read(rel))
}

fn parse_bytes(rel: &str, bytes: Vec<u8>) -> Parsed {
    let mut out = Collector::default();
    let input = MemoryInput::new(rel, bytes);
    let result = email::parse(&input, &ParseOptions::default(), &mut out);
    (result, out.conversations)
}

/// The single item of a single-message file.
fn only_item(rel: &str) -> (Conversation, Item) {
    only_of(rel, parse_file(rel))
}

/// The real samples: label (as the tests name them) and path in `../shared/fixtures`.
const REAL: [(&str, &str); 3] = [
    (
        "mail-parser/010.eml",
        "mail-parser/resources/eml/thirdparty/010.eml",
    ),
    (
        "mail-parser/011.eml",
        "mail-parser/resources/eml/thirdparty/011.eml",
    ),
    (
        "cpython/mailbox_01.mbox",
        "cpython/Lib/test/test_email/data/mailbox_01.mbox",
    ),
];

/// `only_item` on the real sample labelled `label` (`None`: skipped, see `common`).
fn real_item(label: &str) -> Option<(Conversation, Item)> {
    let (_, shared) = REAL.iter().find(|(l, _)| *l == label).unwrap();
    let bytes = std::fs::read(common::shared_fixture(shared)?).unwrap();
    Some(only_of(label, parse_bytes(label, bytes)))
}

fn only_of(rel: &str, (result, mut convs): Parsed) -> (Conversation, Item) {
    let stats = result.unwrap();
    assert_eq!((stats.conversations, stats.items), (1, 1), "{rel}");
    let (conv, mut items) = convs.pop().unwrap();
    assert_eq!(conv.platform, Platform::Email);
    (conv, items.pop().unwrap())
}

fn iso(item: &Item) -> String {
    item.time.expect("a time").to_iso()
}

#[test]
fn detects_every_email_fixture() {
    let mut texts = Vec::new();
    if let Some(shared) = common::shared_fixtures() {
        for (label, rel) in REAL {
            texts.push((label, std::fs::read(shared.join(rel)).unwrap()));
        }
    }
    for rel in [
        "synthetic/encoded-words.eml",
        "synthetic/alternative-labelled.eml",
        "synthetic/html-only.eml",
        "synthetic/attachments.eml",
        "synthetic/forwarded.eml",
        "synthetic/threads.mbox",
        "synthetic/truncated.mbox",
    ] {
        texts.push((rel, read(rel)));
    }
    for (rel, bytes) in texts {
        let text = String::from_utf8(bytes).unwrap();
        // By content: the same bytes under a neutral name are still e-mail.
        assert_eq!(detect("export.dat", &text), Some(Format::Email), "{rel}");
    }
}

#[test]
fn other_formats_fixtures_are_not_taken_for_email() {
    let own = none_is_email(Path::new(FIXTURES), &["email/", "mixed/"]);
    assert!(own > 30, "only {own} fixtures checked");
    if let Some(shared) = common::shared_fixtures() {
        let real = none_is_email(&shared, &["mail-parser/", "cpython/"]);
        assert!(real >= 15, "only {real} real samples checked");
        assert!(own + real > 40, "only {} files checked", own + real);
    }
}

/// Asserts no UTF-8 file under `root` (but not under `skip`) is detected as e-mail;
/// returns how many were checked.
fn none_is_email(root: &Path, skip: &[&str]) -> usize {
    let mut checked = 0;
    for entry in common::files_under(root) {
        let rel = entry
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if skip.iter().any(|s| rel.starts_with(s)) {
            continue;
        }
        let Ok(text) = String::from_utf8(std::fs::read(&entry).unwrap()) else {
            continue;
        };
        let name = entry.file_name().unwrap().to_string_lossy().into_owned();
        let head: String = text.chars().take(16 * 1024).collect();
        assert_ne!(detect(&name, &head), Some(Format::Email), "{rel}");
        checked += 1;
    }
    checked
}

#[test]
fn real_rfc2047_subject_without_from() {
    let Some((conv, item)) = real_item("mail-parser/010.eml") else {
        return;
    };
    assert_eq!(conv.name, "こんにちは");
    assert_eq!(item.sender, None);
    assert_eq!(item.time, None);
    assert_eq!(item.text, "こんにちは\n人権の無視及");
    assert_eq!(item.location, Location::Line(1));
}

#[test]
fn real_thunderbird_alternative_related_with_inline_image() {
    let Some((conv, item)) = real_item("mail-parser/011.eml") else {
        return;
    };
    assert_eq!(conv.name, "small image");
    assert_eq!(
        conv.id.as_deref(),
        Some("ca2236fb-9819-82dd-c501-d3bcf737a768@xyz-webserver.abcd-gestion.local")
    );
    assert_eq!(
        item.sender.as_deref(),
        Some("Dummy <dummy@xyz-webserver.abcd-gestion.local>")
    );
    assert_eq!(iso(&item), "2022-07-18T17:19:52+02:00");
    assert_eq!(item.kind, ItemKind::Media);
    assert_eq!(item.attachments, ["01H5HSCoUeEcg6CH.png"]);
    // The text part is empty and the HTML holds only an image: the subject is all.
    assert_eq!(item.text, "small image");
}

#[test]
fn real_mbox_keeps_unescaped_from_line_and_uses_separator_date() {
    let Some((conv, item)) = real_item("cpython/mailbox_01.mbox") else {
        return;
    };
    assert_eq!(conv.name, "unquoted From in body; extra info on From line");
    assert_eq!(item.sender.as_deref(), Some("foo"));
    // No Date header: the separator's date, UTC by RFC 4155.
    assert_eq!(iso(&item), "2022-08-07T11:40:37+00:00");
    assert!(
        item.text.ends_with("Hello\n\nFrom time to time"),
        "{:?}",
        item.text
    );
}

#[test]
fn encoded_words_in_several_charsets_and_crlf() {
    let (conv, item) = only_item("synthetic/encoded-words.eml");
    // UTF-8 base64 + ISO-8859-1 Q (with `_` spaces) + Shift_JIS, joined without
    // the folding whitespace between adjacent encoded words.
    assert_eq!(conv.name, "Zusammenfassung für Büro – café会議の決定");
    assert_eq!(
        item.sender.as_deref(),
        Some("Seán Ó Briain <sean.obriain@policy.example>")
    );
    assert_eq!(iso(&item), "2024-05-14T09:01:58+01:00");
    assert_eq!(
        item.text,
        "Zusammenfassung für Büro – café会議の決定\nBonjour Siân,\n\nLe café est prêt. Nothing to decide today."
    );
    assert_eq!(item.location, Location::Id("enc-1@policy.example".into()));
}

#[test]
fn alternative_body_once_and_label_headers_as_text() {
    let (_, item) = only_item("synthetic/alternative-labelled.eml");
    assert_eq!(
        item.text,
        "Board paper for Thursday\n\
         Sensitivity: Company-Confidential\n\
         X-Classification: OFFICIAL-SENSITIVE\n\
         Sensitivity label: OFFICIAL\n\
         Sam, the board paper is attached to the meeting invite.\n\
         The Secretary of State will attend."
    );
    assert!(!item.text.contains("Importance"));
    assert_eq!(item.kind, ItemKind::Message);
}

#[test]
fn html_only_is_stripped() {
    let (conv, item) = only_item("synthetic/html-only.eml");
    assert_eq!(conv.name, "Secret Santa draw");
    assert_eq!(
        item.sender.as_deref(),
        Some("Jo Bloggs <jo.bloggs@dept.example>")
    );
    // `-0400 (EDT)`: the comment is ignored, the offset kept.
    assert_eq!(iso(&item), "2024-05-16T11:20:05-04:00");
    assert_eq!(
        item.text,
        "Re: Secret Santa draw\nHi all & welcome,\nThe Secret Santa draw is on Friday.\n\
         Minister agreed: we will go with option B for the estates review."
    );
}

#[test]
fn attachment_names_are_decoded_and_text_attachments_read() {
    let (_, item) = only_item("synthetic/attachments.eml");
    assert_eq!(item.kind, ItemKind::Media);
    assert_eq!(
        item.attachments,
        [
            "Estates review – OFFICIAL-SENSITIVE.pdf",
            "Kostenübersicht SECRET_SANTA_LIST.xlsx",
            "notes.txt"
        ]
    );
    assert_eq!(
        item.text,
        "Papers for the review\nPapers attached.\nNotes: budget line 4 moves to next year."
    );
}

#[test]
fn forwarded_message_is_read_with_its_attachments() {
    let (conv, item) = only_item("synthetic/forwarded.eml");
    assert_eq!(conv.name, "Site visit");
    assert_eq!(
        item.sender.as_deref(),
        Some("Carol Jones <carol.jones@dept.example>")
    );
    assert_eq!(item.attachments, ["Site visit.eml", "Route plan.pdf"]);
    assert_eq!(
        item.text,
        "Fwd: Site visit\nSee below.\n---------- Attached message ----------\n\
         From: Ingrid Holm <ingrid.holm@partner.example>\nSite visit\n\
         UK SECRET - UK EYES ONLY: the visit route is in the attached plan."
    );
}

#[test]
fn mailbox_threads_become_conversations() {
    let (result, convs) = parse_file("synthetic/threads.mbox");
    let stats = result.unwrap();
    assert_eq!((stats.conversations, stats.items), (3, 6));
    assert_eq!(stats.skipped_records, 1);
    assert_eq!(
        stats.skipped_note.as_deref(),
        Some("message at line 39 has no readable header block")
    );
    let summary: Vec<(&str, Vec<(String, &str)>)> = convs
        .iter()
        .map(|(c, items)| {
            let rows = items
                .iter()
                .map(|i| (iso(i), i.sender.as_deref().unwrap()))
                .collect();
            (c.name.as_str(), rows)
        })
        .collect();
    let sam = "Sam Patel <sam.patel@dept.example>";
    let jo = "Jo Bloggs <jo.bloggs@dept.example>";
    let carol = "Carol Jones <carol.jones@dept.example>";
    // Streamed when each thread's last message has been read.
    assert_eq!(
        summary,
        vec![
            (
                "Canteen rota",
                vec![
                    ("2024-06-03T10:30:00+01:00".to_string(), sam),
                    // No Date header and no references: joined by subject; the
                    // separator's date stands in.
                    ("2024-06-03T12:00:00+00:00".to_string(), carol),
                ]
            ),
            (
                "Estates review",
                vec![
                    ("2024-06-03T09:00:00+01:00".to_string(), jo),
                    ("2024-06-03T11:00:00+01:00".to_string(), sam),
                    ("2024-06-04T08:00:00+01:00".to_string(), jo),
                ]
            ),
            // Obsolete zone `EST`.
            (
                "Fire drill",
                vec![("2024-06-04T10:00:00-05:00".to_string(), carol)]
            ),
        ]
    );
    let first = &convs[1].1[0];
    assert_eq!(
        first.text,
        "Estates review\nSam, can you draft the options?\n\
         From the minutes: option B is cheaper.\nFrom time to time we revisit this."
    );
    assert_eq!(convs[0].1[1].location, Location::Line(32));
    assert_eq!(convs[1].0.id.as_deref(), Some("t1-a@dept.example"));
}

#[test]
fn truncated_mailbox_is_an_error_after_streaming_what_was_read() {
    let (result, convs) = parse_file("synthetic/truncated.mbox");
    match result {
        Err(ParseError::Invalid {
            line: Some(20),
            message,
        }) => assert!(
            message.contains("starting at line 9 is truncated"),
            "{message}"
        ),
        other => panic!("expected a line-20 error, got {other:?}"),
    }
    let names: Vec<&str> = convs.iter().map(|(c, _)| c.name.as_str()).collect();
    assert_eq!(names, ["Complete one", "Cut off"]);
}

#[test]
fn garbage_named_eml_is_not_email() {
    assert_eq!(detect("broken.eml", "just some words\nno headers"), None);
    let mut out = Collector::default();
    let input = MemoryInput::new("x.eml", b"\n\n\n".to_vec());
    let stats = email::parse(&input, &ParseOptions::default(), &mut out).unwrap();
    assert_eq!(stats.items, 0);
}

#[test]
fn eight_bit_latin1_mailbox_is_read_by_its_declared_charset() {
    use onrecord::source::sniff::{Sniff, sniff};
    let bytes = read("synthetic/latin1-8bit.mbox");
    // Not UTF-8, but still offered to the parsers as mail.
    let Sniff::Text(head) = sniff(&bytes, true) else {
        panic!("an 8-bit mailbox is text");
    };
    assert_eq!(detect("latin1-8bit.mbox", &head), Some(Format::Email));
    let (_, item) = only_item("synthetic/latin1-8bit.mbox");
    assert_eq!(
        item.sender.as_deref(),
        Some("José Ruiz <jose.ruiz@dept.example>")
    );
    // The body part declares its charset. (The raw 8-bit subject declares none;
    // mail-parser replaces its bytes, so it is not asserted.)
    assert!(
        item.text.ends_with("\nEl café abre a las ocho."),
        "{:?}",
        item.text
    );
}

#[test]
fn files_csv_names_unread_messages_and_truncated_mailboxes() {
    let drive = tempfile::tempdir().unwrap();
    for name in ["threads.mbox", "truncated.mbox"] {
        common::put(drive.path(), name, read(&format!("synthetic/{name}")));
    }
    let out = tempfile::tempdir().unwrap();
    let run = common::onrecord(
        &["scan", drive.path().to_str().unwrap(), "--quiet"],
        out.path(),
    );
    assert_eq!(
        run.code, 5,
        "a broken file makes the scan incomplete, and it has findings at high: {}",
        run.stderr
    );
    let files = common::files_by_path(out.path());
    let threads = &files["threads.mbox"];
    assert_eq!(
        (
            &threads["status"][..],
            &threads["format"][..],
            &threads["conversations"][..],
            &threads["messages"][..]
        ),
        ("scanned", "email", "3", "6")
    );
    assert_eq!(
        threads["detail"],
        "1 record(s) not read: message at line 39 has no readable header block"
    );
    let truncated = &files["truncated.mbox"];
    assert_eq!(truncated["status"], "error");
    assert_eq!(
        truncated["detail"],
        "cannot parse as email: line 20: the message starting at line 9 is truncated \
         (multipart boundary \"cut\" never closed) (2 messages before the problem were checked)"
    );
}
