//! File names as report text, losslessly. A name that is not valid UTF-8 (written
//! by an old Windows code page or a Mac on an SMB share) cannot be shown as it is;
//! shown lossily, two names differing only in such bytes would become one report
//! path, one state row and one finding id, and a finding in one would vanish as
//! "resolved" when the other is read. So each byte that is not part of valid UTF-8
//! is written `\xHH`, and a backslash itself `\\` (Unix file names may hold
//! backslashes; Windows ones cannot, so on shared drives this is all but never
//! seen): the text is unique to the name and gives the bytes back.

use std::borrow::Cow;
use std::ffi::{OsStr, OsString};

/// A file name (or any path component) as report text: itself when it is valid
/// UTF-8 without a backslash, escaped reversibly otherwise (see the module doc).
pub fn as_text(name: &OsStr) -> Cow<'_, str> {
    let bytes = name.as_encoded_bytes();
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\\') => Cow::Borrowed(text),
        _ => Cow::Owned(escape(bytes)),
    }
}

fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The bytes a text made by [`as_text`] stands for (`None` if it is not one).
pub fn bytes_of(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b != b'\\' {
            out.push(b);
            rest = tail;
            continue;
        }
        match tail {
            [b'\\', more @ ..] => {
                out.push(b'\\');
                rest = more;
            }
            [b'x', h, l, more @ ..] => {
                let hex = std::str::from_utf8(&[*h, *l]).ok()?.to_string();
                out.push(u8::from_str_radix(&hex, 16).ok()?);
                rest = more;
            }
            _ => return None,
        }
    }
    Some(out)
}

/// The name `bytes` spell (from [`bytes_of`]); `None` where this system's names
/// cannot hold them (bytes that are not UTF-8, off Unix).
pub fn os_string(bytes: Vec<u8>) -> Option<OsString> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(OsString::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn names_differing_in_invalid_bytes_stay_distinct_and_come_back() {
        let names: [&[u8]; 7] = [
            b"plain name.txt",
            b"caf\xe9.txt",
            b"caf\xe8.txt",
            b"caf\\xE9.txt",
            b"back\\slash",
            "café.txt".as_bytes(),
            b"\xff\xfe\x80",
        ];
        let shown: Vec<String> = names
            .iter()
            .map(|n| as_text(OsStr::from_bytes(n)).into_owned())
            .collect();
        assert_eq!(shown[0], "plain name.txt");
        assert_eq!(shown[1], "caf\\xE9.txt");
        assert_eq!(shown[3], "caf\\\\xE9.txt");
        assert_eq!(shown[5], "café.txt");
        let distinct: std::collections::BTreeSet<&String> = shown.iter().collect();
        assert_eq!(distinct.len(), names.len(), "{shown:?}");
        for (name, text) in names.iter().zip(&shown) {
            assert_eq!(bytes_of(text).as_deref(), Some(*name), "{text}");
            let back = os_string(bytes_of(text).unwrap()).unwrap();
            assert_eq!(back.as_bytes(), *name);
        }
    }
}
