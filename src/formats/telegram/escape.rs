//! A streaming `Read` adapter that turns Telegram Desktop's non-standard `\xNN`
//! string escapes into JSON `\u00NN` escapes before serde_json sees them.
//!
//! The exporter writes control characters (and, in some versions, the bytes of
//! U+2028/U+2029) as `\xNN`, which strict JSON rejects. Inside strings only, a
//! `\xNN` below 0x80 becomes `\u00NN`; a run of `\xNN` at or above 0x80 is read as
//! UTF-8 bytes and written as the `\uXXXX` escapes of the characters they encode.
//! `\\x` (an escaped backslash followed by `x`) is left alone. A malformed `\x` is
//! kept as the literal text `\x` rather than failing the file. Newlines are never
//! added or removed, so serde_json's line numbers stay those of the original file.

use std::io::{self, BufRead, Read};

/// Where the rewriter is in the JSON text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Outside,
    InString,
    /// After a backslash inside a string; the backslash is not yet written.
    Escape,
    /// After `\x` and `digits` hex digits (0 or 1) worth `value`, first digit kept.
    Hex {
        digits: u8,
        value: u8,
        first: u8,
    },
}

/// The byte-level rewriting, separate from the reader so borrows stay simple.
#[derive(Debug)]
struct Rewriter {
    state: State,
    /// Bytes ≥ 0x80 from consecutive `\xNN` escapes, decoded as UTF-8 when the run ends.
    pending: Vec<u8>,
    out: Vec<u8>,
}

impl Rewriter {
    /// Rewrites a chunk. Runs of bytes that cannot change the state (anything but `"`
    /// outside a string, anything but `"` and `\\` inside one) are copied whole;
    /// only the bytes around quotes and escapes go through [`Rewriter::push`].
    fn push_all(&mut self, mut chunk: &[u8]) {
        while let Some(&first) = chunk.first() {
            let plain = match self.state {
                State::Outside => memchr::memchr(b'"', chunk),
                State::InString => memchr::memchr2(b'"', b'\\', chunk),
                State::Escape | State::Hex { .. } => Some(0),
            }
            .unwrap_or(chunk.len());
            if plain == 0 {
                self.push(first);
                chunk = &chunk[1..];
                continue;
            }
            if self.state == State::InString {
                self.flush_pending();
            }
            self.out.extend_from_slice(&chunk[..plain]);
            chunk = &chunk[plain..];
        }
    }

    fn push(&mut self, b: u8) {
        match self.state {
            State::Outside => {
                self.out.push(b);
                if b == b'"' {
                    self.state = State::InString;
                }
            }
            State::InString => match b {
                b'\\' => self.state = State::Escape,
                b'"' => {
                    self.flush_pending();
                    self.out.push(b);
                    self.state = State::Outside;
                }
                _ => {
                    self.flush_pending();
                    self.out.push(b);
                }
            },
            State::Escape => {
                if b == b'x' {
                    self.state = State::Hex {
                        digits: 0,
                        value: 0,
                        first: 0,
                    };
                } else {
                    self.flush_pending();
                    self.out.extend_from_slice(&[b'\\', b]);
                    self.state = State::InString;
                }
            }
            State::Hex {
                digits,
                value,
                first,
            } => match hex_value(b) {
                Some(d) if digits == 0 => {
                    self.state = State::Hex {
                        digits: 1,
                        value: d,
                        first: b,
                    }
                }
                Some(d) => {
                    self.state = State::InString;
                    self.escaped_byte(value * 16 + d);
                }
                None => {
                    self.write_literal_x(digits, first);
                    self.state = State::InString;
                    self.push(b);
                }
            },
        }
    }

    /// A complete `\xNN`.
    fn escaped_byte(&mut self, byte: u8) {
        if byte < 0x80 {
            self.flush_pending();
            self.write_unit(u16::from(byte));
        } else {
            self.pending.push(byte);
        }
    }

    /// A malformed `\x`: keep it as the literal text `\x` (+ the digit seen).
    fn write_literal_x(&mut self, digits: u8, first: u8) {
        self.flush_pending();
        self.out.extend_from_slice(b"\\\\x");
        if digits == 1 {
            self.out.push(first);
        }
    }

    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        for c in String::from_utf8_lossy(&bytes).chars() {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                self.write_unit(*unit);
            }
        }
    }

    fn write_unit(&mut self, unit: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        self.out.extend_from_slice(b"\\u");
        for shift in [12, 8, 4, 0] {
            self.out.push(HEX[usize::from((unit >> shift) & 0xF)]);
        }
    }

    /// End of input: write out whatever is half-read so serde reports the error.
    fn finish(&mut self) {
        match self.state {
            State::Escape => {
                self.flush_pending();
                self.out.push(b'\\');
            }
            State::Hex { digits, first, .. } => self.write_literal_x(digits, first),
            State::Outside | State::InString => self.flush_pending(),
        }
        self.state = State::InString;
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Wraps a reader of Telegram JSON, rewriting `\xNN` escapes as it streams.
pub struct XEscapeReader<R> {
    inner: R,
    rewriter: Rewriter,
    pos: usize,
    done: bool,
}

impl<R: BufRead> XEscapeReader<R> {
    pub fn new(inner: R) -> Self {
        XEscapeReader {
            inner,
            rewriter: Rewriter {
                state: State::Outside,
                pending: Vec::new(),
                out: Vec::with_capacity(64 * 1024),
            },
            pos: 0,
            done: false,
        }
    }

    /// Refills the output buffer; false at the end of the input.
    fn refill(&mut self) -> io::Result<bool> {
        self.rewriter.out.clear();
        self.pos = 0;
        while self.rewriter.out.is_empty() {
            if self.done {
                return Ok(false);
            }
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                self.done = true;
                self.rewriter.finish();
                continue;
            }
            let n = chunk.len();
            self.rewriter.push_all(chunk);
            self.inner.consume(n);
        }
        Ok(true)
    }
}

impl<R: BufRead> Read for XEscapeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.pos == self.rewriter.out.len() && !self.refill()? {
            return Ok(0);
        }
        let available = &self.rewriter.out[self.pos..];
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(input: &str) -> String {
        let mut out = String::new();
        // A tiny buffer exercises escapes split across reads.
        let reader = io::BufReader::with_capacity(3, input.as_bytes());
        XEscapeReader::new(reader).read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn control_escapes_become_unicode_escapes() {
        assert_eq!(rewrite(r#"{"t": "a\x0Bb"}"#), r#"{"t": "a\u000Bb"}"#);
        assert_eq!(rewrite(r#"["\x1f"]"#), r#"["\u001F"]"#);
    }

    #[test]
    fn utf8_byte_runs_become_characters() {
        assert_eq!(rewrite(r#""a\xE2\x80\xA8b""#), r#""a\u2028b""#);
    }

    #[test]
    fn escaped_backslash_before_x_is_kept() {
        assert_eq!(rewrite(r#""C:\\xfiles""#), r#""C:\\xfiles""#);
        assert_eq!(rewrite(r#""\"\x01""#), r#""\"\u0001""#);
    }

    #[test]
    fn outside_strings_nothing_changes() {
        assert_eq!(rewrite("{\"k\": 1}\n"), "{\"k\": 1}\n");
    }

    /// Whole-run copying must give what byte-at-a-time rewriting gives, however the
    /// input is cut into chunks.
    #[test]
    fn chunking_does_not_change_the_output() {
        let input = concat!(
            r#"{"name": "C:\\x\"q\x01", "text": ["a\xE2\x80\xA8b", {"t": "\xZZ \x4"}],"#,
            "\n \"id\": 7, \"k\": \"\\\\\\x41\\u00e9 plain text run\"}\n"
        );
        let mut bytewise = Rewriter {
            state: State::Outside,
            pending: Vec::new(),
            out: Vec::new(),
        };
        for &b in input.as_bytes() {
            bytewise.push(b);
        }
        bytewise.finish();
        let expected = String::from_utf8(bytewise.out).unwrap();
        assert!(expected.contains(r"\u2028") && expected.contains(r"\u0001"));
        for capacity in [1, 2, 3, 5, 64, 4096] {
            let mut out = String::new();
            let reader = io::BufReader::with_capacity(capacity, input.as_bytes());
            XEscapeReader::new(reader).read_to_string(&mut out).unwrap();
            assert_eq!(out, expected, "capacity {capacity}");
        }
    }

    #[test]
    fn malformed_x_is_kept_as_text() {
        assert_eq!(rewrite(r#""\xZZ""#), r#""\\xZZ""#);
        assert_eq!(rewrite(r#""\x4""#), r#""\\x4""#);
    }
}
