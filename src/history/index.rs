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
//!
//! The file holds its parts in the order readers need them: the listing it was made from and
//! every attempt in brief (a row each: what `az400 history` prints), then the ledger (every
//! answer, and the questions' state). A reader that needs only the rows decodes only them;
//! the checksum still covers the whole file.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::atomic::{self, write_atomic};
use super::ledger::{AttemptRow, Ledger};
use super::store::{self, Duplicate, FileIdentity, Holds, Store, Unreadable, decode_attempt};
use crate::attempt::{ATTEMPT_FORMAT, Mode};
use crate::scoring::Points;
use crate::untrusted;

/// The version of the index's layout (2: the attempts in brief first, then the ledger).
const INDEX_FORMAT: u32 = 2;
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

/// The history as `az400 history` prints it: every attempt in brief, the files skipped and the
/// copies not counted.
#[derive(Debug, Clone, Default)]
pub struct HistoryBrief {
    /// Every readable attempt, one per id, oldest first.
    pub attempts: Vec<Brief>,
    /// Files skipped, each with its reason.
    pub unreadable: Vec<Unreadable>,
    /// Copies of attempts already counted.
    pub duplicates: Vec<Duplicate>,
}

/// One finished attempt in brief: its row of the ledger without the questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// The attempt id.
    pub id: String,
    /// The kind of practice.
    pub mode: Mode,
    /// When it was submitted.
    pub finished_at: DateTime<Utc>,
    /// Active seconds spent.
    pub seconds_used: u32,
    /// Points earned out of possible.
    pub points: Points,
    /// The score out of 1000.
    pub scaled: u32,
    /// Whether it reached 700.
    pub passed: bool,
    /// How many questions it asked.
    pub questions: usize,
}

impl From<&AttemptRow> for Brief {
    fn from(row: &AttemptRow) -> Brief {
        Brief {
            id: row.id.clone(),
            mode: row.mode,
            finished_at: row.finished_at,
            seconds_used: row.seconds_used,
            points: row.points,
            scaled: row.scaled,
            passed: row.passed,
            questions: row.items.len(),
        }
    }
}

/// One attempt file as listed: its name's bytes and identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct FileKey {
    name: Vec<u8>,
    identity: FileIdentity,
}

/// The index: its head, then the ledger.
#[derive(Debug, Clone)]
struct HistoryIndex {
    head: Head,
    ledger: Ledger,
}

/// The index as a store last read or wrote it, kept for [`Store::index_saved`]: its head, and
/// its ledger as the bytes it is written in, decoded only when an attempt is saved (the reader
/// has the decoded ledger; nothing copies it at start).
#[derive(Debug, Clone)]
pub(super) struct Remembered {
    head: Head,
    ledger: Vec<u8>,
}

/// The first part of the index file (after a checksum), decoded by every reader.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Head {
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
    /// The ledger's attempts in brief, in its order (written from the ledger, never apart).
    briefs: Vec<Brief>,
}

impl Store {
    /// The history in brief, from the index when it matches the attempt files (see the module
    /// documentation), else from the files, updating the index.
    pub fn history(&self) -> HistoryRead {
        let Some(listing) = self.listing() else {
            return self.history_from_files(None);
        };
        let index = self.read_index().and_then(|(head, bytes)| {
            let index = HistoryIndex {
                head,
                ledger: postcard::from_bytes(&bytes).ok()?,
            };
            if index.head.files == listing {
                Some((index, Some(bytes)))
            } else {
                self.add_new_files(index, &listing)
            }
        });
        match index {
            Some((index, bytes)) => self.remember(index, bytes),
            None => self.history_from_files(Some(listing)),
        }
    }

    /// Every attempt in brief, as [`Store::history`] would have them but without decoding
    /// the ledger when the index matches the attempt files (one row per attempt: what
    /// `az400 history` prints).
    pub fn history_brief(&self) -> HistoryBrief {
        let head = self
            .listing()
            .and_then(|listing| Some((self.read_index()?.0, listing)))
            .filter(|(head, listing)| head.files == *listing)
            .map(|(head, _)| head);
        if let Some(head) = head {
            let dir = self.root().join("attempts");
            self.set_recorded(head.briefs.iter().map(|b| b.id.clone()));
            return HistoryBrief {
                unreadable: unreadable_in(&dir, &head),
                duplicates: duplicates_in(&dir, &head),
                attempts: head.briefs,
            };
        }
        let read = self.history();
        HistoryBrief {
            attempts: read.ledger.attempts().iter().map(Brief::from).collect(),
            unreadable: read.unreadable,
            duplicates: read.duplicates,
        }
    }

    /// The attempt files as listed now, sorted by name; `None` when the folder cannot be
    /// listed (the full read reports it, and nothing is indexed).
    fn listing(&self) -> Option<Vec<FileKey>> {
        let dir = self.root().join("attempts");
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Some(Vec::new()),
            Err(_) => return None,
        };
        // Each entry is looked at through the folder it was listed from (no path walked
        // again), and not followed if it is a link, as the reads that open it check. The
        // temporary file of a write a kill interrupted is removed on the way.
        let mut files = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            if Path::new(&name).extension().is_none_or(|x| x != "json") {
                atomic::remove_if_stale_temp(&entry);
                continue;
            }
            files.push(FileKey {
                name: store::name_bytes(Path::new(&name)),
                identity: entry
                    .metadata()
                    .map_or((0, (0, 0), 0), |m| store::file_identity(&m)),
            });
        }
        files.sort_unstable_by(|a, b| a.name.cmp(&b.name));
        Some(files)
    }

    /// The index file's head and the bytes of its ledger, if the file is whole and this build
    /// wrote it.
    fn read_index(&self) -> Option<(Head, Vec<u8>)> {
        let bytes = untrusted::read_regular(&self.index_path(), MAX_INDEX_BYTES).ok()?;
        let (sum, payload) = bytes.split_at_checked(8)?;
        if sum != crate::checksum::checksum(payload).to_le_bytes() {
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
        let (head, ledger) = postcard::take_from_bytes::<Head>(payload).ok()?;
        Some((head, ledger.to_vec()))
    }

    /// The index brought up to date with files added since it was written; `None` when a file
    /// it knew changed or went, or a new file repeats an attempt it holds (the full read
    /// decides which copy counts).
    fn add_new_files(
        &self,
        mut index: HistoryIndex,
        listing: &[FileKey],
    ) -> Option<(HistoryIndex, Option<Vec<u8>>)> {
        let current: HashMap<&[u8], &FileKey> =
            listing.iter().map(|k| (k.name.as_slice(), k)).collect();
        if index
            .head
            .files
            .iter()
            .any(|k| current.get(k.name.as_slice()) != Some(&k))
        {
            return None;
        }
        let known: HashSet<&[u8]> = index.head.files.iter().map(|k| k.name.as_slice()).collect();
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
                Err(reason) => index.head.unreadable.push((key.name.clone(), reason)),
            }
        }
        index.head.unreadable.sort();
        index.head.files = listing.to_vec();
        let bytes = self.write_index(&mut index);
        Some((index, bytes))
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
        let mut index = HistoryIndex {
            head: Head {
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
                briefs: Vec::new(),
            },
            ledger,
        };
        let bytes = self.write_index(&mut index);
        self.remember(index, bytes)
    }

    /// What an index says, with the skipped files and copies named in this data folder; keeps
    /// its head and ledger bytes for [`Store::index_saved`] (none: the next start indexes what
    /// is saved), and the ids it holds for the search for sessions already recorded.
    fn remember(&self, index: HistoryIndex, ledger: Option<Vec<u8>>) -> HistoryRead {
        let dir = self.root().join("attempts");
        let read = HistoryRead {
            unreadable: unreadable_in(&dir, &index.head),
            duplicates: duplicates_in(&dir, &index.head),
            ledger: index.ledger,
        };
        self.set_recorded(read.ledger.attempts().iter().map(|a| a.id.clone()));
        *self.index_memo() = ledger.map(|ledger| Remembered {
            head: index.head,
            ledger,
        });
        read
    }

    /// Adds a newly saved attempt file to the index this store read, and writes it. Without
    /// one, nothing: the next start finds the file and adds it.
    pub(super) fn index_saved(&self, path: &Path, attempt: &crate::attempt::Attempt) {
        let mut memo = self.index_memo();
        let Some(Remembered { head, ledger }) = memo.take() else {
            return;
        };
        let Ok(meta) = fs::symlink_metadata(path) else {
            return;
        };
        let Ok(ledger) = postcard::from_bytes::<Ledger>(&ledger) else {
            return;
        };
        let mut index = HistoryIndex { head, ledger };
        let key = FileKey {
            name: store::name_bytes(path),
            identity: store::file_identity(&meta),
        };
        if !index.ledger.add(attempt) {
            return;
        }
        let at = index.head.files.partition_point(|k| k.name < key.name);
        index.head.files.insert(at, key);
        *memo = self.write_index(&mut index).map(|ledger| Remembered {
            head: index.head,
            ledger,
        });
    }

    fn index_path(&self) -> std::path::PathBuf {
        self.root().join(INDEX_FILE)
    }

    /// Writes the index, its rows in brief taken from its ledger, and returns the ledger's
    /// bytes as written; an index that cannot be written only means a slower next start.
    fn write_index(&self, index: &mut HistoryIndex) -> Option<Vec<u8>> {
        index.head.briefs = index.ledger.attempts().iter().map(Brief::from).collect();
        let mut payload = postcard::to_allocvec(&index.head).ok()?;
        let ledger = postcard::to_allocvec(&index.ledger).ok()?;
        payload.extend(&ledger);
        let mut bytes = crate::checksum::checksum(&payload).to_le_bytes().to_vec();
        bytes.extend(payload);
        let _ = write_atomic(&self.index_path(), &bytes);
        Some(ledger)
    }
}

/// The files an index head says could not be read, named in `dir`.
fn unreadable_in(dir: &Path, head: &Head) -> Vec<Unreadable> {
    head.unreadable
        .iter()
        .map(|(name, reason)| Unreadable {
            path: dir.join(os_name(name)),
            holds: Holds::History,
            reason: reason.clone(),
        })
        .collect()
}

/// The copies an index head says were counted once, named in `dir`.
fn duplicates_in(dir: &Path, head: &Head) -> Vec<Duplicate> {
    head.duplicates
        .iter()
        .map(|(name, id)| Duplicate {
            path: dir.join(os_name(name)),
            id: id.clone(),
        })
        .collect()
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
