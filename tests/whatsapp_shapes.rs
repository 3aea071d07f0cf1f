//! WhatsApp shapes first seen in the real samples of `../shared/fixtures`, on
//! synthetic fixtures (fictional names) so they are tested on every machine: mixed
//! date orders in one Android file with `(file attached)` captions, `null` view-once
//! and an author-prefixed timer line; bracketed month-first headers without seconds;
//! month-first `a. m.` / `p. m.` with plain spaces.

use crate::common;

use onrecord::model::{Conversation, Item, ItemKind, Location, TimerChange};

fn load(rel: &str) -> (Conversation, Vec<Item>) {
    common::load_whatsapp_fixture(rel)
}

/// (kind, ISO time, sender, text) of an item.
type Row<'a> = (ItemKind, String, Option<&'a str>, &'a str);

fn row(i: &Item) -> Row<'_> {
    let time = i.time.unwrap().to_iso();
    (i.kind.clone(), time, i.sender.as_deref(), i.text.as_str())
}

fn rows(items: &[Item]) -> Vec<Row<'_>> {
    items.iter().map(row).collect()
}

fn r<'a>(k: ItemKind, t: &str, s: Option<&'a str>, x: &'a str) -> Row<'a> {
    (k, t.to_string(), s, x)
}

#[test]
fn android_mixed_date_orders_attachments_and_author_prefixed_timer() {
    let (conv, items) =
        load("android-mixed-orders-attached/WhatsApp Chat with +44 7700 900456.txt");
    assert_eq!(conv.name, "+44 7700 900456");
    let (p, rhian) = (Some("+44 7700 900456"), Some("Rhian Fictional"));
    use ItemKind::*;
    assert_eq!(
        rows(&items),
        [
            r(
                System,
                "2023-07-14T09:01:00+01:00",
                None,
                "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more."
            ),
            r(
                System,
                "2023-07-14T09:02:00+01:00",
                None,
                "+44 7700 900456 is a contact"
            ),
            r(
                Message,
                "2023-07-14T09:02:00+01:00",
                rhian,
                "morning, notes from the call:\n\nfirst point\nsecond point"
            ),
            r(Message, "2023-07-14T09:03:00+01:00", rhian, "more later"),
            r(Message, "2023-07-14T09:03:00+01:00", p, "thanks, got it"),
            // Day-first from here on, in the same file.
            r(Media, "2023-07-14T09:05:00+01:00", p, "whiteboard photo"),
            r(Media, "2023-07-14T09:05:00+01:00", p, ""),
            r(ViewOnce, "2023-07-14T09:06:00+01:00", p, "null"),
            r(
                MediaOmitted,
                "2023-07-14T09:06:00+01:00",
                p,
                "<Media omitted>"
            ),
            r(
                Timer(TimerChange::On(Some(7 * 86_400))),
                "2023-07-14T09:07:00+01:00",
                p,
                "+44 7700 900456 updated the message timer. New messages will disappear from this chat 7 days after they're sent, except when kept. Tap to change."
            ),
        ]
    );
    assert_eq!(items[5].attachments, ["IMG-20230714-WA0001.jpg"]);
    assert_eq!(items[6].attachments, ["PTT-20230714-WA0002.opus"]);
    let lines: Vec<Location> = [1, 2, 3, 8, 9, 10, 12, 13, 14, 15]
        .into_iter()
        .map(Location::Line)
        .collect();
    assert_eq!(
        items.iter().map(|i| i.location.clone()).collect::<Vec<_>>(),
        lines
    );
}

#[test]
fn bracketed_month_first_without_seconds_or_comma() {
    let (conv, items) = load("bracketed-no-seconds-us.txt");
    assert_eq!(conv.name, "Harbour Board"); // from its `created group` line
    assert_eq!(items.len(), 9);
    let maya = Some("Maya Invented");
    use ItemKind::*;
    assert_eq!(
        rows(&items[..6]),
        [
            r(
                Message,
                "2022-03-02T08:15:00+00:00",
                maya,
                "Draft is on the shared drive."
            ),
            // `Name:.` is a withheld view-once message.
            r(ViewOnce, "2022-03-14T17:40:00+00:00", maya, ""),
            r(
                Message,
                "2022-03-15T09:05:00+00:00",
                Some("Tom Madeup"),
                "Two points,\nfirst the budget line, then the dates."
            ),
            r(
                Message,
                "2022-07-01T12:30:00+01:00",
                Some("Tom-Ellis Madeup"),
                "Agenda : item one first."
            ),
            r(
                System,
                "2022-07-02T00:10:00+01:00",
                None,
                "+44 7700 900789 created group \"Harbour Board\""
            ),
            r(System, "2022-07-02T07:45:00+01:00", None, "You were added"),
        ]
    );
    assert_eq!(items[6].sender.as_deref(), Some("Maya Invented 🌊"));
    assert_eq!(items[7].sender.as_deref(), Some("🌊"));
    assert_eq!(items[8].time.unwrap().to_iso(), "2022-12-31T23:59:00+00:00");
    assert_eq!(items[8].text, "last one,\nof the year.");
}

#[test]
fn month_first_a_m_p_m_with_plain_spaces() {
    let (_, items) = load("android-es-a-m-month-first.txt");
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(
        times,
        [
            "2022-02-03T08:15:00+00:00",
            "2022-02-14T11:40:00+00:00",
            "2022-02-15T21:05:00+00:00",
            "2022-07-01T12:30:00+01:00",
            "2022-07-02T00:10:00+01:00",
            "2022-07-02T00:15:00+01:00",
            "2022-07-02T22:01:00+01:00",
        ]
    );
    assert_eq!(items[1].kind, ItemKind::ViewOnce);
    assert_eq!(items[2].text, "Two points,\nfirst the budget line.");
    assert_eq!(items[4].kind, ItemKind::System);
}
