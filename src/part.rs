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

use crate::pipeline::{EntrySink, Examined, Keys, Provenance, ReadStats};
use crate::shard::Shard;

/// Folder of the part files inside a shard's report folder.
pub const PART_DIR: &str = "part";
const MANIFEST: &str = "manifest.json";
const ENTRIES: &str = "entries.jsonl";
/// Version of the part layout (2: entries carry their origin, for reading a file again).
const PART_FORMAT: u32 = 2;

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
    /// The report flags the shard ran with (absent in parts of older versions).
    #[serde(default)]
    pub flags: Option<ReportFlags>,
}

/// The report flags a run was given, recorded in its part so that `merge` can use
/// them when it is not given them, and refuse ones that contradict them. Paths are
/// as given; the digests are of the files' contents. Configuration, rule packs, time
/// zone and excerpt mode are also checked by content through the [`Keys`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFlags {
    pub config: Option<String>,
    pub rules: Vec<String>,
    pub registers: Vec<String>,
    pub register_digest: String,
    pub reviewed: Option<String>,
    pub reviewed_digest: String,
    pub timezone: Option<String>,
    pub excerpts: Option<String>,
    pub fail_on: Option<String>,
    pub no_bom: bool,
}

impl ReportFlags {
    /// Where a merge's flags (`self`, with the shards' filled in where it had none)
    /// contradict the shards' (`shards`): one problem per flag.
    pub fn conflicts(&self, shards: &ReportFlags) -> Vec<String> {
        let mut problems = Vec::new();
        let mut differ = |flag: &str, ours: String, theirs: String| {
            problems.push(format!(
                "{flag}: the shards were run with {theirs}, this merge with {ours}: give merge the shards' {flag}, or leave it out to use theirs"
            ))
        };
        let shown = |paths: &[String]| match paths {
            [] => "none".to_string(),
            p => p.join(", "),
        };
        if self.register_digest != shards.register_digest {
            differ(
                "--register",
                shown(&self.registers),
                shown(&shards.registers),
            );
        }
        if self.reviewed_digest != shards.reviewed_digest {
            let one = |p: &Option<String>| shown(p.as_slice());
            differ("--reviewed", one(&self.reviewed), one(&shards.reviewed));
        }
        if self.fail_on != shards.fail_on {
            let sev = |s: &Option<String>| s.clone().unwrap_or_else(|| "the default".into());
            differ("--fail-on", sev(&self.fail_on), sev(&shards.fail_on));
        }
        problems
    }
}

/// What parts must have been made with to belong to a run: its keys, date and
/// roots (built from the plan by `ScanPlan::part_identity`).
#[derive(Debug, Clone)]
pub struct PartIdentity {
    pub keys: Keys,
    /// `--as-of`, `yyyy-mm-dd`.
    pub as_of: String,
    /// The roots' report labels, in order.
    pub roots: Vec<String>,
    pub flags: ReportFlags,
}

/// A shard's part being written: entries stream into a temporary file as they are
/// examined; [`PartWriter::finish`] moves it into place and then writes the
/// manifest (a part without a manifest is incomplete and refused by the merge).
pub struct PartWriter {
    dir: PathBuf,
    entries: BufWriter<fs::File>,
    temp: tempfile::NamedTempFile,
    count: usize,
}

impl PartWriter {
    /// Starts `out/part/`, removing any earlier manifest first.
    pub fn start(out: &Path) -> anyhow::Result<PartWriter> {
        let dir = out.join(PART_DIR);
        fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let _ = fs::remove_file(dir.join(MANIFEST));
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{ENTRIES}."))
            .tempfile_in(&dir)?;
        Ok(PartWriter {
            entries: BufWriter::new(temp.as_file().try_clone()?),
            temp,
            dir,
            count: 0,
        })
    }

    /// Appends one examined entry.
    pub fn write(&mut self, e: &Examined) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.entries, e)?;
        self.entries.write_all(b"\n")?;
        self.count += 1;
        Ok(())
    }

    /// Puts the entries in place, then the manifest.
    pub fn finish(
        mut self,
        id: &PartIdentity,
        shard: Shard,
        read: ReadStats,
    ) -> anyhow::Result<()> {
        self.entries.flush()?;
        self.entries.get_ref().sync_all()?;
        drop(self.entries);
        self.temp.persist(self.dir.join(ENTRIES))?;
        let manifest = Manifest {
            part_format: PART_FORMAT,
            keys: id.keys.clone(),
            as_of: id.as_of.clone(),
            shard: shard.index,
            shards: shard.count,
            roots: id.roots.clone(),
            entries: self.count,
            read,
            flags: Some(id.flags.clone()),
        };
        write_atomic(&self.dir, MANIFEST, |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest)?;
            w.write_all(b"\n")?;
            Ok(())
        })
    }
}

impl EntrySink for PartWriter {
    fn entry(&mut self, e: &Examined, _: &Provenance) -> anyhow::Result<()> {
        self.write(e)
    }
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
pub fn check(
    parts: &[PathBuf],
    id: &PartIdentity,
) -> Result<Vec<(PathBuf, Manifest)>, Vec<String>> {
    let mut problems = Vec::new();
    let mut by_shard: BTreeMap<usize, (PathBuf, Manifest)> = BTreeMap::new();
    let mut count = None;
    let mut first_flags = None;
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
        if m.keys.tool_version != id.keys.tool_version {
            problems.push(format!(
                "{name}: made by onrecord {}, this is {}",
                m.keys.tool_version, id.keys.tool_version
            ));
        } else if m.keys.rules != id.keys.rules {
            problems.push(format!(
                "{name}: made with different rule packs than this merge (give merge the same --rules as the shards)"
            ));
        } else if m.keys.examine != id.keys.examine {
            problems.push(format!(
                "{name}: made with a different configuration (give merge the same --config, --timezone and --excerpts as the shards)"
            ));
        }
        if m.as_of != id.as_of {
            problems.push(format!(
                "{name}: made for --as-of {}, this merge is for {}",
                m.as_of, id.as_of
            ));
        }
        match count {
            None => {
                count = Some((m.shards, m.keys.walk.clone(), m.roots.clone()));
                first_flags = m.flags.clone();
            }
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
                if m.flags != first_flags {
                    problems.push(format!(
                        "{name}: made with other --register, --reviewed or --fail-on than the other parts"
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

/// Streams every part's entries to `take`, in report order (as one scan would
/// produce them): each part is already in order, so this is a k-way merge holding
/// one entry per part. Returns the parts' combined read statistics.
pub fn read_entries(
    parts: &[(PathBuf, Manifest)],
    mut take: impl FnMut(Examined) -> anyhow::Result<()>,
) -> anyhow::Result<ReadStats> {
    struct Part {
        path: PathBuf,
        lines: std::io::Lines<BufReader<fs::File>>,
        line: usize,
        read: usize,
        expected: usize,
    }
    impl Part {
        fn next(&mut self) -> anyhow::Result<Option<Examined>> {
            let Some(line) = self.lines.next() else {
                anyhow::ensure!(
                    self.read == self.expected,
                    "{}: {} entries, but its manifest says {} (an incomplete part)",
                    self.path.display(),
                    self.read,
                    self.expected
                );
                return Ok(None);
            };
            self.line += 1;
            let line = line.with_context(|| format!("cannot read {}", self.path.display()))?;
            let e = serde_json::from_str(&line).with_context(|| {
                format!(
                    "{} line {}: not a part entry",
                    self.path.display(),
                    self.line
                )
            })?;
            self.read += 1;
            Ok(Some(e))
        }
    }
    let mut read = ReadStats::default();
    let mut open = Vec::new();
    let mut heads: Vec<Option<Examined>> = Vec::new();
    for (dir, m) in parts {
        let path = dir.join(PART_DIR).join(ENTRIES);
        let file =
            fs::File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut part = Part {
            path,
            lines: BufReader::new(file).lines(),
            line: 0,
            read: 0,
            expected: m.entries,
        };
        heads.push(part.next()?);
        open.push(part);
        read.parsed += m.read.parsed;
        read.reused += m.read.reused;
    }
    let key = |e: &Examined| (e.report_path.clone(), e.root);
    let mut last: Option<(String, usize)> = None;
    while let Some(i) = (0..heads.len())
        .filter(|&i| heads[i].is_some())
        .min_by(|&a, &b| {
            let (x, y) = (heads[a].as_ref(), heads[b].as_ref());
            x.map(key).cmp(&y.map(key))
        })
    {
        let e = heads[i]
            .take()
            .unwrap_or_else(|| unreachable!("filtered on is_some"));
        heads[i] = open[i].next()?;
        let k = key(&e);
        if let Some(prev) = &last {
            anyhow::ensure!(
                *prev < k,
                "{} appears in two parts, or out of order: the parts overlap (made from different trees?)",
                e.report_path
            );
        }
        last = Some(k);
        take(e)?;
    }
    Ok(read)
}
