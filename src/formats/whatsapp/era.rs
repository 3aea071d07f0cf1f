//! Japanese-era years in header dates. An iPhone set to the Japanese calendar writes
//! the year as an era and a year of that era: `[3/18/R4, 14:56:01]` is 18 March 2022
//! (Reiwa 4), and a year-first date opens with the era (`[R4/03/18 14:56:01]`,
//! `[令和4/03/18 …]`). Reiwa began on 1 May 2019, the day after Heisei 31 ended, so
//! `R1/04/30` is no date at all. (Buddhist-era years are read in `dates.rs`.)

use chrono::NaiveDate;

/// A Japanese era of the Gregorian years WhatsApp can have written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Era {
    Showa,
    Heisei,
    Reiwa,
}

/// The regex alternation of the era names: the one-letter abbreviation iOS writes
/// (`R4`) and the kanji names, long and short (`令和4`, `令4`).
pub(super) const ERA_NAMES: &str = "令和|平成|昭和|令|平|昭|R|H|S";

/// A day as (year, month, day).
type Day = (i32, u32, u32);

/// Each era: its names, its first day and its last day.
const ERAS: [(Era, [&str; 3], Day, Day); 3] = [
    (
        Era::Showa,
        ["S", "昭和", "昭"],
        (1926, 12, 25),
        (1989, 1, 7),
    ),
    (
        Era::Heisei,
        ["H", "平成", "平"],
        (1989, 1, 8),
        (2019, 4, 30),
    ),
    (
        Era::Reiwa,
        ["R", "令和", "令"],
        (2019, 5, 1),
        (9999, 12, 31),
    ),
];

impl Era {
    /// The era a name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        ERAS.iter()
            .find(|(_, names, ..)| names.contains(&name))
            .map(|(era, ..)| *era)
    }

    fn bounds(self) -> (Day, Day) {
        let (_, _, first, last) = ERAS.iter().find(|e| e.0 == self).expect("every era");
        (*first, *last)
    }

    /// The Gregorian date of `month`/`day` in the `year`th year of this era, if the
    /// era had that day.
    pub fn date(self, year: u32, month: u32, day: u32) -> Option<NaiveDate> {
        let (first, last) = self.bounds();
        let year = first.0 + i32::try_from(year).ok()? - 1;
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let ymd = |(y, m, d): Day| NaiveDate::from_ymd_opt(y, m, d);
        (ymd(first)? <= date && date <= ymd(last)?).then_some(date)
    }
}

/// The text after an era name that opens `text` and is followed by a digit (`R4/…`).
pub(super) fn strip_era(text: &str) -> Option<&str> {
    ERA_NAMES.split('|').find_map(|name| {
        let rest = text.strip_prefix(name)?;
        rest.starts_with(|c: char| c.is_ascii_digit())
            .then_some(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn era_years_are_gregorian_years() {
        assert_eq!(
            Era::from_name("R").unwrap().date(4, 3, 18),
            ymd(2022, 3, 18)
        );
        assert_eq!(
            Era::from_name("令和").unwrap().date(4, 3, 18),
            ymd(2022, 3, 18)
        );
        assert_eq!(
            Era::from_name("平成").unwrap().date(31, 4, 30),
            ymd(2019, 4, 30)
        );
        assert_eq!(
            Era::from_name("H").unwrap().date(20, 12, 1),
            ymd(2008, 12, 1)
        );
        assert_eq!(Era::from_name("S").unwrap().date(64, 1, 7), ymd(1989, 1, 7));
        assert_eq!(Era::from_name("X"), None);
    }

    #[test]
    fn a_day_outside_its_era_is_no_date() {
        // Reiwa began on 1 May 2019; Heisei ended the day before.
        assert_eq!(Era::Reiwa.date(1, 5, 1), ymd(2019, 5, 1));
        assert_eq!(Era::Reiwa.date(1, 4, 30), None);
        assert_eq!(Era::Heisei.date(31, 5, 1), None);
        assert_eq!(Era::Heisei.date(1, 1, 7), None);
        assert_eq!(Era::Heisei.date(1, 1, 8), ymd(1989, 1, 8));
        assert_eq!(Era::Reiwa.date(4, 2, 30), None);
        assert_eq!(Era::Reiwa.date(0, 6, 1), None);
    }

    #[test]
    fn era_prefixes() {
        assert_eq!(strip_era("R4/03/18"), Some("4/03/18"));
        assert_eq!(strip_era("令和4/03/18"), Some("4/03/18"));
        assert_eq!(strip_era("H31"), Some("31"));
        assert_eq!(strip_era("Rowan"), None);
        assert_eq!(strip_era("4/03/18"), None);
    }
}
