//! Opening a file or an archive member as bytes or decoded text.
//!
//! Decoding: UTF-8 with or without BOM passes through; UTF-16 LE/BE with a BOM is
//! transcoded to UTF-8 while streaming. Nothing here loads a whole file; archive
//! members are read through the `zip` crate in memory, never extracted to disk.

pub mod archive;
mod central;
pub mod digest;
pub mod meter;
mod open;
mod probed;
pub mod shared;
pub mod sniff;

use digest::Digest;
pub use open::open_regular;
use probed::Probed;

use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::formats::{Input, ParseError};

/// Wraps a byte reader so it yields UTF-8: strips a UTF-8 BOM and transcodes
/// UTF-16 (LE or BE, recognised by its BOM, or without one by the NUL pattern of
/// its first bytes: see [`sniff::bomless_utf16`]); other bytes pass through
/// untouched.
pub fn decoded(reader: impl Read) -> impl BufRead {
    let probed = Probed::new(reader, sniff::UTF16_PROBE);
    let encoding = match sniff::bomless_utf16(probed.head()) {
        Some(sniff::Utf16::Le) => Some(encoding_rs::UTF_16LE),
        Some(sniff::Utf16::Be) => Some(encoding_rs::UTF_16BE),
        None => None,
    };
    BufReader::with_capacity(
        64 * 1024,
        DecodeReaderBytesBuilder::new()
            .encoding(encoding)
            .bom_override(true)
            .bom_sniffing(true)
            .strip_bom(true)
            .utf8_passthru(true)
            .build(probed),
    )
}

/// Calls `f` with `bytes` as UTF-8 text, as [`decoded`] would give it, but served
/// in place (no copy, no buffer to fill) unless they are UTF-16: a UTF-8 BOM is
/// skipped and everything else passes through untouched, as it does there.
pub fn with_decoded_slice<R>(bytes: &[u8], f: impl FnOnce(&mut dyn BufRead) -> R) -> R {
    if bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0xFE, 0xFF])
        || sniff::bomless_utf16(bytes).is_some()
    {
        f(&mut decoded(bytes))
    } else {
        let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        f(&mut rest)
    }
}

/// A file on disk, opened afresh for each read.
pub struct FileInput {
    disk_path: PathBuf,
    report_path: String,
    /// How many folders lie between the file and its scan root.
    depth: usize,
    /// The whole content, when read up front (small files: sniffing and every
    /// parser pass are then served without opening the file again).
    preloaded: Option<Vec<u8>>,
    digest: Digest,
}

/// Files up to this size are read once into memory (see [`FileInput::preload`]).
pub const PRELOAD_MAX: u64 = 1024 * 1024;

impl FileInput {
    /// A file at `disk_path`, reported as `report_path`.
    pub fn new(disk_path: PathBuf, report_path: String) -> Self {
        FileInput {
            disk_path,
            report_path,
            depth: 0,
            preloaded: None,
            digest: Digest::default(),
        }
    }

    /// Reads the whole file now if it is at most [`PRELOAD_MAX`] bytes (`size` as
    /// the walk saw it). A failed read is left for the normal path to report.
    pub fn preload(mut self, size: u64) -> Self {
        if size <= PRELOAD_MAX {
            let mut bytes = Vec::with_capacity(size as usize);
            // Read up to the size the walk saw and no further, so the end needs no
            // extra read: a file that grew meanwhile is caught by the check that it
            // did not change while being read.
            if open_regular(&self.disk_path)
                .and_then(|f| f.take(size).read_to_end(&mut bytes))
                .is_ok()
            {
                self.digest = Digest::of_bytes(&bytes);
                self.preloaded = Some(bytes);
            }
        }
        self
    }

    /// Sets the file's path relative to its scan root, so [`Input::related`] may
    /// reach files up to the root and no further.
    pub fn within_root(self, relative: &str) -> Self {
        self.at_depth(depth_below_root(relative))
    }

    /// Sets how many folders lie between the file and its scan root (see
    /// [`FileInput::within_root`]).
    pub fn at_depth(mut self, depth: u32) -> Self {
        self.depth = depth as usize;
        self
    }
}

/// How many folders lie between a file and its scan root, from its path relative
/// to the root.
pub fn depth_below_root(relative: &str) -> u32 {
    u32::try_from(relative.matches('/').count()).unwrap_or(u32::MAX)
}

/// `relative` (`/`-separated, `..` allowed) resolved against `folder` (empty for
/// the top); `None` when it climbs above the top.
pub fn resolve_relative(folder: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a `/`-separated path (empty at the top).
pub fn folder_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

impl Input for FileInput {
    fn path(&self) -> &str {
        &self.report_path
    }

    fn file_name(&self) -> &str {
        file_name_of(&self.report_path)
    }

    fn container_name(&self) -> Option<&str> {
        let mut parts = self.report_path.rsplit('/');
        parts.next();
        parts.next()
    }

    fn with_text(
        &self,
        f: &mut dyn FnMut(&mut dyn BufRead) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        match &self.preloaded {
            Some(bytes) => with_decoded_slice(bytes, f),
            None => f(&mut decoded(
                self.digest
                    .tap(meter::Metered::new(open_regular(&self.disk_path)?)),
            )),
        }
    }

    fn with_bytes(
        &self,
        f: &mut dyn FnMut(&mut dyn Read) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        match &self.preloaded {
            Some(bytes) => f(&mut bytes.as_slice()),
            None => f(&mut BufReader::with_capacity(
                64 * 1024,
                self.digest
                    .tap(meter::Metered::new(open_regular(&self.disk_path)?)),
            )),
        }
    }

    fn content_hash(&self) -> Option<String> {
        self.digest.get()
    }

    fn related(&self, relative: &str) -> Option<Box<dyn Input + '_>> {
        // Resolved against a stand-in path as deep as the file is below its root,
        // so climbing above the root fails.
        let stand_in = vec!["d"; self.depth].join("/");
        let inside = resolve_relative(&stand_in, relative)?;
        if inside.is_empty() {
            return None;
        }
        let disk_path = self.disk_path.parent()?.join(relative);
        if !disk_path.is_file() {
            return None;
        }
        let report_path = resolve_relative(folder_of(&self.report_path), relative)
            .unwrap_or_else(|| inside.clone());
        Some(Box::new(FileInput {
            disk_path,
            report_path,
            depth: inside.matches('/').count(),
            preloaded: None,
            digest: Digest::default(),
        }))
    }
}

/// Reads up to [`sniff::HEAD_BYTES`] raw bytes from the start of an input; the flag
/// says whether that was all of it.
pub fn read_head(input: &dyn Input) -> Result<(Vec<u8>, bool), ParseError> {
    let mut head = Vec::with_capacity(sniff::HEAD_BYTES);
    input.with_bytes(&mut |r| {
        r.take(sniff::HEAD_BYTES as u64 + 1)
            .read_to_end(&mut head)?;
        Ok(())
    })?;
    let complete = head.len() <= sniff::HEAD_BYTES;
    head.truncate(sniff::HEAD_BYTES);
    Ok((head, complete))
}

/// An input held in memory: a small nested archive member, or test data.
pub struct MemoryInput {
    path: String,
    container: Option<String>,
    bytes: Vec<u8>,
}

impl MemoryInput {
    /// An input named `path` (its last `/` component is the file name).
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        MemoryInput {
            path: path.into(),
            container: None,
            bytes: bytes.into(),
        }
    }

    /// Sets the containing archive or folder name (a naming hint for parsers).
    pub fn in_container(mut self, container: impl Into<String>) -> Self {
        self.container = Some(container.into());
        self
    }
}

impl Input for MemoryInput {
    fn path(&self) -> &str {
        &self.path
    }

    fn file_name(&self) -> &str {
        file_name_of(&self.path)
    }

    fn container_name(&self) -> Option<&str> {
        self.container.as_deref()
    }

    fn with_text(
        &self,
        f: &mut dyn FnMut(&mut dyn BufRead) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        with_decoded_slice(&self.bytes, f)
    }

    fn with_bytes(
        &self,
        f: &mut dyn FnMut(&mut dyn Read) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        f(&mut self.bytes.as_slice())
    }
}

/// The last `/`- or `!/`-separated component of a report path.
pub fn file_name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Reads everything `f` is given into a string (tests and small inputs only).
pub fn read_text(input: &dyn Input) -> io::Result<String> {
    let mut out = String::new();
    input
        .with_text(&mut |r| {
            r.read_to_string(&mut out)?;
            Ok(())
        })
        .map_err(|e| io::Error::other(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {

    #[test]
    fn slices_read_exactly_as_the_decoder_reads_them() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("héllo\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("héllo\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bomless_le = &utf16le[2..];
        let bomless_be = &utf16be[2..];
        let cases: [&[u8]; 8] = [
            b"plain\nlines\n",
            b"\xEF\xBB\xBFwith a BOM\n",
            b"latin-1 \xE9 stays as it is\n",
            b"",
            &utf16le,
            &utf16be,
            bomless_le,
            bomless_be,
        ];
        for bytes in cases {
            let mut via_decoder = Vec::new();
            decoded(bytes).read_to_end(&mut via_decoder).unwrap();
            let mut in_place = Vec::new();
            with_decoded_slice(bytes, |r| r.read_to_end(&mut in_place).unwrap());
            assert_eq!(in_place, via_decoder, "{bytes:?}");
        }
    }

    use super::*;

    #[test]
    fn utf16_with_bom_is_transcoded() {
        let mut le = vec![0xff, 0xfe];
        for u in "[1/2/23, 10:00:00] Ann: hi".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        let mut be = vec![0xfe, 0xff];
        for u in "[1/2/23, 10:00:00] Ann: hi".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        for bytes in [le, be] {
            let text = read_text(&MemoryInput::new("a.txt", bytes)).unwrap();
            assert_eq!(text, "[1/2/23, 10:00:00] Ann: hi");
        }
    }

    #[test]
    fn utf16_without_bom_is_transcoded_read_whole_or_streamed() {
        let chat = "15/04/2021, 09:14 - Jo Bloggs: Morning\n".repeat(40);
        for bytes in [
            chat.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<u8>>(),
            chat.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ] {
            assert_eq!(
                read_text(&MemoryInput::new("a.txt", bytes.clone())).unwrap(),
                chat
            );
            // Streamed through a reader that hands out a few bytes at a time.
            let mut text = String::new();
            decoded(io::BufReader::with_capacity(3, bytes.as_slice()))
                .read_to_string(&mut text)
                .unwrap();
            assert_eq!(text, chat);
        }
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let text = read_text(&MemoryInput::new("a.txt", b"\xef\xbb\xbfhello".to_vec())).unwrap();
        assert_eq!(text, "hello");
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(
            resolve_relative("ws/general", "../users.json").as_deref(),
            Some("ws/users.json")
        );
        assert_eq!(
            resolve_relative("general", "../users.json").as_deref(),
            Some("users.json")
        );
        assert_eq!(resolve_relative("", "../users.json"), None);
        assert_eq!(resolve_relative("a", "./b/c").as_deref(), Some("a/b/c"));
    }

    #[test]
    fn file_input_related_never_leaves_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("root/general")).unwrap();
        std::fs::write(dir.path().join("users.json"), "[]").unwrap();
        std::fs::write(dir.path().join("root/users.json"), "[]").unwrap();
        let day = dir.path().join("root/general/2024-01-01.json");
        std::fs::write(&day, "[]").unwrap();
        let input = FileInput::new(day.clone(), "general/2024-01-01.json".into())
            .within_root("general/2024-01-01.json");
        let users = input.related("../users.json").unwrap();
        assert_eq!(users.path(), "users.json");
        assert!(input.related("../../users.json").is_none());
        assert!(input.related("../missing.json").is_none());
        let top = FileInput::new(dir.path().join("root/users.json"), "users.json".into())
            .within_root("users.json");
        assert!(top.related("../users.json").is_none());
    }

    #[test]
    fn file_name_of_handles_archive_members() {
        assert_eq!(file_name_of("Office/x.zip!/_chat.txt"), "_chat.txt");
        assert_eq!(file_name_of("plain.txt"), "plain.txt");
    }
}
