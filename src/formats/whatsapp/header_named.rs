//! The rarer header shapes (FORMATS.md §1.2), tried after the common ones:
//! time-first iOS headers (`[14:56:01, 3/18/22] `, `[14.56, 18/3/22] `) and the
//! 2013–2014 month-name headers (`19:23, 28 Aug 2013 - `, `18 Mar 12:14 - `,
//! `Mar 5, 8:11 PM - `), whose year may be missing (it is then the year of the
//! message before).

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::header::{D, Header, RawDate, Shape, from_parts, to_24_hour};
use super::header_fast::Parts;

static TIME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^\[(?P<h>{D}{{1,2}})[:.](?P<mi>{D}{{2}})(?:[:.](?P<se>{D}{{2}}))?(?: ?(?P<ap>[AaPp]\. ?[Mm]\.?|[AaPp][Mm]))?, ?(?P<d1>{D}{{1,4}})(?P<s1>[./-])(?P<d2>{D}{{1,2}})(?P<s2>[./-])(?P<d3>{D}{{1,4}})\] ?"
    );
    Regex::new(&pattern).expect("time-first regex compiles")
});

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `19:23, 28 Aug 2013 - `, `18 Mar 12:14 - `, `Mar 5, 8:11 PM - ` (and with a year).
static NAMED: LazyLock<[Regex; 3]> = LazyLock::new(|| {
    let mon = MONTHS.join("|");
    let time = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?: ?(?P<ap>[AaPp][Mm]))?";
    [
        format!(r"^{time}, (?P<d>\d{{1,2}}) (?P<mon>{mon}) (?P<y>\d{{4}}) - "),
        format!(r"^(?P<d>\d{{1,2}}) (?P<mon>{mon})(?: (?P<y>\d{{4}}))?,? {time} - "),
        format!(r"^(?P<mon>{mon}) (?P<d>\d{{1,2}})(?:, (?P<y>\d{{4}}))?, {time} - "),
    ]
    .map(|p| Regex::new(&p).expect("month-name regex compiles"))
});

/// True when a line starts with an English month abbreviation and a day
/// (`Mar 5, …`): such a line may be a header although it opens with a letter.
pub(super) fn starts_with_month(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 5
        && b[3] == b' '
        && b[4].is_ascii_digit()
        && MONTHS.iter().any(|m| b.starts_with(m.as_bytes()))
}

/// A time-first or month-name header at the start of a cleaned line.
pub(super) fn parse(line: &str) -> Option<Header<'_>> {
    if line.starts_with('[') {
        return time_first(line);
    }
    NAMED
        .iter()
        .find_map(|re| re.captures(line))
        .and_then(|caps| named(line, &caps))
}

fn time_first(line: &str) -> Option<Header<'_>> {
    let caps = TIME_FIRST.captures(line)?;
    let text = |name: &str| caps.name(name).map_or("", |m| m.as_str());
    let parts = Parts {
        open: true,
        e1: None,
        d1: text("d1"),
        s1: text("s1"),
        d2: text("d2"),
        s2: text("s2"),
        e3: None,
        d3: text("d3"),
        be: false,
        dot: false,
        h: text("h"),
        mi: text("mi"),
        se: caps.name("se").map(|m| m.as_str()),
        ap: caps.name("ap").map(|m| m.as_str()),
        close: true,
        colon: false,
        space: false,
        end: caps.get(0).map_or(0, |m| m.end()),
    };
    from_parts(line, &parts)
}

fn named<'a>(line: &'a str, caps: &Captures<'a>) -> Option<Header<'a>> {
    let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let month = MONTHS.iter().position(|m| *m == &caps["mon"])? as u32 + 1;
    let (hour, minute) = (number("h")?, number("mi")?);
    let time = caps
        .name("ap")
        .map_or(Some(hour), |ap| to_24_hour(hour, ap.as_str()))
        .filter(|h| *h < 24 && minute < 60)
        .map(|h| (h, minute, 0));
    let shape = Shape {
        sep: ' ',
        year_first: false,
        wide_last: true,
        bracketed: false,
        buddhist: false,
        era: None,
        named: true,
    };
    Some(Header {
        // A missing year is 0: the parser takes the year of the message before.
        date: RawDate {
            fields: [number("d")?, month, number("y").unwrap_or(0)],
            shape,
        },
        time,
        rest: &line[caps.get(0)?.end()..],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read<'a> = ([u32; 3], Option<(u32, u32, u32)>, &'a str);

    fn read(line: &str) -> Read<'_> {
        let h = super::super::header::parse(line).unwrap_or_else(|| panic!("{line}"));
        (h.date.fields, h.time, h.rest)
    }

    #[test]
    fn time_first_ios_headers() {
        assert_eq!(
            read("[14:56:01, 3/18/22] Elon Musk: hi"),
            ([3, 18, 22], Some((14, 56, 1)), "Elon Musk: hi")
        );
        assert_eq!(
            read("[9.05, 18/3/22] Rowan Vale: halo"),
            ([18, 3, 22], Some((9, 5, 0)), "Rowan Vale: halo")
        );
        assert_eq!(
            read("[2:56:01 PM, 3/18/22] Jo: x"),
            ([3, 18, 22], Some((14, 56, 1)), "Jo: x")
        );
    }

    #[test]
    fn month_name_headers_of_2013_and_2014() {
        assert_eq!(
            read("19:23, 28 Aug 2013 - Jo Bloggs: hi"),
            ([28, 8, 2013], Some((19, 23, 0)), "Jo Bloggs: hi")
        );
        assert_eq!(
            read("18 Mar 12:14 - Jo Bloggs: hi"),
            ([18, 3, 0], Some((12, 14, 0)), "Jo Bloggs: hi")
        );
        assert_eq!(
            read("Mar 5, 8:11 PM - Sam Patel: yes"),
            ([5, 3, 0], Some((20, 11, 0)), "Sam Patel: yes")
        );
        assert!(starts_with_month("Mar 5, 8:11 PM - Sam"));
        assert!(!starts_with_month("March is cold"));
        for line in ["18 Mar was the day", "Mar 5 we met", "12:14, 18 Mar - x"] {
            assert!(super::super::header::parse(line).is_none(), "{line}");
        }
    }
}
