//! imessage-exporter TXT transcripts, one conversation per file (FORMATS.md §4.1).
//!
//! A message is a block: a timestamp line (`%b %d, %Y %l:%M:%S %p`, the hour
//! space-padded, optionally followed by ` (Read by …)`), a sender line (`Me` or the
//! contact), then body lines; blocks end with a blank line. A timestamp followed by a
//! sentence on the same line is an announcement (`… You renamed the conversation to X`):
//! kind `System`. Any timestamp line starts a new block, so replies, which the tool
//! indents by 4 spaces, become items of their own (the indent is removed).
//!
//! Annotation lines leave the text and set the kind: `This message was deleted from
//! the conversation!` (the body is kept) and `You deleted a message.` / `They deleted
//! a message.` give `Deleted`; `Edited … later: new text` gives `Edited` and keeps
//! every version's text, original first; `Reactions:` with its lines, `Sent with …`
//! effects and `This message responded to an earlier message.` are dropped.
//! Attachment paths give `Media` with the file name in `attachments`; `Attachment
//! missing!` gives `MediaOmitted`.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use crate::formats::cap::MessageCap;
use crate::formats::{Input, ParseError, ParseOptions, for_each_line, local_time};
use crate::model::{Conversation, Item, ItemKind, Location, ParseStats, Platform, Visitor};
use crate::text::clean;

static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^( *)([A-Z][a-z]{2} \d{2}, \d{4}) +(\d{1,2}:\d{2}:\d{2} [AP]M)(.*)$").unwrap()
});
static EDITED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Edited .+? later: (.*)$").unwrap());
static REACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Loved|Liked|Disliked|Laughed at|Emphasi[sz]ed|Questioned|Reacted .+?) by ")
        .unwrap()
});
static EFFECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Sent with (Slam|Loud|Gentle|Invisible Ink|Confetti|Balloons|Fireworks|Lasers|Love|Celebration|Echo|Spotlight|Shooting Star)$").unwrap()
});
static STICKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Sticker from .+?: (.+)$").unwrap());
static ANNOUNCER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.+?) (renamed the conversation to |changed the group photo|added |removed |left the conversation)").unwrap()
});

const DELETED_FROM_CONVERSATION: &str = "This message was deleted from the conversation!";
const MISSING: &str = "Attachment missing!";

/// A timestamp line: indent, local time, and what follows the time.
struct Stamp {
    indent: usize,
    time: Option<NaiveDateTime>,
    rest: String,
}

fn parse_stamp(line: &str) -> Option<Stamp> {
    let caps = STAMP.captures(line)?;
    let text = format!("{} {}", &caps[2], &caps[3]);
    Some(Stamp {
        indent: caps[1].len(),
        time: NaiveDateTime::parse_from_str(&text, "%b %d, %Y %I:%M:%S %p").ok(),
        rest: caps[4].to_string(),
    })
}

/// True when `rest` (after the time) is receipt metadata, so the line opens a block.
fn opens_block(rest: &str) -> bool {
    let rest = rest.trim();
    rest.is_empty() || (rest.starts_with('(') && rest.ends_with(')'))
}

/// True when the first non-blank line is a timestamp and, for a message block, the
/// next line is a sender.
pub fn looks_like(_file_name: &str, head: &str) -> bool {
    let mut lines = head.lines().map(|l| clean(l).into_owned());
    let Some(first) = lines.by_ref().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    match parse_stamp(&first) {
        Some(s) if s.time.is_some() && s.indent == 0 => {
            if !opens_block(&s.rest) {
                return true;
            }
            lines
                .next()
                .is_some_and(|l| !l.trim().is_empty() && parse_stamp(&l).is_none())
        }
        _ => false,
    }
}

/// The conversation name: the file name without `.txt` and a ` - <rowid>` suffix.
fn conversation_name(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".txt").unwrap_or(file_name);
    match stem.rsplit_once(" - ") {
        Some((name, id)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => {
            name.to_string()
        }
        _ => stem.to_string(),
    }
}

/// A block being gathered.
struct Block {
    line: u64,
    indent: usize,
    time: Option<NaiveDateTime>,
    sender: Option<String>,
    body: Vec<String>,
}

/// Parses an imessage-exporter transcript as one conversation.
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
        platform: Platform::IMessage,
        name: conversation_name(input.file_name()),
        id: None,
    });
    let mut block: Option<Block> = None;
    let mut cap = MessageCap::new(options.max_record_bytes);
    let result = input.with_text(&mut |reader| {
        for_each_line(reader, |number, raw| {
            let line = clean(raw);
            if let Some(stamp) = parse_stamp(&line) {
                if let Some(b) = block.take() {
                    emit_block(b, options, out, &mut stats);
                }
                cap.start(number, line.len());
                if opens_block(&stamp.rest) {
                    block = Some(Block {
                        line: number,
                        indent: stamp.indent,
                        time: stamp.time,
                        sender: None,
                        body: Vec::new(),
                    });
                } else {
                    emit_announcement(number, stamp, options, out, &mut stats);
                }
            } else if let Some(b) = block.as_mut() {
                let text = strip_indent(&line, b.indent);
                if b.sender.is_none() && b.body.is_empty() {
                    if text.trim().is_empty() {
                        b.body.push(String::new());
                    } else {
                        b.sender = Some(text.trim().to_string());
                    }
                } else if cap.admit(text.len()) {
                    b.body.push(text.to_string());
                }
            } else if !line.trim().is_empty() {
                stats.skip(|| format!("line {number}: text outside a message"));
            }
            Ok(())
        })
    });
    if let Some(b) = block.take() {
        emit_block(b, options, out, &mut stats);
    }
    out.end_conversation();
    stats.cut_note = cap.note();
    result.map(|()| stats)
}

fn strip_indent(line: &str, indent: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(indent)..]
}

fn emit_announcement(
    line: u64,
    stamp: Stamp,
    options: &ParseOptions,
    out: &mut dyn Visitor,
    stats: &mut ParseStats,
) {
    let text = stamp.rest.trim().to_string();
    let sender = ANNOUNCER.captures(&text).map(|c| c[1].to_string());
    out.item(&Item {
        kind: ItemKind::System,
        time: stamp.time.map(|t| local_time(t, options.timezone)),
        sender,
        text,
        attachments: Vec::new(),
        location: Location::Line(line),
    });
    stats.items += 1;
}

fn emit_block(b: Block, options: &ParseOptions, out: &mut dyn Visitor, stats: &mut ParseStats) {
    let (mut deleted, mut edited, mut missing) = (false, false, false);
    let mut in_reactions = false;
    let mut text: Vec<&str> = Vec::new();
    let mut attachments = Vec::new();
    for line in &b.body {
        let trimmed = line.trim();
        if in_reactions {
            if line.starts_with(' ') || REACTION.is_match(trimmed) {
                continue;
            }
            in_reactions = false;
        }
        match trimmed {
            DELETED_FROM_CONVERSATION => deleted = true,
            "You deleted a message." | "They deleted a message." => deleted = true,
            "This message responded to an earlier message." => {}
            "Reactions:" => in_reactions = true,
            MISSING => missing = true,
            _ if EFFECT.is_match(trimmed) => {}
            _ => {
                if let Some(c) = EDITED.captures(line) {
                    edited = true;
                    text.push(c.get(1).map_or("", |m| m.as_str()));
                } else if let Some(path) = attachment_path(trimmed) {
                    attachments.push(file_name(path).to_string());
                } else {
                    text.push(line);
                }
            }
        }
    }
    let kind = if deleted {
        ItemKind::Deleted
    } else if edited {
        ItemKind::Edited
    } else if !attachments.is_empty() {
        ItemKind::Media
    } else if missing {
        ItemKind::MediaOmitted
    } else {
        ItemKind::Message
    };
    let text = text.join("\n");
    out.item(&Item {
        kind,
        time: b.time.map(|t| local_time(t, options.timezone)),
        sender: b.sender,
        text: text.trim_matches('\n').trim_end().to_string(),
        attachments,
        location: Location::Line(b.line),
    });
    stats.items += 1;
}

/// The path when a body line is an attachment: an absolute or home path, or one
/// under an `attachments/` folder the exporter copied to, ending in an extension;
/// also `Sticker from NAME: path`.
fn attachment_path(line: &str) -> Option<&str> {
    let path = STICKER
        .captures(line)
        .and_then(|c| c.get(1))
        .map_or(line, |m| m.as_str());
    let is_path = path.starts_with('/')
        || path.starts_with("~/")
        || path.starts_with("attachments/")
        || path.contains("/Attachments/");
    let name = file_name(path);
    let has_ext = name
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && (1..=5).contains(&ext.len()));
    (is_path && has_ext && !path.contains("://")).then_some(path)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_with_padded_hours_and_receipts() {
        let s = parse_stamp("May 17, 2022  5:29:42 PM (Read by you after 1 hour)").unwrap();
        assert_eq!(s.time.unwrap().to_string(), "2022-05-17 17:29:42");
        assert!(opens_block(&s.rest));
        let s = parse_stamp("Jan 05, 2024 12:01:00 AM You renamed the conversation to X").unwrap();
        assert_eq!(s.time.unwrap().to_string(), "2024-01-05 00:01:00");
        assert!(!opens_block(&s.rest));
        assert_eq!(
            parse_stamp("    May 17, 2022  5:29:42 PM").unwrap().indent,
            4
        );
    }

    #[test]
    fn names_and_paths() {
        assert_eq!(conversation_name("Project Board - 42.txt"), "Project Board");
        assert_eq!(conversation_name("Alice - Bob.txt"), "Alice - Bob");
        assert_eq!(
            attachment_path("/Users/x/Library/Messages/Attachments/ab/1/IMG_1.heic"),
            Some("/Users/x/Library/Messages/Attachments/ab/1/IMG_1.heic")
        );
        assert_eq!(attachment_path("see /etc is a dir"), None);
        assert_eq!(
            attachment_path("Sticker from Bo: attachments/3/s.png"),
            Some("attachments/3/s.png")
        );
    }
}
