//! The content hash of an input (BLAKE3, hex), taken while the input is read anyway:
//! from the bytes of a preloaded file, or by a tap on the first reader that runs
//! to the end. An input never read to its end (a parse that stopped early) has
//! none; nothing is read a second time to get one.

use std::cell::OnceCell;
use std::io::{self, Read};

/// An input's content hash, once known.
#[derive(Debug, Default)]
pub struct Digest(OnceCell<String>);

impl Digest {
    /// The hash of `bytes`, known at once.
    pub fn of_bytes(bytes: &[u8]) -> Digest {
        let d = Digest::default();
        let _ = d.0.set(blake3::hash(bytes).to_hex().to_string());
        d
    }

    /// Wraps a reader of the input from its start: when it reaches the end, the
    /// hash of everything read is kept. A tap on an input already hashed only
    /// passes the bytes through.
    pub fn tap<R: Read>(&self, inner: R) -> Tap<'_, R> {
        let hasher = self.0.get().is_none().then(blake3::Hasher::new);
        Tap {
            inner,
            hasher,
            cell: &self.0,
        }
    }

    /// The hash, when the input was read to its end.
    pub fn get(&self) -> Option<String> {
        self.0.get().cloned()
    }
}

/// A reader that hashes what passes through it (see [`Digest::tap`]).
pub struct Tap<'a, R> {
    inner: R,
    hasher: Option<blake3::Hasher>,
    cell: &'a OnceCell<String>,
}

impl<R: Read> Read for Tap<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = self.hasher.as_mut() {
            if n > 0 {
                h.update(&buf[..n]);
            } else if !buf.is_empty() {
                let _ = self.cell.set(h.finalize().to_hex().to_string());
                self.hasher = None;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_run_to_the_end_gives_the_hash_of_the_bytes() {
        let bytes = b"12/01/2023, 09:15 - Ann Example: Morning all\n".repeat(500);
        let d = Digest::default();
        let mut head = [0u8; 100];
        d.tap(bytes.as_slice()).read_exact(&mut head).unwrap();
        assert_eq!(d.get(), None, "a read that stopped early gives no hash");
        let mut all = Vec::new();
        io::BufReader::with_capacity(7, d.tap(bytes.as_slice()))
            .read_to_end(&mut all)
            .unwrap();
        assert_eq!(d.get(), Digest::of_bytes(&bytes).get());
        assert_ne!(d.get(), Digest::of_bytes(b"other").get());
    }
}
