//! Progress on a terminal, and nowhere else: a nightly run's log stays clean.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A files-done counter, drawn only when stderr is a terminal and not `--quiet`.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar that draws only if `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Self {
        let bar = ProgressBar::hidden();
        if wanted && std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {pos}/{len} files {wide_bar} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
        Progress { bar }
    }

    /// Sets the number of files to examine.
    pub fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
    }

    /// One more file done.
    pub fn tick(&self) {
        self.bar.inc(1);
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
