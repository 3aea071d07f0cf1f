//! The marking grammar's vocabulary as tables: the keywords its prefilter looks for
//! (derived from the tiers, abbreviations and spaced-out words below), national
//! caveats, handling instructions, descriptors, US controls, default codewords, and
//! the English words that rule out a reading as a marking.

use super::forms::Form;

/// Keywords written as they appear (case-sensitive): text with none of these, no
/// spaced-out tier and no tier at the start of a line has no marking.
pub(super) const KEYWORDS: &[&str] = &[
    "SECRET",
    "OFFICIAL",
    "OFFICAL",
    "PROTECT",
    "RESTRICTED",
    "CONFIDENTIAL",
    "EYES",
    "UKEO",
    // caveats that stand alone as markings (see `CAVEAT`)
    "FVEY",
    "REL TO",
    "RELEASABLE TO",
    // a handling instruction makes a short abbreviation a marking (`S – HMG USE ONLY`)
    "USE ONLY",
    // EU classified information (`RESTREINT UE/EU RESTRICTED`)
    "RESTREINT",
    "CONFIDENTIEL",
    "-Sensitive",
    "-sensitive",
    // `OFICIAL-SENSITIVE`: the first word misspelt
    "-SENSITIVE",
];

/// Abbreviations of tiers as the prefilter looks for them: with what may follow
/// them, so no literal is shorter than three bytes (two-byte literals would make
/// the multi-literal search give way to a slower scan). `TS` also covers `CTS`;
/// `OFF` every spelling of `OFFSEN` (joined, or by `-`, `_` or a blank), keeping the
/// literals, with the keywords' and the spaced words', within 64.
pub(super) const ABBREVIATIONS: &[&str] = &[
    "TS ", "TS-", "TS:", "TS/", "TS)", "TS]", "TS\t", "TS\n", "TS\r", "S//", "OFF", "O-S", "OS ",
    "OS-", "OS:", "OS)", "OS\n", "OS\r",
    // document names join words with `_` (`TS_STRAP2_readahead.pdf`)
    "TS_", "OS_",
];

/// Abbreviations that may end a text (`Classification: TS`), checked beside the prefilter.
/// (`: S` for `Marking: S`, the single letter being too common for the prefilter.)
pub(super) const ABBREVIATION_ENDS: &[&str] = &["TS", "OS", ": S"];

/// Portion marks, inside `(…)`: `(TS)`, `(S)`, `(OS)`, NATO's `(CTS)`, `(NS)`,
/// `(NC)`, `(NR)`, US `(C)`, and `(O)`; longest first.
pub(super) const PORTION_MARKS: &[&str] = &["CTS", "TS", "NS", "NC", "NR", "OS", "S", "C", "O"];

/// Portion marks open a paragraph: a line whose first character (after blanks,
/// bullets and `>`) is `(` is looked at whatever the prefilter says.
pub(super) const PORTION_OPEN: char = '(';

/// Words that are also recognised spaced or dotted out (`S E C R E T`, `S.E.C.R.E.T`).
/// (Not `PROTECT`, the lowest of the old tiers, which no corpus line has spelt out:
/// its five literals went to [`SPACED_EXTRA`].)
pub(super) const SPACED_WORDS: &[&str] = &["SECRET", "OFFICIAL", "RESTRICTED", "CONFIDENTIAL"];

/// Spelt-out forms the table of words and separators does not make: the caveats
/// dotted out (`U.K. E.Y.E.S. O.N.L.Y.`, `U.K.E.O.`), `secret` dotted in title case
/// (`S.e.c.r.e.t – …`) and `OFFSEN` dotted (`O.F.F.S.E.N – …`), each looked for by a
/// part. (Not `secret` spaced in lower case, `s e c r e t`: any part of it opens with
/// letters side by side in ordinary words, and the multi-literal search then stops
/// so often that it costs +0.6% on the generated drive, callgrind.)
pub(super) const SPACED_EXTRA: &[&str] = &["E.Y.E.S", "K.E.O", "S.e.c.r", "O.F.F.S"];

/// Second words of a marking spelt out after a first one written plainly
/// (`OFFICIAL S E N S I T I V E`, `OFFICIAL-S.E.N.S.I.T.I.V.E`): not in the
/// prefilter, which has seen the first word already, but joined like the words of
/// [`SPACED_WORDS`].
pub(super) const SPACED_SECOND: &[&str] = &["SENSITIVE"];

/// How letters of a spaced or dotted word may be separated, with the form each
/// gives (see `spaced`); the prefilter looks for every spaced word with each.
pub(super) const SPACED_SEPARATORS: &[(&str, Form)] = &[
    (" ", Form::Spaced),
    ("  ", Form::Spaced),
    ("-", Form::Spaced),
    (".", Form::Dotted),
    ("·", Form::Dotted),
    // a symbol repeated between the letters (`S_E_C_R_E_T`, `S/E/C/R/E/T`,
    // `S*E*C*R*E*T`), for SECRET only (see [`SPACED_SECRET_ONLY`])
    ("_", Form::Dotted),
    ("/", Form::Dotted),
    ("*", Form::Dotted),
];

/// Separators of [`SPACED_SEPARATORS`] the prefilter looks for with `SECRET` alone:
/// every literal counts, and past 64 of them the multi-literal search gives way to a
/// slower one (callgrind: +5% on the generated drive).
pub(super) const SPACED_SECRET_ONLY: &[&str] = &["_", "/", "*"];

/// Two words spelt out as one run without a gap, where the gap goes back in:
/// (the letters, how many letters before the gap, the gap).
pub(super) const SPACED_COMPOUNDS: &[(&str, usize, char)] =
    &[("OFFICIALSENSITIVE", 8, '-'), ("TOPSECRET", 3, ' ')];

/// First words of a marking, for title- and lower-case markings at the start of a
/// line (compared case-insensitively).
pub(super) const LINE_HEADS: &[&str] = &[
    "top",
    "secret",
    "official",
    "offical",
    "uk",
    "nato",
    "cosmic",
    "restricted",
    "confidential",
    "protect",
    // the abbreviation of OFFICIAL-SENSITIVE (`offsen – …`)
    "offsen",
    "offsens",
    // a caveat alone (`ukeo – cost model, do not share`)
    "ukeo",
    // `Off-Sen: …`, `Off-Sens – …`
    "off",
];

/// National caveats. Countries are a closed list so `FOR YOUR EYES ONLY` is not one.
/// `RELEASABLE TO` / `REL TO` take a country list; `FVEY` is the Five Eyes short form.
pub(super) const CAVEAT: &str = r"UKEO|FVEY|(?:UK|GBR?|USA?|AUS|CAN|NZL?|FIVE)(?:␣*/␣*(?:UK|GBR?|USA?|AUS|CAN|NZL?))*␣+EYES␣+ONLY|(?:RELEASABLE|REL)␣+(?:TO␣+)?(?:UK|GBR?|USA?|AUS|CAN|NZL?|NATO|FVEY)(?:␣*[/,]␣*(?:UK|GBR?|USA?|AUS|CAN|NZL?|NATO|FVEY))*";

/// EU classified information markings, French then English (`RESTREINT UE/EU
/// RESTRICTED`, `SECRET UE/EU SECRET`), or the English half alone (`EU RESTRICTED`).
pub(super) const EU_MARKING: &str = r"(?:RESTREINT|CONFIDENTIEL|SECRET|TR(?:E|È)S␣+SECRET)␣+UE(?:␣*/␣*EU␣+(?:RESTRICTED|CONFIDENTIAL|TOP␣+SECRET|SECRET))?|EU␣+(?:RESTRICTED|CONFIDENTIAL|TOP␣+SECRET|SECRET)";

/// Handling instructions: the GSCP's, and the informal `DO NOT CIRCULATE` family
/// written after a tier in document names (`…_TOP_SECRET_DO_NOT_CIRCULATE.docx`).
pub(super) const HANDLING: &str = r"RECIPIENTS␣+ONLY|FOR␣+PUBLIC␣+RELEASE|EMBARGOED|DO␣+NOT␣+(?:CIRCULATE|FORWARD|DISTRIBUTE|COPY)|(?P<org>[A-Z][A-Z0-9&]*(?:␣+[A-Z][A-Z0-9&]*){0,2})␣+USE␣+ONLY";

/// Built-in descriptors, longest alternatives first.
pub(super) const DESCRIPTORS: &str = r"PERSONAL␣+DATA|LEGAL␣+PROFESSIONAL␣+PRIVILEGE|LPP|MARKET[␣-]+SENSITIVE|COMMERCIAL|COMM|HR␣*/␣*MANAGEMENT|LOCSEN|LEGAL|PERSONAL";

/// US dissemination controls after `//`: `NOFORN`, `SI/TK`, `REL TO USA, GBR`.
pub(super) const US_CONTROL: &str =
    r"REL␣+TO␣+[A-Z]{2,5}(?:␣*,␣*[A-Z]{2,5})*|[A-Z][A-Z0-9-]*(?:/[A-Z][A-Z0-9-]*)*";

/// Words that make `… USE ONLY` ordinary English rather than `<ORG> USE ONLY`.
pub(super) const NOT_ORGS: &[&str] = &[
    "FOR", "THE", "MY", "YOUR", "OUR", "HIS", "HER", "THEIR", "PERSONAL", "PRIVATE", "INTERNAL",
];

/// Codewords and compartments recognised after a tier without further evidence
/// (`TOP SECRET STRAP 3`, `COSMIC TOP SECRET ATOMAL`); rule packs add their own.
pub const DEFAULT_CODEWORDS: &[&str] = &["STRAP", "CODEWORD", "ATOMAL"];

/// English words that follow `SECRET` / `TOP SECRET` in ordinary shouted phrases,
/// so are never read as a codeword (`SECRET SANTA`, `TOP SECRET RECIPE`).
pub(super) const NOT_CODEWORDS: &[&str] = &[
    "SANTA",
    "SANTAS",
    "SERVICE",
    "SERVICES",
    "INTELLIGENCE",
    "SOCIETY",
    "GARDEN",
    "GARDENS",
    "RECIPE",
    "RECIPES",
    "AGENT",
    "AGENTS",
    "WEAPON",
    "SAUCE",
    "INGREDIENT",
    "POLICE",
    "BALLOT",
    "ADMIRER",
    "LIFE",
    "DIARY",
    "MISSION",
    "PLAN",
    "PLANS",
    "CINEMA",
    "HISTORY",
    "MUSEUM",
    "BURGER",
    "SQUIRREL",
    "MENU",
    "PARTY",
    "PASSAGE",
    "DOOR",
    "ROOM",
    "SHOPPER",
    "LAIR",
    "CODE",
    "WORD",
    "HANDSHAKE",
    "TUNNEL",
    "CLUB",
    "WEDDING",
    "MESSAGE",
    "MESSAGES",
    "FORMULA",
    "WISH",
    "DEAL",
    "AFFAIR",
    "ISLAND",
    "KEYS",
    "TOKEN",
    "FILES",
    "FILE",
    "DOCUMENTS",
    "STUFF",
    "THAT",
    "FROM",
    "WITH",
    "THIS",
    "WILL",
    "HERE",
    "JUST",
    "ABOUT",
    "WHEN",
    "WHAT",
    "THEY",
    "THEN",
    "BEEN",
    "HAVE",
    "WERE",
    "INTO",
    "OVER",
    "SOON",
    "NEVER",
    "TOLD",
    "KEPT",
    "KEEP",
    "LOVE",
    "SAFE",
    "SHOW",
    "GAME",
    "GAMES",
    "SALE",
    "RECORDING",
    "IDENTITY",
    "SHHH",
    "SHH",
    "LOLS",
    "AGAIN",
    "ANYONE",
    "GIFT",
    "GIFTS",
    "SWAP",
    "DRAW",
    "MATERIAL",
    "INFORMATION",
    "BIRTHDAY",
    "SURPRISE",
    "PROJECT",
    "PROJECTS",
    "OPERATION",
    "PRESENT",
    "PRESENTS",
    "TRAINING",
    "MEETING",
    "SHOP",
    "BOOK",
    "BOOKS",
    "FILM",
    "MOVIE",
    "TOUR",
    "NIGHT",
    "WEEKEND",
    "HIDEOUT",
    "LOVER",
    "TRICK",
    "TRICKS",
    "TIPS",
    "WEAPONS",
    "MISSIONS",
    "INGREDIENTS",
    "NEWS",
    "GOSSIP",
    "STASH",
    "HIDING",
    "PLACE",
    "SPOT",
    "SNACK",
    "SNACKS",
    "CAKE",
    "TALENT",
    "POWER",
    "POWERS",
    "STORY",
    "LANGUAGE",
    "SOURCE",
    "TIP",
    // `SECRET TO A GOOD GRAVY`, `the SECRET OF …`, `SECRET BEHIND …`: the noun
    "TO",
    "OF",
    "BEHIND",
    "LIES",
    // laughter and hushing after a jokey `SECRET`
    "LOL",
    "HAHA",
    "LMAO",
    "JK",
    // a kind of thing disposed of, a rule's topic (`SECRET waste: cross-cut shredder …`)
    "WASTE",
    "STASH",
    // the words reported as written somewhere (`TOP SECRET written on a cake box …`)
    "WRITTEN",
    "SCRAWLED",
    "SCRIBBLED",
    "STAMPED",
];

/// Words that advertise a show, a book, a song, a game or a product, found on the
/// line of a bare marking word (see `core_match::is_publicity`): the line is a
/// title (`TOP SECRET: THE MUSICAL – NOW BOOKING`). Compared case-insensitively.
/// (Not words official papers use too: `theatre`, `series`, `launch`, `open`,
/// `novel` as in a novel threat, `trailer` as on a lorry.)
pub(super) const PUBLICITY: &[&str] = &[
    "MUSICAL",
    "MUSICALS",
    "PAPERBACK",
    "HARDBACK",
    "AUDIOBOOK",
    "BESTSELLER",
    "BESTSELLING",
    "MEMOIR",
    "UNTOLD",
    "BOOKING",
    "TICKETS",
    "MATINEE",
    "PREMIERE",
    "TEASER",
    "SEQUEL",
    "STARRING",
    "EPISODE",
    "EPISODES",
    "CINEMA",
    "CINEMAS",
    "SONG",
    "SONGS",
    "ALBUM",
    "LYRICS",
    "PLAYLIST",
    "REMIX",
    "SOUNDTRACK",
    "PODCAST",
    "GAMEPLAY",
    "WALKTHROUGH",
    "FRAGRANCE",
    "PERFUME",
    "EDP",
    "COLOGNE",
];

/// Emoji that follow a jokey "secret" in chat as `lol` or `shh` do (laughing,
/// winking, hushing, a surprise or a present), so they do not set a bare tier off as
/// a marking the way other symbols do (`SECRET 🤫` is not `SECRET 🔒 grid attached`).
pub(super) const ORDINARY_EMOJI: &[&str] = &[
    "😂", "🤣", "😆", "😅", "😄", "😁", "😉", "😜", "😝", "😏", "🤫", "🤭", "🙊", "🤐", "🎅", "🎁",
    "🎉", "🥳", "🎂", "😍", "🥰", "❤", "😘", "👀",
];

/// Words joined before a bare `SECRET` that make it a software secret
/// (`JWT_SECRET`, `client-secret.json`), compared case-insensitively.
pub(super) const SOFTWARE_BEFORE: &[&str] = &[
    "JWT",
    "API",
    "CLIENT",
    "APP",
    "AWS",
    "AZURE",
    "GCP",
    "DB",
    "OAUTH",
    "OAUTH2",
    "TOKEN",
    "SHARED",
    "WEBHOOK",
    "SIGNING",
    "HMAC",
    "SESSION",
    "MASTER",
    "ENCRYPTION",
    "K8S",
    "KUBE",
    "KUBERNETES",
    "VAULT",
    "GITHUB",
    "GITLAB",
    "STRIPE",
    "SLACK",
    "SSH",
    "TOTP",
    "OTP",
    "CSRF",
    "COOKIE",
    "AUTH",
    "ACCESS",
    "REFRESH",
    "CONSUMER",
    "SECRET",
    "DJANGO",
    "RAILS",
    "ENV",
];

/// Words right after a bare `SECRET` that make it a software secret
/// (`SECRET_rotation`, `secret-key.txt`), compared case-insensitively.
pub(super) const SOFTWARE_AFTER: &[&str] = &[
    "KEY", "KEYS", "TOKEN", "TOKENS", "ROTATION", "ROTATE", "MANAGER", "STORE", "VAULT", "SCAN",
    "SCANNING", "SCANNER", "HASH", "ENV", "CONFIG", "YAML", "YML", "JSON", "VALUE", "VALUES",
    "SPRAWL", "LEAK", "LEAKED",
];

/// Words that do not spell out an abbreviation beside it (`TS – the schedule …` is
/// no expansion of `TS`; see `core_match::is_spelt_out`).
pub(super) const NOT_EXPANSION: &[&str] = &[
    "the", "this", "that", "these", "those", "to", "so", "see", "some", "still", "should", "she",
    "send", "sent", "our", "on", "of", "or", "one", "only", "over", "out", "today", "tomorrow",
    "thanks", "sorry", "soon",
];

/// Words that give a bare `TS`, `OS` or `CTS` on the same line another meaning
/// (`TS/SCI clearance required`, `TS Eliot`), compared case-insensitively.
pub(super) const NOT_WITH_ABBREVIATION: &[&str] = &[
    // Nova Scotia (`NS – flight to Halifax …`), JavaScript beside TypeScript
    "halifax",
    "scotia",
    "js",
    "linting",
    "clearance",
    "clearances",
    "cleared",
    "vetting",
    "vetted",
    "eliot",
    "poem",
    "poems",
    "poetry",
    "syllabus",
    "typescript",
    "timestamp",
    // a gloss (`OS/TS on the rota means …`)
    "means",
    "stands",
];

/// Kinds of document: an abbreviated tier opening a document name before one of
/// these marks the document (`TS_annex_B_v1.pptx`, `OS-minutes-March.docx`), as a
/// caveat or codeword would (compared case-insensitively).
pub(super) const DOCUMENT_NOUNS: &[&str] = &[
    "annex",
    "annexe",
    "appendix",
    "brief",
    "briefing",
    "readout",
    "minutes",
    "minute",
    "note",
    "notes",
    "summary",
    "report",
    "assessment",
    "draft",
    "slides",
    "deck",
    "paper",
    "submission",
    "sub",
    "letter",
    "memo",
    "pack",
    "agenda",
    "sitrep",
    "options",
    "proposal",
    "analysis",
    "extract",
    "timeline",
    "tasking",
    "intsum",
    "handover",
];

/// US controls as a document name writes them after an abbreviated tier, `//` having
/// become `_` or `-` (`TS-SI-TK_…`, `S_NF_…`): two of them chained, or one of
/// [`FILE_CONTROLS_ALONE`], are the abbreviation's evidence.
pub(super) const FILE_CONTROLS: &[&str] = &["SI", "TK", "G", "HCS", "NF", "NOFORN", "ORCON"];

/// See [`FILE_CONTROLS`]: distinctive alone (not `TS_SI_units.xlsx`).
pub(super) const FILE_CONTROLS_ALONE: &[&str] = &["NF", "NOFORN", "ORCON"];

/// Determiners before a marking word used as a noun (`it's no SECRET that`).
pub(super) const NOUN_BEFORE: &[&str] = &[
    "the",
    "a",
    "no",
    "our",
    "my",
    "your",
    "his",
    "her",
    "their",
    "its",
    "big",
    "little",
    "open",
    "dirty",
    "best-kept",
    "well-kept",
];

/// Words after a determiner and a marking word that show it is a noun
/// (`the SECRET is out`, `the SECRET to a good brief`).
pub(super) const NOUN_AFTER: &[&str] = &[
    "is", "was", "to", "of", "behind", "about", "that", "lies", "out", "i", "we", "you", "he",
    "she", "they", "here",
];

/// Words a `(C)` portion mark must not open (`(C) Crown copyright 2026`).
pub(super) const NOT_PORTION: &[&str] = &[
    "Crown",
    "Copyright",
    "copyright",
    // a size chart (`(S) Small, (M) Medium, (L) Large`)
    "Small",
];

/// Phrases that make a title- or lower-case `Top secret: …` at the start of a line
/// the ordinary English word (a surprise kept from someone), not a marking (lower
/// case, compared with the rest of the line lower-cased).
pub(super) const ORDINARY_SECRECY: &[&str] = &[
    "don't tell",
    "dont tell",
    "do not tell",
    "surprise",
    "keep it quiet",
    "between us",
];

/// Words after an abbreviated tier opening a line that hand the content over
/// (`O-S attached, please keep in this group`): see `judge::labels_content_at_hand`.
pub(super) const HANDED_OVER: &[&str] = &["attached", "enclosed", "below", "follows"];
