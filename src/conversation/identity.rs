//! Which exports hold the same conversation: two exports of one platform are joined
//! when they share enough messages (same minute, same normalised text) — at least
//! `min_shared`, and at least `min_share` of the smaller export's messages — so
//! two groups with the same title stay apart, and a lone "Happy new year" at
//! midnight in two groups joins nothing. Joins are transitive (union-find): an
//! export sharing enough with either of two matched exports belongs with both.

use std::collections::HashMap;
use std::io;

use super::Export;
use super::runs::{Record, Sorted, unpack};

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

/// Counts the messages each pair of exports shares, in one pass over the prints.
pub fn shared_counts(sorted: &Sorted) -> io::Result<HashMap<(u32, u32), u32>> {
    let mut pairs: HashMap<(u32, u32), u32> = HashMap::new();
    let mut holders: Vec<u32> = Vec::new();
    sorted.groups(|group: &[Record]| {
        let (p, _) = unpack(&group[0]);
        if p.deleted {
            return;
        }
        holders.clear();
        holders.extend(group.iter().map(|r| unpack(r).1));
        holders.dedup();
        for (i, &a) in holders.iter().enumerate() {
            for &b in &holders[i + 1..] {
                *pairs.entry((a, b)).or_default() += 1;
            }
        }
    })?;
    Ok(pairs)
}

/// Each export's conversation: the number of the first export (in report order)
/// of the conversation it belongs to.
pub fn conversations_of(
    exports: &[Export],
    pairs: &HashMap<(u32, u32), u32>,
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
        let pairs = HashMap::from([
            ((0, 1), 12),
            ((1, 2), 6), // half the smaller export: joined
            ((0, 3), 1), // a lone greeting: not joined
            ((2, 3), 4), // under half of 10
            ((0, 4), 8), // another platform
        ]);
        let got = conversations_of(&exports, &pairs, Matching::default());
        assert_eq!(got, vec![0, 0, 0, 3, 4]);
    }
}
