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
