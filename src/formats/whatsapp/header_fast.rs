//! A hand-written reader for the common header shapes (`18/03/2022, 14:56 - `,
//! `[3/18/22, 2:56:01 PM] `, `23.03.22, 13:31 - `), tried before the header regex.
//!
//! Every line of every export is a candidate header, read twice (date pass and
//! parse pass); the regex's capture engine (a bounded backtracker over a Unicode
//! NFA) was a third of the WhatsApp parser's instructions. This reader follows the
//! regex's own preference order (greedy, first alternative first) on ASCII input
//! and gives up — returning `None` so the regex decides — at the first thing it does
//! not handle (`BE`, `klo`, `a.m.`, Arabic digits, a digit run of unexpected length,
//! any mismatch). So when it answers, it answers exactly what the regex would.

/// The captures of a header match, whichever engine found them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parts<'a> {
    pub open: bool,
    /// A Japanese era before the first or the last field (`R4`); the regex's only.
    pub e1: Option<&'a str>,
    pub d1: &'a str,
    pub s1: &'a str,
    pub d2: &'a str,
    pub s2: &'a str,
    pub e3: Option<&'a str>,
    pub d3: &'a str,
    pub be: bool,
    pub dot: bool,
    pub h: &'a str,
    pub mi: &'a str,
    pub se: Option<&'a str>,
    pub ap: Option<&'a str>,
    pub close: bool,
    pub colon: bool,
    pub space: bool,
    /// Byte offset just past the header.
    pub end: usize,
}

/// A cursor over the line's bytes.
struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.line.as_bytes().get(self.at + ahead).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.at += 1;
        }
        hit
    }

    /// A run of ASCII digits whose length is within `min..=max`; any other run
    /// length (or a non-ASCII digit right after it) is left to the regex.
    fn digits(&mut self, min: usize, max: usize) -> Option<&'a str> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        let len = self.at - start;
        // After the ASCII digits, only a non-ASCII character can be another digit.
        let next_is_other_digit = !self.peek().is_none_or(|b| b.is_ascii())
            && self.line[self.at..]
                .chars()
                .next()
                .is_some_and(|c| super::header::digit_value(c).is_some());
        (min..=max)
            .contains(&len)
            .then_some(())
            .filter(|_| !next_is_other_digit)?;
        Some(&self.line[start..self.at])
    }

    fn separator(&mut self) -> Option<&'a str> {
        let start = self.at;
        matches!(self.peek()?, b'.' | b'/' | b'-').then(|| {
            self.at += 1;
            &self.line[start..self.at]
        })
    }
}

/// The header parts of `line` when it has one of the common shapes; `None` means
/// "ask the regex", never "no header".
pub(super) fn scan(line: &str) -> Option<Parts<'_>> {
    let mut c = Cursor { line, at: 0 };
    let open = c.eat(b'[');
    let d1 = c.digits(1, 4)?;
    let s1 = c.separator()?;
    c.eat(b' ');
    let d2 = c.digits(1, 2)?;
    let s2 = c.separator()?;
    c.eat(b' ');
    let d3 = c.digits(1, 4)?;
    // ` BE`, a dot after the year, `،` and `klo ` are the regex's business.
    c.eat(b',');
    c.eat(b' ');
    let h = c.digits(1, 2)?;
    if !(c.eat(b':') || c.eat(b'.')) {
        return None;
    }
    let mi = c.digits(2, 2)?;
    let se = match (c.peek(), c.peek_at(1)) {
        (Some(b':' | b'.'), Some(d)) if d.is_ascii_digit() => {
            c.at += 1;
            Some(c.digits(2, 2)?)
        }
        _ => None,
    };
    let ap = am_pm(&mut c)?;
    let (close, dash, colon, space) = terminator(&mut c)?;
    debug_assert!(close || dash || colon || space);
    Some(Parts {
        open,
        e1: None,
        d1,
        s1,
        d2,
        s2,
        e3: None,
        d3,
        be: false,
        dot: false,
        h,
        mi,
        se,
        ap,
        close,
        colon,
        space,
        end: c.at,
    })
}

/// ` ?(AM|PM|am|pm|…)`: `Some(Some(ap))` for the plain two-letter forms,
/// `Some(None)` when no day period can start here, `None` when one might (`a.m.`,
/// `in the morning`, `at night`, Arabic markers) and the regex must decide.
fn am_pm<'a>(c: &mut Cursor<'a>) -> Option<Option<&'a str>> {
    let skip = usize::from(c.peek() == Some(b' '));
    let Some(a) = c.peek_at(skip) else {
        return Some(None);
    };
    match (a, c.peek_at(skip + 1)) {
        (b'A' | b'a' | b'P' | b'p', Some(b'M' | b'm')) => {
            let start = c.at + skip;
            c.at = start + 2;
            Some(Some(&c.line[start..c.at]))
        }
        (b'A' | b'a' | b'P' | b'p' | b'i', _) => None,
        (a, _) if !a.is_ascii() => None,
        _ => Some(None),
    }
}

/// `(\] ?)|( -(?: |$))|(:(?: |$))|( )`, in that order of preference.
fn terminator(c: &mut Cursor<'_>) -> Option<(bool, bool, bool, bool)> {
    let at_end_or_space = |i: usize| matches!(c.peek_at(i), None | Some(b' '));
    match c.peek()? {
        b']' => {
            c.at += 1;
            c.eat(b' ');
            Some((true, false, false, false))
        }
        b' ' if c.peek_at(1) == Some(b'-') && at_end_or_space(2) => {
            c.at += 2;
            c.eat(b' ');
            Some((false, true, false, false))
        }
        b':' if at_end_or_space(1) => {
            c.at += 1;
            c.eat(b' ');
            Some((false, false, true, false))
        }
        b' ' => {
            c.at += 1;
            Some((false, false, false, true))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::header::regex_parts;
    use super::*;

    /// Whenever the fast reader answers, the regex answers the same.
    fn agrees(line: &str) -> bool {
        let fast = scan(line);
        if fast.is_some() {
            assert_eq!(fast, regex_parts(line), "{line:?}");
        }
        fast.is_some()
    }

    #[test]
    fn common_shapes_are_read_fast_and_agree() {
        for line in [
            "18/03/2022, 14:56 - Dmitry S: Hello",
            "6/30/23, 4:14 PM - A: hi",
            "6/30/23, 4:14PM - A: hi",
            "[3/18/22, 14:56:01] Elon Musk: hi",
            "[8/15/19, 12:57:08 AM] X: y",
            "23.03.22, 13:31 - Name: x",
            "[14.08.2024, 21:00:10] My Group: x",
            "[01/01/19 11:25] John Doe: L",
            "4/26/16, 16:23:03: +55 61: <image omitted>",
            "1/2/21, 10:00 -",
        ] {
            assert!(scan(line).is_some(), "{line:?}");
            agrees(line);
        }
    }

    #[test]
    fn unusual_shapes_are_left_to_the_regex() {
        for line in [
            "[3/27/2565 BE, 21:41:55] Dmitry S: x",
            "13.6.2018 klo 21.25.15 - a: m",
            "3/6/18, 1:55 p.m. - a: m",
            "05/01/2021, 3:07 in the afternoon - Name: x",
            "13. 6. 2018. 21:25:15 a: m",
            "2019-05-02, 11:23 a.m. - Name: x",
            "1/2/20211, 10:00 - x",
            "12/03/2021, 9:145 - x",
        ] {
            assert!(scan(line).is_none(), "{line:?}");
        }
    }

    #[test]
    fn random_lines_agree_with_the_regex() {
        const ALPHABET: [&str; 24] = [
            "0", "1", "2", "9", "12", "2021", "/", ".", "-", ",", ":", " ", "[", "]", "AM", "pm",
            "A", "M", "a.m.", " - ", "BE", "klo ", "\u{661}", "x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut line = String::new();
        let mut answered = 0;
        for _ in 0..50_000 {
            line.clear();
            // Start from a valid header most of the time, then mutate or extend it.
            if next() % 2 == 0 {
                line.push_str(
                    ["1/2/21, 10:00", "[3/18/22, 2:56:01", "23.03.22, 13:31"]
                        [(next() % 3) as usize],
                );
            }
            for _ in 0..(next() % 8) {
                line.push_str(ALPHABET[(next() % ALPHABET.len() as u64) as usize]);
            }
            answered += usize::from(agrees(&line));
        }
        assert!(answered > 2_000, "only {answered} lines read fast");
    }
}
