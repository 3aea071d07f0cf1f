//! The cross-export stage: one conversation, many exports. Fed by the reporter with
//! each examined entry in report order, it spots exact copies (same content hash:
//! [`copies`]), spills every export's message prints to sorted runs in the staging
//! folder ([`runs`]), and at the end matches exports of the same conversation by
//! their messages ([`identity`]) and compares them ([`compare`]): the messages of
//! each conversation, those an export lacks, placeholders whose text survives
//! elsewhere, long silences; a placeholder's surviving text is then read again
//! from the one file that holds it ([`recall`]). Memory holds one run of prints
//! and a few figures per export, never the drive's messages.

pub mod compare;
pub mod copies;
pub mod evidence;
pub mod identity;
pub mod once;
pub mod recall;
pub mod runs;

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::path::Path;
use std::sync::Arc;

use chrono::DateTime;

use crate::model::Platform;
use crate::pipeline::{Examined, Origin};
use crate::prints::TimerEvent;
use crate::report::conversations::Row;
use crate::rules::disappearing::describe_duration;
use crate::source::folder_of;
use compare::Compared;
use copies::{Copied, Copies};
use identity::Matching;
use runs::Runs;

/// What the stage needs to know (from the rule pack's `cross-export` rules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub matching: Matching,
    /// Silences at least this long (minutes) are kept for the gap rule.
    pub min_silence: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            matching: Matching::default(),
            min_silence: 7 * 24 * 60,
        }
    }
}

/// One conversation as one export holds it: what the stage keeps in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub source_path: String,
    pub office: String,
    pub platform: Platform,
    pub title: String,
    /// The folder the export (or its archive) lies in.
    pub custodian: String,
    /// Messages that can be matched (placeholders not counted).
    pub messages: u32,
    /// Minutes of its first and last message or placeholder.
    pub first: Option<u32>,
    pub last: Option<u32>,
    pub timers: Vec<TimerEvent>,
    /// The file it was read from (shared by the exports of one entry), for reading
    /// it again; none for an entry without an origin.
    pub file: Option<Arc<EntryFile>>,
}

/// The file an entry was read from: where it lies and how it is reported.
#[derive(Debug, PartialEq, Eq)]
pub struct EntryFile {
    pub origin: Origin,
    pub report_path: String,
}

impl Default for Export {
    fn default() -> Self {
        Export {
            source_path: String::new(),
            office: String::new(),
            platform: Platform::WhatsApp,
            title: String::new(),
            custodian: String::new(),
            messages: 0,
            first: None,
            last: None,
            timers: Vec::new(),
            file: None,
        }
    }
}

/// The folder an export (or the archive holding it) lies in: its custodian's, on
/// a drive collected one folder per custodian.
pub fn custodian_of(source_path: &str) -> String {
    let outer = source_path.split("!/").next().unwrap_or(source_path);
    let folder = folder_of(outer);
    folder.rsplit('/').next().unwrap_or(folder).to_string()
}

/// The stage while entries arrive.
pub struct Stage {
    settings: Settings,
    copies: Copies,
    exports: Vec<Export>,
    runs: Runs,
}

impl Stage {
    /// Starts the stage; its runs go into `dir` (the staging folder).
    pub fn start(dir: &Path, settings: Settings) -> Stage {
        Stage {
            settings,
            copies: Copies::default(),
            exports: Vec::new(),
            runs: Runs::new(dir),
        }
    }

    /// Takes one entry (in report order). Returns the original each of its rows
    /// copies, if any (aligned with its outcomes), and the copied sources, whose
    /// findings and decisions are not reported again.
    pub fn add(&mut self, e: &Examined) -> io::Result<(Vec<Option<String>>, Copied)> {
        let mut copied = Copied::default();
        let originals: Vec<Option<String>> = e
            .result
            .outcomes
            .iter()
            .map(|o| {
                let original = self.copies.original_of(o);
                if original.is_some() {
                    copied.push(&o.source_path);
                }
                original
            })
            .collect();
        let file = e.origin.as_ref().map(|origin| {
            Arc::new(EntryFile {
                origin: origin.clone(),
                report_path: e.report_path.clone(),
            })
        });
        for x in &e.result.exports {
            if copied.covers(&x.source_path) {
                continue;
            }
            let number = u32::try_from(self.exports.len()).map_err(io::Error::other)?;
            let mut export = Export {
                source_path: x.source_path.clone(),
                office: e.office.clone(),
                platform: x.platform,
                title: x.title.clone(),
                custodian: custodian_of(&x.source_path),
                timers: x.timers.clone(),
                file: file.clone(),
                ..Export::default()
            };
            for p in x.prints() {
                export.messages += u32::from(!p.deleted);
                export.first = Some(export.first.map_or(p.minute, |f| f.min(p.minute)));
                export.last = Some(export.last.map_or(p.minute, |l| l.max(p.minute)));
                self.runs.push(runs::record(p, number))?;
            }
            self.exports.push(export);
        }
        Ok((originals, copied))
    }

    /// Matches and compares the exports.
    pub fn finish(self) -> io::Result<Matched> {
        let mut shared = identity::SharedCounts::default();
        let sorted = self.runs.finish(|g| shared.add(g))?;
        let conv = identity::conversations_of(&self.exports, &shared.pairs, self.settings.matching);
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); conv.len()];
        for (i, &c) in conv.iter().enumerate() {
            members[c as usize].push(i as u32);
        }
        let compared = compare::compare(
            &sorted,
            &self.exports,
            &conv,
            &members,
            self.settings.min_silence,
        )?;
        sorted.remove()?;
        let mut by_source = HashMap::new();
        for (i, x) in self.exports.iter().enumerate() {
            by_source
                .entry((x.source_path.clone(), x.title.clone()))
                .or_insert(i as u32);
        }
        let n = self.exports.len();
        Ok(Matched {
            exports: self.exports,
            conv,
            members,
            compared,
            by_source,
            findings: vec![0; n],
            decisions: vec![0; n],
        })
    }
}

/// The exports matched into conversations, and what comparing them showed.
pub struct Matched {
    pub exports: Vec<Export>,
    /// Each export's conversation: the number of its first export.
    pub conv: Vec<u32>,
    /// Each conversation's exports (under its first export's number), in report order.
    members: Vec<Vec<u32>>,
    pub compared: Compared,
    by_source: HashMap<(String, String), u32>,
    findings: Vec<u64>,
    decisions: Vec<u64>,
}

impl Matched {
    /// The conversation (its first export's number) a source's conversation
    /// `title` belongs to.
    pub fn conversation_of(&self, source_path: &str, title: &str) -> Option<u32> {
        let x = self
            .by_source
            .get(&(source_path.to_string(), title.to_string()))?;
        Some(self.conv[*x as usize])
    }

    /// Counts a reported finding (`decision`: a decisions.csv row) in its conversation.
    pub fn count(&mut self, source_path: &str, title: &str, decision: bool) {
        if let Some(c) = self.conversation_of(source_path, title) {
            let counts = if decision {
                &mut self.decisions
            } else {
                &mut self.findings
            };
            counts[c as usize] += 1;
        }
    }

    /// The conversation's id: from its first export's path and title.
    pub fn id_of(&self, c: u32) -> String {
        let x = &self.exports[c as usize];
        let digest = crate::keys::digest_bytes(&[
            b"conversation",
            x.source_path.as_bytes(),
            x.title.as_bytes(),
        ]);
        crate::keys::hex(&digest[..8])
    }

    /// The exports of conversation `c`, in report order.
    pub fn members(&self, c: u32) -> impl Iterator<Item = (u32, &Export)> {
        self.members[c as usize]
            .iter()
            .map(|&i| (i, &self.exports[i as usize]))
    }

    /// conversations.csv's rows, in the order of their first exports.
    pub fn rows(&self) -> impl Iterator<Item = Row> + '_ {
        (0..self.exports.len() as u32)
            .filter(|&i| self.conv[i as usize] == i)
            .map(|c| self.row(c))
    }

    fn row(&self, c: u32) -> Row {
        let first = &self.exports[c as usize];
        let members: Vec<&Export> = self.members(c).map(|(_, x)| x).collect();
        let distinct = |f: fn(&Export) -> &str| {
            let mut seen = BTreeSet::new();
            members
                .iter()
                .map(|x| f(x))
                .filter(|v| !v.is_empty() && seen.insert(*v))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let union = &self.compared.unions[c as usize];
        Row {
            conversation_id: self.id_of(c),
            platform: first.platform.as_str(),
            title: first.title.clone(),
            office: distinct(|x| &x.office),
            exports: members.len() as u64,
            sources: distinct(|x| &x.source_path),
            custodians: distinct(|x| &x.custodian),
            first_message: union.first.map(minute_iso).unwrap_or_default(),
            last_message: union.last.map(minute_iso).unwrap_or_default(),
            messages: u64::from(union.messages),
            messages_missing: u64::from(union.missing),
            timer_state: timer_state(&members),
            decisions: self.decisions[c as usize],
            findings: self.findings[c as usize],
        }
    }
}

/// The latest timer setting any export of the conversation shows: `off`, `on`
/// (duration not given) or `on: 7 days`; empty when none shows one.
fn timer_state(members: &[&Export]) -> String {
    let latest = members
        .iter()
        .flat_map(|x| x.timers.iter())
        .max_by_key(|(minute, _)| *minute);
    match latest {
        None => String::new(),
        Some((_, None)) => "off".into(),
        Some((_, Some(0))) => "on".into(),
        Some((_, Some(s))) => format!("on: {}", describe_duration(*s)),
    }
}

/// A minute as written in reports: `2023-01-12T09:15:00Z`.
pub fn minute_iso(minute: u32) -> String {
    DateTime::from_timestamp(i64::from(minute) * 60, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:00Z").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custodians_are_the_folders_exports_lie_in() {
        assert_eq!(
            custodian_of("No10/Ann Example/WhatsApp Chat with Ops.txt"),
            "Ann Example"
        );
        assert_eq!(
            custodian_of("No10/Ben Sample/Ops.zip!/_chat.txt"),
            "Ben Sample"
        );
        assert_eq!(custodian_of("loose.txt"), "");
        assert_eq!(minute_iso(27_890_000), "2023-01-11T01:20:00Z");
    }
}
