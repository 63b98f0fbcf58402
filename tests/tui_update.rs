//! The update function driven through whole sessions by key messages, with injected time.

mod tui_support;

use az400_sprint::attempt::Mode;
use az400_sprint::bank::Body;
use az400_sprint::response::Response;
use az400_sprint::tui::app::{Command, Model, Overlay, ReviewView, Screen, update};
use az400_sprint::tui::message::{Key, Message};
use az400_sprint::tui::play::{Play, PlayView, display_order};
use tui_support::*;

fn play(model: &Model) -> &Play {
    match &model.screen {
        Screen::Play(play) => play,
        _ => panic!("not playing"),
    }
}

fn digit(n: usize) -> char {
    char::from_digit(u32::try_from(n + 1).unwrap(), 10).unwrap()
}

/// The keys that answer the question in view correctly.
fn right_keys(model: &Model) -> String {
    let play = play(model);
    let item = play.item().unwrap();
    let question = model.bank.question(&item.question_id).unwrap();
    match &question.body() {
        Body::Single { options } | Body::Multiple { options } => {
            let order = display_order(&item.shuffle, 0, options.len());
            (0..options.len())
                .filter(|row| options[order[*row]].correct)
                .map(digit)
                .collect()
        }
        Body::Order { steps, distractors } => {
            let order = display_order(&item.shuffle, 0, steps.len() + distractors.len());
            (0..steps.len())
                .map(|step| digit(order.iter().position(|i| *i == step).unwrap()))
                .collect()
        }
        // Answer a statement, then move down to the next one.
        Body::YesNo { statements } => statements
            .iter()
            .flat_map(|s| [if s.answer { 'y' } else { '2' }, 'j'])
            .collect(),
        Body::Fill { slots, .. } => slots
            .iter()
            .enumerate()
            .map(|(n, slot)| {
                let order = display_order(&item.shuffle, n, slot.options.len());
                digit(order.iter().position(|i| *i == slot.answer).unwrap())
            })
            .collect(),
    }
}

#[test]
fn a_sprint_of_every_type_answered_right_scores_1000_and_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    for n in 0..IDS.len() {
        assert_eq!(play(&model).session.current, n);
        let keys = right_keys(&model);
        typed(&mut model, &keys, at(10 * n as i64));
        let item = play(&model).item().unwrap();
        let question = model.bank.question(&item.question_id).unwrap();
        assert!(
            item.response.as_ref().unwrap().is_complete(question.body()),
            "question {n} incomplete after {keys}"
        );
        // Saved after every answer: the session file holds the answer.
        let saved = std::fs::read_to_string(
            dir.path()
                .join("sessions")
                .join(format!("{}.json", play(&model).session.id)),
        )
        .unwrap();
        assert!(saved.contains(&item.question_id));
        typed(&mut model, "n", at(10 * n as i64 + 5));
    }
    typed(&mut model, "s", at(100));
    assert_eq!(model.overlay, Some(Overlay::ConfirmSubmit));
    assert!(draw(&model, 80, 24).contains("All 7 questions are answered."));
    typed(&mut model, "y", at(101));
    let Screen::Results(results) = &model.screen else {
        panic!("no results")
    };
    assert_eq!(results.attempt.scaled, 1000);
    assert!(results.attempt.passed);
    assert_eq!(results.attempt.seconds_used, 101);
    let screen = draw(&model, 80, 24);
    assert!(
        screen.contains("Score 1000 / 1000") && screen.contains("PASS"),
        "{screen}"
    );
    let attempts: Vec<_> = std::fs::read_dir(dir.path().join("attempts"))
        .unwrap()
        .collect();
    assert_eq!(attempts.len(), 1);
    let sessions = std::fs::read_dir(dir.path().join("sessions"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(sessions, 0, "the finished session is discarded");
}

#[test]
fn multiple_takes_exactly_choose_n() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &[IDS[1]], Some(600));
    typed(&mut model, "12", at(1));
    typed(&mut model, "3", at(2));
    assert!(model.status.as_deref().unwrap().contains("Choose 2"));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Choices(
            display_order(&play(&model).item().unwrap().shuffle, 0, 4)[..2].to_vec()
        ))
    );
    typed(&mut model, "1", at(3));
    typed(&mut model, "3", at(4));
    let Some(Response::Choices(chosen)) = &play(&model).item().unwrap().response else {
        panic!()
    };
    assert_eq!(chosen.len(), 2);
    assert!(draw(&model, 80, 24).contains("Choose 2 answers (2 chosen)."));
}

#[test]
fn order_builds_moves_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &[IDS[2]], Some(600));
    let order = display_order(&play(&model).item().unwrap().shuffle, 0, 5);
    typed(&mut model, "123", at(1));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Order(order[..3].to_vec()))
    );
    // Into the list: move the first item down, then remove the (new) first item.
    press(&mut model, Key::Right, at(2));
    typed(&mut model, "J", at(3));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Order(vec![order[1], order[0], order[2]]))
    );
    typed(&mut model, "K", at(4));
    press(&mut model, Key::Delete, at(5));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Order(vec![order[1], order[2]]))
    );
    // Back in the pool, Enter places the item under the cursor.
    press(&mut model, Key::Left, at(6));
    press(&mut model, Key::Down, at(6));
    press(&mut model, Key::Down, at(6));
    press(&mut model, Key::Down, at(6));
    press(&mut model, Key::Enter, at(7));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Order(vec![order[1], order[2], order[3]]))
    );
}

#[test]
fn yesno_and_fill_take_arrows_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &[IDS[3], IDS[4]], Some(600));
    press(&mut model, Key::Left, at(1));
    press(&mut model, Key::Down, at(1));
    press(&mut model, Key::Right, at(1));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::YesNo(vec![Some(true), Some(false)]))
    );
    press(&mut model, Key::Enter, at(2));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::YesNo(vec![Some(true), Some(true)]))
    );
    typed(&mut model, "n", at(3));
    let shuffle = play(&model).item().unwrap().shuffle.clone();
    // Slot 2 first: → then ↓ and Enter.
    press(&mut model, Key::Right, at(4));
    press(&mut model, Key::Down, at(4));
    press(&mut model, Key::Enter, at(5));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Fill(vec![
            None,
            Some(display_order(&shuffle, 1, 3)[1])
        ]))
    );
    press(&mut model, Key::Left, at(6));
    typed(&mut model, "3", at(6));
    assert_eq!(
        play(&model).item().unwrap().response,
        Some(Response::Fill(vec![
            Some(display_order(&shuffle, 0, 3)[2]),
            Some(display_order(&shuffle, 1, 3)[1])
        ]))
    );
}

#[test]
fn flag_grid_jump_and_the_submit_dialog_counts_unanswered() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    typed(&mut model, "1f", at(1));
    assert!(play(&model).item().unwrap().flagged);
    assert!(draw(&model, 80, 24).contains("⚑ Flagged"));
    typed(&mut model, "g", at(2));
    let grid = draw(&model, 80, 24);
    assert!(
        grid.contains("1 answered · 6 unanswered · 1 flagged"),
        "{grid}"
    );
    assert!(grid.contains("›  1✓⚑"), "{grid}");
    press(&mut model, Key::Right, at(3));
    press(&mut model, Key::Right, at(3));
    press(&mut model, Key::Enter, at(3));
    assert_eq!(play(&model).session.current, 2);
    assert_eq!(play(&model).view, PlayView::Question);
    typed(&mut model, "s", at(4));
    assert!(draw(&model, 80, 24).contains("6 of 7 questions are unanswered"));
    typed(&mut model, "n", at(5));
    assert_eq!(model.overlay, None);
    assert!(matches!(model.screen, Screen::Play(_)));
}

#[test]
fn at_zero_the_attempt_is_submitted_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(60));
    typed(&mut model, "1", at(10));
    assert_eq!(model.next_tick(at(10)).unwrap().as_millis(), 1002);
    update(&mut model, Message::Tick, at(59));
    assert!(matches!(model.screen, Screen::Play(_)));
    assert!(draw(&model, 80, 24).contains("⏱ 00:01 left"));
    update(&mut model, Message::Tick, at(60));
    let Screen::Results(results) = &model.screen else {
        panic!("time up did not submit")
    };
    assert!(results.attempt.timed_out);
    assert_eq!(results.attempt.seconds_used, 60);
    assert!(results.attempt.items[0].response.is_some());
    assert!(draw(&model, 80, 24).contains("time ran out"));
}

#[test]
fn a_drill_reveals_each_answer_and_ends_with_results() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Drill, &[IDS[0], IDS[1]], None);
    let keys = right_keys(&model);
    typed(&mut model, &keys, at(1));
    assert!(play(&model).revealed());
    let screen = draw(&model, 80, 24);
    assert!(
        screen.contains("✓ Correct") && screen.contains("✓ 1  ✗ 0"),
        "{screen}"
    );
    assert!(screen.contains("untimed"));
    // Scroll down to the explanation.
    resize(&mut model, 80, 24, at(1));
    for _ in 0..10 {
        press(&mut model, Key::Down, at(2));
    }
    assert!(draw(&model, 80, 24).contains("Explanation"));
    // Answer keys do nothing once revealed; Enter moves on.
    typed(&mut model, "2", at(3));
    press(&mut model, Key::Enter, at(3));
    assert_eq!(play(&model).session.current, 1);
    // A wrong answer: pick the two wrong options.
    let right = right_keys(&model);
    let wrong: String = "1234".chars().filter(|c| !right.contains(*c)).collect();
    typed(&mut model, &wrong, at(4));
    // A multi-part answer waits to be checked, so a pick can still be taken back.
    assert!(!play(&model).revealed());
    assert!(draw(&model, 80, 24).contains("n check answer"));
    let first_wrong = wrong.chars().next().unwrap().to_string();
    typed(&mut model, &first_wrong, at(4));
    assert!(
        !play(&model).awaits_check(&model.bank),
        "one pick is missing again"
    );
    typed(&mut model, &first_wrong, at(4));
    typed(&mut model, "n", at(4));
    assert!(play(&model).revealed());
    assert!(draw(&model, 80, 24).contains("✗ Wrong"));
    assert_eq!(play(&model).tally(&model.bank), (1, 1));
    typed(&mut model, "n", at(5));
    let Screen::Results(results) = &model.screen else {
        panic!("drill did not end in results")
    };
    assert_eq!(results.attempt.mode, Mode::Drill);
    assert_eq!(results.attempt.scaled, 333);
}

#[test]
fn leaving_and_resuming_keeps_position_answers_shuffle_and_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    typed(&mut model, "1nn12", at(30));
    let before = play(&model).session.items.clone();
    typed(&mut model, "q", at(100));
    assert_eq!(model.overlay, Some(Overlay::ConfirmQuit));
    typed(&mut model, "y", at(100));
    assert!(matches!(model.screen, Screen::Home(_)));
    assert!(model.has_resumable);
    drop(model);

    // Next day, a new process: home offers Resume.
    let later = at(86_400);
    let mut model = home(dir.path());
    update(&mut model, Message::Tick, later);
    assert!(draw(&model, 80, 24).contains("Resume"));
    typed(&mut model, "4", later);
    let play = play(&model);
    assert_eq!(play.session.current, 2);
    assert_eq!(play.session.items.len(), before.len());
    for (a, b) in play.session.items.iter().zip(&before) {
        assert_eq!(
            (&a.question_id, &a.shuffle, &a.response),
            (&b.question_id, &b.shuffle, &b.response)
        );
    }
    assert_eq!(play.session.remaining(later).unwrap().num_seconds(), 1700);
}

#[test]
fn q_and_ctrl_c_ask_in_a_session_and_quit_from_home() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    press(&mut model, Key::Interrupt, at(1));
    assert_eq!(model.overlay, Some(Overlay::ConfirmQuit));
    assert!(draw(&model, 80, 24).contains("Your progress is saved"));
    press(&mut model, Key::Esc, at(1));
    assert_eq!(model.overlay, None);
    press(&mut model, Key::Interrupt, at(2));
    press(&mut model, Key::Interrupt, at(2));
    assert!(matches!(model.screen, Screen::Home(_)));
    assert_eq!(
        press(&mut model, Key::Char('q'), at(3)),
        Some(Command::Quit)
    );
}

#[test]
fn help_lists_the_screens_keys_and_any_key_closes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &[IDS[2]], Some(600));
    typed(&mut model, "?", at(1));
    let screen = draw(&model, 120, 40);
    assert!(screen.contains("move the item up/down"), "{screen}");
    assert!(screen.contains("scroll the question"));
    typed(&mut model, "x", at(1));
    assert_eq!(model.overlay, None);
    assert_eq!(
        play(&model).item().unwrap().response,
        None,
        "the closing key is not acted on"
    );
}

#[test]
fn home_starts_a_sprint_an_exam_and_a_drill_from_the_fixture_bank() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    typed(&mut model, "1", at(1));
    assert_eq!(play(&model).session.mode, Mode::Sprint);
    assert_eq!(play(&model).session.items.len(), 7);
    assert_eq!(play(&model).session.limit_seconds, Some(1800));
    typed(&mut model, "qy", at(2));
    // The sprint left unfinished: asked first, and both kept.
    typed(&mut model, "3", at(3));
    assert_eq!(model.overlay, Some(Overlay::Unfinished));
    let asked = draw(&model, 80, 24);
    assert!(asked.contains("Another session is unfinished"), "{asked}");
    assert!(asked.contains("Your sprint started"), "{asked}");
    typed(&mut model, "b", at(3));
    assert_eq!(play(&model).session.mode, Mode::Exam);
    typed(&mut model, "qy", at(4));
    // Drill: domain 3 (pipelines, row 7 under the four focused drills), then skill 2 of it.
    typed(&mut model, "2", at(5));
    assert!(draw(&model, 80, 24).contains("Drill: what to study next, or a domain"));
    typed(&mut model, "7", at(5));
    assert!(draw(&model, 80, 24).contains("All skills of this domain"));
    press(&mut model, Key::Esc, at(5));
    press(&mut model, Key::Enter, at(5));
    press(&mut model, Key::Enter, at(5));
    typed(&mut model, "b", at(5));
    let play = play(&model);
    assert_eq!(play.session.mode, Mode::Drill);
    assert_eq!(play.session.limit_seconds, None);
    assert!(
        play.session
            .items
            .iter()
            .all(|i| model.bank.question(&i.question_id).unwrap().domain == "pipelines")
    );
}

#[test]
fn results_lead_to_filtered_reviews_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    let keys = right_keys(&model);
    typed(&mut model, &keys, at(1));
    typed(&mut model, "nfsy", at(2));
    typed(&mut model, "w", at(3));
    let Screen::Review(review) = &model.screen else {
        panic!()
    };
    assert_eq!(review.list, (1..7).collect::<Vec<_>>());
    typed(&mut model, "q", at(3));
    assert!(matches!(model.screen, Screen::Results(_)));
    typed(&mut model, "f", at(3));
    let Screen::Review(review) = &model.screen else {
        panic!()
    };
    assert_eq!(review.list, vec![1]);
    typed(&mut model, "qr", at(3));
    let Screen::Review(review) = &model.screen else {
        panic!()
    };
    assert_eq!(review.list.len(), 7);
    typed(&mut model, "nnnnn", at(3));
    press(&mut model, Key::Tab, at(3));
    assert!(draw(&model, 80, 24).contains("Case study: Contoso Fixture"));
    press(&mut model, Key::Tab, at(3));
    typed(&mut model, "qq", at(3));
    assert!(matches!(model.screen, Screen::Home(_)));
    assert_eq!(model.history.len(), 1);
}

#[test]
fn escape_sequences_in_bank_text_are_drawn_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context(dir.path());
    ctx.bank.questions[0].edit(|d| d.stem = "Clear \x1b[2J the screen\x07?".into());
    let id = ctx.bank.questions[0].id.clone();
    let s =
        az400_sprint::session::Session::start(Mode::Sprint, &ctx.bank, &[id], Some(60), 1, t0());
    let claim = ctx.store.claim(&s.id).unwrap();
    let model = Model::new(
        ctx,
        az400_sprint::tui::Start::Session(s, claim),
        t0(),
        az400_sprint::tui::theme::Theme::plain(),
    );
    let screen = draw(&model, 80, 24);
    assert!(
        screen.contains("Clear \\u{1b}[2J the screen\\u{7}?"),
        "{screen}"
    );
    assert!(!screen.contains('\x1b'));
}

#[test]
fn a_session_started_in_is_saved_once_its_first_frame_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = context(dir.path());
    let store = ctx.store.clone();
    let s = session(Mode::Sprint, &IDS, Some(1800), t0());
    let claim = ctx.store.claim(&s.id).unwrap();
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Session(s.clone(), claim),
        t0(),
        az400_sprint::tui::theme::Theme::plain(),
    );
    // Nothing answered, nothing written before the first frame.
    assert!(store.sessions().sessions.is_empty());
    assert!(model.waits_for_a_frame());
    update(&mut model, Message::Estimate, t0());
    let saved = store.sessions().sessions;
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].session.id, s.id);
    assert!(!model.waits_for_a_frame());
}

#[test]
fn stats_pages_turn_with_tab_and_digits_scroll_within_bounds_and_q_goes_back() {
    use az400_sprint::tui::app::StatsPage;
    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    typed(&mut model, "4", t0());
    assert!(matches!(model.screen, Screen::Stats));
    assert_eq!(model.stats.page, StatsPage::Overview);
    assert_eq!(model.topics.len(), 86, "every outline topic is on the map");
    press(&mut model, Key::Tab, t0());
    assert_eq!(model.stats.page, StatsPage::Accuracy);
    // The accuracy page is longer than 24 rows: it scrolls, but not past the end the last
    // frame measured.
    resize(&mut model, 80, 24, t0());
    for _ in 0..100 {
        draw(&model, 80, 24);
        press(&mut model, Key::Down, t0());
    }
    let bottom = model.stats.scroll;
    assert!(bottom > 0 && bottom < 20, "{bottom}");
    assert!(draw(&model, 80, 24).contains("analysis"));
    typed(&mut model, "3", t0());
    assert_eq!(
        (model.stats.page, model.stats.scroll),
        (StatsPage::Topics, 0)
    );
    press(&mut model, Key::Left, t0());
    assert_eq!(model.stats.page, StatsPage::Accuracy);
    typed(&mut model, "q", t0());
    assert!(matches!(model.screen, Screen::Home(_)));
}

/// Plays a sprint over every fixture question `days` ago, answering the first ones with
/// `keys`, and submits it.
fn past_sprint(dir: &std::path::Path, days: i64, keys: &str) {
    let start = t0() - chrono::Duration::days(days);
    let ctx = context(dir);
    let s = session(Mode::Sprint, &IDS, Some(1800), start);
    let claim = ctx.store.claim(&s.id).unwrap();
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Session(s, claim),
        start,
        az400_sprint::tui::theme::Theme::plain(),
    );
    typed(&mut model, keys, start + chrono::Duration::seconds(60));
    typed(&mut model, "sy", start + chrono::Duration::seconds(300));
    assert!(matches!(model.screen, Screen::Results(_)));
}

#[test]
fn due_today_counts_only_questions_still_in_the_bank_like_the_drill() {
    let dir = tempfile::tempdir().unwrap();
    past_sprint(dir.path(), 2, "2n1n1234n1yn12");
    let due = az400_sprint::focus::due_in(&home(dir.path()).history, t0());
    let mut ctx = context(dir.path());
    assert!(due.len() > 1, "{due:?}");
    // The first question due has since left the bank.
    ctx.bank.questions.retain(|q| q.id != due[0]);
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Home,
        t0(),
        az400_sprint::tui::theme::Theme::plain(),
    );
    let left = &due[1..];
    assert_eq!(model.summary.due_for_review, left.len());
    let screen = draw(&model, 80, 24);
    assert!(
        screen.contains(&format!("Due today  {} question", left.len())),
        "{screen}"
    );
    typed(&mut model, "d", t0());
    let drawn: Vec<&String> = play(&model)
        .session
        .items
        .iter()
        .map(|i| &i.question_id)
        .collect();
    assert_eq!(drawn.len(), left.len());

    // A bank of one's own loaded after the first frame brings its questions due back.
    let mut ctx = context(dir.path());
    let full = ctx.bank.clone();
    ctx.bank.questions.retain(|q| q.id != due[0]);
    ctx.later_bank = Some(Box::new(move || (full, Vec::new())));
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Home,
        t0(),
        az400_sprint::tui::theme::Theme::plain(),
    );
    assert_eq!(model.summary.due_for_review, left.len());
    model.estimate();
    assert_eq!(model.summary.due_for_review, due.len());
}

#[test]
fn home_shows_what_is_due_today_and_d_drills_exactly_those() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    assert!(draw(&model, 80, 24).contains("Due today  nothing yet"));
    typed(&mut model, "d", t0());
    assert_eq!(
        model.status.as_deref(),
        Some("Nothing to drill: no question is due for review now.")
    );
    assert!(matches!(model.screen, Screen::Home(_)));

    // Two days after a sprint of misses, its answered questions are due.
    past_sprint(dir.path(), 2, "2n1n1234n1yn12");
    let mut model = home(dir.path());
    let due = az400_sprint::focus::due_in(&model.history, t0());
    assert!(!due.is_empty());
    assert_eq!(model.summary.due_for_review, due.len());
    let screen = draw(&model, 80, 24);
    assert!(
        screen.contains(&format!(
            "Due today  {} questions · press d to drill them",
            due.len()
        )),
        "{screen}"
    );
    typed(&mut model, "d", t0());
    let p = play(&model);
    assert_eq!(p.session.mode, Mode::Drill);
    let drawn: Vec<&String> = p.session.items.iter().map(|i| &i.question_id).collect();
    assert_eq!(drawn.len(), due.len());
    assert!(drawn.iter().all(|id| due.contains(id)), "{drawn:?}");
}

#[test]
fn b_bookmarks_for_good_and_n_writes_a_note_shown_in_drills_and_reviews() {
    use az400_sprint::marks::MarkStore;
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Drill, &[IDS[0], IDS[4]], None);
    let first = play(&model).session.items[0].question_id.clone();
    // `b` bookmarks (it no longer picks option 2) and shows it; a second `b` takes it off.
    typed(&mut model, "b", at(1));
    assert!(model.marks.is_bookmarked(&first));
    assert!(play(&model).session.items[0].response.is_none());
    assert!(draw(&model, 80, 24).contains("★ Bookmarked"));
    typed(&mut model, "bb", at(2));
    assert!(
        MarkStore::new(dir.path())
            .read()
            .marks
            .is_bookmarked(&first)
    );
    // `N` opens the editor; h/j/k/l and q are letters there; Backspace deletes; Enter saves.
    typed(&mut model, "N", at(3));
    assert_eq!(model.overlay, Some(Overlay::Note));
    typed(&mut model, "check hjkl qx", at(4));
    press(&mut model, Key::Delete, at(4));
    assert!(draw(&model, 80, 24).contains("Note on"));
    press(&mut model, Key::Enter, at(5));
    assert_eq!(model.overlay, None);
    assert_eq!(model.marks.note(&first), "check hjkl q");
    assert_eq!(
        MarkStore::new(dir.path()).read().marks.note(&first),
        "check hjkl q"
    );
    // Esc leaves the note as it was.
    typed(&mut model, "Nzzz", at(6));
    press(&mut model, Key::Esc, at(6));
    assert_eq!(model.marks.note(&first), "check hjkl q");
    // The drill's feedback shows the note.
    typed(&mut model, "1", at(7));
    assert!(play(&model).revealed());
    resize(&mut model, 120, 40, at(7));
    for _ in 0..30 {
        press(&mut model, Key::Down, at(7));
    }
    let screen = draw(&model, 120, 40);
    assert!(
        screen.contains("Your note (N edits)") && screen.contains("│ check hjkl q"),
        "{screen}"
    );
    // So does the review, which takes `b` too.
    typed(&mut model, "s", at(8));
    typed(&mut model, "y", at(9));
    typed(&mut model, "r", at(10));
    assert!(matches!(model.screen, Screen::Review(_)));
    for _ in 0..30 {
        press(&mut model, Key::Down, at(10));
    }
    let screen = draw(&model, 120, 40);
    assert!(screen.contains("★ Bookmarked"), "{screen}");
    assert!(screen.contains("│ check hjkl q"), "{screen}");
    typed(&mut model, "b", at(11));
    assert!(!model.marks.is_bookmarked(&first));
}

#[test]
fn the_note_editor_and_the_note_name_the_keys_that_save_cancel_and_edit() {
    use az400_sprint::tui::keymap::{Action, Keys};
    use az400_sprint::tui::keys;
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Drill, &[IDS[0], IDS[4]], None);
    let first = play(&model).session.items[0].question_id.clone();
    // As a config's `[keys]` gives them: `select = "e"`, `note = "W"`. The editor keeps
    // Enter and Esc (every letter is the note's), and its line says the keys it has.
    model.keys = Keys::new(&[
        (Action::Select, Key::Char('e')),
        (Action::Note, Key::Char('W')),
    ]);
    typed(&mut model, "W", at(1));
    assert_eq!(model.overlay, Some(Overlay::Note));
    let map = keys::keymap(&model);
    let save = map.key(Action::Select).unwrap();
    let cancel = map.key(Action::Back).unwrap();
    let screen = draw(&model, 80, 24);
    assert!(
        screen.contains(&format!(
            "{save} saves (empty removes it) · {cancel} leaves it"
        )),
        "{screen}"
    );
    // The keys it names do what it says: `e` is a letter of the note, Enter saves.
    typed(&mut model, "e", at(2));
    press(&mut model, Key::Enter, at(3));
    assert_eq!(model.overlay, None);
    assert_eq!(model.marks.note(&first), "e");
    // The note under the drill's feedback names the key that edits it: `W`, not `N`.
    typed(&mut model, "1", at(4));
    assert!(play(&model).revealed());
    resize(&mut model, 120, 40, at(4));
    for _ in 0..30 {
        press(&mut model, Key::Down, at(4));
    }
    let screen = draw(&model, 120, 40);
    assert!(screen.contains("Your note (W edits)"), "{screen}");
}

fn review_of(model: &Model) -> &az400_sprint::tui::app::Review {
    let Screen::Review(review) = &model.screen else {
        panic!("not in the review")
    };
    review
}

#[test]
fn the_review_jumps_by_number_and_grid_and_filters_bookmarked() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    // Bookmark questions 2 and 4 while answering nothing.
    typed(&mut model, "nbnnb", at(1));
    typed(&mut model, "sy", at(2));
    typed(&mut model, "r", at(3));
    // Typing a number shows it; Enter goes to that question of the attempt.
    typed(&mut model, "6", at(3));
    assert!(draw(&model, 80, 24).contains("Go to question: 6"));
    press(&mut model, Key::Enter, at(3));
    assert_eq!(review_of(&model).pos, 5);
    typed(&mut model, "12", at(3));
    press(&mut model, Key::Delete, at(3));
    press(&mut model, Key::Enter, at(3));
    assert_eq!(review_of(&model).pos, 0, "1 after deleting the 2");
    typed(&mut model, "9", at(3));
    press(&mut model, Key::Enter, at(3));
    assert_eq!(
        model.status.as_deref(),
        Some("No question 9: this attempt has 1 to 7.")
    );
    // The grid: move with arrows, open with Enter.
    typed(&mut model, "g", at(4));
    assert!(matches!(review_of(&model).view, ReviewView::Grid(_)));
    assert!(draw(&model, 80, 24).contains("Review grid (all)"));
    typed(&mut model, "ll", at(4));
    press(&mut model, Key::Enter, at(4));
    assert_eq!(
        (review_of(&model).pos, review_of(&model).view),
        (2, ReviewView::Page)
    );
    // Back on the results, b reviews the bookmarked questions only.
    typed(&mut model, "q", at(5));
    typed(&mut model, "b", at(5));
    assert_eq!(review_of(&model).list, vec![1, 3]);
    assert_eq!(review_of(&model).filter, "bookmarked only");
    typed(&mut model, "3", at(5));
    press(&mut model, Key::Enter, at(5));
    assert!(
        model
            .status
            .as_deref()
            .is_some_and(|s| s.starts_with("Question 3 is not in this review")),
        "{:?}",
        model.status
    );
    typed(&mut model, "4", at(5));
    press(&mut model, Key::Enter, at(5));
    assert_eq!(review_of(&model).pos, 1);
}

#[test]
fn the_drill_picker_offers_missed_flagged_and_bookmarked_drills_with_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    // A sprint: question 1 right and flagged, 2 wrong, the rest unanswered; 7 bookmarked.
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    let right = right_keys(&model);
    typed(&mut model, &right, at(1));
    typed(&mut model, "fn", at(1));
    let right = right_keys(&model);
    let wrong: String = "1234"
        .chars()
        .filter(|c| !right.contains(*c))
        .take(2)
        .collect();
    typed(&mut model, &wrong, at(1));
    typed(&mut model, "nnnnnb", at(1));
    typed(&mut model, "sy", at(2));
    typed(&mut model, "q", at(2));
    typed(&mut model, "2", at(3));
    let screen = draw(&model, 80, 24);
    for (row, count) in [
        ("2 Questions missed in the last 5 attempts", 1),
        ("3 Flagged questions not answered right since", 1),
        ("4 Bookmarked questions", 1),
    ] {
        let line = screen.lines().find(|l| l.contains(row)).unwrap();
        assert!(line.contains(&format!(" {count} ")), "{line}");
    }
    // Missed: the one wrong answer, alone.
    typed(&mut model, "2", at(4));
    let drawn: Vec<String> = play(&model)
        .session
        .items
        .iter()
        .map(|i| i.question_id.clone())
        .collect();
    assert_eq!(drawn, vec![IDS[1].to_string()]);
    typed(&mut model, "qy", at(5));
    // Due: nothing yet, said so, nothing started.
    typed(&mut model, "21", at(6));
    assert_eq!(
        model.status.as_deref(),
        Some("Nothing to drill: no question is due for review now.")
    );
}

#[test]
fn o_opens_the_references_in_drill_feedback_and_in_review() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Drill, &[IDS[0], IDS[1]], None);
    let references = model.bank.question(IDS[0]).unwrap().references().to_vec();
    assert_eq!(
        press(&mut model, Key::Char('o'), at(1)),
        None,
        "not before the answer"
    );
    let keys = right_keys(&model);
    typed(&mut model, &keys, at(1));
    assert!(play(&model).revealed());
    assert_eq!(
        press(&mut model, Key::Char('o'), at(2)),
        Some(Command::Open(references.clone()))
    );

    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS[..1], Some(1800));
    typed(&mut model, "1syr", at(5));
    assert!(matches!(model.screen, Screen::Review(_)));
    assert_eq!(
        press(&mut model, Key::Char('o'), at(6)),
        Some(Command::Open(references))
    );
}

#[cfg(unix)]
#[test]
fn a_reference_opens_with_the_browser_command_given() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened");
    let script = dir.path().join("browser");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let url = "https://learn.microsoft.com/azure/devops/pipelines/";
    az400_sprint::tui::links::open_with(&script.into_os_string(), url).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !opened.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The script may still be writing: wait for its whole line.
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        text = std::fs::read_to_string(&opened).unwrap_or_default();
        if text == url {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(text, url);
}

#[test]
fn readiness_is_estimated_after_the_first_frame_with_a_placeholder_until_then() {
    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    let first = draw(&model, 120, 40);
    assert!(
        first.contains("Readiness") && first.contains("estimating…"),
        "{first}"
    );
    assert!(!first.contains("not enough data"), "{first}");
    update(&mut model, Message::Estimate, t0());
    let settled = draw(&model, 120, 40);
    assert!(settled.contains("not enough data yet"), "{settled}");
    assert!(!settled.contains("estimating"), "{settled}");
    // After an attempt, home says "estimating…" again until the new estimate is made.
    typed(&mut model, "1", t0());
    typed(&mut model, "syq", at(60));
    assert!(matches!(model.screen, Screen::Home(_)));
    assert!(draw(&model, 120, 40).contains("estimating…"));
    update(&mut model, Message::Estimate, at(61));
    assert!(draw(&model, 120, 40).contains("not enough data yet"));
}

#[test]
fn a_key_moved_in_the_config_changes_what_it_does_and_what_the_hints_say() {
    use az400_sprint::config::KeyBinding;
    use az400_sprint::tui::keymap::Keys;
    // As the config file's `[keys]` section reads them.
    let moved: Vec<(_, _)> = [
        KeyBinding {
            action: "next",
            key: Key::Char('m'),
        },
        KeyBinding {
            action: "flag",
            key: Key::Char('n'),
        },
        KeyBinding {
            action: "submit",
            key: Key::Char('S'),
        },
    ]
    .iter()
    .filter_map(|b| Some((b.app_action()?, b.key)))
    .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context(dir.path());
    ctx.keys = Keys::new(&moved);
    let s = session(Mode::Sprint, &IDS, Some(1800), t0());
    let claim = ctx.store.claim(&s.id).unwrap();
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Session(s, claim),
        t0(),
        az400_sprint::tui::theme::Theme::plain(),
    );
    let footer = draw(&model, 120, 40);
    assert!(footer.contains(" m/p next/prev "), "{footer}");
    assert!(footer.contains(" n flag "), "{footer}");
    assert!(!footer.contains(" f flag "), "{footer}");
    // `m` moves on; `n` flags now; `f` no longer flags.
    typed(&mut model, "m", at(1));
    assert_eq!(play(&model).session.current, 1);
    typed(&mut model, "f", at(2));
    assert!(!play(&model).session.items[1].flagged);
    typed(&mut model, "n", at(3));
    assert!(play(&model).session.items[1].flagged);
    assert_eq!(play(&model).session.current, 1);
    // The help lists the moved keys too.
    typed(&mut model, "?", at(4));
    let help = draw(&model, 120, 40);
    assert!(help.contains("m/p  next/prev"), "{help}");
    assert!(help.contains("n  flag"), "{help}");
    // Sentences that name a key name the moved one: the grid's, and the last question's.
    typed(&mut model, "x", at(5));
    typed(&mut model, "g", at(5));
    assert!(draw(&model, 120, 40).contains("S submits"));
    typed(&mut model, "g", at(5));
    for _ in 0..IDS.len() {
        typed(&mut model, "m", at(6));
    }
    assert!(
        model
            .status
            .as_deref()
            .is_some_and(|s| s.ends_with("g for the review grid, S to submit.")),
        "{:?}",
        model.status
    );
}

#[test]
fn home_draws_before_the_banks_of_ones_own_are_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context(dir.path());
    let builtin = ctx.bank.questions.len();
    let mut added = ctx.bank.clone();
    let mut extra = added.questions[0].clone();
    extra.id = "from-my-bank".into();
    added.questions.push(extra);
    ctx.later_bank = Some(Box::new(move || {
        (
            added,
            vec!["skipped: mine.yaml:3:1: unknown field `stemm`".into()],
        )
    }));
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Home,
        t0(),
        az400_sprint::tui::theme::Theme::plain(),
    );
    // The first frame: the home menu, without the bank of one's own or its warnings yet.
    assert_eq!(model.bank.questions.len(), builtin);
    assert!(!draw(&model, 120, 40).contains("stemm"));
    // Once drawn, the event loop sends Estimate: the bank is loaded, its warning shown, and
    // readiness estimated on the whole bank.
    update(&mut model, Message::Estimate, t0());
    assert_eq!(model.bank.questions.len(), builtin + 1);
    assert!(model.bank.question("from-my-bank").is_some());
    let settled = draw(&model, 120, 40);
    assert!(settled.contains("unknown field `stemm`"), "{settled}");
    assert!(!model.summary.readiness.is_pending());
}
