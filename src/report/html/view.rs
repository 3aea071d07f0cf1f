//! What the page template shows, laid out from the run's figures, facts and trend:
//! one [`Section`] for the whole drive and one per office. Only counts, ids, files,
//! locations, dates and conversation titles (as every report names them) reach the
//! page; never message text.

use chrono::{Days, NaiveDate};

use super::chart::{self, Line};
use super::conversations::{Deletion, Evidence};
use crate::report::facts::{OfficeFacts, OverdueDecision, TimerOn};
use crate::report::figures::{self, FIGURES, HEADLINE, Values};
use crate::report::trend::{self, TrendRow};
use crate::rules::Severity;

/// Runs further back than this many days are left off the charts (trend.csv keeps them).
pub const CHART_DAYS: u64 = 365;

/// The two comparisons each figure shows: days back.
const COMPARE_DAYS: [u64; 2] = [7, 28];

/// One office's (or the drive's) inputs.
pub struct Office<'a> {
    /// As shown on the page.
    pub name: &'a str,
    /// As in trend.csv and summary.csv.
    pub key: &'a str,
    pub values: Values,
    pub facts: &'a OfficeFacts,
    /// `None`: there is no conversations report this run.
    pub evidence: Option<&'a Evidence>,
}

/// One section of the page.
pub struct Section {
    pub id: String,
    pub name: String,
    /// Its row name in summary.csv and trend.csv.
    pub key: String,
    pub is_drive: bool,
    pub figures: Vec<FigureRow>,
    pub severities: Vec<FigureRow>,
    pub charts: Vec<Chart>,
    pub overdue_total: u64,
    pub overdue: Vec<OverdueDecision>,
    /// More are overdue than listed.
    pub overdue_cut: bool,
    pub timers_total: u64,
    pub timers: Vec<TimerOn>,
    /// More timers are on than listed.
    pub timers_cut: bool,
    pub conversations: Option<Conversations>,
}

/// One figure's row: its value now and against earlier runs.
pub struct FigureRow {
    pub key: &'static str,
    pub label: &'static str,
    pub explain: &'static str,
    pub now: u64,
    /// Against 7 and 28 days ago, in words.
    pub changes: [String; 2],
}

/// One chart and the numbers behind it.
pub struct Chart {
    pub id: String,
    pub title: String,
    pub explain: String,
    pub svg: String,
    pub columns: Vec<&'static str>,
    pub rows: Vec<(String, Vec<u64>)>,
}

/// The conversations-with-deletion-evidence part of a section.
pub struct Conversations {
    pub count: u64,
    pub top: Vec<Deletion>,
    /// More have evidence than listed.
    pub cut: bool,
}

/// Lays out one section; `index` numbers it for its anchor (0: the drive).
pub fn section(
    index: usize,
    office: &Office<'_>,
    series: &[TrendRow],
    as_of: NaiveDate,
) -> Section {
    let id = if index == 0 {
        "drive".to_string()
    } else {
        format!("office-{index}")
    };
    let rows = figure_rows(office, series, as_of);
    let (figures, severities) = split(rows);
    let overdue_total = office.values[figures::index("decisions_overdue").unwrap_or(0)];
    let facts = office.facts;
    Section {
        charts: charts(&id, office.key, series, as_of),
        id,
        name: office.name.to_string(),
        key: office.key.to_string(),
        is_drive: index == 0,
        figures,
        severities,
        overdue_total,
        overdue: facts.overdue.clone(),
        overdue_cut: overdue_total > facts.overdue.len() as u64,
        timers_total: facts.timers_still_on,
        timers: facts.timers.clone(),
        timers_cut: facts.timers_still_on > facts.timers.len() as u64,
        conversations: office.evidence.map(|e| Conversations {
            count: e.count,
            top: e.top.clone(),
            cut: e.count > e.top.len() as u64,
        }),
    }
}

fn split(mut rows: Vec<FigureRow>) -> (Vec<FigureRow>, Vec<FigureRow>) {
    let severities = rows.split_off(HEADLINE);
    (rows, severities)
}

fn figure_rows(office: &Office<'_>, series: &[TrendRow], as_of: NaiveDate) -> Vec<FigureRow> {
    let earlier = COMPARE_DAYS.map(|days| {
        as_of
            .checked_sub_days(Days::new(days))
            .and_then(|day| trend::latest_on_or_before(series, office.key, day))
    });
    FIGURES
        .iter()
        .enumerate()
        .map(|(i, f)| FigureRow {
            key: f.key,
            label: f.label,
            explain: f.explain,
            now: office.values[i],
            changes: earlier.map(|row| change(office.values[i], row, i)),
        })
        .collect()
}

/// The change from an earlier run, in words.
fn change(now: u64, earlier: Option<&TrendRow>, figure: usize) -> String {
    let Some(row) = earlier else {
        return "no run that far back".to_string();
    };
    let date = long_date(row.as_of);
    match row.values[figure] {
        None => format!("not counted on {date}"),
        Some(then) if then == now => format!("no change since {date}"),
        Some(then) if then < now => format!("up {} since {date}", now - then),
        Some(then) => format!("down {} since {date}", then - now),
    }
}

/// A date as the page writes it: `1 Jul 2021`.
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The office's rows on the charts: dated within [`CHART_DAYS`] up to `as_of`.
fn chart_rows<'r>(series: &'r [TrendRow], office: &str, as_of: NaiveDate) -> Vec<&'r TrendRow> {
    let from = as_of
        .checked_sub_days(Days::new(CHART_DAYS))
        .unwrap_or(NaiveDate::MIN);
    series
        .iter()
        .filter(|r| r.office == office && r.as_of > from && r.as_of <= as_of)
        .collect()
}

fn charts(id: &str, office: &str, series: &[TrendRow], as_of: NaiveDate) -> Vec<Chart> {
    let rows = chart_rows(series, office, as_of);
    let severity: Vec<usize> = Severity::ALL
        .iter()
        .map(|s| figures::severity_index(*s))
        .collect();
    let overdue = vec![figures::index("decisions_overdue").expect("a figure")];
    let runs = match rows.len() {
        1 => "one run so far".to_string(),
        n => format!("{n} runs"),
    };
    vec![
        chart(
            format!("{id}-severity"),
            "Findings by severity over time".into(),
            format!(
                "How many findings each run reported at each severity ({runs}, up to a year back)."
            ),
            &rows,
            &severity,
            "findings",
        ),
        chart(
            format!("{id}-overdue"),
            "Decisions overdue over time".into(),
            format!(
                "Decisions made in chat and past their deadline for the register, run by run ({runs})."
            ),
            &rows,
            &overdue,
            "decisions",
        ),
    ]
}

fn chart(
    id: String,
    title: String,
    explain: String,
    rows: &[&TrendRow],
    figures: &[usize],
    unit: &str,
) -> Chart {
    // A run from an onrecord that did not count a figure is left off its chart.
    let rows: Vec<(NaiveDate, Vec<u64>)> = rows
        .iter()
        .filter_map(|r| {
            Some((
                r.as_of,
                figures
                    .iter()
                    .map(|&i| r.values[i])
                    .collect::<Option<Vec<u64>>>()?,
            ))
        })
        .collect();
    let dates: Vec<NaiveDate> = rows.iter().map(|(d, _)| *d).collect();
    let lines: Vec<Line<'_>> = figures
        .iter()
        .enumerate()
        .map(|(k, &i)| Line {
            label: FIGURES[i].label,
            values: rows.iter().map(|(_, v)| v[k]).collect(),
        })
        .collect();
    Chart {
        svg: chart::svg(&dates, &lines, unit),
        id,
        title,
        explain,
        columns: figures.iter().map(|&i| FIGURES[i].label).collect(),
        rows: rows.into_iter().map(|(d, v)| (long_date(d), v)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn changes_name_the_run_they_compare_with() {
        let overdue = figures::index("decisions_overdue").unwrap();
        let mut values = [0; FIGURES.len()];
        values[overdue] = 2;
        let series = vec![
            TrendRow::new(day("2021-06-03"), "A", &[5; FIGURES.len()]),
            TrendRow::new(day("2021-06-24"), "A", &values),
        ];
        values[overdue] = 4;
        let facts = OfficeFacts::default();
        let office = Office {
            name: "A",
            key: "A",
            values,
            facts: &facts,
            evidence: None,
        };
        let s = section(1, &office, &series, day("2021-07-01"));
        let row = s
            .figures
            .iter()
            .find(|f| f.key == "decisions_overdue")
            .unwrap();
        assert_eq!(row.now, 4);
        assert_eq!(row.changes[0], "up 2 since 24 Jun 2021");
        assert_eq!(row.changes[1], "down 1 since 3 Jun 2021");
        assert!(s.conversations.is_none());
        assert_eq!(s.severities.len(), Severity::ALL.len());
        let later = section(1, &office, &series, day("2021-06-05"));
        let row = &later.figures[0];
        assert_eq!(row.changes[1], "no run that far back");
    }
}
