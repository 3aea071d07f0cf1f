//! The ways a marking is written ([`Form`]), each with the confidence a match in
//! that form carries and samples that must and must not be recognised in it.
//!
//! The table is data: the tests run every sample through the grammar, and the
//! confidence a finding reports is the confidence of the form its marking was found
//! in. Forms that rely on position alone (lower case at the start of a line, a bare
//! abbreviation) carry less than the canonical upper-case forms.

/// How a marking was written, as far as the recogniser can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    /// Upper case in running text or on a line of its own: `SECRET`, `OFFICIAL-SENSITIVE`.
    Plain,
    /// In a document header or footer line, between gaps or `|` (`Page 3 of 8 | TOP SECRET`).
    HeaderFooter,
    /// A tier with a codeword or compartment: `TOP SECRET STRAP 3`, `SECRET BRACKENFALL`.
    Codeword,
    /// A tier with a caveat, handling instruction or descriptor: `SECRET - UK EYES ONLY`.
    Caveat,
    /// Inside a document or attachment name: `Readout_TOP_SECRET_v2.pdf`.
    FileName,
    /// In brackets or quotes: `[SECRET]`, `«TOP SECRET – STRAP 1»`.
    Quoted,
    /// In a spreadsheet formula: `=HYPERLINK("…","TOP SECRET – …")`.
    Formula,
    /// Title case at the start of a line before `:` or `–`: `Top Secret: …`.
    TitleCase,
    /// Lower case at the start of a line before `:` or `–`: `secret – …`.
    LowerCase,
    /// Letters spaced out: `T O P  S E C R E T`.
    Spaced,
    /// Letters dotted out: `S.E.C.R.E.T`.
    Dotted,
    /// An abbreviation: `TS`, `OFFSEN`, `O-S`, `CTS`, `S-UKEO`.
    Abbreviation,
    /// An upper-case marking word used as one inside a sentence: `this is SECRET so …`.
    InSentence,
    /// A portion marking at the start of a paragraph: `(S) The delegation …`.
    Portion,
}

/// One form: its report name, confidence and samples.
#[derive(Debug, Clone, Copy)]
pub struct FormSpec {
    pub form: Form,
    /// The name used in reports and the evaluation (`title-case`, `spaced`, …).
    pub name: &'static str,
    /// Confidence that a match in this form is a real marking, 0–1.
    pub confidence: f32,
    /// Texts (or, for [`Form::FileName`], file names) recognised with this form.
    pub must_match: &'static [&'static str],
    /// Texts of the same shape that must not be recognised as a marking at all.
    pub must_not_match: &'static [&'static str],
}

/// Every form, in report order.
pub const FORMS: &[FormSpec] = &[
    FormSpec {
        form: Form::Plain,
        name: "plain",
        confidence: 0.95,
        must_match: &[
            "SECRET",
            "TOP SECRET",
            "OFFICIAL-SENSITIVE",
            "UK SECRET",
            "RESTREINT UE/EU RESTRICTED",
            "SECRET UE/EU SECRET",
            // capitals opening a line of ordinary text
            "TOP SECRET the plan is attached",
            "SECRET readout below, pls don't forward",
            // a gap ends a header cell, so `NS/…` does not continue the marking
            "NATO SECRET        NS/EXO/26/044        Page 1/3",
            // an emoji or symbol sets the tier off like a dash
            "SECRET 🔒 grid for the weekend attached",
            "TOP SECRET ⚠️ revised timings below",
            "SECRET → notes from the Harlow call",
            // reply and forward prefixes come before the subject's first word
            "Re: TOP SECRET – can we still meet at 0700?",
            // words of publicity that official prose uses too, or a paragraph, not a title
            "SECRET – novel threat assessment for the 10am",
            "SECRET – trailer movements at Dover overnight",
            "SECRET. Summary of the episode at the Harwell gate on Tuesday, with the timeline and who responded",
            "FW: RE: SECRET – updated list",
            // the two words run together in capitals, standing as a marking
            "TOPSECRET",
            "TOPSECRET – Hexbury timeline, read and delete",
            "OFFICIALSENSITIVE: pay remit lines",
        ],
        must_not_match: &[
            // a title advertised: a show, a book, a song, a product
            "TOP SECRET: A MUSICAL COMEDY – TICKETS ON SALE",
            "CONFIDENTIAL – NOW IN PAPERBACK, BY J. ASHWORTH",
            "SECRET – SEASON 2, EPISODE 4 TONIGHT",
            "SECRET WHISPER – 100ML PERFUME £35",
            "SECRET waste: red sacks only, never the blue bins",
            "OFFICIAL-SENSITIVE: PERSONAL or OFFICIAL: PERSONAL for sick notes?",
            "TOP SECRET recipe for the bake sale",
            "SECRET to a good gravy is patience",
            "TOP SECRET news: new coffee machine on 3",
            "SECRET lol",
            "SECRET Santa draw on Friday",
            "SECRET SANTA",
            "KEEP THIS SECRET",
            "Secretary of State",
            "THE EU SECRET DEAL",
            "SECRET 🤫",
            "TOP SECRET 🎅 names in the hat",
            "Re: Secret Santa draw",
            "Re: SECRET Santa draw on Friday",
            "== SECRET SANTA ==",
            "Fwd: SECRET recipe from Gran",
            "TOP SECRET scrawled on the fridge note again – who's hiding the biscuits",
            "#topsecret plans for the leaving do",
            "TopSecret: the new café on Dean St",
        ],
    },
    FormSpec {
        form: Form::HeaderFooter,
        name: "header-footer",
        confidence: 0.95,
        must_match: &[
            // after a label with `=`
            "Marking = SECRET",
            // set off by ` / ` in a signal's heading
            "DTG 041200Z JUN 25 / SECRET / REF KX-0912",
            // a marking as a sentence of its own among page furniture
            "Copy 2 of 4. SECRET. Not to be copied.",
            "Page 3 of 8  |  TOP SECRET  |  Ref: CAB/0417",
            "Copy No. 4 of 6     SECRET     Ref DSG/0093",
            // set off by other symbols than `|`
            "Ref: KLM/0042 · SECRET · p.4",
            "3 of 7 • TOP SECRET",
            // a banner of `=` is no formula
            "=== SECRET ===",
        ],
        must_not_match: &[
            "Page 3 of 8  |  SECRET SANTA  |  Room 4",
            "Draw · SECRET SANTA · Friday",
            "SECRET = load_env(\"APP_KEY\")",
        ],
    },
    FormSpec {
        form: Form::Codeword,
        name: "codeword",
        confidence: 0.9,
        must_match: &[
            "TOP SECRET STRAP 3",
            "SECRET KINGFERN",
            "SECRET CODEWORD – notes",
            "TOP SECRET WHINCHAT RUSHBECK",
            "SECRET DUSKROW pls delete after reading",
            "SECRET ATLAS readout below",
        ],
        must_not_match: &[
            "SECRET SANTA – NAMES IN THE HAT",
            "TOP SECRET BURGER BAR – 2 FOR 1",
            "OFFICIAL RECEIPT – please keep",
            "TOP SECRET TRAINING DAY",
            "TOP SECRET PROJECT PHOENIX",
            "TOP SECRET BIRTHDAY SURPRISE – shh",
            "TOP SECRET DRUM CORPS at the Tattoo were amazing",
            // brands in capitals: an inflected English word, not a coined name
            "SECRET ESCAPES deal for Lisbon ends tonight",
            "SECRET SALES on at the outlet this weekend",
            "TOP SECRET WINGS opening night was packed",
            // a plural in capitals after the tier is a brand or a title, not a codeword
            "TOP SECRET PIPE BANDS – LIVE ON SATURDAY",
            "SECRET CAVE TOURS – TICKETS FROM £5",
        ],
    },
    FormSpec {
        form: Form::Caveat,
        name: "caveat",
        confidence: 0.95,
        must_match: &[
            // (a caveat outweighs a word of publicity)
            "TOP SECRET – UK EYES ONLY – premiere security plan",
            "SECRET – UK EYES ONLY",
            "OFFICIAL-SENSITIVE: COMMERCIAL",
            // `REL` with its `TO` dropped, as a document name or a hurried banner has it
            "SECRET – REL USA/AUS",
        ],
        must_not_match: &["FOR YOUR EYES ONLY"],
    },
    FormSpec {
        form: Form::FileName,
        name: "filename",
        confidence: 0.9,
        must_match: &[
            // an abbreviation in brackets, or opening the name before a spaced dash
            "Harlbury_risk_register_[TS].xlsx",
            "TS - Corran_minutes_v2.pptx",
            "OffSen_Wexmoor_FOI_draft.docx",
            "Readout_TOP_SECRET_v2.pdf",
            "Annex-SECRET-UKEO.docx",
            "SECRET-RECIPIENTS-ONLY-Annex-C.pdf",
            "NATO-CONFIDENTIAL-Debrief.pdf",
            "brief-secret-ukeo-final.pdf",
            "TS-STRAP1-Assessment.pdf",
            "TS_STRAP2_Greywater_readahead.pdf",
            "Speech_notes_TOP_SECRET_DO_NOT_CIRCULATE.docx",
            "TOPSECRET_Kestrel_options_DRAFT.docx",
            "ts-strap2-notes.pdf",
            "official_sensitive_minutes.docx",
            "SECRET_guide_to_the_Ashcombe_site.pdf",
            // run together, or abbreviated, as only a document name has them
            "OFFICIALSENSITIVE_staffing_v3.xlsx",
            "officialsensitive_minutes_June.docx",
            "OFF-SEN_overtime_claims_Q2.csv",
            "OFF_SEN_panel_scores.xlsx",
            // a typographic dash between blanks separates, as in text
            "TOP SECRET – Hexham options v4 FINAL.docx",
            "SECRET — Minister's note DRAFT.docx",
            // an abbreviation opening the name before the kind of document
            "TS_annex_C_v2.pptx",
            "OS-minutes-March.docx",
            "O-S_draft_lines_Corbridge.docx",
            "TS Readout 3 June.pdf",
            "SECRET_briefing_pack_Harlow.pdf",
            // US controls chained after an abbreviation, `//` become `-` or `_`
            "TS-SI-TK_Brenmoor_assessment.pdf",
            "TS_HCS_NOFORN_sitrep.docx",
            "S-NF_harbour_imagery_brief.pptx",
            "S_NF_liaison_notes.txt",
            "ts-si-tk_collection_summary.pdf",
            "secret - harbour wall survey rev B.dwg",
            "Top Secret - Corran options (PS notes).docx",
            // a NATO tier goes on past an upper-case abbreviation (`WG`, `MC`)
            "NATO_SECRET_WG_outline_v3.pptx",
            "NATO_RESTRICTED_MC_notes_Oct.pdf",
            "SECRET_REL_USA_CAN_deck_final.pptx",
            // the abbreviation with a descriptor of its tier
            "OS_PERSONAL_grievance_log_2026.xlsx",
            "OS-COMMERCIAL_bid_scoring_v4.pdf",
            // a portion mark of SECRET or above opening the name
            "(S) Harrowmere costings.xlsx",
            // one US control after a tier written in full
            "TOP_SECRET_HCS_Fernwick_tasking.zip",
            "SECRET_SI_weekly_digest.docx",
            // the hyphenated `O-S` and `OFFSEN` alone, before any word
            "O-S_HR_casework_Q2.xlsx",
            "O-S Harrowdene site plan.dwg",
            // `TS` or a SECRET-level word in a name not in upper case, before a name
            // and then the kind of document
            "TS_Marlowe_note_final.pdf",
            "secret_fenwold_brief_for_PS.docx",
            "secret-amberwick-annexB.docx",
        ],
        must_not_match: &[
            "TOP_SECRET_vs_SECRET_one_pager.pdf",
            "OS - open source licence review.docx",
            "Induction_UKEO_caveats_explained.pptx",
            "Tiers_SECRET_vs_TOP_SECRET_v3.pptx",
            "Official-Sensitive_marking_examples_for_starters.pptx",
            "Staff_briefing_SECRET_handling_2025.pptx",
            "TS_SI_units_table.xlsx",
            "Secret_Santa_list.xlsx",
            "secret_santa.xlsx",
            "OS_map_route.jpg",
            "TS-Node_build_notes.txt",
            "OS_Commercial_licence_terms.pdf",
            "OS_grid_ref_list.csv",
            "(S) size chart.pdf",
            "TS_Eliot_notes_week3.docx",
            "SECRET_and_TOP_SECRET_storage_explainer.pptx",
            "OFFICIAL-SENSITIVE_quiz_answers_wk2.docx",
            "TS_Eras_Tour_tickets.pdf",
            "secret_garden_notes.docx",
            "S-G_ratio_table.xlsx",
            "ts-si_units_lab4.csv",
            "Secret - Santa list 2026.xlsx",
            "top secret - recipe for Gran's trifle.docx",
            "TS_Eliot.docx",
            "TS-01-ticket.pdf",
            "JWT_SECRET_rotation_runbook.md",
            "client-secret.json",
            "API-SECRET.txt",
            "SECRET_KEY.txt",
            "secret-codeword-game.pdf",
            "Top-Secret-Recipe.docx",
            "SECRET-Santa-2026.xlsx",
            "TOP-SECRET-recipe.docx",
            "SECRET_santa_list.xlsx",
            "Marking_guidance_SECRET_and_TOP_SECRET.pdf",
            "FAQ-when-to-use-OFFICIAL-SENSITIVE.docx",
            "DSO_note_on_SECRET_in_messaging_apps.pdf",
            "TOP SECRET – RECIPE FOR GRAVY.docx",
            "SECRET – Santa list 2026.xlsx",
            "OS_update_iOS17.pdf",
            "TS_Eliot_notes.docx",
            "ts_annex_b.pptx",
            // guidance and training about a tier
            "Descriptor_crib_sheet_OFFICIAL-SENSITIVE_PERSONAL_COMMERCIAL.pdf",
            "Tiers_explained_OFFICIAL_SECRET.pptx",
            "New starters – what TOP SECRET means.pptx",
            "NATO_SECRET_handling_rules.pdf",
            "SECRET_explained_for_new_starters.pdf",
            "OFFICIAL-SENSITIVE_when_to_use_it.pptx",
            "Refresher_quiz_TOP_SECRET_answers.docx",
        ],
    },
    FormSpec {
        form: Form::Quoted,
        name: "quoted",
        confidence: 0.9,
        must_match: &[
            "«OFFICIAL-SENSITIVE» briefing for the Harlow visit",
            "[SECRET] readout attached",
            "«TOP SECRET» summary follows",
            "'TOP SECRET' – latest draft",
        ],
        must_not_match: &["the word \"secret\" again"],
    },
    FormSpec {
        form: Form::Formula,
        name: "formula",
        confidence: 0.9,
        must_match: &[
            // a formula that upper-cases its text shows it in capitals
            "=UPPER(\"secret – uk eyes only\")",
            "=HYPERLINK(\"https://x.example/a.docx\",\"TOP SECRET – Readout\")",
            // the formula's words (`docs` in the address) are not the marking's sentence
            "=HYPERLINK(\"https://docs.example.org/d/4471\",\"SECRET//NOFORN shipping annex\")",
            // the tier opening the formula's text before a word, `;` in European locales
            "=HYPERLINK(\"#'Kelmarsh'!A1\";\"SECRET Kelmarsh tab\")",
        ],
        must_not_match: &[
            "=HYPERLINK(\"https://maps.example.org/\",\"OS maps licence page\")",
            "=HYPERLINK(\"#Gifts!A1\",\"SECRET Santa list\")",
            "=UPPER(\"secret santa list\")",
            "=HYPERLINK(\"https://x.example/a.docx\",\"Secretary of State\")",
            "=IF(D4=\"SECRET\",\"Vault\",\"Shelf\")",
            "=IF(B2<>\"TOP SECRET\",\"ok\",\"check\")",
        ],
    },
    FormSpec {
        form: Form::TitleCase,
        name: "title-case",
        confidence: 0.8,
        must_match: &[
            "Top Secret: readout below",
            "Secret – UK Eyes Only: numbers",
            "Sensitivity: Secret",
            "Classification: Official Sensitive",
            "Fwd: Top Secret: readout below",
            // the abbreviation in title case
            "Off-Sen: panel feedback",
            "Off-Sens – tender scoring",
        ],
        must_not_match: &[
            "Restricted-access parking is closed today",
            "Top secret plans for the party",
            "Secret Santa: names by Friday",
            "Classification: secret stuff inside",
            "Off to lunch – back at 2",
            "Off: sick today",
        ],
    },
    FormSpec {
        form: Form::LowerCase,
        name: "lower-case",
        confidence: 0.6,
        must_match: &[
            "secret – readout below",
            "top secret: revised annex",
            // the abbreviation, which has no other meaning, before any word
            "offsen pricing sheet for lot 3 attached",
            "off-sen pls – names on the shortlist",
            // a caveat alone
            "ukeo – Marrowby cost model, do not share",
        ],
        must_not_match: &[
            "secret leaving do on Friday",
            "the secret is out",
            "offsen is fine in a file name but spell it out in the header",
            "Offsen Street is shut for the market",
        ],
    },
    FormSpec {
        form: Form::Spaced,
        name: "spaced",
        confidence: 0.85,
        must_match: &[
            "T O P  S E C R E T",
            "S E C R E T – readout below",
            "S  E  C  R  E  T",
            "S-E-C-R-E-T",
            "O-F-F-I-C-I-A-L-S-E-N-S-I-T-I-V-E: scores",
            // non-breaking hyphens between the letters
            "S\u{2011}E\u{2011}C\u{2011}R\u{2011}E\u{2011}T notes for Weds",
            // the second word alone spelt out
            "OFFICIAL – S E N S I T I V E",
        ],
        must_not_match: &[
            "S E C R E T A R Y  O F  S T A T E",
            "OFFICIAL S E N S O R  readings",
        ],
    },
    FormSpec {
        form: Form::Dotted,
        name: "dotted",
        confidence: 0.85,
        must_match: &[
            "S.E.C.R.E.T",
            "T.O.P. S.E.C.R.E.T: annex attached",
            "S·E·C·R·E·T",
            // `_` or `/` repeated between the letters
            "S_E_C_R_E_T – keep off Teams",
            "S/E/C/R/E/T: Hexbury readout",
            "OFFICIAL-S.E.N.S.I.T.I.V.E",
            "S*E*C*R*E*T notes for the Minister",
            // the caveats dotted out, a title-case tier, the abbreviation
            "U.K. E.Y.E.S. O.N.L.Y.",
            "U.K.E.O.",
            "S.e.c.r.e.t – Corrie numbers",
            "O.F.F.S.E.N – pay remit figures",
        ],
        must_not_match: &[
            "S.E.C.R.E.T.A.R.I.A.T",
            "S_E_C_R_E_T_A_R_Y",
            "S*E*C*R*E*T*S of the trade",
        ],
    },
    FormSpec {
        form: Form::Abbreviation,
        name: "abbreviation",
        confidence: 0.7,
        must_match: &[
            // opening its line before the kind of document or a word handing it over
            "NS annex is in the J3 safe, ask Priya",
            "O-S attached, pls don't forward",
            "TS – do not forward",
            "[TS] Ashby update",
            "OFFSEN: draft lines",
            "O-S – commercial",
            "S//NF – partner summary",
            "Classification: S – RECIPIENTS ONLY",
            "OFF-SENS – tender outcome",
            "OFFSENS: legal advice",
            "TS: readout below",
            "TS – the schedule has changed, readout below",
            "OS – staffing names redacted",
            // a label of a few words ending in a label word; `S` alone after a label
            "Prot marking: TS",
            "Document classification: OFF-SEN",
            "Marking: S",
            "OFF SEN – lines on Wexcombe",
            // `COMM` for the COMMERCIAL descriptor
            "OFFSEN COMM – supplier rankings for Farrow",
            // a bracket ending the sentence is no gloss
            "Minutes of the Harlow call (TS)",
            // NATO SECRET abbreviated, opening the text before a dash or after a label
            "NS – orders for the Corran exercise",
            "Classification: NS",
        ],
        must_not_match: &[
            "NS – ferry to Halifax on the 9th",
            "TS/JS lint config is in the repo",
            "OS map attached for Saturday's walk",
            "Ordnance Survey / OS – 1:25 000 Explorer map",
            "TS-Node – faster than tsc for the build scripts?",
            "NS&I bonds – won £50 again",
            "NS records for the domain – still the old host",
            "Nova Scotia (NS) – call at 2pm their time",
            "dig NS example.org",
            "Reading TS Eliot",
            "TS-01 ticket is the printer",
            "OS update on my phone",
            "OS-level patch is due tonight",
            "TS: The Waste Land is on the syllabus",
            "TS: Agreed to circulate the note",
            "OS: iOS 17.2",
            "TS: 1699999999",
            "TS/SCI clearance required",
            "Sizes: S",
            "Marking: S and M",
            "TURN OFF SEN MODE NOW",
            "COMM check with the Farrow site at 9",
            "TS COMM link test at 10",
            "OS COMM port settings",
            // the abbreviation of words beside it
            "Ordnance Survey (OS) licence renews in May",
            "OS - open source components review at 3pm",
            "operating system (OS) patching tonight",
            "OS – Ordnance Survey tiles for the walk",
            "OS: open-source policy review",
            // one word's capitals, or the initials before a site's letter or number
            "Porting the tools to TypeScript (TS) next sprint",
            "Harbour Wharf 2 (HW-2) and Test Site C (TS-C) readings",
            "(OS) Ordnance Survey tiles, licence on the back",
            // a bracket right after a word glosses it, whatever its initials
            "Tally sheet (TS) totals are in column F",
            "Cubital tunnel (CTS) – physio letter attached",
            // a gloss of abbreviations
            "OS/TS on the shift grid means off site/training, ignore the colours",
        ],
    },
    FormSpec {
        form: Form::InSentence,
        name: "in-sentence",
        confidence: 0.75,
        must_match: &[
            "from now on please treat this group as SECRET from the start of each call",
            "this is SECRET so don't forward it",
            "the TOP SECRET annex is in the box",
            "the Ashby figures are SECRET until Friday",
            "what I'm sending is TOP SECRET and should stay off here",
            // a marking before a noun for a copy or version of a document
            "Need the SECRET version of the Dunmore brief by 6",
            "Don't leave the TOP SECRET copy in the car",
        ],
        must_not_match: &[
            "it's no SECRET that we're late",
            "THE SECRET IS OUT",
            "rotate the Project SECRET-KEY tonight",
            "the JWT-SECRET rotated fine",
            "we're doing SECRET Santa on Friday",
            "Mum's SECRET recipe is the best",
        ],
    },
    FormSpec {
        form: Form::Portion,
        name: "portion",
        confidence: 0.7,
        must_match: &[
            "(S) The delegation arrives on Thursday.",
            "(TS//SI) Reporting indicates.",
            // a paragraph run on after another on a portion-marked line
            "(U) Timings are at Annex A. (S) The Harwell option is preferred.",
            // after a paragraph number
            "3. (S) Timings remain under review.",
            "2.1 (TS//SI) Collection continues.",
            // before a paragraph number or letter, whatever follows it
            "(S) 4. the Hexham visit moves to May.",
            "(TS) b) Option 3 is withdrawn.",
            "(S) 2.3 Costs have risen again.",
            "(UK S) para 6 – staffing moved to annex B.",
            "(UK TS) Summary of the call follows.",
            // after a paragraph letter
            "b. (S) Dates are still moving.",
            "c) (TS) The plan holds for now.",
            // an emoji or symbol after the mark, as a chat's bullet
            "(S) ✅ signed off with the Treasury team",
            "(OS) 📌 revised lines for the Hartfield consultation",
        ],
        must_not_match: &[
            "(U) Sizes in stock. (S) Small only, sorry.",
            "(S) Small, (M) Medium, (L) Large – tick one",
            "(C) Crown copyright 2026",
            "item(s) to bring",
            "3 (S) sizes left in stock",
            "(S) 2 sizes left in stock",
            "(S) a lot of people asked",
            "(C) 2026 Crown copyright",
            "e.g. (S) is the portion mark for it",
            "a) (OS) Ordnance Survey grid reference",
        ],
    },
];

impl Form {
    /// This form's entry in [`FORMS`].
    pub fn spec(self) -> &'static FormSpec {
        FORMS
            .iter()
            .find(|s| s.form == self)
            .expect("every form has a FORMS entry")
    }

    /// The report name (`plain`, `title-case`, …).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// Confidence of a match in this form, 0–1.
    pub fn confidence(self) -> f32 {
        self.spec().confidence
    }
}
