//! Telegram Desktop `result.json` parser on real exports (frozenspider's
//! chat-history-manager-rust and chat-miner samples, read from `../shared/fixtures`
//! and skipped when absent) and synthetic variants.

use crate::common;

use std::path::Path;

use onrecord::formats::{Collector, Format, ParseError, ParseOptions, detect, parse, telegram};
use onrecord::model::{Conversation, Item, ItemKind, Location, ParseStats, Platform, TimerChange};
use onrecord::source::MemoryInput;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/telegram");

fn input(rel: &str) -> MemoryInput {
    input_from(rel, std::fs::read(Path::new(ROOT).join(rel)).unwrap())
}

/// The real sample `shared_rel` of `../shared/fixtures`, seen as `exports/{label}`.
fn real(shared_rel: &str, label: &str) -> Option<MemoryInput> {
    let bytes = std::fs::read(common::shared_fixture(shared_rel)?).unwrap();
    Some(input_from(label, bytes))
}

/// frozenspider's `<folder>/result.json` export, seen under the same folder name.
fn frozenspider(folder_rel: &str) -> Option<MemoryInput> {
    let shared = format!("chat-history-manager-rust/backend/resources/test/{folder_rel}");
    real(&shared, folder_rel)
}

fn input_from(rel: &str, bytes: Vec<u8>) -> MemoryInput {
    let path = format!("exports/{rel}");
    let container = Path::new(rel)
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let input = MemoryInput::new(path, bytes);
    match container {
        Some(c) => input.in_container(c),
        None => input,
    }
}

/// Parse statistics and the conversations parsed.
type Parsed = (ParseStats, Vec<(Conversation, Vec<Item>)>);

fn run(rel: &str) -> Parsed {
    run_input(&input(rel))
}

fn run_input(input: &MemoryInput) -> Parsed {
    let mut out = Collector::default();
    let stats = telegram::parse(input, &ParseOptions::default(), &mut out).unwrap();
    (stats, out.conversations)
}

/// `run` on a real export (`None`: skipped).
fn run_real(input: Option<MemoryInput>) -> Option<Parsed> {
    input.as_ref().map(run_input)
}

fn find<'a>(items: &'a [Item], id: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.location == Location::Id(id.to_string()))
        .unwrap_or_else(|| panic!("no item with id {id}"))
}

fn iso(item: &Item) -> String {
    item.time.unwrap().to_iso()
}

#[test]
fn detects_every_fixture_as_telegram() {
    let mut paths: Vec<_> = [
        "synthetic/single_chat.json",
        "synthetic/full_export/result.json",
        "synthetic/truncated/result.json",
        "synthetic/legacy_2020/result.json",
        "synthetic/bare_single_chat.json",
    ]
    .map(|rel| Path::new(ROOT).join(rel))
    .into();
    if let Some(shared) = common::shared_fixtures() {
        for rel in [
            "chat-history-manager-rust/backend/resources/test/telegram_2020-01/result.json",
            "chat-history-manager-rust/backend/resources/test/telegram_2023-01/result.json",
            "chat-history-manager-rust/backend/resources/test/telegram_2024-01/result.json",
            "chat-history-manager-rust/backend/resources/test/telegram_2024-01_inline-bot-buttons/result.json",
            "chat-miner/test/telegram/test_single_export.json",
        ] {
            paths.push(shared.join(rel));
        }
    }
    for path in paths {
        let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
        let head: String = text.chars().take(16 * 1024).collect();
        let name = path.file_name().unwrap().to_string_lossy();
        let shown = path.display();
        assert_eq!(detect(&name, &head), Some(Format::Telegram), "{shown}");
    }
    assert!(!telegram::looks_like(
        "data.json",
        r#"{"name": "x", "items": []}"#
    ));
    assert!(!telegram::looks_like(
        "2015-09-14.json",
        r#"[{"type": "message", "ts": "1"}]"#
    ));
}

#[test]
fn set_messages_ttl_from_the_2024_export_is_a_timer() {
    let Some((stats, convs)) = run_real(frozenspider("telegram_2024-01/result.json")) else {
        return;
    };
    assert_eq!(stats.conversations, 1);
    assert_eq!(stats.items, 2);
    let (conv, items) = &convs[0];
    assert_eq!(conv.platform, Platform::Telegram);
    assert_eq!(conv.name, "Dummy Chat");
    assert_eq!(conv.id.as_deref(), Some("123123123"));

    let reply = find(items, "11111");
    assert_eq!(reply.kind, ItemKind::Message);
    assert_eq!(reply.sender.as_deref(), Some("Aaaaa Aaaaaaaaaaa"));
    assert_eq!(reply.text, "My reply to a channel post!");
    // date_unixtime 1665499755 = 2022-10-11T14:49:15Z, read in Europe/London (BST).
    assert_eq!(iso(reply), "2022-10-11T15:49:15+01:00");

    let timer = find(items, "11112");
    assert_eq!(
        timer.kind,
        ItemKind::Timer(TimerChange::On(Some(2_678_400)))
    );
    assert_eq!(timer.sender.as_deref(), Some("Aaaaa Aaaaaaaaaaa"));
    assert!(timer.text.contains("2678400"), "{}", timer.text);
}

#[test]
fn unixtime_is_read_in_the_configured_zone() {
    let options = ParseOptions {
        timezone: chrono_tz::Asia::Tashkent,
        ..ParseOptions::default()
    };
    let Some(input) = frozenspider("telegram_2024-01/result.json") else {
        return;
    };
    let mut out = Collector::default();
    telegram::parse(&input, &options, &mut out).unwrap();
    // Same instant as the exporter's local `date` (written in UTC+5).
    assert_eq!(iso(&out.conversations[0].1[0]), "2022-10-11T19:49:15+05:00");
}

#[test]
fn text_arrays_are_flattened_in_the_2023_export() {
    let Some((_, convs)) = run_real(frozenspider("telegram_2023-01/result.json")) else {
        return;
    };
    let (conv, items) = &convs[0];
    assert_eq!(conv.name, "My Group");
    assert_eq!(items.len(), 6);
    let stuff = find(items, "111111");
    assert_eq!(stuff.kind, ItemKind::Message);
    assert_eq!(stuff.sender.as_deref(), Some("Eeeee Eeeeeeeeee"));
    assert_eq!(
        stuff.text,
        "this contains a lot of stuff: 😁http://mylink.org/HIDE ME"
    );
    let migrate = find(items, "-999999999");
    assert_eq!(migrate.kind, ItemKind::System);
    assert_eq!(migrate.text, "converted this group to a supergroup");
    let from_group = find(items, "1");
    assert_eq!(from_group.sender.as_deref(), Some("My Group"));
    assert!(from_group.text.contains("\"My Group\""));
    // invite_members with a null member name.
    assert_eq!(find(items, "111112").text, "invited (no name)");
    assert_eq!(find(items, "111113").text, "removed group photo");
    let suggest = find(items, "111114");
    assert_eq!(suggest.kind, ItemKind::System);
    assert_eq!(suggest.text, "suggest_profile_photo");
}

#[test]
fn inline_bot_button_export_keeps_message_text() {
    let Some((_, convs)) = run_real(frozenspider(
        "telegram_2024-01_inline-bot-buttons/result.json",
    )) else {
        return;
    };
    let items = &convs[0].1;
    assert_eq!(items.len(), 5);
    assert_eq!(find(items, "11111").text, "Some initial bold text");
    assert_eq!(find(items, "11114").text, "Only auth link");
    assert_eq!(find(items, "11115").text, "");
    assert!(items.iter().all(|i| i.kind == ItemKind::Message));
}

#[test]
fn old_2020_full_export_with_integer_ids() {
    let Some((stats, convs)) = run_real(frozenspider("telegram_2020-01/result.json")) else {
        return;
    };
    assert_eq!(stats.conversations, 4);
    assert_eq!(stats.items, 31 + 12 + 5 + 2);
    assert_eq!(stats.skipped_records, 0);
    let names: Vec<&str> = convs.iter().map(|(c, _)| c.name.as_str()).collect();
    assert_eq!(names, ["ppppppp gggggg", "Vvvvv", "(no name)", "Ddddddd"]);
    assert_eq!(convs[0].0.id.as_deref(), Some("8123123123"));

    let group = &convs[0].1;
    let created = find(group, "4720");
    assert_eq!(created.kind, ItemKind::System);
    assert_eq!(created.sender.as_deref(), Some("Wwwwww Www"));
    assert_eq!(
        created.text,
        "created group \"ppppppp gggggg\" with Wwwwww Www, Nnnnnnn, Aaaaa Aaaaaaaaaaa, Eeeee Eeeeeeeeee"
    );
    // No date_unixtime in 2020: the wall-clock `date` is read in Europe/London.
    assert_eq!(iso(created), "2016-11-09T00:26:24+00:00");
    // The bogus "1970-01-01T05:00:00" edit date is not an edit.
    let plain = find(group, "4730");
    assert_eq!(plain.kind, ItemKind::Message);
    assert_eq!(plain.text, "Видел)");
    // A real edit.
    let edited = find(group, "67346");
    assert_eq!(edited.kind, ItemKind::Edited);
    assert!(edited.text.starts_with(
        "ох ты что нашёл) в группе по хс проскочило\nhttps://habr.com/post/335436/\n"
    ));
    assert!(edited.text.ends_with("-a -3"));
    // Present media: name of the file in attachments.
    let sticker = find(group, "4744");
    assert_eq!(sticker.kind, ItemKind::Media);
    assert_eq!(sticker.attachments, ["sticker.webp"]);
    let voice = find(group, "10355");
    assert_eq!(voice.attachments, ["test.mp3"]);
    // Missing media.
    let animation = find(group, "10699");
    assert_eq!(animation.kind, ItemKind::MediaOmitted);
    assert!(animation.attachments.is_empty());
    let forwarded_photo = find(group, "39125");
    assert_eq!(forwarded_photo.kind, ItemKind::MediaOmitted);
    assert_eq!(forwarded_photo.text, "Всех с наступающим!🐶🍾🎄");
    // Poll content is text.
    assert!(
        find(group, "132894")
            .text
            .contains("Вечерний Мудозвон – это...")
    );
    assert_eq!(find(group, "4740").text, "pinned message 4723");

    let personal = &convs[1].1;
    let missed = find(personal, "40149");
    assert_eq!(missed.kind, ItemKind::Call);
    assert_eq!(missed.sender.as_deref(), Some("Vvvvv Vvvvvvvvv"));
    assert_eq!(missed.text, "phone call (missed)");
    assert_eq!(find(personal, "40163").text, "phone call, 77 s (hangup)");

    // `from: null` with an integer `from_id`: the id is the sender.
    let nameless = &convs[2].1;
    assert_eq!(nameless.len(), 5);
    assert!(
        nameless
            .iter()
            .all(|i| i.sender.as_deref() == Some("32507588"))
    );
    assert_eq!(nameless[4].text, "...and we expect order to be preserved.");
    assert_eq!(find(&convs[3].1, "91190").text, "cleared history");
}

#[test]
fn chat_miner_single_chat_export_without_ids_or_name() {
    let Some((stats, convs)) = run_real(real(
        "chat-miner/test/telegram/test_single_export.json",
        "chat-miner_single_export.json",
    )) else {
        return;
    };
    assert_eq!(stats.conversations, 1);
    let (conv, items) = &convs[0];
    // No name, type or id at all: named by the fallback.
    assert_eq!(conv.name, "Telegram chat");
    assert_eq!(conv.id, None);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].sender.as_deref(), Some("Author 1"));
    assert_eq!(items[0].text, "Minimal Message");
    assert_eq!(items[0].location, Location::Id("#1".into()));
    assert_eq!(iso(&items[0]), "2018-12-05T10:39:10+00:00");
    assert_eq!(items[1].text, "Link:https://telegram.org/");
}

#[test]
fn synthetic_single_chat_covers_escapes_timers_and_media() {
    let (stats, convs) = run("synthetic/single_chat.json");
    assert_eq!(stats.conversations, 1);
    assert_eq!(stats.items, 12);
    assert_eq!(stats.skipped_records, 1);
    assert_eq!(
        stats.skipped_note.as_deref(),
        Some("unsupported message (id 8)")
    );
    let (conv, items) = &convs[0];
    assert_eq!(conv.name, "Project Kestrel");
    assert_eq!(conv.id.as_deref(), Some("4400001"));

    assert_eq!(
        find(items, "1").text,
        "created group \"Project Kestrel\" with Alice Example, Bob Sample, (no name)"
    );
    // \x09, \x07 and the UTF-8 bytes of U+2028 decoded; \\x stays a backslash + x.
    assert_eq!(
        find(items, "2").text,
        "Tab\tbell\u{7} sep\u{2028}end, path C:\\xfiles \"q\""
    );
    assert_eq!(
        find(items, "3").kind,
        ItemKind::Timer(TimerChange::On(Some(86_400)))
    );
    assert_eq!(find(items, "3").sender.as_deref(), Some("Bob Sample"));
    assert_eq!(find(items, "4").kind, ItemKind::Timer(TimerChange::Off));

    let omitted = find(items, "5");
    assert_eq!(omitted.kind, ItemKind::MediaOmitted);
    assert_eq!(omitted.text, "site visit photo");
    let view_once = find(items, "6");
    assert_eq!(view_once.kind, ItemKind::ViewOnce);
    assert_eq!(view_once.attachments, ["photo_6@05-03-2024_10-05-00.jpg"]);
    let file = find(items, "7");
    assert_eq!(file.kind, ItemKind::Media);
    assert_eq!(file.attachments, ["Budget OFFICIAL-SENSITIVE.pdf"]);

    let edited = find(items, "9");
    assert_eq!(edited.kind, ItemKind::Edited);
    assert_eq!(edited.text, "Decision: go with option B per the note");
    assert_eq!(iso(edited), "2024-03-05T10:08:00+00:00");

    assert_eq!(find(items, "10").kind, ItemKind::Call);
    assert_eq!(find(items, "10").text, "phone call, 30 s (hangup)");
    let custom = find(items, "11");
    assert_eq!(custom.kind, ItemKind::System);
    assert_eq!(custom.text, "Alice Example changed the group rules");
    assert_eq!(find(items, "12").kind, ItemKind::System);
    assert_eq!(find(items, "12").text, "some_future_action");
    assert_eq!(find(items, "13").text, "Meet on Friday?\nYes\nNo");
}

#[test]
fn synthetic_full_export_sections_and_names() {
    let (stats, convs) = run("synthetic/full_export/result.json");
    assert_eq!(stats.conversations, 3);
    assert_eq!(stats.items, 3);
    let saved = &convs[0];
    assert_eq!(saved.0.name, "Saved Messages");
    assert_eq!(saved.0.id.as_deref(), Some("1001"));
    // `messages` before `name`: streamed under the fallback name (the export folder).
    let early = &convs[1];
    assert_eq!(early.0.name, "full_export");
    assert_eq!(early.1[0].text, "messages before the name");
    assert_eq!(iso(&early.1[0]), "2024-06-02T12:00:00+01:00");
    // left_chats are read too; a channel post's signature is the sender.
    let left = &convs[2];
    assert_eq!(left.0.name, "Old Briefings");
    assert_eq!(left.1[0].sender.as_deref(), Some("Dan Placeholder"));
}

#[test]
fn truncated_export_is_an_error_with_a_line_and_keeps_earlier_messages() {
    let mut out = Collector::default();
    let err = parse(
        Format::Telegram,
        &input("synthetic/truncated/result.json"),
        &ParseOptions::default(),
        &mut out,
    )
    .unwrap_err();
    match err {
        ParseError::Invalid { line, message } => {
            assert_eq!(line, Some(28), "{message}");
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert_eq!(out.conversations.len(), 1);
    assert_eq!(out.conversations[0].0.name, "Harbour Working Group");
    let items = &out.conversations[0].1;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].text, "first message survives");
}

#[test]
fn not_json_is_an_error_not_a_panic() {
    let mut out = Collector::default();
    let err = telegram::parse(
        &MemoryInput::new("result.json", "{\n \"messages\": [\n  {\"id\": 1,,}\n ]\n}"),
        &ParseOptions::default(),
        &mut out,
    )
    .unwrap_err();
    assert!(
        matches!(err, ParseError::Invalid { line: Some(3), .. }),
        "{err}"
    );
}
