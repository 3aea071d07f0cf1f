//! Parsing one large export on two threads: the parser on the calling thread, the
//! rules on another, items handed over in batches through a bounded channel.
//!
//! A drive's files are examined in parallel, one thread each, so a drive that is
//! mostly one huge export (or ends with one) would otherwise run at one core's speed.
//! Parsing and rule checking each take about half of a message's cost, so the two
//! overlap. The visitor sees exactly the calls, in exactly the order, it would see
//! on one thread.

use std::sync::mpsc;

use crate::model::{Conversation, Item, Visitor};

/// Inputs this large or larger are parsed with [`run`]; smaller ones are not worth
/// a thread (and a drive of many files keeps every core busy anyway).
pub const PIPELINE_MIN_BYTES: u64 = 64 * 1024 * 1024;

/// Items per batch: enough that the channel costs little per item.
const BATCH: usize = 512;

/// Batches in flight: bounds the memory between the threads.
const IN_FLIGHT: usize = 4;

/// One visitor call, as sent to the rules thread.
enum Call {
    Conversation(Conversation),
    Items(Vec<Item>),
    End,
}

/// Runs `parse` with a visitor that forwards every call to `out` on a second
/// thread, and returns what `parse` returned once `out` has seen every call.
pub fn run<V, R>(out: &mut V, parse: impl FnOnce(&mut dyn Visitor) -> R) -> R
where
    V: Visitor + Send,
{
    let (tx, rx) = mpsc::sync_channel::<Call>(IN_FLIGHT);
    std::thread::scope(|scope| {
        let rules = scope.spawn(move || {
            for call in rx {
                match call {
                    Call::Conversation(c) => out.conversation(&c),
                    Call::Items(items) => items.iter().for_each(|i| out.item(i)),
                    Call::End => out.end_conversation(),
                }
            }
        });
        let mut forward = Forward {
            tx: Some(tx),
            batch: Vec::with_capacity(BATCH),
        };
        let result = parse(&mut forward);
        forward.flush();
        drop(forward);
        // A panic in the rules is the file's failure, as it would be on one thread.
        if let Err(panic) = rules.join() {
            std::panic::resume_unwind(panic);
        }
        result
    })
}

/// The parser's side: collects items into batches and sends each call on.
struct Forward {
    /// `None` once the rules thread has gone (it panicked): calls are dropped and
    /// the panic surfaces when it is joined.
    tx: Option<mpsc::SyncSender<Call>>,
    batch: Vec<Item>,
}

impl Forward {
    fn send(&mut self, call: Call) {
        if let Some(tx) = &self.tx
            && tx.send(call).is_err()
        {
            self.tx = None;
        }
    }

    fn flush(&mut self) {
        if !self.batch.is_empty() {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
            self.send(Call::Items(batch));
        }
    }
}

impl Visitor for Forward {
    fn conversation(&mut self, conversation: &Conversation) {
        self.flush();
        self.send(Call::Conversation(conversation.clone()));
    }

    fn item(&mut self, item: &Item) {
        self.batch.push(item.clone());
        if self.batch.len() == BATCH {
            self.flush();
        }
    }

    fn end_conversation(&mut self) {
        self.flush();
        self.send(Call::End);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ItemKind, Location, Platform};

    /// Records every call it sees.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Visitor for Log {
        fn conversation(&mut self, c: &Conversation) {
            self.0.push(format!("conversation {}", c.name));
        }
        fn item(&mut self, item: &Item) {
            self.0.push(format!("item {}", item.text));
        }
        fn end_conversation(&mut self) {
            self.0.push("end".into());
        }
    }

    fn feed(out: &mut dyn Visitor, conversations: usize, items: usize) -> u64 {
        for c in 0..conversations {
            out.conversation(&Conversation {
                platform: Platform::WhatsApp,
                name: format!("chat {c}"),
                id: None,
            });
            for i in 0..items {
                out.item(&Item {
                    kind: ItemKind::Message,
                    time: None,
                    sender: None,
                    text: format!("{c}.{i}"),
                    attachments: Vec::new(),
                    location: Location::Line(i as u64),
                });
            }
            out.end_conversation();
        }
        7
    }

    #[test]
    fn the_visitor_sees_the_same_calls_in_the_same_order() {
        for (conversations, items) in [(0, 0), (1, 0), (1, 1), (3, BATCH - 1), (2, 3 * BATCH + 5)] {
            let mut direct = Log::default();
            feed(&mut direct, conversations, items);
            let mut piped = Log::default();
            let result = run(&mut piped, |out| feed(out, conversations, items));
            assert_eq!(result, 7);
            assert_eq!(piped.0, direct.0, "{conversations} x {items}");
        }
    }

    /// A visitor that fails on its 1000th item.
    struct Fails(usize);

    impl Visitor for Fails {
        fn conversation(&mut self, _: &Conversation) {}
        fn item(&mut self, _: &Item) {
            self.0 += 1;
            assert!(self.0 < 1000, "rule failure");
        }
        fn end_conversation(&mut self) {}
    }

    #[test]
    fn a_panic_in_the_rules_reaches_the_caller_without_hanging() {
        let outcome = std::panic::catch_unwind(|| {
            let mut out = Fails(0);
            run(&mut out, |out| feed(out, 1, 20 * BATCH))
        });
        assert!(outcome.is_err());
    }
}

/// The real parsers and rules give the same findings and decisions through the
/// pipeline as on one thread, on the example drive's exports.
#[cfg(test)]
mod real_input_tests {
    use std::path::Path;

    use crate::formats::{self, ParseOptions};
    use crate::rules::{Checker, ExcerptMode, Scope};
    use crate::source::FileInput;

    #[test]
    fn example_exports_give_the_same_results() {
        let rules = crate::rules::config::load(&[]).expect("default packs load");
        let drive = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/drive");
        let mut checked = 0;
        for relative in [
            "No10-Private-Office/WhatsApp Chat with Sam Patel.txt",
            "HMT-Private-Office/WhatsApp Chat with SR23 Core Team.txt",
            "DHSC-Perm-Sec-Office/WhatsApp Chat mit Priya Shah.txt",
        ] {
            let input = FileInput::new(drive.join(relative), relative.to_owned());
            let scope = || Scope {
                office: "Office",
                source_path: relative,
                excerpts: ExcerptMode::Redacted,
                legal_holds: &[],
            };
            let format = formats::Format::WhatsApp;
            let options = ParseOptions::default();
            let mut direct = Checker::new(&rules, scope());
            let stats = formats::parse(format, &input, &options, &mut direct).expect("parses");
            let mut piped = Checker::new(&rules, scope());
            let piped_stats = super::run(&mut piped, |out| {
                formats::parse(format, &input, &options, out)
            })
            .expect("parses");
            assert_eq!(piped_stats, stats, "{relative}");
            assert_eq!(
                (piped.conversations, piped.messages),
                (direct.conversations, direct.messages)
            );
            let (direct, piped) = (direct.into_results(), piped.into_results());
            assert!(
                !direct.0.is_empty() || !direct.1.is_empty(),
                "{relative}: nothing found"
            );
            assert_eq!(piped, direct, "{relative}");
            checked += 1;
        }
        assert_eq!(checked, 3);
    }
}
