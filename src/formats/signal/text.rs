//! signalbackup-tools `--exporttxt` files, `<Display name> (_id<thread>).txt`
//! (FORMATS.md §2.2).
//!
//! Lines start `[%b %d, %Y %H:%M:%S] ` and go on with either `<Sender> body` (a
//! message; body lines after the first continue it) or `*** ` and a status sentence:
//! `<Sender> sent file "X"` (kind `Media`, the file name in `attachments` and the
//! text empty: a caption is written as its own `<Sender> body` line), the disappearing-timer
//! sentences (kind `Timer`, sender as written, `You` included), or anything else
//! (kind `System`). The tool skips remote-deleted and view-once messages entirely, and
//! Android backups never hold disappearing messages: timer lines are the only trace.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use regex::Regex;

use crate::formats::cap::MessageCap;
use crate::formats::{Input, ParseError, ParseOptions, for_each_line, local_time};
use crate::model::{
    Conversation, Item, ItemKind, Location, ParseStats, Platform, TimerChange, Visitor,
};
use crate::text::clean;

use super::join_body;

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[([A-Z][a-z]{2} \d{2}, \d{4} \d{2}:\d{2}:\d{2})\] (.*)$").unwrap()
});
static SENT_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^<(.*?)> sent file(?: "(.*)"| of type (\S+))?"#).unwrap());
static TIMER_SET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(.+?) set the disappearing message timer|The disappearing message timer has been set) to (.+?)\.?$",
    )
    .unwrap()
});
static TIMER_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(.+?) disabled disappearing messages|The disappearing message timer has been disabled)\.?$",
    )
    .unwrap()
});
static DURATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+) (second|minute|hour|day|week)s?$").unwrap());

/// True when the first non-blank line has signalbackup-tools' header shape.
pub fn looks_like(_file_name: &str, head: &str) -> bool {
    head.lines()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| HEADER.captures(l))
        .is_some_and(|c| parse_time(&c[1]).is_some() && is_record(&c[2]))
}

fn is_record(rest: &str) -> bool {
    rest.starts_with('<') || rest.starts_with("*** ")
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%b %d, %Y %H:%M:%S").ok()
}

/// The conversation name: the file name without ` (_idNN).txt`.
fn conversation_name(file_name: &str) -> String {
    let stem = file_name.strip_suffix(".txt").unwrap_or(file_name);
    match stem.rfind(" (_id") {
        Some(i) if stem.ends_with(')') => stem[..i].to_string(),
        _ => stem.to_string(),
    }
}

/// A record being gathered from its header and continuation lines.
struct Pending {
    line: u64,
    time: Option<NaiveDateTime>,
    rest: String,
    more: Vec<String>,
}

/// Parses a signalbackup-tools text export as one conversation.
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
        name: conversation_name(input.file_name()),
        id: None,
    });
    let mut pending: Option<Pending> = None;
    let mut cap = MessageCap::new(options.max_record_bytes);
    let result = input.with_text(&mut |reader| {
        for_each_line(reader, |number, line| {
            let line = clean(line);
            let header = HEADER
                .captures(&line)
                .filter(|c| is_record(&c[2]))
                .map(|c| (parse_time(&c[1]), c[2].to_string()));
            if let Some((time, rest)) = header {
                if let Some(p) = pending.take() {
                    emit(p, options, out, &mut stats);
                }
                cap.start(number, rest.len());
                pending = Some(Pending {
                    line: number,
                    time,
                    rest,
                    more: Vec::new(),
                });
            } else if let Some(p) = pending.as_mut() {
                if cap.admit(line.len()) {
                    p.more.push(line.into_owned());
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
    let (kind, sender, first, attachments) = classify(&p.rest);
    let mut lines = vec![first];
    lines.extend(p.more);
    let item = Item {
        kind,
        time: p.time.map(|t| local_time(t, options.timezone)),
        sender,
        text: join_body(&lines),
        attachments,
        location: Location::Line(p.line),
    };
    out.item(&item);
    stats.items += 1;
}

/// Kind, sender, first text line and attachments of a record's first line (after
/// the date).
fn classify(rest: &str) -> (ItemKind, Option<String>, String, Vec<String>) {
    let Some(status) = rest.strip_prefix("*** ") else {
        // `<Sender> body`; the sender is up to the first `> `.
        let (sender, body) = rest
            .strip_prefix('<')
            .and_then(|r| {
                r.split_once("> ")
                    .or_else(|| r.strip_suffix('>').map(|s| (s, "")))
            })
            .unwrap_or(("", rest));
        let sender = (!sender.is_empty()).then(|| sender.to_string());
        return (ItemKind::Message, sender, body.to_string(), Vec::new());
    };
    if let Some(c) = SENT_FILE.captures(status) {
        let file = c.get(2).or(c.get(3)).map(|m| m.as_str().to_string());
        return (
            ItemKind::Media,
            Some(c[1].to_string()),
            String::new(),
            file.into_iter().collect(),
        );
    }
    if let Some(c) = TIMER_SET.captures(status) {
        let seconds = duration_seconds(&c[2]);
        let sender = c.get(1).map(|m| m.as_str().to_string());
        let kind = ItemKind::Timer(TimerChange::On(seconds));
        return (kind, sender, status.to_string(), Vec::new());
    }
    if let Some(c) = TIMER_OFF.captures(status) {
        let sender = c.get(1).map(|m| m.as_str().to_string());
        let kind = ItemKind::Timer(TimerChange::Off);
        return (kind, sender, status.to_string(), Vec::new());
    }
    (ItemKind::System, None, status.to_string(), Vec::new())
}

/// `N second(s)|minute(s)|hour(s)|day(s)|week(s)` in seconds.
fn duration_seconds(text: &str) -> Option<u64> {
    let c = DURATION.captures(text.trim())?;
    let n: u64 = c[1].parse().ok()?;
    let unit = match &c[2] {
        "second" => 1,
        "minute" => 60,
        "hour" => 3600,
        "day" => 86_400,
        _ => 604_800,
    };
    n.checked_mul(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_the_thread_id() {
        assert_eq!(
            conversation_name("Alice Example (_id12).txt"),
            "Alice Example"
        );
        assert_eq!(conversation_name("Team (x) (_id3).txt"), "Team (x)");
        assert_eq!(conversation_name("plain.txt"), "plain");
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds("1 week"), Some(604_800));
        assert_eq!(duration_seconds("30 seconds"), Some(30));
        assert_eq!(duration_seconds("8 hours"), Some(28_800));
        assert_eq!(duration_seconds("a while"), None);
    }

    #[test]
    fn status_lines() {
        let (kind, sender, _, _) = classify("*** You disabled disappearing messages.");
        assert_eq!(kind, ItemKind::Timer(TimerChange::Off));
        assert_eq!(sender.as_deref(), Some("You"));
        let (kind, sender, _, _) =
            classify("*** The disappearing message timer has been set to 2 minutes.");
        assert_eq!(kind, ItemKind::Timer(TimerChange::On(Some(120))));
        assert_eq!(sender, None);
        let (kind, sender, _, att) = classify("*** <Bob> sent file of type image/jpeg");
        assert_eq!((kind, sender.as_deref()), (ItemKind::Media, Some("Bob")));
        assert_eq!(att, ["image/jpeg"]);
    }
}
