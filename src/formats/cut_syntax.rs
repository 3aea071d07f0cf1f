//! The [`Cutter`]s: where a line, a JSON string or an XML value may be cut so
//! what is kept still parses. Plain runs are crossed with `memchr`, so capping
//! costs little on ordinary input.

use memchr::{memchr, memchr2, memrchr};

use super::cap::{Cutter, char_end};

/// Lines: a line over the limit keeps its first bytes, the rest up to its `\n`
/// is dropped (the `\n` is kept, so line numbers do not move).
#[derive(Debug, Default)]
pub struct Lines {
    /// Bytes of the current line so far.
    len: usize,
}

impl Cutter for Lines {
    fn keep(&mut self, chunk: &[u8], max: usize) -> (usize, bool) {
        // Common case: no line in this chunk can reach the limit.
        if self.len + chunk.len() <= max {
            self.len = match memrchr(b'\n', chunk) {
                Some(i) => chunk.len() - i - 1,
                None => self.len + chunk.len(),
            };
            return (chunk.len(), false);
        }
        let mut pos = 0;
        loop {
            let rest = &chunk[pos..];
            let end = memchr(b'\n', rest);
            let run = end.unwrap_or(rest.len());
            if self.len + run > max && run > 0 {
                let keep = char_end(rest, max.saturating_sub(self.len));
                if keep < run {
                    self.len = max;
                    return (pos + keep, true);
                }
                // The character at the limit ends beyond this chunk.
                self.len += run;
                return (chunk.len(), false);
            }
            match end {
                Some(i) => {
                    pos += i + 1;
                    self.len = 0;
                }
                None => {
                    self.len += run;
                    return (chunk.len(), false);
                }
            }
        }
    }

    fn skip(&mut self, chunk: &[u8]) -> (usize, bool) {
        match memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        }
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum JsonState {
    #[default]
    Outside,
    /// Inside a string, at plain content.
    Str,
    /// Just after a backslash.
    Escape,
    /// Inside `\uXXXX`: hex digits still to come, value so far.
    Hex(u8, u32),
}

/// JSON: a string literal over the limit keeps its first bytes and its closing
/// quote. Never cut inside an escape or between the halves of a surrogate pair.
#[derive(Debug, Default)]
pub struct Json {
    state: JsonState,
    /// Bytes of the current string so far.
    len: usize,
    /// The last thing in the string was a `\uD800`–`\uDBFF` escape.
    after_high: bool,
    /// While skipping: the previous byte was a backslash.
    skip_escape: bool,
}

impl Cutter for Json {
    fn keep(&mut self, chunk: &[u8], max: usize) -> (usize, bool) {
        let mut pos = 0;
        while pos < chunk.len() {
            match self.state {
                JsonState::Outside => match memchr(b'"', &chunk[pos..]) {
                    None => return (chunk.len(), false),
                    Some(i) => {
                        pos += i + 1;
                        (self.state, self.len, self.after_high) = (JsonState::Str, 0, false);
                    }
                },
                JsonState::Str => {
                    let rest = &chunk[pos..];
                    let next = memchr2(b'"', b'\\', rest);
                    let run = next.unwrap_or(rest.len());
                    let ends_here = run == 0 && rest[0] == b'"';
                    let pair_open = run == 0 && self.after_high;
                    let keep = char_end(rest, max.saturating_sub(self.len));
                    if self.len + run > max && !ends_here && !pair_open && keep <= run {
                        if keep < run || next.is_some() {
                            self.skip_escape = false;
                            return (pos + keep, true);
                        }
                        // The character at the limit ends beyond this chunk.
                        self.len += run;
                        return (chunk.len(), false);
                    }
                    if run > 0 {
                        self.after_high = false;
                    }
                    self.len += run;
                    pos += run;
                    if next.is_some() {
                        self.state = match chunk[pos] {
                            b'"' => JsonState::Outside,
                            _ => JsonState::Escape,
                        };
                        pos += 1;
                    }
                }
                JsonState::Escape => {
                    self.state = match chunk[pos] {
                        b'u' => JsonState::Hex(4, 0),
                        _ => {
                            (self.len, self.after_high) = (self.len + 2, false);
                            JsonState::Str
                        }
                    };
                    pos += 1;
                }
                JsonState::Hex(left, value) => {
                    let digit = (chunk[pos] as char).to_digit(16).unwrap_or(0);
                    let value = value * 16 + digit;
                    pos += 1;
                    self.state = if left > 1 {
                        JsonState::Hex(left - 1, value)
                    } else {
                        self.len += 6;
                        self.after_high = (0xD800..0xDC00).contains(&value);
                        JsonState::Str
                    };
                }
            }
        }
        (chunk.len(), false)
    }

    fn skip(&mut self, chunk: &[u8]) -> (usize, bool) {
        let mut pos = 0;
        if self.skip_escape && !chunk.is_empty() {
            (pos, self.skip_escape) = (1, false);
        }
        while let Some(i) = memchr2(b'"', b'\\', &chunk[pos..]) {
            if chunk[pos + i] == b'"' {
                // The closing quote is kept: it ends the string when read.
                (self.state, self.len, self.after_high) = (JsonState::Str, 0, false);
                return (pos + i, true);
            }
            if pos + i + 1 == chunk.len() {
                self.skip_escape = true;
                return (chunk.len(), false);
            }
            pos += i + 2;
        }
        (chunk.len(), false)
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum XmlState {
    /// Character data between tags.
    #[default]
    Text,
    /// Inside `<…>`, outside quotes; the count of bytes since `<` (up to 3).
    Tag(u8),
    /// Inside a quoted attribute value.
    Value(u8),
    /// Inside `<!--…-->`: the number of `-` just seen (up to 2).
    Comment(u8),
}

/// XML: an attribute value or a text run over the limit keeps its first bytes
/// (never half an entity) and its closing quote or the next `<`.
#[derive(Debug, Default)]
pub struct Xml {
    state: XmlState,
    len: usize,
    /// An entity (`&…;`) has begun in the bytes passed on and not yet ended.
    entity_open: bool,
    /// The bytes since `<`, to recognise `<!--`.
    opening: [u8; 3],
}

impl Xml {
    /// Whether an entity is open after `bytes`, given whether one was before.
    fn ends_in_entity(bytes: &[u8], open_before: bool) -> bool {
        match (memrchr(b'&', bytes), memrchr(b';', bytes)) {
            (Some(amp), Some(semi)) => amp > semi,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => open_before,
        }
    }

    /// Where to cut `run` at or after byte `want`: past the character there and,
    /// inside an entity (`&amp` without its `;` would not parse), past its `;`
    /// (`run.len()` when that is not in `run`).
    fn entity_end(&self, run: &[u8], want: usize) -> usize {
        let keep = char_end(run, want);
        if Self::ends_in_entity(&run[..keep], self.entity_open) {
            return memchr(b';', &run[keep..]).map_or(run.len(), |semi| keep + semi + 1);
        }
        keep
    }
}

impl Cutter for Xml {
    fn keep(&mut self, chunk: &[u8], max: usize) -> (usize, bool) {
        let mut pos = 0;
        while pos < chunk.len() {
            let byte = chunk[pos];
            match self.state {
                XmlState::Text | XmlState::Value(_) => {
                    let end = match self.state {
                        XmlState::Value(q) => q,
                        _ => b'<',
                    };
                    let rest = &chunk[pos..];
                    let next = memchr(end, rest);
                    let run = next.unwrap_or(rest.len());
                    if self.len + run > max && run > 0 {
                        let keep = self.entity_end(&rest[..run], max.saturating_sub(self.len));
                        if keep < run {
                            return (pos + keep, true);
                        }
                        if next.is_none() {
                            // The character or entity at the limit ends beyond this chunk.
                            self.entity_open = Self::ends_in_entity(rest, self.entity_open);
                            self.len += run;
                            return (chunk.len(), false);
                        }
                    }
                    self.entity_open = Self::ends_in_entity(&rest[..run], self.entity_open);
                    self.len += run;
                    pos += run;
                    if next.is_some() {
                        self.state = match self.state {
                            XmlState::Value(_) => XmlState::Tag(3),
                            _ => XmlState::Tag(0),
                        };
                        (self.len, self.entity_open) = (0, false);
                        pos += 1;
                    }
                }
                XmlState::Tag(seen) => {
                    pos += 1;
                    if seen < 3 {
                        self.opening[seen as usize] = byte;
                        let seen = seen + 1;
                        self.state = if seen == 3 && &self.opening == b"!--" {
                            XmlState::Comment(0)
                        } else {
                            XmlState::Tag(seen)
                        };
                        if byte == b'>' {
                            self.state = XmlState::Text;
                        } else if byte == b'"' || byte == b'\'' {
                            self.state = XmlState::Value(byte);
                        }
                        continue;
                    }
                    match byte {
                        b'>' => self.state = XmlState::Text,
                        b'"' | b'\'' => self.state = XmlState::Value(byte),
                        _ => {}
                    }
                }
                XmlState::Comment(dashes) => {
                    pos += 1;
                    self.state = match byte {
                        b'-' => XmlState::Comment((dashes + 1).min(2)),
                        b'>' if dashes == 2 => XmlState::Text,
                        _ => XmlState::Comment(0),
                    };
                }
            }
        }
        (chunk.len(), false)
    }

    fn skip(&mut self, chunk: &[u8]) -> (usize, bool) {
        self.entity_open = false;
        let end = match self.state {
            XmlState::Value(q) => q,
            _ => b'<',
        };
        match memchr(end, chunk) {
            Some(i) => {
                self.len = 0;
                (i, true)
            }
            None => (chunk.len(), false),
        }
    }
}

#[cfg(test)]
#[path = "cut_syntax_tests.rs"]
mod tests;
