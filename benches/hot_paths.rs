//! Criterion benchmarks for the scan's hot paths (issue #7): each parser's throughput
//! in MB/s, rule evaluation per message with every default rule (and the decision
//! detector alone), and CSV writing.
//!
//! ```text
//! cargo bench --bench hot_paths                 # everything
//! cargo bench --bench hot_paths -- parse/       # one group
//! ```
//!
//! Inputs come from the `gen_drive` example's writers (same seed every run), held
//! in memory so the numbers are parse + rules, not disk.

// The generator's modules, shared with `examples/gen_drive` so the benches read the
// same shapes of export as the whole-run harness.
#[path = "../examples/gen_drive/content.rs"]
#[allow(dead_code)]
mod content;
#[path = "../examples/gen_drive/rng.rs"]
#[allow(dead_code)]
mod rng;
#[path = "../examples/gen_drive/writers.rs"]
#[allow(dead_code)]
mod writers;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use onrecord::decision::{Context, DecisionDetector, DecisionSettings};
use onrecord::formats::{self, Collector, Format, ParseOptions};
use onrecord::model::{Conversation, Item, Visitor};
use onrecord::report::{self, CsvOptions};
use onrecord::rules::{Checker, ExcerptMode, Finding, RuleSet, Scope};
use onrecord::source::MemoryInput;

use content::Chat;
use rng::Rng;
use writers::WaStyle;

/// Size of each generated parser input.
const INPUT_BYTES: u64 = 4 << 20;

/// A visitor that keeps nothing: parse cost alone.
#[derive(Default)]
struct Discard {
    items: u64,
}

impl Visitor for Discard {
    fn conversation(&mut self, _: &Conversation) {}
    fn item(&mut self, item: &Item) {
        self.items += 1;
        black_box(item);
    }
    fn end_conversation(&mut self) {}
}

fn chat(seed: u64) -> Chat {
    Chat::new(Rng::new(7).fork(seed), seed)
}

/// `(name, file name, format, bytes)` for every parser benchmarked.
fn inputs() -> Vec<(&'static str, &'static str, Format, Vec<u8>)> {
    let mut out = Vec::new();
    for (name, style) in [
        ("whatsapp-android-en-gb", WaStyle::AndroidGb),
        ("whatsapp-ios-en-us", WaStyle::IosUs),
        ("whatsapp-android-de", WaStyle::AndroidDe),
    ] {
        let mut bytes = Vec::new();
        writers::whatsapp(&mut chat(1), style, INPUT_BYTES, &mut bytes).expect("in memory");
        out.push((name, "_chat.txt", Format::WhatsApp, bytes));
    }
    let mut bytes = Vec::new();
    writers::telegram(&mut chat(2), 42, INPUT_BYTES, &mut bytes).expect("in memory");
    out.push(("telegram", "result.json", Format::Telegram, bytes));
    let mut bytes = Vec::new();
    writers::sms(&mut chat(3), INPUT_BYTES, &mut bytes).expect("in memory");
    out.push(("sms-xml", "sms-20230401.xml", Format::SmsXml, bytes));
    out
}

fn default_rules() -> RuleSet {
    onrecord::rules::config::load(&[]).expect("default packs load")
}

fn scope(path: &str) -> Scope<'_> {
    Scope {
        office: "Bench-Office",
        source_path: path,
        excerpts: ExcerptMode::Redacted,
        legal_holds: &[],
    }
}

/// Parser throughput alone, then parser + every default rule (what a scan does).
fn parsers(c: &mut Criterion) {
    let options = ParseOptions::default();
    let rules = default_rules();
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for (name, file, format, bytes) in inputs() {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        let input = MemoryInput::new(file, bytes.clone());
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut out = Discard::default();
                formats::parse(format, &input, &options, &mut out).expect("parses");
                out.items
            })
        });
        group.bench_function(format!("{name}+rules"), |b| {
            b.iter(|| {
                let mut checker = Checker::new(&rules, scope(file));
                formats::parse(format, &input, &options, &mut checker).expect("parses");
                checker.into_results().0.len()
            })
        });
    }
    group.finish();
}

/// Items of one generated WhatsApp chat, already parsed.
fn items() -> (Conversation, Vec<Item>) {
    let mut bytes = Vec::new();
    writers::whatsapp(&mut chat(4), WaStyle::AndroidGb, 2 << 20, &mut bytes).expect("in memory");
    let mut out = Collector::default();
    let input = MemoryInput::new("_chat.txt", bytes);
    formats::parse(Format::WhatsApp, &input, &ParseOptions::default(), &mut out).expect("parses");
    out.conversations.pop().expect("one conversation")
}

/// Every default rule over already-parsed messages: cost per message.
fn rules(c: &mut Criterion) {
    let rules = default_rules();
    let (conversation, items) = items();
    let mut group = c.benchmark_group("rules");
    group.sample_size(20);
    group.throughput(Throughput::Elements(items.len() as u64));
    group.bench_function("all-default-rules-per-message", |b| {
        b.iter(|| {
            let mut checker = Checker::new(&rules, scope("_chat.txt"));
            checker.conversation(&conversation);
            for item in &items {
                checker.item(item);
            }
            checker.end_conversation();
            checker.into_results().0.len()
        })
    });
    let detector = DecisionDetector::new(&DecisionSettings::default()).expect("defaults compile");
    group.bench_function("decision-detector-per-message", |b| {
        b.iter(|| {
            items
                .iter()
                .filter(|item| {
                    detector
                        .examine(&item.text, &Context::default())
                        .decision
                        .is_some()
                })
                .count()
        })
    });
    group.finish();
}

/// findings.csv and files.csv writing (cell escaping, BOM, atomic rename).
fn csv(c: &mut Criterion) {
    let rules = default_rules();
    let mut findings: Vec<Finding> = Vec::new();
    for (_, file, format, bytes) in inputs() {
        let mut checker = Checker::new(&rules, scope(file));
        let input = MemoryInput::new(file, bytes);
        formats::parse(format, &input, &ParseOptions::default(), &mut checker).expect("parses");
        findings.extend(checker.into_results().0);
    }
    report::findings::sort(&mut findings);
    let findings: Vec<_> = findings
        .into_iter()
        .map(|f| {
            let tracked = onrecord::pipeline::Tracked {
                since: onrecord::pipeline::Since::Open,
                first_seen: "2026-11-26".into(),
            };
            (f, tracked)
        })
        .collect();
    let rows: Vec<_> = (0..20_000)
        .map(|i| {
            let mut o = onrecord::outcome::FileOutcome::new(
                format!("Office/WhatsApp/WhatsApp Chat with Person {i}.txt"),
                onrecord::outcome::Status::Scanned,
                "",
            );
            o.format = onrecord::outcome::FileFormat::Export(Format::WhatsApp);
            o.size_bytes = Some(2048 + i);
            o.messages = 40;
            o.conversations = 1;
            o
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let options = CsvOptions::default();
    let mut group = c.benchmark_group("csv");
    group.sample_size(20);
    group.throughput(Throughput::Elements(findings.len() as u64));
    group.bench_function("findings.csv", |b| {
        b.iter(|| report::findings::write(dir.path(), &findings, &options).expect("writes"))
    });
    group.throughput(Throughput::Elements(rows.len() as u64));
    group.bench_function("files.csv", |b| {
        b.iter(|| report::files::write(dir.path(), &rows, &options).expect("writes"))
    });
    group.finish();
}

criterion_group!(benches, parsers, rules, csv);
criterion_main!(benches);
