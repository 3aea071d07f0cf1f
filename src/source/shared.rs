//! Archive bytes that many readers can share, each with its own position: a file
//! read with positioned reads (`pread`), or bytes in memory.
//!
//! A zip's central directory is parsed once per archive and its members are then
//! read through cheap clones of the archive (the `zip` crate clones its parsed
//! directory by `Arc` when the reader is `Clone`), so an archive of N members
//! costs N reads, not N re-parses of an N-entry directory.

use std::fs::File;
use std::io::{self, Cursor, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use super::meter;

/// Something that can be read and seeked, and turned into [`SharedBytes`].
pub trait ReadSeek: Read + Seek {
    /// The same bytes as a cloneable reader positioned at the start.
    fn into_shared(self: Box<Self>) -> io::Result<SharedBytes>;
}

impl ReadSeek for File {
    fn into_shared(self: Box<Self>) -> io::Result<SharedBytes> {
        let len = self.metadata()?.len();
        Ok(SharedBytes::File {
            file: Arc::new(*self),
            pos: 0,
            len,
            counter: meter::current(),
        })
    }
}

impl ReadSeek for Cursor<Arc<[u8]>> {
    fn into_shared(self: Box<Self>) -> io::Result<SharedBytes> {
        let mut cursor = *self;
        cursor.set_position(0);
        Ok(SharedBytes::Memory(cursor))
    }
}

/// A cloneable reader: clones share the bytes, never the position.
#[derive(Debug, Clone)]
pub enum SharedBytes {
    /// A file read at explicit offsets (its own offset is never used).
    File {
        file: Arc<File>,
        pos: u64,
        len: u64,
        /// The progress counter of the thread that opened it: members read from a
        /// zip move the bar by the compressed bytes they take.
        counter: Option<Arc<AtomicU64>>,
    },
    Memory(Cursor<Arc<[u8]>>),
}

impl SharedBytes {
    /// The number of bytes (the archive's size).
    pub fn len(&self) -> u64 {
        match self {
            SharedBytes::File { len, .. } => *len,
            SharedBytes::Memory(c) => c.get_ref().len() as u64,
        }
    }

    /// True when there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Read for SharedBytes {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            SharedBytes::File {
                file, pos, counter, ..
            } => {
                let n = file.read_at(buf, *pos)?;
                *pos += n as u64;
                meter::count(counter, n);
                Ok(n)
            }
            SharedBytes::Memory(c) => c.read(buf),
        }
    }
}

impl Seek for SharedBytes {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        match self {
            SharedBytes::File { pos, len, .. } => {
                let target = match to {
                    SeekFrom::Start(n) => Some(n),
                    SeekFrom::End(d) => len.checked_add_signed(d),
                    SeekFrom::Current(d) => pos.checked_add_signed(d),
                };
                *pos = target.ok_or_else(|| {
                    io::Error::new(io::ErrorKind::InvalidInput, "seek before the start")
                })?;
                Ok(*pos)
            }
            SharedBytes::Memory(c) => c.seek(to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_keep_their_own_positions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let memory = Box::new(Cursor::new(Arc::<[u8]>::from(&b"0123456789"[..])));
        for shared in [
            Box::new(File::open(&path).unwrap()).into_shared().unwrap(),
            memory.into_shared().unwrap(),
        ] {
            let mut a = shared.clone();
            let mut b = shared;
            let mut two = [0u8; 2];
            a.seek(SeekFrom::Start(3)).unwrap();
            a.read_exact(&mut two).unwrap();
            assert_eq!(&two, b"34");
            b.read_exact(&mut two).unwrap();
            assert_eq!(&two, b"01");
            assert_eq!(b.seek(SeekFrom::End(-1)).unwrap(), 9);
            assert!(b.seek(SeekFrom::Current(-20)).is_err());
            assert_eq!(a.len(), 10);
        }
    }

    #[test]
    fn reads_from_a_file_count_for_the_thread_that_opened_it() {
        use std::sync::atomic::Ordering;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").unwrap();
        let counter = Arc::new(AtomicU64::new(0));
        meter::attach(Some(counter.clone()));
        let shared = Box::new(File::open(&path).unwrap()).into_shared().unwrap();
        meter::attach(None);
        // Clones (one per zip member) count into the same counter.
        let (mut a, mut b) = (shared.clone(), shared);
        let mut four = [0u8; 4];
        a.read_exact(&mut four).unwrap();
        b.seek(SeekFrom::Start(6)).unwrap();
        b.read_exact(&mut four).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 8);
        // Opened with no counter attached (no bar drawn): nothing is counted.
        let mut quiet = Box::new(File::open(&path).unwrap()).into_shared().unwrap();
        quiet.read_exact(&mut four).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 8);
    }
}
