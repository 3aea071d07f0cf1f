//! The compact keys must match exactly as the texts did: the reconciliation before
//! [`super::super::RegisterIndex`] existed is kept here as an oracle (content-word
//! sets of `String`s, compared whole) and run against [`super::reconcile`] on many
//! generated registers and chats with shared words, look-alike conversations,
//! cited references and competing rows.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::*;
use crate::decision::{content_words, stem};

/// The reconciliation as it was when it held every decision's text.
fn oracle(
    decisions: &[ChatDecision<'_>],
    entries: &[RegisterEntry],
    settings: &MatchSettings,
) -> Reconciliation {
    let ignore: BTreeSet<String> = settings
        .ignore_words
        .iter()
        .map(|w| stem(&w.to_lowercase()))
        .collect();
    let words = |text: &str| {
        let mut w = content_words(text);
        w.retain(|w| !ignore.contains(w));
        w
    };
    let overlap = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
        let shared = a.intersection(b).count();
        let union = a.len() + b.len() - shared;
        if union == 0 {
            return (0.0, 0);
        }
        (shared as f32 / union as f32, shared)
    };
    let mut by_reference: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_conversation: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let reference = normalise_reference(&e.reference);
        if !reference.is_empty() {
            by_reference.entry(reference).or_default().push(i);
        }
        let conversation = normalise_conversation(&e.conversation);
        if !conversation.is_empty() {
            by_conversation.entry(conversation).or_default().push(i);
        }
    }
    let summaries: Vec<BTreeSet<String>> = entries.iter().map(|e| words(&e.summary)).collect();
    let mut candidates = Vec::new();
    for (d, decision) in decisions.iter().enumerate() {
        let subject = words(&decision.subject);
        let text = words(&decision.text);
        let measure = |entry: usize| {
            let (a, sa) = overlap(&subject, &summaries[entry]);
            let (b, sb) = overlap(&text, &summaries[entry]);
            (a.max(b), sa.max(sb))
        };
        let days = |entry: usize| {
            entries[entry]
                .decided_on
                .map(|on| (on - decision.date).num_days())
        };
        for cited in decision.cited.iter() {
            let cited = normalise_reference(cited);
            for &entry in by_reference.get(&cited).into_iter().flatten() {
                let (overlap, shared) = measure(entry);
                candidates.push(Candidate {
                    decision: d,
                    entry,
                    reference: Some(cited.clone()),
                    overlap,
                    shared,
                    days: days(entry),
                });
            }
        }
        let conversation = normalise_conversation(&decision.conversation);
        for &entry in by_conversation.get(&conversation).into_iter().flatten() {
            let Some(apart) =
                days(entry).filter(|d| d.unsigned_abs() <= u64::from(settings.window_days))
            else {
                continue;
            };
            let (overlap, shared) = measure(entry);
            if overlap >= settings.min_overlap || shared >= settings.min_shared_words {
                candidates.push(Candidate {
                    decision: d,
                    entry,
                    reference: None,
                    overlap,
                    shared,
                    days: Some(apart),
                });
            }
        }
    }
    assign(candidates, decisions.len(), entries.len())
}

/// xorshift64*: deterministic cases without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn words(&mut self, items: &[&str], n: usize) -> String {
        (0..n)
            .map(|_| self.pick(items))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const WORDS: &[&str] = &[
    "PM",
    "agreed",
    "option",
    "B",
    "C",
    "Northgate",
    "housing",
    "bid",
    "Eastfield",
    "grant",
    "comms",
    "grid",
    "launch",
    "the",
    "for",
    "and",
    "of",
    "testing",
    "contracts",
    "contract",
    "signed",
    "off",
    "£2m",
    "pier",
    "Westford",
    "vaccine",
    "deployment",
    "plan",
    "over-50s",
    "revised",
    "PPE",
    "stock",
    "policy",
    "letter",
    "approved",
    "SoS",
    "content",
    "with",
    "no",
    "budget",
    "budgets",
    "uplift",
    "visa",
    "fee",
    "prison",
    "capacity",
    "statement",
    "Ø",
];
const CONVERSATIONS: &[&str] = &[
    "PM Updates",
    "“PM Updates” 🇬🇧",
    "pm  updates",
    "Vaccine Deployment",
    "vaccine-deployment!",
    "Jo Bloggs",
    "",
    "🇬🇧",
    "Other chat",
];
const REFERENCES: &[&str] = &[
    "DOC-1", "doc-1", "DOC 2", "DOC-3", "", "  ", "REF/9", "ref/9",
];

/// A generated decision: conversation, date, subject, text, cited references.
type RawDecision = (String, NaiveDate, String, String, Vec<String>);

fn case(rng: &mut Rng) -> (Vec<RegisterEntry>, Vec<RawDecision>) {
    let day = |rng: &mut Rng| {
        NaiveDate::from_ymd_opt(2021, 4, 1).unwrap() + chrono::Days::new(rng.below(30) as u64)
    };
    let entries = (0..rng.below(12))
        .map(|i| {
            let n = rng.below(8);
            RegisterEntry {
                file: "log.csv".into(),
                line: i as u64 + 2,
                reference: rng.pick(REFERENCES).into(),
                decided_on: (rng.below(8) > 0).then(|| day(rng)),
                recorded_on: None,
                decision_maker: "PM".into(),
                conversation: rng.pick(CONVERSATIONS).into(),
                channel: "WhatsApp".into(),
                summary: rng.words(WORDS, n),
            }
        })
        .collect();
    let decisions = (0..rng.below(16))
        .map(|_| {
            let (s, t) = (rng.below(6), rng.below(14));
            let cited = (0..rng.below(3))
                .map(|_| rng.pick(REFERENCES).to_string())
                .collect();
            let conversation = rng.pick(CONVERSATIONS).to_string();
            let date = day(rng);
            (
                conversation,
                date,
                rng.words(WORDS, s),
                rng.words(WORDS, t),
                cited,
            )
        })
        .collect();
    (entries, decisions)
}

#[test]
fn compact_keys_reconcile_exactly_as_the_texts_did() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let loose = MatchSettings {
        min_overlap: 0.15,
        min_shared_words: 1,
        window_days: 10,
        ..MatchSettings::default()
    };
    let no_ignore = MatchSettings {
        ignore_words: Vec::new(),
        ..MatchSettings::default()
    };
    let mut matched = 0;
    for round in 0..3000 {
        let (entries, raw) = case(&mut rng);
        let decisions: Vec<ChatDecision<'_>> = raw
            .iter()
            .enumerate()
            .map(
                |(key, (conversation, date, subject, text, cited))| ChatDecision {
                    key,
                    conversation: conversation.as_str().into(),
                    date: *date,
                    text: text.as_str().into(),
                    subject: subject.as_str().into(),
                    cited: cited.as_slice().into(),
                },
            )
            .collect();
        for settings in [&MatchSettings::default(), &loose, &no_ignore] {
            let expected = oracle(&decisions, &entries, settings);
            assert_eq!(
                reconcile(&decisions, &entries, settings),
                expected,
                "round {round}: {entries:?} {decisions:?}"
            );
            matched += expected.matches.iter().flatten().count();
        }
    }
    // The cases must exercise matching, not only its absence.
    assert!(matched > 5000, "{matched}");
}
