//! The history index: `cache/history.postcard`, the [`Ledger`] of every attempt file, so that
//! start-up reads one small file instead of every attempt.
//!
//! It is a cache. It is keyed by the name, size, modification time and inode of every file in
//! `attempts/`, listed at each start: when the listing matches, the index is the history; when
//! files were only added (an attempt saved by another az400, or synced from another machine),
//! just those are read and the index updated; anything else (a file changed or removed, an
//! index damaged, of another format, written by another build of az400, or missing) rebuilds
//! it from the attempt files, which stay the truth. A checksum guards the file, so a damaged index that still decodes is never taken
//! for the history. Results are the same with and without it. Saving an attempt through the
//! store that read the index keeps it up to date.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::ledger::Ledger;
use super::store::{self, Duplicate, FileIdentity, Holds, Store, Unreadable, decode_attempt};
use crate::attempt::ATTEMPT_FORMAT;
use crate::untrusted;

/// The version of the index's layout.
const INDEX_FORMAT: u32 = 1;
/// The largest index file read.
const MAX_INDEX_BYTES: u64 = 256 * 1024 * 1024;
/// The index file, in the data folder.
pub const INDEX_FILE: &str = "cache/history.postcard";

/// The history as start-up needs it: the ledger, the files skipped and the copies not counted.
#[derive(Debug, Clone, Default)]
pub struct HistoryRead {
    /// Every readable attempt, in brief, one per id.
    pub ledger: Ledger,
    /// Files skipped, each with its reason.
    pub unreadable: Vec<Unreadable>,
    /// Copies of attempts already counted.
    pub duplicates: Vec<Duplicate>,
}

/// One attempt file as listed: its name's bytes and identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileKey {
    name: Vec<u8>,
    identity: FileIdentity,
}

/// The index file's contents (after a checksum).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct HistoryIndex {
    format: u32,
    attempt_format: u32,
    /// The build that wrote it ([`crate::bank::cache::build_key`]): another build may lay the
    /// ledger out differently, so its index is rebuilt rather than read.
    build: u64,
    /// The attempt files the ledger was made from, sorted by name.
    files: Vec<FileKey>,
    /// Files that could not be read (name, reason), reported at every start.
    unreadable: Vec<(Vec<u8>, String)>,
    /// Copies of attempts counted once (name, id).
    duplicates: Vec<(Vec<u8>, String)>,
    ledger: Ledger,
}

impl Store {
    /// The history in brief, from the index when it matches the attempt files (see the module
    /// documentation), else from the files, updating the index.
    pub fn history(&self) -> HistoryRead {
        let dir = self.root().join("attempts");
        let mut problems = Vec::new();
        let paths = store::json_files(&dir, Holds::History, &mut problems);
        // A folder that cannot be listed is reported by the full read, and nothing is indexed.
        let listing: Option<Vec<FileKey>> = problems.is_empty().then(|| {
            paths
                .iter()
                .map(|path| FileKey {
                    name: store::name_bytes(path),
                    identity: fs::symlink_metadata(path)
                        .map_or((0, (0, 0), 0), |m| store::file_identity(&m)),
                })
                .collect()
        });
        let Some(listing) = listing else {
            return self.history_from_files(None);
        };
        let index = untrusted::read_regular(&self.index_path(), MAX_INDEX_BYTES)
            .ok()
            .and_then(|bytes| decode_index(&bytes));
        let index = match index {
            Some(index) if index.files == listing => Some(index),
            Some(index) => self.add_new_files(index, &listing),
            None => None,
        };
        match index {
            Some(index) => {
                let read = self.read_of(&index);
                self.remember(index);
                read
            }
            None => self.history_from_files(Some(listing)),
        }
    }

    /// The index brought up to date with files added since it was written; `None` when a file
    /// it knew changed or went, or a new file repeats an attempt it holds (the full read
    /// decides which copy counts).
    fn add_new_files(&self, mut index: HistoryIndex, listing: &[FileKey]) -> Option<HistoryIndex> {
        let current: HashMap<&[u8], &FileKey> =
            listing.iter().map(|k| (k.name.as_slice(), k)).collect();
        if index
            .files
            .iter()
            .any(|k| current.get(k.name.as_slice()) != Some(&k))
        {
            return None;
        }
        let known: HashSet<&[u8]> = index.files.iter().map(|k| k.name.as_slice()).collect();
        let added: Vec<&FileKey> = listing
            .iter()
            .filter(|k| !known.contains(k.name.as_slice()))
            .collect();
        let dir = self.root().join("attempts");
        for key in added {
            let path = dir.join(os_name(&key.name));
            match store::read_record(&path, decode_attempt) {
                Ok((_, identity)) if identity != key.identity => return None,
                Ok((attempt, _)) => {
                    if !index.ledger.add(&attempt) {
                        return None;
                    }
                }
                Err(reason) => index.unreadable.push((key.name.clone(), reason)),
            }
        }
        index.unreadable.sort();
        index.files = listing.to_vec();
        self.write_index(&index);
        Some(index)
    }

    /// Reads every attempt file and indexes them; `listing` is the folder as listed before the
    /// read (a file added meanwhile is then read again next time, never missed).
    fn history_from_files(&self, listing: Option<Vec<FileKey>>) -> HistoryRead {
        let read = self.attempts();
        let ledger = Ledger::from_attempts(&read.attempts);
        let Some(files) = listing else {
            return HistoryRead {
                ledger,
                unreadable: read.unreadable,
                duplicates: read.duplicates,
            };
        };
        let index = HistoryIndex {
            format: INDEX_FORMAT,
            attempt_format: ATTEMPT_FORMAT,
            build: crate::bank::cache::build_key(),
            files,
            unreadable: read
                .unreadable
                .iter()
                .map(|u| (store::name_bytes(&u.path), u.reason.clone()))
                .collect(),
            duplicates: read
                .duplicates
                .iter()
                .map(|d| (store::name_bytes(&d.path), d.id.clone()))
                .collect(),
            ledger,
        };
        self.write_index(&index);
        let history = self.read_of(&index);
        self.remember(index);
        history
    }

    /// What an index says, with the skipped files and copies named in this data folder.
    fn read_of(&self, index: &HistoryIndex) -> HistoryRead {
        let dir = self.root().join("attempts");
        HistoryRead {
            ledger: index.ledger.clone(),
            unreadable: index
                .unreadable
                .iter()
                .map(|(name, reason)| Unreadable {
                    path: dir.join(os_name(name)),
                    holds: Holds::History,
                    reason: reason.clone(),
                })
                .collect(),
            duplicates: index
                .duplicates
                .iter()
                .map(|(name, id)| Duplicate {
                    path: dir.join(os_name(name)),
                    id: id.clone(),
                })
                .collect(),
        }
    }

    /// Keeps the index for [`Store::index_saved`], and the ids it holds for the search for
    /// sessions already recorded.
    fn remember(&self, index: HistoryIndex) {
        self.set_recorded(index.ledger.attempts().iter().map(|a| a.id.clone()));
        *self.index_memo() = Some(index);
    }

    /// Adds a newly saved attempt file to the index this store read, and writes it. Without
    /// one, nothing: the next start finds the file and adds it.
    pub(super) fn index_saved(&self, path: &Path, attempt: &crate::attempt::Attempt) {
        let mut memo = self.index_memo();
        let Some(index) = memo.as_mut() else {
            return;
        };
        let Ok(meta) = fs::symlink_metadata(path) else {
            *memo = None;
            return;
        };
        let key = FileKey {
            name: store::name_bytes(path),
            identity: store::file_identity(&meta),
        };
        if !index.ledger.add(attempt) {
            *memo = None;
            return;
        }
        let at = index.files.partition_point(|k| k.name < key.name);
        index.files.insert(at, key);
        self.write_index(index);
    }

    fn index_path(&self) -> std::path::PathBuf {
        self.root().join(INDEX_FILE)
    }

    /// Writes the index; one that cannot be written only means a slower next start.
    fn write_index(&self, index: &HistoryIndex) {
        let Ok(payload) = postcard::to_allocvec(index) else {
            return;
        };
        let mut bytes = store::fnv64(&payload).to_le_bytes().to_vec();
        bytes.extend(payload);
        let _ = write_atomic(&self.index_path(), &bytes);
    }
}

/// The index in an index file, if its checksum and formats match.
fn decode_index(bytes: &[u8]) -> Option<HistoryIndex> {
    let (sum, payload) = bytes.split_at_checked(8)?;
    if sum != store::fnv64(payload).to_le_bytes() {
        return None;
    }
    // The header first: the rest is decoded only if this build wrote it.
    let (header, _) = postcard::take_from_bytes::<(u32, u32, u64)>(payload).ok()?;
    if header
        != (
            INDEX_FORMAT,
            ATTEMPT_FORMAT,
            crate::bank::cache::build_key(),
        )
    {
        return None;
    }
    postcard::from_bytes::<HistoryIndex>(payload).ok()
}

/// A file name from its bytes.
fn os_name(name: &[u8]) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        std::ffi::OsString::from_vec(name.to_vec())
    }
    #[cfg(not(unix))]
    std::ffi::OsString::from(String::from_utf8_lossy(name).into_owned())
}
