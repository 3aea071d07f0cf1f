//! Rule kind `pattern`: regular expressions over message text, for what a
//! department adds itself (codewords, project names, local markings).

use regex::{Regex, RegexSet};
use serde::Deserialize;

use super::emit::Emitter;
use super::finding::Category;
use super::{Rule, RuleKind, SettingError};
use crate::model::Item;

/// Documentation shown by `onrecord rules explain`.
pub const DOC: &str = "\
Kind `pattern`: flags a message whose text matches any of `patterns` (Rust regex
syntax; no look-around) unless one of `exclude` also matches the matched text.
Settings: `patterns` (required), `exclude` (optional), `category` (required:
classification_marker, disappearing_messages, unrecorded_decision or coverage),
`case-sensitive` (default true).";

/// Settings as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPattern {
    pub patterns: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
    pub category: Category,
    #[serde(default = "yes")]
    pub case_sensitive: bool,
}

fn yes() -> bool {
    true
}

/// A compiled pattern rule.
#[derive(Debug)]
pub struct Pattern {
    pub category: Category,
    sources: Vec<String>,
    patterns: Vec<Regex>,
    exclude: Vec<Regex>,
    /// What its patterns and excludes take compiled (see `budget`).
    pub compiled_bytes: usize,
}

impl Pattern {
    /// Compiles the settings; the error names the bad pattern.
    pub fn compile(raw: RawPattern) -> Result<Self, (Option<String>, String)> {
        if raw.patterns.is_empty() {
            return Err((
                Some("patterns".into()),
                "at least one pattern is required".into(),
            ));
        }
        let flag = if raw.case_sensitive { "" } else { "(?i)" };
        let build = |field: &str,
                     list: &[String]|
         -> Result<(Vec<String>, Vec<Regex>), SettingError> {
            let sources: Vec<String> = list.iter().map(|p| format!("{flag}{p}")).collect();
            let regexes = sources
                .iter()
                .zip(list)
                .map(|(s, p)| {
                    Regex::new(s).map_err(|e| (Some(field.into()), format!("bad regex {p:?}: {e}")))
                })
                .collect::<Result<_, _>>()?;
            Ok((sources, regexes))
        };
        let (sources, patterns) = build("patterns", &raw.patterns)?;
        let (excludes, exclude) = build("exclude", &raw.exclude)?;
        let compiled_bytes = sources
            .iter()
            .chain(&excludes)
            .map(|s| super::budget::compiled_size(s))
            .sum();
        Ok(Pattern {
            category: raw.category,
            sources,
            patterns,
            exclude,
            compiled_bytes,
        })
    }

    /// The first match not excluded, as matched.
    pub fn find(&self, text: &str) -> Option<String> {
        self.patterns.iter().find_map(|re| {
            re.find_iter(text)
                .map(|m| m.as_str())
                .find(|m| !self.exclude.iter().any(|x| x.is_match(m)))
                .map(str::to_string)
        })
    }
}

/// One `RegexSet` over every pattern of every pattern rule, so text that matches
/// none of them costs one pass however many rules there are.
#[derive(Debug)]
pub struct Prefilter {
    set: Option<RegexSet>,
    /// For each pattern in the set, the index of its rule.
    owner: Vec<usize>,
}

impl Prefilter {
    /// Builds the prefilter over the pattern rules in `rules`.
    pub fn new(rules: &[Rule]) -> Self {
        let mut sources = Vec::new();
        let mut owner = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            if let RuleKind::Pattern(p) = &rule.kind {
                for s in &p.sources {
                    sources.push(s.clone());
                    owner.push(i);
                }
            }
        }
        let set = if sources.is_empty() {
            None
        } else {
            // Each pattern compiled on its own already and their total is within the
            // budget, so the set compiles too (its limit leaves room for the set's
            // own overhead).
            regex::RegexSetBuilder::new(&sources)
                .size_limit(2 * super::budget::MAX_PATTERN_BYTES)
                .build()
                .ok()
        };
        Prefilter { set, owner }
    }

    /// The pattern rules that fire on `text`, with what they matched, in rule order.
    pub fn matching<'r>(&self, rules: &'r [Rule], text: &str) -> Vec<(&'r Rule, String)> {
        let Some(set) = &self.set else {
            return Vec::new();
        };
        let mut hit_rules: Vec<usize> = set.matches(text).iter().map(|i| self.owner[i]).collect();
        hit_rules.dedup();
        hit_rules
            .into_iter()
            .filter_map(|i| match &rules[i].kind {
                RuleKind::Pattern(p) => p.find(text).map(|m| (&rules[i], m)),
                _ => None,
            })
            .collect()
    }

    /// The kind's hook on each item: reports every pattern rule that fires.
    /// `marked` says a classification rule already found a marking; a pattern
    /// rule of category `classification_marker` marks the item too. Returns
    /// whether the item is marked (so no report may quote it).
    #[inline]
    pub fn check_item(&self, rules: &[Rule], item: &Item, marked: bool, out: &mut Emitter) -> bool {
        let hits = self.matching(rules, &item.text);
        let marked = marked
            || hits
                .iter()
                .any(|(r, _)| r.kind.category() == Category::ClassificationMarker);
        for (rule, matched) in hits {
            let excerpt = out.excerpt(item, marked);
            // A classification pattern's match may itself be sensitive: name the rule only.
            let detail = if marked {
                format!("matched a pattern of rule {}", rule.id)
            } else {
                format!("matched {matched:?}")
            };
            out.push(rule, Some(item), &matched, excerpt, detail);
        }
        marked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(patterns: &[&str], exclude: &[&str], case_sensitive: bool) -> Pattern {
        Pattern::compile(RawPattern {
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
            category: Category::ClassificationMarker,
            case_sensitive,
        })
        .unwrap()
    }

    #[test]
    fn matches_and_excludes() {
        let p = pattern(&[r"\bOPERATION [A-Z]+\b"], &["OPERATION THEATRE"], true);
        assert_eq!(
            p.find("Brief on OPERATION NIGHTJAR at 10"),
            Some("OPERATION NIGHTJAR".into())
        );
        assert_eq!(p.find("the OPERATION THEATRE is closed"), None);
        assert_eq!(p.find("operation nightjar"), None);
    }

    #[test]
    fn case_insensitive_option() {
        let p = pattern(&[r"\bnightjar\b"], &[], false);
        assert!(p.find("NightJar update").is_some());
    }

    #[test]
    fn bad_regex_names_the_pattern() {
        let err = Pattern::compile(RawPattern {
            patterns: vec!["(unclosed".into()],
            exclude: vec![],
            category: Category::Coverage,
            case_sensitive: true,
        })
        .unwrap_err();
        assert_eq!(err.0.as_deref(), Some("patterns"));
        assert!(err.1.contains("(unclosed"));
    }
}
