//! Turning one [`RawMessage`] into an [`Item`]: kind, time, sender, text and
//! attachments as FORMATS.md §3.2 describes them.

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;

use super::raw::{Loose, RawMessage};
use crate::formats::local_time;
use crate::model::{Item, ItemKind, Location, TimerChange, Timestamp};
use crate::text::clean;

/// What a message object becomes.
pub enum Converted {
    Item(Item),
    /// Not representable (`type: unsupported`); the note says which record.
    Skipped(String),
}

/// Converts a message; `position` (1-based in its chat) locates messages that
/// carry no `id` (hand-made exports such as chat-miner's fixture).
pub fn convert(raw: RawMessage, tz: Tz, position: u64) -> Converted {
    let location = Location::Id(match raw.id.as_str() {
        Some(id) => id.to_owned(),
        None => format!("#{position}"),
    });
    let kind_name = raw.kind.as_str().unwrap_or("message");
    if kind_name == "unsupported" {
        return Converted::Skipped(format!("unsupported message ({})", location.describe()));
    }
    let is_service = kind_name == "service";
    let (kind, mut text) = if is_service {
        service(&raw)
    } else {
        (message_kind(&raw), raw.text.0.clone())
    };
    if !is_service {
        append_poll(&raw, &mut text);
    }
    let sender = if is_service {
        first_of(&[&raw.actor, &raw.actor_id])
    } else {
        // A channel post's signature names the person; `from` is then the channel.
        first_of(&[&raw.author, &raw.from, &raw.from_id])
    };
    Converted::Item(Item {
        kind,
        time: time(&raw, tz),
        sender: sender.map(|s| clean(s).into_owned()),
        text: clean(&text).into_owned(),
        attachments: attachments(&raw, is_service),
        location,
    })
}

fn first_of<'a>(fields: &[&'a Loose]) -> Option<&'a str> {
    fields
        .iter()
        .filter_map(|f| f.as_str())
        .find(|s| !s.trim().is_empty())
}

/// `date_unixtime` in the configured zone, else the wall-clock `date`.
fn time(raw: &RawMessage, tz: Tz) -> Option<Timestamp> {
    if let Some(secs) = raw.date_unixtime.as_i64()
        && let Some(utc) = DateTime::from_timestamp(secs, 0)
    {
        return Some(Timestamp(utc.with_timezone(&tz).fixed_offset()));
    }
    let date = raw.date.as_str()?;
    NaiveDateTime::parse_from_str(date.trim(), "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|naive| local_time(naive, tz))
}

/// Kind of an ordinary message. Precedence: self-destructing, then media not in
/// the export, then edited (earlier text lost), then media present.
fn message_kind(raw: &RawMessage) -> ItemKind {
    let media = [&raw.photo, &raw.file];
    if raw
        .self_destruct_period_seconds
        .as_str()
        .is_some_and(|s| s.trim() != "0")
    {
        ItemKind::ViewOnce
    } else if media.iter().filter_map(|m| m.as_str()).any(is_missing_file) {
        ItemKind::MediaOmitted
    } else if is_edited(raw) {
        ItemKind::Edited
    } else if media.iter().any(|m| m.as_str().is_some()) {
        ItemKind::Media
    } else {
        ItemKind::Message
    }
}

/// The exporter's placeholders for files it did not write (optionally prefixed
/// with the file name).
pub fn is_missing_file(value: &str) -> bool {
    const MARKERS: [&str; 6] = [
        "(File not included",
        "(File exceeds maximum size",
        "(File unavailable",
        "(Photo not included",
        "(Photo exceeds maximum size",
        "(Photo unavailable",
    ];
    MARKERS.iter().any(|m| value.contains(m))
}

/// True for a real edit: 2020-era exports write the epoch (in the exporter's
/// local time, so 1969-12-31 or 1970-01-01) for unedited messages.
fn is_edited(raw: &RawMessage) -> bool {
    if let Some(secs) = raw.edited_unixtime.as_i64() {
        return secs > 2 * 86_400;
    }
    match raw.edited.as_str() {
        Some(date) => !(date.starts_with("1970-01-0") || date.starts_with("1969-12-3")),
        None => false,
    }
}

/// File names for `attachments`: last component of `photo`/`file` paths (or the
/// name written before a missing-file placeholder), `file_name`, and for messages
/// `title` (audio title, document title).
fn attachments(raw: &RawMessage, is_service: bool) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |name: &str| {
        let name = clean(name.trim()).into_owned();
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    };
    for value in [&raw.photo, &raw.file]
        .into_iter()
        .filter_map(|v| v.as_str())
    {
        if is_missing_file(value) {
            if let Some(prefix) = value.split(" (").next().filter(|p| !p.starts_with('(')) {
                add(prefix);
            }
        } else {
            add(value.rsplit(['/', '\\']).next().unwrap_or(value));
        }
    }
    if let Some(name) = raw.file_name.as_str() {
        add(name);
    }
    if !is_service && let Some(title) = raw.title.as_str() {
        add(title);
    }
    names
}

fn append_poll(raw: &RawMessage, text: &mut String) {
    let Some(poll) = &raw.poll else { return };
    for line in std::iter::once(&poll.question.0).chain(&poll.answers.0) {
        if line.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
}

/// Kind and readable text of a service message.
fn service(raw: &RawMessage) -> (ItemKind, String) {
    let action = raw.action.as_str().unwrap_or("");
    let kind = match action {
        "set_messages_ttl" => ItemKind::Timer(match raw.period.as_i64() {
            Some(0) => TimerChange::Off,
            Some(p) if p > 0 => TimerChange::On(Some(p.unsigned_abs())),
            _ => TimerChange::On(None),
        }),
        "phone_call" | "group_call" => ItemKind::Call,
        _ => ItemKind::System,
    };
    let mut text = describe(action, raw);
    if !raw.text.0.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&raw.text.0);
    }
    (kind, text)
}

fn quoted(field: &Loose) -> String {
    format!("\"{}\"", field.as_str().unwrap_or(""))
}

fn names(list: &[String]) -> String {
    let names: Vec<&str> = list
        .iter()
        .map(|n| {
            if n.is_empty() {
                "(no name)"
            } else {
                n.as_str()
            }
        })
        .collect();
    names.join(", ")
}

/// A short English description of a service action; unknown actions give the
/// action name, a custom service message its `information_text`.
fn describe(action: &str, raw: &RawMessage) -> String {
    let with_seconds = |what: &str, secs: &Loose| match secs.as_i64() {
        Some(s) => format!("{what}, {s} s"),
        None => what.to_owned(),
    };
    match action {
        "" => raw.information_text.as_str().unwrap_or("").to_owned(),
        "create_group" => format!(
            "created group {} with {}",
            quoted(&raw.title),
            names(&raw.members.0)
        ),
        "create_channel" => format!("created channel {}", quoted(&raw.title)),
        "edit_group_title" => format!("changed group name to {}", quoted(&raw.title)),
        "edit_group_photo" => "changed group photo".to_owned(),
        "delete_group_photo" => "removed group photo".to_owned(),
        "invite_members" => format!("invited {}", names(&raw.members.0)),
        "remove_members" => format!("removed {}", names(&raw.members.0)),
        "join_group_by_link" => match raw.inviter.as_str() {
            Some(inviter) => format!("joined group by link from {inviter}"),
            None => "joined group by link".to_owned(),
        },
        "join_group_by_request" => "joined group by request".to_owned(),
        "migrate_to_supergroup" => "converted this group to a supergroup".to_owned(),
        "migrate_from_group" => format!("converted group {} to a supergroup", quoted(&raw.title)),
        "pin_message" => match raw.message_id.as_str() {
            Some(id) => format!("pinned message {id}"),
            None => "pinned a message".to_owned(),
        },
        "clear_history" => "cleared history".to_owned(),
        "take_screenshot" => "took a screenshot".to_owned(),
        "joined_telegram" => "joined Telegram".to_owned(),
        "topic_created" => format!("created topic {}", quoted(&raw.title)),
        "topic_edit" => match raw.new_title.as_str() {
            Some(_) => format!("renamed topic to {}", quoted(&raw.new_title)),
            None => "edited topic".to_owned(),
        },
        "invite_to_group_call" => format!("invited {} to the group call", names(&raw.members.0)),
        "set_messages_ttl" => match raw.period.as_i64() {
            Some(0) => "turned off auto-delete timer".to_owned(),
            Some(p) => format!("set auto-delete timer to {p} s"),
            None => "changed auto-delete timer".to_owned(),
        },
        "phone_call" => {
            let call = with_seconds("phone call", &raw.duration_seconds);
            match raw.discard_reason.as_str() {
                Some(reason) => format!("{call} ({reason})"),
                None => call,
            }
        }
        "group_call" => with_seconds("group call", &raw.duration),
        other => other.to_owned(),
    }
}
