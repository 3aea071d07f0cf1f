//! WhatsApp system lines in more languages and Japanese-era header years, on
//! synthetic fixtures (fictional names; the system wordings are the apps' own, from
//! the public sources named in `src/formats/whatsapp/wordings/*.txt`).

use crate::common;

use onrecord::model::{Conversation, Item, ItemKind};

fn load(rel: &str) -> (Conversation, Vec<Item>) {
    common::load_whatsapp_fixture(rel)
}

/// (kind, sender, text) of every item.
fn kinds(items: &[Item]) -> Vec<(ItemKind, Option<&str>, &str)> {
    items
        .iter()
        .map(|i| (i.kind.clone(), i.sender.as_deref(), i.text.as_str()))
        .collect()
}

use ItemKind::*;

#[test]
fn ios_japanese_calendar_years_cross_from_heisei_to_reiwa() {
    let (_, items) = load("ios-ja-era/_chat.txt");
    let times: Vec<String> = items.iter().map(|i| i.time.unwrap().to_iso()).collect();
    assert_eq!(
        times,
        [
            "2019-04-28T20:17:31+01:00",
            "2019-04-30T23:59:10+01:00",
            "2019-05-01T00:00:20+01:00",
            "2022-03-18T14:56:01+00:00",
            "2023-01-12T09:05:44+00:00",
        ]
    );
    let got: Vec<ItemKind> = items.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(got, [System, Message, Message, MediaOmitted, Deleted]);
}

/// On iOS a system line is a message of the group: only the wording tells them apart.
#[test]
fn ios_turkish_group_events() {
    let (_, items) = load("ios-tr-group/_chat.txt");
    let group = Some("Proje Ekibi");
    assert_eq!(
        kinds(&items),
        [
            (System, group, items[0].text.as_str()),
            (
                System,
                group,
                "Ayşe Kurgu, \"Proje Ekibi\" grubunu oluşturdu"
            ),
            (System, group, "Ayşe Kurgu sizi ekledi"),
            (System, group, "Ayşe Kurgu, Deniz Örnek kişisini ekledi"),
            (System, group, "Ayşe Kurgu grubun simgesini değiştirdi"),
            (System, group, "Ayşe Kurgu grup açıklamasını değiştirdi"),
            // A member's own words with an event's verb stay a message.
            (Message, Some("Deniz Örnek"), "toplantıdan erken ayrıldı"),
            (System, group, "Ayşe Kurgu bir mesajı sabitledi"),
            (System, group, "Ayşe Kurgu, Deniz Örnek kişisini çıkardı"),
            (System, group, "Deniz Örnek ayrıldı"),
            (MediaOmitted, Some("Ayşe Kurgu"), "görüntü dahil edilmedi"),
        ]
    );
}

#[test]
fn ios_russian_group_events() {
    let (_, items) = load("ios-ru-group/_chat.txt");
    let got: Vec<ItemKind> = items.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        got,
        [
            System, System, System, System, System, System, Message, System, System, Deleted
        ]
    );
    assert_eq!(items[2].sender.as_deref(), Some("Отдел планирования"));
    assert_eq!(items[6].sender.as_deref(), Some("Пётр Примеров"));
    assert_eq!(items[6].text, "я вышел(-а) из дома, буду через час");
}

#[test]
fn android_spanish_group_events_and_pinned_messages() {
    let (_, items) = load("android-es-group/export.txt");
    let got: Vec<ItemKind> = items.iter().map(|i| i.kind.clone()).collect();
    assert_eq!(
        got,
        [
            System, System, System, System, System, System, Message, System, System, System
        ]
    );
    assert_eq!(items[5].text, "Lucía Ficticia fijó un mensaje");
    assert_eq!(items[6].sender.as_deref(), Some("Tomás Inventado"));
    assert_eq!(items[0].time.unwrap().to_iso(), "2022-03-18T09:00:00+00:00");
}
