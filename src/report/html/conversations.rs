//! The page's hook for conversations.csv (one conversation, many exports): when a
//! writer has put that report in the staging folder before the page is written,
//! the conversations with evidence of deletion — messages one export has and
//! another lacks (`messages_missing` above 0) — are shown per office. When the
//! report is absent, the page has no such section.
//!
//! Read by column name, and only these columns: `conversation_id`, `platform`,
//! `title`, `office`, `exports`, `first_message`, `last_message`, `messages_missing`.
//! No message text is read.

use std::collections::BTreeMap;
use std::path::Path;

use crate::pipeline::Diagnostics;
use crate::report::facts::LIST_LEN;

/// The report this reads.
pub const FILE: &str = "conversations.csv";

/// A conversation with messages missing from one of its exports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub conversation_id: String,
    pub title: String,
    pub platform: String,
    pub exports: String,
    pub first_message: String,
    pub last_message: String,
    pub messages_missing: u64,
}

/// One office's conversations with evidence of deletion: how many, and the
/// [`LIST_LEN`] with the most messages missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    pub count: u64,
    pub top: Vec<Deletion>,
}

impl Evidence {
    fn note(&mut self, d: Deletion) {
        self.count += 1;
        let key = |x: &Deletion| {
            (
                std::cmp::Reverse(x.messages_missing),
                x.conversation_id.clone(),
            )
        };
        let at = self.top.partition_point(|x| key(x) <= key(&d));
        if at < LIST_LEN {
            self.top.insert(at, d);
            self.top.truncate(LIST_LEN);
        }
    }

    /// Adds another office's evidence (for the whole drive).
    pub fn add(&mut self, other: &Evidence) {
        let count = self.count + other.count;
        for d in &other.top {
            self.note(d.clone());
        }
        self.count = count;
    }
}

/// The evidence per office, or `None` when `dir` holds no conversations.csv.
pub fn read(dir: &Path, diag: &mut dyn Diagnostics) -> Option<BTreeMap<String, Evidence>> {
    let path = dir.join(FILE);
    let bytes = std::fs::read(&path).ok()?;
    let text = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(text);
    let header = reader.headers().ok()?.clone();
    let at = |name: &str| header.iter().position(|h| h == name);
    let columns = [
        "conversation_id",
        "title",
        "platform",
        "exports",
        "first_message",
        "last_message",
        "messages_missing",
        "office",
    ]
    .map(at);
    let [
        Some(id),
        Some(title),
        Some(platform),
        Some(exports),
        Some(first),
        Some(last),
        Some(missing),
        Some(office),
    ] = columns
    else {
        diag.warn(format!(
            "{} lacks the columns the page reads; the page leaves conversations out",
            path.display()
        ));
        return None;
    };
    let mut offices: BTreeMap<String, Evidence> = BTreeMap::new();
    for r in reader.records().flatten() {
        let cell = |i: usize| r.get(i).unwrap_or("").to_string();
        let messages_missing = r.get(missing).and_then(|m| m.parse().ok()).unwrap_or(0);
        if messages_missing == 0 {
            continue;
        }
        offices.entry(cell(office)).or_default().note(Deletion {
            conversation_id: cell(id),
            title: cell(title),
            platform: cell(platform),
            exports: cell(exports),
            first_message: cell(first),
            last_message: cell(last),
            messages_missing,
        });
    }
    Some(offices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_report_gives_no_section_and_present_one_keeps_deletions_only() {
        let dir = tempfile::tempdir().unwrap();
        let mut diag: Vec<String> = Vec::new();
        assert!(read(dir.path(), &mut diag).is_none());
        std::fs::write(
            dir.path().join(FILE),
            "\u{feff}conversation_id,platform,title,office,exports,sources,first_message,last_message,messages,messages_missing\r\n\
             c1,whatsapp,PM Updates,No10,3,a;b;c,2021-04-01T09:00:00+01:00,2021-06-30T18:00:00+01:00,400,12\r\n\
             c2,whatsapp,Grid,No10,2,d;e,2021-04-01T09:00:00+01:00,2021-06-30T18:00:00+01:00,50,0\r\n\
             c3,signal,Handling,HMT,2,f;g,2021-05-01T09:00:00+01:00,2021-05-30T18:00:00+01:00,90,30\r\n\
             c4,whatsapp,Lines,No10,2,h;i,2021-05-01T09:00:00+01:00,2021-05-30T18:00:00+01:00,80,40\r\n",
        )
        .unwrap();
        let got = read(dir.path(), &mut diag).unwrap();
        assert!(diag.is_empty());
        let no10 = &got["No10"];
        assert_eq!(no10.count, 2);
        let ids: Vec<&str> = no10
            .top
            .iter()
            .map(|d| d.conversation_id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["c4", "c1"],
            "most messages missing first; none missing left out"
        );
        let mut drive = Evidence::default();
        for e in got.values() {
            drive.add(e);
        }
        assert_eq!(drive.count, 3);
        assert_eq!(drive.top[0].conversation_id, "c4");
    }
}
