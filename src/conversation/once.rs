//! Counted once: a finding or decision about a message that several exports of one
//! conversation hold is one row, with the other exports in `also_in`: the most
//! severe of them (a copy cut short may see less), the first in report order
//! among equals; a decision is kept from the first export. Rows are the same when they are of the same
//! conversation, rule and minute (UTC), and the same occurrence of that rule in
//! that minute within their own export (the n-th matches the n-th). Rows with no
//! time, or in a source the conversation stage did not match, are never merged.
//!
//! Decisions are merged before they are settled, so the register is matched once
//! per decision; they wait in a spill file of the staging folder meanwhile.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use super::Matched;
use crate::model::Timestamp;
use crate::rules::decisions::Candidate;

/// Rows that are the same: conversation, rule, minute and occurrence in the minute.
type Key = (u32, String, u32, u32);

/// Finds rows repeating an earlier row from another export.
#[derive(Debug, Default)]
pub struct Once {
    /// Key → the kept row's number, rank and source.
    kept: HashMap<Key, (u32, u8, String)>,
    /// The previous row's source, rule and minute, and its occurrence.
    previous: Option<(String, String, u32)>,
    nth: u32,
    rows: u32,
    /// Row numbers not kept (each repeats a kept one), and the other sources of
    /// each kept row.
    pub repeats: HashMap<u32, u32>,
    pub also_in: HashMap<u32, Vec<String>>,
}

/// What places a row: its source, conversation, rule and time.
#[derive(Debug, Clone, Copy)]
pub struct RowOf<'a> {
    pub source_path: &'a str,
    pub conversation: &'a str,
    pub rule_id: &'a str,
    pub time: Option<&'a Timestamp>,
}

impl Once {
    /// Takes the next row (rows must come in report order); returns its number
    /// and whether it repeats an earlier row. Of rows that are the same, the one
    /// of highest `rank` is kept, the first in report order among equals; a later
    /// row of higher rank takes an earlier row's place (and is not a repeat).
    pub fn take(&mut self, matched: &Matched, place: RowOf<'_>, rank: u8) -> (u32, bool) {
        let row = self.rows;
        self.rows += 1;
        let RowOf {
            source_path,
            conversation,
            rule_id,
            time,
        } = place;
        let (Some(c), Some(t)) = (matched.conversation_of(source_path, conversation), time) else {
            self.previous = None;
            return (row, false);
        };
        let minute = u32::try_from(t.0.timestamp().div_euclid(60)).unwrap_or(0);
        let here = (source_path.to_string(), rule_id.to_string(), minute);
        self.nth = if self.previous.as_ref() == Some(&here) {
            self.nth + 1
        } else {
            0
        };
        self.previous = Some(here);
        let key = (c, rule_id.to_string(), minute, self.nth);
        let Some((kept, kept_rank, kept_source)) = self.kept.get_mut(&key) else {
            self.kept.insert(key, (row, rank, source_path.to_string()));
            return (row, false);
        };
        if rank > *kept_rank {
            let mut also = self.also_in.remove(kept).unwrap_or_default();
            also.insert(0, std::mem::replace(kept_source, source_path.to_string()));
            also.retain(|s| s != source_path);
            self.repeats.insert(*kept, row);
            self.also_in.insert(row, also);
            (*kept, *kept_rank) = (row, rank);
            return (row, false);
        }
        let kept = *kept;
        self.repeats.insert(row, kept);
        let also = self.also_in.entry(kept).or_default();
        if !also.iter().any(|s| s == source_path) {
            also.push(source_path.to_string());
        }
        (row, true)
    }

    /// The `also_in` cell of row `row`.
    pub fn also_in(&self, row: u32) -> String {
        self.also_in
            .get(&row)
            .map(|v| v.join("; "))
            .unwrap_or_default()
    }
}

/// Decision candidates held until the conversations are known.
pub struct Held {
    path: PathBuf,
    out: BufWriter<File>,
}

impl Held {
    pub fn create(path: PathBuf) -> std::io::Result<Held> {
        let out = BufWriter::new(File::create(&path)?);
        Ok(Held { path, out })
    }

    /// Holds one entry's candidates.
    pub fn add(&mut self, candidates: &[Candidate]) -> anyhow::Result<()> {
        for c in candidates {
            serde_json::to_writer(&mut self.out, c)?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Calls `keep` with each entry's candidates that repeat no earlier one (in
    /// report order), and returns the other sources of each kept candidate, by
    /// decision id (`id` gives it).
    pub fn release(
        mut self,
        matched: &Matched,
        id: impl Fn(&Candidate) -> String,
        mut keep: impl FnMut(&[Candidate]) -> anyhow::Result<()>,
    ) -> anyhow::Result<HashMap<String, String>> {
        self.out.flush()?;
        drop(self.out);
        let mut once = Once::default();
        let mut ids: HashMap<u32, String> = HashMap::new();
        let mut batch: Vec<Candidate> = Vec::new();
        for line in BufReader::new(File::open(&self.path)?).lines() {
            let c: Candidate = serde_json::from_str(&line?)?;
            let place = RowOf {
                source_path: &c.source_path,
                conversation: &c.conversation,
                rule_id: &c.rule_id,
                time: c.time.as_ref(),
            };
            // One rank for all: the first decision in report order is kept (the
            // settle stage takes each as it comes).
            let (row, repeat) = once.take(matched, place, 0);
            if repeat {
                continue;
            }
            ids.insert(row, id(&c));
            // An entry is one file on disk: its candidates go to the settle stage together.
            if batch
                .first()
                .is_some_and(|b| entry_of(&b.source_path) != entry_of(&c.source_path))
            {
                keep(&batch)?;
                batch.clear();
            }
            batch.push(c);
        }
        if !batch.is_empty() {
            keep(&batch)?;
        }
        std::fs::remove_file(&self.path)?;
        Ok(once
            .also_in
            .keys()
            .filter_map(|row| Some((ids.get(row)?.clone(), once.also_in(*row))))
            .collect())
    }
}

/// The file on disk a source lies in (an archive member's archive).
fn entry_of(source_path: &str) -> &str {
    source_path.split("!/").next().unwrap_or(source_path)
}
