//! Measuring the detector on a labelled corpus (`tests/corpus/decisions/`): one
//! message a line (`id label family sender text prev_sender prev_text`, tab
//! separated, a header first), read in its conversation (the previous message,
//! when given) with the corpus principals, and counted per family.
//!
//! Recall is counted per decision family (share of its messages detected);
//! for non-decision families the count of false alarms is shown. Precision and
//! recall overall are over every line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::DecisionDetector;
use super::context::{Context, Recent};
use super::principals::{self, Principals, RawPrincipal};

/// One labelled message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub id: String,
    pub decision: bool,
    pub family: String,
    pub sender: String,
    pub text: String,
    pub prev_sender: String,
    pub prev_text: String,
}

/// Reads a corpus file; an error names the line.
pub fn read_corpus(text: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            return Err(format!(
                "line {}: {} columns, need at least 5",
                n + 1,
                f.len()
            ));
        }
        let decision = match f[1] {
            "decision" => true,
            "none" => false,
            other => {
                return Err(format!(
                    "line {}: label {other:?} is not decision/none",
                    n + 1
                ));
            }
        };
        let col = |i: usize| f.get(i).copied().unwrap_or("").to_string();
        out.push(Labelled {
            id: col(0),
            decision,
            family: col(2),
            sender: col(3),
            text: col(4),
            prev_sender: col(5),
            prev_text: col(6),
        });
    }
    Ok(out)
}

/// Reads a principals file (`[[principals]]` as in the run configuration).
pub fn read_principals(text: &str) -> Result<Principals, String> {
    #[derive(serde::Deserialize)]
    struct File {
        principals: Vec<RawPrincipal>,
    }
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    principals::validate(&file.principals).map_err(|e| e.join("; "))
}

/// Counts for one family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub lines: usize,
    pub detected: usize,
}

/// The result of one corpus.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// `(label is decision, family)` → counts.
    pub families: BTreeMap<(bool, String), Counts>,
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    /// Lines read wrongly: `(id, expected decision, cue found)`.
    pub errors: Vec<(String, bool, String)>,
}

impl Evaluation {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// The per-family table and the totals, as printed by the evaluation example.
    pub fn table(&self, title: &str) -> String {
        let mut s = format!(
            "{title}\n{:<8} {:<14} {:>5} {:>8} {:>8}\n",
            "label", "family", "lines", "detected", "recall"
        );
        for ((decision, family), c) in &self.families {
            let label = if *decision { "decision" } else { "none" };
            let rate = if *decision {
                format!("{:.3}", ratio(c.detected, c.lines))
            } else {
                format!("({} FP)", c.detected)
            };
            let _ = writeln!(
                s,
                "{label:<8} {family:<14} {:>5} {:>8} {rate:>8}",
                c.lines, c.detected
            );
        }
        let _ = writeln!(
            s,
            "overall: precision {:.3} ({} TP, {} FP), recall {:.3} ({} FN)",
            self.precision(),
            self.true_positives,
            self.false_positives,
            self.recall(),
            self.false_negatives
        );
        s
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Runs a decision rule's detector (with the corpus principals) over every line.
pub fn evaluate(
    detector: &DecisionDetector,
    principals: &Principals,
    lines: &[Labelled],
) -> Evaluation {
    let mut e = Evaluation::default();
    for l in lines {
        let mut recent = Recent::default();
        if !l.prev_text.is_empty() {
            let p = principals.sender(Some(&l.prev_sender));
            recent.push(&l.prev_sender, p, &l.prev_text, None, false);
        }
        let ctx = Context {
            principals,
            sender_name: &l.sender,
            sender: principals.sender(Some(&l.sender)),
            time: None,
            recent: Some(&recent),
        };
        let found = detector.examine(&l.text, &ctx).decision;
        let c = e
            .families
            .entry((l.decision, l.family.clone()))
            .or_default();
        c.lines += 1;
        c.detected += usize::from(found.is_some());
        match (l.decision, &found) {
            (true, Some(_)) => e.true_positives += 1,
            (false, Some(_)) => e.false_positives += 1,
            (true, None) => e.false_negatives += 1,
            (false, None) => {}
        }
        if l.decision != found.is_some() {
            let cue = found.map(|d| d.cue).unwrap_or_default();
            e.errors.push((l.id.clone(), l.decision, cue));
        }
    }
    e
}
