//! The history folder: one file per finished attempt, one per session in progress.
//!
//! ```text
//! <data dir>/attempts/<attempt id>.json   finished attempts, never rewritten
//! <data dir>/sessions/<attempt id>.json   sessions in progress, saved after every answer
//! <data dir>/sessions/<attempt id>.lock   held while a process has that session open
//! <data dir>/cache/attempts.postcard      parsed attempts, rebuilt whenever it is unusable
//! ```
//! A file that cannot be read is reported and skipped, never changed or deleted.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use crate::attempt::{ATTEMPT_FORMAT, Attempt};
use crate::session::{SESSION_FORMAT, Session};

use super::atomic::{write_atomic, write_new_atomic};

/// A history file that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped unreadable history file {}: {}",
            self.path.display(),
            self.reason
        )
    }
}

/// The attempts found, with the files that had to be skipped.
#[derive(Debug, Default)]
pub struct AttemptsRead {
    /// Readable attempts, oldest first.
    pub attempts: Vec<Attempt>,
    /// Files skipped, each with its reason.
    pub unreadable: Vec<Unreadable>,
}

/// Attempts already parsed, by file name (attempt files are never rewritten).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct AttemptCache {
    format: u32,
    entries: Vec<(String, Attempt)>,
}

/// The same cache, written from borrowed attempts.
#[derive(serde::Serialize)]
struct CacheOut<'a> {
    format: u32,
    entries: Vec<(&'a String, &'a Attempt)>,
}

/// The history folder.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// A session this process has open: while it lives, no other az400 process resumes it.
#[derive(Debug)]
pub struct SessionClaim {
    _lock: File,
    id: String,
}

impl SessionClaim {
    /// The id of the claimed session.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Store {
    /// The store in `root`, creating its folders if needed.
    pub fn open(root: &Path) -> io::Result<Store> {
        fs::create_dir_all(root.join("attempts"))?;
        fs::create_dir_all(root.join("sessions"))?;
        Ok(Store {
            root: root.to_path_buf(),
        })
    }

    /// The folder the store lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Saves a finished attempt under its id (a suffix is added if that name is taken) and
    /// returns the file written.
    pub fn save_attempt(&self, attempt: &Attempt) -> io::Result<PathBuf> {
        let bytes = serde_json::to_vec(attempt).map_err(io::Error::other)?;
        for n in 0..1000 {
            let name = if n == 0 {
                format!("{}.json", attempt.id)
            } else {
                format!("{}-{n}.json", attempt.id)
            };
            let path = self.root.join("attempts").join(name);
            if write_new_atomic(&path, &bytes)? {
                return Ok(path);
            }
        }
        Err(io::Error::other("too many attempts with the same id"))
    }

    /// Reads every attempt, oldest first, skipping (and reporting) files that cannot be read.
    ///
    /// Attempt files never change once written, so what was parsed before is taken from a
    /// cache (`cache/attempts.postcard`) and only new files are parsed; a year of daily practice
    /// is a thousand files.
    pub fn attempts(&self) -> AttemptsRead {
        let mut read = AttemptsRead::default();
        let files = json_files(&self.root.join("attempts"), &mut read.unreadable);
        let cache_path = self.root.join("cache").join("attempts.postcard");
        let cache: AttemptCache = fs::read(&cache_path)
            .ok()
            .and_then(|bytes| postcard::from_bytes(&bytes).ok())
            .filter(|c: &AttemptCache| c.format == ATTEMPT_FORMAT)
            .unwrap_or_default();
        let mut cached: std::collections::HashMap<String, Attempt> =
            cache.entries.into_iter().collect();
        let mut changed = false;
        let mut names = Vec::new();
        for path in files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let found = match cached.remove(&name) {
                Some(attempt) => Ok(attempt),
                None => {
                    changed = true;
                    read_json(&path, |a: &Attempt| a.format, ATTEMPT_FORMAT)
                }
            };
            match found {
                Ok(attempt) => {
                    names.push(name);
                    read.attempts.push(attempt);
                }
                Err(reason) => read.unreadable.push(Unreadable { path, reason }),
            }
        }
        if changed || !cached.is_empty() {
            let fresh = CacheOut {
                format: ATTEMPT_FORMAT,
                entries: names.iter().zip(&read.attempts).collect(),
            };
            // The cache is only a cache: if it cannot be written, the next scan parses again.
            let _ = fs::create_dir_all(cache_path.parent().unwrap_or(&self.root)).and_then(|()| {
                let bytes = postcard::to_allocvec(&fresh).map_err(io::Error::other)?;
                write_atomic(&cache_path, &bytes)
            });
        }
        read.attempts
            .sort_by(|a, b| (a.finished_at, &a.id).cmp(&(b.finished_at, &b.id)));
        read
    }

    /// Claims a session for this process; fails with `WouldBlock` if another process has it.
    pub fn claim(&self, id: &str) -> io::Result<SessionClaim> {
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.session_path(id).with_extension("lock"))?;
        match lock.try_lock() {
            Ok(()) => Ok(SessionClaim {
                _lock: lock,
                id: id.to_string(),
            }),
            Err(TryLockError::WouldBlock) => Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "this session is open in another az400",
            )),
            Err(TryLockError::Error(e)) => Err(e),
        }
    }

    /// Saves a session in progress (atomically; the claim proves this process owns it).
    pub fn save_session(&self, claim: &SessionClaim, session: &Session) -> io::Result<()> {
        debug_assert_eq!(claim.id, session.id);
        let bytes = serde_json::to_vec(session).map_err(io::Error::other)?;
        write_atomic(&self.session_path(&session.id), &bytes)
    }

    /// The newest saved session that no other process has open, claimed for this process,
    /// with any session files that could not be read.
    pub fn resumable(&self) -> (Option<(Session, SessionClaim)>, Vec<Unreadable>) {
        let mut unreadable = Vec::new();
        let mut sessions = Vec::new();
        for path in json_files(&self.root.join("sessions"), &mut unreadable) {
            match read_json::<Session>(&path, |s| s.format, SESSION_FORMAT) {
                Ok(session) => sessions.push(session),
                Err(reason) => unreadable.push(Unreadable { path, reason }),
            }
        }
        sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
        let found = sessions
            .into_iter()
            .find_map(|s| self.claim(&s.id).ok().map(|claim| (s, claim)));
        (found, unreadable)
    }

    /// Whether a saved session is waiting to be resumed (without claiming it).
    pub fn has_resumable(&self) -> bool {
        let mut ignored = Vec::new();
        json_files(&self.root.join("sessions"), &mut ignored)
            .iter()
            .any(|p| read_json::<Session>(p, |s| s.format, SESSION_FORMAT).is_ok())
    }

    /// Removes a session once it has been submitted (or abandoned) and recorded.
    pub fn discard_session(&self, claim: SessionClaim) -> io::Result<()> {
        let path = self.session_path(&claim.id);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let _ = fs::remove_file(path.with_extension("lock"));
        Ok(())
    }

    fn session_path(&self, id: &str) -> PathBuf {
        self.root.join("sessions").join(format!("{id}.json"))
    }
}

/// The `.json` files of a folder, sorted; temporary files of interrupted writes are ignored.
fn json_files(dir: &Path, unreadable: &mut Vec<Unreadable>) -> Vec<PathBuf> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            unreadable.push(Unreadable {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            });
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn read_json<T: serde::de::DeserializeOwned>(
    path: &Path,
    format_of: impl Fn(&T) -> u32,
    supported: u32,
) -> Result<T, String> {
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    let value: T = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    let format = format_of(&value);
    if format > supported {
        return Err(format!(
            "format {format} is newer than this az400 understands ({supported}); update az400"
        ));
    }
    Ok(value)
}
