//! The [`Checker`]: runs a rule set over one input's conversations as the parser
//! streams them. It only dispatches: each rule kind's module owns its hooks (on
//! each item, at the end of a conversation) and its state.

use super::emit::{Emitter, Scope};
use super::{Finding, RuleKind, RuleSet, coverage, decisions, disappearing};
use crate::model::{Conversation, Item, Timestamp, Visitor};

/// Runs a rule set over one input's conversations as the parser streams them.
pub struct Checker<'a> {
    set: &'a RuleSet,
    out: Emitter<'a>,
    /// Per-conversation state of the kinds that report at its end.
    timers: disappearing::Tracker,
    coverage: coverage::Counts,
    last_time: Option<Timestamp>,
    /// The decision kind's state across the input.
    decisions: decisions::Collector,
    pub conversations: u64,
    pub messages: u64,
}

impl<'a> Checker<'a> {
    pub fn new(set: &'a RuleSet, scope: Scope<'a>) -> Self {
        Checker {
            set,
            out: Emitter::new(scope, set),
            timers: disappearing::Tracker::default(),
            coverage: coverage::Counts::default(),
            last_time: None,
            decisions: decisions::Collector::default(),
            conversations: 0,
            messages: 0,
        }
    }

    /// The findings and decision candidates (all of them once the parser is done).
    pub fn into_results(self) -> (Vec<Finding>, Vec<decisions::Candidate>) {
        (self.out.into_findings(), self.decisions.into_candidates())
    }

    /// The text hooks: markings first, since a marked message is never quoted.
    fn check_text(&mut self, item: &Item) {
        let rules = &self.set.rules;
        let marked = self.set.markings.check_item(rules, item, &mut self.out);
        let marked = self
            .set
            .patterns
            .check_item(rules, item, marked, &mut self.out);
        if item.kind.is_message() {
            self.decisions.check_item(rules, item, marked, &self.out);
        }
    }
}

impl Visitor for Checker<'_> {
    fn conversation(&mut self, conversation: &Conversation) {
        self.conversations += 1;
        self.out.begin(conversation);
        self.timers = disappearing::Tracker::default();
        self.coverage = coverage::Counts::default();
        self.last_time = None;
        self.decisions.begin_conversation();
    }

    fn item(&mut self, item: &Item) {
        if item.kind.is_message() {
            self.messages += 1;
        }
        if item.time.is_some() {
            self.last_time = item.time;
        }
        self.coverage.observe(&item.kind);
        self.timers.check_item(item);
        if !item.text.is_empty() || !item.attachments.is_empty() {
            self.check_text(item);
        }
    }

    fn end_conversation(&mut self) {
        let windows = std::mem::take(&mut self.timers).finish(self.last_time);
        let counts = std::mem::take(&mut self.coverage);
        for rule in &self.set.rules {
            match &rule.kind {
                RuleKind::Disappearing(d) => d.end_conversation(rule, &windows, &mut self.out),
                RuleKind::Coverage(c) => c.end_conversation(rule, &counts, &mut self.out),
                RuleKind::Pattern(_) | RuleKind::Classification(_) | RuleKind::Decision(_) => {}
            }
        }
    }
}
