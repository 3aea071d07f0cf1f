//! A second opinion on talk, learnt from the development corpus: a logistic model
//! over the ordinary words of the line that holds a marking, telling a line that
//! talks about the scheme (`TOP SECRET: who needs DV? – FAQ for new starters`, `We
//! found a SECRET folder in an unlocked drawer during the sweep`) from one that
//! carries a marking (`SECRET – readout from this morning, don't forward`).
//!
//! The hand-written cues of `talk` come first; this model is asked only about a
//! marking they found carried in message text (not a file name, a formula, a portion
//! mark or page furniture), and turns it into talk when the line's score is above the
//! fitted threshold. Its weights are data (`talk_model.tsv` beside this file,
//! embedded), fitted on `tests/corpus/markings/dev.tsv` alone (the lines
//! `eval::training_set` takes) by `cargo run --release --example fit_talk_model`,
//! which also writes the two thresholds it is given (for a line opening with a word
//! in capitals, and for any other); the corpus test checks that refitting reproduces
//! the file. How the thresholds were chosen (leave-one-writer-out on the development
//! writers) is in docs/EVALUATION.md.
//!
//! The features are the lower-cased words that hold a lower-case letter (so tiers,
//! caveats and codewords in capitals, which both kinds of line carry, are left out).
//! A line with none of the model's words scores 0, below any threshold: a banner
//! alone is never talk.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use super::talk::sentence;

/// A line longer than this is scored on the sentence holding the marking instead.
const MAX_LINE: usize = 400;

/// The embedded model: `threshold<TAB>t`, then `word<TAB>weight` lines; `#` comments.
pub const MODEL_TSV: &str = include_str!("talk_model.tsv");

/// Regularisation, steps and step size of the fit (batch gradient descent).
const L2: f64 = 0.001;
const STEPS: usize = 300;
const RATE: f64 = 0.5;

/// Weights below this magnitude are left out of the written model.
const MIN_WEIGHT: f64 = 0.0005;

/// The scores above which a line is talk: for a line opening with a word in
/// capitals (see [`opens_in_capitals`]), and for any other.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    pub opening: f64,
    pub inside: f64,
}

/// A fitted model: a weight per feature and its thresholds.
#[derive(Debug, Clone, PartialEq)]
pub struct TalkModel {
    pub thresholds: Thresholds,
    pub weights: BTreeMap<String, f64>,
}

static MODEL: LazyLock<(Thresholds, HashMap<String, f64>)> = LazyLock::new(|| {
    let m = TalkModel::parse(MODEL_TSV).expect("the embedded talk model parses");
    (m.thresholds, m.weights.into_iter().collect())
});

/// The line's first word holds no lower-case letter (`TOP SECRET: …`, `"NATO
/// SECRET" on …`, `UK EYES ONLY on a doc …`): the marking most likely opens it,
/// where a marking and a title about one look most alike.
pub fn opens_in_capitals(line: &str) -> bool {
    line.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .is_some_and(|w| !w.chars().any(char::is_lowercase))
}

/// The features of `line`: its lower-cased words holding a lower-case letter
/// (letters, `'` and `-` inside), each once. (A `?` is no feature: the hand-written
/// cues read questions, and a label before a question about the content at hand,
/// `SECRET – can you check the annex numbers before 3?`, is carried.)
pub fn features(line: &str) -> BTreeSet<String> {
    line.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(['\'', '’', '-']))
        .filter(|w| w.chars().any(char::is_lowercase))
        .map(|w| w.replace('’', "'").to_lowercase())
        .collect()
}

/// The text the model reads for the marking starting at byte `start`: its line, as
/// the model was fitted on lines, or when the line is long (over [`MAX_LINE`] bytes)
/// the sentence holding it, as `talk` reads sentences. `None` when the marking is a
/// sentence of its own with no word of the model's (a banner ending in a stop:
/// `SECRET. Summary of the episode at the gate …`): it stands as a marking, whatever
/// the content after it says.
fn context(text: &str, start: usize) -> Option<&str> {
    let (s, e) = sentence(text, start, start);
    if features(&text[s..e]).is_empty() && text[s..e].trim_end().ends_with(['.', '!', ';']) {
        return None;
    }
    let ls = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let le = text[start..].find('\n').map_or(text.len(), |i| start + i);
    Some(if le - ls <= MAX_LINE {
        &text[ls..le]
    } else {
        &text[s..e]
    })
}

/// True when the embedded model scores the line of the marking at `start` above
/// its threshold.
pub(super) fn says_talk(text: &str, start: usize) -> bool {
    let (thresholds, weights) = &*MODEL;
    let Some(line) = context(text, start) else {
        return false;
    };
    let score: f64 = features(line).iter().filter_map(|f| weights.get(f)).sum();
    score > thresholds.for_line(line)
}

impl Thresholds {
    /// The threshold for `line`.
    pub fn for_line(&self, line: &str) -> f64 {
        if opens_in_capitals(line) {
            self.opening
        } else {
            self.inside
        }
    }
}

impl TalkModel {
    /// Parses the model file (see [`MODEL_TSV`]).
    pub fn parse(tsv: &str) -> Result<TalkModel, String> {
        let (mut opening, mut inside) = (None, None);
        let mut weights = BTreeMap::new();
        for (n, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: expected a tab", n + 1))?;
            let value: f64 = value.parse().map_err(|e| format!("line {}: {e}", n + 1))?;
            if key == "threshold-opening" && opening.is_none() {
                opening = Some(value);
            } else if key == "threshold-inside" && inside.is_none() {
                inside = Some(value);
            } else {
                weights.insert(key.to_string(), value);
            }
        }
        Ok(TalkModel {
            thresholds: Thresholds {
                opening: opening.ok_or("no threshold-opening line")?,
                inside: inside.ok_or("no threshold-inside line")?,
            },
            weights,
        })
    }

    /// The score of `line` (the sum of its features' weights).
    pub fn score(&self, line: &str) -> f64 {
        features(line)
            .iter()
            .filter_map(|f| self.weights.get(f))
            .sum()
    }

    /// The model file's text: a comment, the threshold, the weights by feature.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from(
            "# Talk model (src/rules/marking/talk_model.rs), fitted on \
             tests/corpus/markings/dev.tsv alone\n\
             # by `cargo run --release --example fit_talk_model -- OPENING INSIDE`; do not edit.\n",
        );
        let t = self.thresholds;
        out.push_str(&format!(
            "threshold-opening\t{}\nthreshold-inside\t{}\n",
            t.opening, t.inside
        ));
        for (f, w) in &self.weights {
            out.push_str(&format!("{f}\t{w:.4}\n"));
        }
        out
    }
}

/// Fits a logistic model without an intercept term in the score (the intercept is
/// learnt but not kept, so a line with no known word scores 0) by batch gradient
/// descent with L2 regularisation; deterministic for a given set.
pub fn fit(set: &[(BTreeSet<String>, bool)], thresholds: Thresholds) -> TalkModel {
    let vocab: BTreeSet<&String> = set.iter().flat_map(|(f, _)| f).collect();
    let index: BTreeMap<&String, usize> = vocab.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let rows: Vec<(Vec<usize>, f64)> = set
        .iter()
        .map(|(f, talk)| {
            let ids = f.iter().map(|w| index[w]).collect();
            (ids, if *talk { 1.0 } else { 0.0 })
        })
        .collect();
    let n = rows.len().max(1) as f64;
    let mut w = vec![0.0f64; vocab.len()];
    let mut bias = 0.0f64;
    let mut grad = vec![0.0f64; vocab.len()];
    for _ in 0..STEPS {
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut grad_bias = 0.0;
        for (ids, y) in &rows {
            let z = bias + ids.iter().map(|&i| w[i]).sum::<f64>();
            let d = 1.0 / (1.0 + (-z).exp()) - y;
            grad_bias += d;
            for &i in ids {
                grad[i] += d;
            }
        }
        bias -= RATE * grad_bias / n;
        for (wi, gi) in w.iter_mut().zip(&grad) {
            *wi -= RATE * (gi / n + L2 * *wi);
        }
    }
    let weights = vocab
        .into_iter()
        .zip(w)
        .filter(|(_, x)| x.abs() >= MIN_WEIGHT)
        .map(|(f, x)| (f.clone(), (x * 10_000.0).round() / 10_000.0))
        .collect();
    TalkModel {
        thresholds,
        weights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_the_ordinary_words() {
        let got = features("TOP SECRET: who needs DV? – FAQ for new-starters’");
        let want: BTreeSet<String> = ["for", "needs", "new-starters", "who"]
            .map(String::from)
            .into();
        assert_eq!(got, want);
    }

    #[test]
    fn a_banner_alone_scores_nothing_and_is_not_talk() {
        assert!(!says_talk("TOP SECRET", 0));
        assert!(!says_talk("SECRET // UK EYES ONLY", 0));
    }

    #[test]
    fn the_embedded_model_tells_a_remark_about_a_caveat_from_a_label() {
        assert!(says_talk(
            "UK EYES ONLY on a doc going to the Wellerby office makes no sense, someone has got it wrong",
            0
        ));
        assert!(!says_talk(
            "UK EYES ONLY – Wellerby office numbers for the 10am",
            0
        ));
        assert!(!says_talk(
            "SECRET – can you check the annex numbers before 3?",
            0
        ));
    }

    #[test]
    fn a_long_line_is_read_around_the_marking_only() {
        let long = format!(
            "{}. The annex is SECRET. Can you check e.g. the dates? {}",
            "a".repeat(300),
            "b ".repeat(100)
        );
        let at = long.find("SECRET").unwrap();
        assert_eq!(context(&long, at), Some(" The annex is SECRET."));
    }

    #[test]
    fn a_banner_ending_in_a_stop_is_never_talk_whatever_follows() {
        let banner = "SECRET. Summary of the episode at the Harwell gate on Tuesday, with the timeline and who responded";
        assert_eq!(context(banner, 0), None);
        assert!(!says_talk(banner, 0));
    }

    #[test]
    fn the_embedded_model_parses_and_round_trips() {
        let m = TalkModel::parse(MODEL_TSV).unwrap();
        assert!(m.weights.len() > 100, "{} weights", m.weights.len());
        assert_eq!(TalkModel::parse(&m.to_tsv()).unwrap(), m);
    }
}
