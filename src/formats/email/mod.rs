//! E-mail: single messages (`.eml`, RFC 5322 + MIME) and mailboxes (`.mbox`,
//! RFC 4155): FORMATS.md §6. Parsing of each message is done by `mail-parser`.
//!
//! A mailbox is read twice and never held whole. The first pass reads only headers
//! and assigns each message to a thread (by `References` / `In-Reply-To`, else by
//! base subject); the second converts each message to an [`Item`] and holds a
//! thread's items only until its last message has been read, then streams the
//! thread as one conversation named by its subject. If held items grow past a cap,
//! the open threads are streamed early and continue later under the same name.

mod mbox;
mod message;
mod threads;

use std::io::Read;

use mail_parser::{Message, MimeHeaders};

use self::mbox::Chunk;
use self::threads::{Threads, assign_threads};
use crate::formats::{Input, ParseError, ParseOptions};
use crate::model::{Conversation, Item, ParseStats, Platform, Visitor};

pub use self::message::is_label_header;

/// Memory limits of one parse.
#[derive(Debug, Clone, Copy)]
struct Limits {
    /// Largest message read; bigger ones are counted as skipped.
    message: usize,
    /// Largest total of item text held while threads are open.
    held: usize,
}

const LIMITS: Limits = Limits {
    message: 64 * 1024 * 1024,
    held: 64 * 1024 * 1024,
};

/// Fields only a transported or MIME message has: one of them (with `From:` or
/// `Subject:`) makes a header block an e-mail rather than a typed memo heading.
const TRANSPORT_HEADERS: [&str; 8] = [
    "message-id",
    "mime-version",
    "received",
    "return-path",
    "delivered-to",
    "content-type",
    "x-mailer",
    "user-agent",
];

/// Fields a memo shares with an e-mail.
const ADDRESS_HEADERS: [&str; 4] = ["from", "to", "date", "subject"];

/// True when the head of a file is a mailbox (`From ` separator with a date, then
/// a header line) or a single message: a header block with `From:` or `Subject:`
/// and a transport or MIME field, or, in a file named `.eml`, two of `From:`,
/// `To:`, `Date:`, `Subject:`.
pub fn looks_like(file_name: &str, head: &str) -> bool {
    is_mbox(head) || is_message(file_name, head)
}

fn is_mbox(head: &str) -> bool {
    let mut lines = head.lines();
    lines
        .next()
        .is_some_and(|l| mbox::separator_date(l.as_bytes()).is_some())
        && lines.next().is_some_and(|l| header_name(l).is_some())
}

fn is_message(file_name: &str, head: &str) -> bool {
    let (mut transport, mut address) = (false, Vec::new());
    let (mut headers, mut unindented) = (0, 0);
    // The header block may follow blank or whitespace-only lines.
    for line in head.lines().skip_while(|l| l.trim().is_empty()) {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) && headers > 0 {
            continue;
        }
        let Some(name) = header_name(line) else {
            // A continuation line some writers leave unindented (a long subject
            // wrapped): a few are allowed after a header.
            unindented += 1;
            if headers == 0 || unindented > 2 {
                return false;
            }
            continue;
        };
        headers += 1;
        let lower = name.to_ascii_lowercase();
        transport |= TRANSPORT_HEADERS.contains(&lower.as_str());
        if let Some(&known) = ADDRESS_HEADERS.iter().find(|h| **h == lower)
            && !address.contains(&known)
        {
            address.push(known);
        }
    }
    let named = address.contains(&"from") || address.contains(&"subject");
    let is_eml = file_name.to_ascii_lowercase().ends_with(".eml");
    named && (transport || (is_eml && address.len() >= 2))
}

/// The field name of an RFC 5322 header line (`Name: value`).
pub(super) fn header_name(line: &str) -> Option<&str> {
    let (name, _) = line.split_once(':')?;
    let valid = !name.is_empty()
        && name.len() <= 76
        && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
    valid.then_some(name)
}

/// Parses an `.eml` or a mailbox, streaming one conversation per thread.
pub fn parse(
    input: &dyn Input,
    _options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    parse_capped(input, LIMITS, out)
}

/// [`parse`] within `limits`.
fn parse_capped(
    input: &dyn Input,
    limits: Limits,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    let cap = limits.message;
    let mut is_mbox_file = false;
    input.with_bytes(&mut |r| {
        let mut head = Vec::new();
        r.take(1024).read_to_end(&mut head)?;
        is_mbox_file = is_mbox(&String::from_utf8_lossy(&head));
        Ok(())
    })?;
    let threads = assign_threads(input, is_mbox_file, cap)?;
    let mut stats = ParseStats::default();
    let mut held: Vec<Vec<Item>> = vec![Vec::new(); threads.names.len()];
    let mut held_bytes = 0usize;
    let parser = message::parser();
    let result = read_chunks(input, is_mbox_file, cap, |chunk| {
        let Some(Some(thread)) = threads.of_message.get(chunk.index).copied() else {
            stats.skip(|| skip_note(chunk, cap));
            return Ok(());
        };
        let Some(parsed) = parser.parse(chunk.bytes) else {
            stats.skip(|| skip_note(chunk, cap));
            return Ok(());
        };
        let item = message::to_item(&parsed, chunk.line, chunk.separator_date);
        held_bytes += item.text.len();
        held[thread].push(item);
        if threads.last_message[thread] == chunk.index {
            held_bytes -= held[thread].iter().map(|i| i.text.len()).sum::<usize>();
            emit(&threads, thread, &mut held[thread], out, &mut stats);
        } else if held_bytes > limits.held {
            emit_all(&threads, &mut held, out, &mut stats);
            held_bytes = 0;
        }
        if chunk.is_last {
            check_complete(&parsed, chunk)?;
        }
        Ok(())
    });
    // Whatever was read before a failure is still streamed.
    emit_all(&threads, &mut held, out, &mut stats);
    result.map(|()| stats)
}

fn read_chunks(
    input: &dyn Input,
    is_mbox_file: bool,
    cap: usize,
    mut f: impl FnMut(&Chunk<'_>) -> Result<(), ParseError>,
) -> Result<(), ParseError> {
    input.with_bytes(&mut |r| {
        let mut reader = std::io::BufReader::with_capacity(64 * 1024, r);
        mbox::split(&mut reader, is_mbox_file, cap, &mut f)
    })
}

fn skip_note(chunk: &Chunk<'_>, cap: usize) -> String {
    if chunk.oversized {
        format!(
            "message at line {} is larger than the {} byte limit",
            chunk.line, cap
        )
    } else {
        format!(
            "message at line {} has no readable header block",
            chunk.line
        )
    }
}

/// Streams the held items of thread `t` as one conversation, if it has any.
fn emit(
    threads: &Threads,
    t: usize,
    items: &mut Vec<Item>,
    out: &mut dyn Visitor,
    stats: &mut ParseStats,
) {
    if items.is_empty() {
        return;
    }
    out.conversation(&Conversation {
        platform: Platform::Email,
        name: threads.names[t].clone(),
        id: threads.ids[t].clone(),
    });
    stats.conversations += 1;
    for item in items.drain(..) {
        out.item(&item);
        stats.items += 1;
    }
    out.end_conversation();
}

/// Streams every thread still held, in order of first appearance.
fn emit_all(
    threads: &Threads,
    held: &mut [Vec<Item>],
    out: &mut dyn Visitor,
    stats: &mut ParseStats,
) {
    for (t, items) in held.iter_mut().enumerate() {
        emit(threads, t, items, out, stats);
    }
}

/// The input ended inside a multipart message that never closed: truncated.
fn check_complete(parsed: &Message<'_>, chunk: &Chunk<'_>) -> Result<(), ParseError> {
    let boundary = parsed
        .root_part()
        .content_type()
        .filter(|ct| ct.ctype().eq_ignore_ascii_case("multipart"))
        .and_then(|ct| ct.attribute("boundary"));
    let Some(boundary) = boundary else {
        return Ok(());
    };
    let closing = format!("--{boundary}--");
    let bytes = chunk.bytes;
    let closed = bytes
        .windows(closing.len())
        .any(|w| w == closing.as_bytes());
    if closed {
        return Ok(());
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    Err(ParseError::at_line(
        chunk.line + lines,
        format!(
            "the message starting at line {} is truncated (multipart boundary {boundary:?} never closed)",
            chunk.line
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Collector;
    use crate::source::MemoryInput;

    const TWO: &[u8] = b"From a@x.test Mon Jan  1 09:00:00 2024\nFrom: A <a@x.test>\nSubject: small\n\nhi\n\nFrom b@x.test Mon Jan  1 10:00:00 2024\nFrom: B <b@x.test>\nSubject: big\n\nthis body is far longer than the tiny cap used here\n";

    #[test]
    fn oversized_messages_are_skipped_and_counted() {
        let mut out = Collector::default();
        let input = MemoryInput::new("box.mbox", TWO);
        let limits = Limits {
            message: 60,
            ..LIMITS
        };
        let stats = parse_capped(&input, limits, &mut out).unwrap();
        assert_eq!(stats.items, 1);
        assert_eq!(stats.skipped_records, 1);
        assert_eq!(
            stats.skipped_note.as_deref(),
            Some("message at line 7 is larger than the 60 byte limit")
        );
        assert_eq!(out.conversations[0].0.name, "small");
    }

    #[test]
    fn held_threads_are_streamed_early_past_the_limit() {
        let mailbox = b"From a@x.test Mon Jan  1 09:00:00 2024\nFrom: A <a@x.test>\nSubject: plan\nMessage-ID: <1@x>\n\none\n\nFrom b@x.test Mon Jan  1 10:00:00 2024\nFrom: B <b@x.test>\nSubject: other\n\ntwo\n\nFrom a@x.test Mon Jan  1 11:00:00 2024\nFrom: A <a@x.test>\nSubject: Re: plan\nIn-Reply-To: <1@x>\n\nthree\n";
        let names = |held: usize| {
            let mut out = Collector::default();
            let input = MemoryInput::new("box.mbox", mailbox.to_vec());
            let limits = Limits { held, ..LIMITS };
            let stats = parse_capped(&input, limits, &mut out).unwrap();
            assert_eq!(stats.items, 3);
            out.conversations
                .iter()
                .map(|(c, items)| format!("{}:{}", c.name, items.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(1 << 20), ["other:1", "plan:2"]);
        // Past the limit the open "plan" thread is streamed, and continues later.
        assert_eq!(names(5), ["plan:1", "other:1", "plan:1"]);
    }

    #[test]
    fn detection_needs_a_header_block_or_a_separator() {
        assert!(looks_like(
            "x.eml",
            "From: A <a@x.test>\nSubject: hi\n\nbody"
        ));
        assert!(looks_like("x", "Subject: hi\nMIME-Version: 1.0\n\n"));
        assert!(looks_like("x", std::str::from_utf8(TWO).unwrap()));
        // One mail-like field is not enough; nor are lines that are not headers.
        assert!(!looks_like("x.eml", "Subject: hi\n\nbody"));
        assert!(!looks_like(
            "notes.txt",
            "Subject: hi\nthe date was fine\nFrom: me"
        ));
        assert!(!looks_like("x", "From time to time\nSubject: x\n"));
        assert!(!looks_like("x", "[1/2/23, 10:00:00] Ann: From: hi"));
    }

    /// A header block after blank lines, with a subject wrapped onto an unindented
    /// line, is read as e-mail with the whole subject.
    #[test]
    fn late_header_blocks_and_unindented_continuations() {
        let mail = "\n  \n\t\nFrom: Rowan Vale <rowan@x.test>\nSubject: Budget review for the\nnorthern office\nMessage-ID: <7@x.test>\nDate: Mon, 1 Jan 2024 09:00:00 +0000\n\nPlease see below.\n";
        assert!(looks_like("note.eml", mail));
        assert!(looks_like("note.txt", mail));
        let mut out = Collector::default();
        let input = MemoryInput::new("note.eml", mail.as_bytes().to_vec());
        let stats = parse(&input, &ParseOptions::default(), &mut out).unwrap();
        assert_eq!(stats.items, 1);
        let (conversation, items) = &out.conversations[0];
        assert_eq!(conversation.name, "Budget review for the northern office");
        assert!(
            items[0].text.contains("Please see below."),
            "{:?}",
            items[0].text
        );
        assert!(!items[0].text.contains("northern office\nMessage-ID"));
        // Three unindented lines are not a header block.
        assert!(!looks_like(
            "x.txt",
            "Subject: a\nb\nc\nd\nMessage-ID: <1@x>\n"
        ));
    }
}
