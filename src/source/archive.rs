//! ZIP archives read in place (from disk, or from memory when nested), with limits
//! that stop zip bombs before anything is decompressed.

use std::io::{self, BufRead, Cursor, Read, Seek};
use std::sync::Arc;

use zip::ZipArchive;

use super::{decoded, file_name_of, folder_of, resolve_relative};
use crate::formats::{Input, ParseError};

/// Limits on what an archive may hold before it is refused unread.
#[derive(Debug, Clone)]
pub struct ZipLimits {
    pub max_entries: usize,
    /// Sum of the declared uncompressed sizes of all entries.
    pub max_total_bytes: u64,
    /// Largest uncompressed:compressed ratio for an entry over 1 MiB.
    pub max_ratio: u64,
    /// How deep archives may nest (an archive on the drive is depth 1).
    pub max_depth: u32,
    /// Largest nested archive, which must be held in memory to be read.
    pub max_nested_bytes: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            max_entries: 100_000,
            max_total_bytes: 16 * 1024 * 1024 * 1024,
            max_ratio: 200,
            max_depth: 3,
            max_nested_bytes: 256 * 1024 * 1024,
        }
    }
}

/// Something that can be read and seeked: a file, or bytes in memory.
pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// Opens the archive's bytes from the start; called once per read.
pub type Opener = dyn Fn() -> io::Result<Box<dyn ReadSeek>> + Sync;

/// An opener over bytes held in memory (a nested archive).
pub fn memory_opener(bytes: Arc<[u8]>) -> impl Fn() -> io::Result<Box<dyn ReadSeek>> + Sync {
    move || Ok(Box::new(Cursor::new(bytes.clone())) as Box<dyn ReadSeek>)
}

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
}

/// Lists an archive's file entries (folders left out), sorted by name, after
/// checking the limits. Any `Err` is the reason the whole archive is refused.
pub fn list(opener: &Opener, limits: &ZipLimits) -> Result<Vec<Entry>, String> {
    let reader = opener().map_err(|e| format!("cannot open archive: {e}"))?;
    let mut zip = ZipArchive::new(reader).map_err(|e| format!("cannot read zip archive: {e}"))?;
    if zip.len() > limits.max_entries {
        return Err(format!(
            "zip archive has {} entries, over the limit of {} (possible zip bomb); not read",
            zip.len(),
            limits.max_entries
        ));
    }
    let mut entries = Vec::new();
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
        if size > 1024 * 1024 && size / compressed.max(1) > limits.max_ratio {
            return Err(format!(
                "zip entry {:?} expands {}:1 (limit {}:1; possible zip bomb); not read",
                name,
                size / compressed.max(1),
                limits.max_ratio
            ));
        }
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
        });
    }
    if total > limits.max_total_bytes {
        return Err(format!(
            "zip archive would expand to {total} bytes, over the limit of {} (possible zip bomb); not read",
            limits.max_total_bytes
        ));
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name).then(a.index.cmp(&b.index)));
    Ok(entries)
}

/// A file inside an archive, read through the archive each time it is opened.
pub struct Member<'a> {
    opener: &'a Opener,
    entry: Entry,
    report_path: String,
    container: String,
}

impl<'a> Member<'a> {
    /// The member `entry` of the archive reported as `archive_path`.
    pub fn new(opener: &'a Opener, entry: Entry, archive_path: &str) -> Self {
        Member {
            opener,
            report_path: format!("{archive_path}!/{}", entry.name),
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
        let reader = (self.opener)()?;
        let mut zip = ZipArchive::new(reader).map_err(io::Error::other)?;
        let file = zip.by_index(self.entry.index).map_err(io::Error::other)?;
        // Declared sizes can lie: never read more than the entry claims.
        let mut capped = Capped {
            inner: file,
            left: self.entry.size,
        };
        f(&mut capped)
    }
}

impl Input for Member<'_> {
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
        let mut zip = ZipArchive::new((self.opener)().ok()?).ok()?;
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
        };
        let archive_path = self
            .report_path
            .strip_suffix(self.entry.name.as_str())
            .and_then(|p| p.strip_suffix("!/"))?;
        Some(Box::new(Member::new(self.opener, entry, archive_path)))
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
