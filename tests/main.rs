//! The integration tests, one binary: each module is one file beside this one
//! (`tests/faults.rs` is `faults`). One binary links the crate and its dependencies
//! once instead of thirty times, which keeps a clean `cargo test` build small enough
//! for a CI machine's disk. Run one file's tests with `cargo test --test integration faults::`.

mod common;

mod conversations;
mod decision_context;
mod decision_corpus;
mod email_parser;
mod email_shapes;
mod example_drive;
mod exit_codes;
mod faults;
mod fuzz;
mod imessage_parser;
mod limits;
mod marking_chat_start;
mod marking_corpus;
mod marking_leaks;
mod mixed_drive;
mod module_graph;
mod nightly;
mod nothing_lost;
mod office_view;
mod office_workbook;
mod scan_cli;
mod shard_merge;
mod signal_parser;
mod slack_parser;
mod sms_parser;
mod systemd_unit;
mod telegram_legacy;
mod telegram_parser;
mod vanishing_files;
mod whatsapp_languages;
mod whatsapp_parser;
mod whatsapp_shapes;

/// With `autotests = false`, a test file without its `mod` line above would never be
/// compiled or run, silently: every `tests/*.rs` must be declared here.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut undeclared = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs")
            && stem != "main"
            && !main.lines().any(|l| l == format!("mod {stem};"))
        {
            undeclared.push(stem.to_string());
        }
    }
    assert!(
        undeclared.is_empty(),
        "tests/*.rs without a `mod` line in tests/main.rs: {undeclared:?}"
    );
}
