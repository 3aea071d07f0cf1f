//! Telling what a file is from its first bytes: empty, an archive, text in a
//! known encoding, or something else (with a plain-words reason).

/// How many bytes are read to decide what a file is.
pub const HEAD_BYTES: usize = 16 * 1024;

/// What the first bytes of an input say it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniff {
    Empty,
    /// A ZIP archive (by its magic number).
    Zip,
    /// Text; the head decoded to UTF-8 (BOM removed, UTF-16 transcoded).
    Text(String),
    /// Not something onrecord reads; the reason in plain words.
    NotText(String),
}

/// Classifies an input from its head (at most [`HEAD_BYTES`] bytes); `complete`
/// says whether the head is the whole input.
pub fn sniff(head: &[u8], complete: bool) -> Sniff {
    if head.is_empty() {
        return Sniff::Empty;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Sniff::Zip;
    }
    if let Some(rest) = head.strip_prefix(b"\xff\xfe") {
        return Sniff::Text(utf16(rest, u16::from_le_bytes));
    }
    if let Some(rest) = head.strip_prefix(b"\xfe\xff") {
        return Sniff::Text(utf16(rest, u16::from_be_bytes));
    }
    if let Some(kind) = known_binary(head) {
        return Sniff::NotText(format!("not a text export: {kind}"));
    }
    match bomless_utf16(head) {
        Some(Utf16::Le) => return Sniff::Text(utf16(head, u16::from_le_bytes)),
        Some(Utf16::Be) => return Sniff::Text(utf16(head, u16::from_be_bytes)),
        None => {}
    }
    let body = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if body.contains(&0) {
        return Sniff::NotText("binary file (contains NUL bytes)".into());
    }
    match std::str::from_utf8(body) {
        Ok(s) => Sniff::Text(s.to_string()),
        // A multi-byte character cut by the head limit is still valid text.
        Err(e) if e.error_len().is_none() && !complete => {
            Sniff::Text(String::from_utf8_lossy(&body[..e.valid_up_to()]).into_owned())
        }
        // Mail declares a charset per message and part (8-bit Latin-1 bodies are
        // common in old mailboxes); the e-mail parser reads the raw bytes.
        Err(_) if is_mail(body) => Sniff::Text(String::from_utf8_lossy(body).into_owned()),
        Err(e) => Sniff::NotText(format!(
            "not UTF-8 or UTF-16 text (invalid byte at offset {})",
            e.valid_up_to()
        )),
    }
}

/// Byte order of UTF-16 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Utf16 {
    Le,
    Be,
}

/// How many leading bytes decide whether text is UTF-16 without a BOM (the
/// decoder probes exactly these, so sniffing and reading agree).
pub const UTF16_PROBE: usize = 512;

/// UTF-16 without a BOM (Windows tools write it), told by the NUL pattern of
/// ASCII-range text: in the first [`UTF16_PROBE`] bytes at least half the code
/// units have a zero high byte on one side only, none on the other, and no unit is
/// a control character other than tab, CR or LF.
pub fn bomless_utf16(head: &[u8]) -> Option<Utf16> {
    let probe = &head[..head.len().min(UTF16_PROBE) & !1];
    let units = probe.len() / 2;
    if units < 4 {
        return None;
    }
    let (mut le, mut be) = (0, 0);
    for pair in probe.chunks_exact(2) {
        match (pair[0], pair[1]) {
            (0, 0) => return None,
            (_, 0) => le += 1,
            (0, _) => be += 1,
            _ => {}
        }
    }
    let order = match (le, be) {
        (n, 0) if 2 * n >= units => Utf16::Le,
        (0, n) if 2 * n >= units => Utf16::Be,
        _ => return None,
    };
    let decode = match order {
        Utf16::Le => u16::from_le_bytes,
        Utf16::Be => u16::from_be_bytes,
    };
    let is_control = |u: u16| u < 0x20 && !matches!(u, 0x09 | 0x0a | 0x0d);
    let controls = probe
        .chunks_exact(2)
        .any(|c| is_control(decode([c[0], c[1]])));
    (!controls).then_some(order)
}

fn is_mail(head: &[u8]) -> bool {
    crate::formats::email::looks_like("", &String::from_utf8_lossy(head))
}

fn utf16(bytes: &[u8], decode: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| decode([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// Names common binary formats found beside exports, so the skip reason is useful.
fn known_binary(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\xff\xd8\xff", "JPEG image"),
        (b"\x89PNG", "PNG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"OggS", "Ogg audio"),
        (b"RIFF", "RIFF media (WebP, WAV or AVI)"),
        (
            b"\xd0\xcf\x11\xe0",
            "Microsoft Office compound file (.doc, .xls, .msg)",
        ),
        (b"SQLite format 3", "SQLite database"),
        (b"\x1f\x8b", "gzip archive"),
        (b"7z\xbc\xaf", "7-Zip archive"),
        (b"Rar!", "RAR archive"),
        (b"!BDN", "Outlook PST file"),
    ];
    if head.len() > 8 && &head[4..8] == b"ftyp" {
        return Some("MP4/MOV/HEIC media");
    }
    MAGIC
        .iter()
        .find(|(m, _)| head.starts_with(m))
        .map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_heads() {
        assert_eq!(sniff(b"", true), Sniff::Empty);
        assert_eq!(sniff(b"PK\x03\x04rest", true), Sniff::Zip);
        assert_eq!(sniff(b"\xef\xbb\xbfhi", true), Sniff::Text("hi".into()));
        assert_eq!(sniff(b"\xff\xfeh\0i\0", true), Sniff::Text("hi".into()));
        assert_eq!(sniff(b"\xfe\xff\0h\0i", true), Sniff::Text("hi".into()));
        assert!(
            matches!(sniff(b"\xff\xd8\xff\xe0", true), Sniff::NotText(r) if r.contains("JPEG"))
        );
        assert!(matches!(sniff(b"ab\0cd", true), Sniff::NotText(r) if r.contains("NUL")));
        assert!(
            matches!(sniff(b"caf\xe9 au lait", true), Sniff::NotText(r) if r.contains("offset 3"))
        );
    }

    fn utf16_bytes(text: &str, order: Utf16) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| match order {
                Utf16::Le => u.to_le_bytes(),
                Utf16::Be => u.to_be_bytes(),
            })
            .collect()
    }

    #[test]
    fn utf16_without_bom_is_text() {
        let chat = "15/04/2021, 09:14 - Jo Bloggs: Morning all, café at 10\r\n";
        for order in [Utf16::Le, Utf16::Be] {
            let bytes = utf16_bytes(chat, order);
            assert_eq!(bomless_utf16(&bytes), Some(order));
            assert_eq!(sniff(&bytes, true), Sniff::Text(chat.into()), "{order:?}");
        }
        // Mostly non-Latin text still has its ASCII digits and punctuation.
        let greek = utf16_bytes("[15/04/2021, 09:14] Γιώργος: Καλημέρα σε όλους", Utf16::Le);
        assert_eq!(bomless_utf16(&greek), Some(Utf16::Le));
    }

    #[test]
    fn binary_with_nuls_is_not_utf16() {
        // Little-endian integers: zero high bytes, but control characters too.
        let ints: Vec<u8> = (1u16..200).flat_map(u16::to_le_bytes).collect();
        assert_eq!(bomless_utf16(&ints), None);
        assert!(matches!(sniff(&ints, true), Sniff::NotText(r) if r.contains("NUL")));
        assert_eq!(bomless_utf16(b"ab\0\0cdef"), None);
        assert_eq!(bomless_utf16(b"a\0b\0"), None, "too short to tell");
        assert_eq!(bomless_utf16(b"plain ASCII text, no NULs"), None);
    }

    #[test]
    fn eight_bit_mail_is_text() {
        let mail = b"From: Jos\xe9 <j@x.test>\nSubject: caf\xe9\nMIME-Version: 1.0\n\nol\xe9\n";
        assert!(matches!(sniff(mail, true), Sniff::Text(t) if t.starts_with("From: Jos")));
        assert!(matches!(
            sniff(b"notes: caf\xe9\n", true),
            Sniff::NotText(_)
        ));
    }

    #[test]
    fn multibyte_cut_at_head_end_is_text() {
        let cut = &"café".as_bytes()[..4];
        assert_eq!(sniff(cut, false), Sniff::Text("caf".into()));
        assert!(matches!(sniff(cut, true), Sniff::NotText(_)));
    }
}
