//! The decision kind's family samples: each a text, or a message with its sender
//! and the message before it, read with the rule's sample principals; checked at
//! load (a must-match sample must read as a decision of its family) and shown by
//! `rules explain`.

use serde::Deserialize;

use super::Decision;
use crate::decision::{Context, DecisionCue, Recent};

/// One family's samples as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawFamily {
    pub name: String,
    #[serde(default)]
    pub must_match: Vec<Sample>,
    #[serde(default)]
    pub must_not_match: Vec<Sample>,
}

/// A sample message: its text alone, or with its sender and the message before it.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Sample {
    Text(String),
    #[serde(rename_all = "kebab-case")]
    Message {
        text: String,
        #[serde(default)]
        sender: String,
        #[serde(default)]
        prev: String,
        #[serde(default)]
        prev_sender: String,
    },
}

impl Sample {
    fn parts(&self) -> (&str, &str, &str, &str) {
        match self {
            Sample::Text(t) => (t, "", "", ""),
            Sample::Message {
                text,
                sender,
                prev,
                prev_sender,
            } => (text, sender, prev, prev_sender),
        }
    }

    /// How the sample reads in `rules explain`.
    pub fn describe(&self) -> String {
        let (text, sender, prev, prev_sender) = self.parts();
        let mut out = String::new();
        if !prev.is_empty() {
            out.push_str(&format!("[{prev_sender}: {prev}] "));
        }
        if !sender.is_empty() {
            out.push_str(&format!("{sender}: "));
        }
        out.push_str(text);
        out
    }
}

impl Decision {
    /// The decision a sample reads as, with the sample principals.
    pub fn sample_decision(&self, sample: &Sample) -> Option<DecisionCue> {
        let (text, sender, prev, prev_sender) = sample.parts();
        let p = &self.sample_principals;
        let mut recent = Recent::default();
        if !prev.is_empty() {
            recent.push(prev_sender, p.sender(Some(prev_sender)), prev, None, false);
        }
        let ctx = Context {
            principals: p,
            sender_name: sender,
            sender: p.sender(Some(sender)),
            time: None,
            recent: Some(&recent),
        };
        self.detector.examine(text, &ctx).decision
    }

    /// Every family sample that does not hold: `(field, message)`.
    pub fn family_sample_problems(&self) -> Vec<(Option<String>, String)> {
        let mut problems = Vec::new();
        for (family, yes, no) in &self.families {
            let field = format!("family {}", family.as_str());
            for s in yes {
                match self.sample_decision(s) {
                    Some(d) if d.family == *family => {}
                    Some(d) => problems.push((
                        Some(format!("{field}.must-match")),
                        format!("sample reads as {}: {:?}", d.cue, s.describe()),
                    )),
                    None => problems.push((
                        Some(format!("{field}.must-match")),
                        format!("sample does not match: {:?}", s.describe()),
                    )),
                }
            }
            for s in no {
                if let Some(d) = self.sample_decision(s) {
                    problems.push((
                        Some(format!("{field}.must-not-match")),
                        format!(
                            "sample matches ({}) but must not: {:?}",
                            d.cue,
                            s.describe()
                        ),
                    ));
                }
            }
        }
        problems
    }

    /// How many family samples the rule has.
    pub fn family_samples(&self) -> usize {
        self.families
            .iter()
            .map(|(_, y, n)| y.len() + n.len())
            .sum()
    }

    /// The vocabulary and family samples, for `rules explain`.
    pub fn explain(&self) -> String {
        let mut out = String::from("Vocabulary:\n");
        for (name, list) in self.detector.settings().lists() {
            out.push_str(&format!("  {name}: {}\n", list.join(" | ")));
        }
        for (family, yes, no) in &self.families {
            out.push_str(&format!("Family {}:\n", family.as_str()));
            for s in yes {
                out.push_str(&format!("  + {}\n", s.describe()));
            }
            for s in no {
                out.push_str(&format!("  - {}\n", s.describe()));
            }
        }
        out
    }
}
