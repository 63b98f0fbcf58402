//! The session engine, driven with injected time.

mod common;

use az400_sprint::attempt::Mode;
use az400_sprint::response::Response;
use az400_sprint::session::{Crossing, Refusal, Session};
use chrono::Duration;
use common::{fixture_bank, t0};

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(std::string::ToString::to_string).collect()
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
            sorted.sort_unstable();
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

/// The fixture bank with the three-item series added.
fn bank_with_series() -> az400_sprint::bank::Bank {
    let mut bank = fixture_bank();
    let loaded = az400_sprint::bank::files::load_paths(
        &[common::fixture("series")],
        &bank.blueprint,
        common::this_month(),
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    bank.questions.extend(loaded.questions);
    bank
}

/// An exam: a single, the series' three items, a multiple, then the case study's questions.
fn exam_with_series_and_case(mode: Mode) -> (az400_sprint::bank::Bank, Session) {
    let bank = bank_with_series();
    let case = bank.case_studies[0].questions.clone();
    let mut list = ids(&[
        "deployments-fixture-single",
        "deployments-series-fixture-warmup-1",
        "deployments-series-fixture-warmup-2",
        "deployments-series-fixture-warmup-3",
        "branching-fixture-multiple",
    ]);
    list.extend(case);
    let session = Session::start(mode, &bank, &list, Some(3600), 3, t0());
    (bank, session)
}

#[test]
fn in_an_exam_a_series_item_moved_past_cannot_be_revisited() {
    let (bank, mut s) = exam_with_series_and_case(Mode::Exam);
    let minute = |m| t0() + Duration::minutes(m);
    assert_eq!(s.crossing(1), None, "entering a series closes nothing");
    s.next(minute(1));
    assert_eq!(s.current, 1);
    let item = bank
        .question("deployments-series-fixture-warmup-1")
        .unwrap();
    s.answer(item, Response::YesNo(vec![Some(true)]), minute(2))
        .unwrap();
    assert_eq!(s.crossing(2), Some(Crossing::LeaveSeriesItem));
    assert_eq!(s.crossing(0), Some(Crossing::LeaveSeriesItem), "back too");
    s.next(minute(3));
    assert_eq!(s.current, 2);
    assert!(s.is_closed(1) && !s.is_closed(0));
    s.go_to(1, minute(4));
    assert_eq!(s.current, 2, "a closed item is not shown");
    s.previous(minute(5));
    assert_eq!(s.current, 0, "p skips the closed item");
    assert!(s.is_closed(2), "leaving the second item closed it too");
    assert_eq!(s.next_open(), Some(3));
    // The answer given before it closed counts, a point per item.
    let attempt = s.finish(&bank, minute(6));
    assert_eq!(attempt.items[1].points.earned, 1);
    assert_eq!(
        attempt.items[1..4]
            .iter()
            .map(|i| i.points.possible)
            .sum::<u32>(),
        3
    );
}

#[test]
fn the_case_study_is_a_section_that_closes_what_came_before() {
    let (_, mut s) = exam_with_series_and_case(Mode::Exam);
    let minute = |m| t0() + Duration::minutes(m);
    assert_eq!(s.section_start, Some(5));
    s.go_to(4, minute(1));
    assert!(!s.in_section());
    assert_eq!(s.crossing(5), Some(Crossing::EnterCaseStudy));
    assert_eq!(
        s.crossing(6),
        Some(Crossing::EnterCaseStudy),
        "the grid too"
    );
    s.go_to(5, minute(2));
    assert!(s.in_section());
    assert!(
        (0..5).all(|i| s.is_closed(i)),
        "everything before is closed"
    );
    assert!(!s.is_closed(5) && !s.is_closed(6));
    s.next(minute(3));
    assert_eq!(s.crossing(5), None, "inside the section, moves are free");
    s.previous(minute(4));
    assert_eq!(s.current, 5);
    s.previous(minute(5));
    assert_eq!(s.current, 5, "nothing open before the section");

    // The rules survive a save and a resume.
    let saved = serde_json::to_string(&s).unwrap();
    let back: Session = serde_json::from_str(&saved).unwrap();
    assert_eq!(back, s);
    assert!(back.check().is_ok());
}

#[test]
fn a_sprint_or_drill_has_no_one_way_doors() {
    for mode in [Mode::Sprint, Mode::Drill] {
        let (_, mut s) = exam_with_series_and_case(mode);
        assert_eq!(s.section_start, None, "{mode:?}");
        s.go_to(1, t0());
        assert_eq!(s.crossing(2), None, "{mode:?}");
        s.go_to(6, t0());
        s.go_to(1, t0());
        assert_eq!(s.current, 1, "{mode:?}");
        assert!(!s.items.iter().any(|i| i.closed), "{mode:?}");
    }
}

#[test]
fn a_case_study_drill_asks_its_questions_in_order() {
    let bank = fixture_bank();
    let case = &bank.case_studies[0];
    let plan = az400_sprint::practice::Plan::case_study(&case.id);
    let s = az400_sprint::practice::start(&bank, &plan, &[], t0()).unwrap();
    assert_eq!(s.mode, Mode::Drill);
    let asked: Vec<&String> = s.items.iter().map(|i| &i.question_id).collect();
    assert_eq!(asked, case.questions.iter().collect::<Vec<_>>());
    assert_eq!(s.limit_seconds, None);
}
