//! Zip entries that share a name with another entry. The `zip` crate keeps one
//! entry per name (a later one replaces an earlier one), so an archive holding two
//! members called `_chat.txt` would show only one of them; the others are found
//! here by walking the central directory itself, and read from their local
//! headers, so every member is listed and scanned.

use std::collections::BTreeSet;
use std::io::{self, Read, Seek, SeekFrom};

use zip::ZipArchive;
use zip::read::{ZipReadOptions, read_zipfile_from_stream_with_options};

use super::shared::SharedBytes;

/// One central-directory record: where its entry is and what the record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Position in the central directory (0-based), as `unzip -l` lists it.
    pub position: usize,
    /// Offset of the record itself (what the crate calls `central_header_start`).
    pub directory_at: u64,
    /// Offset of its local header in the archive's bytes.
    pub header_start: u64,
    pub compressed_size: u64,
    pub size: u64,
    pub crc32: u32,
    pub encrypted: bool,
    /// Whether the crate's index holds this record (false: shadowed by a namesake).
    pub indexed: bool,
}

const SIGNATURE: u32 = 0x0201_4b50;
const RECORD: usize = 46;
/// The smallest local header: an entry's bytes reach at least this far past its start.
const LOCAL_HEADER: u64 = 30;

/// Every central-directory record with its raw name, in directory order (for an
/// archive whose index lost some to namesakes); `limit` bounds how many are read.
pub fn records(
    zip: &ZipArchive<SharedBytes>,
    limit: usize,
) -> Result<Vec<(Vec<u8>, Record)>, String> {
    let kept: BTreeSet<u64> = (0..zip.len())
        .filter_map(|i| zip.by_index_data(i).ok().map(|e| e.central_header_start()))
        .collect();
    let mut reader = zip.clone().into_inner();
    let mut at = zip.central_directory_start();
    let mut out = Vec::new();
    for position in 0..=limit {
        let mut record = [0u8; RECORD];
        reader
            .seek(SeekFrom::Start(at))
            .and_then(|_| reader.read_exact(&mut record[..4]))
            .map_err(|e| format!("cannot read the zip central directory: {e}"))?;
        if u32_at(&record, 0) != SIGNATURE {
            break; // The directory's end record.
        }
        reader
            .read_exact(&mut record[4..])
            .map_err(|e| format!("cannot read the zip central directory: {e}"))?;
        let (name_len, extra_len, comment_len) = (
            u16_at(&record, 28),
            u16_at(&record, 30),
            u16_at(&record, 32),
        );
        let mut name_extra = vec![0u8; name_len + extra_len];
        reader
            .read_exact(&mut name_extra)
            .map_err(|e| format!("cannot read the zip central directory: {e}"))?;
        let (name, extra) = name_extra.split_at(name_len);
        let mut parsed = parse(position, &record, extra, zip.offset());
        parsed.directory_at = at;
        parsed.indexed = kept.contains(&at);
        out.push((name.to_vec(), parsed));
        at += (RECORD + name_len + extra_len + comment_len) as u64;
    }
    Ok(out)
}

/// One central-directory record, sizes and offset widened by its zip64 field.
fn parse(position: usize, record: &[u8; RECORD], extra: &[u8], archive_offset: u64) -> Record {
    let flags = u16_at(record, 8);
    let mut size = u32_at(record, 24) as u64;
    let mut compressed_size = u32_at(record, 20) as u64;
    let mut header_start = u32_at(record, 42) as u64;
    if let Some(mut wide) = zip64_field(extra) {
        for field in [&mut size, &mut compressed_size, &mut header_start] {
            if *field == u32::MAX as u64 && wide.len() >= 8 {
                *field = u64::from_le_bytes(wide[..8].try_into().expect("8 bytes"));
                wide = &wide[8..];
            }
        }
    }
    Record {
        position,
        directory_at: 0,
        header_start: header_start.saturating_add(archive_offset),
        compressed_size,
        size,
        crc32: u32_at(record, 16),
        encrypted: flags & 1 != 0,
        indexed: false,
    }
}

/// The zip64 extended information field (id 1) of an extra block.
fn zip64_field(mut extra: &[u8]) -> Option<&[u8]> {
    while extra.len() >= 4 {
        let (id, len) = (u16_at(extra, 0), u16_at(extra, 2));
        let body = extra.get(4..4 + len)?;
        if id == 1 {
            return Some(body);
        }
        extra = &extra[4 + len..];
    }
    None
}

/// Refuses entries whose bytes overlap (several records over the same compressed
/// data; the crate checks only the records it indexes).
pub fn check_overlaps(records: &[(Vec<u8>, Record)]) -> Result<(), String> {
    let mut spans: Vec<(u64, u64)> = records
        .iter()
        .map(|(_, r)| (r.header_start, r.compressed_size))
        .collect();
    spans.sort_unstable();
    for pair in spans.windows(2) {
        let ((start, size), (next, _)) = (pair[0], pair[1]);
        if next < start.saturating_add(LOCAL_HEADER).saturating_add(size) {
            return Err(
                "zip entries overlap (several entries share the same compressed data, a zip bomb technique); not read"
                    .into(),
            );
        }
    }
    Ok(())
}

/// Reads an entry from its local header, with the sizes and checksum its
/// central-directory record gives (how a shadowed entry is read).
pub fn read<E: From<io::Error>>(
    bytes: &SharedBytes,
    entry: &Record,
    f: &mut dyn FnMut(&mut dyn Read) -> Result<(), E>,
) -> Result<(), E> {
    let mut reader = bytes.clone();
    reader.seek(SeekFrom::Start(entry.header_start))?;
    let options = ZipReadOptions::new()
        .override_compressed_size(entry.compressed_size)
        .override_uncompressed_size(entry.size)
        .override_crc(entry.crc32);
    let mut file = read_zipfile_from_stream_with_options(&mut reader, options)
        .map_err(io::Error::other)?
        .ok_or_else(|| io::Error::other("no local header where the zip directory points"))?;
    f(&mut file)
}

fn u16_at(b: &[u8], i: usize) -> usize {
    u16::from_le_bytes([b[i], b[i + 1]]) as usize
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes"))
}
