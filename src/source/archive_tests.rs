//! Tests of the archive limits (zip bombs) and of reading members without
//! re-reading the central directory.

use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;
use crate::source::read_text;

fn zip_of(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut w = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap();
    out.into_inner()
}

fn listed(bytes: Vec<u8>, limits: &ZipLimits) -> Result<Vec<Entry>, String> {
    list(&memory_opener(bytes.into()), limits)
}

/// `bytes` with its first central-directory entry listed a second time under a
/// name one letter different: two entries over the same compressed data.
fn with_duplicated_entry(mut bytes: Vec<u8>) -> Vec<u8> {
    let eocd = bytes.len() - 22;
    assert_eq!(&bytes[eocd..eocd + 4], b"PK\x05\x06", "no archive comment");
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as usize;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap()) as usize;
    let (count, cd_size, cd_start) = (
        u16_at(&bytes, eocd + 10),
        u32_at(&bytes, eocd + 12),
        u32_at(&bytes, eocd + 16),
    );
    let first = &bytes[cd_start..];
    let len = 46 + u16_at(first, 28) + u16_at(first, 30) + u16_at(first, 32);
    let mut copy = first[..len].to_vec();
    let name_end = 46 + u16_at(first, 28) - 1;
    copy[name_end] ^= 1;
    let mut tail = bytes.split_off(eocd);
    bytes.extend_from_slice(&copy);
    for at in [8, 10] {
        tail[at..at + 2].copy_from_slice(&(count as u16 + 1).to_le_bytes());
    }
    tail[12..16].copy_from_slice(&((cd_size + len) as u32).to_le_bytes());
    bytes.extend_from_slice(&tail);
    bytes
}

#[test]
fn an_entry_of_exactly_one_mib_is_ratio_checked() {
    let zeros = vec![0u8; 1024 * 1024];
    let err = listed(
        zip_of(&[("a.txt", &zeros)], zip::CompressionMethod::Deflated),
        &ZipLimits::default(),
    )
    .unwrap_err();
    assert!(err.contains("\"a.txt\" expands"), "{err}");
    // Stored, the same entry is 1:1 and read.
    let stored = zip_of(&[("a.txt", &zeros)], zip::CompressionMethod::Stored);
    assert_eq!(listed(stored, &ZipLimits::default()).unwrap().len(), 1);
}

#[test]
fn overlapping_entries_are_refused() {
    let text = b"[01/02/2023, 10:00:00] Ann: hello\n".repeat(20);
    let plain = zip_of(&[("a.txt", &text)], zip::CompressionMethod::Stored);
    assert_eq!(
        listed(plain.clone(), &ZipLimits::default()).unwrap().len(),
        1
    );
    let err = listed(with_duplicated_entry(plain), &ZipLimits::default()).unwrap_err();
    assert!(err.contains("entries overlap"), "{err}");
}

#[test]
fn the_whole_archive_is_ratio_checked() {
    // Each entry is within the per-entry allowance; together they are not.
    let zeros = vec![0u8; 4096];
    let names: Vec<String> = (0..300).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &zeros[..])).collect();
    let limits = ZipLimits {
        max_ratio: 10,
        ..ZipLimits::default()
    };
    let err = listed(zip_of(&entries, zip::CompressionMethod::Deflated), &limits).unwrap_err();
    assert!(err.contains("overall (limit 10:1"), "{err}");
    let text = b"Ann: the minutes are attached, see section 4.\n".repeat(90);
    let fine: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &text[..])).collect();
    let ok = listed(zip_of(&fine, zip::CompressionMethod::Stored), &limits).unwrap();
    assert_eq!(ok.len(), 300);
}

#[test]
fn the_declared_total_is_capped() {
    let text = b"plain words, not compressible enough to matter\n".repeat(100);
    let limits = ZipLimits {
        max_total_bytes: 2 * text.len() as u64 - 1,
        ..ZipLimits::default()
    };
    let bytes = zip_of(
        &[("a.txt", &text), ("b.txt", &text)],
        zip::CompressionMethod::Deflated,
    );
    let err = listed(bytes, &limits).unwrap_err();
    assert!(err.contains("would expand to"), "{err}");
}

/// The central directory is read once per archive, however many members are
/// read: reading each member used to re-parse it (time in the square of the
/// member count).
#[test]
fn members_are_read_without_reopening_the_archive() {
    let names: Vec<String> = (0..50).map(|i| format!("d/{i:02}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), n.as_bytes())).collect();
    let bytes: Arc<[u8]> = zip_of(&entries, zip::CompressionMethod::Deflated).into();
    static OPENED: AtomicUsize = AtomicUsize::new(0);
    let opener = move || {
        OPENED.fetch_add(1, Ordering::SeqCst);
        Ok(Box::new(Cursor::new(bytes.clone())) as Box<dyn ReadSeek>)
    };
    let listed = list(&opener, &ZipLimits::default()).unwrap();
    assert_eq!(listed.len(), 50);
    for entry in listed {
        let name = entry.name.clone();
        let member = Member::new(&opener, entry, "x.zip");
        assert_eq!(read_text(&member).unwrap(), name);
        let sibling = member.related("00.txt").unwrap();
        let mut text = String::new();
        sibling
            .with_text(&mut |r| Ok(r.read_to_string(&mut text).map(|_| ())?))
            .unwrap();
        assert_eq!(text, "d/00.txt");
        assert_eq!(sibling.path(), "x.zip!/d/00.txt");
    }
    assert_eq!(OPENED.load(Ordering::SeqCst), 1);
}

/// `bytes` with every occurrence of `from` replaced by `to` (same length): how
/// an archive with two entries of one name is made (zip writers refuse to).
fn renamed(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut out = bytes;
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    out
}

/// Three entries called `chat.txt`: each is listed, under a name of its own, and
/// reads its own bytes (the `zip` crate's index keeps only one per name).
#[test]
fn entries_sharing_a_name_are_all_listed_and_read() {
    for method in [
        zip::CompressionMethod::Stored,
        zip::CompressionMethod::Deflated,
    ] {
        let bytes = zip_of(
            &[
                ("chat.txt", b"first"),
                ("other.md", b"unrelated"),
                ("chat.tx1", b"second"),
                ("chat.tx2", b"third"),
            ],
            method,
        );
        let bytes = renamed(
            renamed(bytes, "chat.tx1", "chat.txt"),
            "chat.tx2",
            "chat.txt",
        );
        let entries = listed(bytes.clone(), &ZipLimits::default()).unwrap();
        let read: Vec<(String, String)> = entries
            .into_iter()
            .map(|e| {
                let member = Member::new(&memory_opener(Vec::new().into()), e, "x.zip");
                (member.path().to_string(), read_text(&member).unwrap())
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "x.zip!/chat.txt (zip entry 1)".to_string(),
                    "first".to_string()
                ),
                ("x.zip!/chat.txt (zip entry 3)".into(), "second".into()),
                ("x.zip!/chat.txt (zip entry 4)".into(), "third".into()),
                ("x.zip!/other.md".into(), "unrelated".into()),
            ],
            "{method:?}"
        );
        // The same bytes list the same way (report paths are deterministic).
        let again: Vec<String> = listed(bytes, &ZipLimits::default())
            .unwrap()
            .iter()
            .map(|e| e.shown_name().to_string())
            .collect();
        assert_eq!(again[0], "chat.txt (zip entry 1)");
    }
}

/// A namesake pointing at another entry's compressed bytes is the overlapping
/// zip bomb in a new guise: refused.
#[test]
fn a_namesake_over_another_entrys_bytes_is_refused() {
    let bytes = with_duplicated_entry(zip_of(
        &[("a.txt", b"some text here")],
        zip::CompressionMethod::Deflated,
    ));
    // The copy's name differs by one letter; give it back the original's.
    let bytes = renamed(bytes, "a.tx\u{75}", "a.txt");
    let err = listed(bytes, &ZipLimits::default()).unwrap_err();
    assert!(err.contains("overlap"), "{err}");
}
