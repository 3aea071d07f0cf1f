//! Turning one discovered entry into its files.csv rows (one per file, plus one
//! per archive member) and whatever the checks found in it.
//!
//! Nothing escapes as a failure: a file that cannot be read, a zip bomb, a parser
//! panic — each becomes an `error` row and the run goes on.

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::discover::{Discovered, EntryKind};
use crate::formats::{self, Input, ParseError, ParseOptions};
use crate::model::{Ignore, Item};
use crate::outcome::{FileFormat, FileOutcome, Status};
use crate::pipeline::{EntryResult, Origin};
use crate::prints::{Sought, Tap};
use crate::rules::{Checker, ExcerptMode, RuleSet, Scope};
use crate::source::archive::{self, Opener, ReadSeek, ZipLimits};
use crate::source::sniff::{self, Sniff};
use crate::source::{self, FileInput};

/// The examine stage's component: what examining needs to know, shared by all
/// workers (built from the plan by `ScanPlan::examiner`).
#[derive(Debug, Clone)]
pub struct Examiner {
    pub parse: ParseOptions,
    pub zip: ZipLimits,
    pub rules: Arc<RuleSet>,
    pub excerpts: ExcerptMode,
    pub legal_holds: Vec<(String, NaiveDate)>,
}

/// Examines one discovered entry. Never panics and never fails: problems are rows.
pub fn examine(entry: &Discovered, office: &str, ctx: &Examiner) -> EntryResult {
    let mut result = EntryResult::default();
    match &entry.kind {
        EntryKind::Skipped(reason) => result.outcomes.push(FileOutcome::new(
            &entry.report_path,
            Status::Skipped,
            reason,
        )),
        EntryKind::Error(reason) => {
            result
                .outcomes
                .push(FileOutcome::new(&entry.report_path, Status::Error, reason))
        }
        EntryKind::File { size, modified } => {
            let mut row = FileOutcome::new(&entry.report_path, Status::Scanned, "");
            row.size_bytes = Some(*size);
            row.modified = modified.map(|t| iso_time(t, ctx.parse.timezone));
            let input = FileInput::new(entry.path.clone(), entry.report_path.clone())
                .within_root(&entry.relative)
                .preload(*size);
            let caught = panic::catch_unwind(AssertUnwindSafe(|| {
                let mut out = EntryResult::default();
                let mut walk = Walk {
                    ctx,
                    office,
                    out: &mut out,
                    recall: None,
                };
                walk.input(&input, Some(&entry.path), row.clone(), 0);
                out
            }));
            result = caught.unwrap_or_else(|payload| {
                row.status = Status::Error;
                row.detail = format!(
                    "internal error while reading this file ({}); the rest of the run is unaffected — please report it",
                    panic_message(&payload)
                );
                EntryResult {
                    outcomes: vec![row],
                    ..EntryResult::default()
                }
            });
            check_unchanged(&entry.path, *size, *modified, &mut result.outcomes[0]);
        }
    }
    result
}

/// Reads the file at `origin` (reported as `report_path`) again for the text of
/// each `wanted` message: the input it lies in (the file or one of its archive
/// members, by report path) and what it is ([`Sought`]). Gives each message as the
/// parser delivers it, or `None` where it is not there any more (the file changed
/// or is gone).
/// Only the inputs holding a wanted message are parsed, and no rule is run. Never
/// panics.
pub fn recall(
    origin: &Origin,
    report_path: &str,
    wanted: &[(String, Sought)],
    ctx: &Examiner,
) -> Vec<Option<Item>> {
    let mut recalling = Recalling {
        wanted: wanted.to_vec(),
        found: vec![None; wanted.len()],
    };
    let input = FileInput::new(origin.path.clone(), report_path.to_string()).at_depth(origin.depth);
    let row = FileOutcome::new(report_path, Status::Scanned, "");
    let _ = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut out = EntryResult::default();
        let mut walk = Walk {
            ctx,
            office: "",
            out: &mut out,
            recall: Some(&mut recalling),
        };
        walk.input(&input, Some(&origin.path), row, 0);
    }));
    recalling.found
}

/// A [`recall`] under way: what is wanted, and what has been found.
struct Recalling {
    wanted: Vec<(String, Sought)>,
    found: Vec<Option<Item>>,
}

impl Recalling {
    /// True when a wanted message lies in the input reported as `path` or in an
    /// archive member under it.
    fn lies_under(&self, path: &str) -> bool {
        self.wanted.iter().any(|(source, _)| {
            source
                .strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("!/"))
        })
    }

    /// Parses `input` (of `format`) for the wanted messages that lie in it.
    fn read(&mut self, format: formats::Format, input: &dyn Input, ctx: &Examiner) {
        let here: Vec<usize> = (0..self.wanted.len())
            .filter(|&i| self.wanted[i].0 == input.path())
            .collect();
        if here.is_empty() {
            return;
        }
        let sought = here.iter().map(|&i| self.wanted[i].1.clone()).collect();
        let shown = |t: &str| ctx.rules.shown(ctx.excerpts, t).into_owned();
        let mut ignore = Ignore;
        let mut tap = Tap::new(&mut ignore, input.path(), &shown).seeking(sought);
        // A parse error after the message still leaves it found.
        let _ = formats::parse(format, input, &ctx.parse, &mut tap);
        for (k, item) in tap.found {
            self.found[here[k]] = Some(item);
        }
    }
}

/// One entry being examined: where its rows and findings go. When recalling
/// ([`recall`]), only the inputs holding a wanted message are read, and they are
/// not checked.
struct Walk<'a> {
    ctx: &'a Examiner,
    office: &'a str,
    out: &'a mut EntryResult,
    recall: Option<&'a mut Recalling>,
}

impl Walk<'_> {
    /// Reads one input (a file, or an archive member) and pushes its rows.
    fn input(
        &mut self,
        input: &dyn Input,
        disk_path: Option<&Path>,
        mut row: FileOutcome,
        depth: u32,
    ) {
        let ctx = self.ctx;
        let rows = &mut self.out.outcomes;
        let (head, complete) = match source::read_head(input) {
            Ok(h) => h,
            Err(e) => {
                row.status = Status::Error;
                row.detail = read_failure(&e);
                rows.push(row);
                return;
            }
        };
        match sniff::sniff(&head, complete) {
            Sniff::Empty => {
                (row.status, row.detail) = if formats::is_export_name(input.file_name()) {
                    (
                        Status::Error,
                        "empty file named like an export (the export may have failed)".into(),
                    )
                } else {
                    (Status::Skipped, "empty file".into())
                };
                rows.push(row);
            }
            Sniff::NotText(reason) => {
                row.status = Status::Skipped;
                row.detail = reason;
                rows.push(row);
            }
            Sniff::Zip => self.archive(input, disk_path, row, depth),
            Sniff::Text(head) => {
                match formats::detect(input.file_name(), &head) {
                    None => {
                        row.status = Status::Skipped;
                        let note = formats::skip_note(input.file_name(), &head);
                        row.detail = ctx.rules.shown(ctx.excerpts, &note).into_owned();
                    }
                    Some(format) if self.recall.is_some() => {
                        if let Some(r) = self.recall.as_deref_mut() {
                            r.read(format, input, ctx);
                        }
                    }
                    Some(format) => {
                        row.format = FileFormat::Export(format);
                        let scope = Scope {
                            office: self.office,
                            source_path: input.path(),
                            excerpts: ctx.excerpts,
                            legal_holds: &ctx.legal_holds,
                        };
                        let mut checker = Checker::new(&ctx.rules, scope);
                        let shown = |t: &str| ctx.rules.shown(ctx.excerpts, t).into_owned();
                        let mut tap = Tap::new(&mut checker, input.path(), &shown);
                        let parsed = formats::parse(format, input, &ctx.parse, &mut tap);
                        self.out.exports.append(&mut tap.exports);
                        match parsed {
                            Ok(stats) => {
                                let skipped = stats.skipped_note.map(|note| {
                                    format!("{} record(s) not read: {note}", stats.skipped_records)
                                });
                                // Notes may quote the export: shown as any text from it.
                                row.detail = [stats.note, skipped, stats.cut_note]
                                    .into_iter()
                                    .flatten()
                                    .map(|n| ctx.rules.shown(ctx.excerpts, &n).into_owned())
                                    .collect::<Vec<_>>()
                                    .join("; ");
                            }
                            Err(e) => {
                                row.status = Status::Error;
                                row.detail = match &e {
                                    ParseError::Io(_) => read_failure(&e),
                                    ParseError::Invalid { line, message } => {
                                        // The problem may quote the export.
                                        let shown = ctx.rules.shown(ctx.excerpts, message);
                                        let at = line.map(|l| format!("line {l}: "));
                                        format!(
                                            "cannot parse as {}: {}{shown}",
                                            format.as_str(),
                                            at.unwrap_or_default()
                                        )
                                    }
                                };
                                if checker.messages > 0 {
                                    row.detail.push_str(&format!(
                                        " ({} messages before the problem were checked)",
                                        checker.messages
                                    ));
                                }
                            }
                        }
                        row.content_hash = input.content_hash();
                        row.conversations = checker.conversations;
                        row.messages = checker.messages;
                        let (findings, decisions) = checker.into_results();
                        self.out.findings.extend(findings);
                        self.out.decisions.extend(decisions);
                    }
                }
                self.out.outcomes.push(row);
            }
        }
    }

    /// Lists an archive and examines each member, then writes the archive's own row
    /// (before its members) with their totals.
    fn archive(
        &mut self,
        input: &dyn Input,
        disk_path: Option<&Path>,
        mut row: FileOutcome,
        depth: u32,
    ) {
        let ctx = self.ctx;
        row.format = FileFormat::Archive;
        if depth >= ctx.zip.max_depth {
            row.status = Status::Error;
            row.detail = format!(
                "archive nested more than {} levels deep; not read",
                ctx.zip.max_depth
            );
            self.out.outcomes.push(row);
            return;
        }
        let opener: Box<Opener> = match disk_path {
            Some(p) => {
                let p = p.to_path_buf();
                Box::new(move || Ok(Box::new(source::open_regular(&p)?) as Box<dyn ReadSeek>))
            }
            None => match read_nested(input, ctx.zip.max_nested_bytes) {
                Ok(bytes) => Box::new(archive::memory_opener(bytes)),
                Err(reason) => {
                    row.status = Status::Error;
                    row.detail = reason;
                    self.out.outcomes.push(row);
                    return;
                }
            },
        };
        let entries = match archive::list(opener.as_ref(), &ctx.zip) {
            Ok(e) => e,
            Err(reason) => {
                row.status = Status::Error;
                row.detail = reason;
                self.out.outcomes.push(row);
                return;
            }
        };
        row.content_hash = input.content_hash();
        let own = self.out.outcomes.len();
        self.out.outcomes.push(row);
        for entry in entries {
            let member = archive::Member::new(opener.as_ref(), entry, input.path());
            if let Some(r) = &self.recall
                && !r.lies_under(member.path())
            {
                continue;
            }
            let mut member_row = FileOutcome::new(member.path(), Status::Scanned, "");
            member_row.size_bytes = Some(member.entry().size);
            member_row.modified = member.entry().modified.clone();
            if member.entry().encrypted {
                member_row.status = Status::Error;
                member_row.detail = "encrypted archive entry; cannot be read".into();
                self.out.outcomes.push(member_row);
                continue;
            }
            self.input(&member, None, member_row, depth + 1);
        }
        summarise_archive(&mut self.out.outcomes, own);
    }
}

/// Fills an archive's row from its members' rows (nested archives' own rows are
/// not counted twice).
fn summarise_archive(rows: &mut [FileOutcome], own: usize) {
    let prefix = format!("{}!/", rows[own].source_path);
    let members: Vec<&FileOutcome> = rows[own + 1..]
        .iter()
        .filter(|r| r.source_path.starts_with(&prefix))
        .collect();
    let count = |s: Status| members.iter().filter(|r| r.status == s).count();
    let (scanned, skipped, errors) = (
        count(Status::Scanned),
        count(Status::Skipped),
        count(Status::Error),
    );
    let leaves = members.iter().filter(|r| r.format != FileFormat::Archive);
    let (conversations, messages) =
        leaves.fold((0, 0), |(c, m), r| (c + r.conversations, m + r.messages));
    let detail = format!(
        "archive of {} file(s): {scanned} scanned, {skipped} skipped, {errors} error(s)",
        members.len()
    );
    let own_row = &mut rows[own];
    own_row.conversations = conversations;
    own_row.messages = messages;
    own_row.detail = detail;
}

fn read_nested(input: &dyn Input, max: u64) -> Result<Arc<[u8]>, String> {
    let mut bytes = Vec::new();
    let read = input.with_bytes(&mut |r| {
        use std::io::Read;
        r.take(max + 1).read_to_end(&mut bytes)?;
        Ok(())
    });
    match read {
        Err(e) => Err(read_failure(&e)),
        Ok(()) if bytes.len() as u64 > max => Err(format!(
            "nested archive larger than {max} bytes cannot be read in memory; not read"
        )),
        Ok(()) => Ok(bytes.into()),
    }
}

/// Marks the entry's row as an error if the file changed or vanished while read.
fn check_unchanged(path: &Path, size: u64, modified: Option<SystemTime>, row: &mut FileOutcome) {
    if row.status == Status::Error {
        return;
    }
    match std::fs::metadata(path) {
        Err(_) => {
            row.status = Status::Error;
            row.detail = "file disappeared while it was being read; rescan".into();
        }
        Ok(md) if md.len() != size || md.modified().ok() != modified => {
            row.status = Status::Error;
            row.detail =
                "file changed while it was being read; results may be incomplete — rescan".into();
        }
        Ok(_) => {}
    }
}

fn read_failure(e: &ParseError) -> String {
    match e {
        ParseError::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
            "file disappeared before it could be read (moved or deleted during the scan)".into()
        }
        ParseError::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
            "cannot read: permission denied".into()
        }
        other => format!("cannot read: {other}"),
    }
}

/// ISO 8601 with offset in `tz`, seconds precision.
pub fn iso_time(t: SystemTime, tz: Tz) -> String {
    DateTime::<Utc>::from(t)
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}
