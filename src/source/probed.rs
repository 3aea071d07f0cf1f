//! A reader whose first bytes are read ahead to be looked at (to tell UTF-16
//! without a BOM), then served again.

use std::io::{self, Read};

/// A reader whose first bytes were read ahead (to look at them), then served
/// again; a read error met while reading ahead is returned in its turn.
pub struct Probed<R> {
    head: Vec<u8>,
    served: usize,
    error: Option<io::Error>,
    rest: R,
}

impl<R: Read> Probed<R> {
    /// Reads up to `len` bytes of `rest` ahead.
    pub fn new(mut rest: R, len: usize) -> Self {
        let mut head = vec![0; len];
        let (mut filled, mut error) = (0, None);
        while filled < len {
            match rest.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        head.truncate(filled);
        Probed {
            head,
            served: 0,
            error,
            rest,
        }
    }

    /// The bytes read ahead.
    pub fn head(&self) -> &[u8] {
        &self.head
    }
}

impl<R: Read> Read for Probed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.served < self.head.len() {
            let n = buf.len().min(self.head.len() - self.served);
            buf[..n].copy_from_slice(&self.head[self.served..self.served + n]);
            self.served += n;
            return Ok(n);
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => self.rest.read(buf),
        }
    }
}
