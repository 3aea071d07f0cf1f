//! Reading a TOML file into raw serde structs, listing every problem at once: the
//! run configuration and the rule packs both read their files through here.
//!
//! serde stops at the first error. So the document is parsed into toml's spanned
//! tree first (every syntax error listed), then deserialised; on an error, the
//! key or array item the error's span points into is named, dropped from the tree,
//! and deserialising is tried again, until it succeeds. Every unknown key, wrong
//! type or missing field is so reported with its path and line, and the value read
//! from what is left can still be validated, so the semantic problems are listed
//! alongside.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

/// One problem in a TOML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `zip.max-entries`, `offices[1].name`; empty for the whole document.
    pub path: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// Tries of one value before giving up (each drops one entry).
const MAX_TRIES: usize = 1000;

/// Parses a document; `Err` lists every syntax error.
pub fn parse(text: &str) -> Result<Spanned<DeValue<'_>>, Vec<Problem>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let span = table.span();
        return Ok(Spanned::new(span, DeValue::Table(table.into_inner())));
    }
    Err(errors
        .iter()
        .map(|e| Problem {
            path: String::new(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: format!("not valid TOML: {}", e.message().trim_end()),
        })
        .collect())
}

/// Deserialises `value` (a part of `text`), dropping whatever fails until the rest
/// reads: the value read (if any) and every problem met on the way.
pub fn read<T: DeserializeOwned>(
    text: &str,
    mut value: Spanned<DeValue<'_>>,
) -> (Option<T>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut dropped = BTreeSet::new();
    for _ in 0..MAX_TRIES {
        let error = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(t) => {
                problems.sort_by_key(|p: &Problem| p.line);
                return (Some(t), problems);
            }
            Err(e) => e,
        };
        let message = error.message().trim_end().to_string();
        let line = error.span().map(|s| line_of(text, s.start));
        let Some(path) = error.span().and_then(|s| drop_at(&mut value, &s)) else {
            problems.push(Problem {
                path: String::new(),
                line,
                message,
            });
            return (None, problems);
        };
        // A required key dropped for its type is not missing a second time.
        let repeat = missing_field(&message)
            .is_some_and(|f| dropped.contains(&join(&path, f)) || dropped.contains(&path));
        if !repeat {
            problems.push(Problem {
                path: path.clone(),
                line,
                message,
            });
        }
        dropped.insert(path);
    }
    (None, problems)
}

/// Reads a whole document: [`parse`], then [`read`].
pub fn read_document<T: DeserializeOwned>(text: &str) -> (Option<T>, Vec<Problem>) {
    match parse(text) {
        Ok(value) => read(text, value),
        Err(problems) => (None, problems),
    }
}

/// Reads a table that has lost its source text (a rule's kind settings, gathered by
/// serde): directly when it reads; else through its TOML text, to list every problem
/// by path (the lines are of that text, so left out).
pub fn read_table<T: DeserializeOwned>(table: toml::Table) -> Result<T, Vec<Problem>> {
    let first = match toml::Value::Table(table.clone()).try_into() {
        Ok(t) => return Ok(t),
        Err(e) => e.message().trim_end().to_string(),
    };
    let text = toml::to_string(&table).unwrap_or_default();
    let (_, mut problems) = read_document::<T>(&text);
    if problems.is_empty() {
        problems.push(Problem {
            path: String::new(),
            line: None,
            message: first,
        });
    }
    problems.iter_mut().for_each(|p| p.line = None);
    Err(problems)
}

/// The field a serde "missing field `x`" message names.
fn missing_field(message: &str) -> Option<&str> {
    message.strip_prefix("missing field `")?.split('`').next()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// One step down the tree: a table key or an array index.
enum Step {
    Key(String),
    Index(usize),
}

/// Drops the deepest entry or item whose key or value holds `span`, returning its path.
fn drop_at(value: &mut Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<String> {
    let steps = find(value, span)?;
    let mut path = String::new();
    for s in &steps {
        match s {
            Step::Key(k) => path = join(&path, k),
            Step::Index(i) => path = format!("{path}[{i}]"),
        }
    }
    let (last, parents) = steps.split_last()?;
    let mut at = value.get_mut();
    for s in parents {
        at = match (s, at) {
            (Step::Key(k), DeValue::Table(t)) => t.get_mut(k.as_str())?.get_mut(),
            (Step::Index(i), DeValue::Array(a)) => a.get_mut(*i)?.get_mut(),
            _ => return None,
        };
    }
    match (last, at) {
        (Step::Key(k), DeValue::Table(t)) => {
            t.remove(k.as_str());
        }
        (Step::Index(i), DeValue::Array(a)) => {
            let mut kept = DeArray::new();
            for (n, item) in std::mem::replace(a, DeArray::new()).into_iter().enumerate() {
                if n != *i {
                    kept.push(item);
                }
            }
            *a = kept;
        }
        _ => return None,
    }
    Some(path)
}

/// The steps to the deepest entry or item holding `span` (a table's keys need not
/// lie inside the table's own span: `[zip]` headers, dotted keys).
fn find(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<Vec<Step>> {
    match value.get_ref() {
        DeValue::Table(t) => t.iter().find_map(|(k, v)| {
            if let Some(mut deeper) = find(v, span) {
                deeper.insert(0, Step::Key(k.get_ref().to_string()));
                return Some(deeper);
            }
            (contains(&k.span(), span) || contains(&v.span(), span))
                .then(|| vec![Step::Key(k.get_ref().to_string())])
        }),
        DeValue::Array(a) => a.iter().enumerate().find_map(|(i, v)| {
            if let Some(mut deeper) = find(v, span) {
                deeper.insert(0, Step::Index(i));
                return Some(deeper);
            }
            contains(&v.span(), span).then(|| vec![Step::Index(i)])
        }),
        _ => None,
    }
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, Default)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Raw {
        name: Option<String>,
        count: Option<u32>,
        #[serde(default)]
        inner: Inner,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize, Default)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Inner {
        limit: Option<u64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: String,
        size: Option<u32>,
    }

    #[test]
    fn every_structural_problem_is_listed_with_path_and_line() {
        let text = "nmae = \"x\"\ncount = \"three\"\n[inner]\nlimit = true\nextra = 1\n\
                    [[items]]\nid = \"a\"\n[[items]]\nsize = 4\n[[items]]\nid = 7\n";
        let (raw, problems) = read_document::<Raw>(text);
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 6, "{shown:#?}");
        assert!(shown[0].starts_with("nmae: unknown field"), "{shown:#?}");
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("inner.extra: unknown field `extra`"))
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("inner.limit: invalid type: boolean"))
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("nmae: unknown field `nmae`") && s.ends_with("(line 1)"))
        );
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("items[1]: missing field `id`") && s.ends_with("(line 8)")),
            "{shown:#?}"
        );
        // `id = 7` is reported once, for its type, not again as missing.
        assert!(
            shown
                .iter()
                .any(|s| s.starts_with("items[1].id: invalid type: integer `7`")),
            "{shown:#?}"
        );
        assert_eq!(
            shown.iter().filter(|s| s.contains("missing field")).count(),
            1
        );
        // What is left still reads, for the semantic checks.
        let raw = raw.unwrap();
        assert_eq!((raw.name, raw.count, raw.inner.limit), (None, None, None));
        assert_eq!(raw.items.len(), 1);
        assert_eq!((raw.items[0].id.as_str(), raw.items[0].size), ("a", None));
        // In the order of the file.
        let lines: Vec<_> = problems.iter().map(|p| p.line.unwrap()).collect();
        assert!(lines.is_sorted(), "{lines:?}");
    }

    #[test]
    fn every_syntax_error_is_listed() {
        let (raw, problems) = read_document::<Raw>("name = \ncount = 3\n[inner\n");
        assert!(raw.is_none());
        assert!(problems.len() >= 2, "{problems:#?}");
        assert!(
            problems
                .iter()
                .all(|p| p.message.starts_with("not valid TOML"))
        );
        assert!(problems.iter().any(|p| p.line == Some(1)), "{problems:#?}");
        assert!(problems.iter().any(|p| p.line == Some(3)), "{problems:#?}");
    }

    #[test]
    fn a_table_without_its_text_lists_its_problems_by_path() {
        let table: toml::Table = toml::from_str("count = \"x\"\nbogus = 1\n").unwrap();
        let problems = read_table::<Raw>(table).unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown.iter().all(|s| !s.contains("(line")));
        let ok: Raw = read_table(toml::from_str("count = 3\n").unwrap()).unwrap();
        assert_eq!(ok.count, Some(3));
    }
}
