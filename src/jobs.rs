//! How many workers a run may have, and the open files they hold. Open files are
//! bounded by the worker count, never by the drive: each worker has at most one
//! file or archive open (an archive's members are read through the one open
//! archive; nested archives are in memory) plus a sibling it looks up (a Slack
//! `users.json`, a WhatsApp media file), and one read connection to the state
//! (SQLite: the database, its WAL and its shared-memory index); each root walked
//! at once holds at most [`crate::discover::WALK_OPEN_DIRS`] folders open; and the
//! run itself a fixed few (the state's writing connection, the lock, spills, the
//! report being written, the shard part, the standard streams).

use crate::discover::WALK_OPEN_DIRS;

/// The most workers `--jobs` may ask for.
pub const MAX_JOBS: usize = 256;

/// Files one worker holds open at most: an input, a sibling, a state connection (3).
const PER_WORKER: u64 = 5;

/// Files the run holds open besides its workers and walks.
const FIXED: u64 = 16;

/// The open files a run with `jobs` workers over `roots` roots may hold at once.
pub fn files_needed(jobs: usize, roots: usize) -> u64 {
    let walks = jobs.min(roots.max(1)) as u64;
    PER_WORKER * jobs as u64 + WALK_OPEN_DIRS as u64 * walks + FIXED
}

/// This process's limit on open files (the soft `ulimit -n`), where it can be read.
pub fn open_file_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line.split_whitespace().nth(3)?;
    soft.parse().ok() // "unlimited" reads as no limit
}

/// The problem with `--jobs N` over `roots` roots under an open-file `limit`, if any.
pub fn check(jobs: usize, roots: usize, limit: Option<u64>) -> Option<String> {
    if jobs == 0 {
        return Some("--jobs: must be at least 1".into());
    }
    if jobs > MAX_JOBS {
        return Some(format!(
            "--jobs: {jobs} is more than the most onrecord runs ({MAX_JOBS} workers); \
             more threads than that only add contention and open files"
        ));
    }
    let needed = files_needed(jobs, roots);
    match limit {
        Some(limit) if needed > limit => Some(format!(
            "--jobs: {jobs} workers may hold {needed} files open, over this process's limit of \
             {limit} (`ulimit -n`); use fewer workers or raise the limit"
        )),
        _ => None,
    }
}

/// Workers when `--jobs` is not given: every core, within [`MAX_JOBS`] and
/// within what the open-file `limit` allows over `roots` roots.
pub fn default_workers(cores: usize, roots: usize, limit: Option<u64>) -> usize {
    let mut jobs = cores.clamp(1, MAX_JOBS);
    while jobs > 1 && limit.is_some_and(|l| files_needed(jobs, roots) > l) {
        jobs -= 1;
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_refused_beyond_the_maximum_and_the_open_file_limit() {
        assert_eq!(check(8, 1, Some(1024)), None);
        let too_many = check(MAX_JOBS + 1, 1, None).unwrap();
        assert!(too_many.contains("more than the most"), "{too_many}");
        let over_limit = check(64, 4, Some(256)).unwrap();
        assert!(over_limit.contains("ulimit -n"), "{over_limit}");
        assert!(check(0, 1, None).is_some());
    }

    #[test]
    fn the_default_fits_the_limit_and_the_count_grows_with_workers_not_files() {
        assert_eq!(default_workers(16, 1, None), 16);
        assert_eq!(default_workers(4096, 1, None), MAX_JOBS);
        let fitted = default_workers(64, 2, Some(128));
        assert!(files_needed(fitted, 2) <= 128 && files_needed(fitted + 1, 2) > 128);
        assert_eq!(default_workers(8, 1, Some(1)), 1);
        // The estimate depends on workers and roots walked at once only.
        assert_eq!(files_needed(4, 1), 5 * 4 + WALK_OPEN_DIRS as u64 + 16);
    }
}
