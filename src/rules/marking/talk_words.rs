//! The vocabulary that tells talk about a marking from carrying one (see `talk`):
//! cue words before and after the marking, verbs, quantifiers and quotes, all lower
//! case. Data only; `talk` holds the logic and `talk_tests` a sample per cue.

/// Words before the marking, in its sentence, that make it talk (lower case).
pub(super) const BEFORE: &[&str] = &[
    // modals, conditionals, hedges
    "must",
    "should",
    "shouldn't",
    "need",
    "needs",
    "would",
    "can't",
    "cannot",
    "whether",
    "if",
    "we'd",
    "i'd",
    "you'd",
    "might",
    "think",
    "forget",
    "unsure",
    "unmarked",
    // marking done wrong is a practice talked about
    "wrongly",
    "incorrectly",
    "mistakenly",
    // negation and quantifiers over material in general
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "aren't",
    "wasn't",
    "not",
    "never",
    "anything",
    "everything",
    "nothing",
    "whatever",
    "why",
    // the vocabulary of the policy
    "tier",
    "tiers",
    "level",
    "levels",
    "policy",
    "gscp",
    "scheme",
    "template",
    "templates",
    "guide",
    "guides",
    "guidance",
    "training",
    "module",
    "e-learning",
    "course",
    // a comparison, a change of tier, a threshold (`treat it like OFFICIAL-SENSITIVE`,
    // `mostly became official-sensitive`, `At least SECRET`)
    "like",
    "incident",
    "handling",
    "seen",
    "sop",
    "mean",
    "lists",
    "listed",
    "became",
    "become",
    "least",
    // the stamp that says it (`a stamp that says CONFIDENTIAL`)
    "stamp",
    "stamps",
    "descriptor",
    "descriptors",
    "caveat",
    "caveats",
    "format",
    "banner",
    "header",
    "footer",
    "marks",
    "marking",
    "markings",
    "over-marking",
    "equivalent",
    "mapping",
    "handle",
    "handled",
    "write",
    "writes",
    "writing",
    "typing",
    "type",
    "types",
    "typed",
    "spell",
    "spelling",
    "say",
    "called",
    "means",
    "meant",
    "upgraded",
    "downgraded",
    "upgrade",
    "downgrade",
    "dropped",
    "uses",
    "counts",
    "count",
    "files",
    "documents",
    "docs",
    "papers",
    "material",
    "word",
    "words",
    "term",
    "acronym",
    "abbreviation",
    // explaining or reporting the marking rather than using it
    "explain",
    "explains",
    "explained",
    "example",
    "answer",
    "quiz",
    "joke",
    // instructions, clearances and the tools that offer a marking
    "mark",
    "use",
    "retired",
    "cleared",
    "vetted",
    "clearance",
    // the national security vetting levels that give access to a tier
    "dv",
    "sc",
    "ctc",
    "label",
    "labels",
    "menu",
    "drop-down",
    "dropdown",
    "option",
    "options",
    "instruction",
    "instructions",
    // (and [`INCIDENT`])
    // a practice complained about (`we're using OFFICIAL-SENSITIVE far too much`)
    "using",
    // checks of how marked holdings are kept (`the audit flagged that …`)
    "audit",
    "audits",
    // a rule stated (`Handling rule: SECRET hard copies go by …`)
    "rule",
    "rules",
];

/// Words of an incident about a marked item, by someone not named (`who forwarded
/// the TOP SECRET readout to …`): cue words like [`BEFORE`]'s, even beside a paper
/// pointed at.
pub(super) const INCIDENT: &[&str] = &[
    "who",
    "whoever",
    "leaked",
    "somebody",
    "somebody's",
    "someone",
    "someone's",
    // a security inspection's finding (`The inspection flagged SECRET laptops left …`)
    "inspection",
    "inspectors",
];

/// The word right after the marking that makes it talk, anywhere in a sentence.
pub(super) const AFTER: &[&str] = &[
    // (a codeword as a kind of thing: `TOP SECRET codeword material has its own …`)
    "codeword",
    "codewords",
    "material",
    "materials",
    "documents",
    "docs",
    "papers",
    "stuff",
    "information",
    "info",
    "thing",
    "things",
    "files",
    "items",
    "or",
    "and",
    "isn't",
    "means",
    "meant",
    "covers",
    "applies",
    "stands",
    "clearance",
    "cleared",
    "vetting",
    // what it implies or gives (`FIVE EYES ONLY implies …`, `SECRET access usually
    // needs SC`), a kind of thing (`SECRET waste`, `OFFICIAL-SENSITIVE emails to …`),
    // or it explained (`OFFICIAL-SENSITIVE explained in two minutes`)
    "implies",
    "requires",
    "access",
    "waste",
    "emails",
    "explained",
    // its paperwork (`NATO SECRET paperwork still needs the registry log`)
    "paperwork",
    // an account or system accredited at the tier (`our NATO RESTRICTED account`)
    "account",
    "accounts",
    "network",
    "system",
    "systems",
    // a comparison of levels (`NATO SECRET roughly lines up with our SECRET`)
    "roughly",
    "broadly",
    "equates",
    "corresponds",
    "maps",
];

/// The word right after a marking in running text that makes it the subject of a
/// statement about it (`NATO RESTRICTED is roughly equivalent to …`).
pub(super) const AFTER_SUBJECT: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "has",
    "have",
    "had",
    "can",
    "could",
    "might",
    "may",
    "should",
    "must",
    "will",
    "would",
    "only",
    "goes",
    "go",
    "needs",
    "need",
    "used",
    "becomes",
    "became",
    "lives",
    "sits",
    "belongs",
    "disappeared",
    "survives",
    "survived",
    "replaced",
    "replaces",
    "works",
    // a rule about where the marking may go (`OFFICIAL-SENSITIVE doesn't go to …`;
    // not an imperative to the reader: `SECRET don't forward`)
    "doesn't",
    "can't",
    "cannot",
    "mustn't",
    "shouldn't",
    "won't",
];

/// Verbs that make the marking after them what the subject *is* (`the numbers are
/// SECRET until …`, `what I send is TOP SECRET and …`): the text carries it.
pub(super) const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "it's", "that's", "stays", "stay", "remains", "remain",
];

/// Words after `or`/`and` that make a marking a threshold talked about (`SECRET or
/// above`) even after a copula.
pub(super) const THRESHOLD: &[&str] = &["above", "below", "higher", "lower", "over", "under"];

/// Nouns of the policy itself that make a sentence talk about markings wherever they
/// stand in it (`the course covered SECRET, TOP SECRET and the caveats`).
pub(super) const POLICY_NOUNS: &[&str] = &[
    "tier",
    "tiers",
    // (`… after OFFICIAL-SENSITIVE, it's an old descriptor`, `… with the typo still valid`)
    "descriptor",
    "typo",
    "category",
    "classifications",
    "markings",
    "caveats",
    "descriptors",
    "gscp",
    "scheme",
    // checks of how marked holdings are kept (`the TOP SECRET register audit is next week`)
    "audit",
    "audits",
];

/// Verbs of marking something that, with an object between them and the marking,
/// report how something was marked (`someone marked the tea rota SECRET`) rather
/// than label the text (`marked SECRET`, see the labels in `context`).
pub(super) const REPORTING: &[&str] = &[
    "marked", "stamped", "labelled", "labeled", "wrote", "written",
];

/// Quantifiers over a kind of material: with a verb of marking earlier in the
/// sentence they state how things are marked in general (`all casework is marked
/// OFFICIAL-SENSITIVE from Monday`) rather than label this text.
pub(super) const GENERAL: &[&str] = &["all", "every", "any", "each", "many", "most"];

/// Verbs of marking that, after a [`GENERAL`] quantifier, make a rule of practice.
pub(super) const MARKING_VERBS: &[&str] = &[
    "marked",
    "classified",
    "graded",
    "stamped",
    "labelled",
    "labeled",
];

/// Words after which `that` opens a clause rather than points at a thing
/// (`Reminder that OFFICIAL-SENSITIVE material can …`).
pub(super) const CLAUSE_THAT: &[&str] = &[
    // `the lesson is that SECRET material never …`
    "is",
    "was",
    "reminder",
    "remind",
    "remember",
    "note",
    "noted",
    "flagged",
    "found",
    "aware",
    "clear",
    "confirm",
    "confirmed",
    "agreed",
    "said",
    "says",
    "told",
    "know",
    "understand",
    "mean",
];

/// Closing quotes: a bare marking quoted inside a sentence (`the answer was "TOP
/// SECRET"`) names the word rather than carrying it.
pub(super) const QUOTES: &[(char, char)] =
    &[('"', '"'), ('“', '”'), ('‘', '’'), ('\'', '\''), ('«', '»')];

/// Words before the marking that make a generic noun after it specific (`the SECRET
/// material from this morning` carries the marking; `SECRET material must …` is talk).
pub(super) const SPECIFIC: &[&str] = &[
    "the", "this", "that", "these", "those", "today's", "attached",
];

/// Words earlier in a sentence that make a marking talk even from another clause
/// (`if it names anyone, it's OFFICIAL-SENSITIVE`); other cues count only in the
/// marking's own clause when a copula puts the marking right after its subject
/// (`can't say more here, the rest is SECRET`).
pub(super) const CONDITIONALS: &[&str] = &["if", "whether", "unless", "when"];

/// Words later in a sentence that make a quoted marking a term being explained
/// (`"SECRET" on its own at the top of an email means …`, `"UKEO" is shorthand …`).
pub(super) const DEFINING: &[&str] = &[
    "means",
    "mean",
    "meaning",
    "shorthand",
    "stands",
    "abbreviation",
    "refers",
];

/// Conjunctions that start another clause, so that after a copula cues before them
/// do not reach the marking (`I've tidied the notes but the full annex is TOP SECRET`).
pub(super) const CLAUSE_BREAKS: &[&str] = &["but", "so", "because", "cos", "though", "although"];

/// Words pointing at the text at hand (`everything in this group`, `everything below
/// the line`): with a copula, the sentence says what this text carries.
pub(super) const DEICTIC: &[&str] = &[
    "this",
    "these",
    "here",
    "below",
    "above",
    "attached",
    "following",
    "thread",
    "chat",
    // a part of the document at hand (`everything after para 6 is TOP SECRET`)
    "para",
    "paragraph",
    "section",
];

/// Tags after a comma that make a statement ask for agreement without asking a
/// question about the marking (`the rest of this chat is SECRET until Friday, ok?`).
pub(super) const TAG_QUESTIONS: &[&str] = &[
    "ok",
    "okay",
    "k",
    "alright",
    "all right",
    "understood",
    "agreed",
    "got it",
    "clear",
    "fair",
    "deal",
];

/// Verbs of placing that, right before the marking, make it the word being put
/// somewhere (`Don't forget OFFICIAL-SENSITIVE at the start of the subject line`).
pub(super) const PLACING: &[&str] = &[
    "put",
    "puts",
    "putting",
    "add",
    "adds",
    "adding",
    "include",
    "including",
    "stamp",
    "type",
    "apply",
    "applying",
];

/// Where a marking is put on a page or message: after `at`, `in` or `on` (and perhaps
/// `the`, `every`, `each`) right after the marking, the sentence says where it goes
/// (`SECRET at top and bottom of every page`, `OFFICIAL-SENSITIVE in the subject line`).
pub(super) const PLACES: &[&str] = &[
    "top",
    "bottom",
    "header",
    "headers",
    "footer",
    "footers",
    "subject",
    "banner",
    "margin",
    "signature",
    "signatures",
];

/// Verbs that, with `after` or `before` right before the marking, say where a part
/// of a marking goes (`LOCSEN goes after OFFICIAL-SENSITIVE`, `UKEO comes after SECRET`).
pub(super) const ORDERING: &[&str] = &[
    "goes", "go", "comes", "come", "sits", "sit", "placed", "written", "added", "spelled", "spelt",
    "out",
];

/// Words about how high a tier a thing takes: in a question right after a marking
/// opening its line, the question is about the marking (`SECRET – is that the right
/// level for …?`).
pub(super) const LEVEL_WORDS: &[&str] = &[
    "level",
    "levels",
    "tier",
    "marking",
    "markings",
    "classification",
    "classified",
    "overkill",
    "over-marked",
    "over-classified",
    // what the scheme says of it (`CONFIDENTIEL UE: is there a UK equivalent?`,
    // `UK EYES ONLY – is that a handling instruction or a caveat?`, `TOP SECRET:
    // what's the storage rule for laptops?`)
    "equivalent",
    "rule",
    "rules",
    "caveat",
    "descriptor",
    "handling",
    "briefing",
    "clearance",
    "abbreviation",
    "stamp",
    "stamps",
    "cabinet",
    "safe",
    "container",
    "method",
    "destruction",
    "register",
    "allowed",
];

/// Words of a course or explainer about the scheme (`TOP SECRET – STRAP handling
/// e-learning`, `SECRET: how to decide – e-learning module 4`, `TOP SECRET: who needs
/// DV? – FAQ for new starters`, `SECRET_and_TOP_SECRET_rules_explainer.pptx`): on the
/// line a marking opens, or in a document name it opens, they make it the topic.
/// (Not `guide`, `training` or `course`, which marked papers use too: `SECRET –
/// guide to the Ashcombe site`, `… course of action`.)
pub(super) const COURSES: &[&str] = &[
    "faq",
    "faqs",
    "e-learning",
    "elearning",
    "explainer",
    "primer",
    "induction",
    "refresher",
    "quiz",
    "cheatsheet",
    "crib",
];

/// Words opening a title about a marking after it (`OFFICIAL-SENSITIVE: when to use
/// it`, `SECRET – what it means for you`), with one of [`TOPIC_OBJECTS`] soon after.
pub(super) const TOPIC_OPENERS: &[&str] = &["when", "how", "what", "why", "where"];

/// See [`TOPIC_OPENERS`].
pub(super) const TOPIC_OBJECTS: &[&str] = &["it", "means", "mean", "matters", "counts"];

/// Tiers as words, lower case: one joined to the marking by `and`, `or`, `/` or `,`
/// makes a list of markings talked about (`PROTECT and RESTRICTED don't map across`),
/// even when that one alone would not count as a marking.
pub(super) const TIER_WORDS: &[&str] = &[
    "secret",
    "official",
    "official-sensitive",
    "protect",
    "restricted",
    "confidential",
    "unclassified",
];

/// Words right after a marking that make it a thing named (`the SECRET marking`, `a
/// TOP SECRET label on the tin`) or the topic of a course or practice (`the SECRET
/// handling refresher`, `the NATO SECRET briefing is compulsory`), even after `the`.
/// (Not before a word naming a document: `the SECRET briefing pack` carries it.)
pub(super) const NAMED_AFTER: &[&str] = &[
    "marking",
    "markings",
    "label",
    "labels",
    "sticker",
    "stickers",
    "courier",
    "storage",
    "stamp",
    "banner",
    "banners",
    "tier",
    "level",
    "descriptor",
    "classification",
    "handling",
    "training",
    "briefing",
    "briefings",
    "refresher",
    "e-learning",
    "course",
    "awareness",
    "induction",
];

/// Verbs of marking or sending in their participle: right before the marking, with
/// words before them on the line, they report how something was marked (`found a
/// folder marked SECRET in …`, `the readout was marked TOP SECRET – UK EYES ONLY, so
/// …`, `it was sent as OFFICIAL-SENSITIVE`) rather than label the text.
pub(super) const PARTICIPLES: &[&str] = &[
    "marked",
    "re-marked",
    "remarked",
    "labelled",
    "labeled",
    "classified",
    "stamped",
    "graded",
    "sent",
];

/// Modals after `a`/`an`, the marking and a noun: a rule about a kind of thing (`a
/// SECRET document must be downgraded by …`), not this text.
pub(super) const GENERIC_MODALS: &[&str] = &[
    "must",
    "mustn't",
    "should",
    "shouldn't",
    "can",
    "can't",
    "cannot",
    "may",
    "needs",
    "need",
    "has",
    "ought",
];

/// Prefixes that keep a verb of marking what it is (`re-mark`, `auto-label`,
/// `over-classifying`, `downgrading`): with one, the word is a cue.
pub(super) const MARKING_PREFIXES: &[&str] = &["re", "auto", "over", "under", "down", "up"];

/// Stems of verbs of marking (see [`MARKING_PREFIXES`]).
pub(super) const MARKING_STEMS: &[&str] = &["mark", "classif", "label", "grad"];

/// Nouns for a copy or version of a document: right after `the`/`this`/`your` and the
/// marking they name the marked copy at hand (`bring the TOP SECRET copy`, `need the
/// SECRET version of the brief by 7`), so cues and questions elsewhere in the sentence
/// do not make it talk.
pub(super) const COPY_NOUNS: &[&str] = &[
    "copy", "copies", "version", "versions", "edition", "folder", "folders", "orders", "list",
];

/// Determiners pointing at one thing at hand before [`COPY_NOUNS`].
pub(super) const POINTING: &[&str] =
    &["the", "this", "that", "these", "those", "your", "my", "our"];

/// Verbs of saying right before a bare marking: it is the word said (`I said TOP
/// SECRET` as a quiz answer, `she answered SECRET`), not a label on this text.
pub(super) const SAYING: &[&str] = &["said", "says", "answered", "guessed", "replied", "picked"];

/// Quantifiers over every one of a kind (`every paper from that team is SECRET now`):
/// as the subject of a copula, a claim about a kind of material, unless pointing at
/// the text at hand (see [`DEICTIC`]).
pub(super) const EVERY: &[&str] = &["every", "each", "any"];

/// Phrases that gloss an abbreviation or a term anywhere in the text (`who knows
/// what OFFSEN stands for? (it's OFFICIAL-SENSITIVE)`, `UKEO is short for …`): a
/// marking in the same text is the thing explained.
pub(super) const GLOSSES: &[&str] = &[
    "stands for",
    "stand for",
    "stood for",
    "short for",
    "shorthand for",
];

/// Hedges right before a marking: a judgement of the level something would have
/// (`the PS said it was basically OFFICIAL-SENSITIVE`), not a label on this text.
pub(super) const HEDGES: &[&str] = &[
    "basically",
    "effectively",
    "practically",
    "arguably",
    "technically",
    "essentially",
    "borderline",
];

/// Two-word hedges (see [`HEDGES`]): `sort of SECRET`, `kind of OFFICIAL-SENSITIVE`.
pub(super) const HEDGE_PAIRS: &[(&str, &str)] = &[("kind", "of"), ("sort", "of"), ("more", "like")];

/// Nouns for a kind of paper or thing handled: after the marking, with a verb of a
/// rule next (see [`RULE_VERBS`]), a handling rule (`SECRET hard copies go by
/// courier`) rather than a label.
pub(super) const KIND_NOUNS: &[&str] = &[
    "paper",
    "copies",
    "papers",
    "documents",
    "docs",
    "material",
    "files",
    "printouts",
    "laptops",
    "devices",
    "discussions",
    "calls",
    "meetings",
    "emails",
    "instructions",
];

/// Adjectives that may stand between the marking and a [`KIND_NOUNS`] noun
/// (`OFFICIAL-SENSITIVE hard copies …`).
pub(super) const KIND_ADJECTIVES: &[&str] = &["hard", "paper", "printed", "electronic"];

/// Verbs that make a rule of what a kind of paper may do (see [`KIND_NOUNS`]).
pub(super) const RULE_VERBS: &[&str] = &[
    "go",
    "goes",
    "must",
    "mustn't",
    "should",
    "shouldn't",
    "need",
    "needs",
    "aren't",
    "can't",
    "cannot",
    "never",
    "stay",
    "stays",
    "travel",
    "travels",
    "only",
    "have",
    "has",
];

/// Verbs of removing right before the marking, with `off` or `from` after it: the
/// marking is taken off something (`keep stripping OFFICIAL-SENSITIVE off drafts`).
pub(super) const REMOVING: &[&str] = &[
    "strip",
    "strips",
    "stripping",
    "stripped",
    "remove",
    "removes",
    "removing",
    "removed",
    "take",
    "takes",
    "taking",
    "took",
];

/// Words after `on` right after the marking: it is put on everything (`OFFSEN on
/// everything just means people ignore it`), a complaint about over-use.
pub(super) const EVERYTHING: &[&str] = &["everything", "every", "all", "anything"];

/// Prepositions of a place or channel right after a marking that a gerund opening
/// the sentence takes as its object (`Printing OFFICIAL-SENSITIVE at home …`,
/// `Discussing TOP SECRET over the phone …`): a practice talked about.
pub(super) const PRACTICE_PLACES: &[&str] = &[
    "at", "on", "in", "over", "via", "by", "outside", "into", "onto",
];

/// Adverbs between a marking and the verb of a statement about it (`REL TO USA, GBR
/// just means …`, `OFFICIAL-SENSITIVE usually covers …`): the verb is read past them.
pub(super) const ADVERBS: &[&str] = &[
    "just",
    "really",
    "actually",
    "usually",
    "normally",
    "generally",
    "basically",
    "simply",
];

/// Verbs opening a yes-no question: before `it` in a question right after a marking
/// opening its line, `it` is the marking (`OFFICIAL-SENSITIVE: can it go to a personal
/// email address?`).
pub(super) const YES_NO: &[&str] = &[
    "can", "could", "does", "do", "should", "must", "may", "is", "would", "will",
];
