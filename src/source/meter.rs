//! Bytes read from disk, counted for the progress bar as they are read, so it moves
//! inside a large file too. A worker thread attaches its counter ([`attach`]);
//! readers opened on that thread ([`Metered`]) add each buffer's length to it: one
//! relaxed atomic add per read call (64 KiB buffers), never per line. With no
//! counter attached (no bar drawn) a read costs one branch more.

use std::cell::RefCell;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

thread_local! {
    static COUNTER: RefCell<Option<Arc<AtomicU64>>> = const { RefCell::new(None) };
}

/// Makes readers opened on this thread from now on count into `counter`.
pub fn attach(counter: Option<Arc<AtomicU64>>) {
    COUNTER.with(|c| *c.borrow_mut() = counter);
}

/// The counter attached to this thread, if any: what a reader opened now counts into.
pub fn current() -> Option<Arc<AtomicU64>> {
    COUNTER.with(|c| c.borrow().clone())
}

/// Adds `n` bytes read to `counter`, if there is one.
pub fn count(counter: &Option<Arc<AtomicU64>>, n: usize) {
    if let Some(c) = counter {
        c.fetch_add(n as u64, Ordering::Relaxed);
    }
}

/// A reader that counts the bytes it yields into its thread's counter.
pub struct Metered<R> {
    inner: R,
    counter: Option<Arc<AtomicU64>>,
}

impl<R> Metered<R> {
    /// Wraps `inner`, counting into the counter attached to this thread, if any.
    pub fn new(inner: R) -> Self {
        Metered {
            inner,
            counter: current(),
        }
    }
}

impl<R: Read> Read for Metered<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        count(&self.counter, n);
        Ok(n)
    }
}

impl<R: Seek> Seek for Metered<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_count_into_their_threads_counter() {
        let counter = Arc::new(AtomicU64::new(0));
        attach(Some(counter.clone()));
        let mut r = Metered::new(&[7u8; 100_000][..]);
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 100_000);
        // Another thread's readers do not count here.
        std::thread::spawn(|| {
            let mut r = Metered::new(&[1u8; 10][..]);
            r.read_to_end(&mut Vec::new()).unwrap();
        })
        .join()
        .unwrap();
        attach(None);
        Metered::new(&[1u8; 10][..]).read_to_end(&mut out).unwrap();
        assert_eq!(counter.load(Ordering::Relaxed), 100_000);
    }
}
