//! Which exports hold the same conversation: two exports of one platform are joined
//! when they share enough messages (same minute, same normalised text) — at least
//! `min_shared`, and at least `min_share` of the smaller export's messages — so
//! two groups with the same title stay apart, and a lone "Happy new year" at
//! midnight in two groups joins nothing. Joins are transitive (union-find): an
//! export sharing enough with either of two matched exports belongs with both.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::Export;
use super::runs::{Record, unpack};

/// When two exports are taken to hold the same conversation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matching {
    /// Messages two exports must share at least.
    pub min_shared: u32,
    /// Share of the smaller export's messages that must be shared (0–1).
    pub min_share: f64,
}

impl Default for Matching {
    fn default() -> Self {
        Matching {
            min_shared: 3,
            min_share: 0.5,
        }
    }
}

/// The messages each pair of exports shares, counted group by group (the groups
/// of [`super::runs::Sorted::groups`], given while the runs are finished).
#[derive(Debug, Default)]
pub struct SharedCounts {
    pub pairs: HashMap<(u32, u32), u32, BuildHasherDefault<PairHasher>>,
    holders: Vec<u32>,
}

impl SharedCounts {
    pub fn add(&mut self, group: &[Record]) {
        let (p, _) = unpack(&group[0]);
        if p.deleted || group.len() < 2 {
            return;
        }
        self.holders.clear();
        self.holders.extend(group.iter().map(|r| unpack(r).1));
        self.holders.dedup();
        for (i, &a) in self.holders.iter().enumerate() {
            for &b in &self.holders[i + 1..] {
                *self.pairs.entry((a, b)).or_default() += 1;
            }
        }
    }
}

/// A hasher for pairs of export numbers (SipHash's resistance to chosen keys is
/// not needed for numbers onrecord gives out itself, and cost a tenth of the stage).
#[derive(Debug, Default)]
pub struct PairHasher(u64);

impl Hasher for PairHasher {
    fn write(&mut self, bytes: &[u8]) {
        bytes.iter().for_each(|&b| self.write_u8(b));
    }
    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

/// Each export's conversation: the number of the first export (in report order)
/// of the conversation it belongs to.
pub fn conversations_of(
    exports: &[Export],
    pairs: &HashMap<(u32, u32), u32, BuildHasherDefault<PairHasher>>,
    m: Matching,
) -> Vec<u32> {
    let mut parent: Vec<u32> = (0..exports.len() as u32).collect();
    let mut joined: Vec<(&(u32, u32), &u32)> = pairs.iter().collect();
    joined.sort_unstable();
    for (&(a, b), &shared) in joined {
        let (ea, eb) = (&exports[a as usize], &exports[b as usize]);
        let smaller = ea.messages.min(eb.messages).max(1);
        if ea.platform == eb.platform
            && shared >= m.min_shared
            && f64::from(shared) >= m.min_share * f64::from(smaller)
        {
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            // The lower number is the root: the conversation is named by its first export.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            parent[hi as usize] = lo;
        }
    }
    (0..exports.len() as u32)
        .map(|i| root(&mut parent, i))
        .collect()
}

fn root(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let up = parent[parent[i as usize] as usize];
        parent[i as usize] = up;
        i = up;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Platform;

    fn export(messages: u32, platform: Platform) -> Export {
        Export {
            messages,
            platform,
            ..Export::default()
        }
    }

    #[test]
    fn enough_shared_messages_join_and_joins_are_transitive() {
        let exports = [
            export(20, Platform::WhatsApp),
            export(12, Platform::WhatsApp),
            export(10, Platform::WhatsApp),
            export(30, Platform::WhatsApp),
            export(8, Platform::Telegram),
        ];
        let pairs = [
            ((0, 1), 12),
            ((1, 2), 6), // half the smaller export: joined
            ((0, 3), 1), // a lone greeting: not joined
            ((2, 3), 4), // under half of 10
            ((0, 4), 8), // another platform
        ]
        .into_iter()
        .collect();
        let got = conversations_of(&exports, &pairs, Matching::default());
        assert_eq!(got, vec![0, 0, 0, 3, 4]);
    }
}
