//! What every rule kind's hooks write into: the [`Emitter`] holds the input's
//! [`Scope`], the conversation being read and the findings so far, and builds a
//! [`Finding`] (id, excerpt under the excerpt mode) from what a kind matched.

use chrono::NaiveDate;

use super::finding::{self, Finding};
use super::{ExcerptMode, Rule, RuleSet};
use crate::model::{Conversation, Item, Platform};

/// Where the findings of one input belong, and how to write them.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub office: &'a str,
    pub source_path: &'a str,
    pub excerpts: ExcerptMode,
    pub legal_holds: &'a [(String, NaiveDate)],
}

/// The findings of one input, and the context a kind needs to make them.
pub struct Emitter<'a> {
    scope: Scope<'a>,
    /// The rule set, for the redaction decision ([`RuleSet::is_marked`]).
    set: &'a RuleSet,
    conversation: Option<Conversation>,
    /// The conversation's name as reports may show it.
    shown_conversation: String,
    findings: Vec<Finding>,
}

impl<'a> Emitter<'a> {
    /// An emitter for one input, with no conversation begun.
    pub fn new(scope: Scope<'a>, set: &'a RuleSet) -> Self {
        Emitter {
            scope,
            set,
            conversation: None,
            shown_conversation: String::new(),
            findings: Vec::new(),
        }
    }

    /// Text from the export (a sender, a title, a name) as reports may show it:
    /// redacted, like a marked message, when it carries a marking.
    pub fn shown(&self, text: &str) -> String {
        self.set.shown(self.scope.excerpts, text).into_owned()
    }

    /// The current conversation's name as reports may show it (see [`Emitter::shown`]).
    pub fn conversation_shown(&self) -> String {
        self.shown_conversation.clone()
    }

    /// The input's scope.
    pub fn scope(&self) -> &Scope<'a> {
        &self.scope
    }

    /// Starts a conversation: later findings belong to it.
    pub fn begin(&mut self, conversation: &Conversation) {
        self.shown_conversation = self.shown(&conversation.name);
        self.conversation = Some(conversation.clone());
    }

    /// The current conversation's name (empty before the first), as the export
    /// gives it: for finding ids, never for reports.
    pub fn conversation_name(&self) -> String {
        self.conversation
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default()
    }

    /// The current conversation's platform.
    pub fn platform(&self) -> Platform {
        self.conversation
            .as_ref()
            .map(|c| c.platform)
            .unwrap_or(Platform::WhatsApp)
    }

    /// The excerpt of an item under the scope's excerpt mode; `marked` items (and
    /// any whose text [`RuleSet::is_marked`], such as an event a kind reports
    /// without having checked it) are redacted unless the mode is `full`.
    pub fn excerpt(&self, item: &Item, marked: bool) -> String {
        self.set.excerpt(self.scope.excerpts, &item.text, marked)
    }

    /// Records a finding of `rule` (at the rule's severity) about `item`, or about
    /// the whole conversation when `item` is `None`; returns it for adjustment.
    pub fn push(
        &mut self,
        rule: &Rule,
        item: Option<&Item>,
        matched: &str,
        excerpt: String,
        detail: String,
    ) -> &mut Finding {
        let conversation = self.conversation_name();
        let (time, sender, location) = match item {
            Some(i) => (i.time, i.sender.clone(), Some(i.location.clone())),
            None => (None, None, None),
        };
        let f = Finding {
            id: finding::fingerprint(
                &rule.id,
                self.scope.source_path,
                &conversation,
                time.as_ref(),
                sender.as_deref(),
                matched,
            ),
            rule_id: rule.id.clone(),
            category: rule.kind.category(),
            severity: rule.severity,
            office: self.scope.office.to_string(),
            source_path: self.scope.source_path.to_string(),
            platform: self.platform(),
            conversation: self.conversation_shown(),
            time,
            sender: sender.map(|s| self.shown(&s)),
            location,
            excerpt,
            detail,
            confidence: None,
        };
        self.findings.push(f);
        self.findings.last_mut().expect("just pushed")
    }

    /// The findings made so far.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}
