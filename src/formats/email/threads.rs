//! Assigning the messages of a mailbox to threads in a first, header-only pass:
//! by `References` / `In-Reply-To`, else by base subject (RFC 5256).

use std::collections::HashMap;

use mail_parser::{HeaderValue, Message};

use super::{message, read_chunks};
use crate::formats::{Input, ParseError};

/// Which thread each message belongs to, from a first, header-only pass.
#[derive(Debug, Default)]
pub(super) struct Threads {
    /// Per message in file order; `None` for a message that cannot be read.
    pub of_message: Vec<Option<usize>>,
    /// Each thread's name: the base subject of its first message.
    pub names: Vec<String>,
    /// The Message-ID of each thread's first message.
    pub ids: Vec<Option<String>>,
    /// The index of each thread's last message.
    pub last_message: Vec<usize>,
}

/// Reads only the headers of every message and assigns each to a thread.
pub(super) fn assign_threads(
    input: &dyn Input,
    is_mbox_file: bool,
    cap: usize,
) -> Result<Threads, ParseError> {
    let mut threads = Threads::default();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_subject: HashMap<String, usize> = HashMap::new();
    let parser = message::parser();
    read_chunks(input, is_mbox_file, cap, |chunk| {
        let parsed = (!chunk.oversized)
            .then(|| parser.parse_headers(chunk.bytes))
            .flatten();
        let thread = parsed.map(|m| {
            let thread = join_thread(&m, &mut threads, &mut by_id, &mut by_subject);
            threads.last_message[thread] = chunk.index;
            thread
        });
        threads.of_message.push(thread);
        Ok(())
    })?;
    Ok(threads)
}

/// The thread of message `m`: that of a message it refers to, else that of an
/// earlier message with the same base subject, else a new one.
fn join_thread(
    m: &Message<'_>,
    threads: &mut Threads,
    by_id: &mut HashMap<String, usize>,
    by_subject: &mut HashMap<String, usize>,
) -> usize {
    let mut refs = ids(m.references());
    refs.extend(ids(m.in_reply_to()));
    let own = m.message_id().map(str::to_owned);
    let base = m.thread_name().map(str::trim).unwrap_or("");
    let key = base.to_lowercase();
    let found = refs
        .iter()
        .chain(&own)
        .find_map(|id| by_id.get(id).copied())
        .or_else(|| {
            (!key.is_empty())
                .then(|| by_subject.get(&key).copied())
                .flatten()
        });
    let thread = found.unwrap_or_else(|| {
        threads.names.push(if base.is_empty() {
            "(no subject)".to_owned()
        } else {
            base.to_owned()
        });
        threads.ids.push(own.clone());
        threads.last_message.push(0);
        threads.names.len() - 1
    });
    for id in refs.into_iter().chain(own) {
        by_id.entry(id).or_insert(thread);
    }
    if !key.is_empty() {
        by_subject.entry(key).or_insert(thread);
    }
    thread
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
}
