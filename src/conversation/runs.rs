//! Message prints on disk: fixed-size records written to the staging folder in
//! sorted runs and merged into one sorted file, which the matching passes read
//! from start to end as often as they need. Only one run is ever held in memory,
//! so memory does not grow with the drive.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::prints::{PRINT_BYTES, Print};

/// Bytes of one record: a print's bytes, then its export's number.
pub const RECORD_BYTES: usize = PRINT_BYTES + 4;

/// One record: byte order is sort order (minute, placeholder, text, export, sender
/// would be the natural order; the sender is only evidence, so it goes last).
pub type Record = [u8; RECORD_BYTES];

/// Records held before a run is sorted and written out.
const RUN_RECORDS: usize = 1 << 20;

/// A print of export `export`, as a record.
pub fn record(p: Print, export: u32) -> Record {
    let b = p.to_bytes();
    let mut r = [0u8; RECORD_BYTES];
    // minute, placeholder flag, text: the matching key, first.
    r[..9].copy_from_slice(&b[..9]);
    r[9..13].copy_from_slice(&export.to_be_bytes());
    r[13..15].copy_from_slice(&b[9..11]);
    r
}

/// The print and export of a record.
pub fn unpack(r: &Record) -> (Print, u32) {
    let mut b = [0u8; PRINT_BYTES];
    b[..9].copy_from_slice(&r[..9]);
    b[9..11].copy_from_slice(&r[13..15]);
    (
        Print::from_bytes(&b),
        u32::from_be_bytes([r[9], r[10], r[11], r[12]]),
    )
}

/// Records on their way to disk.
pub struct Runs {
    dir: PathBuf,
    held: Vec<Record>,
    runs: Vec<PathBuf>,
    limit: usize,
}

impl Runs {
    /// Runs written into `dir` (the staging folder), as `.prints-N` files.
    pub fn new(dir: &Path) -> Runs {
        Runs::with_limit(dir, RUN_RECORDS)
    }

    fn with_limit(dir: &Path, limit: usize) -> Runs {
        Runs {
            dir: dir.to_path_buf(),
            held: Vec::new(),
            runs: Vec::new(),
            limit,
        }
    }

    pub fn push(&mut self, r: Record) -> io::Result<()> {
        self.held.push(r);
        if self.held.len() >= self.limit {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> io::Result<()> {
        self.held.sort_unstable();
        let path = self.dir.join(format!(".prints-{}", self.runs.len()));
        let mut out = BufWriter::new(File::create(&path)?);
        for r in &self.held {
            out.write_all(r)?;
        }
        out.flush()?;
        self.held.clear();
        self.runs.push(path);
        Ok(())
    }

    /// Sorts and merges everything into one file.
    pub fn finish(mut self) -> io::Result<Sorted> {
        self.spill()?;
        let path = self.dir.join(".prints");
        let mut readers = self
            .runs
            .iter()
            .map(|p| Ok(BufReader::with_capacity(64 * 1024, File::open(p)?)))
            .collect::<io::Result<Vec<_>>>()?;
        let mut out = BufWriter::new(File::create(&path)?);
        let mut heap = BinaryHeap::new();
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(rec) = next(r)? {
                heap.push(Reverse((rec, i)));
            }
        }
        while let Some(Reverse((rec, i))) = heap.pop() {
            out.write_all(&rec)?;
            if let Some(rec) = next(&mut readers[i])? {
                heap.push(Reverse((rec, i)));
            }
        }
        out.flush()?;
        for p in &self.runs {
            std::fs::remove_file(p)?;
        }
        Ok(Sorted { path })
    }
}

fn next(r: &mut impl Read) -> io::Result<Option<Record>> {
    let mut rec = [0u8; RECORD_BYTES];
    match r.read_exact(&mut rec) {
        Ok(()) => Ok(Some(rec)),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every record, sorted, in one file of the staging folder.
pub struct Sorted {
    path: PathBuf,
}

impl Sorted {
    /// Calls `f` with each group of records sharing a matching key (minute,
    /// placeholder flag, text), in order.
    pub fn groups(&self, mut f: impl FnMut(&[Record])) -> io::Result<()> {
        let mut r = BufReader::with_capacity(64 * 1024, File::open(&self.path)?);
        let mut group: Vec<Record> = Vec::new();
        while let Some(rec) = next(&mut r)? {
            if group.first().is_some_and(|g| g[..9] != rec[..9]) {
                f(&group);
                group.clear();
            }
            group.push(rec);
        }
        if !group.is_empty() {
            f(&group);
        }
        Ok(())
    }

    /// Deletes the file.
    pub fn remove(self) -> io::Result<()> {
        std::fs::remove_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_merge_into_groups_in_key_order() {
        let dir = tempfile::tempdir().unwrap();
        let mut runs = Runs::with_limit(dir.path(), 3);
        let print = |minute, text| Print {
            minute,
            deleted: false,
            text,
            sender: 9,
        };
        let input = [
            (5, 1, 0),
            (2, 7, 1),
            (5, 1, 2),
            (1, 1, 0),
            (2, 7, 0),
            (9, 3, 1),
            (5, 2, 1),
        ];
        for (m, t, e) in input {
            runs.push(record(print(m, t), e)).unwrap();
        }
        let sorted = runs.finish().unwrap();
        let mut got = Vec::new();
        sorted
            .groups(|g| {
                let (p, _) = unpack(&g[0]);
                let exports: Vec<u32> = g.iter().map(|r| unpack(r).1).collect();
                got.push((p.minute, p.text, exports));
            })
            .unwrap();
        assert_eq!(
            got,
            vec![
                (1, 1, vec![0]),
                (2, 7, vec![0, 1]),
                (5, 1, vec![0, 2]),
                (5, 2, vec![1]),
                (9, 3, vec![1])
            ]
        );
        assert_eq!(unpack(&record(print(5, 1), 2)), (print(5, 1), 2));
        sorted.remove().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
