//! Helpers shared by the integration tests: finding the real samples outside the
//! repository, building fixture trees, running the real binary, reading its CSV
//! reports back.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Overrides where the real samples are looked for; read by the tests only (so the
/// skip and the CI failure can be shown without moving the shared folder).
pub const SHARED_FIXTURES_ENV: &str = "ONRECORD_SHARED_FIXTURES";

/// The folder of real third-party samples: `../shared/fixtures` from the crate root
/// (or `$ONRECORD_SHARED_FIXTURES`). They are never copied into the repository, so a
/// fresh clone may lack them: then `None`, after printing that the calling test is
/// skipped and why. With `CI=true` their absence fails the test instead, so the
/// real-sample tests cannot silently stop running in CI.
pub fn shared_fixtures() -> Option<PathBuf> {
    let root = std::env::var_os(SHARED_FIXTURES_ENV).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures"),
        PathBuf::from,
    );
    if root.is_dir() {
        return Some(root);
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    let why = format!(
        "the real samples folder {} is absent (it sits beside the repository, \
         see tests/fixtures/SOURCES.md)",
        root.display()
    );
    let ci = std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
    assert!(!ci, "CI=true and {test} cannot run: {why}");
    // Straight to stderr, not `eprintln!`: libtest hides a passing test's captured
    // output, and a skip must be seen in a plain `cargo test`.
    let notice = format!("{test}: skipped its real-sample checks: {why}\n");
    let _ = std::io::stderr().write_all(notice.as_bytes());
    None
}

/// The real sample at `rel` inside [`shared_fixtures`]; `None` (skip) as there. The
/// folder being present but the file missing is a failure, not a skip.
pub fn shared_fixture(rel: &str) -> Option<PathBuf> {
    let path = shared_fixtures()?.join(rel);
    assert!(path.is_file(), "real sample {} is missing", path.display());
    Some(path)
}

/// Writes `bytes` at `root/rel`, creating folders.
pub fn put(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A zip archive holding `(name, bytes)` entries, deflated.
pub fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::from_date_and_time(2021, 5, 1, 12, 0, 0).unwrap());
        for (name, bytes) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stderr: String,
    pub out: PathBuf,
}

/// Runs `onrecord` with `args`; `--out` is set to `out`.
pub fn onrecord(args: &[&str], out: &Path) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_onrecord"))
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run onrecord");
    Run {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        out: out.to_path_buf(),
    }
}

/// Scans the bundled example drive into `out` with its config, `register` and `as_of`
/// (the state file in `out` carries over between calls with the same `out`), and
/// checks the exit code: 5, for the drive's planted findings and its broken files.
pub fn scan_example_drive(register: &Path, as_of: &str, out: &Path) -> Run {
    let run = onrecord(
        &[
            "scan",
            "examples/drive",
            "--config",
            "examples/onrecord.toml",
            "--register",
            register.to_str().expect("a UTF-8 register path"),
            "--as-of",
            as_of,
            "--quiet",
        ],
        out,
    );
    assert_eq!(
        run.code, 5,
        "the example drive's planted findings and broken files make it exit 5: {}",
        run.stderr
    );
    run
}

/// Runs `onrecord` with `args` only (no `--out`).
pub fn onrecord_plain(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_onrecord"))
        .args(args)
        .output()
        .expect("run onrecord");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Reads a report CSV (BOM tolerated) into rows of column name → value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// The files.csv rows keyed by source_path.
pub fn files_by_path(out: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    read_csv(&out.join("files.csv"))
        .into_iter()
        .map(|r| (r["source_path"].clone(), r))
        .collect()
}

/// Every file under `dir` (recursively), in no particular order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Reads the WhatsApp fixture at `rel` under tests/fixtures/whatsapp/ as a real export
/// is read (detected by name and content, then parsed), checking that no record is
/// skipped and that it holds one conversation.
pub fn load_whatsapp_fixture(
    rel: &str,
) -> (onrecord::model::Conversation, Vec<onrecord::model::Item>) {
    use onrecord::formats::whatsapp::{looks_like, parse};
    use onrecord::formats::{Collector, ParseOptions};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/whatsapp/");
    let bytes = std::fs::read(format!("{dir}{rel}")).expect("fixture exists");
    let file_name = rel.rsplit('/').next().unwrap();
    assert!(
        looks_like(file_name, &String::from_utf8_lossy(&bytes)),
        "{rel} not detected"
    );
    let mut out = Collector::default();
    let stats = parse(
        &onrecord::source::MemoryInput::new(rel, bytes),
        &ParseOptions::default(),
        &mut out,
    )
    .unwrap();
    assert_eq!(stats.skipped_records, 0, "{rel}");
    assert_eq!(out.conversations.len(), 1, "{rel}");
    out.conversations.pop().unwrap()
}

/// A written file's text; a workbook's (report.xlsx) is its zip members' text,
/// which deflate would hide from a plain search.
pub fn written_text(file: &Path) -> String {
    let bytes = std::fs::read(file).unwrap();
    if file.extension().is_some_and(|e| e == "xlsx") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        for i in 0..zip.len() {
            std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut text).unwrap();
        }
        assert!(text.contains("<sheetData"), "{} read", file.display());
        return text;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
