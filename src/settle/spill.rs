//! Decision candidates on their way to the reports, kept on disk: each is written
//! to a spill file in the staging folder as its entry arrives, and only its place
//! in the file, its place in findings.csv order and, when it can meet a register
//! row, what the match needs ([`crate::register::DecisionKey`]) stay in memory. After reconciliation the candidates are read
//! back one at a time, in candidate order (decisions.csv) or in findings.csv order
//! (the decision findings merged into findings.csv). So memory grows by a dozen
//! bytes per decision (a few dozen more for one the register could record), not
//! by the decision.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;

use super::{DecisionRow, SettleOptions, decision_id, register_key, settle};
use crate::model::{Location, Timestamp};
use crate::register::{
    self, DecisionKeys, Reconciliation, RegisterEntry, RegisterIndex, RegisterMatch,
};
use crate::rules::decisions::Candidate;

/// A decision's place in findings.csv (the fields [`crate::report::findings::order`]
/// compares, in its order).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct OrderKey {
    source_path: String,
    time: Option<Timestamp>,
    rule_id: String,
    location: Location,
    id: String,
}

impl OrderKey {
    fn of(c: &Candidate) -> OrderKey {
        OrderKey {
            source_path: c.source_path.clone(),
            time: c.time,
            rule_id: c.rule_id.clone(),
            location: c.location.clone(),
            id: decision_id(c),
        }
    }
}

/// Candidates being spilled, entry by entry, in report order.
pub struct DecisionSpill<'p> {
    index: RegisterIndex<'p>,
    entries: &'p [RegisterEntry],
    options: &'p SettleOptions,
    path: PathBuf,
    out: BufWriter<File>,
    line: Vec<u8>,
    /// Where each candidate's line starts.
    offsets: Vec<u64>,
    /// Bytes written.
    end: u64,
    keys: DecisionKeys,
    /// Candidate numbers in findings.csv order, entry by entry.
    order: Vec<u32>,
    /// The last place in that order so far.
    last: Option<OrderKey>,
    /// Each entry's candidates sorted on their own followed the previous entry's:
    /// `order` is the order of the whole run (see [`DecisionSpill::add`]).
    in_order: bool,
}

impl<'p> DecisionSpill<'p> {
    /// Starts the spill at `path`, to be matched against `entries`.
    pub fn create(
        path: PathBuf,
        entries: &'p [RegisterEntry],
        options: &'p SettleOptions,
    ) -> anyhow::Result<DecisionSpill<'p>> {
        let out = BufWriter::new(
            File::create(&path).with_context(|| format!("cannot create {}", path.display()))?,
        );
        Ok(DecisionSpill {
            index: RegisterIndex::new(entries, &options.matching),
            entries,
            options,
            path,
            out,
            line: Vec::new(),
            offsets: Vec::new(),
            end: 0,
            keys: DecisionKeys::default(),
            order: Vec::new(),
            last: None,
            in_order: true,
        })
    }

    /// Spills one entry's candidates (entries must come in report order).
    ///
    /// Entries arrive in path order and an entry's decisions all lie under its
    /// path, so sorting each entry's decisions on its own normally puts the whole
    /// run in findings.csv order without holding more than one entry's keys. That
    /// is checked at each entry's first decision; should it ever fail (a source
    /// path sorting before an earlier entry's), [`DecisionSpill::finish`] sorts
    /// the whole run instead.
    pub fn add(&mut self, candidates: &[Candidate]) -> anyhow::Result<()> {
        let first = self.keys.len();
        let mut places = Vec::with_capacity(candidates.len());
        for (n, c) in candidates.iter().enumerate() {
            self.keys.push(register_key(c, &self.index, self.options));
            places.push((OrderKey::of(c), u32::try_from(first + n)?));
            // The text was only for matching the register: the key holds what it needs.
            let c = Candidate {
                text: String::new(),
                ..c.clone()
            };
            self.line.clear();
            serde_json::to_writer(&mut self.line, &c)?;
            self.line.push(b'\n');
            self.out.write_all(&self.line)?;
            self.offsets.push(self.end);
            self.end += self.line.len() as u64;
        }
        places.sort_by(|a, b| a.0.cmp(&b.0));
        if let (Some(last), Some((next, _))) = (&self.last, places.first())
            && next < last
        {
            self.in_order = false;
        }
        self.order.extend(places.iter().map(|(_, i)| *i));
        if let Some((key, _)) = places.pop() {
            self.last = Some(key);
        }
        Ok(())
    }

    /// Matches the spilled decisions against the register and returns them ready
    /// to be read back as rows.
    pub fn finish(mut self) -> anyhow::Result<Settled<'p>> {
        self.out.flush()?;
        drop(self.out);
        self.offsets.push(self.end);
        let Reconciliation {
            matches,
            unmatched_entries,
        } = register::reconcile_keys(&self.index, &self.keys);
        drop(self.keys);
        // Only matched decisions are kept: at most one per register row.
        let count = matches.len();
        let matches = matches
            .into_iter()
            .enumerate()
            .filter_map(|(n, m)| Some((n, m?)))
            .collect();
        let mut settled = Settled {
            entries: self.entries,
            options: self.options,
            path: self.path,
            offsets: self.offsets,
            order: self.order,
            count,
            matches,
            unmatched_entries,
        };
        if !self.in_order {
            settled.order = settled.sort_whole()?;
        }
        Ok(settled)
    }
}

/// Spilled decisions matched against the register, read back one at a time.
pub struct Settled<'p> {
    entries: &'p [RegisterEntry],
    options: &'p SettleOptions,
    path: PathBuf,
    offsets: Vec<u64>,
    order: Vec<u32>,
    count: usize,
    /// The matched decisions' numbers and matches, ascending.
    matches: Vec<(usize, RegisterMatch)>,
    /// Register entries no decision matched, ascending.
    pub unmatched_entries: Vec<usize>,
}

impl Settled<'_> {
    /// How many decisions there are.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when no decision was found.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn open(&self) -> anyhow::Result<BufReader<File>> {
        let file = File::open(&self.path)
            .with_context(|| format!("cannot read {}", self.path.display()))?;
        Ok(BufReader::new(file))
    }

    fn row(&self, n: usize, line: &[u8]) -> anyhow::Result<DecisionRow> {
        let candidate: Candidate = serde_json::from_slice(line)
            .with_context(|| format!("{} line {}", self.path.display(), n + 1))?;
        let matched = self
            .matches
            .binary_search_by_key(&n, |(m, _)| *m)
            .ok()
            .map(|i| &self.matches[i].1);
        Ok(settle(candidate, matched, self.entries, self.options))
    }

    /// Every decision row, in report order (decisions.csv).
    pub fn rows(&self) -> anyhow::Result<impl Iterator<Item = anyhow::Result<DecisionRow>> + '_> {
        let mut reader = self.open()?;
        let mut line = Vec::new();
        let mut n = 0;
        Ok(std::iter::from_fn(move || {
            if n == self.len() {
                return None;
            }
            line.clear();
            let row = match reader.read_until(b'\n', &mut line) {
                Ok(_) => self.row(n, &line),
                Err(e) => Err(e.into()),
            };
            n += 1;
            Some(row)
        }))
    }

    /// Every decision row in findings.csv order (the order
    /// [`crate::report::findings::order`] gives their findings); recorded ones too,
    /// [`super::finding_for`] leaves them out.
    pub fn rows_in_finding_order(
        &self,
    ) -> anyhow::Result<impl Iterator<Item = anyhow::Result<DecisionRow>> + '_> {
        let mut reader = self.open()?;
        let mut at = 0u64;
        let mut line = Vec::new();
        let mut next = self.order.iter();
        Ok(std::iter::from_fn(move || {
            let n = *next.next()? as usize;
            let (start, end) = (self.offsets[n], self.offsets[n + 1]);
            let mut read = || -> anyhow::Result<DecisionRow> {
                // Mostly a step forward within the buffer: runs follow the file.
                reader.seek_relative(start as i64 - at as i64)?;
                line.resize((end - start) as usize, 0);
                reader.read_exact(&mut line)?;
                at = end;
                self.row(n, &line)
            };
            Some(read())
        }))
    }

    /// The findings.csv order of all decisions, sorted whole (the fallback when
    /// the entries' own orders do not line up; see [`DecisionSpill::add`]).
    fn sort_whole(&self) -> anyhow::Result<Vec<u32>> {
        let mut places = Vec::with_capacity(self.len());
        let mut reader = self.open()?;
        let mut line = Vec::new();
        for n in 0..self.len() {
            line.clear();
            reader.read_until(b'\n', &mut line)?;
            let c: Candidate = serde_json::from_slice(&line)?;
            places.push((OrderKey::of(&c), n as u32));
        }
        places.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(places.into_iter().map(|(_, n)| n).collect())
    }

    /// Deletes the spill file.
    pub fn remove(self) -> std::io::Result<()> {
        std::fs::remove_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone as _, Utc};

    use super::*;
    use crate::decision::DecisionCue;
    use crate::model::Platform;
    use crate::register::MatchSettings;

    fn candidate(path: &str, minute: u32, line: u64, subject: &str) -> Candidate {
        let time = Utc.with_ymd_and_hms(2021, 4, 15, 9, minute, 0).unwrap();
        Candidate {
            rule_id: "decision-not-recorded".into(),
            office: "No10".into(),
            source_path: path.into(),
            platform: Platform::WhatsApp,
            conversation: "PM Updates".into(),
            time: Some(Timestamp(time.fixed_offset())),
            sender: Some("Jo".into()),
            location: Location::Line(line),
            excerpt: format!("PM is content with {subject}"),
            text: format!("PM is content with {subject}"),
            cue: DecisionCue {
                confidence: 0.85,
                cue: "role: PM is content with".into(),
                family: crate::decision::Family::Role,
                actor: "PM".into(),
                reply_to: None,
                reply_to_marked: false,
                subject: subject.into(),
                references: Vec::new(),
            },
            cited: Vec::new(),
            acknowledged_by: None,
        }
    }

    fn register() -> Vec<RegisterEntry> {
        vec![RegisterEntry {
            file: "log.csv".into(),
            line: 2,
            reference: "DOC-1".into(),
            decided_on: NaiveDate::from_ymd_opt(2021, 4, 15),
            recorded_on: None,
            decision_maker: "PM".into(),
            conversation: "PM Updates".into(),
            channel: "WhatsApp".into(),
            summary: "Northgate housing bid option B".into(),
        }]
    }

    /// Spills `entries` and checks both read-back orders against holding every
    /// row: candidate order, and the old global sort of the unrecorded rows.
    fn check(entries: Vec<Vec<Candidate>>, expect_in_order: bool) {
        let dir = tempfile::tempdir().unwrap();
        let register = register();
        let options = SettleOptions {
            as_of: NaiveDate::from_ymd_opt(2021, 7, 1).unwrap(),
            deadline_days: 20,
            matching: MatchSettings::default(),
        };
        let all: Vec<Candidate> = entries.iter().flatten().cloned().collect();
        let mut spill =
            DecisionSpill::create(dir.path().join("d.jsonl"), &register, &options).unwrap();
        for e in entries {
            spill.add(&e).unwrap();
        }
        assert_eq!(spill.in_order, expect_in_order);
        let settled = spill.finish().unwrap();

        let chat: Vec<_> = all
            .iter()
            .map(|c| crate::register::ChatDecision {
                key: 0,
                conversation: c.conversation.as_str().into(),
                date: super::super::decision_date(c, &options),
                text: c.text.as_str().into(),
                subject: c.cue.subject.as_str().into(),
                cited: c.cited.as_slice().into(),
            })
            .collect();
        let reconciled = register::reconcile(&chat, &register, &options.matching);
        assert_eq!(settled.unmatched_entries, reconciled.unmatched_entries);
        let expected: Vec<DecisionRow> = all
            .into_iter()
            .zip(&reconciled.matches)
            .map(|(c, m)| settle(c, m.as_ref(), &register, &options))
            .collect();
        assert!(
            expected
                .iter()
                .any(|r| r.status == register::Status::Recorded)
        );
        let rows: Vec<DecisionRow> = settled.rows().unwrap().map(Result::unwrap).collect();
        assert_eq!(rows, expected);

        let mut order: Vec<usize> = (0..expected.len())
            .filter(|&i| expected[i].status != register::Status::Recorded)
            .collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&expected[a].candidate, &expected[b].candidate);
            (
                &x.source_path,
                &x.time,
                &x.rule_id,
                &x.location,
                &expected[a].id,
            )
                .cmp(&(
                    &y.source_path,
                    &y.time,
                    &y.rule_id,
                    &y.location,
                    &expected[b].id,
                ))
        });
        let unrecorded: Vec<DecisionRow> = settled
            .rows_in_finding_order()
            .unwrap()
            .map(Result::unwrap)
            .filter(|r| r.status != register::Status::Recorded)
            .collect();
        let want: Vec<&DecisionRow> = order.iter().map(|&i| &expected[i]).collect();
        assert_eq!(unrecorded.iter().collect::<Vec<_>>(), want);
        settled.remove().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    fn entries() -> Vec<Vec<Candidate>> {
        vec![
            vec![
                candidate("a/chat.txt", 30, 40, "the Eastfield grant"),
                candidate(
                    "a/chat.txt",
                    10,
                    12,
                    "option B for the Northgate housing bid",
                ),
                candidate("a/chat.txt", 10, 12, "the Eastfield grant"),
            ],
            Vec::new(),
            vec![
                candidate("b.zip/m/chat.txt", 5, 3, "the Westford pier"),
                candidate("b.zip/k/chat.txt", 5, 3, "the Westford pier"),
            ],
        ]
    }

    #[test]
    fn rows_read_back_as_if_held_in_memory() {
        check(entries(), true);
    }

    #[test]
    fn an_entry_sorting_before_the_previous_one_falls_back_to_a_whole_sort() {
        let mut entries = entries();
        entries.push(vec![candidate("a/chat.txt", 20, 30, "the Southport ferry")]);
        check(entries, false);
    }
}
