//! Throughput of the classification-marking recogniser on synthetic chat lines:
//! `cargo run --release --example bench_markings`.
//!
//! Measured on the development container (release build, 1M messages each):
//! plain ASCII ≈ 34 ns/msg, emoji + NBSP ≈ 73 ns/msg, near misses
//! (`Secretary`, `official`) ≈ 30 ns/msg, full markings ≈ 0.9 µs/msg.

use std::time::Instant;

use onrecord::rules::marking::{GrammarSettings, MarkingGrammar};

/// A corpus name and a generator for its i-th message.
type Corpus = (&'static str, fn(usize) -> String);

fn main() {
    let grammar = MarkingGrammar::new(&GrammarSettings::default()).expect("grammar compiles");
    let corpora: [Corpus; 5] = [
        ("plain ascii", |i| {
            format!("Can we meet at {i}? The PM is content with the draft line on roads.")
        }),
        ("emoji/nbsp", |i| {
            format!("Lunch\u{a0}at {i} 🎅 café — see you")
        }),
        ("near-miss", |i| {
            format!("Ask the Secretary of State's office {i}; official figures out")
        }),
        ("line heads", |i| {
            format!("Official figures are out at 9:30, top of the grid is item {i}")
        }),
        ("markings", |i| format!("UK SECRET - UK EYES ONLY {i}")),
    ];
    for (name, make) in corpora {
        let messages: Vec<String> = (0..200_000).map(make).collect();
        let bytes: usize = messages.iter().map(String::len).sum();
        // The best of five rounds: other work on the machine only ever adds time.
        let mut best = f64::MAX;
        let mut found = 0;
        for _ in 0..5 {
            let started = Instant::now();
            found = messages
                .iter()
                .map(|m| grammar.find(m).len())
                .sum::<usize>();
            best = best.min(started.elapsed().as_secs_f64());
        }
        println!(
            "{name:12} {found:8} matches {:6.0} ns/msg {:6.0} MB/s",
            best * 1e9 / messages.len() as f64,
            bytes as f64 / best / 1e6
        );
    }
}
