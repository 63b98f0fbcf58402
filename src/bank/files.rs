//! Reading question files and folders: every file decoded, every problem kept, ids checked
//! across the whole set.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::decode::{FileContents, decode_file};
use super::diagnostic::{Diagnostic, Position};
use super::model::{Blueprint, CaseStudy, Month, Origin, Question};
use super::twins::find_twins;
use super::yaml;

/// The name of the blueprint file, which a bank folder holds beside its questions.
pub const BLUEPRINT_FILE: &str = "blueprint.yaml";

/// What a set of files and folders held.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The question files read, in the order read.
    pub files: Vec<PathBuf>,
    /// The questions without problems (a question with a problem is left out).
    pub questions: Vec<Question>,
    /// The case studies without problems.
    pub case_studies: Vec<CaseStudy>,
    /// Every problem, in file order.
    pub problems: Vec<Diagnostic>,
    /// What is allowed but needs attention, in file order.
    pub warnings: Vec<Diagnostic>,
    /// The hashes of the files that decoded, in file order, folded into one: with the bank
    /// they were added to, the bank's fingerprint.
    pub fingerprint: u64,
}

/// Reads every `.yaml`/`.yml` file named or found below the folders named (sorted, blueprint
/// files skipped), decodes them against the blueprint and `today` (see
/// [`decode_file`]), and checks ids are unique and `variant_of` ids exist across all.
pub fn load_paths(paths: &[PathBuf], blueprint: &Blueprint, today: Month) -> Loaded {
    let mut loaded = list_files(paths);
    let files = std::mem::take(&mut loaded.files);
    for file in &files {
        match read_file(file, blueprint, today) {
            Ok(contents) => add_contents(&mut loaded, contents),
            Err(problem) => loaded.problems.push(problem),
        }
    }
    loaded.files = files;
    check_across(loaded)
}

/// The question files named in `paths` or found below the folders named, in the order they
/// are read, with a problem for each folder that cannot be walked.
pub fn list_files(paths: &[PathBuf]) -> Loaded {
    let mut loaded = Loaded::default();
    for path in paths {
        if path.is_dir() {
            match crate::untrusted::walk_files(path, MAX_FOLDER_DEPTH, &is_question_file) {
                Ok(found) => loaded.files.extend(found),
                Err(e) => loaded.problems.push(Diagnostic::new(
                    &path.display().to_string(),
                    Position::START,
                    format!("cannot read the folder: {e}"),
                )),
            }
        } else {
            loaded.files.push(path.clone());
        }
    }
    loaded
}

/// Reads and decodes one question file (a regular file, never past the size cap, checked on
/// the opened file); a file that cannot be read or is not YAML is one problem.
pub fn read_file(
    file: &Path,
    blueprint: &Blueprint,
    today: Month,
) -> Result<FileContents, Diagnostic> {
    let name = file.display().to_string();
    let bytes = crate::untrusted::read_regular(file, yaml::MAX_FILE_BYTES as u64)
        .map_err(|e| Diagnostic::new(&name, Position::START, format!("cannot read: {e}")))?;
    match yaml::read(&bytes) {
        Ok(root) => Ok(FileContents {
            source_hash: crate::checksum::checksum(&bytes),
            ..decode_file(&name, root.as_ref(), blueprint, today)
        }),
        Err(e) => Err(Diagnostic::new(&name, e.at, e.message)),
    }
}

/// Adds what one file held.
pub fn add_contents(loaded: &mut Loaded, contents: FileContents) {
    loaded.questions.extend(contents.questions);
    loaded.case_studies.extend(contents.case_studies);
    loaded.problems.extend(contents.problems);
    loaded.warnings.extend(contents.warnings);
    loaded.fingerprint = (loaded.fingerprint ^ contents.source_hash)
        .wrapping_mul(0x0100_0000_01b3)
        .rotate_left(29);
}

/// The checks across files: ids unique, `variant_of` ids known, series whole; problems and
/// warnings sorted.
pub fn check_across(loaded: Loaded) -> Loaded {
    checked_across(loaded).0
}

/// What the checks across files did: the questions and case studies they left out (by id) and
/// the problems they found. Replayed on the same files ([`apply_across`]), it gives what the
/// checks give, without running them again (the search for near-identical stems is the
/// costliest part of loading a large bank that did not change).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Across {
    dropped_questions: Vec<String>,
    dropped_case_studies: Vec<String>,
    problems: Vec<Diagnostic>,
}

/// [`check_across`], with a record of what it did.
pub fn checked_across(mut loaded: Loaded) -> (Loaded, Across) {
    let mut across = Across::default();
    let before: Vec<String> = loaded.questions.iter().map(|q| q.id.clone()).collect();
    let repeats = repeated_ids(&loaded.questions, &loaded.case_studies);
    if !repeats.is_empty() {
        let dropped: HashSet<&str> = repeats.iter().map(|(id, _)| id.as_str()).collect();
        loaded.questions.retain(|q| {
            !dropped.contains(&q.id.as_str())
                && q.series
                    .as_ref()
                    .is_none_or(|s| !dropped.contains(&s.id.as_str()))
        });
        across.dropped_case_studies = loaded
            .case_studies
            .iter()
            .filter(|c| dropped.contains(&c.id.as_str()))
            .map(|c| c.id.clone())
            .collect();
        loaded
            .case_studies
            .retain(|c| !dropped.contains(&c.id.as_str()));
        across.problems.extend(repeats.into_iter().map(|(_, d)| d));
    }
    let unknown_variants = unknown_variants(&loaded.questions);
    if !unknown_variants.is_empty() {
        let dropped: HashSet<String> = unknown_variants.iter().map(|(id, _)| id.clone()).collect();
        loaded.questions.retain(|q| !dropped.contains(&q.id));
        across
            .problems
            .extend(unknown_variants.into_iter().map(|(_, d)| d));
    }
    let twins = twin_problems(&loaded.questions);
    if !twins.is_empty() {
        let dropped: HashSet<String> = twins.iter().map(|(id, _)| id.clone()).collect();
        loaded.questions.retain(|q| !dropped.contains(&q.id));
        across.problems.extend(twins.into_iter().map(|(_, d)| d));
    }
    drop_broken_series(&mut loaded.questions);
    let kept: HashSet<&str> = loaded.questions.iter().map(|q| q.id.as_str()).collect();
    across.dropped_questions = before
        .into_iter()
        .filter(|id| !kept.contains(id.as_str()))
        .collect();
    loaded.problems.extend(across.problems.iter().cloned());
    loaded.problems.sort();
    loaded.warnings.sort();
    (loaded, across)
}

/// Replays what the checks across files did on the same files (see [`Across`]).
pub fn apply_across(mut loaded: Loaded, across: &Across) -> Loaded {
    if !across.dropped_questions.is_empty() {
        let dropped: HashSet<&str> = across
            .dropped_questions
            .iter()
            .map(String::as_str)
            .collect();
        loaded
            .questions
            .retain(|q| !dropped.contains(q.id.as_str()));
    }
    if !across.dropped_case_studies.is_empty() {
        loaded
            .case_studies
            .retain(|c| !across.dropped_case_studies.contains(&c.id));
    }
    loaded.problems.extend(across.problems.iter().cloned());
    loaded.problems.sort();
    loaded.warnings.sort();
    loaded
}

/// A problem for the later question of each pair of near-identical stems.
fn twin_problems(questions: &[Question]) -> Vec<(String, Diagnostic)> {
    find_twins(questions)
        .into_iter()
        .map(|t| {
            let (first, second) = (&questions[t.first], &questions[t.second]);
            // A series is named by its series id, the id `variant_of` takes.
            let name = |q: &Question| q.series.as_ref().map_or(q.id.clone(), |s| s.id.clone());
            let at = Position::new(second.origin.line as usize, second.origin.col as usize);
            let message = format!(
                "the stem of `{}` is near-identical to the stem of `{}` at {}:{}:{} ({:.0}% of \
                 their word triples shared): rewrite one, or declare `variant_of: {}` if it is \
                 a deliberate variant",
                name(second),
                name(first),
                first.origin.file,
                first.origin.line,
                first.origin.col,
                100.0 * t.similarity,
                name(first)
            );
            (
                second.id.clone(),
                Diagnostic::new(&second.origin.file, at, message),
            )
        })
        .collect()
}

/// Leaves out every item of a series that lost an item to a problem reported elsewhere: a
/// series is asked whole or not at all.
fn drop_broken_series(questions: &mut Vec<Question>) {
    let mut present: HashMap<&str, usize> = HashMap::new();
    for s in questions.iter().filter_map(|q| q.series.as_ref()) {
        *present.entry(s.id.as_str()).or_default() += 1;
    }
    let broken: HashSet<String> = questions
        .iter()
        .filter_map(|q| q.series.as_ref())
        .filter(|s| present.get(s.id.as_str()) != Some(&s.count))
        .map(|s| s.id.clone())
        .collect();
    questions.retain(|q| q.series.as_ref().is_none_or(|s| !broken.contains(&s.id)));
}

/// A problem for each question whose `variant_of` names no other question (or series) of the
/// set.
fn unknown_variants(questions: &[Question]) -> Vec<(String, Diagnostic)> {
    let ids: HashSet<&str> = questions
        .iter()
        .flat_map(|q| {
            std::iter::once(q.id.as_str()).chain(q.series.as_ref().map(|s| s.id.as_str()))
        })
        .collect();
    questions
        .iter()
        .filter_map(|q| {
            let other = q.variant_of.as_deref()?;
            let message = if other == q.id {
                format!("`variant_of` of `{}` names the question itself", q.id)
            } else if !ids.contains(other) {
                format!("`variant_of: {other}` names no question or series of the bank")
            } else {
                return None;
            };
            let at = Position::new(q.origin.line as usize, q.origin.col as usize);
            Some((q.id.clone(), Diagnostic::new(&q.origin.file, at, message)))
        })
        .collect()
}

/// One problem for each later use of an id already used, naming the first place.
fn repeated_ids(questions: &[Question], case_studies: &[CaseStudy]) -> Vec<(String, Diagnostic)> {
    let mut first: HashMap<&str, &Origin> = HashMap::new();
    let mut repeats = Vec::new();
    // A series' id is taken too: its first item stands for it.
    let series = questions.iter().filter_map(|q| {
        q.series
            .as_ref()
            .filter(|s| s.position == 0)
            .map(|s| (s.id.as_str(), &q.origin))
    });
    let places = questions
        .iter()
        .map(|q| (q.id.as_str(), &q.origin))
        .chain(series)
        .chain(case_studies.iter().map(|c| (c.id.as_str(), &c.origin)));
    for (id, origin) in places {
        match first.get(id) {
            Some(earlier) => repeats.push((
                id.to_string(),
                Diagnostic::new(
                    &origin.file,
                    Position::new(origin.line as usize, origin.col as usize),
                    format!(
                        "id `{id}` is used twice: first at {}:{}:{}",
                        earlier.file, earlier.line, earlier.col
                    ),
                ),
            )),
            None => {
                first.insert(id, origin);
            }
        }
    }
    repeats
}

/// How deep below a bank folder question files are looked for.
const MAX_FOLDER_DEPTH: usize = 16;

fn is_question_file(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n != BLUEPRINT_FILE)
        && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
}
