//! Shard outputs and merging them.
//!
//! A `--shard K/N` scan writes, besides its own reports, `part/entries.jsonl` (one
//! examined entry per line, unsettled: decisions are matched to the register only
//! at the merge, over the whole set) and then `part/manifest.json` (what made it).
//! `onrecord merge` checks the parts belong together and to the merge's own rules,
//! configuration and date, orders the entries as an unsharded scan would, and runs
//! the same reporting step, so its reports are byte-identical to an unsharded run.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::scan::{Examined, Keys, ReadStats, ScanPlan};
use crate::shard::Shard;

/// Folder of the part files inside a shard's report folder.
pub const PART_DIR: &str = "part";
const MANIFEST: &str = "manifest.json";
const ENTRIES: &str = "entries.jsonl";
/// Version of the part layout.
const PART_FORMAT: u32 = 1;

/// What made a part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub part_format: u32,
    pub keys: Keys,
    pub as_of: String,
    pub shard: usize,
    pub shards: usize,
    /// The roots' report labels, in order.
    pub roots: Vec<String>,
    pub entries: usize,
    pub read: ReadStats,
}

/// Writes `out/part/` for a shard: entries first, the manifest last (a part
/// without a manifest is incomplete and refused by the merge).
pub fn write(
    out: &Path,
    plan: &ScanPlan,
    shard: Shard,
    entries: &[Examined],
    read: ReadStats,
) -> anyhow::Result<()> {
    let dir = out.join(PART_DIR);
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let _ = fs::remove_file(dir.join(MANIFEST));
    let manifest = Manifest {
        part_format: PART_FORMAT,
        keys: plan.keys.clone(),
        as_of: plan.settle.as_of.to_string(),
        shard: shard.index,
        shards: shard.count,
        roots: plan.roots.iter().map(|r| r.label.clone()).collect(),
        entries: entries.len(),
        read,
    };
    write_atomic(&dir, ENTRIES, |w| {
        for e in entries {
            serde_json::to_writer(&mut *w, e)?;
            w.write_all(b"\n")?;
        }
        Ok(())
    })?;
    write_atomic(&dir, MANIFEST, |w| {
        serde_json::to_writer_pretty(&mut *w, &manifest)?;
        w.write_all(b"\n")?;
        Ok(())
    })
}

fn write_atomic(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut BufWriter<fs::File>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)?;
    let mut w = BufWriter::new(temp.as_file().try_clone()?);
    fill(&mut w).with_context(|| format!("cannot write {}", dir.join(name).display()))?;
    w.flush()?;
    w.get_ref().sync_all()?;
    drop(w);
    temp.persist(dir.join(name))?;
    Ok(())
}

/// Reads a part's manifest.
pub fn read_manifest(part: &Path) -> Result<Manifest, String> {
    let path = part.join(PART_DIR).join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: not a complete shard output ({} is missing or unreadable: {e})",
            part.display(),
            path.display()
        )
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Checks the parts belong together and to this merge; `Err` lists every problem.
/// Returns the parts in shard order.
pub fn check(parts: &[PathBuf], plan: &ScanPlan) -> Result<Vec<(PathBuf, Manifest)>, Vec<String>> {
    let mut problems = Vec::new();
    let mut by_shard: BTreeMap<usize, (PathBuf, Manifest)> = BTreeMap::new();
    let mut count = None;
    for part in parts {
        let m = match read_manifest(part) {
            Ok(m) => m,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let name = part.display();
        if m.part_format != PART_FORMAT {
            problems.push(format!(
                "{name}: part format {} (this onrecord reads {PART_FORMAT})",
                m.part_format
            ));
        }
        if m.keys.tool_version != plan.keys.tool_version {
            problems.push(format!(
                "{name}: made by onrecord {}, this is {}",
                m.keys.tool_version, plan.keys.tool_version
            ));
        } else if m.keys.rules != plan.keys.rules {
            problems.push(format!(
                "{name}: made with different rule packs than this merge (give merge the same --rules as the shards)"
            ));
        } else if m.keys.examine != plan.keys.examine {
            problems.push(format!(
                "{name}: made with a different configuration (give merge the same --config, --timezone and --excerpts as the shards)"
            ));
        }
        if m.as_of != plan.settle.as_of.to_string() {
            problems.push(format!(
                "{name}: made for --as-of {}, this merge is for {}",
                m.as_of, plan.settle.as_of
            ));
        }
        match count {
            None => count = Some((m.shards, m.keys.walk.clone(), m.roots.clone())),
            Some((n, ref walk, ref roots)) => {
                if m.shards != n {
                    problems.push(format!(
                        "{name}: shard {}/{} does not belong with shards of {n}",
                        m.shard, m.shards
                    ));
                }
                if &m.keys.walk != walk {
                    problems.push(format!(
                        "{name}: made with other --exclude, --max-file-size or --follow-links than the other parts"
                    ));
                }
                if &m.roots != roots {
                    problems.push(format!(
                        "{name}: made over other roots than the other parts"
                    ));
                }
            }
        }
        if let Some((first, _)) = by_shard.get(&m.shard) {
            problems.push(format!(
                "{name}: shard {}/{} given twice (also {})",
                m.shard,
                m.shards,
                first.display()
            ));
        } else {
            by_shard.insert(m.shard, (part.clone(), m));
        }
    }
    if let Some((n, _, _)) = count {
        let missing: Vec<String> = (1..=n)
            .filter(|k| !by_shard.contains_key(k))
            .map(|k| format!("{k}/{n}"))
            .collect();
        if !missing.is_empty() {
            problems.push(format!("missing shard(s): {}", missing.join(", ")));
        }
    }
    if problems.is_empty() {
        Ok(by_shard.into_values().collect())
    } else {
        Err(problems)
    }
}

/// Reads every part's entries and puts them in report order (as one scan would).
pub fn read_entries(parts: &[(PathBuf, Manifest)]) -> anyhow::Result<(Vec<Examined>, ReadStats)> {
    let mut all = Vec::new();
    let mut read = ReadStats::default();
    for (dir, m) in parts {
        let path = dir.join(PART_DIR).join(ENTRIES);
        let file =
            fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        let before = all.len();
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("cannot read {}", path.display()))?;
            let e: Examined = serde_json::from_str(&line)
                .with_context(|| format!("{} line {}: not a part entry", path.display(), i + 1))?;
            all.push(e);
        }
        anyhow::ensure!(
            all.len() - before == m.entries,
            "{}: {} entries, but its manifest says {} (an incomplete part)",
            path.display(),
            all.len() - before,
            m.entries
        );
        read.parsed += m.read.parsed;
        read.reused += m.read.reused;
    }
    all.sort_by(|a, b| a.report_path.cmp(&b.report_path).then(a.root.cmp(&b.root)));
    if let Some(w) = all
        .windows(2)
        .find(|w| w[0].report_path == w[1].report_path && w[0].root == w[1].root)
    {
        anyhow::bail!(
            "{} appears in two parts: the parts overlap (made from different trees?)",
            w[0].report_path
        );
    }
    Ok((all, read))
}
