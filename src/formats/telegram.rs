//! Telegram Desktop JSON exports (`result.json`): FORMATS.md §3.
//!
//! Both shapes are read: a single-chat export (the file is one CHAT object) and a
//! full export (`chats.list` and `left_chats.list`; every other section is skipped
//! unread). Exports reach gigabytes, so nothing is held whole: serde's streaming
//! `Deserializer` walks the file with custom visitors, and each message is read into
//! a small struct, converted, handed to the [`Visitor`] and dropped.
//!
//! A conversation starts when its `messages` array starts, with the `name`, `type`
//! and `id` seen so far in that CHAT object (the exporter writes them first). Keys
//! arriving after `messages` cannot rename a conversation already streamed; a chat
//! without a name by then is named by its type (`Saved Messages`, `Replies`) or,
//! when the type is unknown too, by the containing folder (the export folder).

mod convert;
mod escape;
mod raw;

use std::fmt;
use std::io::BufReader;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess};

use self::convert::Converted;
use self::escape::XEscapeReader;
use self::raw::{Loose, RawMessage};
use crate::formats::{Input, ParseError, ParseOptions};
use crate::model::{Conversation, ParseStats, Platform, Visitor};

/// Name used for a chat whose `name` is `null` (deleted accounts, empty titles).
const NULL_NAME: &str = "(no name)";

/// True when the head of a file reads like a Telegram Desktop JSON export.
pub fn looks_like(file_name: &str, head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if !head.starts_with('{') {
        return false;
    }
    let has = |key: &str| head.contains(key);
    if has("\"personal_information\"") {
        return true;
    }
    let chat_like = has("\"messages\"") || has("\"chats\"") || has("\"left_chats\"");
    let telegram_keys = [
        "\"date_unixtime\"",
        "\"text_entities\"",
        "\"from_id\"",
        "\"actor_id\"",
        "\"personal_chat\"",
        "\"private_group\"",
        "\"saved_messages\"",
    ];
    chat_like && (telegram_keys.iter().any(|k| has(k)) || file_name == "result.json")
}

/// Parses a Telegram export, streaming each chat as one conversation to `out`.
///
/// A truncated or malformed file gives `ParseError::Invalid` with serde_json's line;
/// the items already streamed stay streamed and an open conversation is closed.
pub fn parse(
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    let fallback_name = input
        .container_name()
        .filter(|c| !c.is_empty())
        .unwrap_or("Telegram chat")
        .to_owned();
    let mut ctx = Ctx {
        out,
        options,
        stats: ParseStats::default(),
        open: false,
        fallback_name,
    };
    input.with_text(&mut |reader| {
        let reader = BufReader::with_capacity(64 * 1024, XEscapeReader::new(reader));
        let mut de = serde_json::Deserializer::from_reader(reader);
        let result = ObjectSeed {
            ctx: &mut ctx,
            is_root: true,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end());
        ctx.close();
        result.map_err(to_parse_error)
    })?;
    Ok(ctx.stats)
}

fn to_parse_error(e: serde_json::Error) -> ParseError {
    if e.is_io() {
        return ParseError::Io(e.into());
    }
    ParseError::Invalid {
        line: (e.line() > 0).then_some(e.line() as u64),
        message: format!("not a readable Telegram export: {e}"),
    }
}

/// State shared by the visitors while one file is read.
struct Ctx<'a> {
    out: &'a mut dyn Visitor,
    options: &'a ParseOptions,
    stats: ParseStats,
    open: bool,
    fallback_name: String,
}

/// `name`, `type` and `id` of a CHAT object, as far as read.
#[derive(Default)]
struct ChatHeader {
    /// `Some(None)` when the key was present with `null`.
    name: Option<Option<String>>,
    kind: Option<String>,
    id: Option<String>,
}

impl Ctx<'_> {
    fn open(&mut self, header: &ChatHeader) {
        self.close();
        let name = match (&header.name, header.kind.as_deref()) {
            (Some(Some(name)), _) => name.clone(),
            (Some(None), _) => NULL_NAME.to_owned(),
            (None, Some("replies")) => "Replies".to_owned(),
            (None, Some(_)) => "Saved Messages".to_owned(),
            (None, None) => self.fallback_name.clone(),
        };
        self.out.conversation(&Conversation {
            platform: Platform::Telegram,
            name,
            id: header.id.clone(),
        });
        self.stats.conversations += 1;
        self.open = true;
    }

    fn close(&mut self) {
        if self.open {
            self.out.end_conversation();
            self.open = false;
        }
    }

    fn message(&mut self, raw: RawMessage, position: u64) {
        match convert::convert(raw, self.options.timezone, position) {
            Converted::Item(item) => {
                self.out.item(&item);
                self.stats.items += 1;
            }
            Converted::Skipped(note) => {
                self.stats.skip(|| note);
            }
        }
    }
}

/// The root object or a CHAT object. The root of a single-chat export *is* a CHAT,
/// so one visitor serves both; only the root looks into `chats` / `left_chats`.
struct ObjectSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    is_root: bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> de::Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Telegram export or chat object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut header = ChatHeader::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "chats" | "left_chats" if self.is_root => {
                    map.next_value_seed(SectionSeed { ctx: self.ctx })?
                }
                "messages" => {
                    self.ctx.open(&header);
                    map.next_value_seed(MessagesSeed { ctx: self.ctx })?;
                    self.ctx.close();
                }
                "name" => header.name = Some(map.next_value::<Loose>()?.0),
                "type" => header.kind = map.next_value::<Loose>()?.0,
                "id" => header.id = map.next_value::<Loose>()?.0,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// `{"about": …, "list": [CHAT…]}` of `chats` / `left_chats`.
struct SectionSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for SectionSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> de::Visitor<'de> for SectionSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a chats section object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "list" {
                map.next_value_seed(ChatListSeed { ctx: self.ctx })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// `[CHAT…]`.
struct ChatListSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for ChatListSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> de::Visitor<'de> for ChatListSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of chats")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(ObjectSeed {
                ctx: &mut *self.ctx,
                is_root: false,
            })?
            .is_some()
        {}
        Ok(())
    }
}

/// `[MSG…]`: each message read, converted and emitted in turn.
struct MessagesSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for MessagesSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> de::Visitor<'de> for MessagesSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut position = 0u64;
        while let Some(raw) = seq.next_element::<RawMessage>()? {
            position += 1;
            self.ctx.message(raw, position);
        }
        Ok(())
    }
}
