//! Mutation fuzzing on stable Rust: the project's own fixtures (tests/fixtures,
//! examples/drive) mutated with deterministic seeded byte edits — bit flips,
//! truncations, splices from another fixture, duplicated and deleted chunks,
//! syntax bytes (`"`, `\`, `<`, `&`, NUL, bad UTF-8, zip magic) — and each
//! mutant read two ways: through `examine` as a file on disk (sniffing, format
//! detection, zip listing and member reads, parsing, rules), and with the
//! fixture's own parser forced on it (so a mutant no longer detected still
//! reaches its parser). Every case runs under a watchdog: a panic or a case
//! taking longer than [`CASE_LIMIT`] fails the test, naming the fixture and the
//! seed (the mutant is written to the system temp folder to reproduce it).
//!
//! In CI: `cargo test --test integration fuzz::` runs a fixed, reproducible [`CI_ROUNDS`]
//! mutants per fixture. Longer: `FUZZ_SECONDS=600 cargo test --release --test
//! fuzz -- --ignored --nocapture` (new seeds each round until the time is up;
//! `FUZZ_SEED` picks the first seed).

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use onrecord::discover::{Discovered, EntryKind};
use onrecord::examine::{self, Examiner};
use onrecord::formats::{self, Format, ParseOptions};
use onrecord::rules::{self, Checker, ExcerptMode, RuleSet, Scope};
use onrecord::source::MemoryInput;
use onrecord::source::archive::ZipLimits;
use onrecord::source::sniff::{self, Sniff};

/// Mutants per fixture in the default (CI) run.
const CI_ROUNDS: u64 = 40;
/// Longest a single case may take before it counts as a hang.
const CASE_LIMIT: Duration = Duration::from_secs(20);
/// Fixtures larger than this are left out (mutating them adds little).
const MAX_FIXTURE: u64 = 256 * 1024;

/// A deterministic xorshift generator: a seed gives the same mutant everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SYNTAX: &[&[u8]] = &[
    b"\"",
    b"\\",
    b"\\u",
    b"\\ud83d",
    b"<",
    b">",
    b"&",
    b"&#",
    b"]]>",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\n",
    b"\r\n",
    b"\0",
    b"\xff",
    b"\xc3",
    b"\xe2\x80",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"From ",
    b"\n\n",
    b"[01/02/2023, 10:00:00] ",
    b"01/02/2023, 10:00 - ",
    b"=?utf-8?b?",
];

/// One seeded mutant of `input` (with `other` as splice material): one to four
/// edits of the kinds named in the module documentation.
fn mutate(input: &[u8], other: &[u8], seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut bytes = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = bytes.len();
        let at = rng.below(len + 1);
        match rng.below(6) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    if !bytes.is_empty() {
                        let i = rng.below(bytes.len());
                        bytes[i] ^= 1 << rng.below(8);
                    }
                }
            }
            1 => bytes.truncate(at),
            2 if !other.is_empty() => {
                let from = rng.below(other.len());
                let n = rng.below((other.len() - from).min(4096) + 1);
                bytes.splice(at..at, other[from..from + n].iter().copied());
            }
            3 if at < len => {
                let n = rng.below((len - at).min(8192) + 1);
                let chunk = bytes[at..at + n].to_vec();
                for _ in 0..1 + rng.below(3) {
                    bytes.splice(at..at, chunk.iter().copied());
                }
            }
            4 if at < len => {
                let n = rng.below((len - at).min(4096) + 1);
                bytes.drain(at..at + n);
            }
            _ => {
                let token = SYNTAX[rng.below(SYNTAX.len())];
                bytes.splice(at..at, token.iter().copied());
            }
        }
    }
    bytes
}

/// The fixtures: every file under the two folders, up to [`MAX_FIXTURE`] bytes.
fn fixtures() -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for root in ["tests/fixtures", "examples/drive"] {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            let small = entry
                .metadata()
                .is_ok_and(|m| m.is_file() && m.len() <= MAX_FIXTURE);
            if small {
                let bytes = std::fs::read(entry.path()).unwrap();
                found.push((entry.path().to_path_buf(), bytes));
            }
        }
    }
    found
}

/// The format a fixture's own bytes are detected as, if any.
fn own_format(path: &Path, bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(sniff::HEAD_BYTES)];
    match sniff::sniff(head, head.len() == bytes.len()) {
        Sniff::Text(text) => formats::detect(&file_name(path), &text),
        _ => None,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// Reads one mutant both ways (see the module documentation).
fn run_case(dir: &Path, name: &str, bytes: &[u8], format: Option<Format>, rules: &Arc<RuleSet>) {
    let parse = ParseOptions {
        max_record_bytes: 4096,
        ..ParseOptions::default()
    };
    let ctx = Examiner {
        parse: parse.clone(),
        zip: ZipLimits::default(),
        rules: Arc::clone(rules),
        excerpts: ExcerptMode::Redacted,
        legal_holds: Vec::new(),
    };
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().ok();
    let entry = Discovered {
        root: 0,
        path,
        relative: name.to_string(),
        report_path: name.to_string(),
        kind: EntryKind::File {
            size: bytes.len() as u64,
            modified,
        },
    };
    let result = examine::examine(&entry, "office", &ctx);
    assert!(!result.outcomes.is_empty());
    if let Some(format) = format {
        let input = MemoryInput::new(name, bytes.to_vec());
        let scope = Scope {
            office: "office",
            source_path: name,
            excerpts: ExcerptMode::Redacted,
            legal_holds: &[],
        };
        let mut checker = Checker::new(rules, scope);
        let _ = formats::parse(format, &input, &parse, &mut checker);
        let _ = checker.into_results();
    }
}

/// What a failed case says.
#[derive(Debug, Clone)]
struct Case {
    fixture: PathBuf,
    seed: u64,
}

/// Runs mutants round by round (`rounds` per fixture, or until `until`), each
/// case under the watchdog. Returns how many cases ran.
fn fuzz(first_seed: u64, rounds: Option<u64>, until: Option<Instant>) -> u64 {
    let fixtures = Arc::new(fixtures());
    assert!(
        fixtures.len() > 50,
        "fixtures not found ({})",
        fixtures.len()
    );
    let current: Arc<Mutex<Option<Case>>> = Arc::new(Mutex::new(None));
    let (beat, heard) = mpsc::channel::<Result<u64, (Case, String)>>();
    let worker = {
        let (fixtures, current) = (fixtures.clone(), current.clone());
        std::thread::spawn(move || {
            let rules = Arc::new(rules::config::load(&[]).unwrap());
            let dir = tempfile::tempdir().unwrap();
            let formats: Vec<_> = fixtures.iter().map(|(p, b)| own_format(p, b)).collect();
            let mut cases = 0u64;
            for round in 0.. {
                if rounds.is_some_and(|r| round >= r) || until.is_some_and(|t| Instant::now() > t) {
                    break;
                }
                for (i, (path, bytes)) in fixtures.iter().enumerate() {
                    let seed = first_seed + round * fixtures.len() as u64 + i as u64;
                    let other = &fixtures[(i * 7 + round as usize + 1) % fixtures.len()].1;
                    let mutant = mutate(bytes, other, seed);
                    let case = Case {
                        fixture: path.clone(),
                        seed,
                    };
                    *current.lock().unwrap() = Some(case.clone());
                    let name = file_name(path);
                    let ran = panic::catch_unwind(AssertUnwindSafe(|| {
                        run_case(dir.path(), &name, &mutant, formats[i], &rules)
                    }));
                    cases += 1;
                    let message = match ran {
                        Ok(()) => Ok(cases),
                        Err(payload) => {
                            let text = payload
                                .downcast_ref::<String>()
                                .cloned()
                                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                                .unwrap_or_default();
                            save(&case, &mutant);
                            Err((case, text))
                        }
                    };
                    if beat.send(message).is_err() {
                        return;
                    }
                }
            }
        })
    };
    let mut cases = 0;
    let mut failures = Vec::new();
    loop {
        match heard.recv_timeout(CASE_LIMIT) {
            Ok(Ok(n)) => cases = n,
            Ok(Err(failure)) => failures.push(failure),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let case = current.lock().unwrap().clone();
                panic!("case still running after {CASE_LIMIT:?} (a hang): {case:?}");
            }
        }
    }
    worker.join().unwrap();
    assert!(
        failures.is_empty(),
        "{} panic(s): {failures:#?}",
        failures.len()
    );
    cases
}

/// Writes a failing mutant where it can be read back to reproduce the failure.
fn save(case: &Case, bytes: &[u8]) {
    let path = std::env::temp_dir().join(format!(
        "onrecord-fuzz-{}-{}",
        case.seed,
        file_name(&case.fixture)
    ));
    let _ = std::fs::write(path, bytes);
}

/// The CI run: the same seeds every time.
#[test]
fn mutated_fixtures_never_panic_or_hang() {
    let started = Instant::now();
    let cases = fuzz(1, Some(CI_ROUNDS), None);
    eprintln!("fuzz: {cases} mutants in {:.1?}", started.elapsed());
    assert!(cases >= CI_ROUNDS * 50);
}

/// The long run: `FUZZ_SECONDS` (default 600) of new seeds from `FUZZ_SEED`.
#[test]
#[ignore = "long: FUZZ_SECONDS=600 cargo test --release --test integration fuzz:: -- --ignored"]
fn mutated_fixtures_never_panic_or_hang_for_long() {
    let env = |key: &str, default: u64| {
        std::env::var(key)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seconds = env("FUZZ_SECONDS", 600);
    let seed = env("FUZZ_SEED", 1_000_000);
    let started = Instant::now();
    let cases = fuzz(seed, None, Some(started + Duration::from_secs(seconds)));
    eprintln!(
        "fuzz: {cases} mutants from seed {seed} in {:.1?}",
        started.elapsed()
    );
}
