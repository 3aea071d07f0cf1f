//! Unit tests of detection and the two-pass parse on small in-memory exports.

use super::*;
use crate::formats::{Collector, DateOrder};
use crate::model::ItemKind;
use crate::source::MemoryInput;

fn run(path: &str, text: &str, options: &ParseOptions) -> (Conversation, Vec<Item>, ParseStats) {
    let mut c = Collector::default();
    let stats = parse(
        &MemoryInput::new(path, text.as_bytes().to_vec()),
        options,
        &mut c,
    )
    .unwrap();
    let (conv, items) = c.conversations.pop().unwrap();
    (conv, items, stats)
}

#[test]
fn detects_exports_by_content() {
    let android = "18/03/2022, 14:56 - Jo Bloggs: Hello\n18/03/2022, 14:57 - Sam Patel: Hi\n";
    assert!(looks_like("notes.txt", android));
    let ios =
        "\u{200e}[3/18/22, 14:56:01] Jo: \u{200e}image omitted\r\n[3/18/22, 14:57:00] Sam: ok\r\n";
    assert!(looks_like("_chat.txt", ios));
    assert!(looks_like("x.txt", "18/03/2022, 14:56 - Jo Bloggs: Hello"));
}

#[test]
fn rejects_text_with_a_stray_date() {
    let memo = "Minutes of the meeting\nAttendees: Jo, Sam\n\n12/03/2022, 14:56 - agreed to proceed\n1. Budget\n2. Staffing\n3. AOB\nNext meeting 19/03/2022\n";
    assert!(!looks_like("minutes.txt", memo));
    let log = "2021-04-15 09:14:00 INFO: started\n2021-04-15 09:14:01 INFO: ok\n";
    assert!(!looks_like("app.log", log));
    let numbers = "1/2/3\n4/5/6\n2021-01-01, 10:00 - x\n7/8/9\n10/11/12\n";
    assert!(!looks_like("data.txt", numbers));
    assert!(!looks_like("empty.txt", ""));
}

#[test]
fn numbered_lists_do_not_hide_an_export() {
    let mut text = String::from("01/02/2021, 10:00 - Jo Bloggs: agenda for Monday\n");
    for i in 1..=9 {
        text.push_str(&format!("{i}. item number {i}\n"));
    }
    text.push_str("01/02/2021, 10:05 - Sam Patel: thanks\n");
    assert!(looks_like("export.txt", &text));
}

#[test]
fn a_file_named_like_an_export_is_read_even_without_headers() {
    let text = "this is not what WhatsApp writes\n";
    assert!(looks_like("WhatsApp Chat with Jo Bloggs.txt", text));
    assert!(looks_like("_chat.txt", text));
    assert!(!looks_like("notes.txt", text));
    let mut c = Collector::default();
    let input = MemoryInput::new("WhatsApp Chat with Jo Bloggs.txt", text.as_bytes().to_vec());
    assert!(parse(&input, &ParseOptions::default(), &mut c).is_err());
}

#[test]
fn no_header_is_an_error() {
    let mut c = Collector::default();
    let input = MemoryInput::new("notes.txt", b"just some text\nmore".to_vec());
    let err = parse(&input, &ParseOptions::default(), &mut c).unwrap_err();
    assert!(matches!(err, ParseError::Invalid { .. }));
    assert!(c.conversations.is_empty());
}

#[test]
fn lines_before_the_first_header_are_skipped_with_a_note() {
    let text = "end of an older message\n\nstill older\n01/02/2021, 10:00 - Jo: hi\n";
    let (_, items, stats) = run("WhatsApp Chat with Jo.txt", text, &ParseOptions::default());
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].location, Location::Line(4));
    assert_eq!(stats.skipped_records, 2);
    assert!(
        stats
            .skipped_note
            .as_deref()
            .unwrap()
            .starts_with("line 1 ")
    );
    assert_eq!(stats.items, 1);
    assert_eq!(stats.conversations, 1);
}

#[test]
fn multi_line_messages_keep_breaks_and_drop_trailing_blanks() {
    let text = "01/02/2021, 10:00 - Jo: first\n\nsecond\n\n\n01/02/2021, 10:01 - Sam: next\n\n";
    let (_, items, _) = run("a.txt", text, &ParseOptions::default());
    assert_eq!(items[0].text, "first\n\nsecond");
    assert_eq!(items[1].text, "next");
    assert_eq!(items[1].location, Location::Line(6));
}

#[test]
fn date_order_settled_from_later_dates_and_default() {
    // 05/04 alone is ambiguous; 13/04 later in the file settles day-first.
    let text = "05/04/2021, 10:00 - Jo: a\n13/04/2021, 10:00 - Jo: b\n";
    let us = ParseOptions {
        date_order: DateOrder::MonthFirst,
        ..ParseOptions::default()
    };
    let (_, items, _) = run("a.txt", text, &us);
    assert_eq!(items[0].time.unwrap().to_iso(), "2021-04-05T10:00:00+01:00");
    // A single ambiguous date follows the configured default.
    let (_, items, _) = run("a.txt", "05/04/2021, 10:00 - Jo: a\n", &us);
    assert_eq!(items[0].time.unwrap().to_iso(), "2021-05-04T10:00:00+01:00");
}

#[test]
fn timezone_option_is_used() {
    let options = ParseOptions {
        timezone: chrono_tz::America::New_York,
        ..ParseOptions::default()
    };
    let (_, items, _) = run("a.txt", "[1/13/23, 7:02:00\u{202f}PM] Jo: hi\r\n", &options);
    assert_eq!(items[0].time.unwrap().to_iso(), "2023-01-13T19:02:00-05:00");
}

#[test]
fn impossible_dates_keep_the_message_without_a_time() {
    let (_, items, _) = run(
        "a.txt",
        "31/02/2021, 10:00 - Jo: a\n",
        &ParseOptions::default(),
    );
    assert_eq!(items[0].time, None);
    assert_eq!(items[0].kind, ItemKind::Message);
}

#[test]
fn conversation_name_sources() {
    let opts = ParseOptions::default();
    let line = "01/02/2021, 10:00 - Jo: hi\n";
    assert_eq!(
        run("WhatsApp Chat with Jo Bloggs.txt", line, &opts).0.name,
        "Jo Bloggs"
    );
    let grouped =
        "01/02/2021, 10:00 - Jo created group \"PM Updates\"\n01/02/2021, 10:01 - Jo: hi\n";
    assert_eq!(run("export.txt", grouped, &opts).0.name, "PM Updates");
    assert_eq!(run("export.txt", line, &opts).0.name, "export");
    let mut c = Collector::default();
    let input = MemoryInput::new("x.zip!/_chat.txt", line.as_bytes().to_vec())
        .in_container("WhatsApp Chat - Private Office.zip");
    parse(&input, &opts, &mut c).unwrap();
    assert_eq!(c.conversations[0].0.name, "Private Office");
    assert_eq!(c.conversations[0].0.platform, Platform::WhatsApp);
    assert_eq!(c.conversations[0].0.id, None);
}
