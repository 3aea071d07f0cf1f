//! What the detector knows about a message beyond its text: whether the sender is
//! a principal, and the few messages before it in the same conversation (for
//! pronouns and replies). Bounded: at most [`RECENT`] messages of at most
//! [`RECENT_CHARS`] bytes each, their buffers reused.

use super::principals::Principals;
use crate::model::Timestamp;

/// Messages kept per conversation.
pub const RECENT: usize = 4;
/// Bytes of each kept message (cut at a char boundary).
pub const RECENT_CHARS: usize = 600;

/// One earlier message.
#[derive(Debug, Clone, Default)]
pub struct Earlier {
    pub sender: String,
    pub principal: Option<usize>,
    pub text: String,
    pub time: Option<Timestamp>,
    /// It carries a classification marking: its text may be quoted only in full mode.
    pub marked: bool,
}

/// The last few messages of one conversation, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Recent {
    slots: Vec<Earlier>,
    /// Index of the oldest slot once all are used.
    next: usize,
    len: usize,
}

impl Recent {
    /// Forgets everything (a new conversation starts).
    pub fn clear(&mut self) {
        self.len = 0;
        self.next = 0;
    }

    /// Remembers a message, dropping the oldest beyond [`RECENT`].
    pub fn push(
        &mut self,
        sender: &str,
        principal: Option<usize>,
        text: &str,
        time: Option<Timestamp>,
        marked: bool,
    ) {
        if self.slots.len() < RECENT {
            self.slots.push(Earlier::default());
        }
        let i = if self.len < RECENT {
            self.len
        } else {
            self.next
        };
        let slot = &mut self.slots[i];
        slot.sender.clear();
        slot.sender.push_str(cut(sender, 100));
        slot.text.clear();
        slot.text.push_str(cut(text, RECENT_CHARS));
        slot.principal = principal;
        slot.time = time;
        slot.marked = marked;
        if self.len < RECENT {
            self.len += 1;
        } else {
            self.next = (self.next + 1) % RECENT;
        }
    }

    /// The kept messages, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &Earlier> {
        let n = self.len;
        let start = if n < RECENT { 0 } else { self.next };
        (0..n)
            .rev()
            .map(move |k| &self.slots[(start + k) % n.max(1)])
    }
}

fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A message's surroundings.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub principals: &'a Principals,
    /// The sender's name as exported.
    pub sender_name: &'a str,
    /// The principal who sent the message, if any.
    pub sender: Option<usize>,
    pub time: Option<Timestamp>,
    pub recent: Option<&'a Recent>,
}

impl Default for Context<'_> {
    fn default() -> Self {
        static NONE: std::sync::OnceLock<Principals> = std::sync::OnceLock::new();
        Context {
            principals: NONE.get_or_init(Principals::default),
            sender_name: "",
            sender: None,
            time: None,
            recent: None,
        }
    }
}

impl<'a> Context<'a> {
    /// The earlier messages, newest first (none without a conversation).
    pub fn earlier(&self) -> impl Iterator<Item = &'a Earlier> {
        self.recent.into_iter().flat_map(Recent::newest_first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_keeps_the_last_few_newest_first() {
        let mut r = Recent::default();
        for i in 0..6 {
            r.push(&format!("s{i}"), None, &"x".repeat(1000), None, false);
        }
        let senders: Vec<&str> = r.newest_first().map(|e| e.sender.as_str()).collect();
        assert_eq!(senders, ["s5", "s4", "s3", "s2"]);
        assert!(r.newest_first().all(|e| e.text.len() == RECENT_CHARS));
        r.clear();
        assert_eq!(r.newest_first().count(), 0);
        r.push("a", None, "é".repeat(400).as_str(), None, false);
        assert_eq!(r.newest_first().next().unwrap().text.len(), RECENT_CHARS);
    }
}
