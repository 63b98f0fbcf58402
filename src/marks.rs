//! Bookmarks and notes on questions, kept in the data folder so they last across attempts.
//!
//! ```text
//! <data dir>/marks/<question id>.json     one small file per question
//! <data dir>/marks/merged/                copies folded into the file of their question
//! ```
//! One file per question, written atomically, so two machines syncing the folder only ever
//! collide on the same question. Each field (bookmark, note) carries the time it was set, so
//! when a sync tool leaves a conflict copy (`q (conflicted copy).json`) the copies merge field
//! by field: the newer bookmark state wins, and notes that differ are all kept, newest first.
//! Every `.json` file in `marks/` is read whatever its name; the next change to that question
//! writes the merged record and moves the copies to `marks/merged/` (never deleted).
//!
//! Everything read is untrusted: only regular files within a size cap are opened, the question
//! id is validated before it names a file, and a file that cannot be read is reported and
//! skipped, never overwritten.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::history::atomic::{self, write_atomic};
use crate::history::store::json_files;
use crate::history::{Holds, Unreadable};
use crate::untrusted::{self, escape_path};

/// The version of the file layout.
pub const MARK_FORMAT: u32 = 1;
/// The longest note kept, in bytes.
pub const MAX_NOTE_BYTES: usize = 8 * 1024;
/// The largest mark file read.
const MAX_MARK_FILE_BYTES: u64 = 64 * 1024;
/// The longest question id that may name a file.
const MAX_QUESTION_ID_LEN: usize = 128;
/// Between the notes of two copies that disagree.
const NOTE_SEPARATOR: &str = "\n\n";

/// Whether a question id may name a file: 1 to 128 ASCII letters, digits, `-` or `_`.
pub fn is_valid_question_id(id: &str) -> bool {
    (1..=MAX_QUESTION_ID_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A value with the time it was set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped<T> {
    /// The value.
    pub value: T,
    /// When it was set.
    pub at: DateTime<Utc>,
}

/// One mark file: what the user set on one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkRecord {
    /// The file layout's version.
    pub format: u32,
    /// The question id.
    pub question: String,
    /// Whether it is bookmarked, if ever set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bookmark: Option<Stamped<bool>>,
    /// The note (empty: none), if ever set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Stamped<String>>,
}

impl MarkRecord {
    /// Checks what a file can get wrong that the types cannot.
    pub fn check(&self) -> Result<(), String> {
        if self.format == 0 || self.format > MARK_FORMAT {
            return Err(format!(
                "format {} is not one this az400 reads ({MARK_FORMAT})",
                self.format
            ));
        }
        if !is_valid_question_id(&self.question) {
            return Err("not a question id".into());
        }
        if self
            .note
            .as_ref()
            .is_some_and(|n| n.value.len() > MAX_NOTE_BYTES)
        {
            return Err(format!("note longer than {MAX_NOTE_BYTES} bytes"));
        }
        Ok(())
    }
}

/// What the user has set on one question, merged from every copy of its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The question id.
    pub question: String,
    /// Whether it is bookmarked.
    pub bookmarked: bool,
    /// The note (empty: none). Differing notes of conflict copies are joined, newest first.
    pub note: String,
    /// The merged record, as the next write stores it.
    record: MarkRecord,
}

impl Mark {
    fn from_record(record: MarkRecord) -> Mark {
        Mark {
            question: record.question.clone(),
            bookmarked: record.bookmark.as_ref().is_some_and(|b| b.value),
            note: record
                .note
                .as_ref()
                .map(|n| n.value.clone())
                .unwrap_or_default(),
            record,
        }
    }

    /// Whether there is anything to show: a bookmark or a note.
    pub fn is_set(&self) -> bool {
        self.bookmarked || !self.note.is_empty()
    }
}

/// Merges the copies of one question's mark file (at least one): per field, the newest wins,
/// except that notes which differ are all kept, newest first.
pub fn merge(copies: &[MarkRecord]) -> Option<Mark> {
    let first = copies.first()?;
    let bookmark = copies
        .iter()
        .filter_map(|c| c.bookmark.clone())
        .max_by_key(|b| (b.at, b.value));
    let mut notes: Vec<&Stamped<String>> = copies.iter().filter_map(|c| c.note.as_ref()).collect();
    notes.sort_by(|a, b| b.at.cmp(&a.at).then(a.value.cmp(&b.value)));
    let note = notes.first().map(|newest| {
        let mut texts: Vec<&str> = Vec::new();
        for n in &notes {
            let text = n.value.trim_end();
            if !text.is_empty() && !texts.iter().any(|t| t.contains(text)) {
                texts.push(text);
            }
        }
        Stamped {
            value: truncate(&texts.join(NOTE_SEPARATOR), MAX_NOTE_BYTES),
            at: newest.at,
        }
    });
    Some(Mark::from_record(MarkRecord {
        format: MARK_FORMAT,
        question: first.question.clone(),
        bookmark,
        note,
    }))
}

/// `text` cut to at most `max` bytes at a character boundary.
fn truncate(text: &str, max: usize) -> String {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// A note as stored: control characters other than newline and tab removed, trailing blank
/// space trimmed, cut to [`MAX_NOTE_BYTES`].
pub fn clean_note(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    truncate(kept.trim_end(), MAX_NOTE_BYTES)
}

/// Every mark, by question id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    by_question: BTreeMap<String, Mark>,
}

impl Marks {
    /// Marks merged from records (any order, copies included).
    pub fn from_records(records: impl IntoIterator<Item = MarkRecord>) -> Marks {
        let mut grouped: BTreeMap<String, Vec<MarkRecord>> = BTreeMap::new();
        for r in records {
            grouped.entry(r.question.clone()).or_default().push(r);
        }
        Marks {
            by_question: grouped
                .into_iter()
                .filter_map(|(id, copies)| Some((id, merge(&copies)?)))
                .collect(),
        }
    }

    /// The mark on a question, if any file names it.
    pub fn get(&self, question: &str) -> Option<&Mark> {
        self.by_question.get(question)
    }

    /// Whether a question is bookmarked.
    pub fn is_bookmarked(&self, question: &str) -> bool {
        self.get(question).is_some_and(|m| m.bookmarked)
    }

    /// The note on a question (empty: none).
    pub fn note(&self, question: &str) -> &str {
        self.get(question).map_or("", |m| m.note.as_str())
    }

    /// The bookmarked question ids, sorted.
    pub fn bookmarked(&self) -> Vec<&str> {
        self.by_question
            .values()
            .filter(|m| m.bookmarked)
            .map(|m| m.question.as_str())
            .collect()
    }

    /// The marks with a bookmark or a note, by question id.
    pub fn set(&self) -> impl Iterator<Item = &Mark> {
        self.by_question.values().filter(|m| m.is_set())
    }

    /// Applies a change made here (keeps the in-memory view in step with a write).
    fn put(&mut self, mark: Mark) {
        self.by_question.insert(mark.question.clone(), mark);
    }
}

/// A change to one question's mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Bookmark it (`true`) or take the bookmark off (`false`).
    Bookmark(bool),
    /// Replace its note (empty: remove it).
    Note(String),
}

/// The mark a change makes of `current` (the merged record so far, if any) at `now`.
pub fn apply(current: Option<&Mark>, question: &str, change: Change, now: DateTime<Utc>) -> Mark {
    let mut record = current.map_or(
        MarkRecord {
            format: MARK_FORMAT,
            question: question.to_string(),
            bookmark: None,
            note: None,
        },
        |m| m.record.clone(),
    );
    // A clock set back must not make the change lose to the state it replaces.
    let after = |previous: Option<DateTime<Utc>>| {
        previous.map_or(now, |p| now.max(p + chrono::Duration::milliseconds(1)))
    };
    match change {
        Change::Bookmark(on) => {
            record.bookmark = Some(Stamped {
                value: on,
                at: after(record.bookmark.as_ref().map(|b| b.at)),
            });
        }
        Change::Note(text) => {
            record.note = Some(Stamped {
                value: clean_note(&text),
                at: after(record.note.as_ref().map(|n| n.at)),
            });
        }
    }
    Mark::from_record(record)
}

/// The marks read from the data folder, with the files that had to be skipped.
#[derive(Debug, Default)]
pub struct MarksRead {
    /// Every mark.
    pub marks: Marks,
    /// Files skipped, each with its reason.
    pub unreadable: Vec<Unreadable>,
}

/// The `marks/` folder of a data folder.
#[derive(Debug, Clone)]
pub struct MarkStore {
    root: PathBuf,
}

impl MarkStore {
    /// The marks of the data folder `root` (the folder is made on the first write).
    pub fn new(root: &Path) -> MarkStore {
        MarkStore {
            root: root.to_path_buf(),
        }
    }

    fn dir(&self) -> PathBuf {
        self.root.join("marks")
    }

    /// Reads every mark file, skipping (and reporting) those that cannot be read.
    pub fn read(&self) -> MarksRead {
        let mut unreadable = Vec::new();
        let records: Vec<MarkRecord> = self
            .files(&mut unreadable)
            .into_iter()
            .filter_map(|(path, record)| match record {
                Ok(r) => Some(r),
                Err(reason) => {
                    unreadable.push(Unreadable {
                        path,
                        holds: Holds::Marks,
                        reason,
                    });
                    None
                }
            })
            .collect();
        MarksRead {
            marks: Marks::from_records(records),
            unreadable,
        }
    }

    /// Every `.json` file of the folder with its decoded record or why it could not be read.
    fn files(
        &self,
        unreadable: &mut Vec<Unreadable>,
    ) -> Vec<(PathBuf, Result<MarkRecord, String>)> {
        json_files(&self.dir(), Holds::Marks, unreadable)
            .into_iter()
            .map(|path| {
                let record = untrusted::read_regular(&path, MAX_MARK_FILE_BYTES)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| {
                        serde_json::from_slice::<MarkRecord>(&bytes).map_err(|e| e.to_string())
                    })
                    .and_then(|r| r.check().map(|()| r));
                (path, record)
            })
            .collect()
    }

    /// Changes one question's mark at `now`: writes the merged record to `<id>.json`
    /// atomically and moves any other copy of it to `marks/merged/`. Returns the new mark.
    pub fn change(&self, question: &str, change: Change, now: DateTime<Utc>) -> io::Result<Mark> {
        if !is_valid_question_id(question) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "`{}` is not a question id",
                    untrusted::escape_line(question)
                ),
            ));
        }
        let dir = self.folder("marks")?;
        let mut ignored = Vec::new();
        let canonical = dir.join(format!("{question}.json"));
        let mut copies = Vec::new();
        let mut records = Vec::new();
        for (path, record) in self.files(&mut ignored) {
            match record {
                Ok(r) if r.question == question => {
                    if path != canonical {
                        copies.push(path);
                    }
                    records.push(r);
                }
                // A broken canonical file is never overwritten.
                Err(reason) if path == canonical => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "{} cannot be read ({}); move it away to change this mark",
                            escape_path(&path),
                            untrusted::escape_line(&reason)
                        ),
                    ));
                }
                _ => {}
            }
        }
        let mark = apply(merge(&records).as_ref(), question, change, now);
        let bytes = serde_json::to_vec_pretty(&mark.record).map_err(io::Error::other)?;
        write_atomic(&canonical, &bytes)?;
        if !copies.is_empty() {
            let merged = self.folder("marks/merged")?;
            for copy in copies {
                move_aside(&copy, &merged)?;
            }
        }
        Ok(mark)
    }

    /// Changes a mark and keeps `marks` in step.
    pub fn change_in(
        &self,
        marks: &mut Marks,
        question: &str,
        change: Change,
        now: DateTime<Utc>,
    ) -> io::Result<()> {
        let mark = self.change(question, change, now)?;
        marks.put(mark);
        Ok(())
    }

    /// The subfolder `rel`, created if needed, checked to lie inside the data folder (a
    /// folder symlinked elsewhere is refused, so no write leaves it).
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
}

/// Moves a file into `dir` under a name not yet taken there, never overwriting anything.
fn move_aside(path: &Path, dir: &Path) -> io::Result<PathBuf> {
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
        match fs::hard_link(path, &target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(_) => fs::rename(path, &target)?,
        }
        atomic::sync_dir(&target)?;
        atomic::remove(path)?;
        atomic::sync_dir(path)?;
        return Ok(target);
    }
    Err(io::Error::other("too many copies of that mark set aside"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn t(hours: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap() + Duration::hours(hours)
    }

    fn record(bookmark: Option<(bool, i64)>, note: Option<(&str, i64)>) -> MarkRecord {
        MarkRecord {
            format: MARK_FORMAT,
            question: "q-1".into(),
            bookmark: bookmark.map(|(value, h)| Stamped { value, at: t(h) }),
            note: note.map(|(value, h)| Stamped {
                value: value.into(),
                at: t(h),
            }),
        }
    }

    #[test]
    fn copies_merge_field_by_field() {
        // One machine bookmarked at hour 1; the other wrote a note at hour 2, never touching
        // the bookmark: both survive.
        let m = merge(&[
            record(Some((true, 1)), None),
            record(None, Some(("check slots", 2))),
        ])
        .unwrap();
        assert!(m.bookmarked);
        assert_eq!(m.note, "check slots");
        // A later removal beats an earlier bookmark.
        let m = merge(&[
            record(Some((true, 1)), None),
            record(Some((false, 3)), None),
        ])
        .unwrap();
        assert!(!m.bookmarked);
    }

    #[test]
    fn differing_notes_are_all_kept_newest_first() {
        let m = merge(&[
            record(None, Some(("older thought", 1))),
            record(None, Some(("newer thought", 5))),
            record(None, Some(("older thought", 1))),
        ])
        .unwrap();
        assert_eq!(m.note, "newer thought\n\nolder thought");
        // A note that grew from the other is not repeated.
        let m = merge(&[
            record(None, Some(("swap", 1))),
            record(None, Some(("swap with preview", 2))),
        ])
        .unwrap();
        assert_eq!(m.note, "swap with preview");
    }

    #[test]
    fn a_change_is_stamped_and_never_older_than_what_it_replaces() {
        let first = apply(None, "q-1", Change::Bookmark(true), t(10));
        assert!(first.bookmarked);
        // The clock went back an hour: the removal still wins over the bookmark.
        let second = apply(Some(&first), "q-1", Change::Bookmark(false), t(9));
        assert!(!second.bookmarked);
        let merged = merge(&[first.record.clone(), second.record.clone()]).unwrap();
        assert!(!merged.bookmarked);
        let noted = apply(
            Some(&second),
            "q-1",
            Change::Note("a\x1b[2Jb  \n".into()),
            t(11),
        );
        assert_eq!(noted.note, "a[2Jb");
    }

    #[test]
    fn ids_that_could_leave_the_folder_are_refused() {
        for bad in ["", "../x", "a/b", ".hidden", "a b", &"x".repeat(129)] {
            assert!(!is_valid_question_id(bad), "{bad}");
        }
        assert!(is_valid_question_id("dep-slot-swap-warmup"));
    }
}
