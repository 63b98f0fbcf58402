//! Every screen, every question type and every element of bank text (table, code block,
//! list, link) drawn on a `TestBackend` at 80×24 and 120×40 (insta snapshots), and a property
//! test that drawing any screen at any size never panics.

mod tui_support;

use az400_sprint::attempt::Mode;
use az400_sprint::tui::app::Model;
use az400_sprint::tui::message::Key;
use az400_sprint::tui::theme::Theme;
use chrono::{DateTime, Utc};
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tempfile::TempDir;
use tui_support::*;

/// Plays a sprint over `ids` started at `start`, typing `keys`, and submits it.
fn history(dir: &TempDir, ids: &[&str], start: DateTime<Utc>, keys: &str) {
    let ctx = context(dir.path());
    let s = session(Mode::Sprint, ids, Some(1800), start);
    let claim = ctx.store.claim(&s.id).unwrap();
    let mut model = Model::new(
        ctx,
        az400_sprint::tui::Start::Session(s, claim),
        start,
        Theme::plain(),
    );
    typed(&mut model, keys, start + chrono::Duration::seconds(60));
    typed(&mut model, "sy", start + chrono::Duration::seconds(300));
}

type State = (&'static str, Model, TempDir);

/// A one-question sprint over the first fixture question with another stem.
fn with_stem(stem: &str) -> (Model, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut ctx = context(dir.path());
    ctx.bank.questions[0].edit(|d| d.stem = stem.into());
    let id = ctx.bank.questions[0].id.clone();
    let s =
        az400_sprint::session::Session::start(Mode::Sprint, &ctx.bank, &[id], Some(600), 7, t0());
    let claim = ctx.store.claim(&s.id).unwrap();
    let model = Model::new(
        ctx,
        az400_sprint::tui::Start::Session(s, claim),
        t0(),
        Theme::plain(),
    );
    (model, dir)
}

fn sprint(keys: &str, now: i64) -> (Model, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    typed(&mut model, keys, at(now));
    (model, dir)
}

/// The case-study question's scenario open (as drawn at 80x24), `keys` typed after.
fn case_search(keys: &str) -> (Model, TempDir) {
    let (mut model, dir) = sprint("nnnnn\t", 100);
    resize(&mut model, 80, 24, at(100));
    draw(&model, 80, 24);
    typed(&mut model, keys, at(100));
    (model, dir)
}

/// An exam over the fixture questions, at the dialog before its case study.
fn exam_at_case_study() -> (Model, TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Exam, &IDS, Some(1800));
    typed(&mut model, "nnnnn", at(100));
    (model, dir)
}

fn states() -> Vec<State> {
    let mut states: Vec<State> = Vec::new();
    // Each screen as it stands once the first frame is drawn and readiness estimated.
    let mut add = |name: &'static str, (mut model, dir): (Model, TempDir)| {
        model.estimate();
        states.push((name, model, dir));
    };

    let dir = tempfile::tempdir().unwrap();
    add("home_first_run", (home(dir.path()), dir));

    let dir = tempfile::tempdir().unwrap();
    history(&dir, &IDS, at(-86_400), "1n12n1234n1yn12");
    history(&dir, &IDS[..3], at(-3_600), "2");
    let mut ctx = context(dir.path());
    ctx.warnings = vec!["skipped: extra.yaml:3:1: unknown field `stemm`".into()];
    let model = Model::new(ctx, az400_sprint::tui::Start::Home, t0(), Theme::plain());
    add("home_with_history", (model, dir));

    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    typed(&mut model, "2", t0());
    add("drill_pick_domain", (model, dir));
    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    typed(&mut model, "27j", t0());
    add("drill_pick_skill", (model, dir));

    add("question_single", sprint("", 0));
    add("question_multiple", sprint("n2", 20));
    add("question_order", {
        let (mut model, dir) = sprint("nn31", 40);
        press(&mut model, Key::Right, at(41));
        (model, dir)
    });
    add("question_yesno", sprint("nnny", 60));
    add("question_fill", sprint("nnnn1", 80));
    add("question_case_study", sprint("nnnnn", 100));
    add("question_case_scenario", sprint("nnnnn\t", 100));
    add("question_case_search", case_search("/yaml\n"));
    add("question_case_search_typing", case_search("/contoso"));
    add("question_code_block", {
        let dir = tempfile::tempdir().unwrap();
        let mut ctx = context(dir.path());
        ctx.bank.questions[0].edit(|d| d.stem = "A **pipeline** must deploy only from `main`:\n\n```yaml\ntrigger:\n  branches:\n    include:\n      - main\nsteps:\n  - script: ./deploy.sh --slot staging --swap-after-warmup --timeout 600 --verbose\n```\n\nWhat is missing?".into());
        let id = ctx.bank.questions[0].id.clone();
        let s = az400_sprint::session::Session::start(
            Mode::Sprint,
            &ctx.bank,
            &[id],
            Some(600),
            7,
            t0(),
        );
        let claim = ctx.store.claim(&s.id).unwrap();
        let model = Model::new(
            ctx,
            az400_sprint::tui::Start::Session(s, claim),
            t0(),
            Theme::plain(),
        );
        (model, dir)
    });
    add(
        "question_table",
        with_stem(
            "Four incidents in November:\n\n| Incident | Detected | Restored | Notes |\n|---|--:|--:|---|\n| INC-1 | 09:00 | 09:30 | `api` pods restarted after a bad config rollout that nobody noticed for a while |\n| INC-2 | 14:10 | 15:40 | database failover |\n| INC-3 | 22:00 | 22:30 | **cache** flush |\n\nWhat is the MTTR?",
        ),
    );
    add(
        "question_list_and_link",
        with_stem(
            "The team's release checklist:\n\n1. Build once and\n   promote the same artifact:\n   - to *staging*\n   - then to `production`\n2. Record the change in the\n   release notes, see <https://learn.microsoft.com/azure/devops/pipelines/process/environments?view=azure-devops-and-a-very-long-tail>\n\nWhich step is missing?",
        ),
    );
    add("confirm_case_study", exam_at_case_study());
    add("question_last_minute", sprint("1f", 1750));
    add("question_help", sprint("nn?", 45));
    add("note_editor", sprint("bNswap with preview", 10));
    add("review_grid", sprint("1fn2nng", 120));
    add("confirm_submit", sprint("1ns", 130));
    add("confirm_quit", sprint("q", 130));
    add("results", sprint("1fn12n1234n1yn12sy", 600));
    add("review_single", sprint("1fn12n1234n1yn12syr", 600));
    add("review_multiple", sprint("1fn12n1234n1yn12syrn", 600));
    add("review_order", sprint("1fn12n1234n1yn12syrnn", 600));
    add("review_yesno", sprint("1fn12n1234n1yn12syrnnn", 600));
    add("review_fill", sprint("1fn12n1234n1yn12syrnnnn", 600));
    add(
        "review_case_scenario",
        sprint("1fn12n1234n1yn12syrnnnnn\t", 600),
    );
    add("review_nothing_flagged", sprint("syf", 600));
    add(
        "review_answers_grid",
        sprint("1fn12n1234nbn1yn12syrgl", 600),
    );
    add("review_go_to", sprint("1fn12n1234n1yn12syr12", 600));

    let dir = tempfile::tempdir().unwrap();
    let mut model = playing(dir.path(), Mode::Drill, &[IDS[4], IDS[0]], None);
    typed(&mut model, "12n", at(30));
    add("drill_revealed", (model, dir));

    let dir = tempfile::tempdir().unwrap();
    let mut model = home(dir.path());
    typed(&mut model, "4", t0());
    add("stats_first_run", (model, dir));

    let dir = tempfile::tempdir().unwrap();
    history(&dir, &IDS, at(-3 * 86_400), "1");
    history(&dir, &IDS, at(-2 * 86_400), "1n12n1234");
    history(&dir, &IDS, at(-86_400), "1n12n1234n1yn12n1n2");
    let mut model = home(dir.path());
    typed(&mut model, "5", t0());
    add("stats_with_history", (model, dir));

    for (name, keys) in [("stats_accuracy", "52"), ("stats_topics", "53")] {
        let dir = tempfile::tempdir().unwrap();
        history(&dir, &IDS, at(-2 * 86_400), "1n12n1234");
        history(&dir, &IDS, at(-86_400), "1n12n1234n1yn12n1n2");
        let mut model = home(dir.path());
        typed(&mut model, keys, t0());
        add(name, (model, dir));
    }
    states
}

#[test]
fn every_screen_at_80x24_and_120x40() {
    let states = states();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, model, _dir) in &states {
            insta::assert_snapshot!(format!("{name}_80x24"), draw(model, 80, 24));
            insta::assert_snapshot!(format!("{name}_120x40"), draw(model, 120, 40));
        }
        let (_, model, _) = &states[0];
        insta::assert_snapshot!("too_small_79x24", draw(model, 79, 24));
    });
}

/// From 160 columns a case-study question has its scenario beside it: unfocused, focused
/// after Tab, searched, and in the review.
#[test]
fn case_studies_side_by_side_at_200x50() {
    let wide = |keys: &str, now: i64| {
        let (mut model, dir) = sprint("", now);
        resize(&mut model, 200, 50, at(now));
        draw(&model, 200, 50);
        for part in keys.split('|') {
            typed(&mut model, part, at(now));
            draw(&model, 200, 50);
        }
        (model, dir)
    };
    let states = [
        ("confirm_case_study", exam_at_case_study()),
        ("question_case_study", wide("nnnnn", 100)),
        ("question_case_scenario", wide("nnnnn\t2", 100)),
        ("question_case_search", wide("nnnnn\t|/approvals\n", 100)),
        (
            "review_case_scenario",
            wide("1fn12n1234n1yn12syrnnnnn\t3", 600),
        ),
    ];
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, (model, _dir)) in &states {
            insta::assert_snapshot!(format!("{name}_200x50"), draw(model, 200, 50));
        }
    });
}

/// The case-study dialog's text is word-wrapped to the dialog: no line breaks early where
/// the next word would still fit, nothing is cut off, and its keys are shown.
#[test]
fn the_case_study_dialog_wraps_its_text_to_its_width() {
    let (model, _dir) = exam_at_case_study();
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        let screen = draw(&model, w, h);
        let rows: Vec<Vec<char>> = screen.lines().map(|r| r.chars().collect()).collect();
        let top = rows
            .iter()
            .position(|r| String::from_iter(r).contains("Case study:"))
            .unwrap_or_else(|| panic!("no dialog at {w}x{h}:\n{screen}"));
        let left = rows[top].iter().position(|c| *c == '┌').unwrap();
        let inner: Vec<String> = rows[top + 1..]
            .iter()
            .take_while(|r| r[left] != '└')
            .map(|r| r[left + 1..].iter().take_while(|c| **c != '│').collect())
            .collect();
        let room = inner[0].chars().count();
        let text: Vec<&str> = inner.iter().map(|l| l.trim_end()).collect();
        assert!(
            text.iter().any(|l| l.contains("start the case study")),
            "keys missing at {w}x{h}:\n{screen}"
        );
        let joined = text
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            joined.contains("once you start it, you cannot return to the questions before it."),
            "text lost at {w}x{h}:\n{screen}"
        );
        for pair in text.windows(2) {
            let (line, next) = (pair[0], pair[1]);
            let word = next.split_whitespace().next().unwrap_or("");
            let ends_paragraph = line.is_empty() || line.ends_with('.') || line.ends_with(')');
            assert!(
                ends_paragraph || line.chars().count() + 1 + word.chars().count() > room,
                "{line:?} breaks before {word:?} at {w}x{h}:\n{screen}"
            );
        }
    }
}

#[test]
fn drawing_never_panics_at_any_size() {
    let states = states();
    for (name, model, _) in &states {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (0, 30),
            (30, 0),
            (79, 24),
            (80, 23),
            (80, 24),
            (250, 80),
        ] {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render_into_buffer(model, w, h)
            }));
            assert!(result.is_ok(), "{name} panicked at {w}x{h}");
        }
    }
    let mut runner = TestRunner::new(Config {
        cases: 64,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(0..states.len(), 0u16..=250, 0u16..=80), |(i, w, h)| {
            render_into_buffer(&states[i].1, w, h);
            Ok(())
        })
        .unwrap();
}

#[test]
fn no_color_draws_without_colours_and_colour_with() {
    let (mut model, _dir) = sprint("1fn2", 1790);
    let colours = |model: &Model| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| f.render_widget(model, f.area())).unwrap();
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    };
    assert_eq!(colours(&model), 0);
    model.theme = Theme::new(az400_sprint::config::ThemeName::Dark, true);
    assert!(colours(&model) > 0);
}
