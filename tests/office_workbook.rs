//! report.xlsx and the spreadsheet inputs, end to end on the example drive: the
//! workbook opened with a reader crate (calamine) has its sheets, typed cells and a
//! To-transfer sheet that agrees with decisions.csv; the example register saved as
//! an .xlsx (built here with rust_xlsxwriter, dates as date cells) gives the same
//! decisions.csv as the CSV; the same input gives a byte-identical workbook.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use common::read_csv;

const AS_OF: &str = "2021-07-01";

fn scan(register: &Path, out: &Path) {
    common::scan_example_drive(register, AS_OF, out);
}

fn workbook(out: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(out.join("report.xlsx")).expect("report.xlsx opens")
}

/// A sheet as rows of column name → cell.
fn sheet(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> Vec<BTreeMap<String, Data>> {
    let range = book.worksheet_range(name).unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    rows.map(|r| header.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

fn date_of(cell: &Data) -> NaiveDate {
    match cell {
        Data::DateTime(d) => d.as_datetime().unwrap().date(),
        other => panic!("not a date cell: {other:?}"),
    }
}

#[test]
fn the_workbook_has_typed_sheets_and_a_to_transfer_sheet_matching_decisions_csv() {
    let out = tempfile::tempdir().unwrap();
    scan(Path::new("examples/register.csv"), out.path());
    let mut book = workbook(out.path());
    assert_eq!(
        book.sheet_names(),
        [
            "To transfer",
            "summary",
            "decisions",
            "findings",
            "files",
            "resolved",
            "reviews",
            "register-unmatched",
            "summary-detail",
            "conversations"
        ]
    );

    // Every CSV row is in its sheet; times are date-times shown in Europe/London,
    // counts are numbers, ids text.
    let findings_csv = read_csv(&out.path().join("findings.csv"));
    let findings = sheet(&mut book, "findings");
    assert_eq!(findings.len(), findings_csv.len());
    for (row, csv) in findings.iter().zip(&findings_csv) {
        assert_eq!(row["finding_id"], Data::String(csv["finding_id"].clone()));
        if csv["message_time"].is_empty() {
            assert_eq!(row["message_time"], Data::Empty);
            continue;
        }
        let Data::DateTime(t) = &row["message_time"] else {
            panic!("message_time is no date-time: {:?}", row["message_time"]);
        };
        let want = chrono::DateTime::parse_from_rfc3339(&csv["message_time"])
            .unwrap()
            .with_timezone(&chrono_tz::Europe::London)
            .naive_local();
        assert_eq!(t.as_datetime().unwrap(), want, "{}", csv["message_time"]);
    }
    let summary = sheet(&mut book, "summary");
    let total = summary.last().unwrap();
    let total_csv = read_csv(&out.path().join("summary.csv")).pop().unwrap();
    let findings_total: f64 = total_csv["findings_medium"].parse().unwrap();
    assert_eq!(total["findings_medium"], Data::Float(findings_total));
    assert_eq!(total["office"], Data::String("(all offices)".into()));

    // To transfer: the pending and overdue rows of decisions.csv, most overdue first.
    let decisions = read_csv(&out.path().join("decisions.csv"));
    let mut want: Vec<&BTreeMap<String, String>> = decisions
        .iter()
        .filter(|d| d["status"] == "pending" || d["status"] == "overdue")
        .collect();
    want.sort_by(|a, b| {
        (&a["due_date"], &a["decision_id"]).cmp(&(&b["due_date"], &b["decision_id"]))
    });
    assert!(
        want.len() >= 3,
        "the example drive has decisions to transfer"
    );
    let transfer = sheet(&mut book, "To transfer");
    assert_eq!(transfer.len(), want.len());
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let mut last_overdue = f64::INFINITY;
    for (row, d) in transfer.iter().zip(&want) {
        let s = |k: &str| Data::String(d[k].clone());
        assert_eq!(row["decision_id"], s("decision_id"));
        assert_eq!(row["status"], s("status"));
        assert_eq!(row["source_path"], s("source_path"));
        assert_eq!(row["location"], s("location"));
        assert_eq!(row["message"], s("excerpt"));
        let due = date_of(&row["due_date"]);
        assert_eq!(due.to_string(), d["due_date"]);
        let overdue = (as_of - due).num_days().max(0) as f64;
        assert_eq!(row["days_overdue"], Data::Float(overdue));
        assert!(overdue <= last_overdue, "most overdue first");
        last_overdue = overdue;
        assert_eq!(d["status"] == "overdue", overdue > 0.0, "{d:?}");
        // The register row, in examples/register.csv's own columns.
        assert_eq!(
            row["Reference"],
            Data::Empty,
            "the register gives the reference"
        );
        assert_eq!(row["Conversation"], s("conversation"));
        assert_eq!(row["Summary"], s("excerpt"));
        let platform = onrecord::model::Platform::ALL
            .into_iter()
            .find(|p| p.as_str() == d["platform"])
            .unwrap();
        assert_eq!(row["Channel"], Data::String(platform.display_name().into()));
        assert_eq!(
            date_of(&row["Date of decision"]).to_string(),
            d["message_time"][..10]
        );
    }
}

/// examples/register.csv as a records manager's workbook: a cover sheet, then the
/// log with its dates as date cells and everything else as text.
fn register_xlsx(dir: &Path) -> PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let text = std::fs::read_to_string("examples/register.csv").unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("About")
        .unwrap()
        .write_string(0, 0, "Decision register, fictional")
        .unwrap();
    let log = book.add_worksheet().set_name("Register 2021").unwrap();
    let dmy = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in header.iter().enumerate() {
        log.write_string(0, c as u16, h).unwrap();
    }
    for (r, record) in reader.records().enumerate() {
        let row = r as u32 + 1;
        for (c, cell) in record.unwrap().iter().enumerate() {
            let date = NaiveDate::parse_from_str(cell, "%d/%m/%Y")
                .or_else(|_| NaiveDate::parse_from_str(cell, "%Y-%m-%d"));
            match date {
                Ok(d) => {
                    use chrono::Datelike;
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .unwrap();
                    log.write_datetime_with_format(row, c as u16, &x, &dmy)
                        .unwrap();
                }
                Err(_) => {
                    log.write_string(row, c as u16, cell).unwrap();
                }
            }
        }
    }
    let path = dir.join("Decision register.xlsx");
    book.save(&path).unwrap();
    path
}

#[test]
fn the_register_as_a_workbook_gives_the_same_decisions_as_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = register_xlsx(dir.path());
    let (from_csv, from_xlsx) = (dir.path().join("csv"), dir.path().join("xlsx"));
    scan(Path::new("examples/register.csv"), &from_csv);
    let sheet = PathBuf::from(format!("{}#Register 2021", xlsx.display()));
    scan(&sheet, &from_xlsx);
    let a = std::fs::read(from_csv.join("decisions.csv")).unwrap();
    let b = std::fs::read(from_xlsx.join("decisions.csv")).unwrap();
    assert!(
        a == b,
        "decisions.csv differs between the CSV and the workbook register"
    );
    let recorded = read_csv(&from_xlsx.join("decisions.csv"))
        .iter()
        .filter(|d| d["status"] == "recorded")
        .count();
    assert!(recorded >= 2, "the workbook's rows matched decisions");
    let unmatched = read_csv(&from_xlsx.join("register-unmatched.csv"));
    assert_eq!(unmatched[0]["register_file"], sheet.display().to_string());
    assert_eq!(
        unmatched[0]["date_of_decision"], "2021-06-02",
        "a date cell read as a date"
    );
}

#[test]
fn the_same_input_gives_a_byte_identical_workbook_with_fixed_time_stamps() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    scan(Path::new("examples/register.csv"), &a);
    scan(Path::new("examples/register.csv"), &b);
    let x = std::fs::read(a.join("report.xlsx")).unwrap();
    assert!(
        x == std::fs::read(b.join("report.xlsx")).unwrap(),
        "report.xlsx differs"
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(x)).unwrap();
    for i in 0..zip.len() {
        let member = zip.by_index(i).unwrap();
        let t = member.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{:?}",
            member.name()
        );
    }
    let mut core = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/core.xml").unwrap(), &mut core)
        .unwrap();
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2021-07-01T00:00:00Z"),
        "{core}"
    );
}

#[test]
fn summary_counts_secret_or_above_and_decisions_say_where_and_when_due() {
    let out = tempfile::tempdir().unwrap();
    scan(Path::new("examples/register.csv"), out.path());
    let findings = read_csv(&out.path().join("findings.csv"));
    let summary = read_csv(&out.path().join("summary.csv"));
    for row in &summary {
        let secret = findings
            .iter()
            .filter(|f| f["rule_id"] == "classification-secret")
            .filter(|f| row["office"] == "(all offices)" || f["office"] == row["office"])
            .count();
        assert_eq!(
            row["secret_or_above"],
            secret.to_string(),
            "{}",
            row["office"]
        );
    }
    assert_ne!(summary.last().unwrap()["secret_or_above"], "0");
    // examples/onrecord.toml: deadline-days = 20 (due the 20th day, overdue after).
    let config = std::fs::read_to_string("examples/onrecord.toml").unwrap();
    let deadline: i64 = config
        .lines()
        .find_map(|l| l.strip_prefix("deadline-days = "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(30);
    for d in read_csv(&out.path().join("decisions.csv")) {
        assert!(
            d["location"].starts_with("line ") || d["location"].starts_with("id "),
            "{d:?}"
        );
        let made = NaiveDate::parse_from_str(&d["message_time"][..10], "%Y-%m-%d").unwrap();
        let due = NaiveDate::parse_from_str(&d["due_date"], "%Y-%m-%d").unwrap();
        assert_eq!((due - made).num_days(), deadline - 1, "{d:?}");
    }
}
