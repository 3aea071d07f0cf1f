//! Recall and precision of the default classification rules on the labelled
//! marking corpus, per class and per form, for each half:
//! `cargo run --example eval_markings [FILE.tsv …]` (default: the development half
//! `tests/corpus/markings/dev.tsv`, and the held-out half `heldout.tsv` beside it, or
//! the one `ONRECORD_MARKINGS_HELDOUT` names when set). The measure is defined in
//! `onrecord::rules::marking::eval`.

use onrecord::rules::config;
use onrecord::rules::marking::eval::{evaluate, read_corpus};

fn main() {
    let mut files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        files.push("tests/corpus/markings/dev.tsv".into());
        files.push(
            std::env::var("ONRECORD_MARKINGS_HELDOUT")
                .unwrap_or_else(|_| "tests/corpus/markings/heldout.tsv".into()),
        );
    }
    let set = config::load(&[]).expect("built-in rule packs load");
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            println!("{file}: not found, skipped\n");
            continue;
        };
        let lines = read_corpus(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let report = evaluate(&set, &lines);
        println!("## {file} ({} lines)\n\n{report}", lines.len());
        println!(
            "(No default rule reports a plain OFFICIAL marking, so the official class's \
             recall is 0 by design.)\n"
        );
        if std::env::var_os("EVAL_ERRORS").is_some() {
            for (id, expected, predicted) in &report.errors {
                println!("  {id}: expected {expected}, predicted {predicted}");
            }
            println!();
        }
    }
}
