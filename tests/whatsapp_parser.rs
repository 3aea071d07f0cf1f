//! The WhatsApp parser on real exports (read from `../shared/fixtures`, skipped when
//! absent: tests/fixtures/SOURCES.md) and on synthetic fixtures, one per variant of
//! FORMATS.md §1.

use crate::common;

use onrecord::formats::whatsapp::{looks_like, parse};
use onrecord::formats::{Collector, DateOrder, ParseOptions};
use onrecord::model::{Conversation, Item, ItemKind, Location, ParseStats, TimerChange};
use onrecord::source::MemoryInput;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/whatsapp/");
const DAY: u64 = 86_400;

fn load(
    rel: &str,
    container: Option<&str>,
    options: &ParseOptions,
) -> (Conversation, Vec<Item>, ParseStats) {
    let bytes = std::fs::read(format!("{DIR}{rel}")).expect("fixture exists");
    parse_bytes(rel, bytes, container, options)
}

/// A real export from `../shared/fixtures` (`None`: skipped, see `common`).
fn real(rel: &str) -> Option<(Conversation, Vec<Item>, ParseStats)> {
    let bytes = std::fs::read(common::shared_fixture(rel)?).unwrap();
    Some(parse_bytes(rel, bytes, None, &ParseOptions::default()))
}

fn parse_bytes(
    rel: &str,
    bytes: Vec<u8>,
    container: Option<&str>,
    options: &ParseOptions,
) -> (Conversation, Vec<Item>, ParseStats) {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(16 * 1024)]).into_owned();
    let file_name = rel.rsplit('/').next().unwrap();
    assert!(looks_like(file_name, &head), "{rel} not detected");
    let mut input = MemoryInput::new(rel, bytes);
    if let Some(c) = container {
        input = input.in_container(c);
    }
    let mut collector = Collector::default();
    let stats = parse(&input, options, &mut collector).expect("parses");
    assert_eq!(collector.conversations.len(), 1);
    let (conversation, items) = collector.conversations.pop().unwrap();
    assert_eq!(stats.items, items.len() as u64);
    (conversation, items, stats)
}

fn uk(rel: &str) -> (Conversation, Vec<Item>, ParseStats) {
    load(rel, None, &ParseOptions::default())
}

/// (kind, ISO time, sender, text) of an item.
type Row = (ItemKind, String, Option<String>, String);

fn row(item: &Item) -> Row {
    (
        item.kind.clone(),
        item.time.map_or_else(|| "-".into(), |t| t.to_iso()),
        item.sender.clone(),
        item.text.clone(),
    )
}

fn r(kind: ItemKind, time: &str, sender: Option<&str>, text: &str) -> Row {
    (kind, time.into(), sender.map(str::to_owned), text.into())
}

fn rows(items: &[Item]) -> Vec<Row> {
    items.iter().map(row).collect()
}

use ItemKind::*;

#[test]
fn frozenspider_android_2023_exact_items() {
    let Some((conv, items, stats)) = real(
        "chat-history-manager-rust/backend/resources/test/whatsapp-text_2023-10/WhatsApp Chat with +123 45 6789.txt",
    ) else {
        return;
    };
    assert_eq!(conv.name, "+123 45 6789");
    assert_eq!(conv.id, None);
    assert_eq!(stats.skipped_records, 0);
    let p = Some("+123 45 6789");
    let a = Some("Aaaaa Aaaaaaaaaaa");
    assert_eq!(
        rows(&items),
        vec![
            r(
                System,
                "2023-06-30T16:13:00+01:00",
                None,
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more."
            ),
            r(
                System,
                "2023-06-30T16:14:00+01:00",
                None,
                "+123 45 6789 is a contact"
            ),
            r(
                Message,
                "2023-06-30T16:14:00+01:00",
                a,
                "hello there!\n\nthis is a\nmulti-line message!"
            ),
            r(
                Message,
                "2023-06-30T16:14:00+01:00",
                a,
                "and these messages"
            ),
            r(
                Message,
                "2023-06-30T16:14:00+01:00",
                a,
                "should not be reordered!"
            ),
            r(
                Message,
                "2023-06-30T16:14:00+01:00",
                p,
                "should not be reordered indeed!"
            ),
            r(Media, "2023-06-30T16:15:00+01:00", p, "image comment"),
            r(Media, "2023-06-30T16:15:00+01:00", p, ""),
            r(Media, "2023-06-30T16:15:00+01:00", p, ""),
            r(Media, "2023-06-30T16:15:00+01:00", p, ""),
            r(ViewOnce, "2023-06-30T16:15:00+01:00", p, "null"),
            r(
                MediaOmitted,
                "2023-06-30T16:15:00+01:00",
                p,
                "<Media omitted>"
            ),
            r(
                Timer(TimerChange::On(Some(DAY))),
                "2023-06-30T16:15:00+01:00",
                p,
                "+123 45 6789 updated the message timer. New messages will disappear from this chat 24 hours after they're sent, except when kept. Tap to change."
            ),
        ]
    );
    let attachments: Vec<&[String]> = items[6..10]
        .iter()
        .map(|i| i.attachments.as_slice())
        .collect();
    assert_eq!(
        attachments,
        [
            ["IMG-20230630-WA0000.jpg".to_string()],
            ["VID-20230630-WA0001.mp4".to_string()],
            ["AUD-20230630-WA0002.opus".to_string()],
            ["STK-20230630-WA0003.webp".to_string()],
        ]
    );
    let lines: Vec<Location> = items.iter().map(|i| i.location.clone()).collect();
    let expected: Vec<Location> = [1, 2, 3, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18]
        .into_iter()
        .map(Location::Line)
        .collect();
    assert_eq!(lines, expected);
}

#[test]
fn chat_miner_bracketed_24h_month_first() {
    let Some((conv, items, _)) = real("chat-miner/test/whatsapp/test_[mmddyy]_24hrs.txt") else {
        return;
    };
    assert_eq!(conv.name, "Groupname"); // from its `created group` line
    assert_eq!(items.len(), 9);
    assert_eq!(
        row(&items[0]),
        r(
            Message,
            "2019-01-01T11:25:00+00:00",
            Some("John Doe"),
            "Lorem ipsum dolor sit amet."
        )
    );
    assert_eq!(
        row(&items[1]),
        r(ViewOnce, "2019-01-20T11:23:00+00:00", Some("John Doe"), "")
    );
    assert_eq!(
        items[2].text,
        "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero."
    );
    assert_eq!(
        row(&items[3]),
        r(
            Message,
            "2020-06-10T15:55:00+01:00",
            Some("John-John Doe"),
            "Lorem ipsum : dolor sit amet."
        )
    );
    assert_eq!(
        row(&items[4]),
        r(
            System,
            "2020-06-20T00:08:00+01:00",
            None,
            "+12 345 578 created group \"Groupname\""
        )
    );
    assert_eq!(
        row(&items[5]),
        r(System, "2020-06-30T09:10:00+01:00", None, "You were added")
    );
    assert_eq!(items[6].sender.as_deref(), Some("John Doe 🤓"));
    assert_eq!(items[7].sender.as_deref(), Some("🤓"));
    assert_eq!(items[8].time.unwrap().to_iso(), "2021-12-30T22:01:00+00:00");
}

#[test]
fn chat_miner_spanish_style_a_m_p_m() {
    let Some((_, items, _)) = real("chat-miner/test/whatsapp/test_mmddyyyy_12hrs.txt") else {
        return;
    };
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(
        times,
        [
            "2019-01-01T11:25:00+00:00",
            "2019-01-20T11:23:00+00:00",
            "2019-01-30T20:49:00+00:00",
            "2020-06-10T15:55:00+01:00",
            "2020-06-20T00:08:00+01:00",
            "2020-06-30T09:10:00+01:00",
            "2021-12-10T10:10:00+00:00",
            "2021-12-20T12:10:00+00:00",
            "2021-12-30T22:01:00+00:00",
        ]
    );
    assert_eq!(items[1].kind, ViewOnce);
    assert_eq!(items[4].kind, System);
}

#[test]
fn android_en_gb_every_timer_era_and_marker() {
    let (conv, items, stats) = uk("android-en-gb-24h/WhatsApp Chat with PM Updates.txt");
    assert_eq!(conv.name, "PM Updates");
    assert_eq!(stats.skipped_records, 0);
    let jo = Some("Jo Bloggs");
    let sam = Some("Sam Patel");
    let you = Some("You");
    let kinds: Vec<(ItemKind, Option<String>)> = items
        .iter()
        .map(|i| (i.kind.clone(), i.sender.clone()))
        .collect();
    let own = |k: ItemKind, s: Option<&str>| (k, s.map(str::to_owned));
    use TimerChange::{Default, Off, On};
    assert_eq!(
        kinds[..14],
        [
            own(System, None),
            own(System, None),
            own(System, None),
            own(Message, sam),
            own(Timer(On(Some(7 * DAY))), you),
            own(Timer(Off), sam),
            own(Timer(On(Some(DAY))), you),
            own(Timer(On(Some(7 * DAY))), sam),
            own(Timer(On(Some(90 * DAY))), you),
            own(Timer(Off), you),
            own(Timer(On(Some(DAY))), you),
            own(Timer(On(Some(90 * DAY))), None),
            own(Timer(Default(Some(7 * DAY))), you),
            own(System, None),
        ]
    );
    assert_eq!(items[3].text, "should we turn on disappearing messages?");
    assert_eq!(items[4].time.unwrap().to_iso(), "2020-11-10T09:06:00+00:00");
    assert_eq!(items[6].time.unwrap().to_iso(), "2021-12-12T04:37:00+00:00");
    let rest = rows(&items[14..]);
    assert_eq!(
        rest[0],
        r(
            Message,
            "2021-04-15T09:14:00+01:00",
            jo,
            "Minister agreed option B: proceed with the review.\nDecision to be minuted by Private Office.\n\nSam to draft the submission."
        )
    );
    assert_eq!(items[14].location, Location::Line(15));
    assert_eq!(
        rest[1],
        r(
            Deleted,
            "2021-04-15T09:15:00+01:00",
            sam,
            "This message was deleted"
        )
    );
    assert_eq!(rest[2].0, Deleted);
    assert_eq!(rest[3].0, ViewOnce);
    assert_eq!(
        rest[4],
        r(
            MediaOmitted,
            "2021-04-15T09:18:00+01:00",
            jo,
            "<Media omitted>"
        )
    );
    assert_eq!(
        rest[5],
        r(
            MediaOmitted,
            "2021-04-15T09:19:00+01:00",
            jo,
            "<Media omitted>\nBudget SECRET.pdf"
        )
    );
    assert_eq!(items[19].attachments, ["Budget SECRET.pdf"]);
    assert_eq!(
        rest[6],
        r(
            Media,
            "2021-04-15T09:20:00+01:00",
            sam,
            "whiteboard from the meeting"
        )
    );
    assert_eq!(items[20].attachments, ["IMG-20210415-WA0000.jpg"]);
    assert_eq!(items[21].attachments, ["Submission draft v2.docx"]);
    assert_eq!(rest[8].0, Call);
    assert_eq!(rest[9].0, Call);
    assert_eq!(
        rest[10],
        r(Edited, "2021-04-15T09:24:00+01:00", sam, "Lunch at 1?")
    );
    assert_eq!(rest[11].0, Message);
    assert_eq!(
        rest[12].3,
        "POLL:\nWhich day for the stocktake?\nOPTION: Monday (2 votes)\nOPTION: Friday (0 votes)"
    );
    assert_eq!(
        rest[13],
        r(
            Message,
            "2021-04-15T09:27:00+01:00",
            Some("~ Alex 🙂"),
            "who is this group for?"
        )
    );
    assert_eq!(
        rest[14],
        r(
            System,
            "2021-04-15T09:28:00+01:00",
            None,
            "Jo Bloggs turned on advanced chat privacy."
        )
    );
    assert_eq!(
        rest[15],
        r(
            Message,
            "2021-04-15T09:29:00+01:00",
            sam,
            "Carried over: item 3"
        )
    );
    assert_eq!(rest.len(), 16);
}

#[test]
fn android_en_us_nnbsp_12h() {
    let (conv, items, _) = uk("android-en-us-12h-nnbsp/WhatsApp Chat with Sam Patel.txt");
    assert_eq!(conv.name, "Sam Patel");
    assert_eq!(
        rows(&items),
        vec![
            r(
                System,
                "2023-01-04T19:02:00+00:00",
                None,
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more."
            ),
            r(
                Message,
                "2023-01-04T19:03:00+00:00",
                Some("Sam Patel"),
                "Are you free at 12?"
            ),
            r(
                Message,
                "2023-01-13T00:05:00+00:00",
                Some("Jo Bloggs"),
                "Yes, see you then"
            ),
            r(
                Timer(TimerChange::Off),
                "2023-01-13T12:30:00+00:00",
                Some("You"),
                "You turned off disappearing messages. Tap to change."
            ),
            r(
                Timer(TimerChange::Default(Some(7 * DAY))),
                "2022-05-09T23:07:00+01:00",
                Some("You"),
                "You use a default timer for disappearing messages in new chats. All new messages will disappear from this chat 7 days after they're sent. Tap to update your own default timer."
            ),
            r(
                Timer(TimerChange::On(Some(7 * DAY))),
                "2022-05-10T13:13:00+01:00",
                Some("You"),
                "You turned on disappearing messages. All new messages will disappear from this chat 7 days after they're sent. Tap to change."
            ),
            r(
                Call,
                "2022-05-10T13:14:00+01:00",
                Some("Sam Patel"),
                "Missed video call"
            ),
        ]
    );
}

#[test]
fn ios_en_gb_crlf_bom_lrm_in_zip() {
    let (conv, items, stats) = load(
        "ios-en-gb-24h-crlf/_chat.txt",
        Some("WhatsApp Chat - Private Office.zip"),
        &ParseOptions::default(),
    );
    assert_eq!(conv.name, "Private Office");
    assert_eq!(stats.skipped_records, 0);
    let jo = Some("Jo Bloggs");
    let sam = Some("Sam Patel");
    use TimerChange::{Default, Off, On};
    assert_eq!(row(&items[0]).0, System);
    assert_eq!(items[0].sender.as_deref(), Some("Private Office"));
    assert_eq!(
        row(&items[1]),
        r(
            System,
            "2021-04-15T09:14:05+01:00",
            None,
            "You created group “Private Office”"
        )
    );
    assert_eq!(
        row(&items[2]),
        r(
            Message,
            "2021-04-15T09:15:00+01:00",
            jo,
            "Submission attached for the PM's box"
        )
    );
    assert_eq!(
        row(&items[3]),
        r(
            MediaOmitted,
            "2021-04-15T09:15:10+01:00",
            jo,
            "Budget SECRET.pdf • 2 pages document omitted"
        )
    );
    assert_eq!(items[3].attachments, ["Budget SECRET.pdf"]);
    assert_eq!(
        row(&items[4]),
        r(
            MediaOmitted,
            "2021-04-15T09:15:20+01:00",
            sam,
            "image omitted"
        )
    );
    assert_eq!(
        row(&items[5]),
        r(Media, "2021-04-15T09:15:30+01:00", sam, "")
    );
    assert_eq!(
        items[5].attachments,
        ["00000035-PHOTO-2021-04-15-09-15-30.jpg"]
    );
    assert_eq!(
        row(&items[6]),
        r(Media, "2021-04-15T09:15:40+01:00", jo, "Template.docx")
    );
    assert_eq!(items[6].attachments, ["00000048-Template.docx"]);
    assert_eq!(
        row(&items[7]),
        r(
            Deleted,
            "2021-04-15T09:16:00+01:00",
            sam,
            "This message was deleted."
        )
    );
    assert_eq!(row(&items[8]).0, Deleted);
    assert_eq!(
        row(&items[9]),
        r(
            System,
            "2021-04-15T09:17:00+01:00",
            jo,
            "Your security code with Sam Patel changed. Tap to learn more."
        )
    );
    assert_eq!(
        row(&items[10]),
        r(
            Timer(On(Some(DAY))),
            "2023-01-11T16:14:53+00:00",
            sam,
            "Sam Patel turned on disappearing messages. New messages will disappear from this chat 24 hours after they’re sent. Tap to change."
        )
    );
    assert_eq!(
        (items[11].kind.clone(), items[11].sender.as_deref()),
        (Timer(On(Some(7 * DAY))), sam)
    );
    assert_eq!(
        (items[12].kind.clone(), items[12].sender.as_deref()),
        (Timer(Off), sam)
    );
    assert_eq!(
        (items[13].kind.clone(), items[13].sender.as_deref()),
        (Timer(On(Some(7 * DAY))), None)
    );
    assert_eq!(
        items[13].time.unwrap().to_iso(),
        "2023-10-27T21:32:01+01:00"
    );
    assert_eq!(
        (items[14].kind.clone(), items[14].sender.as_deref()),
        (Timer(Default(Some(DAY))), Some("You"))
    );
    assert_eq!(
        (items[15].kind.clone(), items[15].sender.as_deref()),
        (Timer(Off), None)
    );
    assert_eq!(items[16].kind, Call);
    assert_eq!(
        row(&items[17]),
        r(
            Message,
            "2024-02-01T08:02:00+00:00",
            sam,
            "Two lines,\nsecond one: with a colon"
        )
    );
    assert_eq!(items.len(), 18);
}

#[test]
fn ios_en_us_nnbsp_12h_crlf() {
    let (conv, items, _) = load(
        "ios-en-us-12h-crlf/_chat.txt",
        Some("WhatsApp Chat - Team Chat.zip"),
        &ParseOptions::default(),
    );
    assert_eq!(conv.name, "Team Chat");
    assert_eq!(
        rows(&items[1..]),
        vec![
            r(
                System,
                "2023-01-11T16:11:21+00:00",
                None,
                "You created group “Team Chat”"
            ),
            r(
                Message,
                "2023-01-13T09:05:00+00:00",
                Some("Sam Patel"),
                "Morning"
            ),
            r(
                MediaOmitted,
                "2023-01-13T00:00:30+00:00",
                Some("Jo Bloggs"),
                "video omitted"
            ),
            r(
                Message,
                "2023-01-13T12:00:45+00:00",
                Some("Jo Bloggs"),
                "Location: https://maps.google.com/?q=51.5,-0.12"
            ),
            r(
                Edited,
                "2023-01-13T12:01:00+00:00",
                Some("Jo Bloggs"),
                "very based"
            ),
        ]
    );
}

#[test]
fn android_german_dotted() {
    let (conv, items, _) = uk("android-de-dotted/WhatsApp Chat mit Jo Bloggs.txt");
    assert_eq!(conv.name, "Jo Bloggs");
    let kinds: Vec<(ItemKind, Option<&str>)> = items
        .iter()
        .map(|i| (i.kind.clone(), i.sender.as_deref()))
        .collect();
    use TimerChange::{Off, On};
    assert_eq!(
        kinds,
        [
            (System, None),
            (Message, Some("Jo Bloggs")),
            (Timer(On(Some(7 * DAY))), Some("You")),
            (Timer(On(Some(DAY))), Some("Jo Bloggs")),
            (Timer(Off), Some("You")),
            (MediaOmitted, Some("Jo Bloggs")),
            (Media, Some("Jo Bloggs")),
            (Edited, Some("Jo Bloggs")),
            (System, None),
        ]
    );
    assert_eq!(items[0].time.unwrap().to_iso(), "2022-03-23T13:31:00+00:00");
    assert_eq!(items[6].attachments, ["IMG-20220323-WA0001.jpg"]);
    assert_eq!(items[7].text, "Termin morgen");
}

#[test]
fn android_dutch_dashed() {
    let (_, items, _) = uk("android-nl-dashed.txt");
    let kinds: Vec<ItemKind> = items.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(kinds, [System, Deleted, Deleted, Media, MediaOmitted]);
    assert_eq!(items[3].attachments, ["PTT-20220323-WA0000.opus"]);
    assert_eq!(items[4].time.unwrap().to_iso(), "2022-03-23T13:35:00+00:00");
}

#[test]
fn year_first_dates() {
    let (_, items, _) = uk("android-en-ca-year-first.txt");
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(
        times,
        [
            "2019-05-02T11:23:00+01:00",
            "2019-05-02T12:05:00+01:00",
            "2019-05-03T00:01:00+01:00"
        ]
    );
    let (_, items, _) = uk("ios-year-first/_chat.txt");
    assert_eq!(
        row(&items[0]),
        r(
            Message,
            "2018-06-13T21:25:15+01:00",
            Some("Jo Bloggs"),
            "hello"
        )
    );
    assert_eq!(items[1].time.unwrap().to_iso(), "2018-06-14T07:00:00+01:00");
}

#[test]
fn old_ios_without_brackets() {
    let (_, items, _) = uk("ios-2016-no-brackets.txt");
    assert_eq!(
        rows(&items),
        vec![
            r(
                Message,
                "2015-12-11T15:39:56+00:00",
                Some("Jo Bloggs"),
                "first message"
            ),
            r(
                MediaOmitted,
                "2016-04-26T16:23:03+01:00",
                Some("+44 7700 900123"),
                "<image omitted>"
            ),
            r(
                Message,
                "2016-04-26T16:24:00+01:00",
                Some("Jo Bloggs"),
                "reply: with colon"
            ),
        ]
    );
}

#[test]
fn arabic_ios_digits_and_marks() {
    let (_, items, _) = uk("ios-arabic/_chat.txt");
    assert_eq!(
        rows(&items),
        vec![
            r(
                Message,
                "2022-03-18T14:56:00+00:00",
                Some("+44 7700 900123"),
                "مرحبا"
            ),
            r(
                Message,
                "2022-03-19T09:05:30+00:00",
                Some("سام"),
                "صباح الخير"
            ),
        ]
    );
}

#[test]
fn thai_buddhist_era() {
    let options = ParseOptions {
        timezone: chrono_tz::Asia::Bangkok,
        ..ParseOptions::default()
    };
    let (_, items, _) = load("ios-thai-be/_chat.txt", None, &options);
    assert_eq!(
        row(&items[0]),
        r(
            Message,
            "2022-03-27T21:41:55+07:00",
            Some("Sam Patel"),
            "hello"
        )
    );
    assert_eq!(
        row(&items[1]),
        r(
            MediaOmitted,
            "2022-03-27T21:42:10+07:00",
            Some("Sam Patel"),
            "sticker omitted"
        )
    );
}

#[test]
fn spanish_and_portuguese_android() {
    let (_, items, _) = uk("android-es-p-m-nbsp.txt");
    use TimerChange::{Off, On};
    let got: Vec<(ItemKind, String, Option<&str>)> = items
        .iter()
        .map(|i| {
            (
                i.kind.clone(),
                i.time.unwrap().to_iso(),
                i.sender.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Message,
                "2018-06-03T13:55:00+01:00".into(),
                Some("Jo Bloggs")
            ),
            (
                Timer(On(Some(7 * DAY))),
                "2018-06-13T09:05:00+01:00".into(),
                Some("You")
            ),
            (
                Timer(Off),
                "2018-06-13T09:06:00+01:00".into(),
                Some("Sam Patel")
            ),
            (
                Deleted,
                "2018-06-13T09:07:00+01:00".into(),
                Some("Jo Bloggs")
            ),
            (
                MediaOmitted,
                "2018-06-13T09:08:00+01:00".into(),
                Some("Jo Bloggs")
            ),
            (Timer(Off), "2018-06-13T09:09:00+01:00".into(), Some("You")),
        ]
    );
}

#[test]
fn word_day_periods_and_lower_case_pm() {
    let (_, items, _) = uk("android-day-periods.txt");
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(
        times,
        [
            "2021-01-05T15:07:00+00:00",
            "2021-01-05T09:30:00+00:00",
            "2021-01-05T23:45:00+00:00",
            "2021-01-06T02:15:00+00:00",
            "2022-07-29T14:21:00+01:00",
        ]
    );
}

#[test]
fn rarer_shapes_klo_spaced_dots_and_time_colon() {
    let (_, items, _) = uk("android-fi-klo.txt");
    assert_eq!(
        row(&items[0]),
        r(
            Message,
            "2018-06-13T21:25:15+01:00",
            Some("Jo Bloggs"),
            "moi"
        )
    );
    assert_eq!(items[1].time.unwrap().to_iso(), "2018-06-14T08:05:00+01:00");
    let (_, items, _) = uk("hr-dotted-spaces.txt");
    assert_eq!(
        row(&items[0]),
        r(
            Message,
            "2018-06-13T21:25:15+01:00",
            Some("Jo Bloggs"),
            "bok"
        )
    );
    assert_eq!(
        row(&items[1]),
        r(
            Message,
            "2018-06-14T08:00:00+01:00",
            Some("Sam Patel"),
            "dobro jutro"
        )
    );
    // Unbracketed day-first and bracketed month-first shapes in one file.
    let (_, items, _) = uk("ios-dotted-time-colon.txt");
    assert_eq!(
        row(&items[0]),
        r(
            Message,
            "2018-06-13T21:25:15+01:00",
            Some("Jo Bloggs"),
            "hallo"
        )
    );
    assert_eq!(
        row(&items[1]),
        r(
            Message,
            "2018-06-13T21:25:15+01:00",
            Some("Sam Patel"),
            "hi"
        )
    );
}

#[test]
fn capped_export_empty_body_and_view_once_sentence() {
    let (_, items, stats) = uk("android-capped-empty-body.txt");
    assert_eq!(stats.skipped_records, 1);
    assert!(stats.skipped_note.is_some());
    assert_eq!(
        row(&items[0]),
        r(
            ViewOnce,
            "2018-01-29T23:59:00+00:00",
            Some("Carol Jones"),
            ""
        )
    );
    assert_eq!(items[0].location, Location::Line(3));
    assert_eq!(items[1].kind, ViewOnce);
    assert_eq!(items[2].kind, Deleted);
}

#[test]
fn bom_at_line_starts() {
    let (_, items, _) = uk("android-bom-lines.txt");
    assert_eq!(
        row(&items[1]),
        r(
            Message,
            "2021-02-01T10:01:00+00:00",
            Some("Sam Patel"),
            "two"
        )
    );
}

#[test]
fn configured_default_settles_ambiguous_files() {
    let us = ParseOptions {
        date_order: DateOrder::MonthFirst,
        ..ParseOptions::default()
    };
    let (_, items, _) = load("android-bom-lines.txt", None, &us);
    assert_eq!(items[0].time.unwrap().to_iso(), "2021-01-02T10:00:00+00:00");
}

fn kinds(items: &[Item]) -> Vec<ItemKind> {
    items.iter().map(|i| i.kind.clone()).collect()
}

#[test]
fn ios_japanese_system_lines_and_placeholders() {
    let (_, items, _) = uk("ios-ja-events/_chat.txt");
    assert_eq!(
        kinds(&items),
        [
            System,
            Message,
            System,
            Deleted,
            Deleted,
            MediaOmitted,
            Call,
            Message
        ]
    );
    assert_eq!(items[0].sender.as_deref(), Some("営業チーム"));
    assert_eq!(items[3].sender.as_deref(), Some("佐藤 花子"));
    assert_eq!(items[0].time.unwrap().to_iso(), "2022-03-18T14:56:01+00:00");
}

#[test]
fn android_polish_numbered_list_and_invisible_sender() {
    let (_, items, _) = uk("android-pl-numbered-list/export.txt");
    assert_eq!(
        kinds(&items),
        [
            System,
            Message,
            Deleted,
            MediaOmitted,
            Call,
            Message,
            Message
        ]
    );
    assert_eq!(items[1].text.lines().count(), 13, "{:?}", items[1].text);
    // A name of one invisible mark is a sender, not a system line.
    assert_eq!(items[5].sender.as_deref(), Some("\u{200e}"));
    assert_eq!(items[5].text, "wiadomość od nieznanego nadawcy");
}

#[test]
fn ambiguous_dates_settled_by_media_file_names() {
    let (_, items, stats) =
        uk("android-en-ambiguous-media-dates/WhatsApp Chat with Rowan Vale.txt");
    // Day-first (the default) would read 5, 6 and 7 October; the photo and the
    // voice note are named 10 May and 10 July.
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(times[0], "2022-05-10T09:15:00+01:00");
    assert_eq!(times[2], "2022-06-10T18:40:00+01:00");
    assert_eq!(times[3], "2022-07-10T08:02:00+01:00");
    assert_eq!(
        stats.note.as_deref(),
        Some("n/n/nnnn dates read month-first (dates in media file names)")
    );
    assert_eq!(items[2].kind, Timer(TimerChange::Off));
    assert_eq!(items[2].sender.as_deref(), Some("Rowan Vale"));
}

#[test]
fn month_name_headers_of_2013_cross_new_year() {
    let (_, items, _) = uk("android-2013-month-names/WhatsApp Chat with Imani Okafor.txt");
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(
        times,
        [
            "2013-12-28T19:23:00+00:00",
            "2013-12-28T19:25:00+00:00",
            "2014-01-02T09:10:00+00:00",
            "2014-01-02T09:12:00+00:00",
            "2014-01-03T20:11:00+00:00",
        ]
    );
    assert_eq!(items[3].kind, MediaOmitted);
    assert_eq!(items[4].sender.as_deref(), Some("Imani Okafor"));
}

#[test]
fn ios_indonesian_time_first_headers() {
    let (_, items, _) = uk("ios-id-time-first/_chat.txt");
    assert_eq!(
        kinds(&items),
        [
            System,
            Message,
            Deleted,
            Deleted,
            MediaOmitted,
            Call,
            Message
        ]
    );
    assert_eq!(items[0].time.unwrap().to_iso(), "2022-03-18T09:05:00+00:00");
    assert_eq!(items[6].time.unwrap().to_iso(), "2022-03-19T13:15:00+00:00");
}
