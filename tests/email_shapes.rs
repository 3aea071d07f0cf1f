//! E-mail shapes first seen in the real samples of `../shared/fixtures`, on synthetic
//! messages (fictional names, `*.example` domains) so they are tested on every
//! machine: an RFC 2047 subject with no From and no Date over a binary multipart
//! body, and a Thunderbird-style message whose only content is an inline image.

use onrecord::formats::{Collector, Format, ParseOptions, detect, email};
use onrecord::model::{Conversation, Item, ItemKind, Location};
use onrecord::source::MemoryInput;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/email/synthetic/"
);

/// The single conversation and item of a one-message file, after checking detection.
fn only_item(name: &str) -> (Conversation, Item) {
    let bytes = std::fs::read(format!("{DIR}{name}")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(detect("export.dat", &text), Some(Format::Email), "{name}");
    let mut out = Collector::default();
    let input = MemoryInput::new(name, bytes);
    let stats = email::parse(&input, &ParseOptions::default(), &mut out).unwrap();
    assert_eq!((stats.conversations, stats.items), (1, 1), "{name}");
    let (conv, mut items) = out.conversations.pop().unwrap();
    (conv, items.pop().unwrap())
}

#[test]
fn encoded_subject_without_from_or_date() {
    let (conv, item) = only_item("no-from-encoded-subject.eml");
    assert_eq!(conv.name, "予算会議メモ");
    assert_eq!(item.sender, None);
    assert_eq!(item.time, None);
    assert_eq!(item.text, "予算会議メモ\n予算の決定は来週に延期");
    assert_eq!(item.location, Location::Line(1));
}

#[test]
fn alternative_related_with_only_an_inline_image() {
    let (conv, item) = only_item("inline-image-only.eml");
    assert_eq!(conv.name, "floor plan");
    assert_eq!(
        conv.id.as_deref(),
        Some("7e1d2c3b-0001-4a5b-9c8d-000000000011@estates.example")
    );
    assert_eq!(
        item.sender.as_deref(),
        Some("Lena Madeup <lena.madeup@estates.example>")
    );
    assert_eq!(item.time.unwrap().to_iso(), "2023-03-14T10:05:00+01:00");
    assert_eq!(item.kind, ItemKind::Media);
    assert_eq!(item.attachments, ["floor-plan-L2.png"]);
    // Empty text part, HTML holding only the image: the subject is all the text.
    assert_eq!(item.text, "floor plan");
}
