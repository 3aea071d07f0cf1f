//! Slack workspace-export day files: the real houstondatavis export (2015, read from
//! `../shared/fixtures/slack-export`, skipped when absent) and synthetic day files.

use crate::common;

use std::path::Path;

use onrecord::formats::{Collector, Format, ParseError, ParseOptions, detect, parse, slack};
use onrecord::model::{Conversation, Item, ItemKind, Location, ParseStats, Platform};
use onrecord::source::archive::{self, Member, ZipLimits};
use onrecord::source::{FileInput, MemoryInput};

use common::zip_bytes;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/slack");

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(ROOT).join(rel)).unwrap()
}

/// A file of the real houstondatavis export (`None`: skipped, see `common`).
fn real(rel: &str) -> Option<Vec<u8>> {
    let path = common::shared_fixture(&format!("slack-export/{rel}"))?;
    Some(std::fs::read(path).unwrap())
}

fn run_at(path: &str, rel: &str) -> (ParseStats, Conversation, Vec<Item>) {
    run_bytes(path, read(rel))
}

fn run_bytes(path: &str, bytes: Vec<u8>) -> (ParseStats, Conversation, Vec<Item>) {
    let mut out = Collector::default();
    let input = MemoryInput::new(path, bytes);
    let stats = slack::parse(&input, &ParseOptions::default(), &mut out).unwrap();
    assert_eq!(out.conversations.len(), 1);
    let (conv, items) = out.conversations.pop().unwrap();
    (stats, conv, items)
}

fn find<'a>(items: &'a [Item], ts: &str) -> &'a Item {
    items
        .iter()
        .find(|i| i.location == Location::Id(ts.to_string()))
        .unwrap_or_else(|| panic!("no item with ts {ts}"))
}

#[test]
fn detects_day_files_but_not_metadata() {
    for rel in [
        "synthetic/ops/2024-03-05.json",
        "synthetic/estates/2016-01-12.json",
    ] {
        let text = String::from_utf8(read(rel)).unwrap();
        let name = rel.rsplit('/').next().unwrap();
        assert_eq!(detect(name, &text), Some(Format::Slack), "{rel}");
    }
    let own_channels = String::from_utf8(read("synthetic/channels.json")).unwrap();
    assert_eq!(detect("channels.json", &own_channels), None);
    let Some(channels) = real("channels.json") else {
        return;
    };
    for rel in ["general/2015-09-14.json", "datajam/2015-10-13.json"] {
        let text = String::from_utf8(real(rel).unwrap()).unwrap();
        let name = rel.rsplit('/').next().unwrap();
        assert_eq!(detect(name, &text), Some(Format::Slack), "{rel}");
    }
    let channels = String::from_utf8(channels).unwrap();
    assert_eq!(detect("channels.json", &channels), None);
}

#[test]
fn real_general_day_file() {
    let Some(bytes) = real("general/2015-09-14.json") else {
        return;
    };
    let (stats, conv, items) = run_bytes("houstondatavis/general/2015-09-14.json", bytes);
    assert_eq!(conv.platform, Platform::Slack);
    assert_eq!(conv.name, "general");
    assert_eq!(stats.conversations, 1);
    assert_eq!(stats.items, 7);
    let first = &items[0];
    assert_eq!(first.kind, ItemKind::Message);
    assert_eq!(first.sender.as_deref(), Some("U066MTL5U"));
    assert_eq!(first.time.unwrap().to_iso(), "2015-09-14T22:35:17+01:00");
    assert_eq!(find(&items, "1442273764.000007").kind, ItemKind::Edited);
    // Escaped `\/` slashes, link entity, attachment text with &amp; unescaped.
    let meetup = find(&items, "1442290521.000009");
    assert_eq!(meetup.kind, ItemKind::Message);
    assert_eq!(
        meetup.text,
        "and the October Meetup is posted.  want to give a lightning talk? reply here! \
         http://www.meetup.com/Houston-Data-Visualization-Meetup/events/225363078/\n\
         &nbsp;conversation to 7p then :zap: lightning talks and a speaker to follow"
    );
}

#[test]
fn real_datajam_day_file_inside_a_zip() {
    let Some(bytes) = real("datajam/2015-10-13.json") else {
        return;
    };
    let (_, conv, items) = run_bytes("houstondatavis.zip!/datajam/2015-10-13.json", bytes);
    assert_eq!(conv.name, "datajam");
    assert_eq!(items.len(), 4);
    let join = find(&items, "1444755164.000002");
    assert_eq!(join.kind, ItemKind::System);
    assert_eq!(join.sender.as_deref(), Some("U0CCDH7S6"));
    assert_eq!(join.text, "@zubinrasheed has joined the channel");
    // The edited message quoted in FORMATS.md §5.1.
    let edited = find(&items, "1444755381.000003");
    assert_eq!(edited.kind, ItemKind::Edited);
    assert_eq!(edited.sender.as_deref(), Some("U061A5N1G"));
    assert_eq!(
        edited.text,
        "New data jam event posted. Come join us this Saturday! \
         http://www.meetup.com/Houston-Data-Visualization-Meetup/events/226018977/"
    );
    assert_eq!(edited.time.unwrap().to_iso(), "2015-10-13T17:56:21+01:00");
    let pinned = find(&items, "1444755463.000006");
    assert_eq!(pinned.kind, ItemKind::System);
    assert!(
        pinned
            .text
            .starts_with("@neerajt pinned a message to this channel.\nNew data jam")
    );
}

#[test]
fn synthetic_2016_day_file_with_join_edit_unfurl_and_pin() {
    let (stats, conv, items) = run_at(
        "export.zip!/estates/2016-01-12.json",
        "synthetic/estates/2016-01-12.json",
    );
    assert_eq!(conv.name, "estates");
    assert_eq!(stats.items, 4);
    let join = find(&items, "1452592800.000002");
    assert_eq!(join.kind, ItemKind::System);
    assert_eq!(join.sender.as_deref(), Some("U0EEE0005"));
    assert_eq!(join.text, "@iris.madeup has joined the channel");
    let edited = find(&items, "1452592920.000003");
    assert_eq!(edited.kind, ItemKind::Edited);
    assert_eq!(edited.sender.as_deref(), Some("U0FFF0006"));
    assert_eq!(
        edited.text,
        "Site survey booked for Friday: https://example.test/survey/2016-01-15/"
    );
    assert_eq!(edited.time.unwrap().to_iso(), "2016-01-12T10:02:00+00:00");
    // An unfurled link's attachment text follows the message, `&amp;` unescaped once.
    let unfurl = find(&items, "1452593040.000004");
    assert_eq!(unfurl.kind, ItemKind::Message);
    assert_eq!(
        unfurl.text,
        "and the agenda: https://example.test/agenda/\nItem 1 &amp; item 2, then AOB"
    );
    let pinned = find(&items, "1452593160.000006");
    assert_eq!(pinned.kind, ItemKind::System);
    assert!(
        pinned
            .text
            .starts_with("@jon.fictional pinned a message to this channel.\nSite survey"),
        "{}",
        pinned.text
    );
}

#[test]
fn synthetic_day_file_covers_entities_files_blocks_and_tombstones() {
    let (stats, conv, items) = run_at(
        "export/ops/2024-03-05.json",
        "synthetic/ops/2024-03-05.json",
    );
    assert_eq!(conv.name, "ops");
    assert_eq!(stats.items, 7);

    let entities = find(&items, "1709632800.000100");
    assert_eq!(entities.sender.as_deref(), Some("Grace Fictional"));
    assert_eq!(
        entities.text,
        "Morning @Grace Fictional, @U0BBB0002 & @here: see #ops-planning and \
         the plan (https://example.test/plan?a=1&b=2) or https://example.test/raw. 3 < 4 > 2"
    );
    assert_eq!(entities.time.unwrap().to_iso(), "2024-03-05T10:00:00+00:00");

    let tombstone = find(&items, "1709632900.000200");
    assert_eq!(tombstone.kind, ItemKind::Deleted);
    assert_eq!(tombstone.text, "This message was deleted.");

    let file = find(&items, "1709633000.000300");
    assert_eq!(file.kind, ItemKind::Media);
    assert_eq!(file.sender.as_deref(), Some("henry"));
    assert_eq!(
        file.attachments,
        [
            "Budget OFFICIAL-SENSITIVE.xlsx",
            "Budget OFFICIAL-SENSITIVE"
        ]
    );

    let blocks = find(&items, "1709633100.000400");
    assert_eq!(blocks.kind, ItemKind::Edited);
    assert_eq!(
        blocks.text,
        "Decision: approve option B (https://example.test/d) cc @U0AAA0001\ncost\ntiming"
    );

    let bot = find(&items, "1709633300.000500");
    assert_eq!(bot.kind, ItemKind::Message);
    assert_eq!(bot.sender.as_deref(), Some("Release Bot"));
    assert_eq!(bot.text, "Deploy finished\nBuild *42* passed & shipped");

    assert_eq!(
        find(&items, "1709633400.000600").kind,
        ItemKind::MediaOmitted
    );

    let topic = find(&items, "1709633500.000700");
    assert_eq!(topic.kind, ItemKind::System);
    assert_eq!(topic.sender.as_deref(), Some("grace.fictional"));
    assert_eq!(
        topic.text,
        "@grace.fictional set the channel topic: Retention: 90 days"
    );
}

#[test]
fn truncated_day_file_is_an_error_with_a_line() {
    let mut bytes = read("synthetic/ops/2024-03-05.json");
    bytes.truncate(1200);
    let mut out = Collector::default();
    let err = parse(
        Format::Slack,
        &MemoryInput::new("ops/2024-03-05.json", bytes),
        &ParseOptions::default(),
        &mut out,
    )
    .unwrap_err();
    assert!(
        matches!(err, ParseError::Invalid { line: Some(_), .. }),
        "{err}"
    );
    // Messages before the cut were streamed.
    assert_eq!(out.conversations[0].1.len(), 2);
}

/// The synthetic day file's items read through `input`, which can reach users.json.
fn items_via(input: &dyn onrecord::formats::Input) -> Vec<Item> {
    let mut out = Collector::default();
    slack::parse(input, &ParseOptions::default(), &mut out).unwrap();
    out.conversations.pop().unwrap().1
}

fn assert_names_resolved(items: &[Item]) {
    let entities = find(items, "1709632800.000100");
    assert_eq!(
        entities.text,
        "Morning @Grace Fictional, @Henry Example & @here: see #ops-planning and \
         the plan (https://example.test/plan?a=1&b=2) or https://example.test/raw. 3 < 4 > 2"
    );
    // The message's own profile still wins over users.json ("henry").
    assert_eq!(
        find(items, "1709633000.000300").sender.as_deref(),
        Some("henry")
    );
    // Block `user` elements and ids without a profile take users.json names.
    let blocks = find(items, "1709633100.000400");
    assert_eq!(blocks.sender.as_deref(), Some("Henry Example"));
    assert_eq!(
        blocks.text,
        "Decision: approve option B (https://example.test/d) cc @Grace Fictional\ncost\ntiming"
    );
    let tombstone = find(items, "1709632900.000200");
    assert_eq!(tombstone.sender.as_deref(), Some("Slackbot"));
}

#[test]
fn users_json_beside_the_channel_folder_names_ids() {
    let day = Path::new(ROOT).join("synthetic/ops/2024-03-05.json");
    let input = FileInput::new(day, "synthetic/ops/2024-03-05.json".into())
        .within_root("synthetic/ops/2024-03-05.json");
    assert_names_resolved(&items_via(&input));
    // Without a users.json in reach the ids stay.
    let alone = FileInput::new(
        Path::new(ROOT).join("synthetic/ops/2024-03-05.json"),
        "ops/2024-03-05.json".into(),
    );
    let items = items_via(&alone);
    assert_eq!(
        find(&items, "1709633100.000400").sender.as_deref(),
        Some("U0BBB0002")
    );
}

#[test]
fn users_json_inside_the_same_zip_names_ids() {
    let day = read("synthetic/ops/2024-03-05.json");
    let users = read("synthetic/users.json");
    let zip = zip_bytes(&[("ws/users.json", &users), ("ws/ops/2024-03-05.json", &day)]);
    let opener = archive::memory_opener(zip.into());
    let entries = archive::list(&opener, &ZipLimits::default()).unwrap();
    let entry = entries
        .into_iter()
        .find(|e| e.name.ends_with("2024-03-05.json"))
        .unwrap();
    let member = Member::new(&opener, entry, "export.zip");
    assert_names_resolved(&items_via(&member));
}
