//! SMS Backup & Restore XML parser: synthetic fixtures in `tests/fixtures/sms/`.

use onrecord::formats::{self, Collector, Format, ParseError, ParseOptions};
use onrecord::model::{Item, ItemKind, Location, Platform};
use onrecord::source::MemoryInput;

fn fixture(name: &str) -> MemoryInput {
    let path = format!("{}/tests/fixtures/sms/{name}", env!("CARGO_MANIFEST_DIR"));
    MemoryInput::new(format!("Phone/{name}"), std::fs::read(path).unwrap())
}

fn parse(input: &MemoryInput) -> (Result<onrecord::model::ParseStats, ParseError>, Collector) {
    let mut out = Collector::default();
    let result = formats::parse(Format::SmsXml, input, &ParseOptions::default(), &mut out);
    (result, out)
}

fn row(item: &Item) -> (String, Option<&str>, &str, &str) {
    (
        item.time.unwrap().to_iso(),
        item.sender.as_deref(),
        item.kind.as_str(),
        item.text.as_str(),
    )
}

#[test]
fn detects_backups_and_calls_by_content() {
    for name in ["sms-20240106.xml", "calls-20240106.xml", "doctype.xml"] {
        let text = String::from_utf8(
            std::fs::read(format!(
                "{}/tests/fixtures/sms/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        )
        .unwrap();
        assert_eq!(
            formats::detect("backup.xml", &text),
            Some(Format::SmsXml),
            "{name}"
        );
    }
    assert_eq!(formats::detect("x.xml", "<?xml version='1.0'?><rss>"), None);
    assert_eq!(Format::SmsXml.as_str(), "sms-xml");
}

#[test]
fn groups_interleaved_messages_into_threads() {
    let (result, out) = parse(&fixture("sms-20240106.xml"));
    let stats = result.unwrap();
    assert_eq!((stats.conversations, stats.items), (3, 6));
    let names: Vec<_> = out
        .conversations
        .iter()
        .map(|(c, _)| (c.platform, c.name.as_str(), c.id.as_deref().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            (Platform::Sms, "Alice Example", "+447700900123"),
            (Platform::Sms, "07700900456", "07700900456"),
            (
                Platform::Sms,
                "Kim Sample, Sam Sample",
                "+14045550199~+17705550101"
            ),
        ]
    );

    let alice: Vec<_> = out.conversations[0].1.iter().map(row).collect();
    assert_eq!(
        alice,
        [
            (
                "2024-01-05T10:00:00+00:00".to_string(),
                Some("Alice Example"),
                "message",
                "Budget paper is OFFICIAL-SENSITIVE\ndo not forward"
            ),
            // `date` in seconds; address written with spaces joins the same thread.
            (
                "2024-01-05T10:02:00+00:00".to_string(),
                Some("Me"),
                "message",
                "Thanks & noted <3"
            ),
            // A draft (type 3) is still the owner's message; summer time applies.
            (
                "2024-06-05T11:00:00+01:00".to_string(),
                Some("Me"),
                "message",
                "Draft reply"
            ),
        ]
    );
    assert_eq!(
        out.conversations[0].1[0].location,
        Location::Id("sms/1704448800000/+447700900123".into())
    );

    // `(Unknown)` contact: the address is the sender and the thread name.
    let unknown = &out.conversations[1].1[0];
    assert_eq!(unknown.sender.as_deref(), Some("07700 900456"));
    assert_eq!(unknown.text, "Who is this?");
}

#[test]
fn reads_group_mms_text_media_and_sender() {
    let (result, out) = parse(&fixture("sms-20240106.xml"));
    result.unwrap();
    let group = &out.conversations[2].1;
    assert_eq!(
        row(&group[0]),
        (
            "2024-01-05T10:03:20+00:00".to_string(),
            Some("+17705550101"),
            "media",
            "Look at this"
        )
    );
    assert_eq!(group[0].attachments, ["IMG_7.jpg"]);
    // Sent MMS with a date in seconds; no media part.
    assert_eq!(
        row(&group[1]),
        (
            "2024-01-05T10:05:00+00:00".to_string(),
            Some("Me"),
            "message",
            "Nice"
        )
    );
    assert!(group[1].attachments.is_empty());
}

#[test]
fn reads_a_calls_file_as_one_conversation() {
    let (result, out) = parse(&fixture("calls-20240106.xml"));
    assert_eq!(result.unwrap().items, 3);
    assert_eq!(out.conversations.len(), 1);
    assert_eq!(out.conversations[0].0.name, "Calls");
    let calls: Vec<_> = out.conversations[0].1.iter().map(row).collect();
    assert_eq!(
        calls,
        [
            (
                "2024-01-05T10:00:00+00:00".to_string(),
                Some("Alice Example"),
                "call",
                "Incoming call from Alice Example (+447700900123), 65 s"
            ),
            (
                "2024-01-05T11:00:00+00:00".to_string(),
                Some("+447700900456"),
                "call",
                "Missed call from +447700900456"
            ),
            (
                "2024-01-05T12:00:00+00:00".to_string(),
                Some("Me"),
                "call",
                "Outgoing call to Alice Example (+447700900123), 12 s"
            ),
        ]
    );
    assert!(
        out.conversations[0]
            .1
            .iter()
            .all(|i| i.kind == ItemKind::Call)
    );
}

#[test]
fn refuses_a_dtd_without_expanding_entities() {
    let (result, out) = parse(&fixture("doctype.xml"));
    let err = result.unwrap_err().to_string();
    assert!(err.contains("DTD"), "{err}");
    assert!(out.conversations.is_empty());
}

#[test]
fn truncated_file_is_an_error_after_emitting_what_was_read() {
    let (result, out) = parse(&fixture("truncated.xml"));
    let err = result.unwrap_err();
    assert!(matches!(err, ParseError::Invalid { .. }));
    assert!(err.to_string().contains("byte"), "{err}");
    assert_eq!(out.conversations.len(), 1);
    assert_eq!(
        out.conversations[0].1[0].sender.as_deref(),
        Some("Alice Example")
    );

    // Cut between elements: the root is never closed.
    let cut = "<smses count=\"1\">\n<sms address=\"1\" date=\"1704448800000\" type=\"1\" body=\"hi\" />\n";
    let (result, out) = parse(&MemoryInput::new("sms.xml", cut));
    assert!(result.unwrap_err().to_string().contains("truncated"));
    assert_eq!(out.conversations[0].1.len(), 1);
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    for bad in [
        "",
        "not xml at all",
        "<smses><sms address=\"1\" date=\"x\" body=\"&unknown;\" /></smses>",
        "<smses><sms a=\"1\" a=\"2\" /></smses>",
        "<html><body/></html>",
        "<smses><mms><parts></mms></smses>",
        "\u{feff}<smses>",
    ] {
        let (result, _) = parse(&MemoryInput::new("sms.xml", bad));
        assert!(result.is_err(), "{bad:?}");
    }
}

#[test]
fn utf8_bom_is_accepted() {
    let xml = "\u{feff}<?xml version='1.0'?><smses><sms address=\"1\" date=\"1704448800000\" type=\"1\" body=\"hi\" /></smses>";
    let (result, out) = parse(&MemoryInput::new("sms.xml", xml));
    assert_eq!(result.unwrap().items, 1);
    assert_eq!(out.conversations[0].1[0].text, "hi");
}
