//! The text behind a deleted-message placeholder, read again from the export that
//! still holds it, for the `deleted-text-survives` finding's excerpt. Prints keep
//! no text, so this is the one place a file is opened after the examine stage:
//! only the files holding a survivor, each once, on one thread (there are few),
//! in a scan and in a merge alike (shard parts carry each entry's origin).

use std::collections::BTreeMap;

use super::Matched;
use crate::examine::{self, Examiner};
use crate::prints::Sought;
use crate::rules::ExcerptMode;

/// Each survivor's excerpt (of `matched.compared.survivors`, by place) under the
/// excerpt mode, redacted when marked: `None` where its text could not be read
/// again (the file is gone, changed, or the entry has no origin). Nothing is read
/// with `--excerpts none`.
pub fn survivor_excerpts(matched: &Matched, ctx: &Examiner) -> Vec<Option<String>> {
    let survivors = &matched.compared.survivors;
    if ctx.excerpts == ExcerptMode::None {
        return vec![Some(String::new()); survivors.len()];
    }
    let mut texts: Vec<Option<String>> = vec![None; survivors.len()];
    // The survivors of each file (by report path: the files' order), each
    // message wanted once however many exports lack it.
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in survivors.iter().enumerate() {
        if let Some(file) = &matched.exports[s.holder as usize].file {
            by_file
                .entry(file.report_path.as_str())
                .or_default()
                .push(i);
        }
    }
    for indices in by_file.values() {
        let holder = |i: usize| &matched.exports[survivors[i].holder as usize];
        let Some(file) = &holder(indices[0]).file else {
            continue;
        };
        let mut wanted: Vec<(String, Sought)> = Vec::new();
        let mut place = Vec::with_capacity(indices.len());
        for &i in indices {
            let x = holder(i);
            let key = (
                x.source_path.clone(),
                Sought {
                    title: x.title.clone(),
                    minute: survivors[i].minute,
                    text: survivors[i].text,
                },
            );
            let at = wanted.iter().position(|w| *w == key).unwrap_or_else(|| {
                wanted.push(key);
                wanted.len() - 1
            });
            place.push(at);
        }
        let found = examine::recall(&file.origin, &file.report_path, &wanted, ctx);
        for (&i, &at) in indices.iter().zip(&place) {
            // Marked as the rules would mark it: by its text or an attachment's name.
            texts[i] = found[at].as_ref().map(|item| {
                let marked = item.attachments.iter().any(|a| ctx.rules.is_marked(a));
                ctx.rules.excerpt(ctx.excerpts, &item.text, marked)
            });
        }
    }
    texts
}
