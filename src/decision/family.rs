//! The families of decision language: which way of saying a decision matched.

/// Which way of saying a decision matched (the `cue` column starts with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    #[default]
    Flag,
    Role,
    Named,
    FirstPerson,
    Pronoun,
    Committee,
    Passive,
    Impersonal,
    Nominal,
    Relayed,
    Reply,
    Refusal,
}

impl Family {
    /// Every family, in the order of the module doc.
    pub const ALL: [Family; 12] = [
        Family::Flag,
        Family::Role,
        Family::Named,
        Family::FirstPerson,
        Family::Pronoun,
        Family::Committee,
        Family::Passive,
        Family::Impersonal,
        Family::Nominal,
        Family::Relayed,
        Family::Reply,
        Family::Refusal,
    ];

    /// The family's name as written in `cue` and the corpus.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Flag => "flag",
            Family::Role => "role",
            Family::Named => "named",
            Family::FirstPerson => "first-person",
            Family::Pronoun => "pronoun",
            Family::Committee => "committee",
            Family::Passive => "passive",
            Family::Impersonal => "impersonal",
            Family::Nominal => "nominal",
            Family::Relayed => "relayed",
            Family::Reply => "reply",
            Family::Refusal => "refusal",
        }
    }

    /// The family named `name`.
    pub fn parse(name: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.as_str() == name)
    }
}
