//! report.html, the office view: one self-contained page (inline CSS and SVG, no
//! network, no external asset) for the whole drive and each office — headline
//! figures with their change against 7 and 28 days ago, trend charts, the oldest
//! overdue decisions to transfer, the timers still on and, when conversations.csv
//! was written, the conversations with evidence of deletion. Also writes the
//! trend.csv series the charts come from (see [`crate::report::trend`]).
//!
//! The page is laid out by [`view`], drawn by the askama template
//! `templates/report.html` (HTML autoescaping on) and written atomically beside
//! the other staged reports. Everything on it is decided by the input, except the
//! one line giving the run's start time (`id="run-stamp"`).

pub mod chart;
pub mod conversations;
pub mod view;

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};

use super::CsvOptions;
use super::facts::{Facts, OfficeFacts};
use super::figures;
use super::summary::{ALL_OFFICES, OfficeCounts};
use super::trend::{self, TrendRow};
use crate::pipeline::Diagnostics;
use conversations::Evidence;
use view::Section;

/// The page's file name.
pub const NAME: &str = "report.html";

/// What the page is written from.
pub struct PageInput<'a> {
    /// The staging folder the reports are written into.
    pub dir: &'a Path,
    /// The report folder, where the published trend.csv of earlier runs is.
    pub out: &'a Path,
    pub as_of: NaiveDate,
    pub started: DateTime<Utc>,
    /// summary.csv's counts, per office.
    pub offices: &'a BTreeMap<String, OfficeCounts>,
    pub facts: &'a Facts,
    pub csv: &'a CsvOptions,
}

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    as_of: String,
    as_of_iso: String,
    run_stamp: String,
    sections: &'a [Section],
    has_conversations: bool,
}

/// Writes trend.csv and report.html into the staging folder.
pub fn write(input: &PageInput<'_>, diag: &mut dyn Diagnostics) -> io::Result<Vec<PathBuf>> {
    let none = OfficeFacts::default();
    let mut total_counts = OfficeCounts::default();
    for c in input.offices.values() {
        total_counts.add(c);
    }
    let total_facts = input.facts.total();
    let mut offices: Vec<(&str, &OfficeCounts, &OfficeFacts)> =
        super::summary::listed(input.offices)
            .map(|(name, c)| (name, c, input.facts.offices.get(name).unwrap_or(&none)))
            .collect();
    offices.insert(0, (ALL_OFFICES, &total_counts, &total_facts));
    let values: Vec<figures::Values> = offices
        .iter()
        .map(|(_, c, f)| figures::values(c, f))
        .collect();

    // This run's rows: the offices by name, then the whole drive (as summary.csv).
    let mut now: Vec<TrendRow> = offices
        .iter()
        .zip(&values)
        .map(|((name, _, _), v)| TrendRow::new(input.as_of, name, v))
        .collect();
    now.rotate_left(1);
    let earlier = trend::read(&input.out.join(trend::NAME), diag);
    let series = trend::merge(earlier, input.as_of, now);
    let trend_path = trend::write(input.dir, &series, input.csv)?;

    let evidence = conversations::read(input.dir, diag);
    let drive_evidence = evidence.as_ref().map(|e| {
        let mut all = Evidence::default();
        e.values().for_each(|o| all.add(o));
        all
    });
    let empty = Evidence::default();
    let sections: Vec<Section> = offices
        .iter()
        .zip(values)
        .enumerate()
        .map(|(i, ((name, _, facts), values))| {
            let evidence = match (&evidence, i) {
                (None, _) => None,
                (Some(_), 0) => drive_evidence.as_ref(),
                (Some(e), _) => Some(e.get(*name).unwrap_or(&empty)),
            };
            let office = view::Office {
                name: if i == 0 { "Whole drive" } else { name },
                key: name,
                values,
                facts,
                evidence,
            };
            view::section(i, &office, &series, input.as_of)
        })
        .collect();
    let page = Page {
        as_of: view::long_date(input.as_of),
        as_of_iso: input.as_of.to_string(),
        run_stamp: input.started.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        sections: &sections,
        has_conversations: evidence.is_some(),
    };
    let html = page.render().map_err(io::Error::other)?;
    Ok(vec![
        trend_path,
        write_atomically(input.dir, NAME, html.as_bytes())?,
    ])
}

/// Writes `bytes` to `dir/name` through a temporary file, so a killed run never
/// leaves half a page.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<PathBuf> {
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    let path = dir.join(name);
    temp.persist(&path).map_err(|e| e.error)?;
    Ok(path)
}
