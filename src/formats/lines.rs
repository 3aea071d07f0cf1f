//! Reading helpers every line-based parser shares: lines handed out in place from
//! the reader's buffer, and wall-clock times resolved in a time zone.

use std::io::BufRead;

use bstr::ByteSlice;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::ParseError;
use crate::model::Timestamp;

/// Calls `f` with each line (1-based number, text without `\n` / `\r\n`). Lines are
/// lent in place from the reader's buffer; invalid UTF-8 is replaced rather than
/// failing the file: evidence matters more than perfect bytes.
///
/// The lines wholly inside one buffer are checked as UTF-8 together, once: checking
/// each line on its own cost 2% of a whole scan (callgrind, docs/PERFORMANCE.md).
/// `\n` never falls inside a character, so each line of a valid buffer is valid.
pub fn for_each_line(
    reader: &mut dyn BufRead,
    mut f: impl FnMut(u64, &str) -> Result<(), ParseError>,
) -> Result<(), ParseError> {
    let mut number = 0u64;
    let mut carry: Vec<u8> = Vec::new(); // a line that runs over the buffer's end
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if chunk.is_empty() {
            return match carry.is_empty() {
                true => Ok(()),
                false => emit(&mut f, number + 1, &carry),
            };
        }
        let whole = chunk.rfind_byte(b'\n').map_or(0, |last| last + 1);
        let text = std::str::from_utf8(&chunk[..whole]).ok();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &chunk[..whole]) {
            number += 1;
            if !carry.is_empty() {
                carry.extend_from_slice(&chunk[start..end]);
                emit(&mut f, number, strip_cr(&carry))?;
                carry.clear();
            } else if let Some(text) = text {
                let line = &text[start..end];
                f(number, line.strip_suffix('\r').unwrap_or(line))?;
            } else {
                emit(&mut f, number, strip_cr(&chunk[start..end]))?;
            }
            start = end + 1;
        }
        carry.extend_from_slice(&chunk[start..]);
        let used = chunk.len();
        reader.consume(used);
    }
}

/// The line without the `\r` of a `\r\n` ending.
fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// One line's bytes to `f`, invalid UTF-8 replaced.
fn emit(
    f: &mut impl FnMut(u64, &str) -> Result<(), ParseError>,
    number: u64,
    line: &[u8],
) -> Result<(), ParseError> {
    match std::str::from_utf8(line) {
        Ok(text) => f(number, text),
        Err(_) => f(number, &String::from_utf8_lossy(line)),
    }
}

/// Resolves a wall-clock time in `tz`. An ambiguous time (the repeated hour when
/// clocks go back) takes the earlier instant; a time that does not exist (the hour
/// skipped when clocks go forward) is read as if the clocks had not yet changed.
pub fn local_time(naive: NaiveDateTime, tz: Tz) -> Timestamp {
    let resolved = match tz.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(earlier, _) => earlier,
        chrono::LocalResult::None => {
            let before = naive - chrono::Duration::hours(1);
            match tz.from_local_datetime(&before) {
                chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                    t + chrono::Duration::hours(1)
                }
                chrono::LocalResult::None => tz.from_utc_datetime(&naive),
            }
        }
    };
    Timestamp(resolved.fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn naive(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn local_time_uses_summer_and_winter_offsets() {
        let tz = chrono_tz::Europe::London;
        assert_eq!(
            local_time(naive(2021, 4, 15, 9, 14), tz).to_iso(),
            "2021-04-15T09:14:00+01:00"
        );
        assert_eq!(
            local_time(naive(2021, 1, 15, 9, 14), tz).to_iso(),
            "2021-01-15T09:14:00+00:00"
        );
    }

    #[test]
    fn local_time_survives_clock_changes() {
        let tz = chrono_tz::Europe::London;
        // 01:30 happens twice on 31 Oct 2021: the first (BST) is taken.
        assert_eq!(
            local_time(naive(2021, 10, 31, 1, 30), tz).to_iso(),
            "2021-10-31T01:30:00+01:00"
        );
        // 01:30 never happens on 28 Mar 2021: read as 02:30 BST.
        assert_eq!(
            local_time(naive(2021, 3, 28, 1, 30), tz).to_iso(),
            "2021-03-28T02:30:00+01:00"
        );
    }

    #[test]
    fn for_each_line_strips_crlf_and_counts() {
        let mut data: &[u8] = b"one\r\ntwo\n\nthree";
        let mut seen = Vec::new();
        for_each_line(&mut data, |n, l| {
            seen.push((n, l.to_string()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            seen,
            vec![
                (1, "one".to_string()),
                (2, "two".to_string()),
                (3, String::new()),
                (4, "three".to_string())
            ]
        );
    }

    /// However the reader's buffer cuts the text (through a `\r\n`, inside a
    /// multi-byte character), the lines are those of splitting it whole.
    #[test]
    fn for_each_line_is_the_same_for_every_buffer_size() {
        let text = "été 1\r\n\r\ntwo – dash\nbad \u{1F600}\n\rx\r\n\n last\r".as_bytes();
        let mut bytes = text.to_vec();
        bytes.extend_from_slice(b"\ninvalid \xFF byte\nend");
        let expected: Vec<(u64, String)> = {
            let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
            let last = lines.pop().unwrap();
            let mut out: Vec<String> = lines
                .iter()
                .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)).into_owned())
                .collect();
            out.push(String::from_utf8_lossy(last).into_owned());
            (1..).zip(out).collect()
        };
        assert_eq!(expected.len(), 9);
        for capacity in [1, 2, 3, 5, 7, 16, 64, 8192] {
            let mut reader = std::io::BufReader::with_capacity(capacity, &bytes[..]);
            let mut seen = Vec::new();
            for_each_line(&mut reader, |n, l| {
                seen.push((n, l.to_string()));
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, expected, "capacity {capacity}");
        }
    }
}
