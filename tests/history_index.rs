//! The history index (`cache/history.postcard`): start-up reads it instead of every attempt
//! file, and nobody can tell. The same statistics, readiness and draw with and without it; a
//! damaged index rebuilt without a word; attempts that appear in a synced folder picked up.

mod common;

use std::fs;
use std::path::Path;

use az400_sprint::attempt::{ATTEMPT_FORMAT, Attempt, AttemptItem, Mode};
use az400_sprint::bank::Bank;
use az400_sprint::focus;
use az400_sprint::history::stats::{Summary, summarize, summarize_ledger};
use az400_sprint::history::topics::topic_map_of;
use az400_sprint::history::{Brief, Ledger, Store};
use az400_sprint::response::Response;
use az400_sprint::scoring::{self, Points};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use common::{synthetic_bank, t0};

const INDEX: &str = "cache/history.postcard";

/// A sprint of 20 questions on day `day`, answered right or wrong by a fixed pattern, some left
/// unanswered.
fn sprint(bank: &Bank, day: i64, id: &str) -> Attempt {
    let finished = t0() - Duration::days(40) + Duration::days(day);
    let items: Vec<AttemptItem> = (0..20)
        .map(|k| {
            let n = (day as usize * 7 + k * 3) % bank.questions.len();
            let q = &bank.questions[n];
            let answered = !(day as usize + k).is_multiple_of(9);
            let earned = u32::from(answered && !(day as usize * 5 + k).is_multiple_of(3));
            AttemptItem {
                question_id: q.id.clone(),
                domain: q.domain.clone(),
                skill: q.skill.clone(),
                response: answered.then(|| Response::Choices(vec![1 - earned as usize])),
                points: Points {
                    earned,
                    possible: 1,
                },
                seconds: 30,
                flagged: (day as usize + k).is_multiple_of(7),
                shuffle: Vec::new(),
                question: None,
            }
        })
        .collect();
    let mut points = Points::default();
    for item in &items {
        points += item.points;
    }
    Attempt {
        format: ATTEMPT_FORMAT,
        id: id.to_string(),
        mode: Mode::Sprint,
        started_at: finished - Duration::minutes(15),
        finished_at: finished,
        seconds_used: 900,
        limit_seconds: Some(1800),
        timed_out: false,
        bank_hash: String::new(),
        points,
        scaled: scoring::scaled(points),
        passed: scoring::passes(scoring::scaled(points)),
        items,
        case_studies: Vec::new(),
    }
}

fn now() -> DateTime<Utc> {
    t0() + Duration::hours(3)
}

/// What the app shows, computed from the attempt files themselves (no index involved).
fn from_files(dir: &Path, bank: &Bank) -> (Summary, Ledger) {
    let attempts = Store::open(dir).unwrap().attempts().attempts;
    let offset = FixedOffset::east_opt(3600).unwrap();
    (
        summarize(&attempts, bank, now(), offset),
        Ledger::from_attempts(&attempts),
    )
}

/// What the app shows at start-up: from a store opened afresh, through the index.
fn from_index(dir: &Path, bank: &Bank) -> (Summary, Ledger) {
    let ledger = Store::open(dir).unwrap().history().ledger;
    let offset = FixedOffset::east_opt(3600).unwrap();
    (summarize_ledger(&ledger, bank, now(), offset), ledger)
}

/// Asserts the index and the files say the same: summary (readiness included), the memory
/// model, what was seen when, and the draw a sprint would make.
fn assert_same(dir: &Path, bank: &Bank) {
    let (expected, files) = from_files(dir, bank);
    // What `az400 history` prints, read before anything brings the index up to date (so from a
    // stale index when the files changed), then once more from the index as it is.
    let full = Store::open(dir).unwrap().attempts();
    for _ in 0..2 {
        let brief = Store::open(dir).unwrap().history_brief();
        let rows: Vec<Brief> = files.attempts().iter().map(Brief::from).collect();
        assert_eq!(brief.attempts, rows);
        assert_eq!(brief.unreadable, full.unreadable);
        assert_eq!(brief.duplicates, full.duplicates);
    }
    let (summary, index) = from_index(dir, bank);
    assert_eq!(summary, expected);
    assert!(summary.readiness.readiness().is_some(), "enough history");
    assert_eq!(index.memory(), files.memory());
    assert_eq!(index.familiarity(), files.familiarity());
    assert_eq!(index.familiarity_at(now()), files.familiarity_at(now()));
    let ids = |l: &Ledger| {
        l.attempts()
            .iter()
            .map(|a| a.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&index), ids(&files));
    let plan = az400_sprint::practice::Plan {
        seed: Some(11),
        ..az400_sprint::practice::Plan::sprint()
    };
    let draw = |l: &Ledger| {
        az400_sprint::practice::start_from(bank, &plan, l, now())
            .unwrap()
            .items
            .iter()
            .map(|i| i.question_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(draw(&index), draw(&files));
    let attempts = Store::open(dir).unwrap().attempts().attempts;
    assert_eq!(
        topic_map_of(&index, bank),
        az400_sprint::history::topics::topic_map(&attempts, bank)
    );
    assert_eq!(focus::missed_in(&index, 5), focus::missed(&attempts, 5));
    assert_eq!(focus::flagged_in(&index), focus::flagged(&attempts));
    assert_eq!(focus::due_in(&index, now()), focus::due(&attempts, now()));
}

fn store_with_history(bank: &Bank) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for day in 0..36 {
        store
            .save_attempt(&sprint(bank, day, &format!("day-{day:02}")))
            .unwrap();
    }
    dir
}

#[test]
fn the_index_says_what_the_attempt_files_say() {
    let bank = synthetic_bank(6);
    let dir = store_with_history(&bank);
    // A file that cannot be read and a sync tool's copy: reported the same way from the index.
    fs::write(dir.path().join("attempts/broken.json"), b"{ not json").unwrap();
    fs::copy(
        dir.path().join("attempts/day-03.json"),
        dir.path().join("attempts/day-03 (conflicted copy).json"),
    )
    .unwrap();
    assert!(!dir.path().join(INDEX).exists());
    let first = Store::open(dir.path()).unwrap().history();
    assert!(dir.path().join(INDEX).exists(), "the first read writes it");
    assert_same(dir.path(), &bank);
    let full = Store::open(dir.path()).unwrap().attempts();
    let again = Store::open(dir.path()).unwrap().history();
    for read in [&first, &again] {
        assert_eq!(read.unreadable, full.unreadable);
        assert_eq!(read.duplicates, full.duplicates);
        assert_eq!(read.ledger.len(), 36);
    }
}

#[test]
fn a_damaged_index_is_rebuilt_without_a_word() {
    let bank = synthetic_bank(6);
    let dir = store_with_history(&bank);
    Store::open(dir.path()).unwrap().history();
    let index = dir.path().join(INDEX);
    let good = fs::read(&index).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        // One bit flipped in the middle: still decodes, but the checksum tells.
        {
            let mut bytes = good.clone();
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x10;
            bytes
        },
        good[..good.len() / 3].to_vec(),
        Vec::new(),
        b"not an index at all".to_vec(),
    ];
    for damaged in damages {
        fs::write(&index, &damaged).unwrap();
        let read = Store::open(dir.path()).unwrap().history();
        assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
        assert_ne!(fs::read(&index).unwrap(), damaged, "rewritten");
        assert_same(dir.path(), &bank);
    }
}

#[test]
fn attempts_from_another_machine_are_picked_up() {
    let bank = synthetic_bank(6);
    let dir = store_with_history(&bank);
    Store::open(dir.path()).unwrap().history();
    // A sync tool drops in an attempt made elsewhere today, and one made long ago, under names
    // az400 would not choose.
    let today = sprint(&bank, 40, "elsewhere-today");
    let old = sprint(&bank, 1, "elsewhere-old");
    fs::write(
        dir.path().join("attempts/synced-1.json"),
        serde_json::to_vec(&today).unwrap(),
    )
    .unwrap();
    assert_same(dir.path(), &bank);
    fs::write(
        dir.path().join("attempts/synced-2.json"),
        serde_json::to_vec(&old).unwrap(),
    )
    .unwrap();
    assert_same(dir.path(), &bank);
    let read = Store::open(dir.path()).unwrap().history();
    assert_eq!(read.ledger.len(), 38);
    assert!(read.ledger.contains("elsewhere-old"));
    // A copy of one already counted is counted once and named as a copy.
    fs::copy(
        dir.path().join("attempts/synced-1.json"),
        dir.path().join("attempts/synced-1.sync-conflict.json"),
    )
    .unwrap();
    let read = Store::open(dir.path()).unwrap().history();
    assert_eq!(read.ledger.len(), 38);
    assert_eq!(read.duplicates.len(), 1, "{:?}", read.duplicates);
    assert_same(dir.path(), &bank);
    // A file edited in place (another size and time) is read again.
    let path = dir.path().join("attempts/day-05.json");
    let mut edited = sprint(&bank, 5, "day-05");
    edited.items.truncate(10);
    edited.points = Points::default();
    for item in &edited.items {
        edited.points += item.points;
    }
    edited.scaled = scoring::scaled(edited.points);
    edited.passed = scoring::passes(edited.scaled);
    fs::write(&path, serde_json::to_vec(&edited).unwrap()).unwrap();
    assert_same(dir.path(), &bank);
    // And a file removed is no longer counted.
    fs::remove_file(dir.path().join("attempts/day-07.json")).unwrap();
    assert_same(dir.path(), &bank);
    assert_eq!(Store::open(dir.path()).unwrap().history().ledger.len(), 37);
}

#[test]
fn saving_an_attempt_keeps_the_index_up_to_date() {
    let bank = synthetic_bank(6);
    let dir = store_with_history(&bank);
    let store = Store::open(dir.path()).unwrap();
    store.history();
    let index = dir.path().join(INDEX);
    let before = fs::read(&index).unwrap();
    store.save_attempt(&sprint(&bank, 39, "just-now")).unwrap();
    assert_ne!(
        fs::read(&index).unwrap(),
        before,
        "written as the attempt is saved"
    );
    // And again: the store keeps what it wrote for the next save.
    let once = fs::read(&index).unwrap();
    store.save_attempt(&sprint(&bank, 39, "and-again")).unwrap();
    assert_ne!(
        fs::read(&index).unwrap(),
        once,
        "written at the second save too"
    );
    let read = Store::open(dir.path()).unwrap().history();
    assert!(read.ledger.contains("just-now"));
    assert!(read.ledger.contains("and-again"));
    assert_same(dir.path(), &bank);
}

#[test]
fn the_kept_readiness_estimate_is_the_estimate_of_the_same_inputs() {
    let bank = synthetic_bank(6);
    let dir = store_with_history(&bank);
    let kept = dir.path().join("cache/readiness.postcard");
    let fresh = |store: &Store, at| {
        az400_sprint::history::stats::estimate(&store.history().ledger, &bank, at)
    };
    let store = Store::open(dir.path()).unwrap();
    let ledger = store.history().ledger;
    let first = store.estimate(&ledger, &bank, now());
    assert!(first.readiness().is_some(), "enough history");
    assert!(kept.exists(), "the estimate is kept");
    assert_eq!(first, fresh(&store, now()));
    // Read back within the hour: the same; the estimate itself is the same all hour.
    let later = now() + Duration::minutes(20);
    assert_eq!(store.estimate(&ledger, &bank, later), first);
    assert_eq!(fresh(&store, later), first);
    // A day later, another bank, another history: each estimated afresh, never the kept one.
    let tomorrow = now() + Duration::days(1);
    assert_eq!(
        store.estimate(&ledger, &bank, tomorrow),
        fresh(&store, tomorrow)
    );
    let other_bank = synthetic_bank(7);
    assert_eq!(
        store.estimate(&ledger, &other_bank, now()),
        az400_sprint::history::stats::estimate(&ledger, &other_bank, now())
    );
    store.save_attempt(&sprint(&bank, 38, "one-more")).unwrap();
    let grown = store.history().ledger;
    assert_eq!(store.estimate(&grown, &bank, now()), fresh(&store, now()));
    assert_ne!(store.estimate(&grown, &bank, now()), first);
    // A damaged file is replaced without a word.
    let mut bytes = fs::read(&kept).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(&kept, &bytes).unwrap();
    assert_eq!(store.estimate(&grown, &bank, now()), fresh(&store, now()));
    assert_ne!(fs::read(&kept).unwrap(), bytes, "rewritten");
}

#[test]
fn reading_the_history_removes_only_what_an_interrupted_write_left_among_the_attempts() {
    let bank = synthetic_bank(6);
    let dir = store_with_history(&bank);
    let attempts = dir.path().join("attempts");
    let left = attempts.join(".tmp-elsewhere-1-abc.partial");
    let theirs = attempts.join("notes.txt");
    for path in [&left, &theirs] {
        fs::write(path, b"{").unwrap();
        let two_days_ago =
            std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86_400);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
    }
    let read = Store::open(dir.path()).unwrap().history();
    assert_eq!(read.ledger.len(), 36);
    assert!(
        !left.exists(),
        "a day-old temporary file of az400's is removed"
    );
    assert!(
        theirs.exists(),
        "a file az400 did not name is never touched"
    );
    assert_same(dir.path(), &bank);
}
