//! Files that disappear or change between the walk and the read become error rows
//! (the run goes on), exercised through the library with a real walk.

use onrecord::discover::{self, WalkOptions};
use onrecord::examine::{self, Examiner};
use onrecord::formats::ParseOptions;
use onrecord::outcome::Status;
use onrecord::rules::{self, ExcerptMode};
use onrecord::source::archive::ZipLimits;

const CHAT: &str =
    "15/04/2021, 09:14 - Jo Bloggs: Morning all\n15/04/2021, 09:15 - Sam Patel: Morning\n";

#[test]
fn vanished_and_changed_files_are_error_rows() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["gone.txt", "grown.txt", "steady.txt"] {
        std::fs::write(dir.path().join(name), CHAT).unwrap();
    }
    let roots = discover::label_roots(&[dir.path().to_path_buf()]);
    let entries = discover::discover(&roots, &WalkOptions::default(), 1);
    assert_eq!(entries.len(), 3);
    std::fs::remove_file(dir.path().join("gone.txt")).unwrap();
    std::fs::write(dir.path().join("grown.txt"), format!("{CHAT}{CHAT}")).unwrap();

    let ctx = Examiner {
        parse: ParseOptions::default(),
        zip: ZipLimits::default(),
        rules: std::sync::Arc::new(rules::config::load(&[]).unwrap()),
        excerpts: ExcerptMode::Redacted,
        legal_holds: Vec::new(),
    };
    let rows: Vec<_> = entries
        .iter()
        .map(|e| {
            examine::examine(&e.discovered(&roots), "office", &ctx)
                .outcomes
                .remove(0)
        })
        .collect();
    let by = |p: &str| rows.iter().find(|r| r.source_path == p).unwrap();
    assert_eq!(by("gone.txt").status, Status::Error);
    assert!(
        by("gone.txt").detail.contains("disappeared"),
        "{}",
        by("gone.txt").detail
    );
    assert_eq!(by("grown.txt").status, Status::Error);
    assert!(
        by("grown.txt")
            .detail
            .contains("changed while it was being read"),
        "{}",
        by("grown.txt").detail
    );
    assert_eq!(by("steady.txt").status, Status::Scanned);
    assert_eq!(by("steady.txt").messages, 2);
}
