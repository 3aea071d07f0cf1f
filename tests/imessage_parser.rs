//! imessage-exporter TXT parser: synthetic fixture in `tests/fixtures/imessage/`
//! written from FORMATS.md §4.1 with fictional names.

use onrecord::formats::{self, Collector, Format, ParseOptions};
use onrecord::model::{Item, Location, Platform};
use onrecord::source::{MemoryInput, read_text};

const FILE: &str = "Project Board - 42.txt";

fn fixture() -> MemoryInput {
    let path = format!(
        "{}/tests/fixtures/imessage/{FILE}",
        env!("CARGO_MANIFEST_DIR")
    );
    MemoryInput::new(format!("Mac/{FILE}"), std::fs::read(path).unwrap())
}

type Row<'a> = (String, Option<&'a str>, &'a str, &'a str);

fn row(item: &Item) -> Row<'_> {
    (
        item.time.unwrap().to_iso(),
        item.sender.as_deref(),
        item.kind.as_str(),
        item.text.as_str(),
    )
}

fn r<'a>(t: &str, s: Option<&'a str>, k: &'a str, x: &'a str) -> Row<'a> {
    (t.to_string(), s, k, x)
}

#[test]
fn detects_by_content() {
    let input = fixture();
    let text = read_text(&input).unwrap();
    assert_eq!(
        formats::detect("whatever.txt", &text),
        Some(Format::IMessageText)
    );
    assert_eq!(Format::IMessageText.as_str(), "imessage-exporter");
    assert!(!formats::imessage::looks_like(
        "a.txt",
        "May 17, 2022  5:29:42 PM\n\n"
    ));
    assert!(!formats::imessage::looks_like("a.txt", "hello"));
}

#[test]
fn parses_every_block_shape() {
    let mut out = Collector::default();
    let stats = formats::parse(
        Format::IMessageText,
        &fixture(),
        &ParseOptions::default(),
        &mut out,
    )
    .unwrap();
    assert_eq!(out.conversations.len(), 1);
    let (conv, items) = &out.conversations[0];
    assert_eq!(
        (conv.platform, conv.name.as_str()),
        (Platform::IMessage, "Project Board")
    );
    assert_eq!(stats.items, items.len() as u64);
    let rows: Vec<_> = items.iter().map(row).collect();
    let may = |t: &str| format!("2022-05-17T{t}+01:00");
    assert_eq!(
        rows,
        [
            r(&may("17:29:42"), Some("Me"), "message", "Hello world"),
            r(
                &may("17:30:10"),
                Some("Sample Contact"),
                "message",
                "Hello world\nsecond line"
            ),
            r(
                &may("17:31:00"),
                Some("Me"),
                "deleted",
                "Draft budget is SECRET"
            ),
            r(
                &may("17:32:00"),
                Some("Sample Contact"),
                "edited",
                "Meeting at 3\nMeeting at 4"
            ),
            r(&may("17:33:00"), Some("Me"), "deleted", ""),
            r(&may("17:34:00"), Some("Sample Contact"), "deleted", ""),
            r(
                &may("17:35:00"),
                Some("You"),
                "system",
                "You renamed the conversation to Budget Group"
            ),
            r(
                &may("22:36:00"),
                Some("Sample Contact"),
                "media",
                "Look at this"
            ),
            r(&may("22:37:00"), Some("Me"), "media_omitted", ""),
            r(&may("22:38:00"), Some("Me"), "message", "Original question"),
            r(
                &may("22:39:00"),
                Some("Sample Contact"),
                "message",
                "Threaded reply\nwith two lines"
            ),
            r(
                "2022-12-01T09:00:00+00:00",
                Some("Sample Contact"),
                "message",
                "Winter time\n\nparagraph after a blank line"
            ),
        ]
    );
    assert_eq!(items[7].attachments, ["IMG_0042.HEIC"]);
    assert!(items[8].attachments.is_empty());
    assert_eq!(items[1].location, Location::Line(5));
}

#[test]
fn bad_input_gives_no_panic() {
    for bad in [
        "",
        "\n",
        "May 99, 2022 13:99:99 PM\nMe\nx",
        "text\nMay 17, 2022  5:29:42 PM",
    ] {
        let mut out = Collector::default();
        let input = MemoryInput::new("x.txt", bad);
        assert!(
            formats::parse(
                Format::IMessageText,
                &input,
                &ParseOptions::default(),
                &mut out
            )
            .is_ok()
        );
    }
}
