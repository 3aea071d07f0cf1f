//! Settling the date order of a file from all its dates (FORMATS.md §1.3), then
//! turning raw header fields into calendar dates.
//!
//! Dates are grouped by [`Shape`] because a real file mixes `6/30/23` and
//! `30/6/2023`. Within a shape: a first field over 12 means day-first, a second
//! field over 12 means month-first, a four-digit first field means year-first;
//! otherwise the dates in media file names on the same lines (`IMG-20220510-WA0001.jpg`,
//! `00000035-PHOTO-2022-03-27-…`), then the order under which consecutive dates go
//! backwards less often, and only then the configured default. How each shape was
//! settled is said in files.csv `detail`.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::header::{RawDate, Shape};
use crate::formats::DateOrder;

/// The order of the fields of one shape of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Order {
    DayMonthYear,
    MonthDayYear,
    YearMonthDay,
}

/// What pass 1 learnt about one shape of date.
#[derive(Debug, Clone)]
struct ShapeStats {
    shape: Shape,
    /// Dates impossible when read day-first / month-first.
    invalid: [u64; 2],
    /// Times a date was earlier than the one before it, read each way.
    decreases: [u64; 2],
    /// Times a reading equals the date of a media file named on the same line.
    media: [u64; 2],
    last: [Option<NaiveDate>; 2],
}

/// Collects the dates of a file (pass 1), then answers the order of each shape.
#[derive(Debug, Default)]
pub(super) struct DateOrderResolver {
    shapes: Vec<ShapeStats>,
}

const CANDIDATES: [Order; 2] = [Order::DayMonthYear, Order::MonthDayYear];

impl DateOrderResolver {
    /// Records one header date; `rest` is the text after the header.
    pub fn observe(&mut self, date: &RawDate, rest: &str) {
        if date.shape.year_first || date.shape.named {
            return;
        }
        let index = match self.shapes.iter().position(|s| s.shape == date.shape) {
            Some(i) => i,
            None => {
                self.shapes.push(ShapeStats {
                    shape: date.shape,
                    invalid: [0; 2],
                    decreases: [0; 2],
                    media: [0; 2],
                    last: [None; 2],
                });
                self.shapes.len() - 1
            }
        };
        let stats = &mut self.shapes[index];
        let named = media_date(rest);
        for (i, order) in CANDIDATES.iter().enumerate() {
            match to_date(date, *order) {
                None => stats.invalid[i] += 1,
                Some(d) => {
                    stats.media[i] += u64::from(named == Some(d));
                    if stats.last[i].is_some_and(|last| d < last) {
                        stats.decreases[i] += 1;
                    }
                    stats.last[i] = Some(d);
                }
            }
        }
    }

    /// Settles the order of every shape seen; `fallback` breaks true ties.
    pub fn resolve(self, fallback: DateOrder) -> ResolvedOrders {
        let fallback = match fallback {
            DateOrder::DayFirst => Order::DayMonthYear,
            DateOrder::MonthFirst => Order::MonthDayYear,
        };
        let mut how = Vec::new();
        let orders = self
            .shapes
            .into_iter()
            .map(|s| {
                let pick = |a: u64, b: u64| match a.cmp(&b) {
                    std::cmp::Ordering::Less => Some(Order::DayMonthYear),
                    std::cmp::Ordering::Greater => Some(Order::MonthDayYear),
                    std::cmp::Ordering::Equal => None,
                };
                let (order, why) = pick(s.invalid[0], s.invalid[1])
                    .map(|o| (o, "a field over 12 only this way"))
                    .or_else(|| {
                        pick(s.media[1], s.media[0]).map(|o| (o, "dates in media file names"))
                    })
                    .or_else(|| {
                        pick(s.decreases[0], s.decreases[1]).map(|o| (o, "consecutive messages"))
                    })
                    .unwrap_or((fallback, "ambiguous: the date-order setting"));
                let read = match order {
                    Order::DayMonthYear => "day-first",
                    _ => "month-first",
                };
                how.push(format!("{} dates read {read} ({why})", describe(&s.shape)));
                (s.shape, order)
            })
            .collect();
        how.dedup();
        ResolvedOrders {
            orders,
            fallback,
            how: how.join("; "),
        }
    }
}

/// A shape in words: `[n/n/nn]`, `n.n.nnnn`.
fn describe(shape: &Shape) -> String {
    let last = match (shape.era, shape.wide_last) {
        (Some(_), _) => "Rn",
        (None, true) => "nnnn",
        (None, false) => "nn",
    };
    let sep = shape.sep;
    let date = format!("n{sep}n{sep}{last}");
    if shape.bracketed {
        format!("[{date}]")
    } else {
        date
    }
}

/// The date in a WhatsApp media file name on a line, if any.
fn media_date(rest: &str) -> Option<NaiveDate> {
    YEAR_DASH.find(rest.as_bytes())?;
    let caps = MEDIA_NAME.captures(rest)?;
    let field = |a: &str, b: &str| -> Option<u32> {
        caps.name(a).or_else(|| caps.name(b))?.as_str().parse().ok()
    };
    let year = i32::try_from(field("y", "y2")?).ok()?;
    NaiveDate::from_ymd_opt(year, field("m", "m2")?, field("d", "d2")?)
}

/// `-20`: every media file name holds it before its year.
static YEAR_DASH: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(b"-20"));

/// `IMG-20220510-WA0001.jpg`, `PTT-…`, `STK-…`, and iOS `00000035-PHOTO-2022-03-27-…`.
static MEDIA_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b(?:IMG|VID|AUD|PTT|STK|DOC)-(?P<y>20\d\d)(?P<m>\d\d)(?P<d>\d\d)-WA\d+|\d{8}-(?:PHOTO|VIDEO|AUDIO|STICKER|GIF)-(?P<y2>20\d\d)-(?P<m2>\d\d)-(?P<d2>\d\d)-)",
    )
    .expect("media name regex compiles")
});

/// The settled order of each shape of a file (pass 2).
#[derive(Debug, Clone)]
pub(super) struct ResolvedOrders {
    orders: Vec<(Shape, Order)>,
    fallback: Order,
    /// How the order of each shape was settled, in words (files.csv `detail`).
    pub how: String,
}

impl ResolvedOrders {
    /// The calendar date of a header, or `None` when it is impossible.
    pub fn date(&self, date: &RawDate) -> Option<NaiveDate> {
        let order = if date.shape.year_first {
            Order::YearMonthDay
        } else if date.shape.named {
            Order::DayMonthYear
        } else {
            self.orders
                .iter()
                .find(|(s, _)| *s == date.shape)
                .map_or(self.fallback, |(_, o)| *o)
        };
        to_date(date, order)
    }
}

/// Reads raw fields in `order`: two-digit years are 20yy, Buddhist-era years lose 543,
/// Japanese-era years count from their era's first year.
pub(super) fn to_date(date: &RawDate, order: Order) -> Option<NaiveDate> {
    let [a, b, c] = date.fields;
    let (year, month, day) = match order {
        Order::DayMonthYear => (c, b, a),
        Order::MonthDayYear => (c, a, b),
        Order::YearMonthDay => (a, b, c),
    };
    if let Some(era) = date.shape.era {
        return era.date(year, month, day);
    }
    let mut year = i32::try_from(year).ok()?;
    if date.shape.named && year == 0 {
        return None;
    }
    if year < 100 {
        year += 2000;
    }
    // Thai exports write Buddhist-era years, with or without `BE` (2565 = 2022).
    if date.shape.buddhist || year > 2400 {
        year -= 543;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::whatsapp::header;

    fn raw(line: &str) -> RawDate {
        header::parse(line).expect("header").date
    }

    fn resolve(lines: &[&str], fallback: DateOrder) -> Vec<String> {
        let mut resolver = DateOrderResolver::default();
        let dates: Vec<RawDate> = lines.iter().map(|l| raw(l)).collect();
        dates
            .iter()
            .zip(lines)
            .for_each(|(d, l)| resolver.observe(d, l));
        let orders = resolver.resolve(fallback);
        dates
            .iter()
            .map(|d| orders.date(d).map_or("-".into(), |d| d.to_string()))
            .collect()
    }

    #[test]
    fn first_field_over_12_means_day_first() {
        let got = resolve(
            &["01/02/2021, 10:00 - a", "13/02/2021, 10:00 - a"],
            DateOrder::MonthFirst,
        );
        assert_eq!(got, ["2021-02-01", "2021-02-13"]);
    }

    #[test]
    fn second_field_over_12_means_month_first() {
        let got = resolve(
            &["[1/2/21, 10:00:00] a", "[1/13/21, 10:00:00] a"],
            DateOrder::DayFirst,
        );
        assert_eq!(got, ["2021-01-02", "2021-01-13"]);
    }

    #[test]
    fn shapes_are_settled_separately() {
        // The frozenspider file mixes both orders in one export.
        let got = resolve(
            &[
                "6/30/23, 16:14 - a",
                "30/6/2023, 16:15 - a",
                "7/1/23, 10:00 - a",
            ],
            DateOrder::DayFirst,
        );
        assert_eq!(got, ["2023-06-30", "2023-06-30", "2023-07-01"]);
    }

    #[test]
    fn year_first_and_buddhist_years() {
        let got = resolve(
            &["[2018/06/13, 21:25:15] a", "[3/27/2565 BE, 21:41:55] a"],
            DateOrder::DayFirst,
        );
        assert_eq!(got, ["2018-06-13", "2022-03-27"]);
    }

    #[test]
    fn japanese_era_years() {
        // iOS on the Japanese calendar: `R4` is Reiwa 4 (2022), `H31` Heisei 31 (2019).
        let got = resolve(
            &[
                "[4/28/H31, 20:17:31] a",
                "[5/1/R1, 09:00:00] a",
                "[3/27/R4, 21:41:35] a",
                "[R5/01/12 02:05:44] a",
                "[令和5/01/12 15:34:36] a",
            ],
            DateOrder::DayFirst,
        );
        assert_eq!(
            got,
            [
                "2019-04-28",
                "2019-05-01",
                "2022-03-27",
                "2023-01-12",
                "2023-01-12"
            ]
        );
        // The era's first and last days bound it: no Reiwa 1 before 1 May 2019.
        assert_eq!(
            resolve(&["[4/30/R1, 09:00:00] a"], DateOrder::MonthFirst),
            ["-"]
        );
        assert_eq!(
            resolve(&["[5/13/H31, 09:00:00] a"], DateOrder::MonthFirst),
            ["-"]
        );
    }

    #[test]
    fn ambiguous_dates_follow_the_order_that_does_not_go_backwards() {
        // Day-first reads 5 Jan, 1 Feb, 3 Feb (ascending); month-first reads
        // 1 May, 2 Jan, 2 Mar (goes back once).
        let lines = [
            "05/01/2021, 10:00 - a",
            "01/02/2021, 10:00 - a",
            "03/02/2021, 10:00 - a",
        ];
        assert_eq!(
            resolve(&lines, DateOrder::MonthFirst),
            ["2021-01-05", "2021-02-01", "2021-02-03"]
        );
    }

    #[test]
    fn media_file_names_settle_ambiguous_dates() {
        // Both readings go forward; the photo's name says 10 May.
        let lines = [
            "05/10/2022, 10:00 - Jo: IMG-20220510-WA0001.jpg (file attached)",
            "06/10/2022, 10:00 - Jo: ok",
        ];
        assert_eq!(
            resolve(&lines, DateOrder::DayFirst),
            ["2022-05-10", "2022-06-10"]
        );
        let ios = [
            "[04/03/2022, 10:00:00] Jo: <attached: 00000012-PHOTO-2022-03-04-10-00-00.jpg>",
            "[05/03/2022, 10:00:00] Jo: ok",
        ];
        assert_eq!(
            resolve(&ios, DateOrder::MonthFirst),
            ["2022-03-04", "2022-03-05"]
        );
        let mut resolver = DateOrderResolver::default();
        resolver.observe(&raw(lines[0]), lines[0]);
        assert_eq!(
            resolver.resolve(DateOrder::DayFirst).how,
            "n/n/nnnn dates read month-first (dates in media file names)"
        );
    }

    #[test]
    fn true_ties_use_the_configured_default() {
        let lines = ["05/04/2021, 10:00 - a"];
        assert_eq!(resolve(&lines, DateOrder::DayFirst), ["2021-04-05"]);
        assert_eq!(resolve(&lines, DateOrder::MonthFirst), ["2021-05-04"]);
    }
}
