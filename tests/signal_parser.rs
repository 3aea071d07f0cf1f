//! Signal parsers: signal-export `chat.md` (all date shapes) and signalbackup-tools
//! `--exporttxt`. Synthetic fixtures in `tests/fixtures/signal/`; chat-miner's real
//! sample is read from `../shared/fixtures` and skipped when absent
//! (`tests/fixtures/SOURCES.md`).

use crate::common;

use onrecord::formats::{self, Collector, Format, ParseOptions};
use onrecord::model::{Item, ItemKind, Location, Platform, TimerChange};
use onrecord::source::MemoryInput;

fn fixture(rel: &str) -> MemoryInput {
    let path = format!("{}/tests/fixtures/signal/{rel}", env!("CARGO_MANIFEST_DIR"));
    MemoryInput::new(format!("Exports/{rel}"), std::fs::read(path).unwrap())
}

/// chat-miner's real old signal-export transcript (`None`: skipped, see `common`).
fn chat_miner() -> Option<MemoryInput> {
    let path = common::shared_fixture("chat-miner/test/signal/test_export.txt")?;
    let label = "Exports/chat-miner/test_export.txt";
    Some(MemoryInput::new(label, std::fs::read(path).unwrap()))
}

fn head(input: &MemoryInput) -> String {
    onrecord::source::read_text(input).unwrap()
}

fn parse(format: Format, input: &MemoryInput) -> Collector {
    let mut out = Collector::default();
    formats::parse(format, input, &ParseOptions::default(), &mut out).unwrap();
    assert_eq!(out.conversations.len(), 1);
    out
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
fn detects_each_shape_by_content() {
    if let Some(input) = chat_miner() {
        let detected = formats::detect("export.txt", &head(&input));
        assert_eq!(detected, Some(Format::SignalMarkdown), "chat-miner");
    }
    for (rel, format) in [
        (
            "signal-export-old-txt/board_transcript.txt",
            Format::SignalMarkdown,
        ),
        (
            "signal-export-2024/Alice Example/chat.md",
            Format::SignalMarkdown,
        ),
        (
            "signal-export-2021/Project Board/chat.md",
            Format::SignalMarkdown,
        ),
        (
            "signal-export-2019/Dan Demo/chat.md",
            Format::SignalMarkdown,
        ),
        (
            "signalbackup-tools/Alice Example (_id12).txt",
            Format::SignalText,
        ),
    ] {
        let input = fixture(rel);
        assert_eq!(
            formats::detect("export.txt", &head(&input)),
            Some(format),
            "{rel}"
        );
    }
    assert_eq!(Format::SignalMarkdown.as_str(), "signal-export");
    assert_eq!(Format::SignalText.as_str(), "signalbackup-tools");
}

#[test]
fn chat_miner_fixture_old_signal_export() {
    let Some(input) = chat_miner() else {
        return;
    };
    let out = parse(Format::SignalMarkdown, &input);
    let (conv, items) = &out.conversations[0];
    assert_eq!(
        (conv.platform, conv.name.as_str()),
        (Platform::Signal, "test_export")
    );
    let rows: Vec<_> = items.iter().map(row).collect();
    assert_eq!(
        rows,
        [
            r(
                "2019-12-24T12:23:00+00:00",
                Some("Jane Doe"),
                "message",
                "Hello John!"
            ),
            r(
                "2020-01-17T21:49:00+00:00",
                Some("John Doe"),
                "message",
                "Hello\nJane!"
            ),
        ]
    );
    assert_eq!(items[1].location, Location::Line(2));
}

#[test]
fn old_signal_export_txt_named_by_its_file() {
    let out = parse(
        Format::SignalMarkdown,
        &fixture("signal-export-old-txt/board_transcript.txt"),
    );
    let (conv, items) = &out.conversations[0];
    assert_eq!(
        (conv.platform, conv.name.as_str()),
        (Platform::Signal, "board_transcript")
    );
    let rows: Vec<_> = items.iter().map(row).collect();
    assert_eq!(
        rows,
        [
            r(
                "2020-02-10T08:45:00+00:00",
                Some("Kit Madeup"),
                "message",
                "Morning Lee!"
            ),
            r(
                "2020-03-30T19:05:00+01:00",
                Some("Lee Fictional"),
                "message",
                "Morning\nKit, agenda attached."
            ),
        ]
    );
    assert_eq!(items[1].location, Location::Line(2));
}

#[test]
fn signal_export_2024_variants() {
    let out = parse(
        Format::SignalMarkdown,
        &fixture("signal-export-2024/Alice Example/chat.md"),
    );
    let (conv, items) = &out.conversations[0];
    assert_eq!(conv.name, "Alice Example");
    let rows: Vec<_> = items.iter().map(row).collect();
    assert_eq!(
        rows,
        [
            r(
                "2024-05-01T10:15:03+01:00",
                Some("Me"),
                "message",
                "See you at 3"
            ),
            r(
                "2024-05-01T10:16:40+01:00",
                Some("Alice Example"),
                "media",
                ""
            ),
            r(
                "2024-05-01T10:17:02+01:00",
                Some("Alice Example"),
                "deleted",
                "(This message was deleted)"
            ),
            // Quote and reaction lines are not part of the reply.
            r(
                "2024-05-01T10:18:00+01:00",
                Some("Bob Sample"),
                "message",
                "Can we make it 4?\nThe room is booked"
            ),
            // A timer change rendered with an empty body.
            r(
                "2024-05-01T10:19:00+01:00",
                Some("Alice Example"),
                "system",
                ""
            ),
            r(
                "2024-05-01T10:20:00+01:00",
                Some("Me"),
                "call",
                "Missed voice call"
            ),
            r(
                "2024-05-01T10:21:00+01:00",
                None,
                "call",
                "Incoming video call (accepted, 2m 5s)"
            ),
        ]
    );
    assert_eq!(items[1].attachments, ["IMG_0001.jpg"]);
}

#[test]
fn signal_export_2021_and_2019_shapes() {
    let out = parse(
        Format::SignalMarkdown,
        &fixture("signal-export-2021/Project Board/chat.md"),
    );
    let (conv, items) = &out.conversations[0];
    assert_eq!(conv.name, "Project Board");
    assert_eq!(
        row(&items[1]),
        r(
            "2021-03-01T09:05:00+00:00",
            Some("Carol Test"),
            "message",
            "Minutes attached, see https://example.org/[draft](notes)"
        )
    );
    assert_eq!(items[2].kind, ItemKind::Media);
    assert_eq!(items[2].attachments, ["minutes OFFICIAL.pdf"]);

    let out = parse(
        Format::SignalMarkdown,
        &fixture("signal-export-2019/Dan Demo/chat.md"),
    );
    let rows: Vec<_> = out.conversations[0].1.iter().map(row).collect();
    assert_eq!(
        rows,
        [
            r(
                "2019-06-01T14:30:00+01:00",
                Some("Dan Demo"),
                "message",
                "first build line"
            ),
            r("2019-06-01T14:31:00+01:00", Some("Me"), "message", "reply"),
        ]
    );
}

#[test]
fn signalbackup_tools_text_export() {
    let out = parse(
        Format::SignalText,
        &fixture("signalbackup-tools/Alice Example (_id12).txt"),
    );
    let (conv, items) = &out.conversations[0];
    assert_eq!(
        (conv.platform, conv.name.as_str()),
        (Platform::Signal, "Alice Example")
    );
    let rows: Vec<_> = items.iter().map(row).collect();
    let week = "Alice Example set the disappearing message timer to 1 week";
    let thirty = "You set the disappearing message timer to 30 seconds";
    assert_eq!(
        rows,
        [
            r(
                "2024-01-05T10:00:00+00:00",
                Some("Alice Example"),
                "message",
                "message body"
            ),
            r(
                "2024-01-05T10:00:30+00:00",
                Some("Sam Owner"),
                "message",
                "first line\nthis is the continuation"
            ),
            r(
                "2024-01-05T10:01:12+00:00",
                Some("Alice Example"),
                "media",
                ""
            ),
            r(
                "2024-01-05T10:02:00+00:00",
                Some("Alice Example"),
                "timer",
                week
            ),
            r("2024-01-05T10:02:30+00:00", Some("You"), "timer", thirty),
            r(
                "2024-01-05T10:03:00+00:00",
                Some("You"),
                "timer",
                "You disabled disappearing messages."
            ),
            r(
                "2024-01-05T10:04:00+00:00",
                Some("Alice Example"),
                "timer",
                "Alice Example disabled disappearing messages."
            ),
            r(
                "2024-01-05T10:05:00+00:00",
                None,
                "system",
                "Your safety number with Alice Example has changed."
            ),
            r(
                "2024-06-05T10:06:00+01:00",
                Some("Alice Example"),
                "message",
                "summer"
            ),
        ]
    );
    assert_eq!(items[2].attachments, ["IMG_1234.jpg"]);
    let timers: Vec<_> = items
        .iter()
        .filter_map(|i| match i.kind {
            ItemKind::Timer(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(
        timers,
        [
            TimerChange::On(Some(604_800)),
            TimerChange::On(Some(30)),
            TimerChange::Off,
            TimerChange::Off
        ]
    );
    assert_eq!(items[4].location, Location::Line(6));
}

#[test]
fn bad_input_gives_no_panic() {
    for bad in [
        "",
        "\n\n",
        "garbage\n[2024-13-45 99:99] X: y",
        "[Feb 30, 2024 10:00:00] <A> b",
    ] {
        for format in [Format::SignalMarkdown, Format::SignalText] {
            let mut out = Collector::default();
            let input = MemoryInput::new("x/chat.md", bad);
            let stats = formats::parse(format, &input, &ParseOptions::default(), &mut out);
            assert!(stats.is_ok(), "{bad:?}");
        }
    }
    assert!(!formats::signal::markdown::looks_like("a.txt", "hello"));
    assert!(!formats::signal::text::looks_like(
        "a.txt",
        "[Jan 05, 2024 10:00:00] plain"
    ));
}
