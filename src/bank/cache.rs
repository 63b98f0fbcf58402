//! A cache of decoded question files, so that a large bank of one's own starts fast.
//!
//! Each file's decoded contents (its questions, case studies, problems and warnings) are kept in
//! one postcard file: first a catalogue (every question's entry, without its words) that a start
//! reads and checks whole, then the questions' compiled words, each read only when the question
//! is shown, scored or checked, and checked then (a question whose words do not read back is
//! read again from its question file, and the cache is rebuilt at the next start). The file is keyed by the file's path bytes, size, modification time and inode, and by
//! what decoding depends on besides the file: the blueprint, the month `verified` dates are
//! judged against, and the az400 build that decoded it. A file whose identity changed is read
//! again; the checks across files run on every load. A cache that is missing, damaged or of
//! another build is rebuilt without a word: results are the same with and without it, and the
//! question files stay the truth.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::content::{Content, Detail, Place, WordsFile};
use super::decode::FileContents;
use super::diagnostic::Diagnostic;
use super::files::{self, Across, Loaded};
use super::model::{Blueprint, CaseStudy, Month, Question};
use super::question::{About, Compiled};
use crate::checksum::{checksum, fnv64};

/// The version of the cache's layout (2: bank text carries its parsed document; 3: as bytes,
/// decoded when needed; 4: a question's words compiled apart from its catalogue entry; 5: the
/// words after the catalogue, read by offset).
const CACHE_FORMAT: u32 = 5;
/// The most parts a question in a cache may be scored on: far beyond any question a file can
/// hold (a catalogue entry is checked, not trusted).
const MAX_PARTS: u32 = 10_000;
/// The largest cache file read.
const MAX_CACHE_BYTES: u64 = 1024 * 1024 * 1024;

/// One decoded file and the identity of the file it was decoded from.
#[derive(Debug)]
struct Entry {
    /// The path's raw bytes, as listed.
    path: Vec<u8>,
    size: u64,
    mtime: (i64, u32),
    inode: u64,
    contents: FileContents,
}

/// One file's entry as the cache writes it: its questions' catalogue entries, with where each
/// one's words are.
#[derive(Serialize)]
struct StoredRef<'a> {
    path: &'a [u8],
    size: u64,
    mtime: (i64, u32),
    inode: u64,
    questions: Vec<Compiled<&'a About, Place>>,
    case_studies: &'a [CaseStudy],
    problems: &'a [Diagnostic],
    warnings: &'a [Diagnostic],
    source_hash: u64,
}

/// [`StoredRef`], read.
#[derive(Deserialize)]
struct Stored {
    path: Vec<u8>,
    size: u64,
    mtime: (i64, u32),
    inode: u64,
    questions: Vec<Compiled<About, Place>>,
    case_studies: Vec<CaseStudy>,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    source_hash: u64,
}

/// The cache's catalogue, after a header (the format, a checksum of the catalogue, its
/// length): what decoding depends on besides the files (blueprint, month, build), and the
/// files' entries.
#[derive(Debug, Serialize, Deserialize)]
struct BankCache<E> {
    context: u64,
    entries: Vec<E>,
}

/// What the checks across files did on the entries of the cache file whose body has this
/// checksum, kept beside it (`….across`): written once the checks ran, so the entries need not
/// be kept for it.
#[derive(Debug, Serialize, Deserialize)]
struct AcrossFile {
    cache: u64,
    across: Across,
}

/// The cache file for a set of bank paths in the cache folder `dir`: one per set, so that
/// `bank validate` of other files does not evict the app's banks.
pub fn file_for(dir: &Path, paths: &[PathBuf]) -> PathBuf {
    let mut bytes = Vec::new();
    for path in paths {
        bytes.extend(path_bytes(path));
        bytes.push(0);
    }
    dir.join("banks")
        .join(format!("{:016x}.postcard", checksum(&bytes)))
}

/// Like [`files::load_paths`], taking each unchanged file's decoded contents from the cache
/// file `cache` (and updating it); without a cache file, exactly [`files::load_paths`].
pub fn load_paths(
    paths: &[PathBuf],
    blueprint: &Blueprint,
    today: Month,
    cache: Option<&Path>,
) -> Loaded {
    let Some(cache) = cache else {
        return files::load_paths(paths, blueprint, today);
    };
    let context = context_key(blueprint, today);
    let stored = read_cache(cache, context, blueprint, today);
    let stored_sum = stored.as_ref().map(|(_, sum)| *sum);
    let stored = stored.map(|(c, _)| c);
    // The files in the order the cache holds them: the checks across files it recorded hold
    // for exactly these files in this order.
    let stored_order: Vec<Vec<u8>> = stored
        .as_ref()
        .map(|c| c.entries.iter().map(|e| e.path.clone()).collect())
        .unwrap_or_default();
    let mut cached: HashMap<Vec<u8>, Entry> = stored
        .map(|c| c.entries.into_iter().map(|e| (e.path.clone(), e)).collect())
        .unwrap_or_default();
    let mut loaded = files::list_files(paths);
    // Each file's contents in file order; `None` for a file that could not be read.
    let mut found: Vec<(Option<Entry>, bool)> = Vec::with_capacity(loaded.files.len());
    let mut changed = false;
    for file in &loaded.files {
        let path = path_bytes(file);
        let identity = identity_of(file);
        let hit = cached
            .remove(&path)
            .filter(|e| identity.is_some() && identity == Some((e.size, e.mtime, e.inode)));
        if let Some(entry) = hit {
            found.push((Some(entry), true));
            continue;
        }
        changed = true;
        match files::read_file(file, blueprint, today) {
            Ok(contents) => {
                let (size, mtime, inode) = identity.unwrap_or_default();
                let entry = Entry {
                    path,
                    size,
                    mtime,
                    inode,
                    contents,
                };
                // A file whose identity cannot be known is not cached.
                found.push((Some(entry), identity.is_some()));
            }
            // A file that cannot be read is reported, and read again next time.
            Err(problem) => {
                loaded.problems.push(problem);
                found.push((None, false));
            }
        }
    }
    let unchanged = !changed
        && cached.is_empty()
        && loaded.files.len() == stored_order.len()
        && loaded
            .files
            .iter()
            .zip(&stored_order)
            .all(|(file, stored)| path_bytes(file) == *stored);
    let across = stored_sum
        .filter(|_| unchanged)
        .and_then(|sum| read_across(cache, sum));
    let sum = if changed || !cached.is_empty() {
        let entries: Vec<&Entry> = found
            .iter()
            .filter(|(_, keep)| *keep)
            .filter_map(|(e, _)| e.as_ref())
            .collect();
        write_cache(cache, &BankCache { context, entries })
    } else {
        stored_sum
    };
    // The checks recorded stand for the cache's files only when every file is in it.
    let all_cached = found.iter().all(|(e, keep)| e.is_some() && *keep);
    for entry in found.into_iter().filter_map(|(e, _)| e) {
        files::add_contents(&mut loaded, entry.contents);
    }
    if let Some(across) = across {
        return files::apply_across(loaded, &across);
    }
    let (checked, across) = files::checked_across(loaded);
    if let (true, Some(sum)) = (all_cached, sum) {
        write_across(cache, &AcrossFile { cache: sum, across });
    }
    checked
}

/// The file beside a cache file that records the checks across its files.
fn across_path(cache: &Path) -> PathBuf {
    let mut name = cache.as_os_str().to_owned();
    name.push(".across");
    PathBuf::from(name)
}

/// The checks recorded for the cache body with checksum `sum`, if that is what the file holds.
fn read_across(cache: &Path, sum: u64) -> Option<Across> {
    let bytes = crate::untrusted::read_regular(&across_path(cache), MAX_CACHE_BYTES).ok()?;
    let (header, body) = bytes.split_at_checked(HEADER)?;
    let format = u32::from_le_bytes(header[..4].try_into().ok()?);
    let check = u64::from_le_bytes(header[4..].try_into().ok()?);
    if format != CACHE_FORMAT || check != checksum(body) {
        return None;
    }
    postcard::from_bytes::<AcrossFile>(body)
        .ok()
        .filter(|a| a.cache == sum)
        .map(|a| a.across)
}

fn write_across(cache: &Path, across: &AcrossFile) {
    let Ok(body) = postcard::to_allocvec(across) else {
        return;
    };
    let mut bytes = Vec::with_capacity(HEADER + body.len());
    bytes.extend(CACHE_FORMAT.to_le_bytes());
    bytes.extend(checksum(&body).to_le_bytes());
    bytes.extend(body);
    let _ = crate::history::atomic::write_atomic(&across_path(cache), &bytes);
}

/// The header of the `.across` file: the format, then a checksum of the body.
const HEADER: usize = 12;

/// The header of the cache file: the format, a checksum of the catalogue, where the catalogue
/// starts (after the words) and its length.
const CACHE_HEADER: usize = 28;

/// Reads the cache's catalogue, if it is whole and was written for `context`: the entries,
/// their questions' words left in the file, and the checksum of the catalogue.
fn read_cache(
    cache: &Path,
    context: u64,
    blueprint: &Blueprint,
    today: Month,
) -> Option<(BankCache<Entry>, u64)> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let (mut file, meta) = crate::untrusted::open_regular(cache).ok()?;
    if meta.len() > MAX_CACHE_BYTES {
        return None;
    }
    let mut header = [0u8; CACHE_HEADER];
    file.read_exact(&mut header).ok()?;
    let format = u32::from_le_bytes(header[..4].try_into().ok()?);
    let sum = u64::from_le_bytes(header[4..12].try_into().ok()?);
    let catalogue_at = u64::from_le_bytes(header[12..20].try_into().ok()?);
    let len = u64::from_le_bytes(header[20..].try_into().ok()?);
    if format != CACHE_FORMAT
        || catalogue_at < CACHE_HEADER as u64
        || catalogue_at.checked_add(len) != Some(meta.len())
    {
        return None;
    }
    let mut catalogue = vec![0u8; usize::try_from(len).ok()?];
    file.seek(SeekFrom::Start(catalogue_at)).ok()?;
    file.read_exact(&mut catalogue).ok()?;
    if sum != checksum(&catalogue) {
        return None;
    }
    let stored = postcard::from_bytes::<BankCache<Stored>>(&catalogue)
        .ok()
        .filter(|c| c.context == context)?;
    // Each question's words belong to its own entry, and no scored parts beyond reason.
    let sound = stored.entries.iter().enumerate().all(|(n, e)| {
        e.questions
            .iter()
            .all(|q| q.words.source as usize == n && q.parts <= MAX_PARTS)
    });
    if !sound {
        return None;
    }
    let words = Arc::new(CacheWords {
        cache: cache.to_path_buf(),
        inode: crate::untrusted::identity(&meta).1,
        damaged: std::sync::atomic::AtomicBool::new(false),
        reread: Mutex::new(HashMap::new()),
        file: Mutex::new(file),
        at: CACHE_HEADER as u64,
        len: catalogue_at - CACHE_HEADER as u64,
        sources: stored
            .entries
            .iter()
            .map(|e| (path_from_bytes(&e.path), e.source_hash))
            .collect(),
        blueprint: blueprint.clone(),
        today,
    });
    let entries = stored
        .entries
        .into_iter()
        .map(|e| Entry {
            path: e.path,
            size: e.size,
            mtime: e.mtime,
            inode: e.inode,
            contents: FileContents {
                questions: e
                    .questions
                    .into_iter()
                    .map(|q| {
                        let place = q.words;
                        q.into_question(Content::stored(
                            Arc::clone(&words) as Arc<dyn WordsFile>,
                            place,
                        ))
                    })
                    .collect(),
                case_studies: e.case_studies,
                problems: e.problems,
                warnings: e.warnings,
                source_hash: e.source_hash,
            },
        })
        .collect();
    Some((
        BankCache {
            context: stored.context,
            entries,
        },
        sum,
    ))
}

/// Writes the cache, and returns the checksum of its catalogue if it was written; a cache
/// that cannot be written is only a cache: the next start reads the files again.
fn write_cache(cache: &Path, contents: &BankCache<&Entry>) -> Option<u64> {
    // The header, filled in last, then the words, then the catalogue.
    let mut bytes = vec![0u8; CACHE_HEADER];
    let mut entries = Vec::with_capacity(contents.entries.len());
    let mut compiled = Vec::new();
    for (source, entry) in contents.entries.iter().enumerate() {
        let source = u32::try_from(source).ok()?;
        compiled.clear();
        for question in &entry.contents.questions {
            // Words that cannot be had are not written as if they were the question's: the
            // cache is left to be built again from the files.
            let words = question.compiled_words()?;
            let place = Place {
                at: (bytes.len() - CACHE_HEADER) as u64,
                len: u32::try_from(words.len()).ok()?,
                sum: checksum(&words),
                source,
            };
            bytes.extend_from_slice(&words);
            compiled.push(place);
        }
        entries.push(StoredRef {
            path: &entry.path,
            size: entry.size,
            mtime: entry.mtime,
            inode: entry.inode,
            questions: entry
                .contents
                .questions
                .iter()
                .zip(&compiled)
                .map(|(q, place)| q.compiled(*place))
                .collect(),
            case_studies: &entry.contents.case_studies,
            problems: &entry.contents.problems,
            warnings: &entry.contents.warnings,
            source_hash: entry.contents.source_hash,
        });
    }
    let catalogue = postcard::to_allocvec(&BankCache {
        context: contents.context,
        entries,
    })
    .ok()?;
    let sum = checksum(&catalogue);
    let mut header = Vec::with_capacity(CACHE_HEADER);
    header.extend(CACHE_FORMAT.to_le_bytes());
    header.extend(sum.to_le_bytes());
    header.extend((bytes.len() as u64).to_le_bytes());
    header.extend((catalogue.len() as u64).to_le_bytes());
    bytes[..CACHE_HEADER].copy_from_slice(&header);
    bytes.extend(catalogue);
    if let Some(dir) = cache.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    crate::history::atomic::write_atomic(cache, &bytes).ok()?;
    Some(sum)
}

/// The words part of a cache file, kept open while its questions live: a question's words are
/// read from it when first needed.
struct CacheWords {
    /// The cache file's path, removed if its words turn out damaged.
    cache: PathBuf,
    /// The inode of the file opened, so that only that file is removed.
    inode: u64,
    file: Mutex<std::fs::File>,
    /// Where the words start in the file, and how many bytes they take.
    at: u64,
    len: u64,
    /// The question files, by entry, with the hash of the bytes the entry was decoded from,
    /// for words that do not read back.
    sources: Vec<(PathBuf, u64)>,
    blueprint: Blueprint,
    today: Month,
    /// Set once words did not read back: every question then comes from its question file.
    damaged: std::sync::atomic::AtomicBool,
    /// The question files read again, by entry (`None`: no longer what the entry was).
    reread: Mutex<HashMap<u32, Option<Vec<Question>>>>,
}

impl WordsFile for CacheWords {
    fn read(&self, place: Place) -> Option<Vec<u8>> {
        use std::io::{Read as _, Seek as _, SeekFrom};
        use std::sync::atomic::Ordering;
        if self.damaged.load(Ordering::Relaxed) {
            return None;
        }
        let end = place.at.checked_add(u64::from(place.len))?;
        let mut read = None;
        if end <= self.len {
            let mut bytes = vec![0u8; usize::try_from(place.len).ok()?];
            let mut file = self
                .file
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if file.seek(SeekFrom::Start(self.at + place.at)).is_ok()
                && file.read_exact(&mut bytes).is_ok()
            {
                read = Some(bytes);
            }
        }
        if let Some(bytes) = read.filter(|bytes| checksum(bytes) == place.sum) {
            return Some(bytes);
        }
        // Damaged since its catalogue was checked: the next start builds it again (if the
        // file at the path is still the one opened).
        if !self.damaged.swap(true, Ordering::Relaxed)
            && std::fs::metadata(&self.cache)
                .is_ok_and(|meta| crate::untrusted::identity(&meta).1 == self.inode)
        {
            let _ = std::fs::remove_file(&self.cache);
        }
        None
    }

    fn fallback(&self, id: &str, place: Place) -> Option<Detail> {
        let mut reread = self
            .reread
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Each question file is read again once, and only used if it still holds the bytes the
        // entry was decoded from.
        let questions = reread.entry(place.source).or_insert_with(|| {
            let (path, hash) = self.sources.get(usize::try_from(place.source).ok()?)?;
            files::read_file(path, &self.blueprint, self.today)
                .ok()
                .filter(|contents| contents.source_hash == *hash)
                .map(|contents| contents.questions)
        });
        questions
            .as_ref()?
            .iter()
            .find(|q| q.id == id)
            .map(|q| q.detail().clone())
    }
}

/// What decoding depends on besides the file: the blueprint, the month, and this build of
/// az400 (another build may decode differently, or lay its types out differently).
fn context_key(blueprint: &Blueprint, today: Month) -> u64 {
    let mut bytes = postcard::to_allocvec(&(blueprint, today)).unwrap_or_default();
    bytes.extend(build_key().to_le_bytes());
    fnv64(&bytes)
}

/// This build of az400: its version and the identity of its executable. A cache written by
/// another build may lay its types out differently, so caches are keyed by it.
pub(crate) fn build_key() -> u64 {
    let mut bytes = env!("CARGO_PKG_VERSION").as_bytes().to_vec();
    if let Some((size, mtime, inode)) = std::env::current_exe()
        .ok()
        .as_deref()
        .and_then(identity_of)
    {
        bytes.extend(size.to_le_bytes());
        bytes.extend(mtime.0.to_le_bytes());
        bytes.extend(mtime.1.to_le_bytes());
        bytes.extend(inode.to_le_bytes());
    }
    fnv64(&bytes)
}

/// Size, modification time (seconds, nanoseconds) and inode of a regular file.
fn identity_of(path: &Path) -> Option<(u64, (i64, u32), u64)> {
    let meta = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((
        meta.len(),
        (i64::try_from(mtime.as_secs()).ok()?, mtime.subsec_nanos()),
        crate::untrusted::identity(&meta).1,
    ))
}

/// The path whose raw bytes these are ([`path_bytes`]).
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
    }
    #[cfg(not(unix))]
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

fn path_bytes(path: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        path.as_os_str().as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    path.to_string_lossy().as_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Month = Month {
        year: 2026,
        month: 11,
    };

    fn question(id: &str, stem: &str) -> String {
        format!(
            "  - id: {id}\n    domain: pipelines\n    skill: packages\n    topic: packages.1\n    type: single\n    difficulty: 2\n    verified: 2026-11\n    stem: {stem}\n    options:\n      - text: Yes\n        correct: true\n        why: Because it is.\n      - text: No\n        why: Because it is not.\n    explanation: It is.\n    references:\n      - https://learn.microsoft.com/azure/devops\n"
        )
    }

    fn write_bank(dir: &Path) {
        let good = format!(
            "questions:\n{}{}",
            question(
                "cached-one",
                "Which registry holds the first image of the release?"
            ),
            question(
                "cached-two",
                "Which token scope pushes a package from a workflow run?"
            )
        );
        std::fs::write(dir.join("a.yaml"), good).unwrap();
        // A problem (an id used twice across files) and a broken file.
        std::fs::write(
            dir.join("b.yaml"),
            format!(
                "questions:\n{}",
                question("cached-one", "What does a staging slot swap warm up first?")
            ),
        )
        .unwrap();
        std::fs::write(dir.join("c.yaml"), "questions: [").unwrap();
    }

    /// Writes over `cache` a copy of `good` whose first "registry" (a word of a stem) reads
    /// "Registry": decodable, but not what the question files say.
    fn damage_registry(cache: &Path, good: &[u8]) {
        let at = good
            .windows(8)
            .position(|w| w == b"registry")
            .expect("the stem is in the cache");
        let mut damaged = good.to_vec();
        damaged[at] = b'R';
        std::fs::write(cache, &damaged).unwrap();
    }

    /// `a.yaml` with questions `first` (a stem with "registry") and `second`.
    fn write_first_and_second(dir: &Path) {
        std::fs::write(
            dir.join("a.yaml"),
            format!(
                "questions:\n{}{}",
                question(
                    "first",
                    "Which registry holds the first image of the release?"
                ),
                question("second", "Which token scope pushes a package from a run?")
            ),
        )
        .unwrap();
    }

    fn load(dir: &Path, cache: Option<&Path>) -> Loaded {
        let blueprint = super::super::builtin().blueprint;
        load_paths(&[dir.to_path_buf()], &blueprint, TODAY, cache)
    }

    fn same(a: &Loaded, b: &Loaded) {
        assert_eq!(a.files, b.files);
        assert_eq!(a.questions, b.questions);
        assert_eq!(a.case_studies, b.case_studies);
        assert_eq!(a.problems, b.problems);
        assert_eq!(a.warnings, b.warnings);
        assert_eq!(a.fingerprint, b.fingerprint);
    }

    #[test]
    fn a_bank_loads_the_same_with_and_without_its_cache() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        write_bank(bank.path());
        let cache = data.path().join("banks.postcard");
        let plain = load(bank.path(), None);
        assert_eq!(plain.questions.len(), 1, "the repeated id leaves one out");
        assert_eq!(plain.problems.len(), 2, "{:?}", plain.problems);
        let first = load(bank.path(), Some(&cache));
        assert!(cache.exists(), "the first load writes the cache");
        let second = load(bank.path(), Some(&cache));
        same(&plain, &first);
        same(&plain, &second);
    }

    #[test]
    fn a_changed_file_is_read_again() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        write_bank(bank.path());
        let cache = data.path().join("banks.postcard");
        let before = load(bank.path(), Some(&cache));
        std::fs::write(
            bank.path().join("b.yaml"),
            format!(
                "questions:\n{}",
                question(
                    "cached-three",
                    "Which gate stops a release when alerts fire?"
                )
            ),
        )
        .unwrap();
        let after = load(bank.path(), Some(&cache));
        same(&load(bank.path(), None), &after);
        assert!(after.questions.iter().any(|q| q.id == "cached-three"));
        assert_ne!(after.fingerprint, before.fingerprint);
        assert_eq!(after.questions.len(), 3);
    }

    #[test]
    fn a_damaged_cache_is_rebuilt_silently() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        write_bank(bank.path());
        let cache = data.path().join("banks.postcard");
        load(bank.path(), Some(&cache));
        let good = std::fs::read(&cache).unwrap();
        damage_registry(&cache, &good);
        same(&load(bank.path(), None), &load(bank.path(), Some(&cache)));
        assert_eq!(std::fs::read(&cache).unwrap(), good, "rebuilt as it was");
        std::fs::write(&cache, &good[..good.len() / 2]).unwrap();
        same(&load(bank.path(), None), &load(bank.path(), Some(&cache)));
    }

    #[test]
    fn words_damaged_after_the_catalogue_was_read_come_from_the_question_file() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        write_first_and_second(bank.path());
        let cache = data.path().join("banks.postcard");
        let plain = load(bank.path(), None);
        load(bank.path(), Some(&cache));
        let good = std::fs::read(&cache).unwrap();
        damage_registry(&cache, &good);
        // The catalogue is whole, so the words are read when asked for: then found damaged,
        // read again from the question file, and the cache is left to be built again.
        let loaded = load(bank.path(), Some(&cache));
        assert!(cache.exists());
        same(&plain, &loaded);
        assert!(loaded.questions[0].stem().contains("Which registry holds"));
        assert!(!cache.exists(), "a damaged cache is not kept");
        same(&plain, &load(bank.path(), Some(&cache)));
        assert_eq!(std::fs::read(&cache).unwrap(), good, "rebuilt as it was");
        // Cut short, the catalogue is lost: the cache is built again at once.
        std::fs::write(&cache, &good[..good.len() - 3]).unwrap();
        same(&plain, &load(bank.path(), Some(&cache)));
        assert_eq!(std::fs::read(&cache).unwrap(), good);
    }

    #[test]
    fn damaged_words_are_not_taken_from_a_question_file_that_changed_since() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        let file = bank.path().join("a.yaml");
        let written = |stem: &str| {
            std::fs::write(&file, format!("questions:\n{}", question("only", stem))).unwrap();
        };
        written("Which registry holds the first image of the release?");
        let cache = data.path().join("banks.postcard");
        load(bank.path(), Some(&cache));
        let good = std::fs::read(&cache).unwrap();
        let loaded = load(bank.path(), Some(&cache));
        // After the start: the cache's words damaged in place, the question file rewritten.
        damage_registry(&cache, &good);
        written("Which gate stops a release when alerts fire?");
        let stem = loaded.questions[0].stem();
        assert!(stem.contains("could not be read"), "{stem}");
        assert!(!cache.exists(), "the damaged cache is not kept");
        // Nor is the stand-in ever written as the question's words.
        let bytes = postcard::to_allocvec(&loaded.questions[0]);
        assert!(bytes.is_err());
        let next = load(bank.path(), Some(&cache));
        assert!(next.questions[0].stem().contains("Which gate stops"));
        same(&load(bank.path(), None), &next);
    }

    #[test]
    fn the_checks_across_files_are_replayed_for_an_unchanged_bank() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        // A repeated id and a near-identical stem: problems found across files.
        write_first_and_second(bank.path());
        std::fs::write(
            bank.path().join("b.yaml"),
            format!(
                "questions:\n{}{}",
                question("first", "What does a staging slot swap warm up first?"),
                question("twin", "Which token scope pushes a package from a run?")
            ),
        )
        .unwrap();
        let cache = data.path().join("banks.postcard");
        let plain = load(bank.path(), None);
        assert_eq!(plain.problems.len(), 2, "{:?}", plain.problems);
        load(bank.path(), Some(&cache));
        let across = across_path(&cache);
        assert!(across.exists(), "the checks are recorded");
        let replayed = load(bank.path(), Some(&cache));
        same(&plain, &replayed);
        // A damaged record is not used: the checks run again.
        std::fs::write(&across, b"damaged").unwrap();
        same(&plain, &load(bank.path(), Some(&cache)));
        // A record of other files is not used either: a changed file runs the checks again.
        std::fs::write(
            bank.path().join("b.yaml"),
            format!(
                "questions:\n{}",
                question("third", "Which gate stops a release when alerts fire?")
            ),
        )
        .unwrap();
        let changed = load(bank.path(), Some(&cache));
        same(&load(bank.path(), None), &changed);
        assert!(changed.problems.is_empty(), "{:?}", changed.problems);
        same(&load(bank.path(), None), &load(bank.path(), Some(&cache)));
    }
}
