//! The session engine, driven with injected time.

mod common;

use az400_sprint::attempt::Mode;
use az400_sprint::response::Response;
use az400_sprint::session::{Refusal, Session};
use chrono::Duration;
use common::{fixture_bank, t0};

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn sprint(minutes: u32) -> (az400_sprint::bank::Bank, Session) {
    let bank = fixture_bank();
    let session = Session::start(
        Mode::Sprint,
        &bank,
        &ids(&[
            "deployments-fixture-single",
            "branching-fixture-multiple",
            "iac-fixture-order",
        ]),
        Some(minutes * 60),
        7,
        t0(),
    );
    (bank, session)
}

#[test]
fn answers_can_be_given_changed_and_scored() {
    let (bank, mut s) = sprint(30);
    let q = bank.question("deployments-fixture-single").unwrap();
    s.answer(q, Response::Choices(vec![1]), t0()).unwrap();
    s.answer(q, Response::Choices(vec![0]), t0()).unwrap();
    assert_eq!(s.counts(&bank).answered, 1);
    let attempt = s.finish(&bank, t0() + Duration::minutes(3));
    assert_eq!(attempt.items[0].points.earned, 1);
    assert_eq!(attempt.points.possible, 1 + 2 + 4);
    assert_eq!(attempt.scaled, 143);
    assert!(!attempt.passed && !attempt.timed_out);
    assert_eq!(attempt.seconds_used, 180);
}

#[test]
fn an_answer_of_the_wrong_shape_or_for_another_question_is_refused() {
    let (bank, mut s) = sprint(30);
    let q = bank.question("deployments-fixture-single").unwrap();
    let other = bank.question("iac-fixture-order").unwrap();
    assert_eq!(
        s.answer(q, Response::Order(vec![0]), t0()),
        Err(Refusal::WrongShape)
    );
    assert_eq!(
        s.answer(other, Response::Order(vec![0]), t0()),
        Err(Refusal::WrongShape)
    );
    assert!(s.items[0].response.is_none());
}

#[test]
fn moving_flagging_and_jumping_track_position_flags_and_time_per_question() {
    let (bank, mut s) = sprint(30);
    s.toggle_flag();
    s.next(t0() + Duration::seconds(40));
    s.next(t0() + Duration::seconds(50));
    s.next(t0() + Duration::seconds(60)); // past the end: stays
    assert_eq!(s.current, 2);
    s.go_to(0, t0() + Duration::seconds(90));
    s.previous(t0() + Duration::seconds(95)); // before the start: stays
    assert_eq!(s.current, 0);
    let counts = s.counts(&bank);
    assert_eq!((counts.flagged, counts.unanswered), (1, 3));
    let attempt = s.finish(&bank, t0() + Duration::seconds(100));
    let seconds: Vec<u32> = attempt.items.iter().map(|i| i.seconds).collect();
    assert_eq!(seconds, vec![40 + 10, 10, 40]);
    assert!(attempt.items[0].flagged && !attempt.items[1].flagged);
}

#[test]
fn when_time_is_up_answers_are_refused_and_the_attempt_is_marked_timed_out() {
    let (bank, mut s) = sprint(1);
    let q = bank.question("deployments-fixture-single").unwrap();
    s.answer(q, Response::Choices(vec![0]), t0() + Duration::seconds(59))
        .unwrap();
    assert_eq!(
        s.remaining(t0() + Duration::seconds(59)),
        Some(Duration::seconds(1))
    );
    let late = t0() + Duration::seconds(61);
    assert!(s.is_time_up(late));
    assert_eq!(s.remaining(late), Some(Duration::zero()));
    assert_eq!(
        s.answer(q, Response::Choices(vec![1]), late),
        Err(Refusal::TimeUp)
    );
    let attempt = s.finish(&bank, late);
    assert!(attempt.timed_out);
    assert_eq!(
        attempt.seconds_used, 60,
        "time used never exceeds the limit"
    );
    assert_eq!(
        attempt.items[0].points.earned, 1,
        "the answer given in time counts"
    );
}

#[test]
fn a_drill_reveal_locks_the_answer() {
    let bank = fixture_bank();
    let mut s = Session::start(
        Mode::Drill,
        &bank,
        &ids(&["secrets-fixture-yesno"]),
        None,
        1,
        t0(),
    );
    let q = bank.question("secrets-fixture-yesno").unwrap();
    s.answer(q, Response::YesNo(vec![Some(true), Some(true)]), t0())
        .unwrap();
    s.reveal(t0()).unwrap();
    assert!(s.items[0].revealed);
    assert_eq!(
        s.answer(q, Response::YesNo(vec![Some(true), Some(false)]), t0()),
        Err(Refusal::Locked)
    );
    assert_eq!(
        s.remaining(t0() + Duration::days(3)),
        None,
        "drills are untimed"
    );
}

#[test]
fn a_saved_session_resumes_with_answers_flags_position_and_remaining_time() {
    let (bank, mut s) = sprint(30);
    let q = bank.question("deployments-fixture-single").unwrap();
    s.answer(q, Response::Choices(vec![0]), t0() + Duration::minutes(1))
        .unwrap();
    s.toggle_flag();
    s.next(t0() + Duration::minutes(2));
    s.checkpoint(t0() + Duration::minutes(5));
    let saved = serde_json::to_string(&s).unwrap();
    // The terminal is closed for a day; the clock does not run while the session is saved.
    let mut resumed: Session = serde_json::from_str(&saved).unwrap();
    let later = t0() + Duration::days(1);
    resumed.resume(later);
    assert_eq!(resumed.current, 1);
    assert!(resumed.items[0].flagged);
    assert_eq!(resumed.items[0].response, Some(Response::Choices(vec![0])));
    assert_eq!(resumed.remaining(later), Some(Duration::minutes(25)));
    assert_eq!(resumed.items, s.items, "the option order is kept");
}

#[test]
fn options_are_shuffled_per_attempt_and_reproducible_by_seed() {
    let bank = fixture_bank();
    let all: Vec<String> = bank.questions.iter().map(|q| q.id.clone()).collect();
    let a = Session::start(Mode::Exam, &bank, &all, None, 11, t0());
    let b = Session::start(Mode::Exam, &bank, &all, None, 11, t0());
    assert_eq!(a.items, b.items);
    let differs = (12..40)
        .any(|seed| Session::start(Mode::Exam, &bank, &all, None, seed, t0()).items != a.items);
    assert!(differs);
    for item in &a.items {
        for perm in &item.shuffle {
            let mut sorted = perm.clone();
            sorted.sort();
            assert_eq!(sorted, (0..perm.len()).collect::<Vec<_>>());
        }
    }
}

#[test]
fn response_editing_enforces_choose_n_and_builds_order_lists() {
    let mut r = Response::Choices(Vec::new());
    assert!(r.toggle_choice(0, 2));
    assert!(r.toggle_choice(3, 2));
    assert!(
        !r.toggle_choice(1, 2),
        "a third pick is refused for Choose 2"
    );
    assert!(r.toggle_choice(3, 2), "unpicking is always allowed");
    assert_eq!(r, Response::Choices(vec![0]));
    let mut single = Response::Choices(vec![1]);
    single.toggle_choice(2, 1);
    assert_eq!(
        single,
        Response::Choices(vec![2]),
        "single switches its pick"
    );

    let mut order = Response::Order(Vec::new());
    for i in [2, 0, 1] {
        order.toggle_in_order(i);
    }
    order.move_in_order(0, false);
    assert_eq!(order, Response::Order(vec![0, 2, 1]));
    order.move_in_order(0, true); // already first
    order.toggle_in_order(2);
    assert_eq!(order, Response::Order(vec![0, 1]));
}
