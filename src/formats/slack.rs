//! Slack workspace export day files (`<channel>/YYYY-MM-DD.json`): FORMATS.md §5.1.
//!
//! The scanner hands over one day file at a time; its parent folder names the
//! channel. Top-level `channels.json`, `users.json` and the other metadata files are
//! not conversations and are not claimed here (the scanner reports them as skipped),
//! but `users.json` beside the channel folders, when the export has it, names the
//! authors and `<@U…>` mentions that the messages give only as ids.
//! The day file's array is streamed one message at a time.

mod mrkdwn;
mod users;

use std::fmt;

use chrono::DateTime;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, SeqAccess};
use serde_json::Value;

use self::mrkdwn::Names;
use self::users::Users;
use crate::formats::{Input, ParseError, ParseOptions};
use crate::model::{
    Conversation, Item, ItemKind, Location, ParseStats, Platform, Timestamp, Visitor,
};
use crate::text::clean;

/// Workspace-level files of an export: metadata, never messages.
const METADATA_FILES: [&str; 9] = [
    "channels.json",
    "groups.json",
    "dms.json",
    "mpims.json",
    "users.json",
    "org_users.json",
    "integration_logs.json",
    "canvases.json",
    "content_flags.json",
];

/// Why a workspace-level metadata file is not read, for files.csv:
/// `Slack metadata (workspace members)`. `None` for any other file.
pub fn metadata_note(file_name: &str, head: &str) -> Option<String> {
    let what = match file_name {
        "channels.json" => "public channels",
        "groups.json" => "private channels",
        "dms.json" => "direct-message list",
        "mpims.json" => "group direct-message list",
        "users.json" | "org_users.json" => "workspace members",
        "integration_logs.json" => "app activity",
        "canvases.json" => "canvas links",
        "content_flags.json" => "flagged content",
        _ => return None,
    };
    let head = head.trim_start_matches('\u{feff}').trim_start();
    (head.starts_with('[') || head.starts_with('{'))
        .then(|| format!("Slack metadata ({what}); no messages in it"))
}

/// Subtypes that are still a person's (or bot's) message rather than an event.
const MESSAGE_SUBTYPES: [&str; 8] = [
    "bot_message",
    "me_message",
    "thread_broadcast",
    "reply_broadcast",
    "file_share",
    "file_comment",
    "file_mention",
    "slackbot_response",
];

/// True when the head of a file reads like a Slack day file: a JSON array of
/// objects with `"ts"` and `"type": "message"`, or any array named `YYYY-MM-DD.json`.
pub fn looks_like(file_name: &str, head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if !head.starts_with('[') || METADATA_FILES.contains(&file_name) {
        return false;
    }
    let has_ts = head.contains("\"ts\"");
    (has_ts && has_key_value(head, "type", "message")) || is_day_file_name(file_name)
}

/// `"key"` followed (after optional whitespace and a colon) by the string `"value"`.
fn has_key_value(head: &str, key: &str, value: &str) -> bool {
    let key = format!("\"{key}\"");
    let value = format!("\"{value}\"");
    head.match_indices(&key).any(|(i, _)| {
        let rest = head[i + key.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with(&value))
    })
}

/// `YYYY-MM-DD.json`.
fn is_day_file_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".json") else {
        return false;
    };
    let b = stem.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parses one day file as one conversation named after its channel folder.
pub fn parse(
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    out.conversation(&Conversation {
        platform: Platform::Slack,
        name: channel_name(input),
        id: None,
    });
    let mut stats = ParseStats {
        conversations: 1,
        ..ParseStats::default()
    };
    let users = users::for_day_file(input);
    let result = input.with_text(&mut |reader| {
        let mut de = serde_json::Deserializer::from_reader(reader);
        DaySeed {
            out: &mut *out,
            options,
            users: users.as_deref(),
            items: &mut stats.items,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(to_parse_error)
    });
    out.end_conversation();
    result.map(|()| stats)
}

fn to_parse_error(e: serde_json::Error) -> ParseError {
    if e.is_io() {
        return ParseError::Io(e.into());
    }
    ParseError::Invalid {
        line: (e.line() > 0).then_some(e.line() as u64),
        message: format!("not a readable Slack day file: {e}"),
    }
}

/// The folder holding the day file (`general` for `ws.zip!/general/2015-09-14.json`).
fn channel_name(input: &dyn Input) -> String {
    let mut parts = input.path().rsplit('/');
    parts.next();
    match parts.next() {
        Some(parent) if !parent.is_empty() && !parent.ends_with('!') => parent.to_owned(),
        _ => input.container_name().unwrap_or("slack").to_owned(),
    }
}

/// The day file's array, each message converted and emitted as it is read.
struct DaySeed<'a> {
    out: &'a mut dyn Visitor,
    options: &'a ParseOptions,
    users: Option<&'a Users>,
    items: &'a mut u64,
}

impl<'de> DeserializeSeed<'de> for DaySeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> de::Visitor<'de> for DaySeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of Slack messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut position = 0u64;
        while let Some(raw) = seq.next_element::<RawMessage>()? {
            position += 1;
            self.out
                .item(&convert(&raw, self.options, self.users, position));
            *self.items += 1;
        }
        Ok(())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct UserProfile {
    real_name: Option<String>,
    display_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct BotProfile {
    name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct SlackFile {
    name: Option<String>,
    title: Option<String>,
    /// `hidden_by_limit` / `tombstone` when the file is no longer available.
    mode: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Attachment {
    text: Option<String>,
}

/// One message object, with only the keys onrecord uses.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawMessage {
    subtype: Option<String>,
    user: Option<String>,
    user_name: Option<String>,
    username: Option<String>,
    user_profile: Option<UserProfile>,
    bot_profile: Option<BotProfile>,
    bot_id: Option<String>,
    text: Option<String>,
    ts: Option<String>,
    edited: Option<IgnoredAny>,
    file: Option<SlackFile>,
    files: Vec<SlackFile>,
    attachments: Vec<Attachment>,
    blocks: Option<Value>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl RawMessage {
    /// The profile's name for the author, if the message carries one.
    fn profile_name(&self) -> Option<&str> {
        let profile = self.user_profile.as_ref()?;
        non_empty(&profile.real_name).or(non_empty(&profile.display_name))
    }

    fn sender<'a>(&'a self, users: Option<&'a Users>) -> Option<&'a str> {
        let listed = || {
            let id = non_empty(&self.user)?;
            users?.get(id)
        };
        self.profile_name()
            .or_else(listed)
            .or(non_empty(&self.user_name))
            .or(non_empty(&self.username))
            .or(self.bot_profile.as_ref().and_then(|b| non_empty(&b.name)))
            .or(non_empty(&self.user))
            .or(non_empty(&self.bot_id))
    }

    fn all_files(&self) -> impl Iterator<Item = &SlackFile> {
        self.file.iter().chain(&self.files)
    }
}

fn convert(raw: &RawMessage, options: &ParseOptions, users: Option<&Users>, position: u64) -> Item {
    let names = Names {
        author: raw.user.as_deref().zip(raw.profile_name()),
        users,
    };
    let mut text = mrkdwn::to_plain(raw.text.as_deref().unwrap_or(""), names);
    if text.trim().is_empty() {
        text = raw
            .blocks
            .as_ref()
            .map(|b| mrkdwn::blocks_text(b, names))
            .unwrap_or_default();
    }
    for attachment in &raw.attachments {
        if let Some(extra) = non_empty(&attachment.text) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&mrkdwn::to_plain(extra, names));
        }
    }
    let mut attachments: Vec<String> = Vec::new();
    for file in raw.all_files() {
        for name in [non_empty(&file.name), non_empty(&file.title)]
            .into_iter()
            .flatten()
        {
            let name = clean(name).into_owned();
            if !attachments.contains(&name) {
                attachments.push(name);
            }
        }
    }
    Item {
        kind: kind(raw),
        time: raw.ts.as_deref().and_then(|ts| time(ts, options)),
        sender: raw.sender(users).map(|s| clean(s).into_owned()),
        text: clean(&text).into_owned(),
        attachments,
        location: Location::Id(match non_empty(&raw.ts) {
            Some(ts) => ts.to_owned(),
            None => format!("#{position}"),
        }),
    }
}

/// Precedence: deleted, events, calls, then for messages: files no longer
/// available, edited (earlier text lost), files listed, plain message.
fn kind(raw: &RawMessage) -> ItemKind {
    match raw.subtype.as_deref() {
        Some("tombstone" | "message_deleted") => return ItemKind::Deleted,
        Some("huddle_thread" | "sh_room_created") => return ItemKind::Call,
        Some(s) if !MESSAGE_SUBTYPES.contains(&s) => return ItemKind::System,
        _ => {}
    }
    let mut files = raw.all_files().peekable();
    let has_files = files.peek().is_some() || raw.subtype.as_deref() == Some("file_share");
    if raw
        .all_files()
        .any(|f| matches!(f.mode.as_deref(), Some("hidden_by_limit" | "tombstone")))
    {
        ItemKind::MediaOmitted
    } else if raw.edited.is_some() {
        ItemKind::Edited
    } else if has_files {
        ItemKind::Media
    } else {
        ItemKind::Message
    }
}

/// `ts` = epoch seconds with a fractional sequence part, read in the configured zone.
fn time(ts: &str, options: &ParseOptions) -> Option<Timestamp> {
    let (secs, frac) = ts.trim().split_once('.').unwrap_or((ts.trim(), ""));
    let secs: i64 = secs.parse().ok()?;
    let digits: String = frac.chars().take(9).collect();
    let nanos = if digits.is_empty() {
        0
    } else {
        format!("{digits:0<9}").parse().ok()?
    };
    let utc = DateTime::from_timestamp(secs, nanos)?;
    Some(Timestamp(
        utc.with_timezone(&options.timezone).fixed_offset(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_like_day_files_only() {
        let day = r#"[
    {
        "type": "message",
        "user": "U1",
        "text": "hi",
        "ts": "1709632800.000100"
    }"#;
        assert!(looks_like("2015-09-14.json", day));
        assert!(looks_like("export.json", day));
        assert!(!looks_like(
            "channels.json",
            r#"[{"id": "C1", "name": "general"}]"#
        ));
        assert!(!looks_like("users.json", day));
        assert!(!looks_like("result.json", r#"{"messages": []}"#));
        assert!(!looks_like("data.json", r#"[{"id": 1}]"#));
    }

    #[test]
    fn metadata_files_are_named() {
        assert_eq!(
            metadata_note("users.json", "[{\"id\": \"U1\"}]").as_deref(),
            Some("Slack metadata (workspace members); no messages in it")
        );
        assert!(metadata_note("users.json", "id,name").is_none());
        assert!(metadata_note("2015-09-14.json", "[]").is_none());
        for name in METADATA_FILES {
            assert!(metadata_note(name, "[]").is_some(), "{name}");
        }
    }

    #[test]
    fn day_file_names() {
        assert!(is_day_file_name("2015-09-14.json"));
        assert!(!is_day_file_name("2015-9-14.json"));
        assert!(!is_day_file_name("channels.json"));
    }

    #[test]
    fn ts_keeps_fraction() {
        let t = time("1444755381.000003", &ParseOptions::default()).unwrap();
        assert_eq!(t.to_iso(), "2015-10-13T17:56:21+01:00");
        assert_eq!(t.0.timestamp_subsec_nanos(), 3000);
    }
}
