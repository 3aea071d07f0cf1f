//! Message fingerprints: what the cross-export stage ([`crate::conversation`]) keeps
//! of each message of an export to tell which exports hold the same conversation
//! and which messages one export lacks. Plain data, taken while the parser streams
//! (a [`Tap`] between the parser and the rule checker), cached in the state and
//! carried in shard parts with the rest of an entry's result.
//!
//! A print is the message's minute (UTC: Android exports have no seconds), a hash of
//! its normalised text (letters and digits, lower-cased: punctuation, emoji spacing
//! and edited markers differ between platforms; only the first 32 bytes of that
//! are hashed, about six words; the n-th identical text of a minute
//! hashes apart from the first) and a hash of the sender, kept as supporting
//! evidence only (one export may show a name where another shows a number).
//! Placeholders ("This message was deleted") are kept as such; system lines, calls,
//! media placeholders and messages without text are not matched at all.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{Conversation, Item, ItemKind, Platform, TimerChange, Visitor};

/// One message's fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Print {
    /// Minutes since 1970-01-01T00:00Z.
    pub minute: u32,
    /// A "deleted for everyone" placeholder (its text is 0).
    pub deleted: bool,
    /// Hash of the normalised text (with the occurrence within the minute).
    pub text: u32,
    /// Hash of the normalised sender name (0: none).
    pub sender: u16,
}

/// Bytes of one packed [`Print`].
pub const PRINT_BYTES: usize = 11;

impl Print {
    /// The print packed in [`PRINT_BYTES`] bytes.
    pub fn to_bytes(self) -> [u8; PRINT_BYTES] {
        let mut b = [0u8; PRINT_BYTES];
        b[0..4].copy_from_slice(&self.minute.to_be_bytes());
        b[4] = u8::from(self.deleted);
        b[5..9].copy_from_slice(&self.text.to_be_bytes());
        b[9..11].copy_from_slice(&self.sender.to_be_bytes());
        b
    }

    /// A print from its packed bytes (at least [`PRINT_BYTES`] of them).
    pub fn from_bytes(b: &[u8]) -> Print {
        Print {
            minute: u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
            deleted: b[4] != 0,
            text: u32::from_be_bytes([b[5], b[6], b[7], b[8]]),
            sender: u16::from_be_bytes([b[9], b[10]]),
        }
    }
}

/// A disappearing-messages setting seen in an export: when, and the timer in
/// seconds (`None`: turned off; `Some(0)`: on, duration not given).
pub type TimerEvent = (u32, Option<u64>);

/// One conversation as one export holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPrints {
    /// The files.csv path it was read from.
    pub source_path: String,
    pub platform: Platform,
    /// The conversation's name in that export.
    pub title: String,
    /// Timer changes, in export order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timers: Vec<TimerEvent>,
    /// The messages' prints, in export order, packed (hex in the state and parts).
    pub prints: Packed,
}

impl ExportPrints {
    /// The prints, unpacked.
    pub fn prints(&self) -> impl Iterator<Item = Print> + '_ {
        self.prints
            .0
            .chunks_exact(PRINT_BYTES)
            .map(Print::from_bytes)
    }
}

/// Packed prints, written as one hex string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Packed(pub Vec<u8>);

impl Serialize for Packed {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(self.0.len() * 2);
        for b in &self.0 {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
        s.serialize_str(&out)
    }
}

impl<'de> Deserialize<'de> for Packed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let hex = String::deserialize(d)?;
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            _ => Err(serde::de::Error::custom("bad hex in message prints")),
        };
        let bytes = hex.as_bytes();
        if bytes.len() % (2 * PRINT_BYTES) != 0 {
            return Err(serde::de::Error::custom("truncated message prints"));
        }
        let packed = bytes
            .chunks_exact(2)
            .map(|p| Ok((nibble(p[0])? << 4) | nibble(p[1])?))
            .collect::<Result<Vec<u8>, D::Error>>()?;
        Ok(Packed(packed))
    }
}

/// Bytes of normalised text a print's text hash covers: about six words, enough
/// to tell a minute's messages apart (repeats within a minute hash apart anyway:
/// two messages of a minute alike in their first six words count as the n-th and
/// the n+1-th of one text, in every export alike), and the rest of a long message
/// is not read again. (48 bytes cost a third more of the scan's hashing, with the
/// earlier polynomial hash.) [`hash_folded`] mixes exactly four words of it.
const HASHED_BYTES: usize = 32;
const _: () = assert!(HASHED_BYTES == 4 * 8, "hash_folded mixes four words");

/// A hash of the first [`HASHED_BYTES`] of the letters and digits of `s`,
/// lower-cased: the same across runs, platforms and Rust versions. It is defined
/// by [`fold_chars`] and [`hash_folded`]; this folds ASCII eight bytes at a time
/// where it can (each byte stored, the position moved on only for a letter or
/// digit: no branch), and a character at a time across anything beyond ASCII,
/// then goes back to blocks. (Twice as fast on chat text as the polynomial over
/// the same bytes it replaced, which waited on each multiplication in turn.)
fn normalised_hash(s: &str) -> u32 {
    let bytes = s.as_bytes();
    // Room past the hashed bytes for the last block or character's lower case.
    let mut buf = [0u8; HASHED_BYTES + 16];
    let (mut n, mut at) = (0usize, 0usize);
    while at < bytes.len() && n < HASHED_BYTES {
        if let Some(block) = bytes.get(at..at + 8) {
            let block: [u8; 8] = block.try_into().expect("eight bytes");
            if u64::from_le_bytes(block) & 0x8080_8080_8080_8080 == 0 {
                for b in block {
                    let f = FOLD[usize::from(b)];
                    buf[n] = f;
                    n += usize::from(f != 0);
                }
                at += 8;
                continue;
            }
        }
        // `at` is on a character boundary: blocks are whole ASCII bytes.
        let c = s[at..].chars().next().unwrap_or_default();
        at += c.len_utf8();
        fold_char(c, |b| {
            if let Some(slot) = buf.get_mut(n) {
                *slot = b;
                n += 1;
            }
        });
    }
    let n = n.min(HASHED_BYTES);
    buf[n..].fill(0);
    hash_folded(buf[..HASHED_BYTES].try_into().expect("hashed bytes"), n)
}

/// The definition of the folded bytes: each character's letters and digits
/// lower-cased (ASCII and beyond), up to [`HASHED_BYTES`] of them.
#[cfg(test)]
fn fold_chars(s: &str) -> ([u8; HASHED_BYTES], usize) {
    let mut folded = Vec::new();
    for c in s.chars() {
        fold_char(c, |b| folded.push(b));
    }
    folded.truncate(HASHED_BYTES);
    let n = folded.len();
    folded.resize(HASHED_BYTES, 0);
    (folded.try_into().expect("hashed bytes"), n)
}

/// The bytes character `c` folds to, given one at a time to `out`: an ASCII
/// letter or digit lower-cased, a letter or digit beyond ASCII as the UTF-8 of its
/// lower case; nothing for anything else.
fn fold_char(c: char, mut out: impl FnMut(u8)) {
    if c.is_ascii() {
        let f = FOLD[c as usize];
        if f != 0 {
            out(f);
        }
    } else if c.is_alphanumeric() {
        for l in c.to_lowercase() {
            let mut buf = [0u8; 4];
            for &b in l.encode_utf8(&mut buf).as_bytes() {
                out(b);
            }
        }
    }
}

/// The 32-bit hash of the first `n` folded bytes (`buf`, zero past `n`): its four
/// words multiplied in pairs to 128 bits and folded (as wyhash mixes), the count
/// mixed in, then scrambled. No letters or digits hash as [`EMPTY_TEXT`].
const fn hash_folded(buf: &[u8; HASHED_BYTES], n: usize) -> u32 {
    const fn word(buf: &[u8; HASHED_BYTES], i: usize) -> u64 {
        let mut w = 0u64;
        let mut k = 0;
        while k < 8 {
            w |= (buf[i * 8 + k] as u64) << (8 * k);
            k += 1;
        }
        w
    }
    const fn mum(a: u64, b: u64) -> u64 {
        let m = (a as u128) * (b as u128);
        (m as u64) ^ ((m >> 64) as u64)
    }
    let x = if n == 0 {
        0
    } else {
        mum(
            word(buf, 0) ^ 0xa076_1d64_78bd_642f,
            word(buf, 1) ^ 0xe703_7ed1_a0b4_28db,
        ) ^ mum(
            word(buf, 2) ^ 0x8ebc_6af0_9c88_c6e3,
            word(buf, 3) ^ 0x5899_65cc_7537_4cc3,
        )
    };
    let mut x = x ^ (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    (x >> 32) as u32 ^ x as u32
}

/// The hash of a text with no letters or digits.
const EMPTY_TEXT: u32 = hash_folded(&[0; HASHED_BYTES], 0);

/// Each ASCII byte lower-cased when it is a letter or digit, else 0 (bytes past
/// ASCII never reach the table).
const FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// A message to find again in an export (the cross-export stage quotes the text
/// another export shows deleted): its conversation's title as prints keep it, its
/// minute and its text hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sought {
    pub title: String,
    pub minute: u32,
    pub text: u32,
}

/// A visitor between a parser and the rule checker: passes everything on and
/// takes each conversation's prints (and the text of any message it was asked to
/// find: [`Tap::seeking`]).
pub struct Tap<'v> {
    inner: &'v mut dyn Visitor,
    source_path: &'v str,
    /// A title as reports may show it (redacted when it carries a marking).
    shown: &'v dyn Fn(&str) -> String,
    current: Option<ExportPrints>,
    /// The current minute and the texts seen in it (for the n-th occurrence).
    minute: u32,
    seen: Vec<u32>,
    /// The last sender and its hash (a sender often writes several in a row).
    sender: (String, u16),
    /// Every conversation's prints, in export order.
    pub exports: Vec<ExportPrints>,
    /// Messages to find, and each one found (by its place in `sought`).
    sought: Vec<Sought>,
    pub found: Vec<(usize, Item)>,
}

impl<'v> Tap<'v> {
    /// A tap passing items on to `inner`, for the input reported as `source_path`;
    /// titles are kept as `shown` gives them (the rule checker's redaction).
    pub fn new(
        inner: &'v mut dyn Visitor,
        source_path: &'v str,
        shown: &'v dyn Fn(&str) -> String,
    ) -> Self {
        Tap {
            inner,
            source_path,
            shown,
            current: None,
            minute: 0,
            seen: Vec::new(),
            sender: (String::new(), (EMPTY_TEXT & 0xffff) as u16),
            exports: Vec::new(),
            sought: Vec::new(),
            found: Vec::new(),
        }
    }

    /// The tap also keeps each message in `sought` it sees, in `found`.
    pub fn seeking(mut self, sought: Vec<Sought>) -> Self {
        self.sought = sought;
        self
    }

    /// Keeps `item` if its print `p` is sought.
    fn seek(&mut self, p: Print, item: &Item) {
        let Some(c) = self.current.as_ref() else {
            return;
        };
        let at = self
            .sought
            .iter()
            .position(|s| s.minute == p.minute && s.text == p.text && s.title == c.title);
        if let Some(at) = at
            && !self.found.iter().any(|(k, _)| *k == at)
        {
            self.found.push((at, item.clone()));
        }
    }

    fn close(&mut self) {
        if let Some(c) = self.current.take()
            && (!c.prints.0.is_empty() || !c.timers.is_empty())
        {
            self.exports.push(c);
        }
    }

    fn take(&mut self, item: &Item) -> Option<Print> {
        let minute = u32::try_from(item.time?.0.timestamp().div_euclid(60)).ok()?;
        let (deleted, text) = match &item.kind {
            ItemKind::Deleted => (true, 0),
            ItemKind::Message | ItemKind::Edited | ItemKind::Media => {
                (false, normalised_hash(&item.text))
            }
            _ => return None,
        };
        // Only a message with words or digits can be matched.
        if !deleted && text == EMPTY_TEXT {
            return None;
        }
        if minute != self.minute {
            self.minute = minute;
            self.seen.clear();
        }
        let nth = self.seen.iter().filter(|&&t| t == text).count() as u32;
        self.seen.push(text);
        let text = if deleted {
            nth
        } else {
            text ^ nth.wrapping_mul(0x9e37_79b9)
        };
        let sender = match item.sender.as_deref() {
            None => 0,
            Some(s) if s == self.sender.0 => self.sender.1,
            Some(s) => {
                let hash = (normalised_hash(s) & 0xffff) as u16;
                self.sender.0.clear();
                self.sender.0.push_str(s);
                self.sender.1 = hash;
                hash
            }
        };
        Some(Print {
            minute,
            deleted,
            text,
            sender,
        })
    }
}

impl Visitor for Tap<'_> {
    fn conversation(&mut self, conversation: &Conversation) {
        self.close();
        self.current = Some(ExportPrints {
            source_path: self.source_path.to_string(),
            platform: conversation.platform,
            title: (self.shown)(&conversation.name),
            timers: Vec::new(),
            prints: Packed::default(),
        });
        self.seen.clear();
        self.inner.conversation(conversation);
    }

    fn item(&mut self, item: &Item) {
        self.inner.item(item);
        if let ItemKind::Timer(change) = item.kind {
            let Some(minute) = item
                .time
                .and_then(|t| u32::try_from(t.0.timestamp().div_euclid(60)).ok())
            else {
                return;
            };
            let seconds = match change {
                TimerChange::Off => None,
                TimerChange::On(s) | TimerChange::Default(s) => Some(s.unwrap_or(0)),
            };
            if let Some(c) = self.current.as_mut() {
                c.timers.push((minute, seconds));
            }
            return;
        }
        if let Some(p) = self.take(item)
            && let Some(c) = self.current.as_mut()
        {
            c.prints.0.extend_from_slice(&p.to_bytes());
            if !self.sought.is_empty() && !p.deleted {
                self.seek(p, item);
            }
        }
    }

    fn end_conversation(&mut self) {
        self.inner.end_conversation();
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, Timestamp};
    use chrono::{FixedOffset, TimeZone};

    fn item(
        kind: ItemKind,
        hh_mm_ss: (u32, u32, u32),
        offset_h: i32,
        who: &str,
        text: &str,
    ) -> Item {
        let zone = FixedOffset::east_opt(offset_h * 3600).unwrap();
        let (h, m, s) = hh_mm_ss;
        Item {
            kind,
            time: Some(Timestamp(
                zone.with_ymd_and_hms(2023, 1, 12, h, m, s).unwrap(),
            )),
            sender: Some(who.into()),
            text: text.into(),
            attachments: vec![],
            location: Location::Line(1),
        }
    }

    fn prints_of(items: &[Item]) -> Vec<Print> {
        let mut sink = crate::model::Ignore;
        let shown = |t: &str| t.to_string();
        let mut tap = Tap::new(&mut sink, "a.txt", &shown);
        tap.conversation(&Conversation {
            platform: Platform::WhatsApp,
            name: "Ops Team".into(),
            id: None,
        });
        items.iter().for_each(|i| tap.item(i));
        tap.end_conversation();
        tap.exports
            .iter()
            .flat_map(|e| e.prints().collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn the_same_message_prints_alike_across_platforms_and_zones() {
        let android = prints_of(&[item(
            ItemKind::Message,
            (9, 15, 0),
            0,
            "Ann Example",
            "Budget's agreed, go ahead.",
        )]);
        let ios = prints_of(&[item(
            ItemKind::Edited,
            (10, 15, 42),
            1,
            "+44 7700 900123",
            "budget’s agreed — go ahead",
        )]);
        assert_eq!(android.len(), 1);
        assert_eq!(
            (android[0].minute, android[0].text),
            (ios[0].minute, ios[0].text)
        );
        assert_ne!(android[0].sender, ios[0].sender);
        let other = prints_of(&[item(
            ItemKind::Message,
            (9, 15, 0),
            0,
            "Ann Example",
            "Budget is agreed",
        )]);
        assert_ne!(android[0].text, other[0].text);
    }

    #[test]
    fn repeats_in_a_minute_differ_and_system_lines_are_left_out() {
        let p = prints_of(&[
            item(ItemKind::Message, (9, 15, 0), 0, "Ann", "ok"),
            item(ItemKind::Message, (9, 15, 0), 0, "Ben", "ok"),
            item(ItemKind::System, (9, 15, 0), 0, "Ann", "Ann added Ben"),
            item(
                ItemKind::MediaOmitted,
                (9, 15, 0),
                0,
                "Ann",
                "<Media omitted>",
            ),
            item(ItemKind::Message, (9, 16, 0), 0, "Ann", "👍"),
            item(
                ItemKind::Deleted,
                (9, 17, 0),
                0,
                "Ben",
                "This message was deleted",
            ),
        ]);
        assert_eq!(p.len(), 3, "{p:?}");
        assert_ne!(p[0].text, p[1].text);
        assert!(p[2].deleted && p[2].text == 0);
    }

    #[test]
    fn the_block_path_hashes_as_the_definition_does() {
        let defined = |s: &str| {
            let (folded, n) = fold_chars(s);
            hash_folded(&folded, n)
        };
        let mut texts: Vec<String> = [
            "",
            "Budget's agreed, go ahead.",
            "Ünïcödé ÅNGSTRÖM İstanbul ΣΊΣΥΦΟΣ",
            "Привет, 123 — ok 👍🏽 ٣٤ 東京",
            "\u{0}\u{7f} tabs\tand\nnewlines",
            "Can we move the 10:00 with the Secretary of State to Thursday? Ann",
            "Ünïcödé ÅNGSTRÖM İstanbul ΣΊΣΥΦΟΣ Привет Привет Привет Привет",
        ]
        .map(String::from)
        .to_vec();
        // Every length and mix: ASCII runs cut by spaces, punctuation and letters
        // beyond ASCII at every offset of a block.
        let pieces = [
            "ab", "C", " ", "--", "é", "9", "xyzW", "’", ".", "Ω", "Straße", "ﬁ",
        ];
        for i in 0..400usize {
            let text: String = (0..(i % 37))
                .map(|k| pieces[(i * 7 + k * k) % pieces.len()])
                .collect();
            texts.push(text);
        }
        for s in &texts {
            assert_eq!(normalised_hash(s), defined(s), "{s:?}");
        }
        assert_eq!(normalised_hash(" ,.!"), EMPTY_TEXT);
        assert_ne!(normalised_hash("ab"), normalised_hash("ba"));
        // About six words are hashed: a long message's tail is not read.
        let long = "Can we move the 10:00 with the Secretary of State to Thursday afternoon?";
        assert_eq!(
            normalised_hash(long),
            normalised_hash("can we move the 1000 with the secretary, or with the PM")
        );
        assert_ne!(
            normalised_hash(long),
            normalised_hash("Can we move the 11:00 with the Secretary of State to Thursday?")
        );
    }

    #[test]
    fn packed_prints_round_trip_through_json() {
        let p = Packed(
            Print {
                minute: 27_890_000,
                deleted: false,
                text: 0xdead_beef,
                sender: 7,
            }
            .to_bytes()
            .to_vec(),
        );
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"01a9915000deadbeef0007\"");
        assert_eq!(serde_json::from_str::<Packed>(&json).unwrap(), p);
        assert!(serde_json::from_str::<Packed>("\"0a\"").is_err());
    }
}
