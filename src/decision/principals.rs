//! The office's principals (`[[principals]]` in the run configuration): who they
//! are, the names a chat shows them under, and finding them as senders and in text.
//!
//! A sender is a principal when its name, after trimming and case-folding, equals
//! the principal's name or an alias, or when both are phone numbers with the same
//! digits (`+44 7700 900214` = `447700900214`). In text, a principal is mentioned by
//! name or alias as whole words: aliases of up to three letters or written in
//! capitals (`HC`, `CX`) only in that exact case, so `am` never reads as `AM`.

use std::collections::HashMap;

use serde::Deserialize;

use super::words::Token;

/// One principal as written in the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPrincipal {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// One principal, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub name: String,
    pub role: String,
    pub aliases: Vec<String>,
}

/// A way a principal is written in text: its words, lower case, and whether the
/// case must match exactly (short or all-capital aliases).
#[derive(Debug, Clone)]
struct Mention {
    words: Vec<String>,
    exact: Vec<String>,
    principal: usize,
}

/// The compiled principals; empty when none are configured.
#[derive(Debug, Clone, Default)]
pub struct Principals {
    list: Vec<Principal>,
    /// Normalised sender name or phone digits → principal.
    senders: HashMap<String, usize>,
    /// Mentions by their first word (lower case).
    mentions: HashMap<String, Vec<Mention>>,
}

/// Validates `[[principals]]`; each problem names the entry and field.
pub fn validate(raw: &[RawPrincipal]) -> Result<Principals, Vec<String>> {
    let mut problems = Vec::new();
    let mut list = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let name = p.name.trim();
        if name.is_empty() {
            problems.push(format!("principals[{i}].name: is empty"));
            continue;
        }
        for (k, a) in p.aliases.iter().enumerate() {
            if a.trim().is_empty() {
                problems.push(format!("principals[{i}] ({name}).aliases[{k}]: is empty"));
            }
        }
        list.push(Principal {
            name: name.to_string(),
            role: p.role.trim().to_string(),
            aliases: p.aliases.iter().map(|a| a.trim().to_string()).collect(),
        });
    }
    let principals = Principals::new(list);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, p) in principals.list.iter().enumerate() {
        for key in std::iter::once(&p.name).chain(&p.aliases) {
            let k = sender_key(key);
            if k.is_empty() {
                continue;
            }
            if let Some(&j) = principals.senders.get(&k).filter(|&&j| j != i) {
                let first = &principals.list[j].name;
                if seen.insert(key.as_str(), j).is_none() {
                    problems.push(format!(
                        "principals[{i}] ({}): {key:?} is also a name or alias of {first}",
                        p.name
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(principals)
    } else {
        Err(problems)
    }
}

/// A sender name as compared: trimmed, case-folded, WhatsApp's `~` and invisible
/// marks dropped; a phone number as its digits.
pub fn sender_key(sender: &str) -> String {
    let s: String = sender
        .chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}' | '\u{202c}' | '~'))
        .collect();
    let s = s.trim();
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let phone = digits.len() >= 7
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'));
    if phone {
        return digits;
    }
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Principals {
    /// Indexes `list` (first entry wins where two share a key).
    pub fn new(list: Vec<Principal>) -> Self {
        let mut senders = HashMap::new();
        let mut mentions: HashMap<String, Vec<Mention>> = HashMap::new();
        for (i, p) in list.iter().enumerate() {
            for key in std::iter::once(&p.name).chain(&p.aliases) {
                let k = sender_key(key);
                if !k.is_empty() {
                    senders.entry(k).or_insert(i);
                }
                let words: Vec<&str> = key
                    .split(|c: char| !c.is_alphanumeric() && c != '\'')
                    .filter(|w| !w.is_empty())
                    .collect();
                if words.is_empty() || words.iter().all(|w| w.chars().all(|c| c.is_ascii_digit())) {
                    continue;
                }
                let exact = key.chars().filter(|c| c.is_alphabetic()).count() <= 3
                    || key.chars().all(|c| !c.is_lowercase());
                let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
                mentions.entry(lower[0].clone()).or_default().push(Mention {
                    exact: if exact {
                        words.iter().map(|w| (*w).to_string()).collect()
                    } else {
                        Vec::new()
                    },
                    words: lower,
                    principal: i,
                });
            }
        }
        for m in mentions.values_mut() {
            m.sort_by_key(|m| std::cmp::Reverse(m.words.len()));
        }
        Principals {
            list,
            senders,
            mentions,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn get(&self, i: usize) -> &Principal {
        &self.list[i]
    }

    pub fn list(&self) -> &[Principal] {
        &self.list
    }

    /// The principal a sender name is, if any.
    pub fn sender(&self, sender: Option<&str>) -> Option<usize> {
        if self.list.is_empty() {
            return None;
        }
        self.senders.get(&sender_key(sender?)).copied()
    }

    /// The principal mentioned at `toks[i..]` (of `text`) and the mention's length
    /// in tokens.
    pub(crate) fn mention_at(
        &self,
        text: &str,
        toks: &[Token],
        i: usize,
    ) -> Option<(usize, usize)> {
        let first = toks.get(i)?;
        let candidates = self.mentions.get(first.word())?;
        candidates.iter().find_map(|m| {
            let n = m.words.len();
            let rest = toks.get(i..i + n)?;
            let same = m.words.iter().zip(rest).all(|(w, t)| *w == t.word());
            let exact = m.exact.is_empty()
                || m.exact
                    .iter()
                    .zip(rest)
                    .all(|(w, t)| *w == text[t.start..t.end]);
            (same && exact).then_some((m.principal, n))
        })
    }

    /// The principal mentioned in `toks[..end]` whose mention ends at `end`.
    pub(crate) fn mention_ending(
        &self,
        text: &str,
        toks: &[Token],
        end: usize,
    ) -> Option<(usize, usize)> {
        (end.saturating_sub(4)..end).find_map(|s| {
            self.mention_at(text, toks, s)
                .filter(|&(_, n)| s + n == end)
                .map(|(p, _)| (p, s))
        })
    }

    /// The last principal mentioned in `text`.
    pub(crate) fn last_mentioned(&self, text: &str, toks: &[Token]) -> Option<usize> {
        if self.list.is_empty() {
            return None;
        }
        (0..toks.len())
            .rev()
            .find_map(|i| self.mention_at(text, toks, i).map(|(p, _)| p))
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::tokens;
    use super::*;

    fn principals() -> Principals {
        validate(&[
            RawPrincipal {
                name: "Helen Carrow".into(),
                role: "Prime Minister".into(),
                aliases: vec!["Helen".into(), "HC".into(), "PM".into()],
            },
            RawPrincipal {
                name: "Owen Pryce".into(),
                role: "Chancellor".into(),
                aliases: vec!["Owen".into(), "+44 7700 900101".into()],
            },
        ])
        .unwrap()
    }

    #[test]
    fn senders_match_names_aliases_and_phone_digits() {
        let p = principals();
        assert_eq!(p.sender(Some(" helen  CARROW ")), Some(0));
        assert_eq!(p.sender(Some("~ Helen")), Some(0));
        assert_eq!(p.sender(Some("447700900101")), Some(1));
        assert_eq!(p.sender(Some("+44 (7700) 900-101")), Some(1));
        assert_eq!(p.sender(Some("Owen Jones")), None);
        assert_eq!(p.sender(None), None);
    }

    #[test]
    fn mentions_respect_case_of_initials() {
        let p = principals();
        let text = "I am sure HC and owen agreed";
        let t = tokens(text);
        assert_eq!(p.mention_at(text, &t, 1), None, "am is not AM");
        assert_eq!(p.mention_at(text, &t, 3), Some((0, 1)));
        assert_eq!(p.mention_at(text, &t, 5), Some((1, 1)));
        let text = "hc agreed";
        assert_eq!(p.mention_at(text, &tokens(text), 0), None);
        let text = "Helen Carrow agreed";
        let t = tokens(text);
        assert_eq!(p.mention_ending(text, &t, 2), Some((0, 0)));
        assert_eq!(p.last_mentioned(text, &t), Some(0));
    }

    #[test]
    fn problems_are_listed_together() {
        let errs = validate(&[
            RawPrincipal {
                name: " ".into(),
                role: String::new(),
                aliases: vec![],
            },
            RawPrincipal {
                name: "Ann Marsh".into(),
                role: String::new(),
                aliases: vec!["AM".into(), String::new()],
            },
            RawPrincipal {
                name: "Alan Mole".into(),
                role: String::new(),
                aliases: vec!["AM".into()],
            },
        ])
        .unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:#?}");
        assert!(errs[2].contains("\"AM\" is also a name or alias of Ann Marsh"));
    }
}
