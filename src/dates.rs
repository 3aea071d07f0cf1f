//! The one parser for dates people type: in the configuration (legal holds),
//! `--as-of`, and the CSVs they keep by hand (decision registers, reviewed
//! findings), often saved from a spreadsheet.

use chrono::NaiveDate;

/// Parses `dd/mm/yyyy`, `d/m/yyyy` or `yyyy-mm-dd`, optionally followed by a time
/// (`15/04/2021 09:30`, as spreadsheets write it), which is ignored. Two-digit years
/// and US order are not guessed at: `04/15/2021` is rejected.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split_whitespace();
    let date = parts.next()?;
    let time_ok = |t: &str| {
        t.split(':').count() >= 2
            && t.split(':')
                .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(t) = parts.next()
        && (!time_ok(t) || parts.next().is_some())
    {
        return None;
    }
    let numbers = |sep: char| -> Option<Vec<(u32, usize)>> {
        date.split(sep)
            .map(|p| {
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| (p.parse().ok(), p.len()))
            })
            .map(|p| p.and_then(|(n, len)| n.map(|n| (n, len))))
            .collect()
    };
    let (y, m, d) = match (numbers('/'), numbers('-')) {
        (Some(v), _) if v.len() == 3 && v[0].1 <= 2 && v[1].1 <= 2 && v[2].1 == 4 => {
            (v[2].0, v[1].0, v[0].0)
        }
        (_, Some(v)) if v.len() == 3 && v[0].1 == 4 && v[1].1 <= 2 && v[2].1 <= 2 => {
            (v[0].0, v[1].0, v[2].0)
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}
