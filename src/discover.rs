//! Walking the roots: which entries exist, in a deterministic order, with
//! symlinks, excludes and size limits applied. No parsing happens here.
//!
//! Every entry the walk meets becomes an [`Entry`] — a file to read, or a row
//! saying why it is not read (excluded, too large, a link, unreadable) — so the
//! manifest accounts for everything under the roots. Entries are held for the whole
//! run, so they are compact (see [`entry`]); [`Entry::discovered`] spells one out
//! as a [`Discovered`] when it is examined.

mod entry;
pub mod name;
#[cfg(test)]
mod tests;

pub use entry::Entry;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use globset::GlobSet;
use rayon::prelude::*;
use walkdir::WalkDir;

/// Folders one walk holds open at most (deeper ones are re-opened as needed).
pub const WALK_OPEN_DIRS: usize = 8;

/// How to walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Paths (relative to their root, `/`-separated) matching these are not read;
    /// a matching directory is not entered.
    pub exclude: GlobSet,
    /// Follow symbolic links (loops are detected and reported, never followed twice).
    pub follow_links: bool,
    /// Files larger than this are reported as skipped rather than read.
    pub max_file_size: Option<u64>,
    /// onrecord's own report folder: never scanned, even when it lies under a root
    /// (its reports, history and state would otherwise be listed again every night).
    pub own_output: Option<PathBuf>,
    /// onrecord's own files and folders wherever they are (the state file; the
    /// reports, history and lock when the report folder is itself a root): each is
    /// a `skipped` row, never read.
    pub own_files: Vec<PathBuf>,
}

/// A root given on the command line.
#[derive(Debug, Clone)]
pub struct Root {
    pub path: PathBuf,
    /// Prefix put before paths under this root in reports (empty with one root).
    pub label: String,
}

/// Labels roots for reports: none with a single root, the root's folder name
/// (made unique) with several, so report paths never collide.
pub fn label_roots(paths: &[PathBuf]) -> Vec<Root> {
    let mut used = std::collections::BTreeSet::new();
    paths
        .iter()
        .map(|p| {
            let label = if paths.len() == 1 {
                String::new()
            } else {
                let base = p
                    .file_name()
                    .map(|n| name::as_text(n).into_owned())
                    .unwrap_or_else(|| "root".into());
                let mut label = base.clone();
                let mut n = 2;
                while !used.insert(label.clone()) {
                    label = format!("{base}-{n}");
                    n += 1;
                }
                label
            };
            Root {
                path: p.clone(),
                label,
            }
        })
        .collect()
}

/// What the walk found at one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file to read.
    File {
        size: u64,
        modified: Option<SystemTime>,
    },
    /// Not read, for the given reason.
    Skipped(String),
    /// Could not be examined (unreadable directory, broken metadata).
    Error(String),
}

/// One entry of the walk, spelled out for examining (see [`Entry::discovered`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// Index of the root in the list given to [`discover`].
    pub root: usize,
    /// Absolute (or as-given) path on disk.
    pub path: PathBuf,
    /// Path relative to the root, `/`-separated.
    pub relative: String,
    /// The path written in reports: `label/relative` with several roots.
    pub report_path: String,
    pub kind: EntryKind,
}

/// The discover stage's component: the roots, how to walk them, and on how many
/// threads (built from the plan by `ScanPlan::walker`).
#[derive(Debug, Clone)]
pub struct Walker {
    pub roots: Vec<Root>,
    pub options: WalkOptions,
    /// At most this many roots are walked at once (`--jobs`); 1 walks them in turn
    /// on the calling thread.
    pub workers: usize,
}

impl Walker {
    /// Walks every root and returns all entries in report order.
    pub fn discover(&self) -> Vec<Entry> {
        discover(&self.roots, &self.options, self.workers)
    }
}

/// Walks every root (up to `workers` roots at once) and returns all entries sorted
/// by report path (then root, then walk order).
pub fn discover(roots: &[Root], options: &WalkOptions, workers: usize) -> Vec<Entry> {
    let canonical_roots: Vec<PathBuf> = roots
        .iter()
        .map(|r| fs::canonicalize(&r.path).unwrap_or_else(|_| r.path.clone()))
        .collect();
    let walks = walk_roots(roots.len(), workers, |i| {
        walk_root(i, roots, &canonical_roots, options)
    });
    // The first root's entries take in the others': no second copy of one big list.
    let mut walks = walks.into_iter();
    let mut all = walks.next().unwrap_or_default();
    for more in walks {
        all.extend(more);
    }
    all.shrink_to_fit();
    all.sort_unstable_by(|a, b| a.order(b, roots));
    all
}

/// Runs `walk(i)` for `0..n` on a rayon pool of at most `workers` threads (the
/// calling thread alone when one suffices); results in index order.
fn walk_roots<T: Send>(n: usize, workers: usize, walk: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = workers.clamp(1, n.max(1));
    if threads == 1 {
        return (0..n).map(walk).collect();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(|| (0..n).into_par_iter().map(&walk).collect()),
        // No threads to be had: walk them one by one rather than fail the run.
        Err(_) => (0..n).map(walk).collect(),
    }
}

fn walk_root(
    index: usize,
    roots: &[Root],
    canonical_roots: &[PathBuf],
    options: &WalkOptions,
) -> Vec<Entry> {
    let root = &roots[index];
    let mut out = Vec::new();
    let mut make = |path: &Path, relative: String, kind: EntryKind| {
        let seq = out.len();
        out.push(Entry::new(roots, index, seq, path, relative, kind));
    };
    // The report folder's path relative to this root, when it lies under it.
    let own_output = options.own_output.as_ref().and_then(|o| {
        let o = fs::canonicalize(o).ok()?;
        let r = fs::canonicalize(&root.path).ok()?;
        let rel = o.strip_prefix(&r).ok()?;
        (!rel.as_os_str().is_empty()).then(|| relative_path(Path::new(""), rel))
    });
    let own_files = under_root(&root.path, &options.own_files);
    let mut walker = WalkDir::new(&root.path)
        .max_open(WALK_OPEN_DIRS)
        .follow_links(options.follow_links)
        .sort_by_file_name()
        .into_iter();
    while let Some(next) = walker.next() {
        let entry = match next {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.path.clone());
                let reason = if e.loop_ancestor().is_some() {
                    "symbolic link loop: not followed again".to_string()
                } else {
                    format!("cannot read: {}", io_reason(&e))
                };
                let kind = if e.loop_ancestor().is_some() {
                    EntryKind::Skipped(reason)
                } else {
                    EntryKind::Error(reason)
                };
                make(&path, relative_path(&root.path, &path), kind);
                continue;
            }
        };
        let relative = relative_path(&root.path, entry.path());
        let ft = entry.file_type();
        if ft.is_dir() && own_output.as_deref() == Some(relative.as_str()) {
            make(
                entry.path(),
                relative,
                EntryKind::Skipped("onrecord's own report folder (not entered)".into()),
            );
            walker.skip_current_dir();
            continue;
        }
        if !own_files.is_empty() && own_files.contains(&relative) {
            make(entry.path(), relative, EntryKind::Skipped(OWN_FILE.into()));
            if ft.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !relative.is_empty() && options.exclude.is_match(&relative) {
            let what = if ft.is_dir() {
                "folder excluded (not entered)"
            } else {
                "excluded"
            };
            make(
                entry.path(),
                relative,
                EntryKind::Skipped(format!("{what} by an exclude pattern")),
            );
            if ft.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if ft.is_dir() {
            continue;
        }
        let kind = if ft.is_symlink() {
            symlink_kind(entry.path(), canonical_roots)
        } else if ft.is_file() {
            match entry.metadata() {
                Ok(md) => match options.max_file_size {
                    Some(max) if md.len() > max => EntryKind::Skipped(format!(
                        "larger than the size limit ({} > {max} bytes)",
                        md.len()
                    )),
                    _ => EntryKind::File {
                        size: md.len(),
                        modified: md.modified().ok(),
                    },
                },
                Err(e) => EntryKind::Error(format!("cannot read metadata: {}", io_reason(&e))),
            }
        } else {
            EntryKind::Skipped("not a regular file (device, socket or pipe)".into())
        };
        make(entry.path(), relative, kind);
    }
    out
}

/// Why one of onrecord's own files is not read.
const OWN_FILE: &str = "onrecord's own output (reports, history, lock or state): not scanned";

/// The paths of `own` that lie under `root`, relative to it as the walk spells them.
fn under_root(root: &Path, own: &[PathBuf]) -> std::collections::HashSet<String> {
    let Ok(root) = fs::canonicalize(root) else {
        return Default::default();
    };
    own.iter()
        .filter_map(|p| {
            // The file itself may be a link: its folder is resolved, not its name.
            let folder = fs::canonicalize(p.parent()?).ok()?;
            let path = folder.join(p.file_name()?);
            let rel = path.strip_prefix(&root).ok()?;
            (!rel.as_os_str().is_empty()).then(|| relative_path(Path::new(""), rel))
        })
        .collect()
}

/// Links are not followed by default: say where one points and why it was left.
fn symlink_kind(path: &Path, canonical_roots: &[PathBuf]) -> EntryKind {
    match fs::canonicalize(path) {
        Err(e) if e.raw_os_error() == Some(40) => {
            EntryKind::Skipped("symbolic link loop: not followed".into())
        }
        Err(_) => EntryKind::Skipped("broken symbolic link: target does not exist".into()),
        Ok(target) => {
            if canonical_roots.iter().any(|r| target.starts_with(r)) {
                EntryKind::Skipped(
                    "symbolic link to a path inside the roots: scanned at its target".into(),
                )
            } else {
                EntryKind::Skipped(
                    "symbolic link leading outside the roots: not followed (use --follow-links)"
                        .into(),
                )
            }
        }
    }
}

/// `path` relative to `root`, with `/` separators; empty for the root itself.
/// Names that are not valid UTF-8 are escaped losslessly ([`name::as_text`]).
fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| name::as_text(c.as_os_str()))
        .collect::<Vec<_>>()
        .join("/")
}

fn io_reason(e: &dyn std::fmt::Display) -> String {
    e.to_string()
}
