//! The decoders of every file az400 reads — question files, sessions, attempts and the attempt
//! cache — fed random and mutated bytes: each gives an error or a value, never a panic or a
//! hang. Bounded so the suite stays fast.

mod common;

use std::fs;

use az400_sprint::attempt::Mode;
use az400_sprint::bank::{self, decode::decode_file, yaml};
use az400_sprint::history::Store;
use az400_sprint::history::store::{decode_attempt, decode_session};
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use chrono::Duration;
use common::{fixture, fixture_bank, t0};
use proptest::prelude::*;

/// The fixture bank, parsed once for all cases.
static BANK: std::sync::LazyLock<bank::Bank> = std::sync::LazyLock::new(fixture_bank);

/// A session over every fixture question, two answered.
fn session() -> Session {
    let bank = &*BANK;
    let ids: Vec<String> = bank.questions.iter().map(|q| q.id.clone()).collect();
    let mut s = Session::start(Mode::Exam, bank, &ids, Some(600), 9, t0());
    let first = bank.question(&s.items[0].question_id).unwrap().clone();
    let _ = s.answer(&first, Response::empty_for(first.body()), t0());
    s.next(t0() + Duration::seconds(20));
    s.checkpoint(t0() + Duration::seconds(30));
    s
}

/// Bytes with a few bytes replaced, a few inserted and maybe a cut.
fn mutated(base: &[u8], edits: &[(usize, u8, bool)], cut: Option<usize>) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for (at, byte, insert) in edits {
        let i = at % (bytes.len() + 1);
        if *insert || i == bytes.len() {
            bytes.insert(i, *byte);
        } else {
            bytes[i] = *byte;
        }
    }
    if let Some(cut) = cut {
        bytes.truncate(cut % (bytes.len() + 1));
    }
    bytes
}

fn edits() -> impl Strategy<Value = (Vec<(usize, u8, bool)>, Option<usize>)> {
    (
        prop::collection::vec((any::<usize>(), any::<u8>(), any::<bool>()), 1..6),
        prop::option::of(any::<usize>()),
    )
}

/// One store with one attempt, its valid cache bytes and what it reads, shared by the cache
/// cases (each case damages the cache; reading rebuilds it).
static CACHED: std::sync::LazyLock<(Store, Vec<u8>, Vec<az400_sprint::attempt::Attempt>)> =
    std::sync::LazyLock::new(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let store = Store::open(&dir).unwrap();
        let attempt = session().finish(&BANK, t0() + Duration::minutes(2));
        store.save_attempt(&attempt).unwrap();
        let first = store.attempts().attempts;
        let base = fs::read(dir.join("cache/attempts.postcard")).unwrap();
        (store, base, first)
    });

fn decode_question_file(bytes: &[u8]) {
    let blueprint = &BANK.blueprint;
    if let Ok(root) = yaml::read(bytes) {
        let today = bank::Month {
            year: 2026,
            month: 11,
        };
        let _ = decode_file("fuzz.yaml", root.as_ref(), blueprint, today);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn question_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        decode_question_file(&bytes);
    }

    #[test]
    fn mutated_question_files_never_panic((edits, cut) in edits()) {
        let base = fs::read(fixture("bank/sample.yaml")).unwrap();
        decode_question_file(&mutated(&base, &edits, cut));
    }

    #[test]
    fn session_and_attempt_files_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = decode_session(&bytes);
        let _ = decode_attempt(&bytes);
    }

    #[test]
    fn mutated_sessions_and_attempts_never_panic((edits, cut) in edits()) {
        let s = session();
        let attempt = s.clone().finish(&BANK, t0() + Duration::minutes(2));
        for base in [serde_json::to_vec(&s).unwrap(), serde_json::to_vec(&attempt).unwrap()] {
            let bytes = mutated(&base, &edits, cut);
            // What decodes is plausible: it passes its own checks and can be used.
            if let Ok(read) = decode_session(&bytes) {
                prop_assert!(read.check().is_ok());
                let _ = read.clone().finish(&BANK, t0() + Duration::days(400));
                let _ = read.remaining(t0() + Duration::days(4000));
            }
            if let Ok(read) = decode_attempt(&bytes) {
                prop_assert!(read.check().is_ok());
                prop_assert!(read.scaled <= 1000);
            }
        }
    }

    #[test]
    fn a_damaged_cache_is_never_trusted((edits, cut) in edits()) {
        let (store, base, first) = &*CACHED;
        let cache = store.root().join("cache/attempts.postcard");
        fs::write(&cache, mutated(base, &edits, cut)).unwrap();
        let read = store.attempts();
        prop_assert_eq!(&read.attempts, first);
        prop_assert!(read.unreadable.is_empty());
    }

    #[test]
    fn random_cache_bytes_are_never_trusted(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let (store, _, first) = &*CACHED;
        fs::write(store.root().join("cache/attempts.postcard"), bytes).unwrap();
        prop_assert_eq!(&store.attempts().attempts, first);
    }
}
