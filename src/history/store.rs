//! The history folder: one file per finished attempt, one per session in progress.
//!
//! ```text
//! <data dir>/attempts/<id>.json        finished attempts, never rewritten
//! <data dir>/sessions/<id>.json        sessions in progress, saved after every answer
//! <data dir>/sessions/<id>.lock        held while a process has that session open
//! <data dir>/sessions/done/            sessions found already recorded as attempts, set aside
//! <data dir>/sessions/discarded/       sessions the user discarded
//! <data dir>/cache/attempts.postcard   parsed attempts, rebuilt whenever it is unusable
//! ```
//! A session and its attempt share one random id. Every `.json` file in `attempts/` or
//! `sessions/` is read whatever its name, so a sync tool's conflict copy (`x (conflicted
//! copy).json`, `x.sync-conflict-….json`) or a `cp` is recognised by the id inside and
//! counted once. A file that cannot be read, or holds implausible numbers, is reported and
//! skipped, never changed or deleted; nothing is ever deleted but az400's own temporary files
//! and locks.

use std::collections::{HashMap, HashSet};
use std::fs::{self, File, TryLockError};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::attempt::{ATTEMPT_FORMAT, Attempt, is_valid_id};
use crate::bank::{CaseStudy, Question};
use crate::checksum::checksum;
use crate::session::{SESSION_FORMAT, Session};
use crate::untrusted::{self, escape_path};

use super::atomic::{self, remove_stale_temps, write_atomic, write_new_atomic};

/// The largest attempt or session file read (a thousand questions with their text fit).
pub const MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;
/// The largest cache file read.
const MAX_CACHE_BYTES: u64 = 256 * 1024 * 1024;
/// The version of the cache's layout (3: question texts carry their compiled parse as bytes;
/// 4: each distinct question snapshot and case study stored once, attempts refer to them).
const CACHE_FORMAT: u32 = 4;
/// The cache file starts with a checksum of the rest, so a damaged cache that still decodes
/// is never taken for the files.
const CHECKSUM_BYTES: usize = 8;

/// What a file of the data folder holds, as a skipped file is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// An attempt or a session: history.
    History,
    /// A question's bookmark and note.
    Marks,
}

/// A file of the data folder that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file (or the folder, when it could not be listed).
    pub path: PathBuf,
    /// What it holds.
    pub holds: Holds,
    /// Why it was skipped.
    pub reason: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.holds {
            Holds::History => "history file",
            Holds::Marks => "bookmark/note file",
        };
        write!(
            f,
            "skipped unreadable {what} {}: {}",
            escape_path(&self.path),
            untrusted::escape_line(&self.reason)
        )
    }
}

/// A second file holding a record already counted (a sync tool's conflict copy, or a `cp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The copy, not counted.
    pub path: PathBuf,
    /// The id it repeats.
    pub id: String,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is a copy of {}, counted once",
            escape_path(&self.path),
            untrusted::escape_line(&self.id)
        )
    }
}

/// The attempts found, with the files that had to be skipped.
#[derive(Debug, Default)]
pub struct AttemptsRead {
    /// Readable attempts, one per id, oldest first.
    pub attempts: Vec<Attempt>,
    /// Files skipped, each with its reason.
    pub unreadable: Vec<Unreadable>,
    /// Copies of attempts already counted.
    pub duplicates: Vec<Duplicate>,
}

/// A saved session.
#[derive(Debug, Clone)]
pub struct Saved {
    /// The session.
    pub session: Session,
    /// The file it was read from.
    pub path: PathBuf,
    /// Whether another az400 has it open.
    pub busy: bool,
}

/// The sessions found, with the files that had to be skipped.
#[derive(Debug, Default)]
pub struct SessionsRead {
    /// Readable sessions not yet recorded as attempts, one per id, newest first.
    pub sessions: Vec<Saved>,
    /// Files skipped, each with its reason.
    pub unreadable: Vec<Unreadable>,
    /// Copies of sessions already listed.
    pub duplicates: Vec<Duplicate>,
}

/// What became of a session asked for by `resume`.
#[derive(Debug)]
pub enum Resumed {
    /// Found and claimed for this process.
    Claimed(Box<Session>, SessionClaim),
    /// Another az400 has it open.
    Busy(String),
    /// No such session (or none at all).
    NotFound,
}

/// Whether a finished attempt was written, or was there already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Written to this file.
    New(PathBuf),
    /// An attempt with this id was already recorded (a resubmitted session): nothing written.
    Already(PathBuf),
}

/// One cached attempt, with the identity of the file it was parsed from: a file whose name,
/// size, modification time or inode changed is parsed again. The attempt is kept without its
/// question snapshots and case studies, which the cache holds once each (see [`AttemptCache`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct CacheEntry {
    /// The file name's raw bytes.
    name: Vec<u8>,
    size: u64,
    mtime: (i64, u32),
    inode: u64,
    /// The attempt, its snapshots and case studies taken out.
    attempt: Attempt,
    /// For each item, the number of its snapshot in the cache's table (`None`: it has none).
    questions: Vec<Option<u32>>,
    /// The numbers of its case studies in the cache's table, in order.
    case_studies: Vec<u32>,
}

/// The cache file, as read. A year of daily practice asks the same few hundred questions over
/// and over: each distinct snapshot (and case study) is stored and decoded once, and the
/// attempts that asked it share it, so the cache grows with the answers, not with the text.
#[derive(Debug, Default, serde::Deserialize)]
struct AttemptCache {
    format: u32,
    attempt_format: u32,
    /// The build that wrote it ([`crate::bank::cache::build_key`]): snapshots keep their words
    /// compiled, to be decoded when shown, and another build may lay them out differently.
    build: u64,
    /// Every distinct question snapshot.
    questions: Vec<Question>,
    /// Every distinct case study.
    case_studies: Vec<CaseStudy>,
    entries: Vec<CacheEntry>,
}

/// The cache file, as written: the same layout as [`AttemptCache`], its tables borrowed.
#[derive(serde::Serialize)]
struct CacheOut<'a> {
    format: u32,
    attempt_format: u32,
    build: u64,
    questions: Vec<&'a Question>,
    case_studies: Vec<&'a CaseStudy>,
    entries: Vec<CacheEntry>,
}

/// Values numbered once each by content, in the order first met.
struct Table<'a, T> {
    values: Vec<&'a T>,
    /// The numbers of the values with each id.
    by_id: HashMap<&'a str, Vec<u32>>,
}

impl<'a, T: PartialEq> Table<'a, T> {
    fn new() -> Self {
        Table {
            values: Vec::new(),
            by_id: HashMap::new(),
        }
    }

    /// The number of `value` (whose id is `id`), given it if new.
    fn number(&mut self, id: &'a str, value: &'a T) -> u32 {
        let numbers = self.by_id.entry(id).or_default();
        let values = &mut self.values;
        if let Some(n) = numbers
            .iter()
            .find(|&&n| std::ptr::eq(values[n as usize], value) || *values[n as usize] == *value)
        {
            return *n;
        }
        let n = u32::try_from(values.len()).unwrap_or(u32::MAX);
        values.push(value);
        numbers.push(n);
        n
    }
}

/// The cache of these attempts (with the identity of each one's file).
fn cache_of(found: &[(PathBuf, FileIdentity, Attempt)]) -> CacheOut<'_> {
    let mut questions = Table::new();
    let mut case_studies = Table::new();
    let entries = found
        .iter()
        .map(|(path, (size, mtime, inode), attempt)| {
            let snapshots = attempt
                .items
                .iter()
                .map(|i| i.question.as_deref().map(|q| questions.number(&q.id, q)))
                .collect();
            let studies = attempt
                .case_studies
                .iter()
                .map(|c| case_studies.number(&c.id, c))
                .collect();
            let mut bare = attempt.clone();
            bare.case_studies = Vec::new();
            for item in &mut bare.items {
                item.question = None;
            }
            CacheEntry {
                name: name_bytes(path),
                size: *size,
                mtime: *mtime,
                inode: *inode,
                attempt: bare,
                questions: snapshots,
                case_studies: studies,
            }
        })
        .collect();
    CacheOut {
        format: CACHE_FORMAT,
        attempt_format: ATTEMPT_FORMAT,
        build: crate::bank::cache::build_key(),
        questions: questions.values,
        case_studies: case_studies.values,
        entries,
    }
}

impl AttemptCache {
    /// The cached attempts by file name, each with its file's identity and its snapshots and
    /// case studies put back (shared). An entry that refers to something the tables lack is
    /// left out, so its file is parsed again.
    fn into_attempts(self) -> HashMap<Vec<u8>, (FileIdentity, Attempt)> {
        let questions: Vec<Arc<Question>> = self.questions.into_iter().map(Arc::new).collect();
        let case_studies = self.case_studies;
        self.entries
            .into_iter()
            .filter_map(|entry| {
                let mut attempt = entry.attempt;
                if entry.questions.len() != attempt.items.len() {
                    return None;
                }
                for (item, n) in attempt.items.iter_mut().zip(&entry.questions) {
                    item.question = match n {
                        Some(n) => Some(Arc::clone(questions.get(*n as usize)?)),
                        None => None,
                    };
                }
                attempt.case_studies = entry
                    .case_studies
                    .iter()
                    .map(|n| case_studies.get(*n as usize).cloned())
                    .collect::<Option<_>>()?;
                Some((
                    entry.name,
                    ((entry.size, entry.mtime, entry.inode), attempt),
                ))
            })
            .collect()
    }
}

/// The history folder.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
    /// The ids of the recorded attempts as last read, kept up to date as attempts are saved,
    /// so that looking for resumable sessions does not read every attempt again.
    recorded: Arc<Mutex<Option<HashSet<String>>>>,
    /// The history index as last read or written (see [`super::index`]), kept up to date as
    /// attempts are saved.
    index: Arc<Mutex<Option<super::index::Remembered>>>,
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

/// Decodes an attempt file: JSON of a format this az400 reads, with plausible numbers.
pub fn decode_attempt(bytes: &[u8]) -> Result<Attempt, String> {
    let attempt: Attempt = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    check_format(attempt.format, ATTEMPT_FORMAT)?;
    attempt.check()?;
    Ok(attempt)
}

/// Decodes a session file: JSON of a format this az400 reads, with plausible numbers.
pub fn decode_session(bytes: &[u8]) -> Result<Session, String> {
    let session: Session = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    check_format(session.format, SESSION_FORMAT)?;
    session.check()?;
    Ok(session)
}

/// The cache file: a checksum, then the cache.
fn encode_cache(cache: &CacheOut) -> io::Result<Vec<u8>> {
    let payload = postcard::to_allocvec(cache).map_err(io::Error::other)?;
    let mut bytes = checksum(&payload).to_le_bytes().to_vec();
    bytes.extend(payload);
    Ok(bytes)
}

/// The cache in a cache file, if its checksum and formats match.
fn decode_cache(bytes: &[u8]) -> Option<AttemptCache> {
    let (sum, payload) = bytes.split_at_checked(CHECKSUM_BYTES)?;
    if sum != checksum(payload).to_le_bytes() {
        return None;
    }
    // The header first: the rest is decoded only if this build wrote it.
    let header = (
        CACHE_FORMAT,
        ATTEMPT_FORMAT,
        crate::bank::cache::build_key(),
    );
    let (read, _) = postcard::take_from_bytes::<(u32, u32, u64)>(payload).ok()?;
    if read != header {
        return None;
    }
    postcard::from_bytes::<AttemptCache>(payload)
        .ok()
        .filter(|c| (c.format, c.attempt_format, c.build) == header)
}

fn check_format(format: u32, supported: u32) -> Result<(), String> {
    if format == 0 {
        return Err("format 0 does not exist".into());
    }
    if format > supported {
        return Err(format!(
            "format {format} is newer than this az400 understands ({supported}); update az400"
        ));
    }
    Ok(())
}

impl Store {
    /// The store in `root`, creating its folders if needed and removing temporary files left
    /// by an az400 killed mid-write (those among the attempt files when the history is next
    /// listed, [`Store::history`]). Its folders must lie inside `root` (a folder symlinked
    /// elsewhere is refused, so no write leaves the data folder).
    pub fn open(root: &Path) -> io::Result<Store> {
        fs::create_dir_all(root)?;
        let store = Store {
            root: root.to_path_buf(),
            recorded: Arc::default(),
            index: Arc::default(),
        };
        for dir in ["attempts", "sessions", "cache"] {
            store.folder(dir)?;
        }
        // Those among the attempt files go as the history is listed (Store::history), which
        // reads that folder anyway: a thousand names are not read twice at every start.
        for dir in ["sessions", "cache"] {
            remove_stale_temps(&root.join(dir));
        }
        Ok(store)
    }

    /// The folder the store lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder for caches (`<data dir>/cache`), which lies inside the data folder.
    pub fn cache_dir(&self) -> PathBuf {
        self.root.join("cache")
    }

    /// The subfolder `rel`, created if needed, checked to lie inside the data folder.
    fn folder(&self, rel: &str) -> io::Result<PathBuf> {
        let dir = self.root.join(rel);
        fs::create_dir_all(&dir)?;
        let root = fs::canonicalize(&self.root)?;
        let real = fs::canonicalize(&dir)?;
        if !real.starts_with(&root) {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                format!(
                    "{} leads outside the data folder; az400 writes only inside it",
                    escape_path(&dir)
                ),
            ));
        }
        Ok(dir)
    }

    /// Saves a finished attempt as `attempts/<id>.json`. An attempt with that id already
    /// there (a session submitted twice) is left as it is and nothing is written: a record is
    /// counted once and never rewritten.
    pub fn save_attempt(&self, attempt: &Attempt) -> io::Result<Recorded> {
        let path = self.record_path("attempts", &attempt.id)?;
        let bytes = serde_json::to_vec(attempt).map_err(io::Error::other)?;
        let written = write_new_atomic(&path, &bytes)?;
        if let Some(ids) = self.recorded_memo().as_mut() {
            ids.insert(attempt.id.clone());
        }
        if written {
            self.index_saved(&path, attempt);
        }
        if written {
            Ok(Recorded::New(path))
        } else {
            Ok(Recorded::Already(path))
        }
    }

    /// Reads every attempt, one per id, oldest first, skipping (and reporting) files that
    /// cannot be read and copies of attempts already counted.
    ///
    /// What was parsed before is taken from a cache (`cache/attempts.postcard`) keyed by each
    /// file's name bytes, size, modification time and inode, so only new or changed files are
    /// parsed; a year of daily practice is a thousand files. Attempts read from the cache share
    /// the snapshots of the questions they asked alike.
    pub fn attempts(&self) -> AttemptsRead {
        let mut read = AttemptsRead::default();
        let files = json_files(
            &self.root.join("attempts"),
            Holds::History,
            &mut read.unreadable,
        );
        let cache_path = self.root.join("cache").join("attempts.postcard");
        let mut cached = untrusted::read_regular(&cache_path, MAX_CACHE_BYTES)
            .ok()
            .and_then(|bytes| decode_cache(&bytes))
            .map(AttemptCache::into_attempts)
            .unwrap_or_default();
        // Whether the cache no longer says what the files do: a file parsed anew, or an entry
        // that no longer matches its file (a file that cannot be read is not cached, and
        // trying it again costs less than writing the cache at every scan).
        let mut changed = false;
        let mut found: Vec<(PathBuf, FileIdentity, Attempt)> = Vec::new();
        for path in files {
            let identity = fs::metadata(&path).ok().map(|m| file_identity(&m));
            let hit = match cached.remove(&name_bytes(&path)) {
                Some((key, attempt)) if Some(key) == identity && attempt.check().is_ok() => {
                    Some((attempt, key))
                }
                Some(_) => {
                    changed = true;
                    None
                }
                None => None,
            };
            let entry = match hit {
                Some(hit) => Ok(hit),
                None => read_record(&path, decode_attempt).inspect(|_| changed = true),
            };
            match entry {
                Ok((attempt, key)) => found.push((path, key, attempt)),
                Err(reason) => read.unreadable.push(Unreadable {
                    path,
                    holds: Holds::History,
                    reason,
                }),
            }
        }
        if changed || !cached.is_empty() {
            // The cache is only a cache: if it cannot be written, the next scan parses again.
            let _ = self
                .folder("cache")
                .and_then(|_| write_atomic(&cache_path, &encode_cache(&cache_of(&found))?));
        }
        let found = found
            .into_iter()
            .map(|(path, _, attempt)| (path, attempt))
            .collect();
        let (attempts, duplicates) = once_per_id(found, |a| &a.id);
        read.attempts = attempts;
        read.duplicates = duplicates;
        read.attempts
            .sort_by(|a, b| (a.finished_at, &a.id).cmp(&(b.finished_at, &b.id)));
        *self.recorded_memo() = Some(read.attempts.iter().map(|a| a.id.clone()).collect());
        read
    }

    fn recorded_memo(&self) -> std::sync::MutexGuard<'_, Option<HashSet<String>>> {
        self.recorded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Remembers the ids of the recorded attempts, as read.
    pub(super) fn set_recorded(&self, ids: impl Iterator<Item = String>) {
        *self.recorded_memo() = Some(ids.collect());
    }

    pub(super) fn index_memo(&self) -> std::sync::MutexGuard<'_, Option<super::index::Remembered>> {
        self.index
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// One attempt, read from its own file (`attempts/<id>.json`), else found among all.
    pub fn attempt(&self, id: &str) -> Option<Attempt> {
        let own = self
            .record_path("attempts", id)
            .ok()
            .and_then(|path| read_record(&path, decode_attempt).ok())
            .map(|(attempt, _)| attempt)
            .filter(|a| a.id == id);
        own.or_else(|| self.attempts().attempts.into_iter().find(|a| a.id == id))
    }

    /// Claims a session for this process; fails with `WouldBlock` if another process has it.
    pub fn claim(&self, id: &str) -> io::Result<SessionClaim> {
        let path = self.record_path("sessions", id)?.with_extension("lock");
        let mut options = File::options();
        options.create(true).truncate(false).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A lock planted as a symlink is refused rather than followed.
            options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        }
        let lock = options.open(path)?;
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
        if claim.id != session.id {
            return Err(io::Error::other("the session is not the one claimed"));
        }
        let bytes = serde_json::to_vec(session).map_err(io::Error::other)?;
        write_atomic(&self.record_path("sessions", &session.id)?, &bytes)
    }

    /// Every saved session not yet recorded as an attempt, one per id, newest first, with
    /// whether another az400 has it open.
    pub fn sessions(&self) -> SessionsRead {
        let mut read = SessionsRead::default();
        let recorded = self.recorded_ids();
        let mut found = Vec::new();
        for path in json_files(
            &self.root.join("sessions"),
            Holds::History,
            &mut read.unreadable,
        ) {
            match read_record(&path, decode_session) {
                Ok((session, _)) if !recorded.contains(&session.id) => found.push((path, session)),
                Ok(_) => {}
                Err(reason) => read.unreadable.push(Unreadable {
                    path,
                    holds: Holds::History,
                    reason,
                }),
            }
        }
        let (sessions, duplicates) = once_per_id(found, |s| &s.id);
        read.duplicates = duplicates;
        let mut paths: HashMap<String, PathBuf> = HashMap::new();
        for s in &sessions {
            paths.insert(s.id.clone(), self.session_file_of(s));
        }
        read.sessions = sessions
            .into_iter()
            .map(|session| Saved {
                busy: matches!(self.claim(&session.id), Err(e) if e.kind() == io::ErrorKind::WouldBlock),
                path: paths.remove(&session.id).unwrap_or_default(),
                session,
            })
            .collect();
        read.sessions
            .sort_by_key(|s| std::cmp::Reverse((s.session.started_at, s.session.id.clone())));
        read
    }

    fn session_file_of(&self, session: &Session) -> PathBuf {
        self.root
            .join("sessions")
            .join(format!("{}.json", session.id))
    }

    /// Claims a saved session to resume: the one with `id`, or the newest no other az400 has
    /// open.
    pub fn resume(&self, id: Option<&str>) -> (Resumed, Vec<Unreadable>) {
        let read = self.sessions();
        let mut busy = None;
        for saved in read.sessions {
            if id.is_some_and(|id| id != saved.session.id) {
                continue;
            }
            match self.claim(&saved.session.id) {
                Ok(claim) => {
                    return (
                        Resumed::Claimed(Box::new(saved.session), claim),
                        read.unreadable,
                    );
                }
                Err(_) => busy = busy.or(Some(saved.session.id)),
            }
        }
        let outcome = busy.map_or(Resumed::NotFound, Resumed::Busy);
        (outcome, read.unreadable)
    }

    /// Whether a saved session is waiting to be resumed (without claiming it).
    pub fn has_resumable(&self) -> bool {
        self.sessions().sessions.iter().any(|s| !s.busy)
    }

    /// Removes a session once it has been submitted and recorded.
    #[allow(clippy::needless_pass_by_value)] // the claim ends here: its lock goes with it
    pub fn discard_session(&self, claim: SessionClaim) -> io::Result<()> {
        let path = self.record_path("sessions", &claim.id)?;
        atomic::remove(&path)?;
        atomic::sync_dir(&path)?;
        let _ = atomic::remove(&path.with_extension("lock"));
        Ok(())
    }

    /// Sets aside sessions already recorded as attempts (a kill between recording and
    /// removing, or a copy from another machine): each file holding one is moved to
    /// `sessions/done/`, never deleted. Returns the files moved and where to.
    pub fn set_aside_recorded(&self) -> Vec<(PathBuf, PathBuf)> {
        let recorded = self.recorded_ids();
        let mut ignored = Vec::new();
        let mut moved = Vec::new();
        for path in json_files(&self.root.join("sessions"), Holds::History, &mut ignored) {
            let Ok((session, _)) = read_record(&path, decode_session) else {
                continue;
            };
            if !recorded.contains(&session.id) {
                continue;
            }
            // A session another az400 has open is left to it.
            let Ok(claim) = self.claim(&session.id) else {
                continue;
            };
            if let Ok(to) = self.move_aside(&path, "sessions/done") {
                moved.push((path, to));
            }
            if !self.session_file_of(&session).exists() {
                self.release(claim);
            }
        }
        moved
    }

    /// Moves every file of the session `id` (its copies included) to `sessions/discarded/`,
    /// never deleting it. Fails if another az400 has it open or there is no such session.
    pub fn discard(&self, id: &str) -> io::Result<Vec<PathBuf>> {
        if !is_valid_id(id) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a session id",
            ));
        }
        let claim = self.claim(id)?;
        let mut ignored = Vec::new();
        let mut moved = Vec::new();
        for path in json_files(&self.root.join("sessions"), Holds::History, &mut ignored) {
            if read_record(&path, decode_session).is_ok_and(|(s, _)| s.id == id) {
                moved.push(self.move_aside(&path, "sessions/discarded")?);
            }
        }
        if moved.is_empty() {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such session"));
        }
        self.release(claim);
        Ok(moved)
    }

    /// Removes the lock of a session whose file is gone, then lets the claim go.
    #[allow(clippy::needless_pass_by_value)] // the claim ends here: its lock goes with it
    fn release(&self, claim: SessionClaim) {
        if let Ok(path) = self.record_path("sessions", &claim.id) {
            let _ = atomic::remove(&path.with_extension("lock"));
        }
    }

    /// Moves a file into the subfolder `to` under a name not yet taken there.
    fn move_aside(&self, path: &Path, to: &str) -> io::Result<PathBuf> {
        let dir = self.folder(to)?;
        let name = path.file_name().map(PathBuf::from).unwrap_or_default();
        let stem = name.with_extension("");
        for n in 0..1000 {
            let target = if n == 0 {
                dir.join(&name)
            } else {
                let mut candidate = stem.clone().into_os_string();
                candidate.push(format!("-{n}.json"));
                dir.join(candidate)
            };
            if fs::symlink_metadata(&target).is_ok() {
                continue;
            }
            crash_free_move(path, &target)?;
            return Ok(target);
        }
        Err(io::Error::other("too many files of that name set aside"))
    }

    /// The ids of all recorded attempts: as last read by [`Store::attempts`] (and added to by
    /// [`Store::save_attempt`]), else read now.
    fn recorded_ids(&self) -> HashSet<String> {
        if let Some(ids) = self.recorded_memo().as_ref() {
            return ids.clone();
        }
        self.attempts();
        self.recorded_memo().clone().unwrap_or_default()
    }

    /// `<folder>/<id>.json`, for a valid id only.
    fn record_path(&self, folder: &str, id: &str) -> io::Result<PathBuf> {
        if !is_valid_id(id) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "refusing a file name made from an invalid id",
            ));
        }
        Ok(self.folder(folder)?.join(format!("{id}.json")))
    }
}

/// Moves `from` to `to` without ever overwriting `to`: a hard link then the removal of the
/// old name (where links are not supported, a rename to the name just checked free).
fn crash_free_move(from: &Path, to: &Path) -> io::Result<()> {
    atomic::crash_point("link");
    match fs::hard_link(from, to) {
        Ok(()) => {
            atomic::sync_dir(to)?;
            atomic::remove(from)?;
            atomic::sync_dir(from)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            fs::rename(from, to)?;
            atomic::sync_dir(to)?;
            atomic::sync_dir(from)
        }
    }
}

/// Keeps one record per id: the one in the file named after its id if there is one, else the
/// first by file name; the others are reported as duplicates.
fn once_per_id<T>(
    mut found: Vec<(PathBuf, T)>,
    id: impl Fn(&T) -> &String,
) -> (Vec<T>, Vec<Duplicate>) {
    found.sort_by_cached_key(|(path, record)| {
        let canonical = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == format!("{}.json", id(record)));
        (id(record).clone(), !canonical, path.clone())
    });
    let mut kept: Vec<T> = Vec::new();
    let mut duplicates = Vec::new();
    let mut last: Option<String> = None;
    for (path, record) in found {
        let this = id(&record).clone();
        if last.as_ref() == Some(&this) {
            duplicates.push(Duplicate { path, id: this });
        } else {
            last = Some(this);
            kept.push(record);
        }
    }
    (kept, duplicates)
}

pub(super) fn name_bytes(path: &Path) -> Vec<u8> {
    let name = path.file_name().unwrap_or_default();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        name.as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    name.to_string_lossy().as_bytes().to_vec()
}

/// Size, modification time (seconds, nanoseconds) and inode: what changes when a file is
/// replaced or edited.
pub(super) type FileIdentity = (u64, (i64, u32), u64);

/// The identity of a file from its metadata.
pub(super) fn file_identity(meta: &fs::Metadata) -> FileIdentity {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or((0, 0), |d| {
            (
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                d.subsec_nanos(),
            )
        });
    (meta.len(), mtime, untrusted::identity(meta).1)
}

/// Reads and decodes one record file (a regular file, within the size cap), with the identity
/// of the file as opened.
pub(super) fn read_record<T>(
    path: &Path,
    decode: fn(&[u8]) -> Result<T, String>,
) -> Result<(T, FileIdentity), String> {
    let (file, meta) = untrusted::open_regular(path).map_err(|e| e.to_string())?;
    let bytes = untrusted::read_opened(file, &meta, MAX_RECORD_BYTES).map_err(|e| e.to_string())?;
    decode(&bytes).map(|value| (value, file_identity(&meta)))
}

/// The `.json` files of a folder, sorted; temporary files of interrupted writes are ignored.
pub(crate) fn json_files(
    dir: &Path,
    holds: Holds,
    unreadable: &mut Vec<Unreadable>,
) -> Vec<PathBuf> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Vec::new(),
        Err(e) => {
            unreadable.push(Unreadable {
                path: dir.to_path_buf(),
                holds,
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
