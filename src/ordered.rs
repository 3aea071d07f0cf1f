//! Work on numbered items in parallel, results consumed in item order, with a
//! bounded window: workers never run more than `window` items ahead of the
//! consumer, so what waits in memory is bounded however many items there are.
//!
//! The scan uses it to stream reports: entries are examined on every core while
//! one consumer writes their rows, in report order, as soon as they are ready.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};
use std::time::Duration;

/// Runs `work(item, worker)` for items `0..n` on `workers` threads and hands each
/// result to `consume` in item order, on the calling thread. `work` returning
/// `None` stops the run (no new items are started). Returns true when every item
/// was consumed.
pub fn run<T: Send>(
    n: usize,
    workers: usize,
    window: usize,
    work: impl Fn(usize, usize) -> Option<T> + Sync,
    mut consume: impl FnMut(usize, T),
) -> bool {
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let consumed = Mutex::new(0usize);
    let advanced = Condvar::new();
    let (tx, rx) = mpsc::sync_channel::<(usize, T)>(window);
    std::thread::scope(|scope| {
        for worker in 0..workers.max(1) {
            let tx = tx.clone();
            let (next, stop, consumed, advanced, work) =
                (&next, &stop, &consumed, &advanced, &work);
            scope.spawn(move || {
                loop {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let item = next.fetch_add(1, Ordering::SeqCst);
                    if item >= n {
                        return;
                    }
                    // Wait until the consumer is within `window` of this item.
                    let mut done = consumed.lock().unwrap_or_else(|e| e.into_inner());
                    while item >= *done + window {
                        if stop.load(Ordering::SeqCst) {
                            return;
                        }
                        done = advanced
                            .wait_timeout(done, Duration::from_millis(50))
                            .unwrap_or_else(|e| e.into_inner())
                            .0;
                    }
                    drop(done);
                    match work(item, worker) {
                        Some(result) => {
                            if tx.send((item, result)).is_err() {
                                return;
                            }
                        }
                        None => {
                            stop.store(true, Ordering::SeqCst);
                            advanced.notify_all();
                            return;
                        }
                    }
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        let mut done = 0;
        for (item, result) in rx {
            waiting.insert(item, result);
            while let Some(result) = waiting.remove(&done) {
                consume(done, result);
                done += 1;
                *consumed.lock().unwrap_or_else(|e| e.into_inner()) = done;
                advanced.notify_all();
            }
        }
        done == n
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_order_whatever_the_timing() {
        let mut seen = Vec::new();
        let complete = run(
            500,
            4,
            8,
            |i, _| {
                // Later items finish first now and then.
                if i % 7 == 0 {
                    std::thread::sleep(Duration::from_micros(300));
                }
                Some(i * 2)
            },
            |i, r| seen.push((i, r)),
        );
        assert!(complete);
        assert_eq!(seen, (0..500).map(|i| (i, i * 2)).collect::<Vec<_>>());
    }

    #[test]
    fn workers_never_run_more_than_the_window_ahead() {
        let consumed = AtomicUsize::new(0);
        let worst = AtomicUsize::new(0);
        let complete = run(
            300,
            4,
            5,
            |i, _| {
                let behind = i.saturating_sub(consumed.load(Ordering::SeqCst));
                worst.fetch_max(behind, Ordering::SeqCst);
                Some(i)
            },
            |i, _| {
                std::thread::sleep(Duration::from_micros(50));
                consumed.store(i + 1, Ordering::SeqCst);
            },
        );
        assert!(complete);
        assert!(worst.load(Ordering::SeqCst) < 5, "{worst:?}");
    }

    #[test]
    fn a_stop_ends_the_run_without_hanging_and_says_it_was_incomplete() {
        let mut seen = Vec::new();
        let complete = run(
            10_000,
            3,
            4,
            |i, _| (i != 20).then_some(i),
            |i, _| seen.push(i),
        );
        assert!(!complete);
        // Everything before the stopped item was consumed, in order; nothing after it.
        assert_eq!(seen, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn no_items() {
        assert!(run(
            0,
            2,
            4,
            |i, _| Some(i),
            |_, _: usize| panic!("nothing to consume")
        ));
    }
}
