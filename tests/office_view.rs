//! report.html and trend.csv end to end on the bundled example drive: the page as
//! headless Chromium renders it shows summary.csv's numbers and is not blank; it
//! parses as HTML without errors, loads nothing from outside and quotes no message;
//! the same input gives the same page; and trend.csv keeps one row per office per
//! run date across nightly runs, a re-run and a deleted state file.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::read_csv;
use scraper::{ElementRef, Html, Selector};

/// Scans the example drive into `out` as of `as_of` (the default state file in
/// `out` carries over between calls with the same `out`).
fn scan(out: &Path, as_of: &str) {
    common::scan_example_drive(Path::new("examples/register.csv"), as_of, out);
}

/// Debian's headless Chromium, or `None` after a skip notice; with `CI=true` its
/// absence fails the test (`.ci/run` installs it).
fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromium"))
            .find(|p| p.is_file())
    });
    if found.is_some() {
        return found;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    assert!(
        !ci,
        "CI=true and {test} cannot run: chromium is not on PATH (.ci/run installs it)"
    );
    let notice = format!("{test}: skipped: chromium is not on PATH (apt-get install chromium)\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), notice.as_bytes());
    None
}

/// Runs headless Chromium on `page` with `extra` flags; returns its stdout.
fn run_chromium(chromium: &Path, profile: &Path, extra: &[&str], page: &Path) -> String {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Each section's figures: office (as in summary.csv) → figure key → shown value.
fn shown_figures(page: &Html) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for section in page.select(&sel("section[data-office]")) {
        let office = section.value().attr("data-office").unwrap().to_string();
        let figures = section
            .select(&sel("tr[data-figure]"))
            .map(|tr| {
                let key = tr.value().attr("data-figure").unwrap().to_string();
                let value = tr.select(&sel("td[data-value]")).next().map(text).unwrap();
                (key, value)
            })
            .collect();
        out.insert(office, figures);
    }
    out
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// The page's figures summary.csv lacks.
const COUNTED: [&str; 3] = [
    "secret_or_above",
    "timers_still_on",
    "timers_across_legal_hold",
];

/// What the page's figures that summary.csv lacks must be, counted from findings.csv.
fn counted_from_findings(out: &Path) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for f in read_csv(&out.join("findings.csv")) {
        let mut note = |key: &str| {
            for office in [f["office"].clone(), "(all offices)".to_string()] {
                *counts.entry((office, key.to_string())).or_default() += 1;
            }
        };
        if f["rule_id"] == "classification-secret" {
            note("secret_or_above");
        }
        if f["category"] == "disappearing_messages" {
            if f["detail"].contains("still on at the end of the export") {
                note("timers_still_on");
            }
            if f["detail"].contains("on across legal hold") {
                note("timers_across_legal_hold");
            }
        }
    }
    counts
}

#[test]
fn chromium_renders_the_page_with_summary_numbers() {
    let Some(chromium) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("reports");
    scan(&out, "2021-07-01");
    let profile = tmp.path().join("profile");
    let dom = run_chromium(
        &chromium,
        &profile,
        &["--dump-dom"],
        &out.join("report.html"),
    );
    let page = Html::parse_document(&dom);
    let body = page
        .select(&sel("body"))
        .next()
        .map(text)
        .unwrap_or_default();
    assert!(body.len() > 1000, "the rendered page is blank: {dom:.300}");

    let summary = read_csv(&out.join("summary.csv"));
    let shown = shown_figures(&page);
    let offices: Vec<&String> = summary.iter().map(|r| &r["office"]).collect();
    assert_eq!(
        shown.len(),
        offices.len(),
        "a section per summary row: {shown:?}"
    );
    let extra = counted_from_findings(&out);
    let mut compared = 0;
    for row in &summary {
        let office = &row["office"];
        let figures = &shown[office];
        for (key, value) in figures {
            let want = match row.get(key) {
                Some(v) => v.clone(),
                // Not in summary.csv: one of the three counted from findings.csv.
                None if COUNTED.contains(&key.as_str()) => extra
                    .get(&(office.clone(), key.clone()))
                    .copied()
                    .unwrap_or(0)
                    .to_string(),
                None => panic!("figure {key} is neither in summary.csv nor counted here"),
            };
            assert_eq!(value, &want, "{office}: {key}");
            compared += 1;
        }
    }
    assert_eq!(
        compared,
        offices.len() * 14,
        "every figure of every section compared"
    );
    let drive = &shown["(all offices)"];
    assert_eq!(drive["decisions_overdue"], "3");
    // The Telegram chat's TOP SECRET file once, not again for its copy cut short.
    assert_eq!(drive["secret_or_above"], "2");

    // Not blank as drawn either: far more ink than an empty page.
    let shot = tmp.path().join("page.png");
    let blank = tmp.path().join("blank.png");
    let empty = tmp.path().join("empty.html");
    std::fs::write(
        &empty,
        "<!DOCTYPE html><html lang=en><title>x</title></html>",
    )
    .unwrap();
    let size = "--window-size=1280,2000";
    run_chromium(
        &chromium,
        &profile,
        &[&format!("--screenshot={}", shot.display()), size],
        &out.join("report.html"),
    );
    run_chromium(
        &chromium,
        &profile,
        &[&format!("--screenshot={}", blank.display()), size],
        &empty,
    );
    let (page_bytes, blank_bytes) = (
        std::fs::metadata(&shot).unwrap().len(),
        std::fs::metadata(&blank).unwrap().len(),
    );
    assert!(
        page_bytes > 10 * blank_bytes,
        "screenshot {page_bytes} bytes, blank page {blank_bytes}"
    );

    // Printed: A4 pages, each office starting a new one.
    let pdf = tmp.path().join("page.pdf");
    let flag = format!("--print-to-pdf={}", pdf.display());
    run_chromium(
        &chromium,
        &profile,
        &["--no-pdf-header-footer", &flag],
        &out.join("report.html"),
    );
    let pdf = std::fs::read(&pdf).unwrap();
    let count = |needle: &str| {
        pdf.windows(needle.len())
            .filter(|w| *w == needle.as_bytes())
            .count()
    };
    let pages = count("/Type /Page") - count("/Type /Pages");
    assert!(
        pages >= offices.len(),
        "{pages} printed pages for {} sections",
        offices.len()
    );
    assert_eq!(
        count("/MediaBox [0 0 594.95996 841.91998]"),
        pages,
        "every page A4"
    );
}

#[test]
fn page_parses_without_errors_loads_nothing_and_quotes_no_message() {
    let tmp = tempfile::tempdir().unwrap();
    scan(tmp.path(), "2021-07-01");
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    let page = Html::parse_document(&html);
    assert!(
        page.errors.is_empty(),
        "HTML parse errors: {:?}",
        page.errors
    );
    assert_eq!(page.root_element().value().attr("lang"), Some("en-GB"));
    for needle in [
        "<script", "<link", "<img", "<iframe", "src=", "url(", "http://", "https://", "@import",
    ] {
        let at = html
            .find(needle)
            .map(|i| &html[i.saturating_sub(40)..(i + 40).min(html.len())]);
        // The SVG namespace is a name, not a fetch.
        let allowed = at.is_some_and(|a| a.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(at.is_none() || allowed, "{needle} in the page: {at:?}");
    }
    for table in page.select(&sel("table")) {
        assert!(
            table.select(&sel("caption")).next().is_some(),
            "a table without a caption"
        );
        for th in table.select(&sel("th")) {
            assert!(
                th.value().attr("scope").is_some(),
                "a header cell without scope: {}",
                th.html()
            );
        }
    }
    let charts = page.select(&sel("figure.chart")).count();
    assert!(charts >= 2, "two charts a section");
    for figure in page.select(&sel("figure.chart")) {
        assert!(figure.select(&sel("figcaption")).next().is_some());
        assert!(
            figure
                .select(&sel("[role=img][aria-label]"))
                .next()
                .is_some()
        );
        assert!(figure.select(&sel("svg")).next().is_some());
        assert!(
            figure
                .select(&sel("table.series tbody tr"))
                .next()
                .is_some(),
            "the numbers behind the chart"
        );
    }
    // No message text: no excerpt of any finding or decision is on the page.
    let mut excerpts = Vec::new();
    for report in ["findings.csv", "decisions.csv"] {
        for row in read_csv(&tmp.path().join(report)) {
            if row["excerpt"].chars().count() >= 12 {
                excerpts.push(row["excerpt"].clone());
            }
        }
    }
    assert!(excerpts.len() > 10, "the drive has excerpts to leak");
    let shown = page.root_element().text().collect::<String>();
    for e in &excerpts {
        assert!(!shown.contains(e.as_str()), "excerpt on the page: {e}");
    }
}

/// The page without its one run time-stamp line.
fn page_without_stamp(dir: &Path) -> String {
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    let stamped: Vec<&str> = html
        .lines()
        .filter(|l| l.contains("id=\"run-stamp\""))
        .collect();
    assert_eq!(stamped.len(), 1, "one run-stamp line");
    html.lines()
        .filter(|l| !l.contains("id=\"run-stamp\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_same_input_gives_the_same_page_and_trend() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    scan(a.path(), "2021-07-01");
    scan(b.path(), "2021-07-01");
    assert_eq!(page_without_stamp(a.path()), page_without_stamp(b.path()));
    let trend = |d: &Path| std::fs::read(d.join("trend.csv")).unwrap();
    assert_eq!(trend(a.path()), trend(b.path()));
}

/// trend.csv as (as_of, office) → row.
fn trend_rows(out: &Path) -> Vec<BTreeMap<String, String>> {
    read_csv(&out.join("trend.csv"))
}

#[test]
fn trend_survives_nightly_runs_a_rerun_and_a_deleted_state() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    scan(out, "2021-06-03");
    scan(out, "2021-06-24");
    let before = trend_rows(out);
    std::fs::remove_file(out.join("onrecord-state.sqlite")).unwrap();
    scan(out, "2021-07-01");
    scan(out, "2021-07-01");
    let rows = trend_rows(out);
    let offices: Vec<String> = read_csv(&out.join("summary.csv"))
        .into_iter()
        .map(|r| r["office"].clone())
        .collect();
    let mut want = Vec::new();
    for day in ["2021-06-03", "2021-06-24", "2021-07-01"] {
        for office in &offices {
            want.push((day.to_string(), office.clone()));
        }
    }
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["as_of"].clone(), r["office"].clone()))
        .collect();
    assert_eq!(
        got, want,
        "one row per office per run date; the re-run replaced its date"
    );
    assert_eq!(
        rows[..before.len()],
        before[..],
        "earlier dates are kept as they were"
    );
    let drive = |day: &str, key: &str| {
        rows.iter()
            .find(|r| r["as_of"] == day && r["office"] == "(all offices)")
            .unwrap()[key]
            .clone()
    };
    // On 3 June the HMT decision of 11 May was still within its 30 days.
    assert_eq!(drive("2021-06-03", "decisions_overdue"), "2");
    assert_eq!(drive("2021-07-01", "decisions_overdue"), "3");

    let page = Html::parse_document(&std::fs::read_to_string(out.join("report.html")).unwrap());
    let row = page
        .select(&sel("section#drive tr[data-figure=decisions_overdue]"))
        .next()
        .unwrap();
    let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
    assert_eq!(
        cells[..3],
        ["3", "no change since 24 Jun 2021", "up 1 since 3 Jun 2021"]
    );
    let chart = page
        .select(&sel("#drive-overdue table.series tbody tr"))
        .count();
    assert_eq!(
        chart, 3,
        "the drive's overdue chart has the three run dates"
    );
}
