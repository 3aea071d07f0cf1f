//! SIGINT / SIGTERM / SIGHUP: the first signal asks the run to stop taking new
//! files; the files being read are finished, nothing half-done is written and the
//! run exits with [`EXIT_INTERRUPTED`]. A second signal ends the process at once
//! (reports are replaced atomically, so even then none is left half-written).

use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code of an interrupted run (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (once per process; later calls do nothing).
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        eprintln!("onrecord: stopping: finishing the files being read; no reports will be written");
    });
}

/// True once a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::Relaxed)
}
