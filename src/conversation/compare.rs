//! The second pass over the prints, once the conversations are known: the messages
//! of each conversation (the union of its exports), and for each export the
//! messages another export of the same conversation has and it lacks, inside the
//! time it covers (its first to its last message), plus placeholders whose text
//! survives elsewhere and long silences in the union.

use std::io;

use super::Export;
use super::runs::{Record, Sorted, unpack};

/// Messages an export lacks that another export of its conversation has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Missing {
    pub count: u32,
    /// Minutes of the first and the last of them.
    pub first: u32,
    pub last: u32,
    /// The first export (in report order) that has the first of them.
    pub holder: u32,
}

/// What the union of a conversation's exports shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Union {
    pub messages: u32,
    /// Messages some export of the conversation lacks within the time it covers.
    pub missing: u32,
    pub first: Option<u32>,
    pub last: Option<u32>,
    /// Silences of at least the pass's minimum, as (start, end) minutes.
    pub silences: Vec<(u32, u32)>,
}

/// A placeholder in one export whose message another export still has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survivor {
    /// The export holding the placeholder.
    pub export: u32,
    pub minute: u32,
    /// The export where the text survives.
    pub holder: u32,
}

/// Everything the comparison found, indexed by export number (a conversation's
/// figures under the number of its first export).
#[derive(Debug, Default)]
pub struct Compared {
    pub unions: Vec<Union>,
    pub missing: Vec<Option<Missing>>,
    pub survivors: Vec<Survivor>,
}

/// Compares the exports of each conversation (`conv`: each export's first export);
/// silences of at least `min_silence` minutes are kept.
pub fn compare(
    sorted: &Sorted,
    exports: &[Export],
    conv: &[u32],
    min_silence: u32,
) -> io::Result<Compared> {
    let n = exports.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, &c) in conv.iter().enumerate() {
        members[c as usize].push(i as u32);
    }
    let mut out = Compared {
        unions: vec![Union::default(); n],
        missing: vec![None; n],
        survivors: Vec::new(),
    };
    let covers = |x: u32, minute: u32| {
        let e = &exports[x as usize];
        e.first.is_some_and(|f| f <= minute) && e.last.is_some_and(|l| minute <= l)
    };
    // Messages of the current minute each export lacks, with the export that has them.
    let mut minute = u32::MAX;
    let mut lacking: Vec<(u32, u32)> = Vec::new();
    let mut holders: Vec<u32> = Vec::new();
    let mut roots: Vec<u32> = Vec::new();
    sorted.groups(|group: &[Record]| {
        let (p, _) = unpack(&group[0]);
        if p.minute != minute {
            minute = p.minute;
            lacking.clear();
        }
        holders.clear();
        holders.extend(group.iter().map(|r| unpack(r).1));
        holders.dedup();
        if p.deleted {
            for &x in &holders {
                if let Some(at) = lacking.iter().position(|&(e, _)| e == x) {
                    let (_, holder) = lacking.remove(at);
                    out.survivors.push(Survivor {
                        export: x,
                        minute,
                        holder,
                    });
                }
            }
            return;
        }
        roots.clear();
        roots.extend(holders.iter().map(|&h| conv[h as usize]));
        roots.sort_unstable();
        roots.dedup();
        for &r in &roots {
            let u = &mut out.unions[r as usize];
            if let Some(last) = u.last
                && minute - last >= min_silence
            {
                u.silences.push((last, minute));
            }
            u.messages += 1;
            u.first.get_or_insert(minute);
            u.last = Some(minute);
            let holder = *holders.iter().find(|&&h| conv[h as usize] == r).expect("a holder");
            let mut lacked = false;
            for &x in &members[r as usize] {
                if holders.binary_search(&x).is_ok() || !covers(x, minute) {
                    continue;
                }
                lacked = true;
                lacking.push((x, holder));
                let m = out.missing[x as usize].get_or_insert(Missing {
                    count: 0,
                    first: minute,
                    last: minute,
                    holder,
                });
                m.count += 1;
                m.last = minute;
            }
            if lacked {
                out.unions[r as usize].missing += 1;
            }
        }
    })?;
    Ok(out)
}
