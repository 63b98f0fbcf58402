//! Every built-in question drawn as a user meets it: unanswered, as drill feedback and in the
//! review, at 80×24, 100×30 and 200×50, scrolled from top to bottom. Nothing of the Markdown's
//! syntax may show (no `{{n}}`, no table rule, no backtick), no URL may be split across lines,
//! each fill slot is in view when it has the focus, and no line may be wider than its column
//! (the screens assert that while drawing).

mod tui_support;

use std::collections::BTreeSet;

use az400_sprint::attempt::Mode;
use az400_sprint::bank::doc::Doc;
use az400_sprint::bank::{self, Bank, Body, Question};
use az400_sprint::history::Store;
use az400_sprint::response::Response;
use az400_sprint::session::Session;
use az400_sprint::tui::app::{Model, Review, Screen, update};
use az400_sprint::tui::message::{Key, Message};
use az400_sprint::tui::play::Play;
use az400_sprint::tui::theme::Theme;
use az400_sprint::tui::{Context, Start};
use chrono::FixedOffset;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use tui_support::t0;

/// A terminal's width and height.
type Size = (u16, u16);

/// The right answer to a question.
fn right(body: &Body) -> Response {
    match body {
        Body::Single { options } | Body::Multiple { options } => {
            Response::Choices((0..options.len()).filter(|i| options[*i].correct).collect())
        }
        Body::Order { steps, .. } => Response::Order((0..steps.len()).collect()),
        Body::YesNo { statements } => {
            Response::YesNo(statements.iter().map(|s| Some(s.answer)).collect())
        }
        Body::Fill { slots, .. } => Response::Fill(slots.iter().map(|s| Some(s.answer)).collect()),
    }
}

/// What a question may show verbatim: its URLs, and the words of its code that hold a
/// backtick.
struct Known {
    urls: BTreeSet<String>,
    code_words: BTreeSet<String>,
}

/// Every URL a question holds (its references and any written in its text or its case
/// study's scenario), and every word with a backtick inside its code (code blocks, inline
/// code, the fill template).
fn known(bank: &Bank, question: &Question) -> Known {
    let mut text = serde_json::to_value(question).unwrap();
    if let Some(case) = question
        .case_study
        .as_deref()
        .and_then(|id| bank.case_study(id))
    {
        text = serde_json::json!([text, serde_json::to_value(case).unwrap()]);
    }
    let mut sources = Vec::new();
    strings(&text, &mut sources);
    let mut urls: BTreeSet<String> = question.references().iter().cloned().collect();
    let mut code = Vec::new();
    for source in &sources {
        for (at, _) in source.match_indices("https://") {
            let url: String = source[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"\"`'<>){\\".contains(*c))
                .collect();
            urls.insert(url.trim_end_matches(['.', ',', ';', ':']).to_string());
        }
        let doc = serde_json::to_value(Doc::parse(source)).unwrap();
        code_of(&doc, &mut code);
    }
    if let Body::Fill { template, .. } = &question.body() {
        code.push(template.source().to_string());
    }
    let code_words = code
        .iter()
        .flat_map(|c| c.split_whitespace())
        .filter(|w| w.contains('`'))
        .map(str::to_string)
        .collect();
    Known { urls, code_words }
}

/// Every string inside a JSON value.
fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(fields) => fields.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The text of every inline code and code block in a parsed document (as JSON).
fn code_of(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| code_of(v, out)),
        serde_json::Value::Object(fields) => {
            if let Some(code) = fields.get("Code") {
                strings(code, out);
            } else {
                fields.values().for_each(|v| code_of(v, out));
            }
        }
        _ => {}
    }
}

/// The screen as rows of text, drawn straight into a buffer as a terminal's frame would be.
fn frame(model: &Model, width: u16, height: u16) -> Vec<String> {
    let area = Rect::new(0, 0, width, height);
    let mut buffer = Buffer::empty(area);
    model.render(area, &mut buffer);
    buffer
        .content
        .chunks(usize::from(width))
        .map(|row| {
            let mut text = String::with_capacity(row.len());
            for cell in row {
                text.push_str(cell.symbol());
            }
            text
        })
        .collect()
}

/// A bank of just this question and its case study, so that starting a session does not
/// fingerprint the whole bank each time.
fn alone(bank: &Bank, question: &Question) -> Bank {
    Bank::new(
        bank.blueprint.clone(),
        vec![question.clone()],
        question
            .case_study
            .as_deref()
            .and_then(|id| bank.case_study(id))
            .into_iter()
            .cloned()
            .collect(),
    )
}

/// Checks one screen for anything of the source's syntax and for split URLs.
fn check(rows: &[String], question: &Question, known: &Known, what: &str) {
    let context = || format!("{} ({what}):\n{}", question.id, rows.join("\n"));
    for (n, row) in rows.iter().enumerate() {
        // A code line that goes on behind `↪` may carry a URL on with it, visibly (on the
        // next row, or below the frame's bottom edge, where ▼ says more follows).
        let continued = rows.get(n + 1).is_some_and(|next| {
            let next = next.trim_start_matches(['│', ' ']);
            next.starts_with('↪') || next.starts_with('└')
        });
        let mut rest = row.as_str();
        while let Some(at) = rest.find("{{") {
            let after = &rest[at + 2..];
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            assert!(
                digits == 0 || !after[digits..].starts_with("}}"),
                "a raw slot in {}",
                context()
            );
            rest = after;
        }
        // Code keeps the backticks it holds (a PowerShell line continuation, a fence written
        // as inline code); no other backtick may show.
        if row.contains('`') {
            let mut prose = row.clone();
            for word in &known.code_words {
                prose = prose.replace(word.as_str(), "");
            }
            assert!(!prose.contains('`'), "a backtick in {}", context());
        }
        if row.contains('|') {
            let compact: String = row.chars().filter(|c| *c != ' ').collect();
            assert!(
                !compact.contains("|---") && !compact.contains("|:--") && !compact.contains("--|"),
                "a raw table rule in {}",
                context()
            );
        }
        for (at, _) in row.match_indices("https://") {
            let token: String = row[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !"│▸[".contains(*c))
                .collect();
            let token = token.trim_end_matches(['.', ',', ';', ':', ')', ']', '"', '\'']);
            assert!(
                continued || token.contains('…') || known.urls.contains(token),
                "URL `{token}` is split or unknown in {}",
                context()
            );
        }
    }
}

/// Draws the model at `w`×`h`, scrolling down a page at a time to the end, checking each
/// screen. (Each view checked next starts at its own top: a new screen, the feedback once
/// revealed, the scenario's own scroll.)
fn check_pages(model: &mut Model, question: &Question, known: &Known, what: &str, (w, h): Size) {
    update(model, Message::Resize(w, h), t0());
    let mut previous = Vec::new();
    for _ in 0..40 {
        let rows = frame(model, w, h);
        check(&rows, question, known, &format!("{what} at {w}x{h}"));
        // The scroll indicator says whether more is below.
        if !rows.iter().any(|r| r.contains("▼ ")) {
            break;
        }
        assert_ne!(
            rows, previous,
            "{} ({what} at {w}x{h}): ▼ says more is below but PgDn does not move",
            question.id
        );
        previous = rows;
        update(model, Message::Key(Key::PageDown), t0());
    }
}

fn model(bank: &Bank, dir: &std::path::Path) -> Model {
    let context = Context {
        bank: bank.clone(),
        store: Store::open(dir).unwrap(),
        offset: FixedOffset::east_opt(0).unwrap(),
        warnings: Vec::new(),
        sizes: az400_sprint::practice::Sizes::default(),
        history: None,
        later_bank: None,
        keys: az400_sprint::tui::keymap::Keys::default(),
    };
    Model::new(context, Start::Home, t0(), Theme::plain())
}

/// Every built-in question at one size: unanswered (each fill slot focused in turn, the
/// case-study scenario), as drill feedback, and in the review of an unanswered attempt.
fn every_question_at(size: Size) {
    let (w, h) = size;
    let bank = bank::builtin();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut model = model(&bank, dir.path());
    for question in &bank.questions {
        let known = known(&bank, question);
        let one = alone(&bank, question);
        let ids = vec![question.id.clone()];
        let session = Session::start(Mode::Drill, &one, &ids, None, 7, t0());
        let claim = store.claim(&session.id).unwrap();
        model.screen = Screen::Play(Box::new(Play::new(session, claim)));
        check_pages(&mut model, question, &known, "unanswered", size);
        if let Body::Fill { slots, .. } = &question.body() {
            for slot in 1..=slots.len() {
                let rows = frame(&model, w, h).join("\n");
                assert!(
                    rows.contains(&format!("▸[{slot}:")),
                    "{}: slot {slot} not in view at {w}x{h}:\n{rows}",
                    question.id
                );
                update(&mut model, Message::Key(Key::Right), t0());
            }
        }
        if let Some(case) = question
            .case_study
            .as_deref()
            .and_then(|id| bank.case_study(id))
        {
            // Each section of the scenario, on its tab.
            update(&mut model, Message::Key(Key::Tab), t0());
            for (n, section) in case.scenario.iter().enumerate() {
                let digit = char::from_digit(u32::try_from(n + 1).unwrap(), 10).unwrap();
                update(&mut model, Message::Key(Key::Char(digit)), t0());
                let what = format!("scenario section {}", section.heading);
                check_pages(&mut model, question, &known, &what, size);
            }
            update(&mut model, Message::Key(Key::Tab), t0());
        }
        let Screen::Play(play) = &mut model.screen else {
            panic!("not playing")
        };
        play.session
            .answer(question, right(question.body()), t0())
            .unwrap();
        play.session.reveal(t0()).unwrap();
        // As the app does when it reveals an answer: the feedback starts at its top.
        play.scroll = 0;
        check_pages(&mut model, question, &known, "feedback", size);

        // The review of an attempt left unanswered shows every part's right answer.
        let attempt =
            Session::start(Mode::Sprint, &one, &ids, Some(600), 7, t0()).finish(&one, t0());
        model.screen = Screen::Review(Review::new(attempt, false, false));
        check_pages(&mut model, question, &known, "review", size);
    }
}

// One test per size, so that the harness draws them in parallel.

#[test]
fn every_builtin_question_reads_well_at_80x24() {
    every_question_at((80, 24));
}

#[test]
fn every_builtin_question_reads_well_at_100x30() {
    every_question_at((100, 30));
}

#[test]
fn every_builtin_question_reads_well_at_200x50() {
    every_question_at((200, 50));
}
