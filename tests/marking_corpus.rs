//! The default classification rules on the labelled marking corpus
//! (`tests/corpus/markings/`, see its SOURCES.md): the held-out half
//! (`heldout.tsv`) must reach recall ≥ 0.97 and precision ≥ 0.98 for
//! SECRET-or-above and ≥ 0.95 / 0.95 for OFFICIAL-SENSITIVE, as measured by
//! `onrecord::rules::marking::eval` (the same table `cargo run --example
//! eval_markings` prints).
//!
//! Every earlier held-out half (to v19) was measured once and then folded into
//! `dev.tsv`, which is development data; `heldout.tsv` (v20) is the first on which a
//! round met all four targets, and stays out of development.

use onrecord::rules::classification::Class;
use onrecord::rules::config;
use onrecord::rules::marking::eval::{Label, Line, Report, evaluate, read_corpus};

const HELDOUT_ENV: &str = "ONRECORD_MARKINGS_HELDOUT";
const HELDOUT: &str = "tests/corpus/markings/heldout.tsv";

fn half(path: &str) -> (Vec<Line>, Report) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lines = read_corpus(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let set = config::load(&[]).expect("built-in rule packs load");
    let report = evaluate(&set, &lines);
    println!("{path}\n{report}");
    (lines, report)
}

/// A held-out half named by the environment (which must exist), instead of the
/// repository's.
fn heldout_path() -> Option<String> {
    std::env::var_os(HELDOUT_ENV).map(|path| path.to_string_lossy().into_owned())
}

fn assert_thresholds(name: &str, report: &Report) {
    for (class, recall, precision) in [
        (Class::SecretOrAbove, 0.97, 0.98),
        (Class::OfficialSensitive, 0.95, 0.95),
    ] {
        let s = report.class(class);
        assert!(
            s.lines >= 30,
            "{name}: only {} {} lines",
            s.lines,
            class.name()
        );
        assert!(
            s.recall() >= recall && s.precision() >= precision,
            "{name} {}: recall {:.3} (≥ {recall}), precision {:.3} (≥ {precision}); wrong: {:?}",
            class.name(),
            s.recall(),
            s.precision(),
            report.errors
        );
    }
}

/// The held-out half is `tests/corpus/markings/heldout.tsv` (v20, 838 lines, written
/// apart from the detector by its own writer and measured once on round 20's freeze,
/// docs/EVALUATION.md), or the file `ONRECORD_MARKINGS_HELDOUT` names (a fresh half
/// from tests/corpus/markings/WRITER_BRIEF.md). Nothing is tuned on it: development
/// work reads `dev.tsv` only.
#[test]
fn held_out_half_meets_the_thresholds() {
    let path = heldout_path().unwrap_or_else(|| HELDOUT.to_string());
    let (lines, report) = half(&path);
    assert!(lines.len() >= 400, "{} lines", lines.len());
    assert!(lines.iter().any(|l| l.label == Label::Talk));
    assert!(lines.iter().any(|l| l.label == Label::Decoy));
    assert_thresholds(&path, &report);
}

#[test]
fn development_half_meets_the_thresholds_and_the_corpus_is_large_enough() {
    let (lines, report) = half("tests/corpus/markings/dev.tsv");
    assert_thresholds("dev.tsv", &report);
    // The talk and decoy lines are never reported above info, but for the false
    // alarms left after round 19 with v19 folded in (docs/EVALUATION.md: 60 talk lines
    // and 10 decoys: upper-case titles, initials (`TS – thanks for the lift`), `const
    // RESTRICTED = …` lines, `Ref: TS/0119 (…)`, `PRIVATE_AND_CONFIDENTIAL_…` names):
    // those may only go down.
    for form in report
        .per_form
        .iter()
        .filter(|(f, _)| f.starts_with("decoy") || *f == "talk")
    {
        let known = match form.0.as_str() {
            "talk" => 60,
            "decoy-caps" => 2,
            "decoy-filename" => 3,
            "decoy" => 2,
            "decoy-abbrev" => 3,
            _ => 0,
        };
        assert!(
            form.1.fp <= known,
            "{} false alarms in {}",
            form.1.fp,
            form.0
        );
    }
    assert!(lines.len() >= 400, "{} lines", lines.len());
}

/// The talk model embedded in the binary is what fitting the development half alone
/// gives (`cargo run --release --example fit_talk_model`): no weight learnt from
/// anything else, none edited by hand.
#[test]
fn the_talk_model_is_fitted_on_the_development_half_alone() {
    use onrecord::rules::marking::eval::training_set;
    use onrecord::rules::marking::talk_model::{MODEL_TSV, TalkModel, fit};
    let text = std::fs::read_to_string("tests/corpus/markings/dev.tsv").expect("dev.tsv");
    let lines = read_corpus(&text).expect("dev.tsv parses");
    let embedded = TalkModel::parse(MODEL_TSV).expect("the embedded model parses");
    let refit = fit(&training_set(&lines), embedded.thresholds);
    let differ: Vec<(&String, f64, f64)> = embedded
        .weights
        .iter()
        .map(|(f, &w)| (f, w, refit.weights.get(f).copied().unwrap_or(0.0)))
        .filter(|(_, w, r)| (w - r).abs() > 0.0002)
        .collect();
    assert!(differ.is_empty(), "weights differ from a refit: {differ:?}");
    assert_eq!(embedded.weights.len(), refit.weights.len());
}
