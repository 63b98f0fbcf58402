//! History: atomic attempt files, unreadable files reported and left alone, locks between
//! processes, a writer killed mid-write, resume, streak and readiness.

mod common;

use std::fs;
use std::process::{Command, Stdio};
use std::time::Duration as StdDuration;

use az400_sprint::attempt::{Attempt, Mode};
use az400_sprint::history::stats::{counts_for_streak, streak, summarize};
use az400_sprint::history::{Recorded, Resumed, Store};
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use chrono::{Duration, FixedOffset, NaiveDate};
use common::{fixture_bank, t0};

fn finished_attempt(mode: Mode, day: i64, right: bool) -> Attempt {
    let bank = fixture_bank();
    let ids = vec!["deployments-fixture-single".to_string()];
    let start = t0() + Duration::days(day);
    let mut s = Session::start(mode, &bank, &ids, Some(600), day as u64, start);
    let q = bank.question(&ids[0]).unwrap();
    let pick = usize::from(!right);
    s.answer(q, Response::Choices(vec![pick]), start).unwrap();
    s.finish(&bank, start + Duration::minutes(5))
}

#[test]
fn attempts_are_saved_one_file_each_and_read_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let later = finished_attempt(Mode::Sprint, 2, true);
    let earlier = finished_attempt(Mode::Drill, 1, false);
    let Recorded::New(path) = store.save_attempt(&later).unwrap() else {
        panic!("a new attempt is written");
    };
    store.save_attempt(&earlier).unwrap();
    // The same id again is recorded once: the first file stays as it was.
    let before = fs::read(&path).unwrap();
    let mut changed = later.clone();
    changed.seconds_used += 1;
    assert_eq!(
        store.save_attempt(&changed).unwrap(),
        Recorded::Already(path.clone())
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    let read = store.attempts();
    assert!(read.unreadable.is_empty());
    assert_eq!(read.attempts.len(), 2);
    assert_eq!(read.attempts[0], earlier);
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("\"format\":2"),
        "files carry a format version"
    );
    assert_eq!(read.attempts.last().unwrap().id, later.id);
}

#[test]
fn an_unreadable_file_is_reported_skipped_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .save_attempt(&finished_attempt(Mode::Sprint, 0, true))
        .unwrap();
    let broken = dir.path().join("attempts/broken.json");
    fs::write(&broken, b"{ not json").unwrap();
    let future = dir.path().join("attempts/future.json");
    let mut newer = serde_json::to_value(finished_attempt(Mode::Sprint, 1, true)).unwrap();
    newer["format"] = 99.into();
    fs::write(&future, serde_json::to_vec(&newer).unwrap()).unwrap();
    let before = (fs::read(&broken).unwrap(), fs::read(&future).unwrap());

    let read = store.attempts();
    assert_eq!(read.attempts.len(), 1);
    let reasons: Vec<String> = read
        .unreadable
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("broken.json")));
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("future.json") && r.contains("newer"))
    );
    // Saving more history leaves them as they were.
    store
        .save_attempt(&finished_attempt(Mode::Sprint, 2, true))
        .unwrap();
    assert_eq!(
        (fs::read(&broken).unwrap(), fs::read(&future).unwrap()),
        before
    );
}

#[test]
fn a_session_saved_after_an_answer_resumes_and_is_claimed_by_one_process_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let bank = fixture_bank();
    let ids = vec![
        "deployments-fixture-single".to_string(),
        "iac-fixture-order".to_string(),
    ];
    let mut s = Session::start(Mode::Sprint, &bank, &ids, Some(600), 3, t0());
    let claim = store.claim(&s.id).unwrap();
    s.answer(
        bank.question(&ids[0]).unwrap(),
        Response::Choices(vec![0]),
        t0(),
    )
    .unwrap();
    s.next(t0() + Duration::seconds(30));
    s.checkpoint(t0() + Duration::seconds(40));
    store.save_session(&claim, &s).unwrap();

    // While this process holds it, nobody else can resume it, and they are told why.
    let (found, _) = store.resume(None);
    assert!(
        matches!(&found, Resumed::Busy(id) if *id == s.id),
        "{found:?}"
    );
    assert!(!store.has_resumable());
    drop(claim);
    // Another test of this binary spawns a child process; between its fork and its exec the
    // child holds a copy of every open descriptor, this lock's included, so the lock may
    // outlive `drop` for a moment. Wait for that moment to pass, never for long.
    let released = std::time::Instant::now();
    while !store.has_resumable() && released.elapsed() < StdDuration::from_secs(5) {
        std::thread::sleep(StdDuration::from_millis(10));
    }
    assert!(store.has_resumable());

    let (found, unreadable) = store.resume(Some(&s.id));
    assert!(unreadable.is_empty());
    let Resumed::Claimed(resumed, claim) = found else {
        panic!("the session can be resumed: {found:?}");
    };
    assert_eq!(*resumed, s);
    store.discard_session(claim).unwrap();
    assert!(!store.has_resumable());
}

#[test]
fn the_parse_cache_gives_the_same_attempts_and_a_broken_cache_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .save_attempt(&finished_attempt(Mode::Sprint, 0, true))
        .unwrap();
    let first = store.attempts().attempts;
    let cache = dir.path().join("cache/attempts.postcard");
    assert!(cache.exists());
    store
        .save_attempt(&finished_attempt(Mode::Exam, 1, false))
        .unwrap();
    let second = store.attempts().attempts;
    assert_eq!(second.len(), 2);
    assert_eq!(second[0], first[0]);
    fs::write(&cache, b"garbage").unwrap();
    let third = store.attempts();
    assert!(
        third.unreadable.is_empty(),
        "the cache is not history: no report"
    );
    assert_eq!(third.attempts, second);
    // A removed attempt file leaves the cache too.
    let files: Vec<_> = fs::read_dir(dir.path().join("attempts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fs::remove_file(&files[0]).unwrap();
    assert_eq!(store.attempts().attempts.len(), 1);
}

/// An attempt on the fixture's case-study question (it carries the case study with it).
fn case_attempt(day: i64) -> Attempt {
    let bank = fixture_bank();
    let ids = vec!["pipeline-design-fixture-approvals".to_string()];
    let start = t0() + Duration::days(day);
    let mut s = Session::start(Mode::Drill, &bank, &ids, None, day as u64, start);
    let q = bank.question(&ids[0]).unwrap();
    s.answer(q, Response::Choices(vec![0]), start).unwrap();
    s.finish(&bank, start + Duration::minutes(5))
}

#[test]
fn the_cache_keeps_each_version_of_a_question_once_and_reads_back_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let cache = dir.path().join("cache/attempts.postcard");
    store
        .save_attempt(&finished_attempt(Mode::Sprint, 0, true))
        .unwrap();
    store.attempts();
    let one = fs::metadata(&cache).unwrap().len();
    for day in 1..40 {
        store
            .save_attempt(&finished_attempt(Mode::Sprint, day, day % 3 == 0))
            .unwrap();
    }
    // The same question asked again, after its text was edited: a version of its own.
    let mut edited = finished_attempt(Mode::Sprint, 40, true);
    edited.id.push_str("-edited");
    let snapshot = edited.items[0].question.as_mut().unwrap();
    std::sync::Arc::make_mut(snapshot).edit(|d| d.stem = "The stem as edited later.".into());
    store.save_attempt(&edited).unwrap();
    for day in 41..44 {
        store.save_attempt(&case_attempt(day)).unwrap();
    }
    let cached = store.attempts().attempts;
    assert_eq!(cached.len(), 44);
    // Each attempt's own part is small next to the question it asked (the snapshot is most of
    // a one-attempt cache): forty-four attempts over three versions hold three copies.
    assert!(
        fs::metadata(&cache).unwrap().len() < 44 * one / 3,
        "the cache holds a copy of the question for every attempt that asked it"
    );
    // Read again through the cache just written, and from the files alone: the same.
    assert_eq!(Store::open(dir.path()).unwrap().attempts().attempts, cached);
    fs::remove_file(&cache).unwrap();
    let from_files = Store::open(dir.path()).unwrap().attempts().attempts;
    assert_eq!(cached, from_files);
    let stem = |a: &Attempt| a.items[0].question.as_ref().unwrap().stem().to_string();
    let edited_read = cached.iter().find(|a| a.id == edited.id).unwrap();
    assert_eq!(stem(edited_read), "The stem as edited later.");
    assert_ne!(stem(&cached[0]), stem(edited_read));
    assert!(cached[41..].iter().all(|a| a.case_studies.len() == 1));
}

#[test]
fn a_corrupt_session_file_is_reported_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let path = dir.path().join("sessions/20261121-090000-0001.json");
    fs::write(&path, b"\x00garbage").unwrap();
    let (found, unreadable) = store.resume(None);
    assert!(matches!(found, Resumed::NotFound));
    assert_eq!(unreadable.len(), 1);
    assert_eq!(fs::read(&path).unwrap(), b"\x00garbage");
}

/// Run as a child process by the test below: writes attempts in a loop until killed.
#[test]
#[ignore = "helper process for a_writer_killed_mid_write_leaves_only_whole_files"]
fn child_writer() {
    let Ok(dir) = std::env::var("AZ400_TEST_CHILD_DIR") else {
        return;
    };
    let store = Store::open(std::path::Path::new(&dir)).unwrap();
    let one = finished_attempt(Mode::Exam, 0, true);
    loop {
        let mut big = finished_attempt(Mode::Exam, 0, true);
        big.items = (0..300).map(|_| one.items[0].clone()).collect();
        big.points.earned = 300;
        big.points.possible = 300;
        store.save_attempt(&big).unwrap();
        let ids = ["deployments-fixture-single".to_string()];
        let s = Session::start(Mode::Sprint, &fixture_bank(), &ids, None, 1, t0());
        let claim = store.claim(&s.id).unwrap();
        store.save_session(&claim, &s).unwrap();
    }
}

#[test]
fn a_writer_killed_mid_write_leaves_only_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    for delay_ms in [0, 40, 120] {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_writer", "--ignored", "--nocapture"])
            .env("AZ400_TEST_CHILD_DIR", dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Once the writer is under way (a loaded machine starts it slowly), a little later.
        let start = std::time::Instant::now();
        while start.elapsed() < StdDuration::from_secs(20)
            && fs::read_dir(dir.path().join("sessions")).map_or(true, |d| d.count() == 0)
        {
            std::thread::sleep(StdDuration::from_millis(5));
        }
        std::thread::sleep(StdDuration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let read = store.attempts();
    assert!(read.unreadable.is_empty(), "{:?}", read.unreadable);
    assert!(
        !read.attempts.is_empty(),
        "the writer got to write something"
    );
    for a in &read.attempts {
        assert_eq!(a.items.len(), 300);
    }
    let (_, unreadable) = store.resume(None);
    assert!(unreadable.is_empty(), "{unreadable:?}");
}

#[test]
fn the_streak_counts_consecutive_sprint_days_up_to_today_or_yesterday() {
    let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    assert_eq!(streak(&[d(19), d(20), d(21)], d(21)), 3);
    assert_eq!(streak(&[d(19), d(20)], d(21)), 2, "today is still open");
    assert_eq!(streak(&[d(18), d(19)], d(21)), 0, "yesterday was missed");
    assert_eq!(streak(&[d(17), d(19), d(20), d(20)], d(21)), 2);
    assert_eq!(streak(&[], d(21)), 0);
}

#[test]
fn the_summary_counts_due_accuracy_and_readiness_and_leaves_drills_off_the_trend() {
    let bank = fixture_bank();
    let attempts = vec![
        finished_attempt(Mode::Sprint, 0, false),
        finished_attempt(Mode::Sprint, 1, true),
        finished_attempt(Mode::Drill, 2, false),
    ];
    let offset = FixedOffset::east_opt(0).unwrap();
    let now = t0() + Duration::days(2) + Duration::hours(1);
    let s = summarize(&attempts, &bank, now, offset);
    assert_eq!(s.attempts, 3);
    assert_eq!(
        s.trend.iter().map(|t| t.scaled).collect::<Vec<_>>(),
        vec![0, 1000],
        "the drill is practice, not on the trend"
    );
    assert_eq!(s.streak_days, 0, "one-question attempts do not count");
    assert!(!s.counted_today);
    assert_eq!(s.due_for_review, 0, "missed an hour ago: still remembered");
    assert_eq!(s.due_forecast.len(), 7);
    assert_eq!(s.domains.len(), 1);
    assert_eq!(s.domains[0].percent, 33);
    assert!(
        s.readiness.readiness().is_none(),
        "three answers are not enough"
    );
    assert_eq!(s.readiness.answers(), 3);
    let later = summarize(&attempts, &bank, now + Duration::days(3), offset);
    assert_eq!(
        later.due_for_review, 1,
        "three days after a miss, it is due"
    );
}

#[test]
fn only_attempts_with_ten_answers_count_for_the_streak() {
    let bank = fixture_bank();
    let q = bank.question("deployments-fixture-single").unwrap();
    let ids: Vec<String> = (0..12).map(|_| q.id.clone()).collect();
    let start = t0();
    let mut session = Session::start(Mode::Sprint, &bank, &ids[..1], Some(600), 1, start);
    session
        .answer(q, Response::Choices(vec![0]), start)
        .unwrap();
    let short = session.finish(&bank, start + Duration::minutes(1));
    assert!(!counts_for_streak(&short), "a one-answer sprint");
    let mut long = short.clone();
    long.items = std::iter::repeat_n(short.items[0].clone(), 10).collect();
    assert!(counts_for_streak(&long));
    let mut unanswered = long.clone();
    for item in unanswered.items.iter_mut().skip(1) {
        item.response = None;
    }
    assert!(
        !counts_for_streak(&unanswered),
        "a timed-out sprint with one answer"
    );
}

#[test]
fn the_topic_map_marks_answered_weak_and_unseen_topics_of_the_whole_outline() {
    use az400_sprint::history::topics::{TopicState, topic_map};
    let bank = fixture_bank();
    let topic = bank
        .question("deployments-fixture-single")
        .unwrap()
        .topic
        .clone();
    let state = |attempts: &[Attempt]| {
        let map = topic_map(attempts, &bank);
        assert_eq!(map.len(), 86);
        let t = map.iter().find(|t| t.id == topic).unwrap().clone();
        let others_unseen = map
            .iter()
            .filter(|o| o.id != topic)
            .all(|o| o.state == TopicState::Unseen);
        assert!(others_unseen);
        (t.state, t.answers)
    };
    assert_eq!(state(&[]), (TopicState::Unseen, 0));
    let wrong = finished_attempt(Mode::Sprint, 0, false);
    let right = finished_attempt(Mode::Sprint, 1, true);
    assert_eq!(state(std::slice::from_ref(&wrong)), (TopicState::Weak, 1));
    assert_eq!(
        state(&[wrong.clone(), right.clone()]),
        (TopicState::Weak, 2)
    );
    // Three more right answers (three attempts: a record counts once, so one attempt passed
    // three times would count once).
    let more = [
        finished_attempt(Mode::Sprint, 2, true),
        finished_attempt(Mode::Sprint, 3, true),
    ];
    assert_eq!(
        state(&[wrong, right, more[0].clone(), more[1].clone()]),
        (TopicState::Answered, 4)
    );
}
