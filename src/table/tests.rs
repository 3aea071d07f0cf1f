//! Tables as spreadsheets save them: CSV in UTF-8, UTF-16 and Windows-1252, and
//! workbooks built here (xlsx with rust_xlsxwriter, ods as LibreOffice lays it out).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::*;

fn date(y: i32, m: u32, d: u32) -> Value {
    Value::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

#[test]
fn windows_1252_csv_is_detected_and_decoded_with_a_note() {
    // "£2m grant – café" as Excel's "CSV (Comma delimited)" saves it on Windows.
    let bytes = b"Reference,Summary\r\nDEC-1,\xa32m grant \x96 caf\xe9 visit\r\n";
    let t = csv_table("register.csv", bytes).unwrap();
    assert_eq!(
        t.rows[0].cells,
        Ok(vec![text("DEC-1"), text("£2m grant – café visit")])
    );
    assert_eq!(t.notes.len(), 1);
    assert!(t.notes[0].contains("windows-1252"), "{:?}", t.notes);
}

#[test]
fn utf8_with_one_damaged_row_keeps_its_good_rows() {
    let bytes = b"Reference,Summary\nDEC-1,\xc2\xa32m grant\nDEC-2,caf\xe9\nDEC-3,fine\n";
    let t = csv_table("register.csv", bytes).unwrap();
    assert!(t.notes.is_empty());
    assert_eq!(t.rows[0].cells, Ok(vec![text("DEC-1"), text("£2m grant")]));
    assert!(t.rows[1].cells.as_ref().unwrap_err().contains("UTF-8"));
    assert_eq!(t.rows[2].line, 4);
}

#[test]
fn utf16_csv_with_bom_is_read() {
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Reference,Summary\r\nDEC-7,Agreed – go\r\n".encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    let t = csv_table("register.csv", &bytes).unwrap();
    assert_eq!(t.header, ["Reference", "Summary"]);
    assert_eq!(
        t.rows[0].cells,
        Ok(vec![text("DEC-7"), text("Agreed – go")])
    );
}

#[test]
fn undecodable_bytes_are_refused_clearly() {
    // Bytes that are no text in any single-byte code page chardetng would pick.
    let bytes = b"Reference,Summary\n\x81\x8d\x8f\x90\x9d,\x81\x8d\x8f\x90\x9d\n";
    match csv_table("register.csv", bytes) {
        Err(e) => assert!(e.contains("CSV UTF-8"), "{e}"),
        // Some code pages map every byte; then the note must say which was used.
        Ok(t) => assert_eq!(t.notes.len(), 1, "{t:?}"),
    }
}

/// A register workbook as a records manager keeps it: a cover sheet first, the
/// log second; date cells, a reference typed as a number, one typed as text.
fn register_xlsx(dir: &Path) -> PathBuf {
    let path = dir.join("Decision log.xlsx");
    let mut book = Workbook::new();
    let cover = book.add_worksheet().set_name("Cover").unwrap();
    cover
        .write_string(0, 0, "Decision log of the Private Office")
        .unwrap();
    let log = book.add_worksheet().set_name("Log 2021").unwrap();
    let dmy = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["Reference", "Date of decision", "Summary"]
        .iter()
        .enumerate()
    {
        log.write_string(0, c as u16, *h).unwrap();
    }
    log.write_string(1, 0, "0042").unwrap();
    let d = ExcelDateTime::from_ymd(2021, 3, 8).unwrap();
    log.write_datetime_with_format(1, 1, &d, &dmy).unwrap();
    log.write_string(1, 2, "Testing contract: option B")
        .unwrap();
    log.write_number(2, 0, 2021045.0).unwrap();
    log.write_string(2, 1, "23/03/2021").unwrap();
    log.write_string(2, 2, "Grant signed off").unwrap();
    book.save(&path).unwrap();
    path
}

#[test]
fn xlsx_sheet_named_after_hash_is_read_with_date_and_text_cells() {
    let dir = tempfile::tempdir().unwrap();
    let path = register_xlsx(dir.path());
    let spec = PathBuf::from(format!("{}#Log 2021", path.display()));
    let t = read(&spec).unwrap();
    assert_eq!(t.unit, "row");
    assert_eq!(t.header, ["Reference", "Date of decision", "Summary"]);
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(
        t.rows[0].cells,
        Ok(vec![
            text("0042"),
            date(2021, 3, 8),
            text("Testing contract: option B")
        ])
    );
    assert_eq!(t.rows[1].get(0), text("2021045"));
    assert_eq!(t.rows[1].get(1).date(), date(2021, 3, 23).date());
    // Without a sheet name: the first sheet.
    let first = read(&path).unwrap();
    assert_eq!(first.header, ["Decision log of the Private Office"]);
    let err = read(&PathBuf::from(format!("{}#Log 2022", path.display()))).unwrap_err();
    assert!(
        err.contains("no sheet \"Log 2022\"") && err.contains("Cover, Log 2021"),
        "{err}"
    );
}

/// An .ods as LibreOffice Calc writes it (mimetype first and stored, a manifest,
/// content.xml with typed cells).
fn register_ods(dir: &Path) -> PathBuf {
    let path = dir.join("register.ods");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
    )
    .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    // LibreOffice writes content.xml on one line, with no space between elements.
    let cell = |attrs: &str, text: &str| {
        format!("<table:table-cell {attrs}><text:p>{text}</text:p></table:table-cell>")
    };
    let string = |text: &str| cell(r#"office:value-type="string""#, text);
    let rows = [
        [
            string("Reference"),
            string("Date of decision"),
            string("Summary"),
        ],
        [
            string("DEC-2021-031"),
            cell(
                r#"office:value-type="date" office:date-value="2021-05-06""#,
                "06/05/2021",
            ),
            string("Deployment plan agreed"),
        ],
    ];
    let rows: String = rows
        .iter()
        .map(|r| format!("<table:table-row>{}</table:table-row>", r.concat()))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Decisions">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
    path
}

#[test]
fn ods_date_cells_are_dates() {
    let dir = tempfile::tempdir().unwrap();
    let t = read(&register_ods(dir.path())).unwrap();
    assert_eq!(t.header, ["Reference", "Date of decision", "Summary"]);
    assert_eq!(
        t.rows[0].cells,
        Ok(vec![
            text("DEC-2021-031"),
            date(2021, 5, 6),
            text("Deployment plan agreed")
        ])
    );
}

#[test]
fn a_hash_in_a_csv_name_is_part_of_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log #2.csv");
    std::fs::write(&path, "Reference\nDEC-1\n").unwrap();
    assert_eq!(split_sheet(&path), (path.clone(), None));
    assert_eq!(read(&path).unwrap().rows.len(), 1);
}
