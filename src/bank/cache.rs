//! A cache of decoded question files, so that a large bank of one's own starts fast.
//!
//! Each file's decoded contents (its questions, case studies, problems and warnings) are kept in
//! one postcard file, keyed by the file's path bytes, size, modification time and inode, and by
//! what decoding depends on besides the file: the blueprint, the month `verified` dates are
//! judged against, and the az400 build that decoded it. A file whose identity changed is read
//! again; the checks across files run on every load. A cache that is missing, damaged or of
//! another build is rebuilt without a word: results are the same with and without it, and the
//! question files stay the truth.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::decode::FileContents;
use super::files::{self, Across, Loaded};
use super::model::{Blueprint, Month};

/// The version of the cache's layout (2: bank text carries its parsed document; 3: as bytes,
/// decoded when needed; 4: a question's words compiled apart from its catalogue entry).
const CACHE_FORMAT: u32 = 4;
/// The largest cache file read.
const MAX_CACHE_BYTES: u64 = 1024 * 1024 * 1024;

/// One decoded file and the identity of the file it was decoded from.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The path's raw bytes, as listed.
    path: Vec<u8>,
    size: u64,
    mtime: (i64, u32),
    inode: u64,
    contents: FileContents,
}

/// The cache's contents, after a header: the format, a checksum of the rest, and what decoding
/// depends on besides the files (blueprint, month, build).
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
    let stored = read_cache(cache, context);
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

/// The header: the format, then a checksum of the body.
const HEADER: usize = 12;

fn read_cache(cache: &Path, context: u64) -> Option<(BankCache<Entry>, u64)> {
    let bytes = crate::untrusted::read_regular(cache, MAX_CACHE_BYTES).ok()?;
    let (header, body) = bytes.split_at_checked(HEADER)?;
    let format = u32::from_le_bytes(header[..4].try_into().ok()?);
    let sum = u64::from_le_bytes(header[4..].try_into().ok()?);
    if format != CACHE_FORMAT || sum != checksum(body) {
        return None;
    }
    postcard::from_bytes::<BankCache<Entry>>(body)
        .ok()
        .filter(|c| c.context == context)
        .map(|c| (c, sum))
}

/// Writes the cache, and returns the checksum of its body if it was written; a cache that
/// cannot be written is only a cache: the next start reads the files again.
fn write_cache(cache: &Path, contents: &BankCache<&Entry>) -> Option<u64> {
    let body = postcard::to_allocvec(contents).ok()?;
    let sum = checksum(&body);
    let mut bytes = Vec::with_capacity(HEADER + body.len());
    bytes.extend(CACHE_FORMAT.to_le_bytes());
    bytes.extend(sum.to_le_bytes());
    bytes.extend(body);
    if let Some(dir) = cache.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    crate::history::atomic::write_atomic(cache, &bytes).ok()?;
    Some(sum)
}

/// A checksum that catches a damaged cache (not an attacker: the files stay the truth), eight
/// bytes at a time, so that checking 30 MB costs a few milliseconds.
fn checksum(bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    let mut h = 0x9e37_79b9_7f4a_7c15_u64 ^ bytes.len() as u64;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        h = (h ^ word).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    }
    for b in chunks.remainder() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
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

/// FNV-1a, stable across runs, which std's hasher is not.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
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
        load(bank.path(), Some(&cache));
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
        // One character of a question's text changed: decodable, but not what the files say.
        let at = good
            .windows(8)
            .position(|w| w == b"registry")
            .expect("the stem is in the cache");
        let mut damaged = good.clone();
        damaged[at] = b'R';
        std::fs::write(&cache, &damaged).unwrap();
        same(&load(bank.path(), None), &load(bank.path(), Some(&cache)));
        assert_eq!(std::fs::read(&cache).unwrap(), good, "rebuilt as it was");
        std::fs::write(&cache, &good[..good.len() / 2]).unwrap();
        same(&load(bank.path(), None), &load(bank.path(), Some(&cache)));
    }

    #[test]
    fn the_checks_across_files_are_replayed_for_an_unchanged_bank() {
        let bank = tempfile::tempdir().unwrap();
        let data = tempfile::tempdir().unwrap();
        // A repeated id and a near-identical stem: problems found across files.
        std::fs::write(
            bank.path().join("a.yaml"),
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
