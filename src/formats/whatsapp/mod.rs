//! WhatsApp chat exports (`.txt`, `_chat.txt` inside `.zip`): FORMATS.md §1.
//!
//! Two streaming passes over the decoded text. Pass 1 reads only the header dates
//! (and a group name when the file name gives none) to settle the file's date order;
//! pass 2 parses and emits each message as soon as the next header or the end of
//! the file arrives. Memory stays at one message, whatever the file size.
//!
//! Submodules: `header` (the header line), `dates` (date order), `classify` (kinds and
//! authors), `wordings` (the apps' wordings of system lines, as data), `media`
//! (placeholders and attachments), `name` (the conversation name).

mod classify;
mod dates;
mod era;
mod header;
mod header_fast;
mod header_named;
mod media;
mod name;
mod wordings;

use chrono::{Datelike, NaiveTime};
use chrono_tz::Tz;

use crate::formats::{Input, ParseError, ParseOptions, for_each_line, local_time};
use crate::model::{Conversation, Item, Location, ParseStats, Platform, Timestamp, Visitor};
use crate::text::clean;

use dates::{DateOrderResolver, Order, ResolvedOrders};
use header::Header;

/// Longest message text kept; later continuation lines of a longer one are dropped
/// (a mis-detected file must not grow one "message" without bound).
const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// True when the head of a file reads like a WhatsApp export: its lines are
/// WhatsApp headers, not merely one date somewhere. The file name only breaks ties.
pub fn looks_like(file_name: &str, head: &str) -> bool {
    let (mut lines, mut candidates, mut headers) = (0u32, 0u32, 0u32);
    for raw in head.lines() {
        if raw.trim().is_empty() {
            continue;
        }
        lines += 1;
        // Numbered lists (`1. Budget`) start with digits but not with a date.
        if !header::may_start_date(raw) && !header_named::starts_with_month(raw.trim_start()) {
            continue;
        }
        candidates += 1;
        if header::parse(&clean(raw)).is_some_and(|h| is_plausible(&h)) {
            headers += 1;
        }
    }
    // Named like an export: read it, so one that cannot be read is an error row
    // saying why rather than a silent skip.
    let named = file_name == "_chat.txt" || name::from_file_names(file_name, None).is_some();
    let hinted = named || file_name.to_lowercase().contains("whatsapp");
    match headers {
        0 => named && lines > 0,
        _ if lines <= 2 => true,
        1 => hinted && candidates <= 2,
        _ if hinted => headers * 4 >= candidates,
        _ => headers * 2 >= candidates,
    }
}

/// A header whose date is possible in some order and whose time is a real time.
fn is_plausible(h: &Header<'_>) -> bool {
    h.time.is_some()
        && [
            Order::DayMonthYear,
            Order::MonthDayYear,
            Order::YearMonthDay,
        ]
        .iter()
        .any(|o| dates::to_date(&h.date, *o).is_some())
}

/// Parses a WhatsApp export, streaming one conversation to `out`.
///
/// Fails with [`ParseError::Invalid`] when no line of the file is a WhatsApp header.
pub fn parse(
    input: &dyn Input,
    options: &ParseOptions,
    out: &mut dyn Visitor,
) -> Result<ParseStats, ParseError> {
    let file_name = input.file_name();
    let named = name::from_file_names(file_name, input.container_name());

    // Pass 1: dates (and a group name from the content if the file names none).
    let mut resolver = DateOrderResolver::default();
    let mut headers = 0u64;
    let mut content_name: Option<String> = None;
    input.with_text(&mut |reader| {
        for_each_line(reader, |_, raw| {
            if !header::may_start_header(raw) {
                return Ok(());
            }
            let line = clean(raw);
            if let Some(h) = header::parse(&line) {
                headers += 1;
                resolver.observe(&h.date, h.rest);
                if named.is_none()
                    && let Some(n) = name::from_text(h.rest)
                {
                    content_name = Some(n.to_owned());
                }
            }
            Ok(())
        })
    })?;
    if headers == 0 {
        return Err(ParseError::Invalid {
            line: None,
            message: "no WhatsApp message header (`DATE, TIME - ` or `[DATE, TIME] `) found".into(),
        });
    }
    let orders = resolver.resolve(options.date_order);
    let conversation = Conversation {
        platform: Platform::WhatsApp,
        name: named
            .or(content_name)
            .unwrap_or_else(|| name::stem(file_name)),
        id: None,
    };
    out.conversation(&conversation);

    // Pass 2: parse and emit.
    let mut emitter = Emitter {
        out: &mut *out,
        orders: &orders,
        timezone: options.timezone,
        stats: ParseStats {
            conversations: 1,
            note: Some(orders.how.clone()).filter(|h| !h.is_empty()),
            ..ParseStats::default()
        },
        pending: None,
        text: String::with_capacity(1024),
        truncated: false,
        last_date: None,
    };
    input.with_text(&mut |reader| for_each_line(reader, |n, raw| emitter.line(n, raw)))?;
    emitter.flush();
    let stats = emitter.stats;
    out.end_conversation();
    Ok(stats)
}

/// The message being collected: where it started and when it was sent.
struct Pending {
    line: u64,
    time: Option<Timestamp>,
}

/// Pass 2 state: the current message, reused between messages.
struct Emitter<'a> {
    out: &'a mut dyn Visitor,
    orders: &'a ResolvedOrders,
    timezone: Tz,
    stats: ParseStats,
    pending: Option<Pending>,
    /// The current message's text after the header, continuation lines appended.
    text: String,
    truncated: bool,
    /// The date of the last dated message, for headers written without a year.
    last_date: Option<chrono::NaiveDate>,
}

impl Emitter<'_> {
    fn line(&mut self, number: u64, raw: &str) -> Result<(), ParseError> {
        let line = clean(raw);
        if header::may_start_header(raw)
            && let Some(h) = header::parse(&line)
        {
            self.flush();
            let time = self.time_of(&h);
            self.pending = Some(Pending { line: number, time });
            self.text.push_str(h.rest);
            return Ok(());
        }
        match &self.pending {
            Some(p) if self.text.len() + line.len() >= MAX_MESSAGE_BYTES => {
                if !self.truncated {
                    self.truncated = true;
                    self.note(format!(
                        "message at line {} longer than 1 MiB: truncated",
                        p.line
                    ));
                }
            }
            Some(_) => {
                self.text.push('\n');
                self.text.push_str(&line);
            }
            None if line.trim().is_empty() => {}
            None => {
                // Exports are capped: the file may start in the middle of a message.
                self.stats.skip(|| format!(
                    "line {number} and other lines before the first message header (the export may start mid-message)"
                ));
            }
        }
        Ok(())
    }

    fn note(&mut self, note: String) {
        self.stats.cut_note.get_or_insert(note);
    }

    fn time_of(&mut self, h: &Header<'_>) -> Option<Timestamp> {
        let mut raw = h.date;
        let yearless = raw.shape.named && raw.fields[2] == 0;
        if yearless {
            // `18 Mar 12:14`: the year of the message before, or the next one when
            // the date would go back (the export crossed New Year).
            let last = self.last_date?;
            raw.fields[2] = u32::try_from(last.year()).ok()?;
            if self.orders.date(&raw).is_some_and(|d| d < last) {
                raw.fields[2] += 1;
            }
        }
        let date = self.orders.date(&raw)?;
        self.last_date = Some(date);
        let (hour, minute, second) = h.time?;
        let time = NaiveTime::from_hms_opt(hour, minute, second)?;
        Some(local_time(date.and_time(time), self.timezone))
    }

    /// Emits the current message, if any.
    fn flush(&mut self) {
        let Some(pending) = self.pending.take() else {
            return;
        };
        trim_trailing_blank_lines(&mut self.text);
        let c = classify::classify(&self.text);
        self.text.clear();
        self.truncated = false;
        let item = Item {
            kind: c.kind,
            time: pending.time,
            sender: c.sender,
            text: c.text,
            attachments: c.attachments,
            location: Location::Line(pending.line),
        };
        self.out.item(&item);
        self.stats.items += 1;
    }
}

/// Removes blank lines (and trailing spaces) at the end of a message.
fn trim_trailing_blank_lines(text: &mut String) {
    let keep = text.trim_end().len();
    text.truncate(keep);
}

#[cfg(test)]
mod tests;
