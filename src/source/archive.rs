//! ZIP archives read in place (from disk, or from memory when nested), with limits
//! that stop zip bombs before anything is decompressed.

use std::io::{self, BufRead, Cursor, Read};
use std::sync::Arc;

use zip::ZipArchive;

use super::central::{self, Record};
use super::{decoded, file_name_of, folder_of, resolve_relative};
use crate::formats::{Input, ParseError};

/// Limits on what an archive may hold before it is refused unread.
#[derive(Debug, Clone)]
pub struct ZipLimits {
    pub max_entries: usize,
    /// Sum of the declared uncompressed sizes of all entries.
    pub max_total_bytes: u64,
    /// Largest uncompressed:compressed ratio, for every entry and for the archive
    /// as a whole (declared sizes against the archive's own size).
    pub max_ratio: u64,
    /// How deep archives may nest (an archive on the drive is depth 1).
    pub max_depth: u32,
    /// Largest nested archive, which must be held in memory to be read (a level
    /// of nesting holds at most about twice this while it is read).
    pub max_nested_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 100_000,
            max_total_bytes: 16 * 1024 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 3,
            max_nested_bytes: 64 * 1024 * 1024,
        }
    }
}

pub use super::shared::{ReadSeek, SharedBytes};

/// Opens the archive's bytes from the start (called once, when it is listed).
pub type Opener = dyn Fn() -> io::Result<Box<dyn ReadSeek>> + Sync;

/// An opener over bytes held in memory (a nested archive).
pub fn memory_opener(bytes: Arc<[u8]>) -> impl Fn() -> io::Result<Box<dyn ReadSeek>> + Sync {
    move || Ok(Box::new(Cursor::new(bytes.clone())) as Box<dyn ReadSeek>)
}

/// An archive whose central directory has been read: cloned (cheaply) for each
/// member read, so the directory is parsed once per archive.
#[derive(Clone)]
pub struct Archive(ZipArchive<SharedBytes>);

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Archive({} entries)", self.0.len())
    }
}

impl PartialEq for Archive {
    /// The same parsed archive (not merely equal bytes).
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0.metadata(), &other.0.metadata())
    }
}

impl Eq for Archive {}

/// One file inside an archive, as listed in its central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub index: usize,
    /// The entry's name, `/`-separated as stored.
    pub name: String,
    pub size: u64,
    pub compressed_size: u64,
    pub encrypted: bool,
    /// Last modification time as stored in the archive (no zone), when present.
    pub modified: Option<String>,
    /// Offset of its central-directory record: namesakes are listed in this order.
    directory_at: u64,
    /// The central-directory record of an entry the `zip` crate's index lost to
    /// a namesake (read from its local header instead).
    shadowed: Option<Record>,
    /// The name reports give it when other entries share its name: `name (zip
    /// entry N)`, N its place in the central directory.
    shown: Option<String>,
    /// The archive it was listed from.
    archive: Archive,
}

impl Entry {
    /// The name reports give the entry: its own, unless other entries share it.
    pub fn shown_name(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.name)
    }
}

/// An entry may expand this much beyond `max_ratio` times its compressed size:
/// tiny entries (a few KiB of spaces) compress far better than any ratio limit
/// without being a threat.
const RATIO_SLACK: u64 = 4 * 1024;

/// Lists an archive's file entries (folders left out), sorted by name, after
/// checking the limits. Any `Err` is the reason the whole archive is refused.
pub fn list(opener: &Opener, limits: &ZipLimits) -> Result<Vec<Entry>, String> {
    let reader = opener()
        .and_then(ReadSeek::into_shared)
        .map_err(|e| format!("cannot open archive: {e}"))?;
    let archive_len = reader.len();
    let mut zip = ZipArchive::new(reader).map_err(|e| format!("cannot read zip archive: {e}"))?;
    check_count(zip.len(), limits)?;
    // Entries sharing compressed bytes multiply the expansion without limit (the
    // overlapping-entries zip bomb); no archiver writes them.
    match zip.has_overlapping_files() {
        Ok(false) => {}
        Ok(true) => {
            return Err(
                "zip entries overlap (several entries share the same compressed data, a zip bomb technique); not read"
                    .into(),
            );
        }
        Err(e) => return Err(format!("cannot read zip archive: {e}")),
    }
    let records = if zip.has_duplicate_names() {
        let records = central::records(&zip, limits.max_entries)?;
        check_count(records.len(), limits)?;
        central::check_overlaps(&records)?;
        records
    } else {
        Vec::new()
    };
    let archive = Archive(zip);
    let mut zip = archive.0.clone();
    let mut entries = Vec::with_capacity(zip.len());
    let mut total = 0u64;
    for index in 0..zip.len() {
        let file = zip
            .by_index_raw(index)
            .map_err(|e| format!("cannot read zip entry {index}: {e}"))?;
        if file.is_dir() {
            continue;
        }
        let name = file
            .name()
            .map_err(|e| format!("zip entry {index} has an unreadable name: {e}"))?
            .replace('\\', "/");
        let (size, compressed) = (file.size(), file.compressed_size());
        check_ratio(&name, size, compressed, limits)?;
        total = total.saturating_add(size);
        entries.push(Entry {
            index,
            name,
            size,
            compressed_size: compressed,
            encrypted: file.encrypted(),
            modified: file.last_modified().map(|t| {
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                    t.year(),
                    t.month(),
                    t.day(),
                    t.hour(),
                    t.minute(),
                    t.second()
                )
            }),
            directory_at: file.central_header_start(),
            shadowed: None,
            shown: None,
            archive: archive.clone(),
        });
    }
    total = total.saturating_add(add_shadowed(&mut entries, &records, &archive, limits)?);
    check_total(total, archive_len, limits)?;
    entries.sort_by(|a, b| {
        a.name
            .cmp(&b.name)
            .then(a.directory_at.cmp(&b.directory_at))
    });
    if !records.is_empty() {
        name_namesakes(&mut entries, &records);
    }
    Ok(entries)
}

fn check_count(count: usize, limits: &ZipLimits) -> Result<(), String> {
    if count > limits.max_entries {
        return Err(format!(
            "zip archive has {count} entries, over the limit of {} (possible zip bomb); not read",
            limits.max_entries
        ));
    }
    Ok(())
}

fn check_ratio(name: &str, size: u64, compressed: u64, limits: &ZipLimits) -> Result<(), String> {
    if size
        > limits
            .max_ratio
            .saturating_mul(compressed)
            .saturating_add(RATIO_SLACK)
    {
        return Err(format!(
            "zip entry {:?} expands {}:1 (limit {}:1; possible zip bomb); not read",
            name,
            size / compressed.max(1),
            limits.max_ratio
        ));
    }
    Ok(())
}

/// Refuses an archive whose entries would expand, all together, beyond the
/// total limit or beyond `max_ratio` times the archive's own size.
fn check_total(total: u64, archive_len: u64, limits: &ZipLimits) -> Result<(), String> {
    if total > limits.max_total_bytes {
        return Err(format!(
            "zip archive would expand to {total} bytes, over the limit of {} (possible zip bomb); not read",
            limits.max_total_bytes
        ));
    }
    if total
        > limits
            .max_ratio
            .saturating_mul(archive_len)
            .saturating_add(RATIO_SLACK)
    {
        return Err(format!(
            "zip archive of {archive_len} bytes would expand to {total} bytes, {}:1 overall (limit {}:1; possible zip bomb); not read",
            total / archive_len.max(1),
            limits.max_ratio
        ));
    }
    Ok(())
}

/// A file inside an archive, read through the archive each time it is opened.
pub struct Member {
    entry: Entry,
    report_path: String,
    container: String,
}

impl Member {
    /// The member `entry` of the archive reported as `archive_path`. The entry
    /// carries its parsed archive; the opener is no longer read.
    pub fn new(_opener: &Opener, entry: Entry, archive_path: &str) -> Self {
        Member {
            report_path: format!("{archive_path}!/{}", entry.shown_name()),
            container: file_name_of(archive_path).to_string(),
            entry,
        }
    }

    /// The member's entry in the central directory.
    pub fn entry(&self) -> &Entry {
        &self.entry
    }

    fn open(
        &self,
        f: &mut dyn FnMut(&mut dyn Read) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        // Declared sizes can lie: never read more than the entry claims.
        let left = self.entry.size;
        if let Some(record) = &self.entry.shadowed {
            let bytes = self.entry.archive.0.clone().into_inner();
            return central::read(&bytes, record, &mut |inner| f(&mut Capped { inner, left }));
        }
        let mut zip = self.entry.archive.0.clone();
        let file = zip.by_index(self.entry.index).map_err(io::Error::other)?;
        f(&mut Capped { inner: file, left })
    }
}

impl Input for Member {
    fn path(&self) -> &str {
        &self.report_path
    }

    fn file_name(&self) -> &str {
        file_name_of(&self.entry.name)
    }

    fn container_name(&self) -> Option<&str> {
        Some(&self.container)
    }

    fn with_text(
        &self,
        f: &mut dyn FnMut(&mut dyn BufRead) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.open(&mut |r| f(&mut decoded(r)))
    }

    fn with_bytes(
        &self,
        f: &mut dyn FnMut(&mut dyn Read) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        self.open(&mut |r| f(&mut io::BufReader::with_capacity(64 * 1024, r)))
    }

    fn related(&self, relative: &str) -> Option<Box<dyn Input + '_>> {
        let name = resolve_relative(folder_of(&self.entry.name), relative)?;
        let mut zip = self.entry.archive.0.clone();
        let index = zip.index_for_name(&name)?;
        let file = zip.by_index_raw(index).ok()?;
        if file.is_dir() || file.encrypted() {
            return None;
        }
        let entry = Entry {
            index,
            name,
            size: file.size(),
            compressed_size: file.compressed_size(),
            encrypted: false,
            modified: None,
            directory_at: file.central_header_start(),
            shadowed: None,
            shown: None,
            archive: self.entry.archive.clone(),
        };
        let archive_path = self
            .report_path
            .strip_suffix(self.entry.shown_name())
            .and_then(|p| p.strip_suffix("!/"))?;
        Some(Box::new(Member {
            report_path: format!("{archive_path}!/{}", entry.name),
            container: file_name_of(archive_path).to_string(),
            entry,
        }))
    }
}

/// A reader that fails once more than `left` bytes come out of it.
struct Capped<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "zip entry is larger than its declared size (possible zip bomb)",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[path = "archive_namesakes.rs"]
mod namesakes;
use namesakes::{add_shadowed, name_namesakes};

#[cfg(test)]
#[path = "archive_tests.rs"]
mod tests;
