//! Telegram Desktop exports of the older shapes (FORMATS.md §3), on synthetic
//! fixtures that run anywhere: pre-2021 full exports (no `date_unixtime`, integer
//! `from_id`, the bogus 1970 `edited`, text arrays, inline bot buttons, calls, polls)
//! and a bare single-chat file with no name, type, ids or wall-clock `date`.

use onrecord::formats::{Collector, ParseOptions, telegram};
use onrecord::model::{Item, ItemKind, Location};
use onrecord::source::MemoryInput;

const ROOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/telegram/synthetic/"
);

fn parse(rel: &str, shown_as: &str, container: Option<&str>) -> Collector {
    let bytes = std::fs::read(format!("{ROOT}{rel}")).unwrap();
    let mut input = MemoryInput::new(shown_as, bytes);
    if let Some(c) = container {
        input = input.in_container(c);
    }
    let mut out = Collector::default();
    let stats = telegram::parse(&input, &ParseOptions::default(), &mut out).unwrap();
    assert_eq!(stats.skipped_records, 0);
    out
}

fn by_id<'a>(items: &'a [Item], id: &str) -> &'a Item {
    let location = Location::Id(id.to_string());
    items.iter().find(|i| i.location == location).unwrap()
}

#[test]
fn pre_2021_full_export() {
    let out = parse(
        "legacy_2020/result.json",
        "exports/legacy_2020/result.json",
        Some("legacy_2020"),
    );
    let names: Vec<&str> = out
        .conversations
        .iter()
        .map(|(c, _)| c.name.as_str())
        .collect();
    assert_eq!(names, ["Estates Review", "Owen Fictional"]);
    assert_eq!(out.conversations[0].0.id.as_deref(), Some("8800001"));
    let group = &out.conversations[0].1;
    assert_eq!(group.len(), 12);
    let created = by_id(group, "1");
    assert_eq!(created.kind, ItemKind::System);
    assert_eq!(created.sender.as_deref(), Some("Priya Madeup"));
    assert_eq!(
        created.text,
        "created group \"Estates Review\" with Priya Madeup, Owen Fictional"
    );
    // No date_unixtime: the wall-clock `date` read in Europe/London (GMT, then BST).
    assert_eq!(created.time.unwrap().to_iso(), "2019-02-11T09:00:00+00:00");
    // The 1970 `edited` of an unedited message is not an edit; a real one is.
    assert_eq!(by_id(group, "2").kind, ItemKind::Message);
    let edited = by_id(group, "3");
    assert_eq!(edited.kind, ItemKind::Edited);
    assert_eq!(edited.time.unwrap().to_iso(), "2019-07-01T10:15:00+01:00");
    assert_eq!(edited.text, "Revised plan: https://example.org/plan (v2)");
    let sticker = by_id(group, "4");
    assert_eq!(sticker.kind, ItemKind::Media);
    assert_eq!(sticker.attachments, ["thumbs_up.webp"]);
    let animation = by_id(group, "5");
    assert_eq!(animation.kind, ItemKind::MediaOmitted);
    assert!(animation.attachments.is_empty());
    assert_eq!(by_id(group, "6").text, "Site visit day?\nTuesday\nThursday");
    assert_eq!(by_id(group, "7").text, "pinned message 3");
    assert_eq!(by_id(group, "8").text, "invited (no name)");
    let from_group = by_id(group, "9");
    assert_eq!(from_group.kind, ItemKind::System);
    assert_eq!(from_group.sender.as_deref(), Some("Estates Review"));
    assert_eq!(
        from_group.text,
        "converted group \"Estates Review\" to a supergroup"
    );
    let migrated = by_id(group, "12");
    assert_eq!(migrated.kind, ItemKind::System);
    assert_eq!(migrated.text, "converted this group to a supergroup");
    // `from: null` with an integer `from_id`: the id is the sender.
    assert_eq!(by_id(group, "10").sender.as_deref(), Some("5003"));
    let bot = by_id(group, "11");
    assert_eq!(
        (bot.kind.clone(), bot.text.as_str()),
        (ItemKind::Message, "Choose a room")
    );

    let personal = &out.conversations[1].1;
    let missed = by_id(personal, "20");
    assert_eq!(missed.kind, ItemKind::Call);
    assert_eq!(missed.sender.as_deref(), Some("Owen Fictional"));
    assert_eq!(missed.text, "phone call (missed)");
    assert_eq!(by_id(personal, "21").text, "phone call, 42 s (hangup)");
    assert_eq!(by_id(personal, "22").text, "cleared history");
}

#[test]
fn bare_single_chat_without_ids_or_name() {
    let out = parse("bare_single_chat.json", "bare_single_chat.json", None);
    assert_eq!(out.conversations.len(), 1);
    let (conv, items) = &out.conversations[0];
    assert_eq!(conv.name, "Telegram chat");
    assert_eq!(conv.id, None);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].sender.as_deref(), Some("Writer A"));
    assert_eq!(items[0].text, "Plain first line");
    assert_eq!(items[0].location, Location::Id("#1".into()));
    assert_eq!(items[0].time.unwrap().to_iso(), "2020-02-03T09:30:05+00:00");
    assert_eq!(items[1].location, Location::Id("#2".into()));
    assert_eq!(items[1].text, "See:https://example.org/notes");
}
