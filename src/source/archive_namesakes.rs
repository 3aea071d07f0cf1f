//! Archive entries that share a name: those the `zip` crate's index lost to a
//! namesake are added back from the central directory (see `central`), and every
//! namesake gets a report name of its own.

use super::{Archive, Entry, ZipLimits, check_ratio};
use crate::source::central::Record;

/// Adds the entries the crate's index lost to a namesake (`records` lists them
/// all); returns their declared size.
pub(super) fn add_shadowed(
    entries: &mut Vec<Entry>,
    records: &[(Vec<u8>, Record)],
    archive: &Archive,
    limits: &ZipLimits,
) -> Result<u64, String> {
    let mut total = 0u64;
    let indexed: std::collections::HashMap<usize, String> =
        entries.iter().map(|e| (e.index, e.name.clone())).collect();
    for (raw, record) in records.iter().filter(|(_, r)| !r.indexed) {
        // A namesake shares the raw name of an indexed entry: decoded the same way.
        let Some(name) = archive
            .0
            .index_for_name_raw(raw)
            .and_then(|i| indexed.get(&i).cloned())
        else {
            continue; // A folder (folders are not listed).
        };
        check_ratio(&name, record.size, record.compressed_size, limits)?;
        total = total.saturating_add(record.size);
        entries.push(Entry {
            index: record.position,
            name,
            size: record.size,
            compressed_size: record.compressed_size,
            encrypted: record.encrypted,
            modified: None,
            directory_at: record.directory_at,
            shadowed: Some(*record),
            shown: None,
            archive: archive.clone(),
        });
    }
    Ok(total)
}

/// Gives entries that share a name (sorted, so namesakes are neighbours) names of
/// their own for reports: `name (zip entry N)`, N the 1-based place of the entry's
/// record in the central directory (as `unzip -l` lists them).
pub(super) fn name_namesakes(entries: &mut [Entry], records: &[(Vec<u8>, Record)]) {
    let places: std::collections::HashMap<u64, usize> = records
        .iter()
        .map(|(_, r)| (r.directory_at, r.position + 1))
        .collect();
    let place = |at: u64| places.get(&at).copied().unwrap_or(0);
    let mut used: std::collections::BTreeSet<String> =
        entries.iter().map(|e| e.name.clone()).collect();
    for i in 0..entries.len() {
        let twin = |j: usize| {
            entries
                .get(j)
                .is_some_and(|e: &Entry| e.name == entries[i].name)
        };
        if twin(i + 1) || (i > 0 && twin(i - 1)) {
            let mut shown = format!(
                "{} (zip entry {})",
                entries[i].name,
                place(entries[i].directory_at)
            );
            // A member literally named like that keeps its name; this one gives way.
            while !used.insert(shown.clone()) {
                shown.push_str(" (again)");
            }
            entries[i].shown = Some(shown);
        }
    }
}
