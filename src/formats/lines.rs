//! Reading helpers every line-based parser shares: lines handed out in place from
//! the reader's buffer, and wall-clock times resolved in a time zone.

use std::io::BufRead;

use bstr::io::BufReadExt;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;

use super::ParseError;
use crate::model::Timestamp;

/// Calls `f` with each line (1-based number, text without `\n` / `\r\n`). Lines are
/// lent in place from the reader's buffer (`bstr`); invalid UTF-8 is replaced rather
/// than failing the file: evidence matters more than perfect bytes.
pub fn for_each_line(
    mut reader: &mut dyn BufRead,
    mut f: impl FnMut(u64, &str) -> Result<(), ParseError>,
) -> Result<(), ParseError> {
    let mut number = 0u64;
    let mut failed = None;
    let read = reader.for_byte_line_with_terminator(|raw| {
        number += 1;
        let line = match raw.strip_suffix(b"\n") {
            Some(l) => l.strip_suffix(b"\r").unwrap_or(l),
            None => raw,
        };
        let done = match std::str::from_utf8(line) {
            Ok(text) => f(number, text),
            Err(_) => f(number, &String::from_utf8_lossy(line)),
        };
        match done {
            Ok(()) => Ok(true),
            Err(e) => {
                failed = Some(e);
                Ok(false)
            }
        }
    });
    match failed {
        Some(e) => Err(e),
        None => read.map_err(ParseError::from),
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
