//! Report writers: one module per CSV, all writing through [`CsvFile`], which owns
//! the header, cell safety, the optional BOM and the atomic replace; and the office
//! page (`html`), with the trend series behind it (`trend`, `figures`, `facts`).
//!
//! Writers decide nothing: they lay out rows that earlier stages computed.

pub mod cell;
pub mod decisions;
pub mod facts;
pub mod figures;
pub mod files;
pub mod findings;
pub mod html;
pub mod resolved;
pub mod reviews;
pub mod run;
pub mod summary;
pub mod trend;
pub mod workbook;

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// How CSV files are written.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// Start each file with a UTF-8 BOM so Excel reads it as UTF-8.
    pub bom: bool,
    /// Longest text cell, in characters.
    pub max_cell_chars: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            bom: true,
            max_cell_chars: cell::DEFAULT_MAX_CHARS,
        }
    }
}

/// One cell of a row.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// Free text from an export or a user: always passed through [`cell::safe_cell`].
    Text(&'a str),
    /// A count or size.
    Count(u64),
    /// A signed number (days outstanding may be negative for future-dated messages).
    Number(i64),
    /// An id or reference: as text, guarded (see [`cell::safe_id`]) so that a
    /// spreadsheet opening the CSV cannot turn it into a number or a date.
    Id(&'a str),
}

/// A CSV report being written to a temporary file beside its final name; it
/// replaces the final file only in [`CsvFile::finish`], so a killed run never
/// leaves a half-written report.
pub struct CsvFile {
    final_path: PathBuf,
    temp: NamedTempFile,
    writer: csv::Writer<BufWriter<fs::File>>,
    options: CsvOptions,
    record: csv::ByteRecord,
}

impl CsvFile {
    /// Starts `dir/name` with its header row (always written, even with no rows).
    pub fn create(
        dir: &Path,
        name: &str,
        header: &[&str],
        options: &CsvOptions,
    ) -> io::Result<Self> {
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .permissions(cell::report_permissions())
            .tempfile_in(dir)?;
        let mut out = BufWriter::new(temp.as_file().try_clone()?);
        if options.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(header)?;
        Ok(CsvFile {
            final_path: dir.join(name),
            temp,
            writer,
            options: options.clone(),
            record: csv::ByteRecord::new(),
        })
    }

    /// Writes one row.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        self.record.clear();
        for c in cells {
            match c {
                Cell::Text(t) => self
                    .record
                    .push_field(cell::safe_cell(t, self.options.max_cell_chars).as_bytes()),
                Cell::Count(n) => self.record.push_field(n.to_string().as_bytes()),
                Cell::Number(n) => self.record.push_field(n.to_string().as_bytes()),
                Cell::Id(t) => self.record.push_field(
                    cell::safe_id(&cell::safe_cell(t, self.options.max_cell_chars)).as_bytes(),
                ),
            }
        }
        self.writer.write_byte_record(&self.record)?;
        Ok(())
    }

    /// Flushes, syncs and atomically moves the file into place.
    pub fn finish(self) -> io::Result<PathBuf> {
        let mut out = self.writer.into_inner().map_err(|e| e.into_error())?;
        out.flush()?;
        out.get_ref().sync_all()?;
        drop(out);
        self.temp.persist(&self.final_path).map_err(|e| e.error)?;
        Ok(self.final_path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_only_file_is_complete_and_bom_prefixed() {
        let dir = tempfile::tempdir().unwrap();
        let f = CsvFile::create(dir.path(), "x.csv", &["a", "b"], &CsvOptions::default()).unwrap();
        let path = f.finish().unwrap();
        assert_eq!(fs::read(path).unwrap(), b"\xef\xbb\xbfa,b\r\n");
    }

    #[test]
    fn rows_are_escaped_and_no_temp_file_remains() {
        let dir = tempfile::tempdir().unwrap();
        let opts = CsvOptions {
            bom: false,
            ..CsvOptions::default()
        };
        let mut f = CsvFile::create(dir.path(), "x.csv", &["name", "n"], &opts).unwrap();
        f.row(&[Cell::Text("=cmd|' /C calc'!A0"), Cell::Count(3)])
            .unwrap();
        f.row(&[Cell::Text("two\nlines, \"quoted\""), Cell::Number(-2)])
            .unwrap();
        f.finish().unwrap();
        let text = fs::read_to_string(dir.path().join("x.csv")).unwrap();
        assert_eq!(
            text,
            "name,n\r\n'=cmd|' /C calc'!A0,3\r\n\"two ⏎ lines, \"\"quoted\"\"\",-2\r\n"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn reports_are_as_readable_as_the_umask_allows() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = CsvFile::create(dir.path(), "x.csv", &["a"], &CsvOptions::default()).unwrap();
        let mode = fs::metadata(f.finish().unwrap())
            .unwrap()
            .permissions()
            .mode();
        // The test runs under the process's umask: read it back from a new file.
        let probe = dir.path().join("probe");
        fs::File::create(&probe).unwrap();
        let expected = fs::metadata(&probe).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, expected & 0o777, "{mode:o}");
        assert_ne!(mode & 0o044, 0, "group/other can read ({mode:o})");
    }

    #[test]
    fn ids_a_spreadsheet_would_turn_into_numbers_are_guarded() {
        let dir = tempfile::tempdir().unwrap();
        let opts = CsvOptions {
            bom: false,
            ..CsvOptions::default()
        };
        let mut f = CsvFile::create(dir.path(), "x.csv", &["id"], &opts).unwrap();
        for id in [
            "0123456789012345",
            "12e4567890123456",
            "2021/045",
            "0a1b2c3d4e5f6a7b",
        ] {
            f.row(&[Cell::Id(id)]).unwrap();
        }
        f.finish().unwrap();
        let text = fs::read_to_string(dir.path().join("x.csv")).unwrap();
        assert_eq!(
            text,
            "id\r\n'0123456789012345\r\n'12e4567890123456\r\n'2021/045\r\n0a1b2c3d4e5f6a7b\r\n"
        );
    }

    #[test]
    fn unfinished_file_leaves_the_old_report_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x.csv"), "old").unwrap();
        let mut f = CsvFile::create(dir.path(), "x.csv", &["a"], &CsvOptions::default()).unwrap();
        f.row(&[Cell::Text("new")]).unwrap();
        drop(f);
        assert_eq!(fs::read_to_string(dir.path().join("x.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
