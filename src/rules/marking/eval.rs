//! Evaluating the classification rules on a labelled corpus of marking lines
//! (`tests/corpus/markings/*.tsv`): recall and precision per class and per form.
//!
//! # The measure
//! Each corpus line is one message: its `text` as the message text, or (`where` =
//! `attachment`) as the name of a document attached to an empty message. It is run
//! through the rule set exactly as a scan runs a message (the same checker), and the
//! line's **predicted class** is the highest class (order: secret-or-above,
//! official-sensitive, legacy, foreign, official) among the markings of every
//! classification finding at a severity above `info`. Talk about markings (reported
//! under `classification-mention` at `info`) therefore predicts nothing.
//!
//! For a class C: a line is a true positive when it is labelled `marking` of class C
//! and predicted C; a false negative when labelled so and predicted anything else
//! (or nothing); a false positive when predicted C but not labelled a marking of
//! class C. Recall = TP / (TP + FN), precision = TP / (TP + FP) (1 when nothing was
//! predicted). Per form, the same counts over the lines of that form: for the talk
//! and decoy forms only false positives (false alarms) can occur.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::model::{Conversation, Item, ItemKind, Location, Platform, Visitor};
use crate::rules::classification::Class;
use crate::rules::{Category, Checker, ExcerptMode, RuleKind, RuleSet, Scope, Severity};

use super::talk_model::features;

/// A corpus line's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// The text carries a marking.
    Marking,
    /// The text talks about a marking.
    Talk,
    /// The text only looks like one.
    Decoy,
}

/// One labelled line.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: String,
    pub label: Label,
    /// The class carried (or talked about); `None` for `none`.
    pub class: Option<Class>,
    pub form: String,
    /// The text is an attachment name rather than message text.
    pub attachment: bool,
    pub text: String,
}

/// Reads a corpus file: a header `id label class form where text`, then one
/// tab-separated line per example. Errors name the line.
pub fn read_corpus(tsv: &str) -> Result<Vec<Line>, String> {
    let mut lines = Vec::new();
    for (n, raw) in tsv.lines().enumerate().skip(1) {
        if raw.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = raw.splitn(6, '\t').collect();
        let [id, label, class, form, place, text] = cols[..] else {
            return Err(format!("line {}: expected 6 tab-separated columns", n + 1));
        };
        let label = match label {
            "marking" => Label::Marking,
            "talk" => Label::Talk,
            "decoy" => Label::Decoy,
            other => return Err(format!("line {}: unknown label {other:?}", n + 1)),
        };
        let class = match class {
            "none" => None,
            name => Some(
                Class::parse(name)
                    .ok_or_else(|| format!("line {}: unknown class {name:?}", n + 1))?,
            ),
        };
        lines.push(Line {
            id: id.to_string(),
            label,
            class,
            form: form.to_string(),
            attachment: place == "attachment",
            text: text.to_string(),
        });
    }
    Ok(lines)
}

/// The lines the talk model (`talk_model`) learns from, as their features with
/// whether each is talk: talk lines (true) and marking lines (false) written in
/// message text, other than formulas.
pub fn training_set(lines: &[Line]) -> Vec<(BTreeSet<String>, bool)> {
    lines
        .iter()
        .filter(|l| !l.attachment && l.form != "formula")
        .filter(|l| matches!(l.label, Label::Talk | Label::Marking))
        .map(|l| (features(&l.text), l.label == Label::Talk))
        .collect()
}

/// Classes from highest to lowest, for "the highest class reported".
pub const CLASS_ORDER: [Class; 5] = [
    Class::SecretOrAbove,
    Class::OfficialSensitive,
    Class::Legacy,
    Class::Foreign,
    Class::Official,
];

fn rank(c: Class) -> usize {
    CLASS_ORDER
        .iter()
        .position(|&o| o == c)
        .unwrap_or(usize::MAX)
}

/// Collects the items' findings.
fn run_item(set: &RuleSet, item: &Item) -> Vec<crate::rules::Finding> {
    let scope = Scope {
        office: "eval",
        source_path: "corpus",
        excerpts: ExcerptMode::Redacted,
        legal_holds: &[],
    };
    let mut checker = Checker::new(set, scope);
    checker.conversation(&Conversation {
        platform: Platform::WhatsApp,
        name: "corpus".into(),
        id: None,
    });
    checker.item(item);
    checker.end_conversation();
    checker.into_results().0
}

/// The item a corpus line stands for.
pub fn item_of(line: &Line) -> Item {
    let (text, attachments) = if line.attachment {
        (String::new(), vec![line.text.clone()])
    } else {
        (line.text.clone(), Vec::new())
    };
    Item {
        kind: if line.attachment {
            ItemKind::Media
        } else {
            ItemKind::Message
        },
        time: None,
        sender: Some("Corpus".into()),
        text,
        attachments,
        location: Location::Line(1),
    }
}

/// The highest class reported above `info` for a line (see the module doc).
pub fn predict(set: &RuleSet, line: &Line) -> Option<Class> {
    let item = item_of(line);
    let findings = run_item(set, &item);
    let mut best: Option<Class> = None;
    for f in findings
        .iter()
        .filter(|f| f.category == Category::ClassificationMarker && f.severity > Severity::Info)
    {
        let Some(RuleKind::Classification(c)) = set.get(&f.rule_id).map(|r| &r.kind) else {
            continue;
        };
        for class in c.classes_in(&item) {
            if best.is_none_or(|b| rank(class) < rank(b)) {
                best = Some(class);
            }
        }
    }
    best
}

/// True/false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    pub lines: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Score {
    /// TP / (TP + FN); 1 when there is nothing to find.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// TP / (TP + FP); 1 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores per class and per form, and the lines predicted wrongly.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub per_class: BTreeMap<&'static str, Score>,
    pub per_form: BTreeMap<String, Score>,
    /// `(id, expected, predicted)` of every wrong line.
    pub errors: Vec<(String, String, String)>,
}

impl Report {
    /// The score of a class.
    pub fn class(&self, c: Class) -> Score {
        self.per_class.get(c.name()).copied().unwrap_or_default()
    }
}

/// Runs every line through the rule set and scores it.
pub fn evaluate(set: &RuleSet, lines: &[Line]) -> Report {
    let mut report = Report::default();
    for c in CLASS_ORDER {
        report.per_class.insert(c.name(), Score::default());
    }
    for line in lines {
        let predicted = predict(set, line);
        let expected = (line.label == Label::Marking)
            .then_some(line.class)
            .flatten();
        let form = report.per_form.entry(line.form.clone()).or_default();
        form.lines += 1;
        match (expected, predicted) {
            (Some(e), Some(p)) if e == p => form.tp += 1,
            (Some(_), p) => {
                form.fn_ += 1;
                form.fp += usize::from(p.is_some());
            }
            (None, Some(_)) => form.fp += 1,
            (None, None) => {}
        }
        for c in CLASS_ORDER {
            let s = report.per_class.get_mut(c.name()).expect("every class");
            let (is_e, is_p) = (expected == Some(c), predicted == Some(c));
            s.lines += usize::from(is_e);
            s.tp += usize::from(is_e && is_p);
            s.fn_ += usize::from(is_e && !is_p);
            s.fp += usize::from(is_p && !is_e);
        }
        if expected != predicted {
            let name = |c: Option<Class>| c.map_or("none", Class::name).to_string();
            report
                .errors
                .push((line.id.clone(), name(expected), name(predicted)));
        }
    }
    report
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: &Score| {
            writeln!(
                f,
                "| {name:<18} | {:>5} | {:>4} | {:>4} | {:>4} | {:>6.3} | {:>9.3} |",
                s.lines,
                s.tp,
                s.fn_,
                s.fp,
                s.recall(),
                s.precision()
            )
        };
        let header = |f: &mut fmt::Formatter<'_>, what: &str| {
            writeln!(
                f,
                "| {what:<18} | lines |   TP |   FN |   FP | recall | precision |"
            )?;
            writeln!(
                f,
                "|{:-<20}|------:|-----:|-----:|-----:|-------:|----------:|",
                ""
            )
        };
        header(f, "class")?;
        for c in CLASS_ORDER {
            row(f, c.name(), &self.class(c))?;
        }
        writeln!(f)?;
        header(f, "form")?;
        for (name, s) in &self.per_form {
            row(f, name, s)?;
        }
        Ok(())
    }
}
