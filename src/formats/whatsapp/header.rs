//! Recognising a WhatsApp message header (`DATE, TIME - ` / `[DATE, TIME] ` and the
//! older shapes of FORMATS.md §1.2) and splitting it from the rest of the line.
//!
//! Works on a line already passed through `text::clean` (bidi marks removed, NBSP and
//! NNBSP mapped to spaces). Date fields are kept raw: their order is settled per file
//! (see `dates.rs`).

use std::sync::LazyLock;

use regex::Regex;

use super::era::{ERA_NAMES, Era, strip_era};
use super::header_fast::{self, Parts};
use super::header_named;

/// The layout of a date, used to group a file's dates before settling their order:
/// one file can mix `6/30/23` (month first) with `30/6/2023` (day first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Shape {
    /// The separator between date fields: `/`, `.` or `-`.
    pub sep: char,
    /// The first field has four digits: the date is year-first.
    pub year_first: bool,
    /// The last field has four digits.
    pub wide_last: bool,
    /// iOS `[…]` family rather than Android/older unbracketed.
    pub bracketed: bool,
    /// Thai Buddhist-era year (`2565 BE`).
    pub buddhist: bool,
    /// Japanese-era year (`R4`, `令和4`): the era of the year field.
    pub era: Option<Era>,
    /// A month name (`28 Aug 2013`): fields are day, month, year (0 when missing).
    pub named: bool,
}

/// A header's date fields in written order, before the order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RawDate {
    pub fields: [u32; 3],
    pub shape: Shape,
}

/// A recognised header: its date, its time of day and the text after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header<'a> {
    pub date: RawDate,
    /// 24-hour time of day (`None` when the written time is impossible).
    pub time: Option<(u32, u32, u32)>,
    /// Everything after the header: `Author: text` or a system text.
    pub rest: &'a str,
}

/// ASCII and native digits: Arabic-Indic, Extended Arabic-Indic (Persian, Urdu),
/// Devanagari, Bengali and Thai.
pub(super) const D: &str =
    r"[0-9\x{0660}-\x{0669}\x{06F0}-\x{06F9}\x{0966}-\x{096F}\x{09E6}-\x{09EF}\x{0E50}-\x{0E59}]";

static HEADER: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^(?P<open>\[)?(?P<e1>{ERA_NAMES})?(?P<d1>{D}{{1,4}})(?P<s1>[./-]) ?(?P<d2>{D}{{1,2}})(?P<s2>[./-]) ?(?P<e3>{ERA_NAMES})?(?P<d3>{D}{{1,4}})(?P<be> BE)?(?P<dot>\.)?(?:,|،)? ?(?:klo )?(?P<h>{D}{{1,2}})[:.](?P<mi>{D}{{2}})(?:[:.](?P<se>{D}{{2}}))?(?: ?(?P<ap>[AaPp]\. ?[Mm]\.?|[AaPp][Mm]|in the (?:morning|afternoon|evening)|at night|م|ص))?(?:(?P<close>\] ?)|(?P<dash> -(?: |$))|(?P<colon>:(?: |$))|(?P<space> ))"
    );
    Regex::new(&pattern).expect("header regex compiles")
});

/// Indices of [`HEADER`]'s named groups, looked up once: `caps.name("d1")` hashes
/// the name on every call, and every line of every export is a candidate header.
struct Groups {
    open: usize,
    e1: usize,
    d1: usize,
    s1: usize,
    d2: usize,
    s2: usize,
    e3: usize,
    d3: usize,
    be: usize,
    dot: usize,
    h: usize,
    mi: usize,
    se: usize,
    ap: usize,
    close: usize,
    colon: usize,
    space: usize,
}

static GROUPS: LazyLock<Groups> = LazyLock::new(|| {
    let index = |name: &str| {
        HEADER
            .capture_names()
            .position(|n| n == Some(name))
            .expect("header group exists")
    };
    Groups {
        open: index("open"),
        e1: index("e1"),
        d1: index("d1"),
        s1: index("s1"),
        d2: index("d2"),
        s2: index("s2"),
        e3: index("e3"),
        d3: index("d3"),
        be: index("be"),
        dot: index("dot"),
        h: index("h"),
        mi: index("mi"),
        se: index("se"),
        ap: index("ap"),
        close: index("close"),
        colon: index("colon"),
        space: index("space"),
    }
});

/// Cheap test on a raw line: could it start with a header? A header begins, after
/// invisible marks, with `[`, an ASCII or native digit, a month name or a Japanese era.
pub(super) fn may_start_header(raw: &str) -> bool {
    match raw.chars().find(|c| !crate::text::is_invisible(*c)) {
        Some(c) => {
            c == '[' || c.is_ascii_digit() || digit_value(c).is_some() || {
                let at = raw.len() - raw.trim_start_matches(crate::text::is_invisible).len();
                let rest = &raw[at..];
                (c.is_ascii_uppercase() && header_named::starts_with_month(rest))
                    || (matches!(c, 'R' | 'H' | 'S' | '令' | '平' | '昭')
                        && strip_era(rest).is_some())
            }
        }
        None => false,
    }
}

/// Stricter than [`may_start_header`], for detection: the line starts with a
/// date-like `DIGITS SEPARATOR [space] DIGIT` (or a time-first `[TIME, `), so
/// numbered lists (`1. Budget`, `2) Staffing`) are not candidates.
pub(super) fn may_start_date(raw: &str) -> bool {
    if !may_start_header(raw) {
        return false;
    }
    // The first visible characters, after `[` and an era name (`[R4/03/18 …`).
    let visible: String = raw
        .chars()
        .filter(|c| !crate::text::is_invisible(*c))
        .skip_while(|c| *c == '[')
        .take(24)
        .collect();
    let mut chars = strip_era(&visible).unwrap_or(&visible).chars().peekable();
    let mut digits = 0;
    while chars.next_if(|c| digit_value(*c).is_some()).is_some() {
        digits += 1;
    }
    if !(1..=4).contains(&digits) || chars.next().is_none_or(|c| !"./-:".contains(c)) {
        return false;
    }
    chars.next_if(|c| *c == ' ');
    chars.next().is_some_and(|c| digit_value(c).is_some())
}

/// Parses the header at the start of a cleaned line, if there is one.
pub(super) fn parse(line: &str) -> Option<Header<'_>> {
    let parts = match header_fast::scan(line) {
        Some(parts) => parts,
        None => match regex_parts(line) {
            Some(parts) => parts,
            None => return header_named::parse(line),
        },
    };
    from_parts(line, &parts)
}

/// The header regex's captures as [`Parts`] (the general, slower path).
pub(super) fn regex_parts(line: &str) -> Option<Parts<'_>> {
    let caps = HEADER.captures(line)?;
    let g = &*GROUPS;
    let has = |i: usize| caps.get(i).is_some();
    let text = |i: usize| caps.get(i).map_or("", |m| m.as_str());
    Some(Parts {
        open: has(g.open),
        e1: caps.get(g.e1).map(|m| m.as_str()),
        d1: text(g.d1),
        s1: text(g.s1),
        d2: text(g.d2),
        s2: text(g.s2),
        e3: caps.get(g.e3).map(|m| m.as_str()),
        d3: text(g.d3),
        be: has(g.be),
        dot: has(g.dot),
        h: text(g.h),
        mi: text(g.mi),
        se: caps.get(g.se).map(|m| m.as_str()),
        ap: caps.get(g.ap).map(|m| m.as_str()),
        close: has(g.close),
        colon: has(g.colon),
        space: has(g.space),
        end: caps.get(0).map_or(0, |m| m.end()),
    })
}

/// Checks and converts a header's parts (from either engine).
pub(super) fn from_parts<'a>(line: &'a str, p: &Parts<'a>) -> Option<Header<'a>> {
    let bracketed = p.open;
    if bracketed != p.close || p.s1 != p.s2 {
        return None;
    }
    let has_seconds = p.se.is_some();
    // `TIME: Name: text` (iOS ≤2017, `13.06.18 21.25.15: a: m`) always has seconds;
    // a bare space after the time is only the `13. 6. 2018. 21:25:15 a: m` style.
    if p.colon && !has_seconds {
        return None;
    }
    if p.space && !p.dot {
        return None;
    }
    let (d1, d3) = (p.d1, p.d3);
    let era = match (p.e1, p.e3) {
        (None, None) => None,
        (Some(e), None) | (None, Some(e)) if !p.be => Some(Era::from_name(e)?),
        _ => return None,
    };
    let shape = Shape {
        sep: p.s1.chars().next().unwrap_or('/'),
        year_first: p.e1.is_some() || d1.chars().count() == 4,
        wide_last: p.e3.is_some() || d3.chars().count() == 4,
        bracketed,
        buddhist: p.be,
        era,
        named: false,
    };
    let fields = [number(d1)?, number(p.d2)?, number(d3)?];
    if shape.year_first && shape.wide_last {
        return None;
    }
    let hour = number(p.h)?;
    let minute = number(p.mi)?;
    let second = p.se.map_or(Some(0), number)?;
    let time =
        p.ap.map_or(Some(hour), |m| to_24_hour(hour, m))
            .filter(|h| *h < 24 && minute < 60 && second < 60)
            .map(|h| (h, minute, second));
    Some(Header {
        date: RawDate { fields, shape },
        time,
        rest: &line[p.end..],
    })
}

/// The value of an ASCII or native digit (see [`D`]).
pub(super) fn digit_value(c: char) -> Option<u32> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}',
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}',
        '\u{0966}'..='\u{096F}' => '\u{0966}',
        '\u{09E6}'..='\u{09EF}' => '\u{09E6}',
        '\u{0E50}'..='\u{0E59}' => '\u{0E50}',
        _ => return None,
    };
    Some(c as u32 - zero as u32)
}

fn number(digits: &str) -> Option<u32> {
    digits
        .chars()
        .try_fold(0u32, |acc, c| Some(acc * 10 + digit_value(c)?))
}

/// Converts a 12-hour clock reading with its day-period marker to 24 hours.
pub(super) fn to_24_hour(hour: u32, marker: &str) -> Option<u32> {
    if hour > 12 {
        // `13:05 PM` happens in hand-edited files; the hour already says it.
        return Some(hour);
    }
    let key: String = marker
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let pm = match key.as_str() {
        "am" | "ص" | "inthemorning" => false,
        "pm" | "م" | "intheafternoon" | "intheevening" => true,
        // "at night" covers late evening (9 at night) and small hours (2 at night).
        "atnight" => (6..12).contains(&hour),
        _ => return None,
    };
    Some(match (pm, hour) {
        (false, 12) => 0,
        (true, 12) => 12,
        (true, h) => h + 12,
        (false, h) => h,
    })
}

#[cfg(test)]
mod tests;
