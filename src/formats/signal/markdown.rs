//! signal-export `chat.md` transcripts (FORMATS.md §2.1, §2.4).
//!
//! A message starts with `[DATE TIME] Sender: body`; the date shape changed across
//! versions (`[YYYY-MM-DD, HH:MM]` 2019–2020, `[YYYY-MM-DD HH:MM]` 2020–2024,
//! `[YYYY-MM-DD HH:MM:SS]` 2024+; the first 2019 builds wrote `Sender : body`). Any
//! other line continues the message. Within a message:
//! * reaction lines `(- Alice: 👍 -)` are dropped (they are not messages);
//! * quote lines `> …` are dropped: they repeat an earlier message of the same chat;
//! * attachment links `![name](./media/x.jpg)` / `[name](./media/x)` (relative
//!   targets only) become attachments (kind `Media`) and leave the text;
//! * `(This message was deleted)` is `Deleted`; call texts (`Missed voice call`,
//!   `Incoming video call (…)`) are `Call`;
//! * a message with nothing left is `System` with empty text: signal-export renders
//!   disappearing-timer changes with an empty body, so these empty items are the only
//!   trace of timer use (a rule can flag them).
//!
//! The conversation is named after the folder holding `chat.md` (signal-export writes
//! one folder per conversation); other file names give their stem.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime};
use regex::Regex;

use crate::formats::cap::MessageCap;
use crate::formats::{Input, ParseError, ParseOptions, for_each_line, local_time};
use crate::model::{Conversation, Item, ItemKind, Location, ParseStats, Platform, Visitor};
use crate::text::clean;

use super::join_body;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[(\d{4})-(\d{2})-(\d{2})(,)? (\d{2}):(\d{2})(?::(\d{2}))?\] (.*)$").unwrap()
});
static ATTACHMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!?\[([^\]\n]*)\]\(([^)\n]+)\)").unwrap());
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Missed|Incoming|Outgoing) (voice |video |audio |group )?call\b").unwrap()
});

/// The sender signal-export writes when it does not know one.
const NO_SENDER: &str = "No-Sender";
const DELETED: &str = "(This message was deleted)";

/// A parsed header line.
struct Header {
    time: Option<NaiveDateTime>,
    has_comma: bool,
    has_seconds: bool,
    sender: String,
    body: String,
}

fn parse_header(line: &str) -> Option<Header> {
    let line = clean(line);
    let caps = HEADER.captures(&line)?;
    let num = |i: usize| {
        caps.get(i)
            .map_or(Some(0), |m| m.as_str().parse::<u32>().ok())
    };
    let rest = caps.get(8)?.as_str();
    // The sender ends at the first colon followed by a space or the line end.
    let colon = rest
        .char_indices()
        .find(|&(i, c)| c == ':' && matches!(rest[i + 1..].chars().next(), None | Some(' ')))?
        .0;
    let sender = rest[..colon].trim_end();
    if sender.is_empty() {
        return None;
    }
    let body = rest[colon + 1..]
        .strip_prefix(' ')
        .unwrap_or(&rest[colon + 1..]);
    let year = caps[1].parse::<i32>().ok()?;
    let time = NaiveDate::from_ymd_opt(year, num(2)?, num(3)?)
        .and_then(|d| d.and_hms_opt(num(5)?, num(6)?, num(7)?));
    Some(Header {
        time,
        has_comma: caps.get(4).is_some(),
        has_seconds: caps.get(7).is_some(),
        sender: sender.to_string(),
        body: body.to_string(),
    })
}

/// True when the first non-blank line is a signal-export header. The comma form must
/// have no seconds (WhatsApp iOS writes `[…, HH:MM:SS]`) unless the file is `chat.md`.
pub fn looks_like(file_name: &str, head: &str) -> bool {
    let Some(first) = head.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    match parse_header(first) {
        Some(h) => file_name == "chat.md" || !(h.has_comma && h.has_seconds),
        None => false,
    }
}

/// The conversation name: the folder holding `chat.md`, else the file's stem.
fn conversation_name(input: &dyn Input) -> String {
    let file = input.file_name();
    if file == "chat.md" {
        let parent = input
            .path()
            .rsplit('/')
            .nth(1)
            .map(|p| p.trim_end_matches('!'))
            .filter(|p| !p.is_empty());
        if let Some(parent) = parent.or(input.container_name()) {
            return parent.to_string();
        }
    }
    file.rsplit_once('.')
        .map_or(file, |(stem, _)| stem)
        .to_string()
}

/// A message being gathered from its header and continuation lines.
struct Pending {
    line: u64,
    time: Option<NaiveDateTime>,
    sender: String,
    lines: Vec<String>,
}

/// Parses a signal-export transcript as one conversation.
pub fn parse(
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    let mut stats = ParseStats {
        conversations: 1,
        ..ParseStats::default()
    };
    out.conversation(&Conversation {
        platform: Platform::Signal,
        name: conversation_name(input),
        id: None,
    });
    let mut pending: Option<Pending> = None;
    let mut cap = MessageCap::new(options.max_record_bytes);
    let result = input.with_text(&mut |reader| {
        for_each_line(reader, |number, line| {
            if let Some(h) = parse_header(line) {
                if let Some(p) = pending.take() {
                    emit(p, options, out, &mut stats);
                }
                cap.start(number, line.len());
                pending = Some(Pending {
                    line: number,
                    time: h.time,
                    sender: h.sender,
                    lines: vec![h.body],
                });
            } else if let Some(p) = pending.as_mut() {
                if cap.admit(line.len()) {
                    p.lines.push(clean(line).into_owned());
                }
            } else if !line.trim().is_empty() {
                stats.skip(|| format!("line {number}: text before the first message"));
            }
            Ok(())
        })
    });
    if let Some(p) = pending.take() {
        emit(p, options, out, &mut stats);
    }
    out.end_conversation();
    stats.cut_note = cap.note();
    result.map(|()| stats)
}

fn emit(p: Pending, options: &ParseOptions, out: &mut dyn Visitor, stats: &mut ParseStats) {
    let kept: Vec<String> = p
        .lines
        .into_iter()
        .filter(|l| !is_reaction(l) && !is_quote(l))
        .collect();
    let mut text = join_body(&kept);
    let mut attachments = Vec::new();
    if text.contains("](") {
        for caps in ATTACHMENT.captures_iter(&text) {
            let target = &caps[2];
            if is_local(target) {
                let name = caps[1].trim();
                let file = target.rsplit('/').next().unwrap_or(target);
                attachments.push(if name.is_empty() { file } else { name }.to_string());
            }
        }
        if !attachments.is_empty() {
            let stripped = ATTACHMENT.replace_all(&text, |c: &regex::Captures<'_>| {
                if is_local(&c[2]) {
                    String::new()
                } else {
                    c[0].to_string()
                }
            });
            let lines: Vec<String> = stripped.lines().map(str::to_string).collect();
            text = join_body(&lines);
        }
    }
    let kind = if text == DELETED {
        ItemKind::Deleted
    } else if !text.contains('\n') && CALL.is_match(&text) {
        ItemKind::Call
    } else if !attachments.is_empty() {
        ItemKind::Media
    } else if text.is_empty() {
        ItemKind::System
    } else {
        ItemKind::Message
    };
    let item = Item {
        kind,
        time: p.time.map(|t| local_time(t, options.timezone)),
        sender: (p.sender != NO_SENDER).then_some(p.sender),
        text,
        attachments,
        location: Location::Line(p.line),
    };
    out.item(&item);
    stats.items += 1;
}

/// signal-export links attachments relative to `chat.md` (`./media/…`,
/// `../exported_stickers/…`); anything else is text someone typed.
fn is_local(target: &str) -> bool {
    target.starts_with("./") || target.starts_with("../")
}

fn is_reaction(line: &str) -> bool {
    let l = line.trim_end();
    l.starts_with("(- ") && l.ends_with(" -)")
}

fn is_quote(line: &str) -> bool {
    line == ">" || line.starts_with("> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_shapes() {
        for (line, sender, body) in [
            (
                "[2019-12-24, 12:23] Jane Doe: Hello John!",
                "Jane Doe",
                "Hello John!",
            ),
            (
                "[2019-05-02, 09:00] Jane Doe : early build",
                "Jane Doe",
                "early build",
            ),
            ("[2021-03-01 09:00] Me: hi  ", "Me", "hi  "),
            ("[2024-05-01 10:15:03] Alice:   ", "Alice", "  "),
            ("[2024-05-01 10:15:03] Alice:", "Alice", ""),
            (
                "[2024-05-01 10:15:03] Alice: time: 10:00",
                "Alice",
                "time: 10:00",
            ),
        ] {
            let h = parse_header(line).unwrap();
            assert_eq!(
                (h.sender.as_str(), h.body.as_str()),
                (sender, body),
                "{line}"
            );
            assert!(h.time.is_some());
        }
        assert!(parse_header("[2024-05-01 10:15:03] no colon here").is_none());
        assert!(parse_header("(- Alice: 👍 -)").is_none());
    }

    #[test]
    fn detection_leaves_whatsapp_ios_alone() {
        assert!(looks_like("x.txt", "[2019-12-24, 12:23] Jane Doe: Hello"));
        assert!(looks_like("x.txt", "[2024-05-01 10:15:03] Me: hi  "));
        assert!(!looks_like(
            "x.txt",
            "[2019-12-24, 12:23:45] Jane Doe: Hello"
        ));
        assert!(looks_like(
            "chat.md",
            "[2019-12-24, 12:23:45] Jane Doe: Hello"
        ));
        assert!(!looks_like("x.txt", "[24/12/2019, 12:23] Jane Doe: Hello"));
    }
}
