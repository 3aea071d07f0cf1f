//! SMS Backup & Restore XML (`sms-*.xml`, `calls-*.xml`; also old Signal Android
//! `SignalPlaintextBackup.xml`, which uses the same schema): FORMATS.md §2.3 and §4.2.
//!
//! The file is read with a streaming XML reader. Media travels inline as base64 in
//! `part@data`, so a backup can be gigabytes: the `data` attribute is never decoded or
//! kept, and only one element's bytes are buffered at a time.
//!
//! **Conversations.** A backup holds every thread interleaved (usually all `<sms>` in
//! date order, then all `<mms>`). A records manager wants one conversation per thread,
//! in time order, so items are grouped by thread key (the normalised address; group
//! threads are the `~`-joined, sorted member addresses) in a bounded buffer: while the
//! text held stays under [`THREAD_BUFFER_BYTES`], each thread is emitted whole at the
//! end, in order of its first message, its items sorted by time. When the budget is
//! exceeded, the thread holding most text is emitted early, so a very large backup may
//! give the same thread as several conversations — they share `Conversation::id`
//! (the thread key), so they can be joined downstream. A calls file is one
//! conversation, "Calls".
//!
//! DTDs are refused (`<!DOCTYPE` → [`ParseError::Invalid`]): only the five predefined
//! entities and numeric character references (`&#10;`) are ever expanded.

mod record;
mod threads;

use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::formats::{Input, ParseError, ParseOptions};
use crate::model::{ParseStats, Visitor};

use record::{Mms, call_item, mms_part, sms_item};
use threads::Threads;

/// Text held for thread grouping before the largest thread is emitted early.
pub const THREAD_BUFFER_BYTES: usize = 16 << 20;

/// A buffer grown beyond this by one huge element (inline video) is released
/// afterwards rather than kept for the rest of the file.
const KEEP_BUFFER_BYTES: usize = 1 << 20;

/// True when the first element of `head` is `<smses>` or `<calls>`, after any
/// XML declaration, comments or DOCTYPE (a DOCTYPE is detected so that `parse` can
/// refuse it with a clear message).
pub fn looks_like(_file_name: &str, head: &str) -> bool {
    matches!(root_name(head), Some("smses" | "calls"))
}

/// Parses an SMS Backup & Restore XML backup or calls file, streaming one conversation
/// per thread (see the module documentation) to `out`.
pub fn parse(
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    parse_with_budget(input, options, out, THREAD_BUFFER_BYTES)
}

fn parse_with_budget(
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
    budget: usize,
) -> Result<ParseStats, ParseError> {
    let mut stats = ParseStats::default();
    let mut threads = Threads::new(budget);
    let result = input.with_bytes(&mut |r| read_document(r, options, &mut threads, out));
    // Whatever was read before an error is still evidence: emit it, then report.
    threads.flush_all(out, &mut stats);
    result.map(|()| stats_with(stats, &threads))
}

fn stats_with(mut stats: ParseStats, threads: &Threads) -> ParseStats {
    stats.skipped_records = threads.skipped;
    stats.skipped_note = threads.skipped_note.clone();
    stats
}

fn read_document(
    r: &mut dyn Read,
    options: &ParseOptions,
    threads: &mut Threads,
    out: &mut dyn Visitor,
) -> Result<(), ParseError> {
    let mut reader = Reader::from_reader(BufReader::with_capacity(64 * 1024, r));
    let config = reader.config_mut();
    config.trim_text(true);
    config.check_end_names = true;
    let mut buf = Vec::with_capacity(4096);
    let mut depth = 0u32;
    let mut root: Option<String> = None;
    let mut mms: Option<Mms> = None;
    let tz = options.timezone;
    loop {
        buf.clear();
        if buf.capacity() > KEEP_BUFFER_BYTES {
            buf = Vec::with_capacity(4096);
        }
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error(&e, reader.error_position()))?;
        let at = reader.buffer_position();
        match event {
            Event::DocType(_) => {
                return Err(invalid(
                    at,
                    "the file declares a DTD (<!DOCTYPE>); DTDs and custom entities are \
                     refused, SMS Backup & Restore never writes one",
                ));
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if root.is_none() {
                    let found = String::from_utf8_lossy(name).into_owned();
                    if found != "smses" && found != "calls" {
                        return Err(invalid(
                            at,
                            format!("root element is <{found}>, expected <smses> or <calls>"),
                        ));
                    }
                    root = Some(found);
                } else {
                    let bad = |e: String| invalid(at, e);
                    match name {
                        b"sms" if depth == 1 => {
                            let (key, hint, item) = sms_item(e, tz).map_err(bad)?;
                            threads.push(key, hint, item, out);
                        }
                        b"mms" if depth == 1 => {
                            let m = Mms::start(e, tz).map_err(bad)?;
                            if is_empty {
                                let (key, hint, item) = m.finish();
                                threads.push(key, hint, item, out);
                            } else {
                                mms = Some(m);
                            }
                        }
                        b"part" | b"addr" => {
                            if let Some(m) = mms.as_mut() {
                                mms_part(m, name, e).map_err(bad)?;
                            }
                        }
                        b"call" if depth == 1 => {
                            let item = call_item(e, tz).map_err(bad)?;
                            threads.push("calls".into(), Some("Calls".into()), item, out);
                        }
                        _ if depth == 1 => threads.skip(format!(
                            "unknown element <{}>",
                            String::from_utf8_lossy(name)
                        )),
                        _ => {}
                    }
                }
                if !is_empty {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == b"mms"
                    && depth == 1
                    && let Some(m) = mms.take()
                {
                    let (key, hint, item) = m.finish();
                    threads.push(key, hint, item, out);
                }
            }
            Event::Eof => {
                return match (&root, depth) {
                    (None, _) => Err(invalid(at, "no <smses> or <calls> element found")),
                    (Some(root), d) if d > 0 => Err(invalid(
                        at,
                        format!("truncated XML: <{root}> is not closed at end of input"),
                    )),
                    _ => Ok(()),
                };
            }
            _ => {}
        }
    }
}

fn invalid(byte: u64, message: impl Into<String>) -> ParseError {
    ParseError::Invalid {
        line: None,
        message: format!("byte {byte}: {}", message.into()),
    }
}

fn xml_error(e: &quick_xml::Error, at: u64) -> ParseError {
    match e {
        quick_xml::Error::Io(io) => ParseError::Io(std::io::Error::new(io.kind(), io.to_string())),
        other => invalid(at, format!("malformed or truncated XML: {other}")),
    }
}

/// The name of the first element in `head`, skipping the declaration, processing
/// instructions, comments and a DOCTYPE (with its internal subset).
fn root_name(head: &str) -> Option<&str> {
    let mut rest = head.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?") {
            rest = &after[after.find("?>")? + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            rest = &after[after.find("-->")? + 3..];
        } else if let Some(after) = rest.strip_prefix("<!") {
            let close = match (after.find('['), after.find('>')) {
                (Some(open), Some(gt)) if open < gt => after.find("]>")? + 2,
                (_, Some(gt)) => gt + 1,
                _ => return None,
            };
            rest = &after[close..];
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(after.len());
            return Some(&after[..end]);
        } else {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Collector;
    use crate::source::MemoryInput;

    #[test]
    fn root_name_skips_prolog() {
        let head = "<?xml version='1.0'?>\n<!--File Created By SMS Backup & Restore-->\n<smses count=\"1\">";
        assert_eq!(root_name(head), Some("smses"));
        assert_eq!(
            root_name("<!DOCTYPE smses [<!ENTITY a \"b\">]><smses>"),
            Some("smses")
        );
        assert_eq!(root_name("<calls count=\"2\">"), Some("calls"));
        assert_eq!(root_name("hello"), None);
    }

    #[test]
    fn small_budget_emits_threads_early_with_shared_id() {
        let xml = r#"<smses>
<sms address="+441" date="1000000000000" type="1" body="one" contact_name="Ann" />
<sms address="+442" date="1000000001000" type="1" body="two" contact_name="Bo" />
<sms address="+441" date="1000000002000" type="2" body="three" contact_name="Ann" />
</smses>"#;
        let input = MemoryInput::new("sms.xml", xml);
        let mut out = Collector::default();
        let stats = parse_with_budget(&input, &ParseOptions::default(), &mut out, 1).unwrap();
        assert_eq!(stats.items, 3);
        // Budget 1 byte: every push flushes, so each message is its own conversation.
        let ids: Vec<_> = out
            .conversations
            .iter()
            .map(|(c, _)| c.id.clone().unwrap())
            .collect();
        assert_eq!(ids, ["+441", "+442", "+441"]);
    }
}
