//! Work on numbered items in parallel, results consumed in item order, with a
//! bounded window: workers never run more than `window` items ahead of the
//! consumer, so what waits in memory is bounded however many items there are.
//!
//! The scan uses it to stream reports: entries are examined on every core while
//! their rows are written, in report order, as soon as they are ready.
//!
//! There is no consumer thread. A worker that finishes an item puts its result in
//! the inbox and, unless another worker is consuming already, consumes every
//! result that is next in order. A consumer thread parked on a channel was woken
//! for every item: two futex calls and a context switch per file, more than a
//! small file's whole examination on a busy core.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, TryLockError};
use std::time::Duration;

/// Runs `work(item, worker)` for items `0..n` on `workers` threads and hands each
/// result to `consume` in item order (on whichever worker thread is consuming at
/// the time, one at a time). `work` returning `None` stops the run (no new items
/// are started). Returns true when every item was consumed.
pub fn run<T: Send>(
    n: usize,
    workers: usize,
    window: usize,
    work: impl Fn(usize, usize) -> Option<T> + Sync,
    consume: impl FnMut(usize, T) + Send,
) -> bool {
    let window = window.max(1);
    let shared = Shared {
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        done: AtomicUsize::new(0),
        inbox: Mutex::new(BTreeMap::new()),
        consumer: Mutex::new(Consumer { done: 0, consume }),
        waiting: Mutex::new(()),
        advanced: Condvar::new(),
        sleepers: AtomicUsize::new(0),
    };
    std::thread::scope(|scope| {
        for worker in 0..workers.max(1) {
            let (shared, work) = (&shared, &work);
            scope.spawn(move || shared.work_on(worker, n, window, work));
        }
    });
    shared.done.load(Ordering::SeqCst) == n
}

/// What the consuming worker holds: the next item due and the callback.
struct Consumer<C> {
    done: usize,
    consume: C,
}

struct Shared<T, C> {
    /// The next item to start.
    next: AtomicUsize,
    stop: AtomicBool,
    /// Items consumed so far (a copy of `Consumer::done` readable without its lock).
    done: AtomicUsize,
    /// Finished results not yet consumed.
    inbox: Mutex<BTreeMap<usize, T>>,
    consumer: Mutex<Consumer<C>>,
    /// For workers waiting for the window to move; `sleepers` counts them, so
    /// the consumer signals only when someone waits (a signal is a system call).
    waiting: Mutex<()>,
    advanced: Condvar,
    sleepers: AtomicUsize,
}

/// Sets the flag when dropped during a panic.
struct StopOnPanic<'a>(&'a AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::SeqCst);
        }
    }
}

fn relock<G>(r: Result<G, std::sync::PoisonError<G>>) -> G {
    r.unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<T, C: FnMut(usize, T)> Shared<T, C> {
    fn work_on(
        &self,
        worker: usize,
        n: usize,
        window: usize,
        work: &(impl Fn(usize, usize) -> Option<T> + Sync),
    ) {
        // A panic here (in `work` or `consume`) stops the others: the item it held
        // would never be consumed, and they would wait for the window forever.
        let _stop_on_panic = StopOnPanic(&self.stop);
        loop {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let item = self.next.fetch_add(1, Ordering::SeqCst);
            if item >= n {
                return;
            }
            // Wait until the consumer is within `window` of this item. The item due
            // is already being worked on by another worker (items are started in
            // order), which consumes it when done, so this wait always ends.
            if item >= self.done.load(Ordering::SeqCst) + window {
                let mut guard = relock(self.waiting.lock());
                // Counted before the check: a consumer that moves `done` after it
                // sees the count and signals (under the lock, so after the wait).
                self.sleepers.fetch_add(1, Ordering::SeqCst);
                while item >= self.done.load(Ordering::SeqCst) + window
                    && !self.stop.load(Ordering::SeqCst)
                {
                    guard = relock(self.advanced.wait_timeout(guard, Duration::from_millis(50))).0;
                }
                self.sleepers.fetch_sub(1, Ordering::SeqCst);
                drop(guard);
                if self.stop.load(Ordering::SeqCst) {
                    return;
                }
            }
            match work(item, worker) {
                Some(result) => {
                    relock(self.inbox.lock()).insert(item, result);
                    self.consume_ready();
                }
                None => {
                    self.stop.store(true, Ordering::SeqCst);
                    self.advanced.notify_all();
                    return;
                }
            }
        }
    }

    /// Consumes every result that is next in order, unless another worker is at it.
    fn consume_ready(&self) {
        loop {
            let mut consumer: MutexGuard<'_, Consumer<C>> = match self.consumer.try_lock() {
                Ok(c) => c,
                Err(TryLockError::Poisoned(p)) => p.into_inner(),
                // The consuming worker checks the inbox again after letting go.
                Err(TryLockError::WouldBlock) => return,
            };
            let before = consumer.done;
            loop {
                let due = consumer.done;
                let Some(result) = relock(self.inbox.lock()).remove(&due) else {
                    break;
                };
                (consumer.consume)(due, result);
                consumer.done += 1;
                self.done.store(consumer.done, Ordering::SeqCst);
            }
            let done = consumer.done;
            drop(consumer);
            if done != before && self.sleepers.load(Ordering::SeqCst) > 0 {
                let _guard = relock(self.waiting.lock());
                self.advanced.notify_all();
            }
            // A result due now may have arrived after the last look and before the
            // lock was let go; its worker then found the lock taken and left it.
            if !relock(self.inbox.lock()).contains_key(&done) {
                return;
            }
        }
    }
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

    /// Consumption moves between worker threads but is never run twice at once.
    #[test]
    fn results_are_consumed_one_at_a_time() {
        let busy = AtomicBool::new(false);
        let mut seen = Vec::new();
        let complete = run(
            400,
            4,
            16,
            |i, _| Some(i),
            |i, _| {
                assert!(!busy.swap(true, Ordering::SeqCst), "two consumers at once");
                if i % 50 == 0 {
                    std::thread::sleep(Duration::from_micros(200));
                }
                seen.push(i);
                busy.store(false, Ordering::SeqCst);
            },
        );
        assert!(complete);
        assert_eq!(seen, (0..400).collect::<Vec<_>>());
    }

    /// A panic in one worker's work ends the run (the panic reaches the caller)
    /// instead of leaving the others waiting for an item that never comes.
    #[test]
    fn a_panicking_worker_does_not_hang_the_others() {
        let outcome = std::panic::catch_unwind(|| {
            run(
                1_000,
                3,
                2,
                |i, _| {
                    assert!(i != 5, "work failed");
                    std::thread::sleep(Duration::from_micros(100));
                    Some(i)
                },
                |_, _| {},
            )
        });
        assert!(outcome.is_err());
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
