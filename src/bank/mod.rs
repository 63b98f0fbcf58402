//! The question bank: the built-in bank compiled into the binary, a user's extra files, and
//! the queries the rest of the app makes of them.

pub mod cache;
pub mod content;
pub mod decode;
pub mod diagnostic;
pub mod doc;
pub mod files;
pub mod fingerprint;
pub mod model;
pub mod question;
pub mod search;
pub mod stats;
pub mod text;
pub mod twins;
pub mod yaml;

use std::path::{Path, PathBuf};

pub use diagnostic::Diagnostic;
pub use model::{Bank, Blueprint, Body, CaseStudy, Month, Question};

/// The built-in bank's catalogue as `build.rs` validated and serialized it: the blueprint,
/// every question's entry with where its words are, the case studies.
static BUILTIN: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bank.postcard"));

/// The built-in questions' compiled words, one after another, apart from the catalogue so
/// that reading it touches none of them.
static BUILTIN_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bank.words"));

/// The built-in bank: every question's catalogue entry decoded, its words left in the binary
/// until they are shown.
pub fn builtin() -> Bank {
    let compiled: BuiltinBank =
        postcard::from_bytes(BUILTIN).expect("the built-in bank was serialized by build.rs");
    let questions = compiled
        .questions
        .into_iter()
        .map(|q| {
            let place = q.words;
            let words = usize::try_from(place.at)
                .ok()
                .and_then(|at| BUILTIN_WORDS.get(at..at + place.len as usize))
                .unwrap_or_default();
            q.into_question(content::Content::from_static(words))
        })
        .collect();
    Bank::new(compiled.blueprint, questions, compiled.case_studies)
        .with_known_fingerprint(BUILTIN_FINGERPRINT)
}

/// The built-in bank's fingerprint ([`fingerprint`]), taken by `build.rs`.
static BUILTIN_FINGERPRINT: &str = include_str!(concat!(env!("OUT_DIR"), "/bank.fingerprint"));

/// The built-in bank's catalogue as `build.rs` wrote it.
#[derive(serde::Deserialize)]
struct BuiltinBank {
    blueprint: Blueprint,
    questions: Vec<question::Compiled<question::About, content::Place>>,
    case_studies: Vec<CaseStudy>,
}

/// The built-in bank's blueprint alone: it comes first in the compiled bank, so the questions
/// are not decoded (what the command line's domain and skill ids need).
pub fn builtin_blueprint() -> Blueprint {
    postcard::take_from_bytes::<Blueprint>(BUILTIN)
        .expect("the built-in bank was serialized by build.rs")
        .0
}

/// A short fingerprint of a bank's content, recorded with each attempt: a hash of its compiled
/// form, stable across builds and platforms (which std's hasher is not). The built-in bank's
/// was taken when it was compiled.
pub fn fingerprint(bank: &Bank) -> String {
    bank.known_fingerprint()
        .map_or_else(|| fingerprint::of(bank), str::to_string)
}

/// The built-in bank with a user's files added. Returns the bank and a warning for each
/// problem; a question with a problem, or whose id the built-in bank already uses, is left out
/// (a series with all its items). `today` judges `verified` dates, as in [`files::load_paths`].
/// Decoded files are kept in the cache folder `cache`, if given (see [`cache`]).
pub fn with_user_files(
    mut bank: Bank,
    paths: &[PathBuf],
    today: Month,
    cache: Option<&Path>,
) -> (Bank, Vec<String>) {
    if paths.is_empty() {
        return (bank, Vec::new());
    }
    let cache_file = cache.map(|dir| cache::file_for(dir, paths));
    let loaded = cache::load_paths(paths, &bank.blueprint, today, cache_file.as_deref());
    let mut warnings: Vec<String> = loaded
        .problems
        .iter()
        .map(|p| format!("skipped: {p}"))
        .collect();
    // The ids the built-in bank uses: questions, series and case studies.
    let builtin_ids: foldhash::HashSet<String> = bank
        .questions
        .iter()
        .flat_map(|q| std::iter::once(q.id.clone()).chain(q.series.as_ref().map(|s| s.id.clone())))
        .chain(bank.case_studies.iter().map(|c| c.id.clone()))
        .collect();
    let taken = |id: &str| builtin_ids.contains(id);
    let mut added_cases = Vec::new();
    for case in loaded.case_studies {
        if taken(&case.id) {
            warnings.push(format!(
                "skipped: {}:{}: case study `{}` has the id of a built-in one",
                case.origin.file, case.origin.line, case.id
            ));
        } else {
            added_cases.push(case);
        }
    }
    // A series is added whole or not at all.
    let clashing_series: foldhash::HashSet<String> = loaded
        .questions
        .iter()
        .filter(|q| taken(&q.id))
        .filter_map(|q| q.series.as_ref().map(|s| s.id.clone()))
        .collect();
    let first_added = bank.questions.len();
    bank.questions.reserve(loaded.questions.len());
    for question in loaded.questions {
        let series_id = question.series.as_ref().map(|s| s.id.as_str());
        if taken(&question.id) || series_id.is_some_and(taken) {
            warnings.push(format!(
                "skipped: {}:{}: question `{}` has the id of a built-in question",
                question.origin.file, question.origin.line, question.id
            ));
        } else if let Some(series) = series_id.filter(|id| clashing_series.contains(*id)) {
            warnings.push(format!(
                "skipped: {}:{}: question `{}`: another item of series `{series}` was skipped",
                question.origin.file, question.origin.line, question.id
            ));
        } else {
            bank.questions.push(question);
        }
    }
    // A case study whose question was left out keeps its other questions.
    if !added_cases.is_empty() {
        let added: foldhash::HashSet<&str> = bank.questions[first_added..]
            .iter()
            .map(|q| q.id.as_str())
            .collect();
        for case in &mut added_cases {
            case.questions
                .retain(|id| added.contains(id.as_str()) || builtin_ids.contains(id));
        }
    }
    bank.case_studies.extend(added_cases);
    let fingerprint = fingerprint::with_files(&fingerprint(&bank), loaded.fingerprint, today);
    bank.reindex();
    let bank = bank.with_known_fingerprint(fingerprint);
    let warnings = warnings
        .iter()
        .map(|w| text::neutralize(w).into_owned())
        .collect();
    (bank, warnings)
}

impl Bank {
    /// The items of a series, in order.
    pub fn series_items(&self, series_id: &str) -> Vec<&Question> {
        let mut items: Vec<&Question> = self
            .questions
            .iter()
            .filter(|q| q.series.as_ref().is_some_and(|s| s.id == series_id))
            .collect();
        items.sort_by_key(|q| q.series.as_ref().map_or(0, |s| s.position));
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_by_id_agree_with_a_scan_for_every_builtin_id() {
        let bank = builtin();
        for question in &bank.questions {
            let scanned = bank.questions.iter().find(|q| q.id == question.id);
            assert!(std::ptr::eq(
                bank.question(&question.id).expect("found"),
                scanned.expect("found")
            ));
        }
        for case in &bank.case_studies {
            let scanned = bank.case_studies.iter().find(|c| c.id == case.id);
            assert!(std::ptr::eq(
                bank.case_study(&case.id).expect("found"),
                scanned.expect("found")
            ));
        }
        assert!(
            !bank.case_studies.is_empty(),
            "case studies are looked up too"
        );
        assert!(bank.question("no-such-question").is_none());
        assert!(bank.case_study("no-such-case").is_none());
        assert!(bank.question("").is_none());
    }

    #[test]
    fn lookups_stay_right_when_the_questions_change() {
        let mut bank = builtin();
        let first = bank.questions[0].id.clone();
        let last = bank.questions.last().expect("questions").id.clone();
        // Removed without a reindex: the old positions no longer hold.
        bank.questions.remove(0);
        assert!(bank.question(&first).is_none());
        assert_eq!(
            bank.question(&last).map(|q| q.id.as_str()),
            Some(last.as_str())
        );
        // Renamed in place, then reindexed.
        bank.questions[0].id = "renamed".into();
        bank.reindex();
        assert_eq!(
            bank.question("renamed").map(|q| q.id.as_str()),
            Some("renamed")
        );
        assert!(bank.question(&first).is_none());
        // Decoded again: the index is rebuilt, not carried.
        let bytes = postcard::to_allocvec(&bank).expect("serializes");
        let decoded: Bank = postcard::from_bytes(&bytes).expect("decodes");
        assert_eq!(decoded, bank);
        assert!(decoded.question("renamed").is_some());
        assert!(decoded.question(&last).is_some());
    }

    #[test]
    fn the_builtin_bank_decodes_and_matches_the_outline() {
        let bank = builtin();
        assert_eq!(
            builtin_blueprint(),
            bank.blueprint,
            "decoded alone, the same"
        );
        // The fingerprint follows the content, however its bytes arrive.
        let mut changed = bank.clone();
        assert_eq!(fingerprint(&changed), fingerprint(&bank));
        // The one taken at build time is the bank's own.
        assert_eq!(fingerprint(&bank), fingerprint::of(&bank));
        changed.questions[0].id.push('x');
        changed.reindex();
        assert_ne!(fingerprint(&changed), fingerprint(&bank));
        assert_eq!(fingerprint(&bank).len(), 16);
        assert_eq!(bank.blueprint.domains.len(), 5);
        let skills: usize = bank.blueprint.domains.iter().map(|d| d.skills.len()).sum();
        let topics: usize = bank
            .blueprint
            .domains
            .iter()
            .flat_map(|d| &d.skills)
            .map(|s| s.topics.len())
            .sum();
        assert_eq!((skills, topics), (16, 86));
        assert_eq!(bank.blueprint.passing_score, model::PASSING_SCORE);
        for skill in bank.blueprint.domains.iter().flat_map(|d| &d.skills) {
            for (n, topic) in skill.topics.iter().enumerate() {
                assert_eq!(topic.id, format!("{}.{}", skill.id, n + 1));
            }
        }
    }
}
