//! Which reports an index holds, kept beside it.
//!
//! An update needs to know, for each report, the digest it was indexed at and how many
//! documents it has. That list was the commit's payload, which tantivy keeps in
//! `meta.json`: at 10,000 reports it made the file 700 KB of escaped JSON, and one search
//! from the command line opens that file five times. So the list is kept in a file of its
//! own, and the payload only names its digest: a list written for a commit that never
//! happened (a crash between the two) is not the one the payload names, and the index is
//! taken for damaged rather than trusted.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;

use super::error::{IndexError, IndexResult};
use crate::content::digest::digest;

/// The name of the file, in the index's folder.
pub(super) const MANIFEST_FILE: &str = "manifest.json";

/// Which reports an index holds, at which digest, with how many documents.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Manifest {
    pub(super) reports: HashMap<String, Recorded>,
}

/// What the index holds of one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Recorded {
    pub(super) digest: u64,
    pub(super) sections: u64,
}

impl Manifest {
    /// How many documents the index should hold.
    pub(super) fn sections(&self) -> u64 {
        self.reports.values().map(|r| r.sections).sum()
    }
}

/// Where an index keeps its manifest.
pub(super) enum Place {
    /// A file in the index's folder, written with the file system: tantivy's own directory
    /// deletes, when it collects garbage, any file written through it that no segment uses.
    File(PathBuf),
    /// In memory, for an index in memory.
    Memory(Mutex<Vec<u8>>),
}

impl Place {
    /// Writes `manifest`; returns what the commit's payload must say for it to be read.
    pub(super) fn write(&self, manifest: &Manifest) -> IndexResult<String> {
        let bytes = serde_json::to_vec(manifest)
            .map_err(|error| IndexError::Manifest(error.to_string()))?;
        match self {
            Place::File(path) => {
                // Whole or not at all: written aside, then renamed over the old one.
                let aside = path.with_extension("json.new");
                fs::write(&aside, &bytes)
                    .and_then(|()| fs::rename(&aside, path))
                    .map_err(|error| IndexError::Manifest(error.to_string()))?;
            }
            Place::Memory(kept) => {
                *kept.lock().unwrap_or_else(|e| e.into_inner()) = bytes.clone();
            }
        }
        Ok(payload(&bytes))
    }

    /// The manifest, if it is the one `named` (the last commit's payload) names.
    pub(super) fn read(&self, named: &str) -> IndexResult<Manifest> {
        let bytes = match self {
            Place::File(path) => {
                fs::read(path).map_err(|error| IndexError::NoManifest(error.to_string()))?
            }
            Place::Memory(kept) => kept.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        };
        if payload(&bytes) != named {
            return Err(IndexError::NoManifest(
                "its list of reports is not the one its last commit wrote".to_owned(),
            ));
        }
        serde_json::from_slice(&bytes).map_err(|error| IndexError::NoManifest(error.to_string()))
    }
}

/// What a commit's payload says of the manifest `bytes`.
fn payload(bytes: &[u8]) -> String {
    format!("manifest {:016x}", digest(bytes))
}
