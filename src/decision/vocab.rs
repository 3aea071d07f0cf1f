//! The default vocabulary (UK private-office language) and the fixed grammar words
//! the detector uses to tell a decision from a question, request or aside.

pub(super) fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_string()).collect()
}

/// Who takes decisions a private office must record.
pub(super) fn actors() -> Vec<String> {
    owned(&[
        "PM",
        "Prime Minister",
        "Deputy PM",
        "DPM",
        "Deputy Prime Minister",
        "No10",
        "No 10",
        "Number 10",
        "Downing Street",
        "SoS",
        "SofS",
        "Secretary of State",
        "Home Secretary",
        "Foreign Secretary",
        "Health Secretary",
        "Chancellor",
        "CST",
        "Chief Secretary",
        "Minister",
        "Ministers",
        "Minister of State",
        "MinState",
        "PUSS",
        "Perm Sec",
        "PermSec",
        "Permanent Secretary",
        "DG",
        "Director General",
        "Cabinet Secretary",
        "Cab Sec",
        "CabSec",
        "Private Secretary",
        "PPS",
        "Principal Private Secretary",
        "Cabinet",
        "Quad",
    ])
}

/// What a decision-maker does when deciding. Matched as whole words after an actor
/// (`PM has now agreed`) or before `by`/`with` + actor (`signed off by the PM`).
pub(super) fn verbs() -> Vec<String> {
    owned(&[
        "is content with",
        "is content",
        "content with",
        "is comfortable with",
        "is happy with",
        "is fine with",
        "is happy to proceed",
        "happy to proceed",
        "has agreed",
        "agreed",
        "agrees",
        "agrees with",
        "has signed off",
        "signed off",
        "signed off on",
        "has approved",
        "approved",
        "has decided",
        "decided",
        "gave the go ahead",
        "has given the go ahead",
        "given the go ahead",
        "gave the green light",
        "has given the green light",
        "cleared",
        "has cleared",
        "endorsed",
        "has endorsed",
        "accepted the recommendation",
        "has accepted",
        "accepted",
        "has chosen",
        "chose",
        "opted for",
        "went with",
        "rejected",
        "has rejected",
        "ruled out",
        "is ok with",
        "ok with",
        "is okay with",
        "okay with",
        "said yes to",
        "said no to",
        "has ruled out",
    ])
}

/// Explicit markers that the author is recording a decision; at the start of a line
/// (after bullets or `*bold*` marks), or anywhere for `#tags`.
pub(super) fn flags() -> Vec<String> {
    owned(&[
        "DECISION:",
        "Decision:",
        "#decision",
        "Agreed:",
        "Decided:",
        "Action/decision:",
    ])
}

/// Markers that often, but not always, introduce a decision: they count only when
/// the rest names an actor or a decision verb.
pub(super) fn weak_flags() -> Vec<String> {
    owned(&["For the record:", "FTR:", "For the log:"])
}

/// Imperative go-aheads, counted at the start of a sentence (optionally after an
/// actor: `PM says go ahead with option B`).
pub(super) fn instructions() -> Vec<String> {
    owned(&[
        "go ahead with",
        "go ahead on",
        "green light for",
        "green light to",
        "good to go with",
    ])
}

/// Evidence in chat that a decision reached the record.
pub(super) fn acknowledgements() -> Vec<String> {
    owned(&[
        "noted on file",
        "noted on the file",
        "now on file",
        "put on file",
        "on file as",
        "added to the decision log",
        "added to the log",
        "added to the register",
        "added to the decision register",
        "logged as",
        "logged in the decision log",
        "logged on the register",
        "logged in the register",
        "recorded as",
        "recorded in the decision log",
        "recorded on the register",
        "recorded in the register",
        "filed as",
        "filed under",
        "saved to the record",
        "transferred to the record",
        "on the record as",
    ])
}

/// Negation words; anything ending in `n't` counts as well.
pub(super) fn negations() -> Vec<String> {
    owned(&[
        "not",
        "never",
        "yet",
        "nobody",
        "neither",
        "nor",
        "without",
        "cannot",
        "no longer",
        "yet to",
        "still to",
        "refused",
        "declined",
    ])
}

/// Conditionals and hypotheticals: before the verb they void the cue; after it they
/// make it a conditional decision (a hedge).
pub(super) fn conditionals() -> Vec<String> {
    owned(&[
        "if",
        "unless",
        "once",
        "when",
        "whenever",
        "until",
        "till",
        "whether",
        "assuming",
        "provided",
        "providing",
        "subject to",
        "in case",
        "as soon as",
        "suppose",
        "supposing",
    ])
}

/// Requests, plans and expectations: before the verb they void the cue.
pub(super) fn pending() -> Vec<String> {
    owned(&[
        "will",
        "'ll",
        "would",
        "could",
        "might",
        "may",
        "must",
        "shall",
        "should",
        "going to",
        "gonna",
        "need",
        "needs",
        "want",
        "wants",
        "awaiting",
        "waiting",
        "pending",
        "hope",
        "hoping",
        "hopefully",
        "expect",
        "expecting",
        "likely",
        "unlikely",
        "ask",
        "asked",
        "asking",
        "seek",
        "seeking",
        "chase",
        "chasing",
        "try",
        "trying",
        "please",
        "pls",
    ])
}

/// Uncertainty that lowers confidence without voiding the cue.
pub(super) fn hedges() -> Vec<String> {
    owned(&[
        "i think",
        "i believe",
        "apparently",
        "sounds like",
        "seems",
        "maybe",
        "perhaps",
        "probably",
        "reportedly",
        "rumour",
        "i gather",
        "in principle",
        "broadly",
        "provisionally",
        "sort of",
        "kind of",
    ])
}

/// Office chit-chat: voids a cue without an actor and lowers one with an actor.
pub(super) fn chit_chat() -> Vec<String> {
    owned(&[
        "coffee",
        "coffees",
        "tea",
        "teas",
        "lunch",
        "breakfast",
        "dinner",
        "sandwich",
        "sandwiches",
        "pizza",
        "cake",
        "biscuits",
        "drinks",
        "pub",
        "pint",
        "beer",
        "wine",
        "leaving do",
        "secret santa",
        "quiz",
        "football",
        "weather",
        "diary",
        "lol",
        "haha",
        "hahaha",
        "lmao",
        "rofl",
        "joke",
        "banter",
        "sweepstake",
        "takeaway",
        "playlist",
        "birthday",
        "holiday",
        "bake off",
        "for the day",
        "for the night",
        "for the weekend",
        "sick",
        "annual leave",
        "my leave",
        "leave request",
    ])
}

/// Default pattern for cited register references: an upper-case prefix, a `-` or `/`,
/// then a part starting with a digit (`DOC-123`, `SUB-2021-044`, `DEC/2021/07`).
pub(super) const REFERENCE_PATTERN: &str =
    r"\b[A-Z]{2,10}(?:[-/][A-Z]{1,10})*[-/][0-9][0-9A-Z]*(?:[-/][0-9A-Z]+)*\b";

/// References that look like register references but are not.
pub(super) fn reference_ignore() -> Vec<String> {
    owned(&["COVID-19", "SARS-COV-2"])
}

/// Words allowed between an actor and its verb (`PM has now formally agreed`,
/// `SoS said this morning that she is content`). Anything else breaks the link.
pub(super) const FILLERS: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "'s",
    "'ve",
    "been",
    "now",
    "just",
    "also",
    "formally",
    "finally",
    "officially",
    "duly",
    "personally",
    "fully",
    "already",
    "today",
    "yesterday",
    "tonight",
    "overnight",
    "earlier",
    "this",
    "morning",
    "afternoon",
    "evening",
    "over",
    "the",
    "weekend",
    "last",
    "night",
    "and",
    "both",
    "confirmed",
    "confirms",
    "says",
    "said",
    "that",
    "he",
    "she",
    "they",
    "in",
    "writing",
    "all",
];

/// Words that may open a sentence before a bare verb or an instruction (`OK, agreed`).
pub(super) const OPENERS: &[&str] = &[
    "ok", "okay", "yes", "yep", "right", "great", "fine", "good", "so", "then", "all", "thanks",
    "thank", "you", "update", "fyi", "quick",
];

/// Words that, opening a sentence, make it a question even without a `?`.
pub(super) const QUESTION_STARTERS: &[&str] = &[
    "has", "have", "had", "is", "are", "was", "were", "did", "do", "does", "can", "could", "would",
    "will", "shall", "should", "may", "might", "any", "who", "what", "when", "where", "why", "how",
    "which", "whether", "anyone", "anybody",
];

/// What may follow a flag to say there is no decision yet (`Decision: TBC`).
pub(super) const FLAG_VOID: &[&str] = &[
    "none",
    "not yet",
    "no decision",
    "tbc",
    "tbd",
    "tba",
    "pending",
    "awaiting",
    "to follow",
    "needed",
    "required",
    "outstanding",
    "still open",
    "deferred",
    "n/a",
    "na",
];

/// Words after an agreement verb + `with` that make it an opinion (`agreed with me`).
pub(super) const OPINION_WITH: &[&str] = &[
    "me",
    "you",
    "him",
    "her",
    "us",
    "them",
    "everyone",
    "everybody",
];

/// Phrases anywhere in a sentence that undo a decision (`… but has changed his mind`).
pub(super) const REVERSALS: &[&str] = &[
    "changed his mind",
    "changed her mind",
    "changed their mind",
    "changed mind",
    "rowed back",
    "u-turned",
    "u turn",
    "withdrew",
];
