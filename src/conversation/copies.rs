//! Exact copies: a file whose content hash an earlier file (in report order) had
//! is a copy of that file. Its files.csv row names the original, and nothing in it
//! is reported again. Memory: one hash and path per distinct file content.

use std::collections::HashMap;

use crate::outcome::FileOutcome;

/// The first file seen with each content.
#[derive(Debug, Default)]
pub struct Copies {
    first: HashMap<String, String>,
}

impl Copies {
    /// The original of `o` when `o` is an exact copy of a file seen before it;
    /// otherwise `o` becomes the original of its content.
    pub fn original_of(&mut self, o: &FileOutcome) -> Option<String> {
        let hash = o.content_hash.as_ref()?;
        match self.first.get(hash) {
            Some(first) => Some(first.clone()),
            None => {
                self.first.insert(hash.clone(), o.source_path.clone());
                None
            }
        }
    }
}

/// The sources of one entry that are copies: a copied archive covers its members.
#[derive(Debug, Default)]
pub struct Copied(Vec<String>);

impl Copied {
    pub fn push(&mut self, source_path: &str) {
        self.0.push(source_path.to_string());
    }

    /// True when `source_path` is one of the copies or lies inside one.
    pub fn covers(&self, source_path: &str) -> bool {
        self.0.iter().any(|c| {
            source_path == c
                || source_path
                    .strip_prefix(c.as_str())
                    .is_some_and(|rest| rest.starts_with("!/"))
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Status;

    fn file(path: &str, hash: Option<&str>) -> FileOutcome {
        let mut o = FileOutcome::new(path, Status::Scanned, "");
        o.content_hash = hash.map(str::to_string);
        o
    }

    #[test]
    fn the_first_in_report_order_is_the_original() {
        let mut c = Copies::default();
        assert_eq!(c.original_of(&file("A/chat.txt", Some("h1"))), None);
        assert_eq!(c.original_of(&file("A/other.txt", Some("h2"))), None);
        assert_eq!(c.original_of(&file("A/unhashed.txt", None)), None);
        assert_eq!(
            c.original_of(&file("B/chat copy.txt", Some("h1")))
                .as_deref(),
            Some("A/chat.txt")
        );
        let mut copied = Copied::default();
        copied.push("B/x.zip");
        assert!(copied.covers("B/x.zip") && copied.covers("B/x.zip!/_chat.txt"));
        assert!(!copied.covers("B/x.zip2") && !copied.covers("B/x.zi"));
    }
}
