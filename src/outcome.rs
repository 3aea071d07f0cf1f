//! What happened to each discovered file or archive member: exactly one
//! [`FileOutcome`] per entry, so nothing can go missing between walking and
//! reporting.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::formats::Format;

/// Whether an entry was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Recognised and parsed (possibly with skipped records, noted in `detail`).
    Scanned,
    /// Deliberately not parsed: not an export, excluded, too large, a link…
    Skipped,
    /// Looked like an export, or had to be read, but could not be: the scan of
    /// this entry is incomplete.
    Error,
}

impl Status {
    /// The word written in files.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scanned => "scanned",
            Status::Skipped => "skipped",
            Status::Error => "error",
        }
    }
}

/// One row of files.csv.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileOutcome {
    /// Path relative to its root, `/`-separated; `archive.zip!/member` inside archives.
    pub source_path: String,
    /// What the entry was read as.
    pub format: FileFormat,
    pub size_bytes: Option<u64>,
    /// Last modification time, ISO 8601 with offset, when known.
    pub modified: Option<String>,
    pub conversations: u64,
    /// Messages and events read.
    pub messages: u64,
    pub status: Status,
    /// Why it was skipped, what went wrong and where, or notes on a partial read.
    pub detail: String,
    /// The content's hash (BLAKE3, hex) when it was taken while reading (see
    /// [`crate::source::digest`]): exact copies share it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
}

impl FileOutcome {
    /// An outcome with no format and no counts.
    pub fn new(source_path: impl Into<String>, status: Status, detail: impl Into<String>) -> Self {
        FileOutcome {
            source_path: source_path.into(),
            format: FileFormat::Unrecognised,
            size_bytes: None,
            modified: None,
            conversations: 0,
            messages: 0,
            status,
            detail: detail.into(),
            content_hash: None,
        }
    }
}

/// What an entry was read as: the `format` column of files.csv.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FileFormat {
    /// No format recognised (written empty).
    #[default]
    Unrecognised,
    /// A zip archive, whose members have rows of their own (`zip`).
    Archive,
    /// A messaging export (`whatsapp`, `telegram`, …).
    Export(Format),
}

impl FileFormat {
    /// The word written in files.csv.
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Unrecognised => "",
            FileFormat::Archive => "zip",
            FileFormat::Export(f) => f.as_str(),
        }
    }

    /// The format written as `name` in files.csv.
    pub fn from_name(name: &str) -> Option<FileFormat> {
        match name {
            "" => Some(FileFormat::Unrecognised),
            "zip" => Some(FileFormat::Archive),
            _ => Format::from_name(name).map(FileFormat::Export),
        }
    }
}

// Stored (state, shard parts) as the files.csv word, as before it was typed.
impl Serialize for FileFormat {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FileFormat {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        FileFormat::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown format {name:?}")))
    }
}
