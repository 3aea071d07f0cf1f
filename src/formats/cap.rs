//! Capping one huge line or record while streaming: an over-long line, JSON
//! string or XML value keeps its first `max` bytes and the rest is dropped unread
//! into memory, so a 2 GiB single-line file costs what a 1 MiB line costs.
//!
//! A [`Cutter`] knows where a record of one syntax may be cut and still parse
//! (never inside a UTF-8 character, a JSON escape or an XML entity); [`Capped`]
//! applies it to a reader, and [`CappedInput`] to every read of an [`Input`],
//! keeping a [`CutLog`] that becomes the files.csv note.

use std::cell::Cell;
use std::io::{self, BufRead, Read};

use crate::formats::{Input, ParseError};

/// Where a record of some syntax may be cut.
pub trait Cutter {
    /// Advances over the kept bytes of `chunk`: returns how many to keep and
    /// whether a record is cut right after them (the bytes that follow are then
    /// passed to [`Cutter::skip`] until it says the record has ended).
    fn keep(&mut self, chunk: &[u8], max: usize) -> (usize, bool);
    /// How many leading bytes of `chunk` belong to the cut record's dropped rest,
    /// and whether the record ends there (what follows is kept again).
    fn skip(&mut self, chunk: &[u8]) -> (usize, bool);
}

/// The syntaxes records are cut in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Lines (`\n`-terminated): chat transcripts, mailboxes.
    Lines,
    /// JSON: string literals are cut.
    Json,
    /// XML: attribute values and text runs are cut.
    Xml,
}

impl Syntax {
    fn cutter(self) -> Box<dyn Cutter> {
        match self {
            Syntax::Lines => Box::new(super::cut_syntax::Lines::default()),
            Syntax::Json => Box::new(super::cut_syntax::Json::default()),
            Syntax::Xml => Box::new(super::cut_syntax::Xml::default()),
        }
    }
}

/// What one read through [`Capped`] cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cuts {
    pub records: u64,
    pub dropped_bytes: u64,
    /// Byte offset of the first cut.
    pub first_at: Option<u64>,
}

/// A reader passing everything through but the rest of each over-long record.
pub struct Capped<'a> {
    inner: &'a mut dyn BufRead,
    cutter: Box<dyn Cutter>,
    max: usize,
    /// Kept bytes at the front of the inner buffer, already given to the cutter.
    window: usize,
    /// The window ends where a record is cut: drop after it.
    cut_pending: bool,
    offset: u64,
    cuts: Cuts,
}

impl<'a> Capped<'a> {
    /// `inner` with every record of `syntax` kept to at most `max` bytes
    /// (a few more for an escape that straddles the limit).
    pub fn new(inner: &'a mut dyn BufRead, syntax: Syntax, max: usize) -> Self {
        Capped {
            inner,
            cutter: syntax.cutter(),
            max: max.max(1),
            window: 0,
            cut_pending: false,
            offset: 0,
            cuts: Cuts::default(),
        }
    }

    /// What has been cut so far.
    pub fn cuts(&self) -> Cuts {
        self.cuts
    }

    /// Drops the rest of a cut record, reading on until it ends (or the input does).
    fn drop_rest(&mut self) -> io::Result<()> {
        loop {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            let (n, ended) = self.cutter.skip(chunk);
            self.inner.consume(n);
            self.offset += n as u64;
            self.cuts.dropped_bytes += n as u64;
            if ended {
                return Ok(());
            }
        }
    }
}

impl BufRead for Capped<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.window == 0 {
            if self.cut_pending {
                self.cut_pending = false;
                self.drop_rest()?;
            }
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                return Ok(&[]);
            }
            let (keep, cut) = self.cutter.keep(chunk, self.max);
            self.window = keep;
            if cut {
                self.cut_pending = true;
                self.cuts.records += 1;
                self.cuts.first_at.get_or_insert(self.offset + keep as u64);
            }
        }
        let chunk = self.inner.fill_buf()?;
        Ok(&chunk[..self.window.min(chunk.len())])
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.window);
        self.inner.consume(n);
        self.window -= n;
        self.offset += n as u64;
    }
}

impl Read for Capped<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let chunk = self.fill_buf()?;
        let n = chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// The cuts of every read of one input. A parser may read an input more than
/// once (the same bytes, so the same cuts): the largest read's counts are kept.
#[derive(Debug, Default)]
pub struct CutLog {
    cuts: Cell<Cuts>,
}

impl CutLog {
    fn record(&self, read: Cuts) {
        let mut all = self.cuts.get();
        all.records = all.records.max(read.records);
        all.dropped_bytes = all.dropped_bytes.max(read.dropped_bytes);
        all.first_at = match (all.first_at, read.first_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.cuts.set(all);
    }

    /// The files.csv note, when anything was cut.
    pub fn note(&self, max: usize, what: &str) -> Option<String> {
        let c = self.cuts.get();
        (c.records > 0).then(|| {
            format!(
                "{} {what} longer than {max} bytes (max-record-size) cut to that length, the first at byte {}; {} bytes not read",
                c.records,
                c.first_at.unwrap_or(0),
                c.dropped_bytes
            )
        })
    }
}

/// An input whose every read (text or bytes) is capped record by record.
pub struct CappedInput<'a> {
    inner: &'a dyn Input,
    syntax: Syntax,
    max: usize,
    /// What the reads cut.
    pub log: CutLog,
}

impl<'a> CappedInput<'a> {
    /// `inner` with records of `syntax` capped at `max` bytes.
    pub fn new(inner: &'a dyn Input, syntax: Syntax, max: usize) -> Self {
        CappedInput {
            inner,
            syntax,
            max,
            log: CutLog::default(),
        }
    }
}

impl Input for CappedInput<'_> {
    fn path(&self) -> &str {
        self.inner.path()
    }

    fn file_name(&self) -> &str {
        self.inner.file_name()
    }

    fn container_name(&self) -> Option<&str> {
        self.inner.container_name()
    }

    fn with_text(
        &self,
        f: &mut dyn FnMut(&mut dyn BufRead) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.inner.with_text(&mut |r| {
            let mut capped = Capped::new(r, self.syntax, self.max);
            let result = f(&mut capped);
            self.log.record(capped.cuts());
            result
        })
    }

    fn with_bytes(
        &self,
        f: &mut dyn FnMut(&mut dyn Read) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.inner.with_bytes(&mut |r| {
            let mut buffered = io::BufReader::with_capacity(64 * 1024, r);
            let mut capped = Capped::new(&mut buffered, self.syntax, self.max);
            let result = f(&mut capped);
            self.log.record(capped.cuts());
            result
        })
    }

    fn related(&self, relative: &str) -> Option<Box<dyn Input + '_>> {
        self.inner.related(relative)
    }
}

/// Where to cut `run` at or after its byte `want` without splitting a UTF-8
/// character: past the continuation bytes there. Always forward, so the cut does
/// not depend on how the input was split into chunks.
pub fn char_end(run: &[u8], want: usize) -> usize {
    let mut at = want.min(run.len());
    while at < run.len() && (run[at] & 0xC0) == 0x80 {
        at += 1;
    }
    at
}

/// Caps a multi-line message (continuation lines appended to a header line) at
/// the record limit, for parsers that gather the lines of a message before
/// emitting it: lines past the limit are left out, and counted for the note.
#[derive(Debug)]
pub struct MessageCap {
    max: usize,
    used: usize,
    cutting: bool,
    line: u64,
    cut: u64,
    first_line: Option<u64>,
}

impl MessageCap {
    /// A cap of `max` bytes per message.
    pub fn new(max: usize) -> Self {
        MessageCap {
            max,
            used: 0,
            cutting: false,
            line: 0,
            cut: 0,
            first_line: None,
        }
    }

    /// A new message begins at `line` with `len` bytes.
    pub fn start(&mut self, line: u64, len: usize) {
        (self.used, self.cutting, self.line) = (len, false, line);
    }

    /// Whether a continuation line of `len` bytes may still join the message.
    pub fn admit(&mut self, len: usize) -> bool {
        if !self.cutting && self.used + len + 1 > self.max {
            self.cutting = true;
            self.cut += 1;
            self.first_line.get_or_insert(self.line);
        }
        self.used += len + 1;
        !self.cutting
    }

    /// The files.csv note, when a message was cut.
    pub fn note(&self) -> Option<String> {
        (self.cut > 0).then(|| {
            format!(
                "{} message(s) longer than {} bytes (max-record-size) cut to that length, the first at line {}",
                self.cut,
                self.max,
                self.first_line.unwrap_or(0)
            )
        })
    }
}
