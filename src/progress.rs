//! Progress on a terminal, and nowhere else: a nightly run's log stays clean.
//!
//! The bar counts bytes: the sizes of the files done, plus what each worker has read
//! of the file it is on (counted by the read path, see [`crate::source::meter`],
//! capped at the file's size as a file may be read more than once), so it keeps
//! moving inside a large file. A ticker thread redraws it a few times a second.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::source::meter;

/// How often the bar is brought up to date.
const TICK: Duration = Duration::from_millis(200);

/// A bytes-and-files bar, drawn only when stderr is a terminal and not `--quiet`.
pub struct Progress {
    bar: ProgressBar,
    /// `None` when nothing is drawn: then no counting happens at all.
    shared: Option<Arc<Shared>>,
    ticker: Option<JoinHandle<()>>,
}

/// What the workers and the ticker share.
struct Shared {
    /// Sizes of the files done.
    done: AtomicU64,
    files_done: AtomicUsize,
    files: AtomicUsize,
    workers: Vec<Slot>,
    stop: AtomicBool,
}

/// One worker's file in hand: its size and the bytes read of it so far.
struct Slot {
    read: Arc<AtomicU64>,
    size: AtomicU64,
}

impl Progress {
    /// A bar for `workers` workers that draws only if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool, workers: usize) -> Self {
        let bar = ProgressBar::hidden();
        if !(wanted && std::io::stderr().is_terminal()) {
            return Progress {
                bar,
                shared: None,
                ticker: None,
            };
        }
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {bytes}/{total_bytes} {wide_bar} {msg} files {elapsed} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let shared = Arc::new(Shared {
            done: AtomicU64::new(0),
            files_done: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            workers: (0..workers.max(1))
                .map(|_| Slot {
                    read: Arc::new(AtomicU64::new(0)),
                    size: AtomicU64::new(0),
                })
                .collect(),
            stop: AtomicBool::new(false),
        });
        let ticker = {
            let (bar, shared) = (bar.clone(), shared.clone());
            std::thread::spawn(move || {
                while !shared.stop.load(Ordering::Relaxed) {
                    bar.set_position(shared.position());
                    bar.set_message(format!(
                        "{}/{}",
                        shared.files_done.load(Ordering::Relaxed),
                        shared.files.load(Ordering::Relaxed)
                    ));
                    std::thread::sleep(TICK);
                }
            })
        };
        Progress {
            bar,
            shared: Some(shared),
            ticker: Some(ticker),
        }
    }

    /// Sets the number of files to examine and their total size.
    pub fn start(&self, files: usize, bytes: u64) {
        self.bar.set_length(bytes);
        if let Some(s) = &self.shared {
            s.files.store(files, Ordering::Relaxed);
        }
    }

    /// `worker` (on its own thread) starts on a file of `size` bytes.
    pub fn begin(&self, worker: usize, size: u64) {
        let Some(slot) = self.shared.as_ref().and_then(|s| s.workers.get(worker)) else {
            return;
        };
        slot.read.store(0, Ordering::Relaxed);
        slot.size.store(size, Ordering::Relaxed);
        meter::attach(Some(slot.read.clone()));
    }

    /// `worker` is done with its file of `size` bytes.
    pub fn end(&self, worker: usize, size: u64) {
        let Some(s) = &self.shared else {
            return;
        };
        if let Some(slot) = s.workers.get(worker) {
            slot.size.store(0, Ordering::Relaxed);
            slot.read.store(0, Ordering::Relaxed);
        }
        s.done.fetch_add(size, Ordering::Relaxed);
        s.files_done.fetch_add(1, Ordering::Relaxed);
    }

    /// Stops the ticker and removes the bar.
    pub fn finish(mut self) {
        if let Some(s) = &self.shared {
            s.stop.store(true, Ordering::Relaxed);
        }
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Shared {
    /// Bytes done: finished files, and each worker's progress in its current one.
    fn position(&self) -> u64 {
        let current: u64 = self
            .workers
            .iter()
            .map(|w| {
                w.read
                    .load(Ordering::Relaxed)
                    .min(w.size.load(Ordering::Relaxed))
            })
            .sum();
        self.done.load(Ordering::Relaxed) + current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_finished_files_and_reads_inside_the_current_one() {
        let shared = Shared {
            done: AtomicU64::new(1000),
            files_done: AtomicUsize::new(1),
            files: AtomicUsize::new(3),
            workers: (0..2)
                .map(|_| Slot {
                    read: Arc::new(AtomicU64::new(0)),
                    size: AtomicU64::new(0),
                })
                .collect(),
            stop: AtomicBool::new(false),
        };
        shared.workers[0].size.store(500, Ordering::Relaxed);
        meter::attach(Some(shared.workers[0].read.clone()));
        let mut r = meter::Metered::new(&[0u8; 300][..]);
        std::io::copy(&mut r, &mut std::io::sink()).unwrap();
        assert_eq!(shared.position(), 1300);
        // A second read of the same file does not count past its size.
        let mut again = meter::Metered::new(&[0u8; 300][..]);
        std::io::copy(&mut again, &mut std::io::sink()).unwrap();
        meter::attach(None);
        assert_eq!(shared.position(), 1500);
    }
}
