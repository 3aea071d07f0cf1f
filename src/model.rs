//! The common model every format parser produces and every rule consumes.
//!
//! Plain data, no logic. A parser streams one [`Conversation`] header, then its
//! [`Item`]s in file order, to a [`Visitor`]; nothing requires a whole conversation
//! to be held in memory, so a gigabyte export costs no more memory than a small one.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The messaging service an export came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Platform {
    WhatsApp,
    Telegram,
    Signal,
    Sms,
    IMessage,
    Slack,
    Email,
}

impl Platform {
    /// The lower-case name written in reports (`whatsapp`, `telegram`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::WhatsApp => "whatsapp",
            Platform::Telegram => "telegram",
            Platform::Signal => "signal",
            Platform::Sms => "sms",
            Platform::IMessage => "imessage",
            Platform::Slack => "slack",
            Platform::Email => "email",
        }
    }

    /// Every platform.
    pub const ALL: [Platform; 7] = [
        Platform::WhatsApp,
        Platform::Telegram,
        Platform::Signal,
        Platform::Sms,
        Platform::IMessage,
        Platform::Slack,
        Platform::Email,
    ];

    /// The name people write in a register's Channel column (`WhatsApp`, `SMS`, …).
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::WhatsApp => "WhatsApp",
            Platform::Telegram => "Telegram",
            Platform::Signal => "Signal",
            Platform::Sms => "SMS",
            Platform::IMessage => "iMessage",
            Platform::Slack => "Slack",
            Platform::Email => "Email",
        }
    }
}

/// One chat, channel, thread or mailbox as the export presents it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub platform: Platform,
    /// Display name: the chat name from the file name or content, a channel name, a subject.
    pub name: String,
    /// A platform identifier when the export has one (Telegram chat id, Slack channel id).
    pub id: Option<String>,
}

/// When something happened.
///
/// `Local` times are wall-clock times already resolved in the configured time zone
/// (WhatsApp, Signal and iMessage text exports never write a zone); `Exact` times came
/// with an offset or as epoch seconds. Both carry the offset used, so reports print
/// ISO 8601 with offset either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    /// ISO 8601 with offset, seconds precision: `2021-04-15T09:14:00+01:00`.
    pub fn to_iso(&self) -> String {
        self.0.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
    }
}

/// Where in its source file an item came from, for evidence.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Location {
    /// 1-based line number of the item's first line (text formats).
    Line(u64),
    /// The record's own identifier (Telegram message id, Slack `channel/ts`, Message-ID).
    Id(String),
}

impl Location {
    /// How the location is written in reports: `line 12` or `id 1234`.
    pub fn describe(&self) -> String {
        match self {
            Location::Line(n) => format!("line {n}"),
            Location::Id(id) => format!("id {id}"),
        }
    }
}

/// A change to a disappearing-messages / auto-delete setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimerChange {
    /// Turned on or changed to this many seconds. `None` when the export names the
    /// change but not the duration (older WhatsApp wording without a duration).
    On(Option<u64>),
    /// Turned off.
    Off,
    /// A user's *default* timer for new chats was announced (WhatsApp "default timer"
    /// lines); it applies to this chat with the given duration.
    Default(Option<u64>),
}

/// What an item is. Formats classify; rules decide what matters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// An ordinary message with text (possibly with attachments).
    Message,
    /// A message whose final text was edited (only the final text survives).
    Edited,
    /// A "deleted for everyone" placeholder: content lost from the record.
    Deleted,
    /// View-once / self-destructing content withheld from the export.
    ViewOnce,
    /// A media placeholder whose content is not in the export (`<Media omitted>`).
    MediaOmitted,
    /// A message carrying attachments that *are* in the export (or listed by name).
    Media,
    /// A disappearing-messages / auto-delete setting change (a system event).
    Timer(TimerChange),
    /// Any other system event (group created, member added, security code changed…).
    System,
    /// A call record (missed, voice, video).
    Call,
}

impl ItemKind {
    /// The word used in reports and tests.
    pub fn as_str(&self) -> &'static str {
        match self {
            ItemKind::Message => "message",
            ItemKind::Edited => "edited",
            ItemKind::Deleted => "deleted",
            ItemKind::ViewOnce => "view_once",
            ItemKind::MediaOmitted => "media_omitted",
            ItemKind::Media => "media",
            ItemKind::Timer(_) => "timer",
            ItemKind::System => "system",
            ItemKind::Call => "call",
        }
    }

    /// True for items a person wrote (as opposed to system events and calls).
    pub fn is_message(&self) -> bool {
        !matches!(self, ItemKind::Timer(_) | ItemKind::System | ItemKind::Call)
    }
}

/// One message or event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    /// When it was sent or happened; `None` only when the export gives no usable time.
    pub time: Option<Timestamp>,
    /// Who sent it, or who caused a system event when the export says; `None` otherwise.
    /// `You`/`Me` are kept as the export writes them.
    pub sender: Option<String>,
    /// The text for matching: invisible bidi/format marks removed, line breaks kept.
    pub text: String,
    /// Names of attachments / documents the export lists for this item.
    pub attachments: Vec<String>,
    pub location: Location,
}

/// Receives a parser's output in file order.
///
/// A parser calls `conversation` before the items of each conversation and
/// `end_conversation` after them; formats holding several conversations (Telegram full
/// exports, mailboxes) repeat the sequence.
pub trait Visitor {
    fn conversation(&mut self, conversation: &Conversation);
    fn item(&mut self, item: &Item);
    fn end_conversation(&mut self);
}

/// A visitor that takes nothing (for a pass that only needs what a wrapping
/// visitor, such as `prints::Tap`, sees).
pub struct Ignore;

impl Visitor for Ignore {
    fn conversation(&mut self, _: &Conversation) {}
    fn item(&mut self, _: &Item) {}
    fn end_conversation(&mut self) {}
}

/// What a parser reports about one source once it is done.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseStats {
    pub conversations: u64,
    /// Items delivered (messages and events).
    pub items: u64,
    /// Records the parser saw but could not turn into items, with a note of the first.
    pub skipped_records: u64,
    pub skipped_note: Option<String>,
    /// How the source was read, when that needs saying (files.csv `detail`), e.g.
    /// how an export's date order was settled.
    pub note: Option<String>,
    /// Over-long records cut to the record limit, in words (none when nothing was cut).
    pub cut_note: Option<String>,
}

impl ParseStats {
    /// Counts one record the parser could not read; the first note is kept.
    pub fn skip(&mut self, note: impl FnOnce() -> String) {
        self.skipped_records += 1;
        self.skipped_note.get_or_insert_with(note);
    }
}
