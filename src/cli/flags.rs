//! The report flags of a scan as recorded in its shard part, and a merge taking
//! from its shards the ones it was not given (see [`crate::part::ReportFlags`]).

use std::path::PathBuf;

use super::ReportArgs;
use crate::keys;
use crate::part::ReportFlags;

impl ReportArgs {
    /// Fills the flags a merge was not given from those its shards ran with.
    pub(super) fn take_omitted(&mut self, shards: &ReportFlags) {
        let paths = |v: &[String]| v.iter().map(PathBuf::from).collect::<Vec<_>>();
        if self.config.is_none() {
            self.config = shards.config.as_ref().map(PathBuf::from);
        }
        if self.rules.is_empty() {
            self.rules = paths(&shards.rules);
        }
        if self.registers.is_empty() {
            self.registers = paths(&shards.registers);
        }
        if self.reviewed.is_none() {
            self.reviewed = shards.reviewed.as_ref().map(PathBuf::from);
        }
        self.timezone = self.timezone.take().or_else(|| shards.timezone.clone());
        self.excerpts = self.excerpts.take().or_else(|| shards.excerpts.clone());
        self.fail_on = self.fail_on.take().or_else(|| shards.fail_on.clone());
        self.no_bom |= shards.no_bom;
    }

    /// The flags as given, with digests of the registers and reviews read.
    pub(super) fn flags(&self) -> ReportFlags {
        let shown = |p: &PathBuf| p.display().to_string();
        let digest = |paths: &[&PathBuf]| {
            let texts: Vec<Vec<u8>> = paths
                .iter()
                .map(|p| std::fs::read(p).unwrap_or_default())
                .collect();
            let parts: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
            keys::digest(&parts)
        };
        ReportFlags {
            config: self.config.as_ref().map(shown),
            rules: self.rules.iter().map(shown).collect(),
            registers: self.registers.iter().map(shown).collect(),
            register_digest: digest(&self.registers.iter().collect::<Vec<_>>()),
            reviewed: self.reviewed.as_ref().map(shown),
            reviewed_digest: digest(&self.reviewed.iter().collect::<Vec<_>>()),
            timezone: self.timezone.clone(),
            excerpts: self.excerpts.clone(),
            fail_on: self.fail_on.clone(),
            no_bom: self.no_bom,
        }
    }
}
