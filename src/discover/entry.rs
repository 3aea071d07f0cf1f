//! The compact form of a discovered entry, held for every file under the roots for
//! the whole run: one string (the path relative to its root) and what the walk
//! found. The path on disk and the report path are rebuilt from the root when the
//! entry is examined, so memory per file is about one path, not three.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Discovered, EntryKind, Root};

/// One entry of the walk, in report order. Its paths need the roots it was
/// discovered under (the list given to [`super::discover`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the root, `/`-separated (names that are not valid UTF-8
    /// are escaped losslessly: see `discover::name`).
    relative: Box<str>,
    /// The path on disk, kept only when `root/relative` does not spell it (a name
    /// that is not valid UTF-8 or holds a backslash, which `relative` escapes).
    disk_path: Option<Box<Path>>,
    kind: Found,
    /// Index of the root in the list given to [`super::discover`].
    root: u32,
    /// Position in its root's walk: equal report paths keep walk order.
    seq: u32,
}

/// [`EntryKind`] in fewer bytes: reasons are boxed strings, not `String`s.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    File {
        size: u64,
        modified: Option<SystemTime>,
    },
    Skipped(Box<str>),
    Error(Box<str>),
}

impl Entry {
    /// Records what the walk found at `path` (the `seq`-th entry under `roots[root]`).
    pub(super) fn new(
        roots: &[Root],
        root: usize,
        seq: usize,
        path: &Path,
        relative: String,
        kind: EntryKind,
    ) -> Entry {
        let rebuilt = disk_path(&roots[root].path, &relative);
        Entry {
            disk_path: (rebuilt.as_os_str() != path.as_os_str()).then(|| path.into()),
            relative: relative.into_boxed_str(),
            kind: match kind {
                EntryKind::File { size, modified } => Found::File { size, modified },
                EntryKind::Skipped(reason) => Found::Skipped(reason.into_boxed_str()),
                EntryKind::Error(reason) => Found::Error(reason.into_boxed_str()),
            },
            // Beyond 4 billion entries ties would no longer keep walk order: harmless.
            root: u32::try_from(root).unwrap_or(u32::MAX),
            seq: u32::try_from(seq).unwrap_or(u32::MAX),
        }
    }

    /// The file's size (0 for what is not a file to read).
    pub fn size(&self) -> u64 {
        match self.kind {
            Found::File { size, .. } => size,
            _ => 0,
        }
    }

    /// Index of the root in the list given to [`super::discover`].
    pub fn root(&self) -> usize {
        self.root as usize
    }

    /// Path relative to the root, `/`-separated; empty for a root itself.
    pub fn relative(&self) -> &str {
        &self.relative
    }

    /// The path on disk (as given on the command line, joined with the walk's names).
    pub fn path(&self, roots: &[Root]) -> Cow<'_, Path> {
        match &self.disk_path {
            Some(p) => Cow::Borrowed(p),
            None => Cow::Owned(disk_path(&roots[self.root()].path, &self.relative)),
        }
    }

    /// The path written in reports: `label/relative` with several roots.
    pub fn report_path<'a>(&'a self, roots: &'a [Root]) -> Cow<'a, str> {
        match self.report_parts(roots) {
            Some([label, "", ""]) => Cow::Borrowed(label),
            Some(["", "", relative]) => Cow::Borrowed(relative),
            Some(parts) => Cow::Owned(parts.concat()),
            None => {
                let path = self.path(roots);
                Cow::Owned(
                    path.file_name()
                        .map(|n| super::name::as_text(n).into_owned())
                        .unwrap_or_else(|| path.display().to_string()),
                )
            }
        }
    }

    /// The report path as label, separator and relative path, without allocating;
    /// `None` for a single root itself, which is reported by its own name.
    fn report_parts<'a>(&'a self, roots: &'a [Root]) -> Option<[&'a str; 3]> {
        let label = roots[self.root()].label.as_str();
        match (label.is_empty(), self.relative.is_empty()) {
            (true, true) => None,
            (false, false) => Some([label, "/", &self.relative]),
            _ => Some([label, "", &self.relative]),
        }
    }

    /// Spells the entry out for examining.
    pub fn discovered(&self, roots: &[Root]) -> Discovered {
        Discovered {
            root: self.root(),
            path: self.path(roots).into_owned(),
            relative: self.relative.to_string(),
            report_path: self.report_path(roots).into_owned(),
            kind: match &self.kind {
                Found::File { size, modified } => EntryKind::File {
                    size: *size,
                    modified: *modified,
                },
                Found::Skipped(reason) => EntryKind::Skipped(reason.to_string()),
                Found::Error(reason) => EntryKind::Error(reason.to_string()),
            },
        }
    }

    /// Report order: by report path, then root, then walk order (what a stable
    /// sort by report path and root gives, without its scratch buffer).
    pub(super) fn order(&self, other: &Entry, roots: &[Root]) -> Ordering {
        let by_path =
            if self.root == other.root && !self.relative.is_empty() && !other.relative.is_empty() {
                // Same label and separator in front: the relative paths decide.
                self.relative.cmp(&other.relative)
            } else {
                match (self.report_parts(roots), other.report_parts(roots)) {
                    (Some(a), Some(b)) => bytes(&a).cmp(bytes(&b)),
                    _ => self.report_path(roots).cmp(&other.report_path(roots)),
                }
            };
        by_path
            .then(self.root.cmp(&other.root))
            .then(self.seq.cmp(&other.seq))
    }
}

/// The bytes of the parts, in a row (strings compare by bytes).
fn bytes<'a>(parts: &'a [&'a str; 3]) -> impl Iterator<Item = u8> + 'a {
    parts.iter().flat_map(|s| s.bytes())
}

/// `root/relative`, as the walk spells paths under `root`; `root` itself when
/// `relative` is empty.
fn disk_path(root: &Path, relative: &str) -> PathBuf {
    if relative.is_empty() {
        root.to_path_buf()
    } else {
        root.join(relative)
    }
}
