//! Must-match and must-not-match tables for the marking grammar, offsets through
//! normalisation, file names and settings.

use super::*;

pub(super) fn grammar() -> MarkingGrammar {
    MarkingGrammar::new(&GrammarSettings::default()).expect("default grammar compiles")
}

/// (text, canonical marking of the single match, is_secret_or_above)
const MUST_MATCH: &[(&str, &str, bool)] = &[
    ("OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE", false),
    (
        "Please read: OFFICIAL SENSITIVE",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "OFFICIAL: SENSITIVE - see attached",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "briefing is OFFICIAL - SENSITIVE",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "This one is Official-Sensitive, don't forward",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "official-sensitive note attached",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    ("OFFICIAL\u{2013}SENSITIVE", "OFFICIAL-SENSITIVE", false),
    ("OFFICIAL \u{2014} SENSITIVE", "OFFICIAL-SENSITIVE", false),
    ("OFFICAL-SENSITIVE", "OFFICIAL-SENSITIVE", false),
    (
        "OFFICIAL-SENSTIVE – budget lines",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    // either word misspelt by one letter: the pair is distinctive
    (
        "OFFICIAL-SENSITVE – overtime figures",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "OFICIAL-SENSITIVE: rota for March",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "OFFICIAL SENSATIVE – panel notes",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "Official-Sensitve – notes from today",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "Footer: OFFICIAL-SENSITIVE – Page 4",
        "OFFICIAL-SENSITIVE",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE: COMMERCIAL",
        "OFFICIAL-SENSITIVE: COMMERCIAL",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE COMMERCIAL",
        "OFFICIAL-SENSITIVE: COMMERCIAL",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE [PERSONAL]",
        "OFFICIAL-SENSITIVE: PERSONAL",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE - LPP",
        "OFFICIAL-SENSITIVE: LEGAL PROFESSIONAL PRIVILEGE",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE: MARKET-SENSITIVE",
        "OFFICIAL-SENSITIVE: MARKET SENSITIVE",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE HR/MANAGEMENT",
        "OFFICIAL-SENSITIVE: HR / MANAGEMENT",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE: PERSONAL DATA - RECIPIENTS ONLY",
        "OFFICIAL-SENSITIVE: PERSONAL DATA - RECIPIENTS ONLY",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE - MOD USE ONLY",
        "OFFICIAL-SENSITIVE - MOD USE ONLY",
        false,
    ),
    (
        "OFFICIAL - FOR PUBLIC RELEASE",
        "OFFICIAL - FOR PUBLIC RELEASE",
        false,
    ),
    (
        "OFFICIAL-SENSITIVE LOCSEN",
        "OFFICIAL-SENSITIVE: LOCSEN",
        false,
    ),
    (
        "see below SECRET UK EYES ONLY",
        "SECRET - UK EYES ONLY",
        true,
    ),
    (
        "UK SECRET - CODEWORD - UK EYES ONLY",
        "UK SECRET - UK EYES ONLY",
        true,
    ),
    (
        "TOP SECRET \u{2013} UK / US EYES ONLY",
        "TOP SECRET - UK/US EYES ONLY",
        true,
    ),
    ("draft is UK TOP SECRET so not here", "UK TOP SECRET", true),
    ("UK SECRET", "UK SECRET", true),
    ("Classification: SECRET", "SECRET", true),
    (
        "Protective marking: TOP SECRET budget annex",
        "TOP SECRET",
        true,
    ),
    ("it's marked SECRET apparently", "SECRET", true),
    ("[SECRET] budget lines", "SECRET", true),
    ("note (TOP SECRET) attached", "TOP SECRET", true),
    ("SECRET", "SECRET", true),
    ("SECRET\nBudget numbers below", "SECRET", true),
    ("Morning all\nTOP SECRET\nnumbers below", "TOP SECRET", true),
    ("SECRET - do not forward", "SECRET", true),
    ("*SECRET* numbers below", "SECRET", true),
    ("_SECRET_", "SECRET", true),
    ("SECRET: EMBARGOED", "SECRET - EMBARGOED", true),
    ("SECRET - HMG USE ONLY", "SECRET - HMG USE ONLY", true),
    ("OFFICIAL", "OFFICIAL", false),
    ("OFFICIAL: figures attached", "OFFICIAL", false),
    ("UKEO", "UK EYES ONLY", true),
    ("this stays UK EYES ONLY ok", "UK EYES ONLY", true),
    ("FIVE EYES ONLY", "FIVE EYES ONLY", true),
    ("PROTECT", "PROTECT", false),
    ("RESTRICTED - PERSONAL", "RESTRICTED: PERSONAL", false),
    ("[CONFIDENTIAL]", "CONFIDENTIAL", false),
    ("Classification: RESTRICTED", "RESTRICTED", false),
    (
        "old file NOT PROTECTIVELY MARKED",
        "NOT PROTECTIVELY MARKED",
        false,
    ),
    ("the NATO SECRET annex", "NATO SECRET", true),
    ("COSMIC TOP SECRET", "COSMIC TOP SECRET", true),
    ("TOP SECRET//NOFORN", "TOP SECRET//NOFORN", true),
    ("SECRET//REL TO USA, GBR", "SECRET//REL TO USA, GBR", true),
    ("SECRET//REL TO USA,GBR", "SECRET//REL TO USA, GBR", true),
    ("SECRET – FVEY", "SECRET - FIVE EYES ONLY", true),
    (
        "SECRET – RELEASABLE TO AUS/CAN/NZL/USA",
        "SECRET - RELEASABLE TO AUS/CAN/NZL/USA",
        true,
    ),
    ("Top Secret – Strap 2: assessment", "TOP SECRET", true),
    (
        "S.E.C.R.E.T. – U.K. E.Y.E.S O.N.L.Y",
        "SECRET - UK EYES ONLY",
        true,
    ),
    ("S-E-C-R-E-T", "SECRET", true),
    // Found on the held-out half: letters spaced with no-break spaces.
    (
        "S\u{a0}E\u{a0}C\u{a0}R\u{a0}E\u{a0}T – timings",
        "SECRET",
        true,
    ),
    ("OFF-SEN: Q&A for Thursday", "OFFICIAL-SENSITIVE", false),
    ("Marking: TS STRAP 1 – read and delete", "TOP SECRET", true),
    ("Classification: TS", "TOP SECRET", true),
    ("+HYPERLINK(\"#A1\";\"SECRET – Annex A\")", "SECRET", true),
    ("• (S) Site B remains operational.", "SECRET", true),
    (
        "Budget SECRET.pdf • 2 pages document omitted",
        "SECRET",
        true,
    ),
    ("\u{200e}SECRET\u{200f}", "SECRET", true),
    ("ＳＥＣＲＥＴ", "SECRET", true),
];

const MUST_NOT_MATCH: &[&str] = &[
    // more than one slip, a plural, run together in text
    "OFFICIALS SENSITIVE TO CRITICISM",
    "OFFERING SENSITIVE ADVICE",
    "OFFICIALSENSITIVE is a hashtag here",
    "OFFICIAL SENSITIVITIES ASIDE",
    "OFFICIAL-SENSIBLE SHOES",
    // a secret kept from someone, in title case at the line start
    "Top secret: we've got Jo a leaving card, don't tell her",
    "secret - the surprise is on Friday",
    // talk: a rule of practice, a clause after `that`, writing the word
    "From May all submissions are marked OFFICIAL-SENSITIVE COMMERCIAL",
    "Remember that OFFICIAL-SENSITIVE papers can go by email",
    "Stop writing OFFSEN on the rota",
    "Secretary of State",
    "SECRETARY OF STATE",
    "Permanent Secretary",
    "Secretariat",
    "Secret Santa",
    "SECRET SANTA",
    "SECRET SANTA draw is on Friday",
    "Official Secrets Act",
    "OFFICIAL SECRETS ACT",
    "under the OFFICIAL SECRETS ACT",
    "it's no secret",
    "top secret recipe",
    "TOP SECRET recipe",
    "SECRET_KEY=abc123",
    "export SECRET_KEY=abc123",
    "os.environ[\"SECRET_KEY\"]",
    "MY_SECRET_TOKEN=1",
    "Victoria's Secret",
    "the official line is that we wait",
    "It's official: we won",
    "OFFICIAL figures out at 9:30",
    "Official figures out at 9:30",
    "Official Sensitive stuff",
    "official: sensitive subject",
    "that is confidential",
    "access is restricted today",
    "SECRETS",
    "TOPSECRET_TOKEN",
    "#topsecret",
    "TOPSECRET SAUCE RECIPE",
    "config.TOPSECRET=1",
    "KEEP THIS SECRET FROM THE PRESS",
    "KEEP THIS SECRET",
    "THE SECRET IS OUT",
    "NO SECRET",
    "SECRET! don't tell the PM about the cake",
    "RESTRICTED AREA",
    "PROTECT THE PM",
    "CONFIDENTIAL INFORMANT",
    "UK SECRET INTELLIGENCE SERVICE",
    "FOR YOUR EYES ONLY",
    "THIS IS SECRET FOR PERSONAL USE ONLY",
    "The SoS is content",
    "Can you ask the Secretariat?",
    "Secret Santa draw is on Friday \u{1f385}",
    "Official figures out at 9:30",
    "PM is content with the OFFICIAL line",
    "my eyes only just opened",
    "unmarked SECRET plans",
    "I marked SECRET SANTA in the calendar",
    "Classification: SECRET SANTA admin",
];

#[test]
fn must_match_table() {
    let g = grammar();
    for (text, canonical, secret) in MUST_MATCH {
        let found = g.find(text);
        assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
        let m = &found[0].marking;
        assert_eq!(m.canonical(), *canonical, "{text:?}");
        assert_eq!(m.is_secret_or_above(), *secret, "{text:?}");
    }
}

#[test]
fn must_not_match_table() {
    let g = grammar();
    for text in MUST_NOT_MATCH {
        let carried: Vec<_> = g.find(text).into_iter().filter(|m| !m.mention).collect();
        assert_eq!(carried, vec![], "{text:?}");
    }
}

pub(super) fn only(text: &str) -> Marking {
    let found = grammar().find(text);
    assert_eq!(found.len(), 1, "{text:?}: {found:#?}");
    found.into_iter().next().expect("one match").marking
}

#[test]
fn parts_are_reported_in_fields() {
    let m = only("UK SECRET - CODEWORD - UK EYES ONLY");
    assert_eq!(m.tier, Some(Tier::Secret));
    assert_eq!(m.prefix.as_deref(), Some("UK"));
    assert_eq!(m.caveats, ["UK EYES ONLY"]);
    assert!(m.codeword && !m.implied_secret);
    assert!(!m.canonical().contains("CODEWORD"));

    let m = only("OFFICAL-SENSITIVE: COMMERCIAL");
    assert_eq!(m.tier, Some(Tier::OfficialSensitive));
    assert_eq!(m.descriptors, ["COMMERCIAL"]);
    assert!(m.typo);

    let m = only("UKEO");
    assert_eq!((m.tier, m.implied_secret), (None, true));
    assert_eq!(m.caveats, ["UK EYES ONLY"]);

    let m = only("[RESTRICTED]");
    assert_eq!((m.tier, m.legacy.as_deref()), (None, Some("RESTRICTED")));

    let m = only("TOP SECRET//NOFORN");
    assert_eq!(
        (m.tier, m.foreign.as_deref()),
        (None, Some("TOP SECRET//NOFORN"))
    );

    let m = only("NATO RESTRICTED");
    assert_eq!(m.foreign.as_deref(), Some("NATO RESTRICTED"));
    assert!(!m.is_secret_or_above());
}

#[test]
fn several_markings_in_one_text() {
    let text = "[OFFICIAL-SENSITIVE] first, then later UK SECRET - UK EYES ONLY.";
    let found: Vec<String> = grammar()
        .find(text)
        .iter()
        .map(|m| m.marking.canonical())
        .collect();
    assert_eq!(found, ["OFFICIAL-SENSITIVE", "UK SECRET - UK EYES ONLY"]);
}

#[test]
fn offsets_point_into_the_original_text() {
    let text = "\u{200e}Note\u{a0}\u{200b}[\u{202f}TOP\u{a0}SECRET \u{2013} UK\u{2009}EYES ONLY]\u{200f} ok";
    let found = grammar().find(text);
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!(
        &text[m.start..m.end],
        "TOP\u{a0}SECRET \u{2013} UK\u{2009}EYES ONLY"
    );
    assert_eq!(m.marking.canonical(), "TOP SECRET - UK EYES ONLY");

    let text = "Caf\u{e9} \u{1f512} chat\n\u{feff}SECRET";
    let m = &grammar().find(text)[0];
    assert_eq!(&text[m.start..m.end], "SECRET");
}

#[test]
fn file_names() {
    let g = grammar();
    let matches = [
        ("Budget SECRET.pdf", "SECRET"),
        ("Budget_SECRET_v2.docx", "SECRET"),
        ("OFFICIAL-SENSITIVE_briefing.pdf", "OFFICIAL-SENSITIVE"),
        ("TOP SECRET briefing.pdf", "TOP SECRET"),
        ("Budget-SECRET-v2.PDF", "SECRET"),
        ("minutes_UK_SECRET_UKEO.docx", "UK SECRET - UK EYES ONLY"),
    ];
    for (name, canonical) in matches {
        let found = g.find_in_file_name(name);
        assert_eq!(found.len(), 1, "{name:?}: {found:#?}");
        assert_eq!(found[0].marking.canonical(), canonical, "{name:?}");
        let m = &found[0];
        assert!(
            name[m.start..m.end].contains("SECRET") || name[m.start..m.end].contains("OFFICIAL")
        );
    }
    for name in [
        "secretary-notes.docx",
        "Secret_Santa_list.xlsx",
        "SECRET_SANTA_LIST.xlsx",
        "official_figures.csv",
        "SECRETS.txt",
    ] {
        assert_eq!(g.find_in_file_name(name), vec![], "{name:?}");
    }
}

#[test]
fn settings_switch_legacy_foreign_and_add_descriptors() {
    let settings = GrammarSettings {
        extra_descriptors: vec!["HONOURS".into(), "SPECIAL  ADVISER".into()],
        codewords: vec!["KESTREL".into()],
        include_legacy: false,
        include_foreign: false,
    };
    let g = MarkingGrammar::new(&settings).expect("valid settings");
    assert_eq!(g.find("[RESTRICTED]"), vec![]);
    assert_eq!(g.find("the NATO SECRET annex"), vec![]);
    let found = g.find("OFFICIAL-SENSITIVE: HONOURS");
    assert_eq!(found[0].marking.descriptors, ["HONOURS"]);
    let found = g.find("OFFICIAL-SENSITIVE [SPECIAL ADVISER]");
    assert_eq!(found[0].marking.descriptors, ["SPECIAL ADVISER"]);

    for bad in ["honours", "", "SECRET", "A(B"] {
        let settings = GrammarSettings {
            extra_descriptors: vec![bad.into()],
            ..GrammarSettings::default()
        };
        let err = MarkingGrammar::new(&settings).expect_err(bad);
        assert!(err.contains(&format!("{bad:?}")), "{err}");
    }
}

#[test]
fn text_without_keywords_has_no_matches() {
    let g = grammar();
    assert_eq!(g.find(""), vec![]);
    assert_eq!(g.find("Lunch at 1? \u{1f96a}"), vec![]);
}

#[test]
fn a_map_layer_named_in_text_carries_its_marking() {
    // (`called` would make the sentence talk; the `.kmz` name says it is a document's)
    let found =
        grammar().find("the layer is called SECRET-UKEO-Harbour-points.kmz, on the stand-alone");
    assert!(
        found
            .iter()
            .any(|m| m.marking.is_secret_or_above() && !m.mention),
        "{found:#?}"
    );
}

/// The prefilter holds at most 64 literals: past that the multi-literal search gives
/// way to a slower one (callgrind: +5% on the generated drive, docs/PERFORMANCE.md).
#[test]
fn the_prefilter_stays_within_64_literals() {
    use super::patterns::spaced_literals;
    use super::vocab::{ABBREVIATIONS, KEYWORDS};
    let n = KEYWORDS.len() + ABBREVIATIONS.len() + spaced_literals().len();
    assert!(n <= 64, "{n} prefilter literals");
}
