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
    /// The surviving message's text hash (its print's).
    pub text: u32,
}

/// Everything the comparison found, indexed by export number (a conversation's
/// figures under the number of its first export).
#[derive(Debug, Default)]
pub struct Compared {
    pub unions: Vec<Union>,
    pub missing: Vec<Option<Missing>>,
    pub survivors: Vec<Survivor>,
}

/// A message of the current minute an export lacks.
#[derive(Debug, Clone, Copy)]
struct Lack {
    export: u32,
    holder: u32,
    conversation: u32,
    /// The message's number in the pass (one message may be lacked by several).
    message: u32,
    /// Its text hash.
    text: u32,
}

/// The comparison's state as it walks the prints in order.
struct Pass<'a> {
    exports: &'a [Export],
    conv: &'a [u32],
    members: &'a [Vec<u32>],
    min_silence: u32,
    out: Compared,
    minute: u32,
    /// What the current minute's messages are lacked by; settled when the minute
    /// is over, after its placeholders (which sort after its messages).
    lacking: Vec<Lack>,
    messages: u32,
    /// The conversations of the current message's holders (kept to save allocations).
    roots: Vec<u32>,
}

/// Compares the exports of each conversation (`conv`: each export's first export;
/// `members`: each conversation's exports under that number); silences of at least
/// `min_silence` minutes are kept.
pub fn compare(
    sorted: &Sorted,
    exports: &[Export],
    conv: &[u32],
    members: &[Vec<u32>],
    min_silence: u32,
) -> io::Result<Compared> {
    let n = exports.len();
    let mut pass = Pass {
        exports,
        conv,
        members,
        min_silence,
        out: Compared {
            unions: vec![Union::default(); n],
            missing: vec![None; n],
            survivors: Vec::new(),
        },
        minute: u32::MAX,
        lacking: Vec::new(),
        messages: 0,
        roots: Vec::new(),
    };
    let mut holders: Vec<u32> = Vec::new();
    sorted.groups(|group: &[Record]| {
        let (p, _) = unpack(&group[0]);
        if p.minute != pass.minute {
            pass.settle_minute();
            pass.minute = p.minute;
        }
        holders.clear();
        holders.extend(group.iter().map(|r| unpack(r).1));
        holders.dedup();
        if p.deleted {
            pass.placeholders(&holders);
        } else {
            pass.message(&holders, p.text);
        }
    })?;
    pass.settle_minute();
    Ok(pass.out)
}

impl Pass<'_> {
    fn covers(&self, x: u32, minute: u32) -> bool {
        let e = &self.exports[x as usize];
        e.first.is_some_and(|f| f <= minute) && e.last.is_some_and(|l| minute <= l)
    }

    /// One message (its text hash `text`), held by `holders` (sorted export numbers).
    fn message(&mut self, holders: &[u32], text: u32) {
        let minute = self.minute;
        let mut roots = std::mem::take(&mut self.roots);
        roots.clear();
        roots.extend(holders.iter().map(|&h| self.conv[h as usize]));
        roots.sort_unstable();
        roots.dedup();
        for &r in &roots {
            self.messages += 1;
            let u = &mut self.out.unions[r as usize];
            if let Some(last) = u.last
                && minute - last >= self.min_silence
            {
                u.silences.push((last, minute));
            }
            u.messages += 1;
            u.first.get_or_insert(minute);
            u.last = Some(minute);
            let holder = *holders
                .iter()
                .find(|&&h| self.conv[h as usize] == r)
                .expect("a holder");
            for &x in &self.members[r as usize] {
                if holders.binary_search(&x).is_err() && self.covers(x, minute) {
                    self.lacking.push(Lack {
                        export: x,
                        holder,
                        conversation: r,
                        message: self.messages,
                        text,
                    });
                }
            }
        }
        self.roots = roots;
    }

    /// Placeholders of the current minute: each takes the text another export
    /// has and its own lacks.
    fn placeholders(&mut self, holders: &[u32]) {
        for &x in holders {
            if let Some(at) = self.lacking.iter().position(|l| l.export == x) {
                let l = self.lacking.remove(at);
                self.out.survivors.push(Survivor {
                    export: x,
                    minute: self.minute,
                    holder: l.holder,
                    text: l.text,
                });
            }
        }
    }

    /// What the minute's messages are lacked by, placeholders aside, is missing.
    fn settle_minute(&mut self) {
        let mut counted: Vec<u32> = Vec::new();
        for l in self.lacking.drain(..) {
            let m = self.out.missing[l.export as usize].get_or_insert(Missing {
                count: 0,
                first: self.minute,
                last: self.minute,
                holder: l.holder,
            });
            m.count += 1;
            m.last = self.minute;
            if !counted.contains(&l.message) {
                counted.push(l.message);
                self.out.unions[l.conversation as usize].missing += 1;
            }
        }
    }
}
