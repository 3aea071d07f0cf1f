//! Evaluates the shipped decision rule on the labelled corpus:
//!
//!     cargo run --example eval_decisions [-- FILE.tsv … [--errors]]
//!
//! Without files it reads `tests/corpus/decisions/dev.tsv` and, when present,
//! `heldout.tsv`, with `principals.toml` beside them, and prints precision and
//! recall per family and overall for each. `--errors` lists the lines read wrongly.

use std::path::PathBuf;

use onrecord::decision::eval;
use onrecord::rules::{RuleKind, config};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let show_errors = args.iter().any(|a| a == "--errors");
    let dir = PathBuf::from("tests/corpus/decisions");
    let mut files: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        files = ["dev.tsv", "heldout.tsv"]
            .iter()
            .map(|f| dir.join(f))
            .filter(|p| p.exists())
            .collect();
    }
    let principals = std::fs::read_to_string(dir.join("principals.toml")).expect("principals.toml");
    let principals = eval::read_principals(&principals).expect("valid principals");
    let set = config::load(&[]).expect("shipped packs load");
    let Some(rule) = set.rules.iter().find_map(|r| match &r.kind {
        RuleKind::Decision(d) => Some(d),
        _ => None,
    }) else {
        panic!("no decision rule in the shipped packs");
    };
    for file in files {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        let lines = eval::read_corpus(&text).expect("valid corpus");
        let e = eval::evaluate(&rule.detector, &principals, &lines);
        println!("{}", e.table(&file.display().to_string()));
        if show_errors {
            for (id, expected, cue) in &e.errors {
                let line = lines.iter().find(|l| &l.id == id).unwrap();
                let what = if *expected { "missed" } else { "false alarm" };
                println!(
                    "  {what} {id} [{}] {}: {} | prev {}: {} | {cue}",
                    line.family, line.sender, line.text, line.prev_sender, line.prev_text
                );
            }
        }
    }
}
