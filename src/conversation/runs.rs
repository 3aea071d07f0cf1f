//! Message prints on disk: fixed-size records held in memory and, past a limit,
//! written to the staging folder in sorted runs and merged into one sorted file,
//! which the matching passes read from start to end as often as they need. Only
//! one run is ever held in memory, so memory does not grow with the drive; a drive
//! whose prints fit in one run never writes them.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::collections::binary_heap::PeekMut;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::prints::Print;

/// One record: a print and its export's number in one integer whose order is the
/// sort order — minute, placeholder flag, text (the matching key, the top 72 of
/// its 120 bits), then export, then sender (only evidence, so last).
pub type Record = u128;

/// Bytes of a record on disk.
const RECORD_BYTES: usize = 16;

/// Records held before a run is sorted and written out (16 MiB).
const RUN_RECORDS: usize = 1 << 20;

/// A print of export `export`, as a record.
pub fn record(p: Print, export: u32) -> Record {
    (u128::from(p.minute) << 88)
        | (u128::from(p.deleted) << 80)
        | (u128::from(p.text) << 48)
        | (u128::from(export) << 16)
        | u128::from(p.sender)
}

/// The print and export of a record.
pub fn unpack(r: &Record) -> (Print, u32) {
    (
        Print {
            minute: (r >> 88) as u32,
            deleted: (r >> 80) as u8 != 0,
            text: (r >> 48) as u32,
            sender: *r as u16,
        },
        (r >> 16) as u32,
    )
}

/// The matching key of a record (minute, placeholder flag, text).
fn key(r: Record) -> u128 {
    r >> 48
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
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&path)?);
        for r in &self.held {
            out.write_all(&r.to_le_bytes())?;
        }
        out.flush()?;
        self.held.clear();
        self.runs.push(path);
        Ok(())
    }

    /// Sorts everything: in memory when it never filled a run, else merged into
    /// one file; `f` is called with each group (as [`Sorted::groups`] would), in
    /// the same pass when runs are merged.
    pub fn finish(mut self, mut f: impl FnMut(&[Record])) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            self.held.sort_unstable();
            let sorted = Sorted::Held(self.held);
            sorted.groups(f)?;
            return Ok(sorted);
        }
        if !self.held.is_empty() {
            self.spill()?;
        }
        let path = self.dir.join(".prints");
        if let [only] = self.runs.as_slice() {
            std::fs::rename(only, &path)?;
            let sorted = Sorted::File(path);
            sorted.groups(f)?;
            return Ok(sorted);
        }
        let mut readers = self
            .runs
            .iter()
            .map(|p| Blocks::open(p))
            .collect::<io::Result<Vec<_>>>()?;
        let mut out = BufWriter::with_capacity(1 << 16, File::create(&path)?);
        let mut heap = BinaryHeap::new();
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(rec) = r.next()? {
                heap.push(Reverse((rec, i)));
            }
        }
        // The smallest head is written and replaced by its run's next record in
        // place (one sift, not a pop and a push).
        let mut group = Group::default();
        while let Some(mut top) = heap.peek_mut() {
            let Reverse((rec, i)) = *top;
            out.write_all(&rec.to_le_bytes())?;
            group.push(rec, &mut f);
            match readers[i].next()? {
                Some(next) => *top = Reverse((next, i)),
                None => drop(PeekMut::pop(top)),
            }
        }
        group.end(&mut f);
        out.flush()?;
        for p in &self.runs {
            std::fs::remove_file(p)?;
        }
        Ok(Sorted::File(path))
    }
}

/// Records in order gathered into groups sharing a matching key.
#[derive(Default)]
struct Group(Vec<Record>);

impl Group {
    fn push(&mut self, r: Record, f: &mut impl FnMut(&[Record])) {
        if self.0.first().is_some_and(|&g| key(g) != key(r)) {
            f(&self.0);
            self.0.clear();
        }
        self.0.push(r);
    }

    fn end(self, f: &mut impl FnMut(&[Record])) {
        if !self.0.is_empty() {
            f(&self.0);
        }
    }
}

/// Records read from a file a block at a time.
struct Blocks {
    file: File,
    bytes: Vec<u8>,
    block: Vec<Record>,
    at: usize,
}

impl Blocks {
    /// Records per block read (64 KiB).
    const RECORDS: usize = 1 << 12;

    fn open(path: &Path) -> io::Result<Blocks> {
        Ok(Blocks {
            file: File::open(path)?,
            bytes: vec![0u8; RECORD_BYTES * Self::RECORDS],
            block: Vec::with_capacity(Self::RECORDS),
            at: 0,
        })
    }

    fn next(&mut self) -> io::Result<Option<Record>> {
        if self.at == self.block.len() {
            let n = read_full(&mut self.file, &mut self.bytes)?;
            self.block.clear();
            self.block.extend(
                self.bytes[..n - n % RECORD_BYTES]
                    .chunks_exact(RECORD_BYTES)
                    .map(|c| Record::from_le_bytes(c.try_into().expect("16 bytes"))),
            );
            self.at = 0;
        }
        let r = self.block.get(self.at).copied();
        self.at += 1;
        Ok(r)
    }
}

/// Every record, sorted: held in memory, or in one file of the staging folder.
pub enum Sorted {
    Held(Vec<Record>),
    File(PathBuf),
}

impl Sorted {
    /// Calls `f` with each group of records sharing a matching key (minute,
    /// placeholder flag, text), in order.
    pub fn groups(&self, mut f: impl FnMut(&[Record])) -> io::Result<()> {
        let mut each_group = |records: &[Record]| {
            for g in records.chunk_by(|a, b| key(*a) == key(*b)) {
                f(g);
            }
        };
        let path = match self {
            Sorted::Held(records) => {
                each_group(records);
                return Ok(());
            }
            Sorted::File(path) => path,
        };
        let mut records = Blocks::open(path)?;
        let mut group = Group::default();
        while let Some(r) = records.next()? {
            group.push(r, &mut f);
        }
        group.end(&mut f);
        Ok(())
    }

    /// Deletes the file, if there is one.
    pub fn remove(self) -> io::Result<()> {
        match self {
            Sorted::Held(_) => Ok(()),
            Sorted::File(path) => std::fs::remove_file(&path),
        }
    }
}

/// Fills `buf` as far as the file goes; the bytes read.
fn read_full(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(minute: u32, text: u32) -> Print {
        Print {
            minute,
            deleted: false,
            text,
            sender: 9,
        }
    }

    /// The groups of `input` (minute, text, export) as `(minute, text, exports)`,
    /// with runs of `limit` records; and what is left in the folder after.
    fn groups_of(input: &[(u32, u32, u32)], limit: usize) -> (Vec<(u32, u32, Vec<u32>)>, usize) {
        let dir = tempfile::tempdir().unwrap();
        let mut runs = Runs::with_limit(dir.path(), limit);
        for &(m, t, e) in input {
            runs.push(record(print(m, t), e)).unwrap();
        }
        let mut during = Vec::new();
        let sorted = runs.finish(|g| during.push(g.to_vec())).unwrap();
        let during: Vec<(u32, u32, Vec<u32>)> = during
            .iter()
            .map(|g| {
                (
                    unpack(&g[0]).0.minute,
                    unpack(&g[0]).0.text,
                    g.iter().map(|r| unpack(r).1).collect(),
                )
            })
            .collect();
        let mut got = Vec::new();
        for _pass in 0..2 {
            got.clear();
            sorted
                .groups(|g| {
                    let (p, _) = unpack(&g[0]);
                    let exports: Vec<u32> = g.iter().map(|r| unpack(r).1).collect();
                    got.push((p.minute, p.text, exports));
                })
                .unwrap();
        }
        sorted.remove().unwrap();
        assert_eq!(
            during, got,
            "the groups while finishing are the groups after"
        );
        (got, std::fs::read_dir(dir.path()).unwrap().count())
    }

    #[test]
    fn runs_merge_into_groups_in_key_order() {
        let input = [
            (5, 1, 0),
            (2, 7, 1),
            (5, 1, 2),
            (1, 1, 0),
            (2, 7, 0),
            (9, 3, 1),
            (5, 2, 1),
        ];
        let expected = vec![
            (1, 1, vec![0]),
            (2, 7, vec![0, 1]),
            (5, 1, vec![0, 2]),
            (5, 2, vec![1]),
            (9, 3, vec![1]),
        ];
        // Held in memory, one run on disk, several runs merged.
        for limit in [100, 7, 3] {
            assert_eq!(
                groups_of(&input, limit),
                (expected.clone(), 0),
                "limit {limit}"
            );
        }
        let p = Print {
            minute: 27_890_000,
            deleted: true,
            text: 0xdead_beef,
            sender: 0xfffe,
        };
        assert_eq!(unpack(&record(p, u32::MAX)), (p, u32::MAX));
        assert!(record(print(5, 1), 9) < record(print(5, 2), 0));
    }

    #[test]
    fn groups_cut_by_a_read_block_stay_whole() {
        // 20,000 records (five read blocks), groups of one to five exports.
        let input: Vec<(u32, u32, u32)> = (0..20_000u32)
            .map(|i| (i / 7, (i / 7) % 3 + (i % 7) / 5, (i * 7919) % 1000))
            .collect();
        let (held, _) = groups_of(&input, usize::MAX);
        assert!(held.len() > 4000 && held.iter().any(|g| g.2.len() == 5));
        assert_eq!(groups_of(&input, 20_000), (held.clone(), 0), "one run");
        assert_eq!(groups_of(&input, 3_001), (held, 0), "merged runs");
    }
}
