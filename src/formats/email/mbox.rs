//! Splitting a mailbox into raw messages as it streams past (RFC 4155 mbox), and
//! recognising the `From ` separator line.
//!
//! A separator is `From <sender> <asctime date>` at column 0, at the start of the
//! file or after a blank line, with a plausible date: cpython's fixture shows that
//! unescaped `From time to time` body lines occur. Body lines quoted as `>From `
//! (mboxo) or `>>From ` (mboxrd) lose one `>`. Each message is held in memory on its
//! own, up to a cap; nothing else of the mailbox is.

use std::io::BufRead;

use chrono::NaiveDateTime;

use crate::formats::ParseError;

/// One message cut from a mailbox (or the whole of an `.eml`).
#[derive(Debug)]
pub struct Chunk<'a> {
    /// 0-based position in the file.
    pub index: usize,
    /// 1-based line of the message's first line (its separator, in a mailbox).
    pub line: u64,
    /// The date on the separator line (UTC by RFC 4155), when there is one.
    pub separator_date: Option<NaiveDateTime>,
    /// The message bytes, separator removed and `>From ` unquoted.
    pub bytes: &'a [u8],
    /// True when the message was larger than the cap: `bytes` is then incomplete.
    pub oversized: bool,
    /// True when the input ended inside this message (it is the last one).
    pub is_last: bool,
}

/// Calls `f` with each message of `reader`. With `is_mbox` false the whole input is
/// one message (an `.eml`). Messages over `cap` bytes are flagged, not held whole.
pub fn split(
    reader: &mut dyn BufRead,
    is_mbox: bool,
    cap: usize,
    mut f: impl FnMut(&Chunk<'_>) -> Result<(), ParseError>,
) -> Result<(), ParseError> {
    let mut line = Vec::with_capacity(256);
    let mut current = Vec::new();
    let mut pending: Option<(u64, Option<NaiveDateTime>)> = None;
    let mut oversized = false;
    let mut index = 0usize;
    let mut number = 0u64;
    let mut previous_blank = true;
    // Inside the current message's header block (before its first blank line).
    let mut in_headers = true;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let separator = if is_mbox && previous_blank {
            separator_date(&line)
        } else {
            None
        };
        previous_blank = is_blank(&line);
        if let Some(date) = separator {
            if let Some((start, date)) = pending.take() {
                f(&chunk(index, start, date, &current, oversized, false))?;
                index += 1;
            }
            pending = Some((number, date));
            current.clear();
            oversized = false;
            in_headers = true;
            continue;
        }
        if pending.is_none() {
            if is_blank(&line) && current.is_empty() {
                continue;
            }
            pending = Some((number, None));
        }
        let body: &[u8] = if is_mbox && is_quoted_from(&line) {
            &line[1..]
        } else {
            &line
        };
        if in_headers && is_blank(body) {
            in_headers = false;
        } else if in_headers && !current.is_empty() && is_unindented_continuation(body) {
            // Read as the continuation it is: RFC 5322 wants it indented.
            current.push(b' ');
        }
        if current.len() + body.len() > cap {
            oversized = true;
        } else if !oversized {
            current.extend_from_slice(body);
        }
    }
    if let Some((start, date)) = pending {
        f(&chunk(index, start, date, &current, oversized, true))?;
    }
    Ok(())
}

fn chunk(
    index: usize,
    line: u64,
    separator_date: Option<NaiveDateTime>,
    bytes: &[u8],
    oversized: bool,
    is_last: bool,
) -> Chunk<'_> {
    Chunk {
        index,
        line,
        separator_date,
        bytes,
        oversized,
        is_last,
    }
}

/// A header-block line that is neither a `Name: value` field nor indented.
fn is_unindented_continuation(line: &[u8]) -> bool {
    !line.starts_with(b" ")
        && !line.starts_with(b"\t")
        && super::header_name(&String::from_utf8_lossy(line)).is_none()
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// `>From `, `>>From `, …: a body line the mailbox writer escaped.
fn is_quoted_from(line: &[u8]) -> bool {
    let rest = &line[line.iter().take_while(|&&b| b == b'>').count()..];
    line.first() == Some(&b'>') && rest.starts_with(b"From ")
}

/// The date of a separator line, `Some(None)` for a separator whose date cannot be
/// read as a time but is still plausible; `None` when the line is no separator.
pub fn separator_date(line: &[u8]) -> Option<Option<NaiveDateTime>> {
    let rest = line.strip_prefix(b"From ")?;
    let rest = std::str::from_utf8(rest).ok()?.trim_end();
    // `From <sender> Sun Aug  7 11:40:37 2022 [extra]`: the sender is one token
    // (possibly empty), the date at least weekday, month, day, time and year.
    let mut words = rest.split_whitespace();
    words.next()?;
    let tokens: Vec<&str> = words.collect();
    (0..tokens.len()).find_map(|start| asctime(&tokens[start..]))
}

/// `Www Mmm d hh:mm[:ss] yyyy`, with an optional zone token before the year.
fn asctime(tokens: &[&str]) -> Option<Option<NaiveDateTime>> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let [day_name, month, day, time, rest @ ..] = tokens else {
        return None;
    };
    if !DAYS.contains(day_name) || !MONTHS.contains(month) {
        return None;
    }
    let year = rest
        .iter()
        .take(2)
        .find(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))?;
    if !time.contains(':') || !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        (*time).to_owned()
    };
    let text = format!("{month} {day} {time} {year}");
    Some(NaiveDateTime::parse_from_str(&text, "%b %d %H:%M:%S %Y").ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_all(data: &[u8], is_mbox: bool, cap: usize) -> Vec<(u64, String, bool, bool)> {
        let mut out = Vec::new();
        let mut reader = data;
        split(&mut reader, is_mbox, cap, |c| {
            out.push((
                c.line,
                String::from_utf8_lossy(c.bytes).into_owned(),
                c.oversized,
                c.is_last,
            ));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn separators_need_a_date_and_a_blank_line_before() {
        assert!(
            separator_date(b"From MAILER-DAEMON Sun Aug  7 11:40:37 2022 extra info\n").is_some()
        );
        assert!(separator_date(b"From a@b.test  Mon Jan  1 09:00 2024\n").is_some());
        assert!(separator_date(b"From time to time\n").is_none());
        assert!(separator_date(b"From: Ann\n").is_none());
        let data = b"From a@b Mon Jan  1 09:00:00 2024\nSubject: one\n\nhi\nFrom b@c Mon Jan  1 10:00:00 2024\n\n>From here\n>>From there\n\nFrom c@d Tue Jan  2 09:00:00 2024\nSubject: two\n\nbye\n";
        let chunks = split_all(data, true, 1 << 20);
        assert_eq!(chunks.len(), 2);
        assert_eq!(chunks[0].0, 1);
        assert!(chunks[0].1.contains("From b@c Mon Jan  1 10:00:00 2024\n"));
        assert!(chunks[0].1.contains("\nFrom here\n>From there\n"));
        assert_eq!(chunks[1].0, 10);
        assert_eq!(chunks[1].1, "Subject: two\n\nbye\n");
        assert!(chunks[1].3 && !chunks[0].3);
    }

    #[test]
    fn eml_is_one_chunk_and_oversized_is_flagged() {
        let data = b"From: Ann <a@b.test>\nSubject: x\n\n>From kept\n";
        let chunks = split_all(data, false, 1 << 20);
        assert_eq!(chunks.len(), 1);
        assert!(chunks[0].1.contains(">From kept"));
        let chunks = split_all(data, false, 10);
        assert!(chunks[0].2);
    }

    #[test]
    fn separator_date_is_read() {
        let date = separator_date(b"From x Sun Aug  7 11:40:37 2022\n")
            .unwrap()
            .unwrap();
        assert_eq!(date.to_string(), "2022-08-07 11:40:37");
    }
}
