//! Grouping interleaved SMS/MMS records into per-thread conversations within a
//! fixed memory budget (see the parent module's documentation).

use std::collections::HashMap;

use crate::model::{Conversation, Item, ParseStats, Platform, Visitor};

/// Items of one thread not yet emitted.
struct Pending {
    /// Order of the thread's first appearance, so the final flush follows the file.
    first_seen: u64,
    name: Option<String>,
    items: Vec<Item>,
    bytes: usize,
}

/// The per-thread buffer.
pub(super) struct Threads {
    pending: HashMap<String, Pending>,
    held: usize,
    budget: usize,
    seen: u64,
    emitted_conversations: u64,
    emitted_items: u64,
    pub(super) skipped: u64,
    pub(super) skipped_note: Option<String>,
}

impl Threads {
    pub(super) fn new(budget: usize) -> Self {
        Threads {
            pending: HashMap::new(),
            held: 0,
            budget,
            seen: 0,
            emitted_conversations: 0,
            emitted_items: 0,
            skipped: 0,
            skipped_note: None,
        }
    }

    /// Counts a record that could not be turned into an item.
    pub(super) fn skip(&mut self, note: String) {
        self.skipped += 1;
        self.skipped_note.get_or_insert(note);
    }

    /// Adds `item` to thread `key`; `name` is a display name for the thread when the
    /// record carried one (the first one seen wins).
    pub(super) fn push(
        &mut self,
        key: String,
        name: Option<String>,
        item: Item,
        out: &mut dyn Visitor,
    ) {
        let size = item_size(&item);
        let seen = &mut self.seen;
        let pending = self.pending.entry(key).or_insert_with(|| {
            *seen += 1;
            Pending {
                first_seen: *seen,
                name: None,
                items: Vec::new(),
                bytes: 0,
            }
        });
        if pending.name.is_none() {
            pending.name = name;
        }
        pending.items.push(item);
        pending.bytes += size;
        self.held += size;
        while self.held > self.budget {
            let Some(largest) = self
                .pending
                .iter()
                .max_by_key(|(_, p)| (p.bytes, std::cmp::Reverse(p.first_seen)))
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            self.emit(&largest, out);
        }
    }

    /// Emits every pending thread in order of first appearance.
    pub(super) fn flush_all(&mut self, out: &mut dyn Visitor, stats: &mut ParseStats) {
        let mut keys: Vec<(u64, String)> = self
            .pending
            .iter()
            .map(|(k, p)| (p.first_seen, k.clone()))
            .collect();
        keys.sort();
        for (_, key) in keys {
            self.emit(&key, out);
        }
        stats.conversations = self.emitted_conversations;
        stats.items = self.emitted_items;
    }

    fn emit(&mut self, key: &str, out: &mut dyn Visitor) {
        let Some(mut pending) = self.pending.remove(key) else {
            return;
        };
        self.held -= pending.bytes;
        // Backups list SMS before MMS; a thread reads in time order. Stable, so
        // records with the same (or no) time keep their file order.
        pending.items.sort_by_key(|item| item.time);
        out.conversation(&Conversation {
            platform: Platform::Sms,
            name: pending.name.unwrap_or_else(|| key.to_string()),
            id: Some(key.to_string()),
        });
        for item in &pending.items {
            out.item(item);
        }
        out.end_conversation();
        self.emitted_conversations += 1;
        self.emitted_items += pending.items.len() as u64;
    }
}

/// Approximate heap bytes an item holds.
fn item_size(item: &Item) -> usize {
    96 + item.text.len()
        + item.sender.as_ref().map_or(0, String::len)
        + item.attachments.iter().map(|a| a.len() + 24).sum::<usize>()
}
